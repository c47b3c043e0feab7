use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a service, network, volume, secret or config that a compose
    /// file defines and that a file it includes defines too, differently.
    ///
    /// ## Why is this bad?
    /// `include` is not an override: Compose refuses the project
    /// (`services.web conflicts with imported resource`), so that an
    /// included project's author can rely on what they wrote. The same
    /// definition in both is allowed.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// include:
    ///   - monitoring/compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     ports: ["127.0.0.1:9090:9090"]
    /// # file: monitoring/compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    /// ```
    ///
    /// ## Use instead
    /// Customise the included service with an override file listed in the
    /// `include` entry:
    /// ```yaml
    /// # file: compose.yaml
    /// include:
    ///   - path:
    ///       - monitoring/compose.yaml
    ///       - monitoring-override.yaml
    /// # file: monitoring/compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    /// # file: monitoring-override.yaml
    /// services:
    ///   prometheus:
    ///     ports: ["127.0.0.1:9090:9090"]
    /// ```
    pub(crate) struct IncludeConflict {
        name: "include-conflict",
        family: Loading,
        severity: Error,
        summary: "a resource defined both here and, differently, in an included file",
    }
}

impl Rule for IncludeConflict {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for problem in project.load_problems() {
            let LoadProblem::IncludeConflict {
                at,
                included,
                section,
                name,
            } = problem
            else {
                continue;
            };
            let noun = section.strip_suffix('s').unwrap_or(section);
            cx.report(
                Finding::new(
                    at.clone(),
                    format!("{noun} `{name}` is defined here and, differently, in an included file"),
                )
                .primary_label("defined here")
                .label(included.clone(), "and in the included file")
                .help(format!(
                    "rename one of them, or customise the included {noun} with an override file \
                     listed in the `include` entry (`path: [included.yaml, override.yaml]`)"
                ))
                .note(format!(
                    "Compose refuses the project: `{section}.{name} conflicts with imported resource`"
                )),
            );
        }
    }
}
