use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports lines of an environment file (`.env`, `--env-file`, an
    /// `include`'s `env_file`, or a service's `env_file` inside the
    /// project) that Compose cannot read: an unterminated quote, a space
    /// inside a variable name, a character that cannot start a name. A
    /// service's `env_file` with `format: raw` is read as Docker reads raw
    /// files: only a name with a space, or a line with no name, is refused.
    ///
    /// ## Why is this bad?
    /// Compose stops loading the project at the first such line, so every
    /// variable the project uses is affected, not just the one on the line.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   web:
    ///     image: nginx:${TAG:-1.27}
    /// # file: .env
    /// GREETING="hello
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   web:
    ///     image: nginx:${TAG:-1.27}
    /// # file: .env
    /// GREETING="hello"
    /// ```
    pub(crate) struct DotenvSyntaxError {
        name: "dotenv-syntax-error",
        family: Interpolation,
        severity: Error,
        summary: "a line of an environment file that Compose cannot read",
    }
}

impl Rule for DotenvSyntaxError {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for problem in project.load_problems() {
            let LoadProblem::DotenvSyntax { at, message, help } = problem else {
                continue;
            };
            let mut finding = Finding::new(at.clone(), message.clone());
            if let Some(help) = help {
                finding = finding.help(help.clone());
            }
            cx.report(finding);
        }
    }
}
