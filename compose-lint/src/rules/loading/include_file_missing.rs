use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `include` entries (a compose file or an `env_file`) that
    /// cannot be read.
    ///
    /// ## Why is this bad?
    /// Compose refuses to load the project. Paths in `include` are relative
    /// to the directory of the including project, not to the current
    /// directory.
    ///
    /// ## Example
    /// ```yaml
    /// include:
    ///   - monitoring/compose.yaml
    /// services:
    ///   app:
    ///     image: example/app:2.1
    /// ```
    ///
    /// ## Use instead
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
    pub(crate) struct IncludeFileMissing {
        name: "include-file-missing",
        family: Loading,
        severity: Error,
        summary: "`include` names a file that cannot be read",
    }
}

impl Rule for IncludeFileMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for problem in project.load_problems() {
            let LoadProblem::IncludeFileMissing { at, reason, .. } = problem else {
                continue;
            };
            cx.report(
                Finding::new(at.clone(), format!("cannot include: {reason}"))
                    .primary_label("Compose cannot read this")
                    .help("paths in `include` are relative to the including project's directory"),
            );
        }
    }
}
