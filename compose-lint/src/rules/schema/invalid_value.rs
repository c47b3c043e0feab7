use crate::compose::schema::SchemaProblemKind;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports values of the right type that the specification does not
    /// allow: a value outside a fixed set (`restart: alwys`), a duration
    /// without a unit (`interval: 30`), a malformed port mapping
    /// (`"99999:80"`), size (`512 megabytes`), subnet or IP address, a
    /// number out of range, or a list that repeats an entry. Short forms
    /// Compose cannot decode are values too: an `extra_hosts` entry with no
    /// IP (`- somehost`), a list-form `environment` or `build.args` entry
    /// whose name ends with a space (`- "FOO =bar"`), and a `devices` entry
    /// of more than three `:`-separated parts.
    ///
    /// The check runs after interpolation, as Compose's does, so a value
    /// built from variables is checked as Compose will see it.
    ///
    /// ## Why is this bad?
    /// Compose refuses to load the file, or the engine refuses to create the
    /// container when the stack starts.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     restart: alwys
    ///     healthcheck:
    ///       test: ["CMD-SHELL", "curl -f http://localhost || exit 1"]
    ///       interval: 1m30
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     restart: always
    ///     healthcheck:
    ///       test: ["CMD-SHELL", "curl -f http://localhost || exit 1"]
    ///       interval: 1m30s
    /// ```
    pub(crate) struct InvalidValue {
        name: "invalid-value",
        family: Schema,
        severity: Error,
        summary: "a value the Compose Specification does not allow",
        fixable: true,
    }
}

impl Rule for InvalidValue {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        super::report(
            project,
            cx,
            SchemaProblemKind::InvalidValue,
            "not allowed here",
        );
    }
}
