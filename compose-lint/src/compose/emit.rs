//! YAML output of a resolved project, laid out like `docker compose config`.
//!
//! Users compare our resolved project with what Compose prints, so the layout
//! follows go-yaml v3 with two-space indentation: block mappings, sequence
//! items indented under their key, `{}` and `[]` for empty collections.
//!
//! Layout is the easy part; the text must also load back as the same value.
//! A string is written plain only when no YAML reader we care about would
//! take it for something else: our own loader (go-yaml v3 resolution, see
//! [`crate::yaml::scalar`]) and YAML 1.1 readers, which still turn `yes`,
//! `0755` or `12:30` into booleans and numbers. Anything doubtful is
//! double-quoted, which can spell every string.

use serde_json::{Map, Value};

use crate::yaml::scalar::resolve_plain;

/// Spaces per nesting level, as `docker compose config` prints.
const INDENT: usize = 2;

/// go-yaml writes keys longer than this (in bytes) as explicit `? key`
/// entries; readers are only required to accept short implicit keys.
const MAX_IMPLICIT_KEY_LEN: usize = 128;

/// Serialises `value` as block-style YAML, keys in the order given.
pub(crate) fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_mapping(&mut out, map, 0, false),
        Value::Array(items) if !items.is_empty() => write_sequence(&mut out, items, 0, false),
        scalar => write_scalar(&mut out, scalar, INDENT),
    }
    out
}

/// Writes the entries of a non-empty mapping at column `indent`. With
/// `first_inline` the first entry continues the current line (after `- `).
fn write_mapping(out: &mut String, map: &Map<String, Value>, indent: usize, first_inline: bool) {
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 || !first_inline {
            push_indent(out, indent);
        }
        if key.len() > MAX_IMPLICIT_KEY_LEN {
            out.push_str("? ");
            push_quoted_or_plain(out, key);
            out.push('\n');
            push_indent(out, indent);
        } else {
            push_quoted_or_plain(out, key);
        }
        out.push(':');
        write_entry_value(out, value, indent);
    }
}

/// Writes what follows `key:` for a key at column `indent`: a scalar on the
/// same line, or a collection on the next lines one level deeper.
fn write_entry_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_mapping(out, map, indent + INDENT, false);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_sequence(out, items, indent + INDENT, false);
        }
        scalar => {
            out.push(' ');
            write_scalar(out, scalar, indent + INDENT);
        }
    }
}

/// Writes the items of a non-empty sequence with their dashes at column
/// `indent`. A mapping or sequence item starts on the dash line, as go-yaml
/// prints it, and continues one level deeper.
fn write_sequence(out: &mut String, items: &[Value], indent: usize, first_inline: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !first_inline {
            push_indent(out, indent);
        }
        out.push_str("- ");
        match item {
            Value::Object(map) if !map.is_empty() => {
                write_mapping(out, map, indent + INDENT, true);
            }
            Value::Array(nested) if !nested.is_empty() => {
                write_sequence(out, nested, indent + INDENT, true);
            }
            scalar => write_scalar(out, scalar, indent + INDENT),
        }
    }
}

/// Writes a scalar or an empty collection and ends the line. A literal
/// block's lines go at column `block_indent`.
fn write_scalar(out: &mut String, value: &Value, block_indent: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        // JSON's spelling of a number is one our loader reads back as the
        // same number: integers stay integers, floats keep a `.` or exponent.
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
        Value::String(text) => {
            if let Some(header) = literal_header(text) {
                push_literal(out, text, header, block_indent);
                return;
            }
            push_quoted_or_plain(out, text);
        }
    }
    out.push('\n');
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Writes `text` plain when that reads back as the same string, else
/// double-quoted.
fn push_quoted_or_plain(out: &mut String, text: &str) {
    if is_plain_safe(text) {
        out.push_str(text);
    } else {
        push_double_quoted(out, text);
    }
}

/// The header for writing a multi-line string as a literal block (`|` keeps
/// one final newline, `|-` none), or `None` when double quotes are needed.
///
/// Scripts and embedded files read far better as literal blocks, as
/// `docker compose config` prints them, but a block cannot hold everything:
/// non-printable characters and tabs, several trailing newlines, a first line
/// that is empty or starts with a space (the reader would take its indentation
/// for the block's), and whitespace-only lines (readers disagree on those).
/// Such strings fall back to double quotes.
fn literal_header(text: &str) -> Option<&'static str> {
    let (body, header) = match text.strip_suffix('\n') {
        Some(body) => (body, "|"),
        None => (text, "|-"),
    };
    let mut lines = body.split('\n');
    let first = lines.next()?;
    let acceptable = body.contains('\n')
        && !body.ends_with('\n')
        && !first.is_empty()
        && !first.starts_with(' ')
        && body.chars().all(|c| c == '\n' || is_printable(c))
        && body
            .split('\n')
            .all(|line| line.is_empty() || line.chars().any(|c| c != ' '));
    acceptable.then_some(header)
}

fn push_literal(out: &mut String, text: &str, header: &str, indent: usize) {
    out.push_str(header);
    out.push('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    for line in body.split('\n') {
        if !line.is_empty() {
            push_indent(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
}

fn push_double_quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            // Every character `is_printable` rejects lies in the Basic
            // Multilingual Plane, so four hex digits always suffice.
            c if !is_printable(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Characters that may appear as they are in a plain scalar or a literal
/// block: YAML's printable set without tab and line breaks, and without the
/// characters YAML 1.1 treats as line breaks or a byte-order mark.
fn is_printable(c: char) -> bool {
    !c.is_control()
        && !matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// True when `text` written plain, as a key or a value, reads back as the
/// same string in go-yaml v3 and in YAML 1.1 readers.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let structural_ok = !matches!(
        first,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
            | ' '
    ) && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        // Document markers when a root scalar starts the line.
        && !text.starts_with("...")
        && text.chars().all(is_printable);
    structural_ok
        && resolve_plain(text) == Value::String(text.to_string())
        && !is_special_word(text)
        && !is_yaml11_number(text)
        && !looks_like_timestamp(text)
}

/// Booleans and nulls of YAML 1.1 and 1.2 in any case, plus `<<` (a merge
/// key) and `=` (YAML 1.1's value key).
fn is_special_word(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "y" | "yes" | "n" | "no" | "on" | "off" | "true" | "false" | "null" | "~" | "<<" | "="
    )
}

/// go-yaml quotes these as timestamps; any `YYYY-M…` prefix is treated as
/// one here rather than matching every layout the readers try.
fn looks_like_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() > 5
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5].is_ascii_digit()
}

/// YAML 1.1's integer and float forms (underscores allowed, `0b`, `0x`,
/// leading-zero octal, `.inf`/`.nan` in any case) and its base-60 numbers
/// such as `12:30`, which our loader keeps as strings but other readers
/// do not.
fn is_yaml11_number(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(body.to_ascii_lowercase().as_str(), ".inf" | ".nan") {
        return true;
    }
    let all = |s: &str, f: fn(char) -> bool| !s.is_empty() && s.chars().all(f);
    if let Some(digits) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        return all(digits, |c| matches!(c, '0' | '1' | '_'));
    }
    if let Some(digits) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        return all(digits, |c| c.is_ascii_hexdigit() || c == '_');
    }
    if let Some(digits) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
        return all(digits, |c| matches!(c, '0'..='7' | '_'));
    }
    is_yaml11_float(body) || is_base60(body)
}

/// `[0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?` with at least one digit before
/// the exponent; integers are the form without a dot or exponent.
fn is_yaml11_float(body: &str) -> bool {
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mantissa_ok = mantissa.chars().any(|c| c.is_ascii_digit())
        && mantissa.chars().filter(|&c| c == '.').count() <= 1
        && mantissa
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '_' | '.'));
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

/// `[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?`, as go-yaml's emitter checks.
fn is_base60(body: &str) -> bool {
    let (whole, fraction) = match body.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (body, None),
    };
    if fraction.is_some_and(|f| !f.chars().all(|c| c.is_ascii_digit() || c == '_')) {
        return false;
    }
    let mut parts = whole.split(':');
    let head_ok = parts.next().is_some_and(|head| {
        head.starts_with(|c: char| c.is_ascii_digit())
            && head.chars().all(|c| c.is_ascii_digit() || c == '_')
    });
    let mut sexagesimal = 0;
    for part in parts {
        let ok = match part.as_bytes() {
            [d] => d.is_ascii_digit(),
            [t, d] => matches!(t, b'0'..=b'5') && d.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
        sexagesimal += 1;
    }
    head_ok && sexagesimal > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reparse(text: &str) -> Value {
        let parsed = crate::yaml::parse(text);
        assert!(parsed.is_clean(), "{text:?}: {:?}", parsed.problems);
        let Some(document) = parsed.documents.first() else {
            panic!("no document in {text:?}");
        };
        document.value().clone()
    }

    fn assert_round_trip(value: &Value) {
        let text = to_yaml(value);
        assert_eq!(&reparse(&text), value, "emitted:\n{text}");
    }

    /// Strings that break naive emitters, from Compose files and YAML's
    /// corners.
    fn tricky_strings() -> Vec<String> {
        let mut strings: Vec<String> = [
            "",
            " ",
            "  ",
            "a ",
            " a",
            "80",
            "0755",
            "0o755",
            "0x1F",
            "0X1f",
            "0b101",
            "1_000",
            "1e3",
            "1E+3",
            "1e-3",
            ".5",
            "5.",
            "+1",
            "-1",
            "-0",
            "+.5",
            "1.5",
            "1.2.3",
            "08",
            "0.0.0.0",
            "127.0.0.1:8080:80",
            "80:80",
            "8080:80",
            "12:30",
            "1:2:3",
            "1:20:30.5",
            "190:20:30",
            "yes",
            "Yes",
            "YES",
            "no",
            "No",
            "on",
            "On",
            "off",
            "OFF",
            "y",
            "Y",
            "n",
            "N",
            "true",
            "True",
            "TRUE",
            "tRuE",
            "false",
            "null",
            "Null",
            "NULL",
            "~",
            ".inf",
            "-.inf",
            "+.INF",
            ".NaN",
            ".nan",
            "nan",
            "inf",
            "2024-01-02",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10 -5",
            "<<",
            "=",
            "-",
            "--",
            "---",
            "...",
            "....",
            "- a",
            "-a",
            "?",
            "? a",
            "?a",
            ":",
            ":a",
            "a:",
            "a: b",
            "a:b",
            "a :b",
            "http://example.com",
            "a #b",
            "a#b",
            "#a",
            "a,b",
            ",a",
            "[a]",
            "a[b]",
            "{a}",
            "a{b}",
            "&a",
            "*a",
            "!a",
            "!!str",
            "|",
            "|-",
            ">",
            "'a'",
            "\"a\"",
            "it's",
            "say \"hi\"",
            "%a",
            "@a",
            "`a`",
            "a\\b",
            "\\",
            "a\tb",
            "\t",
            "a\n",
            "a\nb",
            "a\nb\n",
            "a\nb\n\n",
            "\na",
            "\n",
            "\n\n",
            " a\nb",
            "a\n b",
            "a\n  \nb",
            "a\n\nb",
            "a\nb ",
            "a \nb",
            "#!/bin/sh\nset -e\necho \"$HOME\" # done\n",
            "a\r\nb",
            "a\rb",
            "\0",
            "\u{1}",
            "\u{7f}",
            "\u{85}",
            "a\u{85}b",
            "\u{a0}",
            "a\u{a0}",
            "\u{2028}",
            "a\u{2029}b",
            "\u{feff}a",
            "\u{fffe}",
            "\u{ffff}",
            "é",
            "日本語",
            "emoji 🐳",
            "${VAR}",
            "$${VAR}",
            "${VAR:-default}",
            "nginx:1.25-alpine",
            "CMD-SHELL",
            "--flag=value",
            "echo hello: world",
            "key=value",
            "a: b: c",
            "a:\tb",
            "0",
            "00",
            "-0.0",
            "1__0",
            "_1",
            "0x",
            "0b",
            "0o",
            "0xg",
            "1e",
            "e1",
            ".",
            "+",
            "+.",
            "1.e5",
            "+12:30",
            "1:60",
            "1:5_",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        strings.push("k".repeat(129));
        strings.push(format!("{}: x", "k".repeat(200)));
        strings
    }

    /// Deterministic pseudo-random strings built from awkward fragments, so
    /// that combinations nobody listed by hand get tried too.
    fn generated_strings(count: usize) -> Vec<String> {
        const FRAGMENTS: &[&str] = &[
            "a", "0", "1", "7", ".", "_", ":", " ", "  ", "-", "+", "#", "e", "x", "b", "'", "\"",
            "\\", "\n", "\t", "{", "[", "}", "]", ",", "?", "!", "&", "*", "|", ">", "%", "@", "`",
            "yes", "null", "~", "<<", "é", "\u{85}", "\u{2028}", "\u{1}",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let len = next() % 6;
                (0..len)
                    .map(|_| {
                        let index = usize::try_from(next() % FRAGMENTS.len() as u64).unwrap_or(0);
                        FRAGMENTS.get(index).copied().unwrap_or("a")
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn every_string_round_trips_as_value_key_and_item() {
        let mut strings = tricky_strings();
        strings.extend(generated_strings(4000));
        for text in &strings {
            let value = Value::String(text.clone());
            assert_round_trip(&value);
            assert_round_trip(&json!({ "k": text }));
            assert_round_trip(&json!({ "outer": { "k": text, "after": 1 } }));
            assert_round_trip(&json!([text, "after"]));
            assert_round_trip(&json!({ "list": [[text], { "k": text }] }));
            let mut map = Map::new();
            map.insert(text.clone(), value.clone());
            map.insert("after".to_string(), json!({ text.clone(): [text] }));
            assert_round_trip(&Value::Object(map));
        }
    }

    #[test]
    fn plain_where_compose_prints_plain() {
        for text in [
            "nginx:1.25-alpine",
            "80:80",
            "8080:80",
            "1.2.3",
            "http://example.com",
            "a#b",
            "a:b",
            "${VAR:-default}",
        ] {
            assert_eq!(to_yaml(&json!(text)), format!("{text}\n"));
        }
        for text in [
            "80",
            "0755",
            "yes",
            "12:30",
            "2024-01-02",
            ".inf",
            "-",
            "a: b",
            "<<",
        ] {
            assert_eq!(to_yaml(&json!(text)), format!("\"{text}\"\n"));
        }
    }

    #[test]
    fn numbers_and_other_scalars_round_trip() {
        let value = json!({
            "int": 42,
            "negative": -7,
            "big": 18_446_744_073_709_551_615u64,
            "min": i64::MIN,
            "float": 1.5,
            "whole_float": 1000.0,
            "tiny": 1e-7,
            "huge": 1e300,
            "zero": 0.0,
            "null": null,
            "yes": true,
            "no": false,
        });
        assert_round_trip(&value);
    }

    #[test]
    fn nested_mapping() {
        let value = json!({"services": {"web": {"image": "nginx", "init": true}}, "name": "demo"});
        assert_eq!(
            to_yaml(&value),
            "services:\n  web:\n    image: nginx\n    init: true\nname: demo\n"
        );
    }

    #[test]
    fn list_of_scalars_is_indented_under_its_key() {
        let value = json!({"web": {"command": ["echo", "80", 80, null]}});
        assert_eq!(
            to_yaml(&value),
            "web:\n  command:\n    - echo\n    - \"80\"\n    - 80\n    - null\n"
        );
    }

    #[test]
    fn list_of_mappings_starts_on_the_dash_line() {
        let value = json!({"ports": [
            {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"},
            {"target": 443}
        ]});
        assert_eq!(
            to_yaml(&value),
            "ports:\n  - mode: ingress\n    target: 80\n    published: \"8080\"\n    protocol: tcp\n  - target: 443\n"
        );
        assert_round_trip(&value);
    }

    #[test]
    fn empty_collections_are_inline() {
        let value = json!({"networks": {}, "volumes": [], "list": [{}, []], "default": {"x": {}}});
        assert_eq!(
            to_yaml(&value),
            "networks: {}\nvolumes: []\nlist:\n  - {}\n  - []\ndefault:\n  x: {}\n"
        );
        assert_eq!(to_yaml(&json!({})), "{}\n");
        assert_eq!(to_yaml(&json!([])), "[]\n");
        assert_eq!(to_yaml(&Value::Null), "null\n");
        assert_round_trip(&value);
    }

    #[test]
    fn nested_lists() {
        let value = json!({"matrix": [[1, 2], [[3], []], ["a", {"b": [4]}]]});
        assert_eq!(
            to_yaml(&value),
            "matrix:\n  - - 1\n    - 2\n  - - - 3\n    - []\n  - - a\n    - b:\n        - 4\n"
        );
        assert_round_trip(&value);
        assert_eq!(to_yaml(&json!([1, [2]])), "- 1\n- - 2\n");
    }

    #[test]
    fn multi_line_strings_use_literal_blocks_when_safe() {
        let value = json!({"script": "set -e\necho hi\n", "trimmed": "a\n\nb", "spaced": " a\nb"});
        assert_eq!(
            to_yaml(&value),
            "script: |\n  set -e\n  echo hi\ntrimmed: |-\n  a\n\n  b\nspaced: \" a\\nb\"\n"
        );
        assert_round_trip(&value);
        assert_eq!(to_yaml(&json!(["a\nb"])), "- |-\n  a\n  b\n");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            to_yaml(&json!("a\u{1}\t\"\\\u{85}")),
            "\"a\\u0001\\t\\\"\\\\\\u0085\"\n"
        );
    }

    #[test]
    fn long_keys_are_explicit() {
        let key = "k".repeat(MAX_IMPLICIT_KEY_LEN + 1);
        let value = json!({ key.clone(): {"a": 1} });
        assert_eq!(to_yaml(&value), format!("? {key}\n:\n  a: 1\n"));
        assert_round_trip(&value);
    }
}
