use super::{Hints, uses_by_variable, with_other_uses};
use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `${VAR}` and `$VAR` whose variable is not set, in the
    /// environment or in the project's environment files, and that have no
    /// default: once per variable, at its first use, with the other uses
    /// as labels. When a template beside the project (`.env.example`,
    /// `.env.sample`, `.env.dist`…) or a service's `env_file` sets the
    /// variable, the finding says so. A `.env` that is a link to nothing is
    /// reported once by `env-link-broken` instead.
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
        let all = uses_by_variable(project, |problem| match problem {
            LoadProblem::VariableUnset { at, name } => Some((name.as_str(), at)),
            _ => None,
        });
        if all.is_empty() {
            return;
        }
        let hints = Hints::of(project, cx.stack());
        // A `.env` that links to nothing explains every unset variable:
        // `env-link-broken` says it once.
        if hints.env_link_broken() {
            return;
        }
        for uses in &all {
            let name = uses.name;
            let times = uses.times();
            let mut finding = Finding::new(
                uses.at[0].clone(),
                format!("variable `{name}` is not set and defaults to an empty string{times}"),
            )
            .primary_label("replaced by \"\"")
            .help(format!(
                "set `{name}` in `.env`, give a default with `${{{name}:-value}}`, or require it with `${{{name}:?message}}`"
            ));
            for note in hints.notes(name) {
                finding = finding.note(note);
            }
            cx.report(with_other_uses(finding, uses));
        }
    }
}
