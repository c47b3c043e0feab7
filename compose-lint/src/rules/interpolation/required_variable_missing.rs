use super::{Hints, uses_by_variable, with_other_uses};
use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `${VAR:?message}` and `${VAR?message}` whose variable is
    /// missing: unset, or for `:?` also empty. Each variable is reported
    /// once, at its first use, with the other uses as labels. The finding
    /// says when a template beside the project (`.env.example`,
    /// `.env.sample`, `.env.dist`…) defines the variable (copy it to
    /// `.env`), when only a service's `env_file` sets it (which fills the
    /// container's environment, not `${}`), and when `.env` is a link to
    /// nothing.
    ///
    /// ## Why is this bad?
    /// The author marked the variable as required, and Compose refuses to
    /// load the project without it: `docker compose up` stops with the
    /// message. Finding it before a deploy saves a failed rollout.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     environment:
    ///       POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set a database password}
    /// ```
    ///
    /// ## Use instead
    /// Set the variable in the environment or in `.env` next to the compose
    /// file:
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     environment:
    ///       POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set a database password}
    /// # file: .env
    /// POSTGRES_PASSWORD=change-me
    /// ```
    pub(crate) struct RequiredVariableMissing {
        name: "required-variable-missing",
        family: Interpolation,
        severity: Error,
        summary: "a required variable (`${VAR:?message}`) is not set",
    }
}

impl Rule for RequiredVariableMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let all = uses_by_variable(project, |problem| match problem {
            LoadProblem::RequiredVariableMissing { at, name, .. } => Some((name.as_str(), at)),
            _ => None,
        });
        if all.is_empty() {
            return;
        }
        let hints = Hints::of(project, cx.stack());
        for uses in &all {
            let name = uses.name;
            // The first use's message and state.
            let Some((message, set_but_empty)) =
                project.load_problems().iter().find_map(|p| match p {
                    LoadProblem::RequiredVariableMissing {
                        name: n,
                        message,
                        set_but_empty,
                        ..
                    } if n == name => Some((message, *set_but_empty)),
                    _ => None,
                })
            else {
                continue;
            };
            let state = if set_but_empty { "empty" } else { "not set" };
            let times = uses.times();
            let mut finding = Finding::new(
                uses.at[0].clone(),
                format!("required variable `{name}` is {state}{times}"),
            )
            .primary_label(match message {
                Some(message) => format!("Compose stops here: {message}"),
                None => "Compose stops here".to_string(),
            })
            .help(format!(
                "set `{name}` in the environment or in the project's `.env` file"
            ));
            if set_but_empty {
                finding = finding.note(format!(
                    "`:?` also refuses an empty value; `${{{name}?}}` accepts one"
                ));
            }
            for note in hints.notes(name) {
                finding = finding.note(note);
            }
            cx.report(with_other_uses(finding, uses));
        }
    }
}
