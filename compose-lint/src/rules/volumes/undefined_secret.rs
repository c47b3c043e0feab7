use super::report_undefined;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a secret a service uses (`- name` or `- source: name`) that
    /// the top-level `secrets` section does not define. A file that looks
    /// like part of a larger project (no default name, with a default-named
    /// compose file beside it or up to two levels above) is not reported.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project: `service "db" refers to undefined secret
    /// …`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     secrets:
    ///       - db_password
    /// secrets:
    ///   db-password:
    ///     environment: DB_PASSWORD
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     secrets:
    ///       - db-password
    /// secrets:
    ///   db-password:
    ///     environment: DB_PASSWORD
    /// ```
    pub(crate) struct UndefinedSecret {
        name: "undefined-secret",
        family: Volumes,
        severity: Error,
        summary: "a service uses a secret the project does not define",
    }
}

impl Rule for UndefinedSecret {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        report_undefined(project, cx, "secrets", "secret");
    }
}
