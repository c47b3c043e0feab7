//! Long lines shown in part. A diagnostic on a line of a megabyte (a
//! minified JSON file, a generated value) would reprint the whole line as
//! context; instead, the human format shows a window of each long line
//! around what the labels point at, with `…` where text is left out. Line
//! and column numbers stay those of the file.

use std::fmt;

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// Lines longer than this many bytes are shown in part.
const LONG_LINE: usize = 240;
/// How many characters of a long line are shown.
const WINDOW: usize = 160;
/// How many of them come before the first label on the line.
const BEFORE: usize = 40;
const ELLIPSIS: &str = "…";

/// True when a line the diagnostic would show is long.
pub(crate) fn needed(diagnostic: &Diagnostic) -> bool {
    let source = diagnostic.primary().source();
    spans(diagnostic).iter().any(|span| {
        let (first, last) = lines_around(source, *span);
        (first..=last).any(|line| line_len(source, line) > LONG_LINE)
    })
}

/// The diagnostic drawn against an excerpt of its file.
pub(crate) struct Shown<'d> {
    diagnostic: &'d Diagnostic,
    excerpt: Excerpt,
    labels: Vec<LabeledSpan>,
}

impl<'d> Shown<'d> {
    pub(crate) fn new(diagnostic: &'d Diagnostic) -> Self {
        let source = diagnostic.primary().source();
        let spans = spans(diagnostic);
        let (first, last) = spans
            .iter()
            .map(|span| lines_around(source, *span))
            .fold((usize::MAX, 0), |(a, b), (f, l)| (a.min(f), b.max(l)));
        let mut text = String::new();
        let mut lines = Vec::new();
        for line in first..=last {
            let start = source.line_start(line).unwrap_or(0);
            let full = source.line_text(line).unwrap_or_default();
            let shown = spans.iter().any(|span| {
                let (f, l) = lines_around(source, *span);
                (f..=l).contains(&line)
            });
            // A line no label's context reaches is never drawn: it only
            // keeps the numbering.
            let (cut, body, cut_end) = if !shown {
                (0, "", false)
            } else if full.len() <= LONG_LINE {
                (0, full, false)
            } else {
                // The window starts a little before the primary label when
                // it starts on this line, else the first label that does.
                let on_line =
                    |span: &&Span| span.start >= start && span.start <= start + full.len();
                let chars_before = |span: &Span| {
                    let mut end = span.start - start;
                    while !full.is_char_boundary(end) {
                        end -= 1;
                    }
                    full[..end].chars().count()
                };
                let first_label = spans
                    .first()
                    .filter(on_line)
                    .or_else(|| spans.iter().find(on_line))
                    .map(chars_before)
                    .unwrap_or(0);
                let skip = first_label.saturating_sub(BEFORE);
                let from = byte_of_char(full, skip);
                let to = byte_of_char(full, skip + WINDOW);
                (from, &full[from..to], to < full.len())
            };
            let prefix = if cut > 0 { ELLIPSIS } else { "" };
            lines.push(ExcerptLine {
                original_start: start,
                original_len: full.len(),
                cut,
                shown: body.len(),
                start: text.len() + prefix.len(),
                prefix_chars: prefix.chars().count(),
                cut_chars: full[..cut].chars().count(),
            });
            text.push_str(prefix);
            text.push_str(body);
            if cut_end {
                text.push_str(ELLIPSIS);
            }
            text.push('\n');
        }
        let excerpt = Excerpt {
            file: SourceFile::new(source.path(), text),
            first_line: first,
            lines,
        };
        let labels = labels(diagnostic)
            .into_iter()
            .map(|(span, message, primary)| {
                let span = excerpt.map(source, span);
                if primary {
                    LabeledSpan::new_primary_with_span(message, span)
                } else {
                    LabeledSpan::new_with_span(message, span)
                }
            })
            .collect();
        Self {
            diagnostic,
            excerpt,
            labels,
        }
    }
}

/// The spans of the labels drawn in the primary file.
fn spans(diagnostic: &Diagnostic) -> Vec<Span> {
    labels(diagnostic)
        .into_iter()
        .map(|(span, ..)| span)
        .collect()
}

fn labels(diagnostic: &Diagnostic) -> Vec<(Span, Option<String>, bool)> {
    let primary = diagnostic.primary();
    std::iter::once((primary.span(), primary.message().map(str::to_string), true))
        .chain(
            diagnostic
                .secondary()
                .iter()
                .filter(|label| label.source().path() == primary.source().path())
                .map(|label| (label.span(), label.message().map(str::to_string), false)),
        )
        .collect()
}

/// The lines drawn for `span`: its own, and one of context on each side.
fn lines_around(source: &SourceFile, span: Span) -> (usize, usize) {
    let first = source.line_col(span.start).line;
    let last = source
        .line_col(span.end.max(span.start + 1) - 1)
        .line
        .max(first);
    (
        first.saturating_sub(1).max(1),
        (last + 1).min(source.line_count()),
    )
}

fn line_len(source: &SourceFile, line: usize) -> usize {
    source.line_text(line).map_or(0, str::len)
}

/// The byte offset of character `n` of `text` (its length past the end).
fn byte_of_char(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

struct ExcerptLine {
    /// Where the line starts in the file, and its length.
    original_start: usize,
    original_len: usize,
    /// The bytes of the line left out before the window.
    cut: usize,
    /// The bytes of the line shown.
    shown: usize,
    /// Where the shown bytes start in the excerpt.
    start: usize,
    prefix_chars: usize,
    cut_chars: usize,
}

/// Lines `first_line..` of a file, each long one cut to a window.
struct Excerpt {
    file: SourceFile,
    first_line: usize,
    lines: Vec<ExcerptLine>,
}

impl Excerpt {
    /// `span` of the original file as a span of the excerpt: each end
    /// moved into the window of its line.
    fn map(&self, source: &SourceFile, span: Span) -> SourceSpan {
        let point = |offset: usize| {
            let line = source.line_col(offset).line;
            let Some(excerpt) = line
                .checked_sub(self.first_line)
                .and_then(|i| self.lines.get(i))
            else {
                return 0;
            };
            let within = offset
                .saturating_sub(excerpt.original_start)
                .min(excerpt.original_len);
            excerpt.start + within.saturating_sub(excerpt.cut).min(excerpt.shown)
        };
        let start = point(span.start);
        let end = point(span.end).max(start);
        SourceSpan::new(start.into(), end - start)
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .file
            .read_span(span, context_lines_before, context_lines_after)?;
        let line = inner.line();
        let column = match self.lines.get(line) {
            Some(excerpt) if context_lines_before == 0 => {
                inner.column().saturating_sub(excerpt.prefix_chars) + excerpt.cut_chars
            }
            _ => inner.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.display_name(),
            inner.data(),
            *inner.span(),
            line + self.first_line - 1,
            column,
            inner.line_count(),
        )))
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.diagnostic, f)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        miette::Diagnostic::code(self.diagnostic)
    }

    fn severity(&self) -> Option<miette::Severity> {
        miette::Diagnostic::severity(self.diagnostic)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        miette::Diagnostic::help(self.diagnostic)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        miette::Diagnostic::url(self.diagnostic)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.excerpt)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        miette::Diagnostic::related(self.diagnostic)
    }
}
