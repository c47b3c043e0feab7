//! Leniency for flow collections written less indented than their key.
//!
//! ```yaml
//! services:
//!   web:
//!     command: [
//!       "nginx",
//!     ]
//! ```
//!
//! libyaml and go-yaml (and so Compose) accept the closing `]` at the key's
//! indentation; saphyr-parser stops with "invalid indentation". When a parse
//! fails that way, the builder retries on a copy where every line inside a
//! flow collection is indented one column past the line that opened it.
//! Leading white space inside flow collections never changes a value (flow
//! scalars fold it away), and [`Reindented::original_offset`] maps every
//! position back, so spans still point into the file as written.

/// A re-indented copy of a text and the spaces that were inserted.
pub(crate) struct Reindented {
    pub(crate) text: String,
    /// (byte offset in the copy where spaces were inserted, how many),
    /// sorted by offset.
    insertions: Vec<(usize, usize)>,
}

impl Reindented {
    /// The offset in the original text for an offset in the copy; inserted
    /// spaces map to the place they were inserted at.
    pub(crate) fn original_offset(&self, offset: usize) -> usize {
        let mut shift = 0;
        for &(at, count) in &self.insertions {
            if offset < at {
                break;
            }
            if offset < at + count {
                return at - shift;
            }
            shift += count;
        }
        offset - shift
    }
}

/// Re-indents the lines inside flow collections, or `None` when no line
/// needed it (so retrying would fail the same way).
pub(crate) fn reindent_flow_lines(text: &str) -> Option<Reindented> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut insertions = Vec::new();
    let mut scanner = FlowScanner::default();
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line.trim();
        if scanner.depth > 0 && !content.is_empty() && indent <= scanner.opened_at_indent {
            let count = scanner.opened_at_indent + 1 - indent;
            insertions.push((out.len(), count));
            out.extend(std::iter::repeat_n(' ', count));
        }
        out.push_str(line);
        scanner.line(line, indent);
    }
    (!insertions.is_empty()).then_some(Reindented {
        text: out,
        insertions,
    })
}

/// Tracks flow-collection depth line by line, skipping quoted scalars,
/// comments and block scalars, where brackets are only text.
#[derive(Default)]
struct FlowScanner {
    depth: usize,
    opened_at_indent: usize,
    quote: Option<char>,
    /// While inside a block scalar: the indentation its key or item had.
    block_scalar_parent: Option<usize>,
}

impl FlowScanner {
    fn line(&mut self, line: &str, indent: usize) {
        if let Some(parent) = self.block_scalar_parent {
            if line.trim().is_empty() || indent > parent {
                return;
            }
            self.block_scalar_parent = None;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if let Some(quote) = self.quote {
                match c {
                    '\\' if quote == '"' => i += 1,
                    '\'' if quote == '\'' && chars.get(i + 1) == Some(&'\'') => i += 1,
                    _ if c == quote => self.quote = None,
                    _ => {}
                }
                i += 1;
                continue;
            }
            let after_blank = i == 0 || chars[i - 1].is_whitespace();
            let starts_value = self.depth > 0 || starts_node(&chars, i);
            match c {
                '#' if after_blank => return,
                '"' | '\'' if starts_value => self.quote = Some(c),
                '[' | '{' if starts_value => {
                    if self.depth == 0 {
                        self.opened_at_indent = indent;
                    }
                    self.depth += 1;
                }
                ']' | '}' if self.depth > 0 => self.depth -= 1,
                '|' | '>' if self.depth == 0 && starts_node(&chars, i) => {
                    self.block_scalar_parent = Some(indent);
                    return;
                }
                _ => {}
            }
            i += 1;
        }
    }
}

/// True when the character at `i` starts a node in block context: the first
/// thing on the line, after `- `, or after `: `.
fn starts_node(chars: &[char], i: usize) -> bool {
    let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
    match before {
        None => true,
        Some('-' | ':') => i > 0 && chars[i - 1].is_whitespace(),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_bracket_at_key_indentation_is_moved_in() {
        let text = "a:\n  command: [\n    \"x\",\n  ]\n  ports: []\n";
        let copy = reindent_flow_lines(text).unwrap_or_else(|| panic!("nothing to do"));
        assert_eq!(
            copy.text,
            "a:\n  command: [\n    \"x\",\n   ]\n  ports: []\n"
        );
        let bracket = copy.text.find("   ]").unwrap_or_default() + 3;
        assert_eq!(
            copy.original_offset(bracket),
            text.find("  ]").unwrap_or_default() + 2
        );
        let ports = copy.text.find("ports").unwrap_or_default();
        assert_eq!(
            copy.original_offset(ports),
            text.find("ports").unwrap_or_default()
        );
    }

    #[test]
    fn brackets_in_strings_comments_and_block_scalars_are_text() {
        let text = "a: \"[\"\nb: x # [\nc: |\n  [section\nd: e[f\n";
        assert!(reindent_flow_lines(text).is_none());
    }
}
