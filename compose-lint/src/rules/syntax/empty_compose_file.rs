use crate::declare_rule;
use crate::location::Location;
use crate::project::{FileKind, LoadedFile};
use crate::rules::{Context, Finding, Rule};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a compose file with no content: an empty file, one holding
    /// only comments, or a document that is `null` or `{}`.
    ///
    /// ## Why is this bad?
    /// Compose stops with "empty compose file" and starts nothing. An empty
    /// file is usually a failed download, a truncated write or a placeholder
    /// that was never filled in.
    ///
    /// ## Example
    /// ```yaml
    /// # services will go here
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    pub(crate) struct EmptyComposeFile {
        name: "empty-compose-file",
        family: Syntax,
        severity: Error,
        summary: "a compose file has no content",
    }
}

impl Rule for EmptyComposeFile {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        if file.kind != FileKind::Compose || !file.yaml.is_clean() {
            return;
        }
        let empty = file
            .yaml
            .documents
            .iter()
            .all(crate::yaml::YamlDocument::is_empty);
        if empty {
            cx.report(
                Finding::new(
                    Location::span(file.id, Span::at(0)),
                    "compose file is empty: Compose refuses to load it",
                )
                .help("define at least one service under `services:`, or delete the file"),
            );
        }
    }
}
