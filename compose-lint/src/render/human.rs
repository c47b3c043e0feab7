//! rustc-style output, drawn with annotate-snippets: a header with the
//! severity, the rule and the message, `--> path:line:col`, the primary
//! snippet first (with the labels in the same file), a snippet per other
//! file, then labelled notes, help, the fix when there is one, and the link
//! to the rule's documentation last.
//!
//! Text is wrapped to the width here (the drawing library does not wrap),
//! at spaces only outside `code spans`, so a value quoted in a message can
//! always be copied whole; source lines wider than the width are cut around
//! the label by the drawing library.

use std::fmt::Write;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostic::{Applicability, Diagnostic, Severity};

/// How to draw the human output.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// ANSI colours; the caller decides (a terminal, and `NO_COLOR` unset).
    pub color: bool,
    /// Terminal hyperlinks (OSC 8) to the rules' documentation; the caller
    /// decides (a terminal known to show them). Without them the link is
    /// printed as a URL.
    pub hyperlinks: bool,
    /// The width text is wrapped at: the terminal's, else 80.
    pub width: usize,
    /// End with the summary line (`2 errors in 1 file (3 checked)`); off for
    /// quiet output.
    pub summary: bool,
    /// How many compose-like files a directory search did not lint; when
    /// some, the summary says so on a line of its own.
    pub not_linted: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            hyperlinks: false,
            width: 80,
            summary: true,
            not_linted: 0,
        }
    }
}

/// The report: every finding that counts, then a summary line that also
/// says how many findings suppressions silenced and a baseline accepted.
pub fn render_report(report: &crate::Report, options: HumanOptions) -> String {
    let mut out = findings(report.diagnostics(), options);
    if options.summary {
        let mut line = summary(report.diagnostics(), report.files_checked());
        let mut quiet = Vec::new();
        let suppressed = report.suppressed().len();
        if suppressed > 0 {
            quiet.push(format!("{suppressed} suppressed"));
        }
        if report.baselined() > 0 {
            quiet.push(format!("{} in the baseline", report.baselined()));
        }
        if !quiet.is_empty() {
            let _ = write!(line, " ({})", quiet.join(", "));
        }
        let _ = writeln!(out, "{line}");
        fixable_line(&mut out, report.diagnostics());
        not_linted_line(&mut out, options.not_linted);
    }
    out
}

pub fn render(diagnostics: &[Diagnostic], files_checked: usize, options: HumanOptions) -> String {
    let mut out = findings(diagnostics, options);
    if options.summary {
        let _ = writeln!(out, "{}", summary(diagnostics, files_checked));
        fixable_line(&mut out, diagnostics);
        not_linted_line(&mut out, options.not_linted);
    }
    out
}

/// `2 fixable with --fix (1 more with --unsafe-fixes)`, when some are.
fn fixable_line(out: &mut String, diagnostics: &[Diagnostic]) {
    let count = |applicability| {
        diagnostics
            .iter()
            .filter(|d| d.fix().is_some_and(|f| f.applicability() == applicability))
            .count()
    };
    let (safe, unsafe_) = (count(Applicability::Safe), count(Applicability::Unsafe));
    match (safe, unsafe_) {
        (0, 0) => {}
        (safe, 0) => {
            let _ = writeln!(out, "[*] {safe} fixable with --fix");
        }
        (0, unsafe_) => {
            let _ = writeln!(out, "{unsafe_} fixable with --fix --unsafe-fixes");
        }
        (safe, unsafe_) => {
            let _ = writeln!(
                out,
                "[*] {safe} fixable with --fix ({unsafe_} more with --unsafe-fixes)"
            );
        }
    }
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
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(options.width)
    .decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&renderer.render(&[group(diagnostic, options)]));
        out.push_str("\n\n");
    }
    out
}

/// The width a footer's text gets: the line minus its prefix, `= help: `
/// after the gutter, which is as wide as the largest line number shown.
fn footer_width(options: HumanOptions, gutter: usize, label: &str) -> usize {
    let prefix = gutter + 1 + "= ".len() + label.len() + ": ".len();
    options.width.saturating_sub(prefix).max(30)
}

/// The width of the gutter: the digits of the largest line number shown.
fn gutter(diagnostic: &Diagnostic) -> usize {
    std::iter::once(diagnostic.primary())
        .chain(diagnostic.secondary())
        .map(|label| label.end().line.max(label.start().line))
        .max()
        .unwrap_or(1)
        .to_string()
        .len()
}

fn group(diagnostic: &Diagnostic, options: HumanOptions) -> Group<'_> {
    let level = match diagnostic.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let prefix = diagnostic.severity().as_str().len() + diagnostic.rule().len() + 4;
    let title = super::wrap(
        diagnostic.message(),
        options.width.saturating_sub(prefix).max(30),
    )
    .join("\n");
    let mut group = Group::with_title(level.primary_title(title).id(diagnostic.rule()));
    for snippet in snippets(diagnostic) {
        group = group.element(snippet);
    }
    let wrapped = |label: &str, text: &str| {
        super::wrap(text, footer_width(options, gutter(diagnostic), label)).join("\n")
    };
    for note in diagnostic.notes() {
        group = group.element(Level::NOTE.message(wrapped("note", note)));
    }
    if let Some(help) = diagnostic.help() {
        group = group.element(Level::HELP.message(wrapped("help", help)));
    }
    if let Some(fix) = diagnostic.fix() {
        let how = match fix.applicability() {
            Applicability::Safe => "[*]",
            Applicability::Unsafe => "(unsafe: review it)",
        };
        let text = format!("{} {how}", fix.description());
        group = group.element(
            Level::HELP
                .with_name(Some("fix"))
                .message(wrapped("fix", &text)),
        );
    }
    let url = diagnostic.url();
    let docs = if options.hyperlinks {
        format!("\x1b]8;;{url}\x1b\\{}\x1b]8;;\x1b\\", diagnostic.rule())
    } else {
        url
    };
    group.element(Level::NOTE.with_name(Some("docs")).message(docs))
}

/// The snippets of a diagnostic: the primary label's file first, with the
/// secondary labels in that file; then one per other file, in the order
/// their labels come.
fn snippets(diagnostic: &Diagnostic) -> Vec<Snippet<'_, annotate_snippets::Annotation<'_>>> {
    let primary = diagnostic.primary();
    let mut files: Vec<&crate::source::SourceFile> = vec![primary.source()];
    for label in diagnostic.secondary() {
        let source = label.source().as_ref();
        if !files.iter().any(|f| std::ptr::eq(*f, source)) {
            files.push(source);
        }
    }
    files
        .into_iter()
        .map(|file| {
            let (text, offset) = shown(file.text());
            let mut snippet = Snippet::source(text).path(file.display_name());
            let labels = std::iter::once((primary, AnnotationKind::Primary)).chain(
                diagnostic
                    .secondary()
                    .iter()
                    .map(|label| (label, AnnotationKind::Context)),
            );
            for (label, kind) in labels {
                if !std::ptr::eq(label.source().as_ref(), file) {
                    continue;
                }
                let span = label.span();
                let range = clamp(
                    &file.text()[offset..],
                    span.start.saturating_sub(offset),
                    span.end.saturating_sub(offset),
                );
                let mut annotation = kind.span(range);
                if let Some(message) = label.message() {
                    annotation = annotation.label(message);
                }
                snippet = snippet.annotation(annotation);
            }
            snippet
        })
        .collect()
}

/// The text a snippet draws, and how many bytes were taken off its start:
/// without a byte order mark (columns do not count it), and with each
/// lone `\r` made a `\n`, as positions count lines.
fn shown(text: &str) -> (std::borrow::Cow<'_, str>, usize) {
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &text[offset..];
    match crate::source::without_lone_carriage_returns(text) {
        Some(replaced) => (std::borrow::Cow::Owned(replaced), offset),
        None => (std::borrow::Cow::Borrowed(text), offset),
    }
}

/// `start..end` inside `text` and on character boundaries.
fn clamp(text: &str, start: usize, end: usize) -> std::ops::Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(start);
    start..floor(end).max(start)
}

/// `2 errors, 1 warning in 1 file (3 checked)`, or `no problems found in 3
/// files`: the files named are those with findings, then how many were
/// checked.
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
    let files = |n: usize| if n == 1 { "file" } else { "files" };
    if parts.is_empty() {
        return format!(
            "no problems found in {files_checked} {}",
            files(files_checked)
        );
    }
    let mut with_findings: Vec<&std::path::Path> = diagnostics
        .iter()
        .map(|d| d.primary().source().path())
        .collect();
    with_findings.sort();
    with_findings.dedup();
    let n = with_findings.len();
    format!(
        "{} in {n} {} ({files_checked} checked)",
        parts.join(", "),
        files(n)
    )
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

    #[test]
    fn spans_are_kept_on_character_boundaries() {
        assert_eq!(clamp("aé", 2, 3), 1..3);
        assert_eq!(clamp("ab", 5, 9), 2..2);
    }
}
