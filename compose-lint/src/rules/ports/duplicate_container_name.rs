use std::collections::HashMap;

use crate::compose::model::services;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `container_name` that another service of the project
    /// already uses.
    ///
    /// ## Why is this bad?
    /// Container names are unique on a Docker host: the second service
    /// fails to start with `the container name ... is already in use`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     container_name: app
    ///   worker:
    ///     image: nginx:1.27
    ///     container_name: app
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     container_name: app-web
    ///   worker:
    ///     image: nginx:1.27
    ///     container_name: app-worker
    /// ```
    pub struct DuplicateContainerName {
        name: "duplicate-container-name",
        family: Ports,
        severity: Error,
        summary: "two services use the same `container_name`",
    }
}

impl Rule for DuplicateContainerName {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let services = services(project);
        let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
        for (position, service) in services.iter().enumerate() {
            let Some(name) = service
                .value
                .get("container_name")
                .and_then(|n| n.as_str())
                .filter(|n| !n.is_empty())
            else {
                continue;
            };
            let earlier = seen.entry(name).or_default();
            let first = earlier
                .iter()
                .copied()
                .find(|&other| super::can_run_together(service.value, services[other].value));
            if let Some(first) = first {
                let first = &services[first];
                cx.report(
                    Finding::new(
                        Location::model(
                            service.pointer("services", &["container_name"]),
                            Part::Value,
                        ),
                        format!(
                            "container name `{name}` is already used by service `{}`",
                            first.name
                        ),
                    )
                    .label(
                        Location::model(first.pointer("services", &["container_name"]), Part::Value),
                        "first used here",
                    )
                    .help("give each service its own `container_name`, or remove it and let Compose name the containers"),
                );
            }
            earlier.push(position);
        }
    }
}
