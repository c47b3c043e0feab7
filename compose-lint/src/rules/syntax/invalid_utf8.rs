use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};
use crate::yaml::YamlProblem;

declare_rule! {
    /// ## What it does
    /// Reports a linted file (a compose file, a `.env` file, a mounted
    /// Prometheus, Promtail, Alloy or Grafana configuration) that is not
    /// UTF-8 text, at its first bad byte, and says when the file looks
    /// binary. Nothing else in the file is checked.
    ///
    /// ## Why is this bad?
    /// Compose, Prometheus and Grafana read their files as UTF-8 and refuse
    /// anything else, usually with an error far from the cause. A file saved
    /// as Latin-1 or UTF-16 by an editor, or a binary file mounted where a
    /// configuration belongs, stops the stack.
    ///
    /// ## Example
    /// A compose file saved as Latin-1, where `é` is the single byte `0xE9`:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     environment:
    ///       GREETING: "caf\xE9"
    /// ```
    ///
    /// ## Use instead
    /// The same file saved as UTF-8:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     environment:
    ///       GREETING: "café"
    /// ```
    pub(crate) struct InvalidUtf8 {
        name: "invalid-utf8",
        family: Syntax,
        severity: Error,
        summary: "a linted file is not UTF-8 text",
    }
}

impl Rule for InvalidUtf8 {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        for problem in &file.yaml.problems {
            if let YamlProblem::Encoding { span, message } = problem {
                cx.report(
                    Finding::new(Location::span(file.id, *span), message.clone())
                        .help("save the file as UTF-8"),
                );
            }
        }
    }
}
