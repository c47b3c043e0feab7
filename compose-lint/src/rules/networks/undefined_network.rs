use crate::compose::model::{self, services};
use crate::compose::schema::spelled_alike;
use crate::compose::value::Value;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a network a service joins that the top-level `networks`
    /// section does not define. The `default` network always exists. A file
    /// that looks like part of a larger project (no default name, with a
    /// default-named compose file beside it or up to two levels above) may
    /// join the networks that project defines, and is not reported.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project: `service "web" refers to undefined
    /// network front`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     networks:
    ///       - front
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     networks:
    ///       - front
    /// networks:
    ///   front: {}
    /// ```
    pub struct UndefinedNetwork {
        name: "undefined-network",
        family: Networks,
        severity: Error,
        summary: "a service joins a network the project does not define",
    }
}

impl Rule for UndefinedNetwork {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        // A file meant to be combined with a base file may join the base
        // file's networks.
        if model::is_partial(project) {
            return;
        }
        let defined = project
            .model()
            .and_then(|model| model.get("networks"))
            .and_then(Value::as_mapping);
        let defined_names: Vec<&str> = defined
            .map(|networks| networks.keys().map(String::as_str).collect())
            .unwrap_or_default();
        for service in services(project) {
            let Some(joined) = service.value.get("networks").and_then(Value::as_mapping) else {
                continue;
            };
            for name in joined.keys() {
                if name == "default" || defined_names.contains(&name.as_str()) {
                    continue;
                }
                let mut finding = Finding::new(
                    Location::model(service.pointer("services", &["networks", name]), Part::Key),
                    format!(
                        "service `{}` joins network `{name}`, which is not defined",
                        service.name
                    ),
                )
                .primary_label("not under the top-level `networks`");
                finding = match spelled_alike(name, &defined_names) {
                    Some(close) => finding.help(format!(
                        "did you mean `{close}`? Otherwise define `{name}` under the top-level `networks`"
                    )),
                    None => finding.help(format!(
                        "define `{name}` under the top-level `networks` (`external: true` for a network created outside the project)"
                    )),
                };
                cx.report(finding);
            }
        }
    }
}
