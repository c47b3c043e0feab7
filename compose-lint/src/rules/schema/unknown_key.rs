use crate::compose::schema::SchemaProblemKind;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports keys the Compose Specification does not define at the place
    /// they are written, with the closest allowed key when one is near.
    ///
    /// ## Why is this bad?
    /// Compose refuses to load a file with an unknown key. A misspelt key
    /// such as `healtcheck` would otherwise mean the setting is silently
    /// missing, and a key one level too high (a network's `subnet` outside
    /// `ipam.config`) never takes effect.
    ///
    /// Keys starting with `x-` are extensions and are always allowed where
    /// the specification allows extensions.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     healtcheck:
    ///       test: ["CMD", "curl", "-f", "http://localhost"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     healthcheck:
    ///       test: ["CMD", "curl", "-f", "http://localhost"]
    /// ```
    pub(crate) struct UnknownKey {
        name: "unknown-key",
        family: Schema,
        severity: Error,
        summary: "a key the Compose Specification does not define here",
        fixable: true,
    }
}

impl Rule for UnknownKey {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        super::report(project, cx, SchemaProblemKind::UnknownKey, "unknown key");
    }
}
