use crate::compose::schema::spelled_alike;
use crate::declare_rule;
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
    pub(crate) struct UndefinedNetwork {
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
        if crate::model::is_partial(project) {
            return;
        }
        let stack = cx.stack();
        let defined_names: Vec<&str> = stack.networks.iter().map(|n| n.name).collect();
        for service in &stack.services {
            for joined in &service.networks {
                let name = joined.network.value;
                if name == "default" || stack.network(name).is_some() {
                    continue;
                }
                let mut finding = Finding::new(
                    joined.network.key_location(),
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
