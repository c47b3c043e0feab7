use crate::compose::value::Value;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a model a service uses (`models: [name]`, or `name:` in the
    /// long form) that the top-level `models` section does not define. A
    /// file that looks like part of a larger project (no default name, with
    /// a default-named compose file beside it or up to two levels above) is
    /// not reported.
    ///
    /// ## Why is this bad?
    /// Compose refuses to load the project: `service "app" refers to
    /// undefined model llm`. A misspelt name is the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.0
    ///     models: [llm]
    /// models:
    ///   smollm:
    ///     model: ai/smollm2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.0
    ///     models: [smollm]
    /// models:
    ///   smollm:
    ///     model: ai/smollm2
    /// ```
    pub(crate) struct UndefinedModel {
        name: "undefined-model",
        family: Volumes,
        severity: Error,
        summary: "a service uses a model the top-level `models` does not define",
    }
}

impl Rule for UndefinedModel {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if crate::model::is_partial(project) {
            return;
        }
        let Some(model) = project.model() else {
            return;
        };
        let defined: std::collections::HashSet<&str> = model
            .get("models")
            .and_then(Value::as_mapping)
            .map(|m| m.keys().map(|k| k.as_str()).collect())
            .unwrap_or_default();
        for service in &cx.stack().services {
            let Some(used) = service.node.get("models") else {
                continue;
            };
            // `[name]` names models by item; the long form by key.
            let names: Vec<(String, &str, Part)> = match (used.as_sequence(), used.as_mapping()) {
                (Some(items), _) => items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| Some((i.to_string(), item.as_str()?, Part::Value)))
                    .collect(),
                (_, Some(map)) => map
                    .keys()
                    .map(|k| (k.to_string(), k.as_str(), Part::Key))
                    .collect(),
                _ => continue,
            };
            for (segment, name, part) in names {
                if defined.contains(name) {
                    continue;
                }
                let pointer = service.element().pointer("services", &["models", &segment]);
                cx.report(
                    Finding::new(
                        Location::model(pointer, part),
                        format!(
                            "service `{}` uses model `{name}`, which is not defined",
                            service.name
                        ),
                    )
                    .primary_label("not under the top-level `models`")
                    .help(format!(
                        "define `{name}` under the top-level `models` (`model: ai/...`), or use a model defined there"
                    ))
                    .note(format!(
                        "Compose refuses the project: `service \"{}\" refers to undefined model {name}`",
                        service.name
                    )),
                );
            }
        }
    }
}
