//! GitHub Actions workflow commands: one `::error`, `::warning` or
//! `::notice` line per diagnostic, which the runner turns into an
//! annotation on the file and line in the pull request.
//!
//! Paths are relative to the directory the linter ran in (the checkout, in a
//! workflow). `col` and `endColumn` are given only when the span is on one
//! line, as GitHub ignores them otherwise; columns count characters and
//! `endColumn` is the column after the last character, as in the JSON
//! output.

use std::fmt::Write;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};
use crate::render::paths;

/// The workflow commands for `diagnostics`, with paths relative to `base`.
pub fn render(diagnostics: &[Diagnostic], base: &Path) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let command = match diagnostic.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let primary = diagnostic.primary();
        let source = primary.source();
        let span = primary.span();
        let start = primary.start();
        let end = primary.end();
        // The line of the last character: a span that ends with its line
        // break still ends on that line.
        let last_line = source
            .line_col(span.end.saturating_sub(1).max(span.start))
            .line;
        let mut properties = vec![
            ("file", paths::display_path(source.path(), base)),
            ("line", start.line.to_string()),
            ("endLine", last_line.to_string()),
        ];
        if end.line == start.line {
            properties.push(("col", start.column.to_string()));
            properties.push(("endColumn", end.column.to_string()));
        }
        properties.push(("title", diagnostic.rule().to_string()));
        let properties: Vec<String> = properties
            .into_iter()
            .map(|(name, value)| format!("{name}={}", escape_property(&value)))
            .collect();
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&super::message_with_notes(diagnostic))
        );
    }
    out
}

/// The runner reads `%`, CR and LF in a command's message as escapes.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// In property values `:` and `,` would end the value, so they are escaped
/// too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Label;
    use crate::rules::RULES;
    use crate::source::{SourceFile, Span};

    #[test]
    fn data_and_properties_are_escaped() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn multi_line_spans_have_no_columns() {
        let source = Arc::new(SourceFile::new("dir,1/a:b.yaml", "a:\n  b: 1\nc: 2\n"));
        let label = Label::new(source, Span::new(0, 10), None);
        let diagnostic = Diagnostic::new(
            RULES[0].meta(),
            Severity::Info,
            "50% off\nnow".into(),
            label,
        );
        assert_eq!(
            render(&[diagnostic], Path::new("/nonexistent")),
            format!(
                "::notice file=dir%2C1/a%3Ab.yaml,line=1,endLine=2,title={}::50%25 off%0Anow\n",
                RULES[0].meta().name
            )
        );
    }
}
