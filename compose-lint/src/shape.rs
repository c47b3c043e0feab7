//! The shape of a configuration file another tool reads (Loki, Promtail,
//! Alertmanager): the keys each block accepts, the type of each value, and
//! the versions a key was added or removed in. Each tool's table lives
//! with the tool (`grafana/loki_keys.rs`, `grafana/promtail_keys.rs`,
//! `prometheus/alertmanager_keys.rs`); [`walk`] reads a parsed file
//! against a table and lists what does not fit.
//!
//! The checks say only what the tool itself would refuse. These tools
//! decode YAML with `gopkg.in/yaml.v2`, so a value the file writes as text
//! fits a text setting whatever it looks like, and a value that holds
//! `${…}` (expanded at start with `-config.expand-env`) is never judged.

use serde_json::Value;

use crate::yaml::escape_pointer_segment;

/// A release of a tool: `(major, minor)`, as an image tag names it.
pub(crate) type Version = (u32, u32);

/// What a value must look like.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Shape {
    /// Not modelled: anything goes, nothing inside is checked.
    Any,
    /// A scalar, read as text (any scalar fits; a mapping or list does not).
    Str,
    /// `true`/`false` (and the YAML 1.1 words `yes`, `no`, `on`, `off`).
    Bool,
    /// A whole number.
    Int,
    /// A number.
    Float,
    /// A duration: Go's (`1h30m`, `500ms`) or Prometheus's (`1d`, `2w`),
    /// or a whole number.
    Duration,
    /// A byte size: a whole number, or a number with a unit (`1MB`,
    /// `512KiB`, `1.5 GB`).
    Size,
    /// One of a fixed set of words, compared exactly.
    Choice(&'static [&'static str]),
    /// A mapping with a known set of keys.
    Block(&'static Block),
    /// A mapping with a known set of keys that the tool decodes leniently:
    /// an unknown key is ignored (the setting has no effect), not refused;
    /// values of the wrong type are still refused.
    Lenient(&'static Block),
    /// A list whose every item has the shape.
    List(&'static Shape),
    /// A mapping with keys of the user's choosing (labels, headers,
    /// modules), every value of the shape.
    Map(&'static Shape),
    /// A setting the tool added in the given release: an unknown key on a
    /// pinned older release.
    Since(Version, &'static Shape),
    /// A setting the tool removed in the given release: an unknown key on
    /// a pinned release at or after it.
    Until(Version, &'static Shape),
}

/// A mapping of the configuration and the keys it accepts.
pub(crate) struct Block {
    /// How messages name it (`limits_config`, `scrape config`).
    pub name: &'static str,
    pub fields: &'static [(&'static str, Shape)],
}

/// Only the name: tables refer to themselves (Alertmanager's route tree).
impl std::fmt::Debug for Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Block({})", self.name)
    }
}

impl Block {
    /// The shape of `key`, if the block accepts it.
    pub(crate) fn field(&self, key: &str) -> Option<Shape> {
        self.fields
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, shape)| *shape)
    }

    /// The keys the block accepts on `version`, for suggestions.
    pub(crate) fn known_keys(
        &self,
        version: Option<Version>,
    ) -> impl Iterator<Item = &'static str> {
        self.fields
            .iter()
            .filter(move |(_, shape)| accepted(*shape, version).is_ok())
            .map(|(name, _)| *name)
    }
}

/// Whether a key of `shape` exists on `version`, and its shape there.
fn accepted(shape: Shape, version: Option<Version>) -> Result<Shape, Absent> {
    match (shape, version) {
        (Shape::Since(added, _), Some(v)) if v < added => Err(Absent::NotYet(added)),
        (Shape::Until(removed, _), Some(v)) if v >= removed => Err(Absent::Removed(removed)),
        (Shape::Since(_, inner) | Shape::Until(_, inner), _) => accepted(*inner, version),
        (shape, _) => Ok(shape),
    }
}

/// Why a key is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Absent {
    /// No release knows it.
    Unknown,
    /// Added in a later release than the pinned one.
    NotYet(Version),
    /// Removed in this release or an earlier one.
    Removed(Version),
}

/// What the walk finds that does not fit.
#[derive(Debug)]
pub(crate) enum Misfit<'a> {
    /// A key `block` does not accept, at `pointer`.
    UnknownKey {
        pointer: String,
        key: &'a str,
        block: &'static Block,
        why: Absent,
        /// True when the tool ignores the key rather than refusing it.
        ignored: bool,
    },
    /// A value of the wrong type or form, at `pointer`.
    BadValue {
        pointer: String,
        value: &'a Value,
        /// What the setting takes: "a duration such as `30s` or `1h30m`".
        expected: String,
        /// The closest word, for a [`Shape::Choice`].
        suggestion: Option<&'static str>,
    },
}

/// Walks `value` against `shape` for a tool on `version` (`None` when the
/// release is not pinned: every key any release knows is accepted).
pub(crate) fn walk(value: &Value, shape: Shape, version: Option<Version>) -> Vec<Misfit<'_>> {
    let mut misfits = Vec::new();
    visit(value, String::new(), shape, version, &mut misfits);
    misfits
}

fn visit<'a>(
    value: &'a Value,
    pointer: String,
    shape: Shape,
    version: Option<Version>,
    out: &mut Vec<Misfit<'a>>,
) {
    // A setting left empty keeps its default; `${…}` is not known yet.
    if value.is_null() || value.as_str().is_some_and(|s| s.contains("${")) {
        return;
    }
    let bad = |expected: &str, out: &mut Vec<Misfit<'a>>, pointer: String| {
        out.push(Misfit::BadValue {
            pointer,
            value,
            expected: expected.to_string(),
            suggestion: None,
        });
    };
    match shape {
        Shape::Any => {}
        Shape::Since(_, inner) | Shape::Until(_, inner) => {
            visit(value, pointer, *inner, version, out)
        }
        Shape::Str => {
            if value.is_object() || value.is_array() {
                bad("text", out, pointer);
            }
        }
        Shape::Bool => {
            if !is_bool(value) {
                bad("`true` or `false`", out, pointer);
            }
        }
        Shape::Int => {
            if !is_int(value) {
                bad("a whole number", out, pointer);
            }
        }
        Shape::Float => {
            if !is_float(value) {
                bad("a number", out, pointer);
            }
        }
        Shape::Duration => {
            if !is_duration(value) {
                bad("a duration such as `30s`, `5m` or `1h30m`", out, pointer);
            }
        }
        Shape::Size => {
            if !is_size(value) {
                bad("a size such as `1048576`, `512KB` or `1GiB`", out, pointer);
            }
        }
        Shape::Choice(words) => {
            let fits = match value {
                Value::String(s) => words.contains(&s.as_str()),
                Value::Bool(b) => words.contains(&if *b { "true" } else { "false" }),
                Value::Number(n) => words.contains(&n.to_string().as_str()),
                _ => false,
            };
            if !fits {
                let suggestion = value
                    .as_str()
                    .and_then(|s| crate::compose::schema::closest(s, words.iter().copied()));
                out.push(Misfit::BadValue {
                    pointer,
                    value,
                    expected: if words.len() > 8 {
                        format!("one of the {} values the tool knows", words.len())
                    } else {
                        format!("one of {}", quoted_list(words))
                    },
                    suggestion,
                });
            }
        }
        Shape::Block(block) | Shape::Lenient(block) => {
            let ignored = matches!(shape, Shape::Lenient(_));
            let Some(map) = value.as_object() else {
                bad(&format!("a mapping (`{}`)", block.name), out, pointer);
                return;
            };
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", escape_pointer_segment(key));
                match block.field(key).map(|shape| accepted(shape, version)) {
                    Some(Ok(shape)) => visit(child, child_pointer, shape, version, out),
                    Some(Err(why)) => out.push(Misfit::UnknownKey {
                        pointer: child_pointer,
                        key,
                        block,
                        why,
                        ignored,
                    }),
                    None => out.push(Misfit::UnknownKey {
                        pointer: child_pointer,
                        key,
                        block,
                        why: Absent::Unknown,
                        ignored,
                    }),
                }
            }
        }
        Shape::List(item) => {
            let Some(items) = value.as_array() else {
                bad("a list", out, pointer);
                return;
            };
            for (i, child) in items.iter().enumerate() {
                visit(child, format!("{pointer}/{i}"), *item, version, out);
            }
        }
        Shape::Map(item) => {
            let Some(map) = value.as_object() else {
                bad("a mapping", out, pointer);
                return;
            };
            for (key, child) in map {
                visit(
                    child,
                    format!("{pointer}/{}", escape_pointer_segment(key)),
                    *item,
                    version,
                    out,
                );
            }
        }
    }
}

fn quoted_list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    quoted.join(", ")
}

fn is_bool(value: &Value) -> bool {
    match value {
        Value::Bool(_) => true,
        // yaml.v2 reads the YAML 1.1 words as booleans; a quoted `"true"`
        // cannot be told from a plain one here, so it fits too.
        Value::String(s) => yaml11_bool(s).is_some(),
        _ => false,
    }
}

/// The boolean yaml.v2 (which Loki, Promtail and Alertmanager decode
/// with) reads from a plain scalar: `true`, `yes`, `on`, `y` and the
/// other YAML 1.1 words, in their three spellings.
pub(crate) fn yaml11_bool(text: &str) -> Option<bool> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Some(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Some(false)
        }
        _ => None,
    }
}

/// Go's YAML decoders put any number in a whole-number setting (a float
/// such as `1.572864e+06` is truncated), so any number fits.
fn is_int(value: &Value) -> bool {
    is_float(value)
}

fn is_float(value: &Value) -> bool {
    match value {
        Value::Number(_) => true,
        Value::String(s) => {
            let s = s.trim();
            s.parse::<f64>().is_ok() || matches!(s, ".inf" | "-.inf" | ".nan" | ".Inf" | ".NaN")
        }
        _ => false,
    }
}

fn is_duration(value: &Value) -> bool {
    match value {
        // A number is nanoseconds (or seconds) depending on the decoder;
        // either way it loads.
        Value::Number(_) => true,
        Value::String(s) => go_duration(s) || crate::prometheus::duration::parse(s).is_some(),
        _ => false,
    }
}

/// Whether Go's `time.ParseDuration` accepts `text`: `[-+]` then one or
/// more decimal numbers each with a unit (`ns`, `us`, `µs`, `ms`, `s`,
/// `m`, `h`), or a bare `0`.
pub(crate) fn go_duration(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text);
    if s == "0" {
        return true;
    }
    if s.is_empty() {
        return false;
    }
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..digits];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return false;
        }
        rest = &rest[digits..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        if !matches!(
            &rest[..unit_end],
            "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h"
        ) {
            return false;
        }
        rest = &rest[unit_end..];
    }
    true
}

/// Whether a byte size parses as the tools parse one (`humanize.ParseBytes`
/// and `flagext.ByteSize`): a number, optional spaces, an optional unit
/// (`B`, `K`/`KB`/`KiB`, … up to exabytes, in any case).
fn is_size(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.is_i64() || n.is_u64(),
        Value::String(s) => {
            let s = s.trim();
            let end = s
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .unwrap_or(s.len());
            if end == 0 || s[..end].replace(',', "").parse::<f64>().is_err() {
                return false;
            }
            let unit = s[end..].trim().to_ascii_lowercase();
            matches!(
                unit.as_str(),
                "" | "b"
                    | "k"
                    | "kb"
                    | "kib"
                    | "ki"
                    | "m"
                    | "mb"
                    | "mib"
                    | "mi"
                    | "g"
                    | "gb"
                    | "gib"
                    | "gi"
                    | "t"
                    | "tb"
                    | "tib"
                    | "ti"
                    | "p"
                    | "pb"
                    | "pib"
                    | "pi"
                    | "e"
                    | "eb"
                    | "eib"
                    | "ei"
            )
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static INNER: Block = Block {
        name: "inner",
        fields: &[
            ("wait", Shape::Duration),
            ("size", Shape::Size),
            ("store", Shape::Choice(&["tsdb", "boltdb-shipper"])),
            ("old", Shape::Until((3, 0), &Shape::Bool)),
            ("new", Shape::Since((3, 0), &Shape::Int)),
        ],
    };
    static ROOT: Block = Block {
        name: "root",
        fields: &[
            ("inner", Shape::Block(&INNER)),
            ("replicas", Shape::Int),
            ("labels", Shape::Map(&Shape::Str)),
            ("items", Shape::List(&Shape::Block(&INNER))),
        ],
    };

    fn pointers(value: &Value, version: Option<Version>) -> Vec<String> {
        walk(value, Shape::Block(&ROOT), version)
            .into_iter()
            .map(|m| match m {
                Misfit::UnknownKey { pointer, why, .. } => format!("{pointer} {why:?}"),
                Misfit::BadValue { pointer, .. } => pointer,
            })
            .collect()
    }

    #[test]
    fn values_of_the_wrong_form_are_found() {
        let doc = json!({
            "replicas": "banana",
            "inner": {"wait": "1x", "size": "12 parsecs", "store": "tsbd"},
            "labels": {"a": "b", "c": {"d": 1}},
            "items": [{"wait": "5m"}, {"wait": "5 minutes"}],
        });
        assert_eq!(
            pointers(&doc, None),
            [
                "/replicas",
                "/inner/wait",
                "/inner/size",
                "/inner/store",
                "/labels/c",
                "/items/1/wait",
            ]
        );
    }

    #[test]
    fn values_of_the_right_form_and_unknown_ones_pass() {
        let doc = json!({
            "replicas": 3,
            "inner": {"wait": "1h30m", "size": "512KiB", "store": "tsdb"},
            "labels": {"a": "b", "c": 1},
            "items": [{"wait": "1d"}, {"wait": 0}, {"wait": "${WAIT}"}, {"wait": null}],
        });
        assert!(pointers(&doc, None).is_empty());
    }

    #[test]
    fn keys_follow_the_pinned_release() {
        let doc = json!({"inner": {"old": true, "new": 1, "nosuch": 1}});
        assert_eq!(pointers(&doc, None), ["/inner/nosuch Unknown"]);
        assert_eq!(
            pointers(&doc, Some((3, 2))),
            ["/inner/old Removed((3, 0))", "/inner/nosuch Unknown"]
        );
        assert_eq!(
            pointers(&doc, Some((2, 9))),
            ["/inner/new NotYet((3, 0))", "/inner/nosuch Unknown"]
        );
    }

    #[test]
    fn go_durations_parse_as_go_parses_them() {
        for ok in ["0", "1h30m", "500ms", "1.5h", "-2s", "10us", "3µs"] {
            assert!(go_duration(ok), "{ok}");
        }
        for bad in ["", "1", "1d", "1x", "h", "1h 30m", "1..5s"] {
            assert!(!go_duration(bad), "{bad}");
        }
    }
}
