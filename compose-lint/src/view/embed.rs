//! Text that lives inside a compose file: a `configs:` entry's `content:`
//! or a heredoc in an `entrypoint` script. The container sees the text
//! after YAML decoding and Compose's interpolation; diagnostics must point
//! at the bytes of the compose file that wrote it. An [`Embedding`] maps
//! byte ranges of the text back to the compose file.

use crate::location::FileId;
use crate::source::Span;

/// A run of the embedded text and the bytes of the host file that wrote
/// it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    /// Start in the embedded text.
    start: usize,
    len: usize,
    /// Where the run is written in the host file.
    host: Span,
    /// True when the run is the host's bytes as they are; false when it is
    /// what an expression (`${VAR}`) produced, which maps to the whole
    /// expression.
    exact: bool,
}

/// How the bytes of an embedded text map to the file that wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embedding {
    /// The file the text is written in.
    pub host: FileId,
    /// Sorted, non-overlapping runs; text outside every run maps to
    /// `fallback`.
    pieces: Vec<Piece>,
    /// The whole written value, for text that maps nowhere more precise.
    pub fallback: Span,
    /// Byte ranges of the text whose content is only known at run time
    /// (what a shell expands in a heredoc): findings there are dropped.
    pub unknown: Vec<std::ops::Range<usize>>,
}

impl Embedding {
    /// True when `span` of the text touches a part only known at run time.
    pub fn is_unknown(&self, span: Span) -> bool {
        self.unknown
            .iter()
            .any(|range| span.start < range.end && range.start < span.end.max(span.start + 1))
    }

    /// The span of the host file that wrote `span` of the embedded text.
    pub fn map(&self, span: Span) -> Span {
        let start = self.map_offset(span.start, false);
        let end = if span.end > span.start {
            self.map_offset(span.end, true)
        } else {
            start
        };
        match (start, end) {
            (Some(start), Some(end)) if end >= start => Span::new(start, end),
            (Some(start), _) => Span::new(start, start),
            _ => self.fallback,
        }
    }

    /// The host offset of `offset`; `end` maps an exclusive end, so the
    /// byte before it decides which run it belongs to.
    fn map_offset(&self, offset: usize, end: bool) -> Option<usize> {
        let probe = if end { offset.checked_sub(1)? } else { offset };
        let index = self
            .pieces
            .partition_point(|piece| piece.start + piece.len <= probe);
        let piece = self.pieces.get(index)?;
        if probe < piece.start {
            return None;
        }
        Some(match (piece.exact, end) {
            (true, false) => piece.host.start + (offset - piece.start),
            (true, true) => piece.host.start + (offset - piece.start),
            (false, false) => piece.host.start,
            (false, true) => piece.host.end,
        })
    }

    /// The embedding of a text made of `ranges` of this one, in order (a
    /// heredoc body, with leading tabs cut).
    pub fn select(&self, ranges: &[std::ops::Range<usize>]) -> Self {
        let mut pieces = Vec::new();
        let mut at = 0;
        for range in ranges {
            // Pieces are sorted and do not overlap: start at the first one
            // that reaches into the range, stop after the last.
            let first = self
                .pieces
                .partition_point(|piece| piece.start + piece.len <= range.start);
            for piece in self.pieces[first..]
                .iter()
                .take_while(|piece| piece.start < range.end)
            {
                let start = piece.start.max(range.start);
                let end = (piece.start + piece.len).min(range.end);
                if start >= end {
                    continue;
                }
                let host = if piece.exact {
                    let shift = start - piece.start;
                    Span::new(
                        piece.host.start + shift,
                        piece.host.start + shift + (end - start),
                    )
                } else {
                    piece.host
                };
                pieces.push(Piece {
                    start: at + (start - range.start),
                    len: end - start,
                    host,
                    exact: piece.exact,
                });
            }
            at += range.len();
        }
        // The selected text as a whole: from its first byte to its last.
        let fallback = match (ranges.first(), ranges.last()) {
            (Some(first), Some(last)) if first.start < last.end => {
                let start = self.map(Span::new(first.start, first.start)).start;
                let end = self.map(Span::new(last.end, last.end)).start.max(start);
                Span::new(start, end)
            }
            _ => self.fallback,
        };
        Self {
            host: self.host,
            pieces,
            fallback,
            unknown: Vec::new(),
        }
    }
}

/// The block scalar header `|`, `|-` or `|+` at the end of `line` (after
/// an optional anchor or tag, before an optional comment); false for an
/// explicit indentation indicator, which counts from the parent's
/// indentation the span does not show.
fn ends_with_literal_header(line: &str) -> bool {
    let line = line.trim_end_matches('\r');
    // A comment starts at a `#` after a space or a tab.
    let code = line
        .char_indices()
        .find(|&(i, c)| c == '#' && i > 0 && line[..i].ends_with([' ', '\t']))
        .map_or(line, |(i, _)| &line[..i]);
    code.trim_end()
        .rsplit([' ', '\t'])
        .next()
        .and_then(|header| header.strip_prefix('|'))
        .is_some_and(|indicators| indicators.chars().all(|c| c == '-' || c == '+'))
}

/// Where the lines of a literal block scalar (`|`, `|-`, `|+`) start, when
/// the scalar written at `span` is one. The parser's span starts at its
/// header (after an anchor or a tag) or at its first content line; blank
/// lines may stand between the header and that line.
pub(crate) fn literal_body_start(source: &str, span: Span) -> Option<usize> {
    let written = source.get(span.start..span.end)?;
    if written.starts_with(['|', '&', '!']) {
        let newline = written.find('\n')?;
        return ends_with_literal_header(&written[..newline]).then_some(span.start + newline + 1);
    }
    let before = source.get(..span.start)?;
    let mut line_start = before.rfind('\n')? + 1;
    if !before[line_start..].chars().all(|c| c == ' ') {
        return None;
    }
    // Back over blank lines to the header line.
    loop {
        let previous_end = line_start.checked_sub(1)?;
        let previous_start = before[..previous_end].rfind('\n').map_or(0, |i| i + 1);
        let previous = &before[previous_start..previous_end];
        if previous.trim_end_matches('\r').chars().all(|c| c == ' ') {
            line_start = previous_start;
            continue;
        }
        return ends_with_literal_header(previous).then_some(line_start);
    }
}

/// A line of a written scalar: `len` bytes of the decoded text starting at
/// `decoded`, written at `host` in the file.
#[derive(Clone, Copy, Debug)]
struct Run {
    decoded: usize,
    host: usize,
    len: usize,
}

/// The decoded text of a scalar written at `span` of `source`, with where
/// each of its lines is written; `None` for forms whose decoding moves
/// bytes around (escapes, folding), which then map to the whole value.
fn decode(source: &str, span: Span) -> Option<(String, Vec<Run>)> {
    let written = source.get(span.start..span.end)?;
    if let Some(body_start) = literal_body_start(source, span) {
        let body = source.get(body_start..span.end)?;
        // YAML indents with spaces only; a line of spaces is blank.
        let is_blank = |line: &str| {
            line.trim_end_matches(['\n', '\r'])
                .bytes()
                .all(|b| b == b' ')
        };
        let indent = body
            .split('\n')
            .find(|line| !is_blank(line))
            .map_or(0, |line| line.len() - line.trim_start_matches(' ').len());
        let mut text = String::new();
        let mut runs = Vec::new();
        let mut offset = body_start;
        for line in body.split_inclusive('\n') {
            let ending = if line.ends_with("\r\n") {
                2
            } else {
                usize::from(line.ends_with('\n'))
            };
            let without_ending = &line[..line.len() - ending];
            let skip = if is_blank(line) {
                // A blank line, however long, is an empty line of the text.
                without_ending.len()
            } else {
                indent
            };
            let content = without_ending.get(skip..)?;
            runs.push(Run {
                decoded: text.len(),
                host: offset + skip,
                len: content.len(),
            });
            text.push_str(content);
            if ending > 0 {
                // YAML turns every line break into `\n`.
                runs.push(Run {
                    decoded: text.len(),
                    host: offset + line.len() - 1,
                    len: 1,
                });
                text.push('\n');
            }
            offset += line.len();
        }
        return Some((text, runs));
    }
    let quoted = written
        .strip_prefix('"')
        .and_then(|w| w.strip_suffix('"'))
        .filter(|w| !w.contains(['\\', '\n']))
        .or_else(|| {
            written
                .strip_prefix('\'')
                .and_then(|w| w.strip_suffix('\''))
                .filter(|w| !w.contains(['\'', '\n']))
        });
    if let Some(inner) = quoted {
        let run = Run {
            decoded: 0,
            host: span.start + 1,
            len: inner.len(),
        };
        return Some((inner.to_string(), vec![run]));
    }
    if !written.contains('\n') && !written.starts_with(['>', '"', '\'']) {
        let run = Run {
            decoded: 0,
            host: span.start,
            len: written.len(),
        };
        return Some((written.to_string(), vec![run]));
    }
    None
}

/// A token of decoded text as Compose's interpolation sees it.
enum Token {
    Literal(std::ops::Range<usize>),
    /// `$$`, which becomes one `$`.
    Dollar(usize),
    /// `${…}` or `$NAME`, whose result is only known once substituted.
    Expression(std::ops::Range<usize>),
}

fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut literal_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let end = match bytes.get(i + 1) {
            Some(b'$') => {
                if literal_start < i {
                    out.push(Token::Literal(literal_start..i));
                }
                out.push(Token::Dollar(i));
                i += 2;
                literal_start = i;
                continue;
            }
            Some(b'{') => {
                let mut depth = 0usize;
                let mut j = i + 1;
                let mut close = None;
                while j < bytes.len() {
                    match bytes[j] {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                close = Some(j + 1);
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                close
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let mut j = i + 1;
                while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                    j += 1;
                }
                Some(j)
            }
            _ => None,
        };
        match end {
            Some(end) => {
                if literal_start < i {
                    out.push(Token::Literal(literal_start..i));
                }
                out.push(Token::Expression(i..end));
                i = end;
                literal_start = i;
            }
            None => i += 1,
        }
    }
    if literal_start < bytes.len() {
        out.push(Token::Literal(literal_start..bytes.len()));
    }
    out
}

/// Maps a decoded range to pieces of host bytes, one per line it covers.
/// `runs` are sorted by their decoded offset.
fn exact_pieces(runs: &[Run], decoded: std::ops::Range<usize>, at: usize, out: &mut Vec<Piece>) {
    let first = runs.partition_point(|run| run.decoded + run.len <= decoded.start);
    for run in runs[first..]
        .iter()
        .take_while(|run| run.decoded < decoded.end)
    {
        let start = run.decoded.max(decoded.start);
        let end = (run.decoded + run.len).min(decoded.end);
        if start >= end {
            continue;
        }
        let host = run.host + (start - run.decoded);
        out.push(Piece {
            start: at + (start - decoded.start),
            len: end - start,
            host: Span::new(host, host + (end - start)),
            exact: true,
        });
    }
}

fn host_span(runs: &[Run], decoded: &std::ops::Range<usize>) -> Option<Span> {
    let locate = |offset: usize| {
        let index = runs.partition_point(|run| run.decoded + run.len < offset);
        runs.get(index)
            .filter(|run| run.decoded <= offset)
            .map(|run| run.host + (offset - run.decoded))
    };
    Some(Span::new(locate(decoded.start)?, locate(decoded.end)?))
}

/// The embedding of `value` — the text the container sees, after decoding
/// and interpolation — written at `span` of `source` (file `host`).
/// Literal text maps byte for byte; what `${VAR}` produced maps to the
/// expression; `$$` maps to its first `$`.
pub(crate) fn embed(host: FileId, source: &str, span: Span, value: &str) -> Embedding {
    let mut embedding = Embedding {
        host,
        pieces: Vec::new(),
        fallback: span,
        unknown: Vec::new(),
    };
    let Some((decoded, runs)) = decode(source, span) else {
        return embedding;
    };
    let pieces = &mut embedding.pieces;
    let mut at = 0;
    let mut pending: Option<std::ops::Range<usize>> = None;
    for token in tokens(&decoded) {
        match token {
            Token::Literal(range) => {
                let literal = &decoded[range.clone()];
                if let Some(expression) = pending.take() {
                    let Some(found) = value.get(at..).and_then(|rest| rest.find(literal)) else {
                        return embedding;
                    };
                    if found > 0
                        && let Some(host) = host_span(&runs, &expression)
                    {
                        pieces.push(Piece {
                            start: at,
                            len: found,
                            host,
                            exact: false,
                        });
                    }
                    at += found;
                }
                let rest = value.get(at..).unwrap_or_default();
                let same = literal
                    .bytes()
                    .zip(rest.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                exact_pieces(&runs, range.start..range.start + same, at, pieces);
                at += same;
                if same < literal.len() {
                    return embedding;
                }
            }
            Token::Dollar(offset) => {
                if pending.is_some() || value.as_bytes().get(at) != Some(&b'$') {
                    return embedding;
                }
                exact_pieces(&runs, offset..offset + 1, at, pieces);
                at += 1;
            }
            Token::Expression(range) => {
                // Expressions in a row (`${A}${B}`) cannot be told apart:
                // what they produce maps to all of them.
                pending = Some(match pending {
                    Some(earlier) => earlier.start..range.end,
                    None => range,
                });
            }
        }
    }
    if let Some(expression) = pending
        && at < value.len()
        && let Some(host) = host_span(&runs, &expression)
    {
        pieces.push(Piece {
            start: at,
            len: value.len() - at,
            host,
            exact: false,
        });
    }
    embedding
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped<'s>(source: &'s str, embedding: &Embedding, text: &str, part: &str) -> &'s str {
        let start = text.find(part).unwrap_or_else(|| panic!("{part}"));
        let span = embedding.map(Span::new(start, start + part.len()));
        &source[span.start..span.end]
    }

    #[test]
    fn a_literal_block_maps_line_by_line() {
        let source = "x:\n  content: |\n    a: 1\n\n    url: http://loki:3100\n";
        let start = source.find("a:").unwrap_or_default();
        let span = Span::new(start, source.len());
        let value = "a: 1\n\nurl: http://loki:3100\n";
        let embedding = embed(FileId(0), source, span, value);
        assert_eq!(mapped(source, &embedding, value, "loki"), "loki");
        let at = embedding.map(Span::new(
            value.find("3100").unwrap_or_default(),
            value.len() - 1,
        ));
        assert_eq!(&source[at.start..at.end], "3100");
    }

    #[test]
    fn interpolation_is_mapped_around() {
        let source = "c: |\n  host: ${HOST:-db} port: $$PORT x: 9\n";
        let span = Span::new(7, source.len());
        let value = "host: database port: $PORT x: 9\n";
        let embedding = embed(FileId(0), source, span, value);
        assert_eq!(mapped(source, &embedding, value, "9\n"), "9\n");
        assert_eq!(mapped(source, &embedding, value, "database"), "${HOST:-db}");
        assert_eq!(mapped(source, &embedding, value, "$PORT"), "$$PORT");
    }

    #[test]
    fn selected_ranges_keep_their_places() {
        let source = "c: |-\n  one\n  \ttwo\n";
        let span = Span::new(8, source.len());
        let value = "one\n\ttwo\n";
        let embedding = embed(FileId(0), source, span, value);
        let body = embedding.select(&[0..4, 5..9]);
        let at = body.map(Span::new(4, 7));
        assert_eq!(&source[at.start..at.end], "two");
    }

    /// The span of `part` mapped back, for a scalar that `yaml::parse`
    /// finds at `/x/c` of `source`.
    fn through_parser(source: &str, part: &str) -> String {
        let parsed = crate::yaml::parse(source);
        let spans = parsed
            .locate("/x/c")
            .unwrap_or_else(|| panic!("no /x/c in {source:?}"));
        let value = parsed.documents[0]
            .value()
            .pointer("/x/c")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string();
        let embedding = embed(FileId(0), source, spans.value, &value);
        let start = value
            .find(part)
            .unwrap_or_else(|| panic!("{part} in {value:?}"));
        let at = embedding.map(Span::new(start, start + part.len()));
        source[at.start..at.end].to_string()
    }

    #[test]
    fn headers_line_endings_and_blank_lines_are_followed() {
        for source in [
            "x:\n  c: |\n    a: 1\n    url: http://loki:3100\n",
            "x:\r\n  c: |\r\n    a: 1\r\n    url: http://loki:3100\r\n",
            "x:\n  c: |-\n\n    a: 1\n    url: http://loki:3100\n",
            "x:\n  c: |\t# comment\n    a: 1\n    url: http://loki:3100\n",
            "x:\n  c: &text |\n    a: 1\n    url: http://loki:3100\n",
            "x:\n  c: !!str |\n    a: 1\n    url: http://loki:3100\n",
        ] {
            assert_eq!(through_parser(source, "loki"), "loki", "{source:?}");
        }
    }

    #[test]
    fn expressions_in_a_row_map_to_all_of_them() {
        let source = "c: |\n  a: ${P}${Q} b: 9\n";
        let value = "a: xy b: 9\n";
        let embedding = embed(FileId(0), source, Span::new(7, source.len()), value);
        assert_eq!(mapped(source, &embedding, value, "xy"), "${P}${Q}");
        assert_eq!(mapped(source, &embedding, value, "9"), "9");
    }

    #[test]
    fn a_tab_in_a_blank_first_line_is_no_indentation() {
        // Six spaces and a tab: YAML sees a line more indented than the
        // block's six spaces, not a blank one.
        let source = "x:\n  c: |\n      \t\n        a\n       \u{e9}\n";
        let _ = through_parser(source, "a");
    }
}
