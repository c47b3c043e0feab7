//! Grafana Alloy's configuration: the file or directory `alloy run <path>`
//! reads (else the image's default), found through the service's
//! container view, and the literal `url = "…"` attributes of its blocks, read by a
//! small scanner of the Alloy syntax that knows its comments and strings.

use crate::source::Span;

/// A `url = "…"` attribute whose value is one string literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UrlAttribute {
    /// The blocks it is in, outermost first (`loki.write`, `endpoint`).
    pub blocks: Vec<String>,
    /// The text between the quotes.
    pub value: String,
    /// Where that text is in the file.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Name(String),
    /// A string literal: its text between the quotes, where that is, and
    /// whether it has escapes (its text then differs from its value).
    Text(Span, bool),
    Punct(char),
    /// The end of a line, which ends an attribute.
    Newline,
}

/// Splits Alloy source into tokens, skipping comments and spaces. Unknown
/// characters become punctuation; an unterminated string or comment ends
/// the input.
fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => {
                out.push(Token::Newline);
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let Some(end) = text[i + 2..].find("*/") else {
                    break;
                };
                if text[i + 2..i + 2 + end].contains('\n') {
                    out.push(Token::Newline);
                }
                i += 2 + end + 2;
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                let mut escaped = false;
                while j < bytes.len() && bytes[j] != b'"' && bytes[j] != b'\n' {
                    if bytes[j] == b'\\' {
                        escaped = true;
                        j += 1;
                    }
                    j += 1;
                }
                if j >= bytes.len() || bytes[j] != b'"' {
                    break;
                }
                out.push(Token::Text(Span::new(start, j), escaped));
                i = j + 1;
            }
            b'`' => {
                let Some(end) = text[i + 1..].find('`') else {
                    break;
                };
                out.push(Token::Text(Span::new(i + 1, i + 1 + end), false));
                i += end + 2;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
                {
                    i += 1;
                }
                out.push(Token::Name(text[start..i].to_string()));
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                out.push(Token::Punct(ch));
                i += ch.len_utf8();
            }
        }
    }
    out
}

/// Every `url` attribute whose value is a single string literal without
/// escapes, with the blocks it is in.
pub(crate) fn url_attributes(text: &str) -> Vec<UrlAttribute> {
    let tokens = tokens(text);
    let mut found = Vec::new();
    let mut blocks: Vec<String> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let at = |n: usize| tokens.get(n);
        match token {
            Token::Punct('{') => {
                // `name {` or `name "label" {` opens a block; anything
                // else (`x = {`) an object.
                let name = match (i.checked_sub(1).and_then(at), i.checked_sub(2).and_then(at)) {
                    (Some(Token::Name(name)), _) => name.clone(),
                    (Some(Token::Text(..)), Some(Token::Name(name))) => name.clone(),
                    _ => String::new(),
                };
                blocks.push(name);
            }
            Token::Punct('}') => {
                blocks.pop();
            }
            Token::Name(name) if name == "url" => {
                let starts_statement = matches!(
                    i.checked_sub(1).and_then(at),
                    None | Some(Token::Newline | Token::Punct('{' | ','))
                );
                let (Some(Token::Punct('=')), Some(Token::Text(span, false))) =
                    (at(i + 1), at(i + 2))
                else {
                    continue;
                };
                // The value must end at the string: `"http://" +
                // env("HOST")` is no literal.
                let ends = matches!(
                    at(i + 3),
                    None | Some(Token::Newline | Token::Punct(',' | '}'))
                );
                if !starts_statement || !ends {
                    continue;
                }
                found.push(UrlAttribute {
                    blocks: blocks.iter().filter(|b| !b.is_empty()).cloned().collect(),
                    value: text[span.start..span.end].to_string(),
                    span: *span,
                });
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_urls_are_found_with_their_blocks_and_spans() {
        let text = r#"// url = "http://commented:1"
/* url = "http://block:2"
*/
loki.write "default" {
  endpoint {
    url = "http://loki:3100/loki/api/v1/push" // the Loki service
  }
}
prometheus.remote_write "x" {
  endpoint { url = "http://prometheus:9090/api/v1/write", }
  endpoint {
    url = "http://" + env("HOST")
  }
  endpoint {
    url = env("URL")
  }
}
otel = { url = `http://raw:4318` }
label = "url = \"http://in-a-string:1\""
"#;
        let found = url_attributes(text);
        let values: Vec<(&str, String)> = found
            .iter()
            .map(|u| (u.value.as_str(), u.blocks.join(" ")))
            .collect();
        assert_eq!(
            values,
            vec![
                (
                    "http://loki:3100/loki/api/v1/push",
                    "loki.write endpoint".to_string()
                ),
                (
                    "http://prometheus:9090/api/v1/write",
                    "prometheus.remote_write endpoint".to_string()
                ),
                ("http://raw:4318", String::new()),
            ]
        );
        let first = &found[0];
        assert_eq!(&text[first.span.start..first.span.end], first.value);
    }
}
