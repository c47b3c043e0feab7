//! rustc-style output through miette's graphical handler.

use std::fmt::Write;

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::diagnostic::{Diagnostic, Severity};

/// How to draw the human output.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// ANSI colours; the caller decides (a terminal, and `NO_COLOR` unset).
    pub color: bool,
    /// The width text is wrapped at.
    pub width: usize,
    /// End with the summary line (`2 errors in 3 files`); off for quiet
    /// output.
    pub summary: bool,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
            summary: true,
        }
    }
}

/// The report: every finding that counts, then a summary line that also
/// says how many findings suppressions silenced.
pub fn render_report(report: &crate::Report, options: HumanOptions) -> String {
    let mut out = findings(report.diagnostics(), options);
    if options.summary {
        let mut line = summary(report.diagnostics(), report.files_checked());
        let suppressed = report.suppressed().len();
        if suppressed > 0 {
            let _ = write!(line, " ({suppressed} suppressed)");
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

pub fn render(diagnostics: &[Diagnostic], files_checked: usize, options: HumanOptions) -> String {
    let mut out = findings(diagnostics, options);
    if options.summary {
        let _ = writeln!(out, "{}", summary(diagnostics, files_checked));
    }
    out
}

/// Each diagnostic drawn with its source lines, followed by a blank line.
fn findings(diagnostics: &[Diagnostic], options: HumanOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for diagnostic in diagnostics {
        if handler.render_report(&mut out, diagnostic).is_err() {
            // A span the handler cannot show: fall back to one line.
            out.push_str(&crate::render::compact::render(std::slice::from_ref(
                diagnostic,
            )));
        }
        out.push('\n');
    }
    out
}

/// `2 errors, 1 warning in 3 files`, or `no problems found in 3 files`.
pub fn summary(diagnostics: &[Diagnostic], files_checked: usize) -> String {
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    };
    let parts: Vec<String> = [
        (count(Severity::Error), "error"),
        (count(Severity::Warning), "warning"),
        (count(Severity::Info), "info"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| match (n, word) {
        (1, _) | (_, "info") => format!("{n} {word}"),
        _ => format!("{n} {word}s"),
    })
    .collect();
    let files = if files_checked == 1 { "file" } else { "files" };
    if parts.is_empty() {
        format!("no problems found in {files_checked} {files}")
    } else {
        format!("{} in {files_checked} {files}", parts.join(", "))
    }
}
