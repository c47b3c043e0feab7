use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::location::Location;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a project `.env` that is a symbolic link to a file that does
    /// not exist. Compose skips it without a word, so every variable it
    /// would set is unset; this one finding stands for the
    /// `variable-unset` warnings that would follow.
    ///
    /// ## Why is this bad?
    /// A link to a file kept outside the repository (a secret store, a
    /// per-machine configuration) breaks on every other machine: the
    /// project is interpolated with empty values, and only variables
    /// written `${VAR:?message}` stop Compose.
    ///
    /// ## Example
    /// ```yaml
    /// # file: .env -> app.conf
    /// # file: compose.yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: .env
    /// TAG=1.27
    /// # file: compose.yaml
    /// services:
    ///   web:
    ///     image: nginx:${TAG}
    /// ```
    pub(crate) struct EnvLinkBroken {
        name: "env-link-broken",
        family: Interpolation,
        severity: Warning,
        summary: "the project's `.env` is a link to a file that does not exist",
    }
}

impl Rule for EnvLinkBroken {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for problem in project.load_problems() {
            let LoadProblem::EnvLinkBroken { path, target } = problem else {
                continue;
            };
            let shown = project.display_path(path);
            cx.report(
                Finding::new(
                    Location::Unread { path: path.clone() },
                    format!(
                        "`{shown}` is a link to `{}`, which does not exist",
                        target.display()
                    ),
                )
                .note("Compose skips it: none of the variables it would set are set")
                .help(format!(
                    "create `{}`, point `{shown}` at a file that exists, or replace the link with a file",
                    target.display()
                )),
            );
        }
    }
}
