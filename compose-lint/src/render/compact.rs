//! One line per diagnostic: `path:line:col: severity[rule]: message`.

use std::fmt::Write;

use crate::diagnostic::Diagnostic;

pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let primary = diagnostic.primary();
        let start = primary.start();
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            primary.source().path().display(),
            start.line,
            start.column,
            diagnostic.severity(),
            diagnostic.rule(),
            single_line(diagnostic.message()),
        );
    }
    out
}

fn single_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}
