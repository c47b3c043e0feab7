//! Source files and byte spans.
//!
//! Every position the linter stores is a byte range into a [`SourceFile`]'s
//! text. Lines and columns are derived on demand, counting lines the way YAML
//! does (`\n`, `\r\n` and a lone `\r` each end a line) and columns in
//! characters, so a caret lands under the right glyph in non-ASCII files.

use std::fmt;
use std::path::{Path, PathBuf};

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// The byte-order mark some editors put at the start of a UTF-8 file.
const BOM: char = '\u{feff}';

/// A half-open byte range `start..end` into a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// An empty span at `offset`.
    pub const fn at(offset: usize) -> Self {
        Self::new(offset, offset)
    }

    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<Span> for SourceSpan {
    fn from(span: Span) -> Self {
        SourceSpan::new(span.start.into(), span.len())
    }
}

/// A 1-based line and a 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One file's text, with the path it is shown under.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    line_starts: Vec<usize>,
    /// The text with each lone `\r` made a `\n` (the same length), for
    /// renderers that only break lines at `\n`; `None` when it has none.
    display_text: Option<String>,
    /// True when every byte is ASCII: a column is then a byte count, found
    /// without reading the line.
    ascii: bool,
}

impl SourceFile {
    /// `path` is kept as given: it is what every diagnostic shows.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = line_starts(&text);
        // Most files have no `\r` at all: one fast search spares the scan.
        let display_text = if text.contains('\r') {
            without_lone_carriage_returns(&text)
        } else {
            None
        };
        let ascii = text.is_ascii();
        Self {
            path: path.into(),
            text,
            line_starts,
            display_text,
            ascii,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The number of lines, counting a final line without a line break.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset where 1-based `line` starts, if the file has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .copied()
    }

    /// The text of 1-based `line` without its line break.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let start = self.line_start(line)?;
        let end = self.line_start(line + 1).unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// Line and column of a byte offset; offsets past the end clamp to the end,
    /// and offsets inside a multi-byte character count as that character.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let mut line_start = self.line_starts[line_index];
        if line_index == 0 && self.text.starts_with(BOM) {
            line_start = BOM.len_utf8().min(offset);
        }
        let column = if self.ascii {
            offset - line_start + 1
        } else {
            self.text[line_start..]
                .char_indices()
                .take_while(|(i, _)| line_start + i < offset)
                .count()
                + 1
        };
        LineCol {
            line: line_index + 1,
            column,
        }
    }

    /// The 1-based line and column of the byte `offset`, the column counted
    /// in UTF-16 code units after the line's start (and after a byte order
    /// mark), as SARIF and the Language Server Protocol count them.
    pub fn utf16_position(&self, offset: usize) -> (usize, usize) {
        let text = self.text();
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_col(offset).line;
        let mut line_start = self.line_start(line).unwrap_or(0).min(offset);
        if line_start == 0 && text.starts_with('\u{feff}') {
            line_start = '\u{feff}'.len_utf8().min(offset);
        }
        let column = text
            .get(line_start..offset)
            .map_or(0, |before| before.encode_utf16().count());
        (line, column + 1)
    }

    /// The byte offset of a 0-based line and UTF-16 column (an LSP
    /// position), clamped to the line's end.
    pub fn offset_of_utf16(&self, line: usize, column: usize) -> usize {
        let text = self.text();
        let Some(start) = self.line_start(line + 1) else {
            return text.len();
        };
        let end = self.line_start(line + 2).unwrap_or(text.len());
        let mut units = 0;
        for (index, c) in text[start..end].char_indices() {
            if units >= column || c == '\n' || c == '\r' {
                return start + index;
            }
            units += c.len_utf16();
        }
        end
    }

    /// The name diagnostics show for this file.
    pub fn display_name(&self) -> String {
        self.path.display().to_string()
    }
}

impl fmt::Display for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.path.display().fmt(f)
    }
}

/// Snippets for the human renderer, from the same line table as every
/// other position: columns count characters, and the returned data always
/// starts at a line start unless no context is asked for.
impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.display_text.as_deref().unwrap_or(&self.text);
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.line_col(start);
        let last_line = self.line_col(end.saturating_sub(1).max(start)).line;
        let first_line = first.line.saturating_sub(context_lines_before).max(1);
        let end_line = (last_line + context_lines_after).min(self.line_count());
        let data_start = if context_lines_before == 0 {
            start
        } else {
            self.line_start(first_line).unwrap_or(0)
        };
        let data_end = self.line_start(end_line + 1).unwrap_or(text.len()).max(end);
        let column = if context_lines_before == 0 {
            first.column - 1
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.display_name(),
            &text.as_bytes()[data_start..data_end],
            SourceSpan::new(data_start.into(), data_end - data_start),
            first_line - 1,
            column,
            end_line + 1 - first_line,
        )))
    }
}

/// `text` with every `\r` not followed by `\n` replaced by `\n`, or `None`
/// when there is no such `\r`. Both are one ASCII byte, so offsets hold.
pub(crate) fn without_lone_carriage_returns(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return None;
    }
    let replaced: Vec<u8> = (0..bytes.len())
        .map(|i| if lone(i) { b'\n' } else { bytes[i] })
        .collect();
    String::from_utf8(replaced).ok()
}

fn line_starts(text: &str) -> Vec<usize> {
    if !text.contains('\r') {
        // Only `\n` ends lines: found with the library's fast search.
        return std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
    }
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile::new("f.yaml", "# ünï\nkey: é80\n");
        let offset = file.text().find("80").unwrap_or_default();
        assert_eq!(file.line_col(offset), LineCol { line: 2, column: 7 });
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
    }

    #[test]
    fn carriage_returns_end_lines() {
        let file = SourceFile::new("f.yaml", "a\r\nb\rc\n");
        assert_eq!(file.line_count(), 4);
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(file.line_col(5), LineCol { line: 3, column: 1 });
        assert_eq!(file.line_text(1), Some("a"));
    }

    #[test]
    fn byte_order_mark_is_not_a_column() {
        let file = SourceFile::new("f.yaml", "\u{feff}services: {}\n");
        assert_eq!(file.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(
            file.line_col(13),
            LineCol {
                line: 1,
                column: 11
            }
        );
    }

    #[test]
    fn snippets_for_the_human_renderer_count_characters() {
        let file = SourceFile::new("f.yaml", "# é\rkey: ü1\n");
        let offset = file.text().find('1').unwrap_or_default();
        let contents = file
            .read_span(&SourceSpan::new(offset.into(), 1), 0, 0)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((contents.line(), contents.column()), (1, 6));
        let context = file
            .read_span(&SourceSpan::new(offset.into(), 1), 1, 1)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(context.line(), 0);
        assert_eq!(context.data(), "# é\nkey: ü1\n".as_bytes());
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let file = SourceFile::new("f.yaml", "a: 1\n");
        assert_eq!(file.line_col(99), LineCol { line: 2, column: 1 });
    }
}
