use crate::compose::schema::SchemaProblemKind;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports mappings without a key the specification requires in them,
    /// such as `extends` without `service` or a `develop.watch` entry
    /// without `action`.
    ///
    /// ## Why is this bad?
    /// Compose refuses to load the file.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     develop:
    ///       watch:
    ///         - path: ./
    ///           target: /usr/share/nginx/html
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     develop:
    ///       watch:
    ///         - path: ./
    ///           action: sync
    ///           target: /usr/share/nginx/html
    /// ```
    pub(crate) struct MissingKey {
        name: "missing-key",
        family: Schema,
        severity: Error,
        summary: "a mapping without a key the Compose Specification requires",
    }
}

impl Rule for MissingKey {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        super::report(
            project,
            cx,
            SchemaProblemKind::MissingKey,
            "missing a required key",
        );
    }
}
