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
    /// How many compose-like files a directory search did not lint; when
    /// some, the summary says so on a line of its own.
    pub not_linted: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
            summary: true,
            not_linted: 0,
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
        not_linted_line(&mut out, options.not_linted);
    }
    out
}

pub fn render(diagnostics: &[Diagnostic], files_checked: usize, options: HumanOptions) -> String {
    let mut out = findings(diagnostics, options);
    if options.summary {
        let _ = writeln!(out, "{}", summary(diagnostics, files_checked));
        not_linted_line(&mut out, options.not_linted);
    }
    out
}

/// `2 compose-like files not linted (--show-files lists them)`, when some
/// were not.
fn not_linted_line(out: &mut String, not_linted: usize) {
    let files = if not_linted == 1 { "file" } else { "files" };
    if not_linted > 0 {
        let _ = writeln!(
            out,
            "{not_linted} compose-like {files} not linted (--show-files lists them)"
        );
    }
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
        let rendered = if super::excerpt::needed(diagnostic) {
            handler.render_report(&mut out, &super::excerpt::Shown::new(diagnostic))
        } else {
            handler.render_report(&mut out, diagnostic)
        };
        if rendered.is_err() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_the_files_a_search_did_not_lint() {
        let options = |not_linted| HumanOptions {
            not_linted,
            ..HumanOptions::default()
        };
        assert_eq!(render(&[], 2, options(0)), "no problems found in 2 files\n");
        assert_eq!(
            render(&[], 2, options(1)),
            "no problems found in 2 files\n1 compose-like file not linted (--show-files lists them)\n"
        );
        let report = crate::Report::default();
        assert_eq!(
            render_report(&report, options(3)),
            "no problems found in 0 files\n3 compose-like files not linted (--show-files lists them)\n"
        );
        let quiet = HumanOptions {
            summary: false,
            ..options(3)
        };
        assert_eq!(render_report(&report, quiet), "");
    }
}
