use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `${VAR:?message}` and `${VAR?message}` whose variable is
    /// missing: unset, or for `:?` also empty. The diagnostic points at the
    /// expression in the file that uses it.
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
        for problem in project.load_problems() {
            let LoadProblem::RequiredVariableMissing {
                at,
                name,
                message,
                set_but_empty,
            } = problem
            else {
                continue;
            };
            let state = if *set_but_empty { "empty" } else { "not set" };
            let mut finding =
                Finding::new(at.clone(), format!("required variable `{name}` is {state}"))
                    .primary_label(match message {
                        Some(message) => format!("Compose stops here: {message}"),
                        None => "Compose stops here".to_string(),
                    })
                    .help(format!(
                        "set `{name}` in the environment or in the project's `.env` file"
                    ));
            if *set_but_empty {
                finding = finding.note(format!(
                    "`:?` also refuses an empty value; `${{{name}?}}` accepts one"
                ));
            }
            cx.report(finding);
        }
    }
}
