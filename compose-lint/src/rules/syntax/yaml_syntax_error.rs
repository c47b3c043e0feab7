use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};
use crate::yaml::YamlProblem;

declare_rule! {
    /// ## What it does
    /// Reports a file that is not valid YAML, or that uses YAML a
    /// configuration cannot be made of: tabs used for indentation, an
    /// unterminated quote, a recursive alias, a mapping used as a key, a merge
    /// key (`<<`) whose value is not a mapping, a control character such as
    /// NUL. Bytes that are not UTF-8 are `invalid-utf8`.
    ///
    /// ## Why is this bad?
    /// Compose refuses to load the file, so nothing in it takes effect. The
    /// error Compose prints often names a later line than the real mistake;
    /// this rule points at the character where parsing stopped.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: "nginx:1.27
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: "nginx:1.27"
    /// ```
    pub(crate) struct YamlSyntaxError {
        name: "yaml-syntax-error",
        family: Syntax,
        severity: Error,
        summary: "the file is not YAML that Compose can load",
    }
}

impl Rule for YamlSyntaxError {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        for problem in &file.yaml.problems {
            if let YamlProblem::Syntax {
                span,
                message,
                help,
            } = problem
            {
                let mut finding = Finding::new(Location::span(file.id, *span), message.clone());
                if let Some(help) = help {
                    finding = finding.help(*help);
                }
                cx.report(finding);
            }
        }
    }
}
