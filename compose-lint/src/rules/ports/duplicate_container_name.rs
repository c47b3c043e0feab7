use std::collections::HashMap;

use crate::declare_rule;
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
    pub(crate) struct DuplicateContainerName {
        name: "duplicate-container-name",
        family: Ports,
        severity: Error,
        summary: "two services use the same `container_name`",
    }
}

impl Rule for DuplicateContainerName {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        let stack = cx.stack();
        let services = &stack.services;
        let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
        for (position, service) in services.iter().enumerate() {
            let Some(name) = &service.container_name else {
                continue;
            };
            let earlier = seen.entry(name.value).or_default();
            let first = earlier
                .iter()
                .copied()
                .find(|&other| stack.run_together(service, &services[other]));
            if let Some(first) = first {
                let first = &services[first];
                let Some(first_name) = &first.container_name else {
                    continue;
                };
                cx.report(
                    Finding::new(
                        name.location(),
                        format!(
                            "container name `{}` is already used by service `{}`",
                            name.value, first.name
                        ),
                    )
                    .label(first_name.location(), "first used here")
                    .help("give each service its own `container_name`, or remove it and let Compose name the containers"),
                );
            }
            earlier.push(position);
        }
    }
}
