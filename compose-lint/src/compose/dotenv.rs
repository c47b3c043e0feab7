//! `.env` files, read the way Compose reads them.
//!
//! Compose's reader is permissive and has quirks that decide what a project
//! resolves to, so this parser follows it rather than any shell: `NAME: value`
//! works like `NAME=value`; a `#` only starts a comment at the start of a
//! statement or after a space in an unquoted value; single quotes are literal
//! while double quotes take backslash escapes and then `${...}`
//! substitution; a lone `NAME` copies the variable from the environment; and
//! after a closing quote the same line may hold another statement.
//!
//! Unlike Compose, which stops at the first error, the parser reports every
//! problem it can find and carries on at the next line, and it keeps the
//! span of every name and value so a rule can point at them.

use std::collections::HashMap;

use crate::compose::interpolate::{self, ProblemKind, Substitution};
use crate::source::Span;

/// A parsed `.env` file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Dotenv {
    /// The variables in file order. A name set twice appears twice; the last
    /// one is what Compose uses.
    pub entries: Vec<DotenvEntry>,
    pub problems: Vec<DotenvProblem>,
}

impl Dotenv {
    /// The value Compose ends up with for `name`: the last entry wins.
    #[cfg(test)]
    pub(crate) fn get(&self, name: &str) -> Option<&DotenvEntry> {
        self.entries.iter().rev().find(|entry| entry.name == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DotenvEntry {
    /// Usually a variable name, but Compose also accepts an empty name
    /// (`=value`, or a last line without `=` and line break, whose whole text
    /// becomes the value of the empty name), so rules may want to flag those.
    pub name: String,
    /// The value after quotes, escapes and substitution.
    pub value: String,
    pub name_span: Span,
    /// The value as written, inside its quotes. For a lone `NAME` copied from
    /// the environment it is empty, at the end of the name.
    pub value_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DotenvProblem {
    pub span: Span,
    pub kind: DotenvProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DotenvProblemKind {
    /// Compose refuses the file.
    Syntax {
        message: String,
        help: Option<String>,
    },
    /// A problem substituting a value; see [`ProblemKind::is_error`].
    Interpolation(ProblemKind),
}

/// Parses `.env` text. `lookup` answers from the process environment, which
/// Compose consults before the variables set earlier in the same file, both
/// for substitution and for a lone `NAME`.
pub(crate) fn parse(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Dotenv {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut parser = Parser {
        text,
        lookup,
        defined: HashMap::new(),
        dotenv: Dotenv::default(),
    };
    let mut position = start;
    while let Some(statement) = parser.statement_start(position) {
        position = parser.statement(statement);
    }
    parser.dotenv
}

struct Parser<'a> {
    text: &'a str,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    /// The values set so far, for substitution in later values.
    defined: HashMap<String, String>,
    dotenv: Dotenv,
}

/// One byte of a quoted value after unescaping, with the source bytes it
/// came from, so that substitution problems can point into the file.
#[derive(Clone, Copy, Debug)]
struct MappedByte {
    byte: u8,
    start: usize,
    end: usize,
}

impl Parser<'_> {
    /// Skips blank space and comment lines; `None` at the end of the text.
    fn statement_start(&self, mut position: usize) -> Option<usize> {
        loop {
            let offset = self.text[position..].find(|c: char| !c.is_whitespace())?;
            position += offset;
            if !self.text[position..].starts_with('#') {
                return Some(position);
            }
            position += self.text[position..].find('\n')?;
        }
    }

    /// Parses the statement at `start` and returns where the next one may
    /// start.
    fn statement(&mut self, start: usize) -> usize {
        let text = self.text;
        let mut key_start = start;
        if let Some(after) = text[start..].strip_prefix("export")
            && after.starts_with(['\t', '\n', '\x0c', '\r', ' '])
        {
            key_start = skip_inline_space(text, start + "export".len());
            if key_start == text.len() {
                self.syntax(
                    Span::new(start, start + "export".len()),
                    "`export` is not followed by a variable name".to_owned(),
                    None,
                );
                return key_start;
            }
        }

        let mut terminator = None;
        for (offset, c) in text[key_start..].char_indices() {
            let at = key_start + offset;
            match c {
                '=' | ':' | '\n' => {
                    terminator = Some((at, c));
                    break;
                }
                '_' | '.' | '-' | '[' | ']' => {}
                c if is_inline_space(c) || c.is_alphabetic() || c.is_numeric() => {}
                c => {
                    self.syntax(
                        Span::new(at, at + c.len_utf8()),
                        format!(
                            "unexpected character `{}` in a variable name",
                            c.escape_debug()
                        ),
                        Some(
                            "write `NAME=value`, `NAME: value` or a lone `NAME`; names may \
                             contain letters, digits, `_`, `.`, `-`, `[` and `]`"
                                .to_owned(),
                        ),
                    );
                    return after_line(text, at);
                }
            }
        }
        // Without `=`, `:` or a line break the statement has no name: Compose
        // reads the whole line as the value of the empty name.
        let (key_end, value_start, inherited) = match terminator {
            Some((at, c)) => (at, at + 1, c == '\n'),
            None => (key_start, key_start, false),
        };
        let name = text[key_start..key_end].trim_end();
        let name_span = Span::new(key_start, key_start + name.len());
        if name.contains(' ') {
            self.syntax(
                name_span,
                format!("variable name `{name}` contains a space"),
                Some(
                    "a line holds one `NAME=value`; values may hold spaces, names may not"
                        .to_owned(),
                ),
            );
            return after_line(text, key_end);
        }

        if inherited {
            let value = (self.lookup)(name).or_else(|| self.defined.get(name).cloned());
            if let Some(value) = value {
                self.define(name, value, name_span, Span::at(name_span.end));
            }
            return value_start;
        }

        let value_start = skip_inline_space(text, value_start);
        match text.as_bytes().get(value_start) {
            Some(&quote @ (b'"' | b'\'')) => self.quoted(name, name_span, value_start, quote),
            _ => {
                let line_end = text[value_start..]
                    .find('\n')
                    .map_or(text.len(), |offset| value_start + offset);
                let line = &text[value_start..line_end];
                let written = line.find(" #").map_or(line, |comment| &line[..comment]);
                let written = written.trim_end();
                let value_span = Span::new(value_start, value_start + written.len());
                let substitution = self.substitute(written);
                for problem in substitution.problems {
                    let span = Span::new(
                        value_start + problem.range.start,
                        value_start + problem.range.end,
                    );
                    self.interpolation(span, problem.kind);
                }
                self.define(name, substitution.text, name_span, value_span);
                after_line(text, value_start)
            }
        }
    }

    /// Parses the value starting with the quote at `open`; returns where the
    /// next statement may start, which is right after the closing quote.
    fn quoted(&mut self, name: &str, name_span: Span, open: usize, quote: u8) -> usize {
        let bytes = self.text.as_bytes();
        let mut kept = Vec::new();
        let mut escaped = false;
        let mut close = None;
        for (index, &byte) in bytes.iter().enumerate().skip(open + 1) {
            if byte == quote && !escaped {
                close = Some(index);
                break;
            }
            if byte == quote || (byte == b'\\' && !escaped) {
                // `\` + the quote keeps only the quote; a first `\` waits to
                // see what follows.
                escaped = byte == b'\\';
                if byte == quote {
                    kept.push(MappedByte {
                        byte,
                        start: index - 1,
                        end: index + 1,
                    });
                }
                continue;
            }
            if escaped {
                escaped = false;
                kept.push(MappedByte {
                    byte: b'\\',
                    start: index - 1,
                    end: index,
                });
            }
            kept.push(MappedByte {
                byte,
                start: index,
                end: index + 1,
            });
        }
        let Some(close) = close else {
            let line_end = self.text[open..]
                .find('\n')
                .map_or(self.text.len(), |offset| open + offset);
            let quote = char::from(quote);
            self.syntax(
                Span::new(open, line_end),
                "unterminated quoted value".to_owned(),
                Some(format!("close the value with a matching `{quote}`")),
            );
            return after_line(self.text, open);
        };
        let value_span = Span::new(open + 1, close);
        if quote == b'\'' {
            let value = string_from(&kept);
            self.define(name, value, name_span, value_span);
            return close + 1;
        }

        let unescaped = unescape(&kept);
        let substitution = self.substitute(&string_from(&unescaped));
        for problem in substitution.problems {
            let start = unescaped
                .get(problem.range.start)
                .map_or(value_span.end, |byte| byte.start);
            let end = problem
                .range
                .end
                .checked_sub(1)
                .filter(|&last| last >= problem.range.start)
                .and_then(|last| unescaped.get(last))
                .map_or(start, |byte| byte.end);
            self.interpolation(Span::new(start, end), problem.kind);
        }
        self.define(name, substitution.text, name_span, value_span);
        close + 1
    }

    fn substitute(&self, text: &str) -> Substitution {
        let lookup = |name: &str| (self.lookup)(name).or_else(|| self.defined.get(name).cloned());
        interpolate::substitute(text, &lookup)
    }

    fn define(&mut self, name: &str, value: String, name_span: Span, value_span: Span) {
        self.defined.insert(name.to_owned(), value.clone());
        self.dotenv.entries.push(DotenvEntry {
            name: name.to_owned(),
            value,
            name_span,
            value_span,
        });
    }

    fn syntax(&mut self, span: Span, message: String, help: Option<String>) {
        self.dotenv.problems.push(DotenvProblem {
            span,
            kind: DotenvProblemKind::Syntax { message, help },
        });
    }

    fn interpolation(&mut self, span: Span, kind: ProblemKind) {
        self.dotenv.problems.push(DotenvProblem {
            span,
            kind: DotenvProblemKind::Interpolation(kind),
        });
    }
}

/// Space that separates parts of a statement but never ends one: Compose
/// treats a line break differently from every other white space.
fn is_inline_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    )
}

fn skip_inline_space(text: &str, position: usize) -> usize {
    text[position..]
        .find(|c: char| !is_inline_space(c))
        .map_or(text.len(), |offset| position + offset)
}

/// The start of the line after the one holding `position`.
fn after_line(text: &str, position: usize) -> usize {
    text[position..]
        .find('\n')
        .map_or(text.len(), |offset| position + offset + 1)
}

/// Applies the backslash escapes of double-quoted values: the ones `echo`
/// knows (`\a \b \f \n \r \t \v \\ \"` and `\0` plus three octal digits),
/// and `\$`, which stays a literal dollar through substitution. Anything
/// else, `\x41` or `\u00e9` included, is kept as written.
fn unescape(bytes: &[MappedByte]) -> Vec<MappedByte> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&first) = bytes.get(index) {
        let next = bytes.get(index + 1).map(|byte| byte.byte);
        let (replacement, consumed): (Option<Vec<u8>>, usize) = match (first.byte, next) {
            (b'\\', Some(letter)) => match letter {
                b'a' => (Some(vec![0x07]), 2),
                b'b' => (Some(vec![0x08]), 2),
                b'f' => (Some(vec![0x0c]), 2),
                b'n' => (Some(vec![b'\n']), 2),
                b'r' => (Some(vec![b'\r']), 2),
                b't' => (Some(vec![b'\t']), 2),
                b'v' => (Some(vec![0x0b]), 2),
                b'\\' => (Some(vec![b'\\']), 2),
                b'"' => (Some(vec![b'"']), 2),
                b'$' => (Some(b"$$".to_vec()), 2),
                b'0' => {
                    let digits: Vec<u8> = bytes[index + 2..]
                        .iter()
                        .take(3)
                        .map(|byte| byte.byte)
                        .take_while(u8::is_ascii_digit)
                        .collect();
                    (octal(&digits), 2 + digits.len())
                }
                _ => (None, 1),
            },
            _ => (None, 1),
        };
        let end = (index + consumed).min(bytes.len());
        match replacement {
            Some(replacement) => {
                let start = first.start;
                let stop = bytes.get(end - 1).map_or(first.end, |byte| byte.end);
                out.extend(replacement.into_iter().map(|byte| MappedByte {
                    byte,
                    start,
                    end: stop,
                }));
            }
            None => out.extend_from_slice(&bytes[index..end]),
        }
        index = end;
    }
    out
}

/// `\0` followed by exactly three octal digits naming a code point up to
/// 255, as UTF-8; anything else is kept as written.
fn octal(digits: &[u8]) -> Option<Vec<u8>> {
    let [_, _, _] = digits else {
        return None;
    };
    let mut value = 0u32;
    for &digit in digits {
        if !(b'0'..=b'7').contains(&digit) {
            return None;
        }
        value = value * 8 + u32::from(digit - b'0');
    }
    let c = char::from_u32(value).filter(|_| value <= 0xff)?;
    Some(c.to_string().into_bytes())
}

fn string_from(bytes: &[MappedByte]) -> String {
    let raw: Vec<u8> = bytes.iter().map(|byte| byte.byte).collect();
    // Only ASCII is removed or inserted, so the bytes stay UTF-8.
    String::from_utf8(raw)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    /// Parses `text` with an empty environment and asserts there is no problem.
    fn clean(text: &str) -> Dotenv {
        let dotenv = parse(text, &no_env);
        assert!(
            dotenv.problems.is_empty(),
            "{text:?} gave {:?}",
            dotenv.problems
        );
        dotenv
    }

    /// `(name, value)` of every entry.
    fn pairs(dotenv: &Dotenv) -> Vec<(&str, &str)> {
        dotenv
            .entries
            .iter()
            .map(|entry| (entry.name.as_str(), entry.value.as_str()))
            .collect()
    }

    /// The value `text` gives `name`, asserting the file parses cleanly.
    fn value_of(text: &str, name: &str) -> String {
        let dotenv = clean(text);
        let Some(entry) = dotenv.get(name) else {
            panic!("{text:?} does not set {name:?}: {:?}", dotenv.entries);
        };
        entry.value.clone()
    }

    fn slice(text: &str, span: Span) -> &str {
        let Some(slice) = text.get(span.start..span.end) else {
            panic!("{span:?} is not in {text:?}");
        };
        slice
    }

    /// The text each problem's span covers, with its message.
    fn problems(text: &str, dotenv: &Dotenv) -> Vec<(String, String)> {
        dotenv
            .problems
            .iter()
            .map(|problem| {
                let message = match &problem.kind {
                    DotenvProblemKind::Syntax { message, .. } => message.clone(),
                    DotenvProblemKind::Interpolation(kind) => kind.to_string(),
                };
                (slice(text, problem.span).to_owned(), message)
            })
            .collect()
    }

    #[test]
    fn names_and_values_with_their_spans() {
        let text = "\na=b\na[1]=c\na.propertyKey=d\nárvíztűrő-TÜKÖRFÚRÓGÉP=ÁRVÍZTŰRŐ-tükörfúrógép\nVAR-WITH-DASHES = dashes  \n";
        let dotenv = clean(text);
        assert_eq!(
            pairs(&dotenv),
            vec![
                ("a", "b"),
                ("a[1]", "c"),
                ("a.propertyKey", "d"),
                ("árvíztűrő-TÜKÖRFÚRÓGÉP", "ÁRVÍZTŰRŐ-tükörfúrógép"),
                ("VAR-WITH-DASHES", "dashes"),
            ]
        );
        for entry in &dotenv.entries {
            assert_eq!(slice(text, entry.name_span), entry.name);
            assert_eq!(slice(text, entry.value_span), entry.value);
        }
    }

    #[test]
    fn separators_and_spacing() {
        for (text, name, value) in [
            ("FOO=bar", "FOO", "bar"),
            ("FOO =bar", "FOO", "bar"),
            ("FOO= bar", "FOO", "bar"),
            ("FOO=bar ", "FOO", "bar"),
            ("OPTION_A: 1", "OPTION_A", "1"),
            ("OPTION_A: Foo=bar", "OPTION_A", "Foo=bar"),
            ("OPTION_A=1:B", "OPTION_A", "1:B"),
            ("FOO=foobar=", "FOO", "foobar="),
            (" KEY =value", "KEY", "value"),
            ("\tKEY=value", "KEY", "value"),
            ("FOO=a\\tb", "FOO", "a\\tb"),
            ("OPTION_D = special è char", "OPTION_D", "special è char"),
        ] {
            assert_eq!(value_of(text, name), value, "{text:?}");
        }
    }

    #[test]
    fn export_prefix() {
        for (text, name, value) in [
            ("export OPTION_A=2", "OPTION_A", "2"),
            ("export OPTION_B='\\n'", "OPTION_B", "\\n"),
            ("export exportFoo=2", "exportFoo", "2"),
            ("exportFOO=2", "exportFOO", "2"),
            ("export_FOO =2", "export_FOO", "2"),
            ("export.FOO= 2", "export.FOO", "2"),
            ("export\tOPTION_A=2", "OPTION_A", "2"),
            ("  export OPTION_A=2", "OPTION_A", "2"),
            ("export OPTION_A=\"export A\"", "OPTION_A", "export A"),
        ] {
            assert_eq!(value_of(text, name), value, "{text:?}");
        }
        let text = "export  KEY=v";
        let dotenv = clean(text);
        let Some(entry) = dotenv.get("KEY") else {
            panic!("{:?}", dotenv.entries);
        };
        assert_eq!(slice(text, entry.name_span), "KEY");
        let dotenv = parse("export ", &no_env);
        assert_eq!(problems("export ", &dotenv).len(), 1);
    }

    #[test]
    fn comments() {
        assert!(
            clean("# Comment\n\t # comment\n\n\r\n\t\t ")
                .entries
                .is_empty()
        );
        for (text, value) in [
            ("FOO=bar # this is foo", "bar"),
            ("FOO=bar #this is foo", "bar"),
            ("FOO=bar #", "bar"),
            ("FOO=123#not-an-inline-comment", "123#not-an-inline-comment"),
            (
                "FOO=bar\t#tab is no comment start",
                "bar\t#tab is no comment start",
            ),
            ("FOO= #x", "#x"),
            ("FOO=\"bar#baz\"", "bar#baz"),
            ("FOO=\"bar#baz\"#", "bar#baz"),
            ("FOO=\"bar#baz\" # comment", "bar#baz"),
            ("FOO='bar#baz' # comment", "bar#baz"),
            ("FOO=\"ba#r\"", "ba#r"),
        ] {
            assert_eq!(value_of(text, "FOO"), value, "{text:?}");
        }
        let text = "A=1 # one\n# B=2\nC=3";
        assert_eq!(pairs(&clean(text)), vec![("A", "1"), ("C", "3")]);
    }

    #[test]
    fn quoted_values() {
        for (text, value) in [
            ("FOO='1'", "1"),
            ("FOO=''", ""),
            ("FOO=\"\"", ""),
            ("FOO=", ""),
            ("FOO='\\n'", "\\n"),
            ("FOO=\"\\n\"", "\n"),
            ("FOO = \"echo 'asd'\" # Inline comment", "echo 'asd'"),
            ("FOO='Let\\'s go!'", "Let's go!"),
            ("FOO=\"escaped\\\"bar\"", "escaped\"bar"),
            ("FOO=\"\\\"quoted\\\"\"", "\"quoted\""),
            ("FOO=\"'d'\"", "'d'"),
            ("FOO=\"bar\\nbaz\"", "bar\nbaz"),
            ("FOO=\"a\\tb\"", "a\tb"),
            ("FOO=\"bar\\n\\ b\\az\"", "bar\n\\ b\u{7}z"),
            ("FOO=\"bar\\\\\\n\\ b\\az\"", "bar\\\n\\ b\u{7}z"),
            ("FOO=\"bar\\\\r\\ b\\az\"", "bar\\r\\ b\u{7}z"),
            ("FOO=\"bar\\nbaz\\\\\"", "bar\nbaz\\"),
            (
                "FOO='first line\nsecond line\nand so on'",
                "first line\nsecond line\nand so on",
            ),
        ] {
            assert_eq!(value_of(text, "FOO"), value, "{text:?}");
        }
    }

    #[test]
    fn escapes_in_double_quotes() {
        assert_eq!(
            value_of(r#"KEY="Z\aZ\bZ\fZ\nZ\rZ\tZ\vZ\\Z\0123Z""#, "KEY"),
            "Z\u{7}Z\u{8}Z\u{c}Z\nZ\rZ\tZ\u{b}Z\\ZSZ"
        );
        for (text, value) in [
            (r#"KEY="\0123""#, "S"),
            (r#"KEY="\0377""#, "\u{ff}"),
            (r#"KEY="\0400""#, r"\0400"),
            (r#"KEY="\012""#, r"\012"),
            (r#"KEY="\0189""#, r"\0189"),
            (r#"KEY="\x07""#, r"\x07"),
            (r#"KEY="\u12e4""#, r"\u12e4"),
            (r#"KEY="\U00101234""#, r"\U00101234"),
            (r#"KEY="\c""#, r"\c"),
            (r#"KEY="\'""#, r"\'"),
        ] {
            assert_eq!(value_of(text, "KEY"), value, "{text:?}");
        }
    }

    #[test]
    fn multi_line_double_quoted_value() {
        let text = "TEST_URLS=\"stratum+tcp://a:3333\nstratum+tcp://b:443\"\nNEXT=1";
        let dotenv = clean(text);
        assert_eq!(
            pairs(&dotenv),
            vec![
                ("TEST_URLS", "stratum+tcp://a:3333\nstratum+tcp://b:443"),
                ("NEXT", "1")
            ]
        );
        let Some(entry) = dotenv.get("TEST_URLS") else {
            panic!("{:?}", dotenv.entries);
        };
        assert_eq!(
            slice(text, entry.value_span),
            "stratum+tcp://a:3333\nstratum+tcp://b:443"
        );
    }

    #[test]
    fn a_closing_quote_may_be_followed_by_another_statement() {
        let dotenv = clean("A=\"x\" B=y\n");
        assert_eq!(pairs(&dotenv), vec![("A", "x"), ("B", "y")]);
    }

    #[test]
    fn lone_names_copy_the_environment() {
        let env = |name: &str| (name == "FROM_ENV").then(|| "env value".to_owned());
        let text = "foo=bar\nFROM_ENV\nNOT_FOUND\r\nfoo\nbar=baz\n";
        let dotenv = parse(text, &env);
        assert!(dotenv.problems.is_empty(), "{:?}", dotenv.problems);
        assert_eq!(
            pairs(&dotenv),
            vec![
                ("foo", "bar"),
                ("FROM_ENV", "env value"),
                ("foo", "bar"),
                ("bar", "baz"),
            ]
        );
        let Some(entry) = dotenv.entries.get(1) else {
            panic!("{:?}", dotenv.entries);
        };
        assert_eq!(slice(text, entry.name_span), "FROM_ENV");
        assert_eq!(entry.value_span, Span::at(entry.name_span.end));
    }

    #[test]
    fn statements_compose_reads_as_the_empty_name() {
        assert_eq!(pairs(&clean("=\"value\"")), vec![("", "value")]);
        // No `=` and no line break: the text becomes the empty name's value.
        let text = "A=1\nLAST";
        let dotenv = clean(text);
        assert_eq!(pairs(&dotenv), vec![("A", "1"), ("", "LAST")]);
        let Some(entry) = dotenv.entries.get(1) else {
            panic!("{:?}", dotenv.entries);
        };
        assert_eq!(slice(text, entry.value_span), "LAST");
        assert!(entry.name_span.is_empty());
    }

    #[test]
    fn crlf_and_bom() {
        let text =
            "\u{feff}OPTION_A=1\r\nOPTION_B='2'\r\nOPTION_C=\"3\" # c\r\n# c\r\nOPTION_D = 4 \r\n";
        let dotenv = clean(text);
        assert_eq!(
            pairs(&dotenv),
            vec![
                ("OPTION_A", "1"),
                ("OPTION_B", "2"),
                ("OPTION_C", "3"),
                ("OPTION_D", "4")
            ]
        );
        for entry in &dotenv.entries {
            assert_eq!(slice(text, entry.name_span), entry.name);
            assert_eq!(slice(text, entry.value_span), entry.value);
        }
    }

    #[test]
    fn invalid_names_are_reported_and_parsing_goes_on() {
        let text = "lol$wut\nGOOD=1\n%!(EXTRA string)=foo\nINVALID LINE\nKEY WITH SPACE=1\nzot=qix";
        let dotenv = parse(text, &no_env);
        assert_eq!(pairs(&dotenv), vec![("GOOD", "1"), ("zot", "qix")]);
        let found = problems(text, &dotenv);
        let covered: Vec<_> = found.iter().map(|(covered, _)| covered.as_str()).collect();
        assert_eq!(covered, vec!["$", "%", "INVALID LINE", "KEY WITH SPACE"]);
        assert!(found.iter().all(|(_, message)| !message.is_empty()));
        assert!(
            dotenv
                .problems
                .iter()
                .all(|p| matches!(p.kind, DotenvProblemKind::Syntax { help: Some(_), .. }))
        );
    }

    #[test]
    fn unterminated_quotes() {
        for text in [
            "KEY=\"",
            "KEY=\"value",
            "KEY=\"value\\\"",
            "KEY=\"value'",
            "KEY='",
            "KEY='value",
            "KEY='value\\'",
            "KEY='value\"",
        ] {
            let dotenv = parse(text, &no_env);
            let found = problems(text, &dotenv);
            let expected = vec![(text[4..].to_owned(), "unterminated quoted value".to_owned())];
            assert_eq!(found, expected, "{text:?}");
            assert!(dotenv.entries.is_empty());
        }
        let text = "A='open\nB=2\n";
        let dotenv = parse(text, &no_env);
        assert_eq!(pairs(&dotenv), vec![("B", "2")]);
        assert_eq!(problems(text, &dotenv).len(), 1);
    }

    #[test]
    fn substitution_uses_the_environment_before_the_file() {
        let text = "OPTION_A=1\nOPTION_B=${OPTION_A}\nOPTION_C=$OPTION_B\nOPTION_D=${OPTION_A}_${OPTION_B}\n";
        assert_eq!(
            pairs(&clean(text)),
            vec![
                ("OPTION_A", "1"),
                ("OPTION_B", "1"),
                ("OPTION_C", "1"),
                ("OPTION_D", "1_1"),
            ]
        );
        let env = |name: &str| (name == "OPTION_A").then(|| "5".to_owned());
        let dotenv = parse(text, &env);
        assert_eq!(
            pairs(&dotenv),
            vec![
                ("OPTION_A", "1"),
                ("OPTION_B", "5"),
                ("OPTION_C", "5"),
                ("OPTION_D", "5_5"),
            ]
        );
        let text = "OPTION_A=${OPTION_A:-1}\nOPTION_B=${OPTION_A}\n";
        assert_eq!(
            pairs(&parse(text, &env)),
            vec![("OPTION_A", "5"), ("OPTION_B", "5")]
        );
        assert_eq!(
            pairs(&clean(text)),
            vec![("OPTION_A", "1"), ("OPTION_B", "1")]
        );
    }

    #[test]
    fn substitution_by_quoting() {
        for (text, value) in [
            ("FOO=test\nBAR=\"quote $FOO\"", "quote test"),
            ("FOO=test\nBAR='quote $FOO'", "quote $FOO"),
            ("FOO=test\nBAR=\"foo\\$FOO\"", "foo$FOO"),
            ("FOO=test\nBAR=\"foo\\${FOO}\"", "foo${FOO}"),
            ("FOO=test\nBAR=\"foo\\${FOO} ${FOO}\"", "foo${FOO} test"),
            ("FOO=test\nBAR=$$FOO", "$FOO"),
            ("FOO=test\nBAR=${FOO}bar", "testbar"),
        ] {
            assert_eq!(value_of(text, "BAR"), value, "{text:?}");
        }
    }

    #[test]
    fn substitution_problems_point_into_the_file() {
        let text = "A=x ${NOPE} # c\nB=\"\\t\\\"é\\\" ${REQ:?set REQ}\"\nC='$SINGLE'\nD=\"\\${X} $MISSING\"\nE=${bad\n";
        let dotenv = parse(text, &no_env);
        let covered: Vec<_> = problems(text, &dotenv)
            .into_iter()
            .map(|(covered, _)| covered)
            .collect();
        assert_eq!(
            covered,
            vec!["${NOPE}", "${REQ:?set REQ}", "$MISSING", "${bad"]
        );
        let kinds: Vec<_> = dotenv.problems.iter().map(|p| &p.kind).collect();
        assert!(matches!(
            kinds.as_slice(),
            [
                DotenvProblemKind::Interpolation(ProblemKind::Unset { .. }),
                DotenvProblemKind::Interpolation(ProblemKind::RequiredMissing { .. }),
                DotenvProblemKind::Interpolation(ProblemKind::Unset { .. }),
                DotenvProblemKind::Interpolation(ProblemKind::Invalid { .. }),
            ]
        ));
        assert_eq!(
            pairs(&dotenv),
            vec![
                ("A", "x "),
                ("B", "\t\"é\" "),
                ("C", "$SINGLE"),
                ("D", "${X} "),
                ("E", ""),
            ]
        );
    }

    #[test]
    fn a_later_duplicate_wins() {
        let dotenv = clean("A=1\nB=$A\nA=2\nC=$A\n");
        assert_eq!(
            pairs(&dotenv),
            vec![("A", "1"), ("B", "1"), ("A", "2"), ("C", "2")]
        );
        assert_eq!(dotenv.get("A").map(|entry| entry.value.as_str()), Some("2"));
    }
}
