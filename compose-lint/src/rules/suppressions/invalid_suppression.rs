use crate::declare_rule;
use crate::rules::Rule;

declare_rule! {
    /// ## What it does
    /// Reports a `# compose-lint:` comment that cannot silence anything: it
    /// names a rule that does not exist (with the closest rule name), names a
    /// family instead of a rule, names one of the rules about suppressions
    /// (which only the configuration turns off), or is not written as
    /// `ignore[rule-name]` or `ignore-file[rule-name]`.
    ///
    /// This rule can be turned off only in `compose-lint.toml`, never by a
    /// comment.
    ///
    /// ## Why is this bad?
    /// A misspelt suppression silences nothing, so the finding it was meant
    /// for is still reported, and the comment misleads every reader into
    /// thinking the line was reviewed.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx  # compose-lint: ignore[image-tag-floatin] tracked upstream
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx  # compose-lint: ignore[image-tag-floating] tracked upstream
    /// ```
    pub(crate) struct InvalidSuppression {
        name: "invalid-suppression",
        family: Suppressions,
        severity: Warning,
        summary: "a suppression comment names an unknown rule or is malformed",
    }
}

/// Reported by the engine's suppression pass, after every other rule.
impl Rule for InvalidSuppression {}
