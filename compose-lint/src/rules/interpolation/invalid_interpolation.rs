use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `${...}` expressions Compose cannot read: an unclosed `${`, an
    /// empty `${}`, a name with spaces, or an unknown operator such as
    /// `${VAR:default}`.
    ///
    /// ## Why is this bad?
    /// Compose refuses to load the whole project with "invalid
    /// interpolation format". Often the text was meant literally, as in a
    /// shell command or a Prometheus template, and needs `$$`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:${NGINX_VERSION:1.27}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:${NGINX_VERSION:-1.27}
    /// ```
    pub(crate) struct InvalidInterpolation {
        name: "invalid-interpolation",
        family: Interpolation,
        severity: Error,
        summary: "a `${...}` expression that Compose cannot read",
    }
}

impl Rule for InvalidInterpolation {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for problem in project.load_problems() {
            let LoadProblem::InvalidInterpolation { at, message } = problem else {
                continue;
            };
            cx.report(
                Finding::new(at.clone(), format!("invalid interpolation: {message}"))
                    .primary_label("Compose refuses this")
                    .help("the forms are `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `${VAR:+other}` and `${VAR+other}`; write `$$` for a literal `$`"),
            );
        }
    }
}
