use crate::declare_rule;
use crate::rules::Rule;

declare_rule! {
    /// ## What it does
    /// Reports a rule name in a `# compose-lint: ignore[…]` comment when that
    /// rule reports nothing on the line the comment covers (or, for
    /// `ignore-file[…]`, nowhere in the file).
    ///
    /// A suppression for a rule the configuration turns off is not
    /// reported: it does nothing in this run, but may with another
    /// configuration. This rule can be turned off only in `compose-lint.toml`,
    /// never by a comment.
    ///
    /// ## Why is this bad?
    /// The problem the suppression silenced was fixed, or the comment sits on
    /// the wrong line. Either way it now silences nothing, and it would hide
    /// the problem if it came back on that line later, unseen.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27  # compose-lint: ignore[image-tag-floating] upstream pins it
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    pub(crate) struct UnusedSuppression {
        name: "unused-suppression",
        family: Suppressions,
        severity: Warning,
        summary: "a suppression comment names a rule that reports nothing there",
    }
}

/// Reported by the engine's suppression pass, after every other rule.
impl Rule for UnusedSuppression {}
