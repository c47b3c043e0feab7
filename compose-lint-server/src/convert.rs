//! compose-lint's diagnostics and fixes as LSP values: positions in UTF-16
//! code units, as the protocol counts them.

use std::collections::HashMap;

use compose_lint::{Applicability, Diagnostic, Label, Severity, SourceFile};
use lsp_types::{
    CodeAction, CodeActionKind, DiagnosticRelatedInformation, DiagnosticSeverity, Hover,
    HoverContents, Location, MarkupContent, MarkupKind, NumberOrString, Position, Range, TextEdit,
    Url, WorkspaceEdit,
};

/// The LSP position of byte `offset` of `source` (0-based line, UTF-16
/// column).
fn position(source: &SourceFile, offset: usize) -> Position {
    let (line, column) = source.utf16_position(offset);
    Position::new(
        u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX),
        u32::try_from(column.saturating_sub(1)).unwrap_or(u32::MAX),
    )
}

fn range(source: &SourceFile, start: usize, end: usize) -> Range {
    Range::new(position(source, start), position(source, end))
}

fn label_range(label: &Label) -> Range {
    let span = label.span();
    range(label.source(), span.start, span.end)
}

fn location(label: &Label) -> Option<Location> {
    let path = std::path::absolute(label.source().path()).ok()?;
    Some(Location::new(
        Url::from_file_path(path).ok()?,
        label_range(label),
    ))
}

/// The diagnostic: severity, the rule as `code` with its documentation as
/// `codeDescription`, the labels in other places as related information,
/// and the notes and help after the message.
pub(crate) fn diagnostic(diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let primary = diagnostic.primary();
    // The message with the primary label after it, then notes and help.
    let full = compose_lint::render::message_with_notes(diagnostic);
    let (first, rest) = full.split_at(diagnostic.message().len().min(full.len()));
    let label = primary
        .message()
        .map(|label| format!(" ({label})"))
        .unwrap_or_default();
    let message = format!("{first}{label}{rest}");
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .secondary()
        .iter()
        .filter_map(|label| {
            Some(DiagnosticRelatedInformation {
                location: location(label)?,
                message: label.message().unwrap_or("here").to_string(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: label_range(primary),
        severity: Some(match diagnostic.severity() {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(diagnostic.rule().to_string())),
        code_description: Url::parse(&diagnostic.url())
            .ok()
            .map(|href| lsp_types::CodeDescription { href }),
        source: Some("compose-lint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// True when the diagnostic's primary range meets `range`.
pub(crate) fn overlaps(diagnostic: &Diagnostic, wanted: &Range) -> bool {
    let own = label_range(diagnostic.primary());
    own.start <= wanted.end && wanted.start <= own.end
}

/// The diagnostic's fix as a quick fix; a safe one is preferred.
pub(crate) fn fix_action(diagnostic: &Diagnostic) -> Option<CodeAction> {
    let fix = diagnostic.fix()?;
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for edit in fix.edits() {
        let path = std::path::absolute(edit.source().path()).ok()?;
        let uri = Url::from_file_path(path).ok()?;
        let span = edit.span();
        changes.entry(uri).or_default().push(TextEdit::new(
            range(edit.source(), span.start, span.end),
            edit.replacement().to_string(),
        ));
    }
    let safe = fix.applicability() == Applicability::Safe;
    Some(CodeAction {
        title: format!(
            "{}{} ({})",
            if safe { "" } else { "review: " },
            fix.description(),
            diagnostic.rule()
        ),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![self::diagnostic(diagnostic)]),
        edit: Some(WorkspaceEdit::new(changes)),
        is_preferred: Some(safe),
        ..CodeAction::default()
    })
}

/// "Suppress here": a `# compose-lint: ignore[rule] reason` comment on its
/// own line above the finding, indented as that line, in files whose
/// comments start with `#`.
pub(crate) fn suppress_action(diagnostic: &Diagnostic, uri: &Url) -> Option<CodeAction> {
    let primary = diagnostic.primary();
    let source = primary.source();
    let path = source.path().to_string_lossy();
    let hash_comments = [".yml", ".yaml", ".env", ".toml"]
        .iter()
        .any(|extension| path.ends_with(extension))
        || path.contains(".env")
        || path.ends_with("Dockerfile");
    if !hash_comments {
        return None;
    }
    let line = source.line_col(primary.span().start).line;
    let start = source.line_start(line)?;
    let text = source.line_text(line).unwrap_or_default();
    let indent: String = text
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let comment = format!(
        "{indent}# compose-lint: ignore[{}] TODO: say why\n",
        diagnostic.rule()
    );
    let at = position(source, start);
    let edit = TextEdit::new(Range::new(at, at), comment);
    Some(CodeAction {
        title: format!("suppress `{}` on this line", diagnostic.rule()),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![self::diagnostic(diagnostic)]),
        edit: Some(WorkspaceEdit::new(HashMap::from([(
            uri.clone(),
            vec![edit],
        )]))),
        is_preferred: Some(false),
        ..CodeAction::default()
    })
}

/// The summary of the rule named under `at` in a suppression comment.
pub(crate) fn hover(text: &str, at: Position) -> Option<Hover> {
    let source = SourceFile::new("hover", text.to_string());
    let offset = source.offset_of_utf16(at.line as usize, at.character as usize);
    let line = source.line_col(offset).line;
    let line_start = source.line_start(line)?;
    let line_text = source.line_text(line)?;
    let column = offset - line_start;
    let marker = line_text.find("compose-lint: ignore")?;
    let open = marker + line_text[marker..].find('[')?;
    let close = open + line_text[open..].find(']')?;
    if column <= open || column > close {
        return None;
    }
    let mut start = open + 1;
    for name in line_text[open + 1..close].split(',') {
        let end = start + name.len();
        if (start..=end).contains(&column) {
            let name = name.trim();
            let rule = compose_lint::find_rule(name)?;
            let meta = rule.meta();
            return Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: format!(
                        "**{}** ({}, {})\n\n{}\n\n[documentation]({})",
                        meta.name,
                        meta.family,
                        meta.default_severity,
                        meta.summary,
                        meta.url()
                    ),
                }),
                range: None,
            });
        }
        start = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hover_names_the_rule_under_the_cursor() {
        let text = "services:\n  # compose-lint: ignore[duplicate-key, obsolete-version] old\n";
        let on = |character| hover(text, Position::new(1, character));
        let shown = |h: Option<Hover>| match h.map(|h| h.contents) {
            Some(HoverContents::Markup(m)) => m.value,
            _ => String::new(),
        };
        assert!(shown(on(27)).starts_with("**duplicate-key**"));
        assert!(shown(on(45)).starts_with("**obsolete-version**"));
        assert!(on(5).is_none());
    }
}
