use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `${VAR}` and `$VAR` whose variable is not set, in the
    /// environment or in the project's environment files, and that have no
    /// default.
    ///
    /// ## Why is this bad?
    /// Compose substitutes an empty string and only prints a warning, so
    /// `image: grafana/grafana:${GRAFANA_VERSION}` becomes the invalid
    /// `grafana/grafana:` and `- "${PORT}:80"` becomes `:80`. The resulting
    /// error, if there is one, is far from the cause.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   grafana:
    ///     image: grafana/grafana:${GRAFANA_VERSION}
    /// ```
    ///
    /// ## Use instead
    /// Give a default, or make the variable required with a message:
    /// ```yaml
    /// services:
    ///   grafana:
    ///     image: grafana/grafana:${GRAFANA_VERSION:-11.3.0}
    /// ```
    pub(crate) struct VariableUnset {
        name: "variable-unset",
        family: Interpolation,
        severity: Warning,
        summary: "a variable without a default is not set and becomes an empty string",
    }
}

impl Rule for VariableUnset {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for problem in project.load_problems() {
            let LoadProblem::VariableUnset { at, name } = problem else {
                continue;
            };
            cx.report(
                Finding::new(
                    at.clone(),
                    format!("variable `{name}` is not set and defaults to an empty string"),
                )
                .primary_label("replaced by \"\"")
                .help(format!(
                    "set `{name}` in `.env`, give a default with `${{{name}:-value}}`, or require it with `${{{name}:?message}}`"
                )),
            );
        }
    }
}
