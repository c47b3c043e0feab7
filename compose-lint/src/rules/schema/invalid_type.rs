use crate::compose::schema::SchemaProblemKind;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports values of the wrong type: a mapping where the specification
    /// wants a list, a string where it wants a number or a boolean, an
    /// empty value where it wants a mapping.
    ///
    /// ## Why is this bad?
    /// Compose refuses to load the file. The cause is often YAML itself:
    /// `yes` and `on` are strings in YAML 1.2, which Compose reads, and a
    /// missing `- ` turns a list into a mapping.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     ports:
    ///       http: "8080:80"
    ///     read_only: yes
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     ports:
    ///       - "8080:80"
    ///     read_only: true
    /// ```
    pub(crate) struct InvalidType {
        name: "invalid-type",
        family: Schema,
        severity: Error,
        summary: "a value of the wrong type for its key",
    }
}

impl Rule for InvalidType {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        super::report(project, cx, SchemaProblemKind::InvalidType, "wrong type");
    }
}
