use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports compose files that `include` themselves, directly or through
    /// other files, with the whole chain, at the `include` entry that closes
    /// it.
    ///
    /// ## Why is this bad?
    /// Compose refuses to load the project ("include cycle detected").
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// include:
    ///   - monitoring/compose.yaml
    /// services:
    ///   app:
    ///     image: example/app:2.1
    /// # file: monitoring/compose.yaml
    /// include:
    ///   - ../compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.0.0
    /// ```
    ///
    /// ## Use instead
    /// Include in one direction only:
    /// ```yaml
    /// # file: compose.yaml
    /// include:
    ///   - monitoring/compose.yaml
    /// services:
    ///   app:
    ///     image: example/app:2.1
    /// # file: monitoring/compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.0.0
    /// ```
    pub(crate) struct IncludeCycle {
        name: "include-cycle",
        family: Loading,
        severity: Error,
        summary: "compose files include each other in a cycle",
    }
}

impl Rule for IncludeCycle {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for problem in project.load_problems() {
            let LoadProblem::IncludeCycle { at, chain } = problem else {
                continue;
            };
            let names: Vec<String> = chain
                .iter()
                .map(|path| project.display_path(path))
                .collect();
            cx.report(
                Finding::new(
                    at.clone(),
                    format!("`include` forms a cycle: {}", names.join(" -> ")),
                )
                .primary_label("this closes the cycle")
                .help("remove this entry: a file must not include a file that includes it"),
            );
        }
    }
}
