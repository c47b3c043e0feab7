//! Turns jsonschema errors into one clear message each.
//!
//! `oneOf`/`anyOf` errors carry the errors of every branch. The branch that
//! was never meant (its only error is the type at the same place) is
//! dropped; when every branch is such a type error they merge into one
//! "must be a list or a mapping" message; otherwise the branch whose errors
//! reach deepest into the value wins and its errors are shaped in turn.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError};
use serde_json::Value as Json;

use super::formats;
use super::suggest::{closest, only_close};
use super::{SCHEMA, SchemaProblem, SchemaProblemKind};
use crate::location::Part;
use crate::yaml::{escape_pointer_segment, pointer_segments};

pub(super) fn shape(error: &ValidationError<'_>, root: &Json, out: &mut Vec<SchemaProblem>) {
    let pointer = error.instance_path().to_string();
    let place = Place::new(root, &pointer);
    let value = error.instance();
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let schema_pointer = error.schema_path().to_string();
            for key in unexpected {
                out.push(unknown_key(&place, key, value, parent_of(&schema_pointer)));
            }
        }
        ValidationErrorKind::FalseSchema => {
            if let Some((parent, key)) = place.split_last() {
                out.push(unknown_key(&parent, &key, &Json::Null, None));
            }
        }
        ValidationErrorKind::Type { kind } => {
            out.push(invalid_type(&place, value, &expected_types(kind)));
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            best_match(error, context, root, &place, out);
        }
        ValidationErrorKind::Required { property } => {
            let key = property.as_str().unwrap_or_default();
            out.push(SchemaProblem {
                kind: SchemaProblemKind::MissingKey,
                pointer: place.pointer.clone(),
                part: Part::Key,
                message: format!("{} is missing the required key `{key}`", place.subject()),
                help: Some(format!("add `{key}:` to it")),
                note: None,
                replacement: None,
            });
        }
        kind => {
            let described = description(&error.schema_path().to_string());
            out.push(invalid_value(&place, value, kind, described));
        }
    }
}

/// The description of the schema a failed keyword belongs to, or, for a
/// branch of an `anyOf`/`oneOf`, of the property holding it.
fn description(schema_pointer: &str) -> Option<&'static str> {
    let own = &schema_pointer[..schema_pointer.rfind('/')?];
    let of = |pointer: &str| {
        SCHEMA
            .pointer(pointer)
            .and_then(|s| s.get("description"))
            .and_then(Json::as_str)
    };
    of(own).or_else(|| {
        let branch = own.rfind('/')?;
        let holder = &own[..branch];
        (holder.ends_with("/anyOf") || holder.ends_with("/oneOf"))
            .then(|| of(&holder[..holder.rfind('/')?]))
            .flatten()
    })
}

/// The errors of the branch that was most likely meant.
fn best_match(
    error: &ValidationError<'_>,
    context: &[Vec<ValidationError<'static>>],
    root: &Json,
    place: &Place,
    out: &mut Vec<SchemaProblem>,
) {
    let path = error.instance_path();
    let only_type_here = |branch: &Vec<ValidationError<'static>>| {
        branch.iter().all(|e| {
            e.instance_path() == path && matches!(e.kind(), ValidationErrorKind::Type { .. })
        })
    };
    let meant: Vec<&Vec<ValidationError<'static>>> = context
        .iter()
        .filter(|branch| !branch.is_empty() && !only_type_here(branch))
        .collect();
    let Some(branch) = meant.into_iter().max_by(|a, b| {
        // Deepest reach first; then the fewest errors; then the first branch.
        depth(a)
            .cmp(&depth(b))
            .then(b.len().cmp(&a.len()))
            .then(std::cmp::Ordering::Greater)
    }) else {
        let mut expected = Vec::new();
        for branch in context {
            for e in branch {
                if let ValidationErrorKind::Type { kind } = e.kind() {
                    for t in expected_types(kind) {
                        if !expected.contains(&t) {
                            expected.push(t);
                        }
                    }
                }
            }
        }
        out.push(invalid_type(place, error.instance(), &expected));
        return;
    };
    for e in branch {
        shape(e, root, out);
    }
}

fn depth(branch: &[ValidationError<'static>]) -> usize {
    branch
        .iter()
        .map(|e| e.instance_path().to_string().matches('/').count())
        .max()
        .unwrap_or(0)
}

fn expected_types(kind: &TypeKind) -> Vec<JsonType> {
    match kind {
        TypeKind::Single(t) => vec![*t],
        TypeKind::Multiple(set) => set.into_iter().collect(),
    }
}

/// The schema object an `additionalProperties` keyword belongs to.
fn parent_of(schema_pointer: &str) -> Option<&'static Json> {
    let cut = schema_pointer.rfind('/')?;
    SCHEMA.pointer(&schema_pointer[..cut])
}

/// The top-level sections whose entries are named elements, and the noun
/// for one of them.
const ELEMENTS: &[(&str, &str)] = &[
    ("services", "service"),
    ("networks", "network"),
    ("volumes", "volume"),
    ("configs", "config"),
    ("secrets", "secret"),
    ("models", "model"),
];

/// `service` for `services`, and so on.
fn element_noun(section: &str) -> Option<&'static str> {
    ELEMENTS
        .iter()
        .find(|(name, _)| *name == section)
        .map(|(_, noun)| *noun)
}

/// The pattern names of services, volumes, secrets and configs must match.
const NAME_PATTERN: &str = "^[a-zA-Z0-9._-]+$";

/// A name of a top-level section that its pattern refuses.
fn invalid_name(place: &Place, key: &str, pointer: String) -> Option<SchemaProblem> {
    let [section] = place.segments.as_slice() else {
        return None;
    };
    let noun = element_noun(section)?;
    let help = if key.contains('$') {
        format!("Compose does not interpolate names: write the {noun}'s name as it is")
    } else {
        let suggested: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        if key.is_empty() {
            format!("give the {noun} a name")
        } else {
            format!("rename it, e.g. `{suggested}`")
        }
    };
    Some(SchemaProblem {
        kind: SchemaProblemKind::InvalidValue,
        pointer,
        part: Part::Key,
        message: format!(
            "{noun} name `{key}` is not valid: a name holds only letters, digits, `.`, `_` and `-`"
        ),
        help: Some(help),
        note: Some(format!(
            "Compose rejects the file: `{section} additional properties '{key}' not allowed`"
        )),
        replacement: None,
    })
}

fn unknown_key(place: &Place, key: &str, object: &Json, schema: Option<&Json>) -> SchemaProblem {
    let pointer = format!("{}/{}", place.pointer, escape_pointer_segment(key));
    let named = schema
        .and_then(|s| s.get("patternProperties"))
        .and_then(Json::as_object)
        .is_some_and(|p| p.contains_key(NAME_PATTERN));
    if named && let Some(problem) = invalid_name(place, key, pointer.clone()) {
        return problem;
    }
    let known: Vec<&str> = schema
        .and_then(|s| s.get("properties"))
        .and_then(Json::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let extensions = schema
        .and_then(|s| s.get("patternProperties"))
        .and_then(Json::as_object)
        .is_some_and(|p| p.contains_key("^x-"));
    let within = if place.segments.is_empty() {
        "at the top level".to_string()
    } else {
        format!("in {}", place.subject())
    };
    let mut message = format!("unknown key `{key}` {within}");
    let suggestion = closest(key, known.iter().copied());
    if let Some(suggestion) = suggestion {
        message.push_str(&format!("; did you mean `{suggestion}`?"));
    }
    let help = if let Some(help) = misplaced_key_help(place, key, object) {
        Some(help)
    } else if let Some(suggestion) = suggestion {
        Some(format!("rename it to `{suggestion}`"))
    } else {
        let mut help = if !known.is_empty() && known.len() <= 12 {
            format!("the keys allowed here are {}", list(&known, "and"))
        } else {
            String::new()
        };
        if extensions {
            if help.is_empty() {
                help = "extension keys must start with `x-`".to_string();
            } else {
                help.push_str(", and extension keys starting with `x-`");
            }
        }
        (!help.is_empty()).then_some(help)
    };
    // A rename is offered only when one allowed key is closest, no better
    // help applies, the mapping does not hold that key already, and no
    // other unknown key of the mapping would be renamed to it too.
    let entries = object.as_object();
    let taken = |s: &str| {
        entries.is_some_and(|entries| {
            entries.contains_key(s)
                || entries.keys().any(|other| {
                    other != key
                        && !known.contains(&other.as_str())
                        && only_close(other, known.iter().copied()) == Some(s)
                })
        })
    };
    let replacement = suggestion
        .filter(|_| misplaced_key_help(place, key, object).is_none())
        .filter(|s| only_close(key, known.iter().copied()) == Some(*s))
        .filter(|s| !taken(s))
        .map(|s| (key.to_string(), s.to_string()));
    SchemaProblem {
        kind: SchemaProblemKind::UnknownKey,
        pointer,
        part: Part::Key,
        message,
        help,
        note: None,
        replacement,
    }
}

/// Help for keys written one level too high, the mistakes people make most.
fn misplaced_key_help(place: &Place, key: &str, object: &Json) -> Option<String> {
    let segments: Vec<&str> = place.segments.iter().map(String::as_str).collect();
    let network_level = matches!(
        segments.as_slice(),
        ["networks", _] | ["networks", _, "ipam"]
    );
    if network_level && matches!(key, "subnet" | "gateway" | "ip_range" | "aux_addresses") {
        return Some(format!(
            "`{key}` belongs to an entry of `ipam.config`, a list:\n  ipam:\n    config:\n      - {key}: …"
        ));
    }
    if segments.is_empty() {
        let looks_like_service = object
            .get(key)
            .and_then(Json::as_object)
            .is_some_and(|m| m.contains_key("image") || m.contains_key("build"));
        if looks_like_service {
            return Some(format!(
                "services are defined under `services:`; move `{key}` there (files without `services:` are the obsolete version 1 format)"
            ));
        }
    }
    if matches!(segments.as_slice(), ["services", _])
        && matches!(
            key,
            "interval" | "timeout" | "retries" | "start_period" | "test"
        )
    {
        return Some(format!("`{key}` belongs under `healthcheck:`"));
    }
    None
}

fn invalid_type(place: &Place, value: &Json, expected: &[JsonType]) -> SchemaProblem {
    let names: Vec<&str> = expected_names(expected);
    SchemaProblem {
        kind: SchemaProblemKind::InvalidType,
        pointer: place.pointer.clone(),
        part: Part::Value,
        message: format!(
            "{} must be {}, found {}",
            place.subject(),
            list(&names, "or"),
            found(value)
        ),
        help: type_help(value, expected),
        note: None,
        replacement: None,
    }
}

/// How to write the value so it has the type the schema expects.
fn type_help(value: &Json, expected: &[JsonType]) -> Option<String> {
    let wants = |t: JsonType| expected.contains(&t);
    match value {
        Json::String(text) => {
            let lower = text.to_ascii_lowercase();
            if wants(JsonType::Boolean)
                && matches!(lower.as_str(), "yes" | "no" | "on" | "off" | "y" | "n")
            {
                Some(format!(
                    "`{text}` is a boolean only in YAML 1.1; Compose reads YAML 1.2, where it is a string: write `true` or `false`"
                ))
            } else if wants(JsonType::Boolean) && matches!(lower.as_str(), "true" | "false") {
                Some(format!(
                    "remove the quotes: `{lower}` is a boolean, `\"{text}\"` a string"
                ))
            } else if (wants(JsonType::Integer) || wants(JsonType::Number))
                && text.trim().parse::<f64>().is_ok()
            {
                Some("remove the quotes to make it a number".to_string())
            } else {
                None
            }
        }
        Json::Number(_) | Json::Bool(_) if wants(JsonType::String) => {
            Some(format!("quote it to make it a string: \"{value}\""))
        }
        Json::Object(_) if wants(JsonType::Array) => {
            Some("write the entries as a list, each on a line starting with `- `".to_string())
        }
        Json::Array(_) if wants(JsonType::Object) => Some(
            "write the entries as a mapping, each as `name:` followed by its settings (an empty value is allowed)"
                .to_string(),
        ),
        _ => None,
    }
}

fn expected_names(expected: &[JsonType]) -> Vec<&'static str> {
    let mut names = Vec::new();
    for t in expected {
        let name = match t {
            JsonType::Null => "empty",
            JsonType::Boolean if expected.len() == 1 => "`true` or `false`",
            JsonType::Boolean => "a boolean",
            JsonType::Integer => "a whole number",
            JsonType::Number => "a number",
            JsonType::String => "a string",
            JsonType::Array => "a list",
            JsonType::Object => "a mapping",
        };
        // A number covers a whole number.
        if *t == JsonType::Integer && expected.contains(&JsonType::Number) {
            continue;
        }
        if !names.contains(&name) {
            names.push(name);
        }
    }
    // Lead with the structured forms: "a list or a mapping", "a string or empty".
    names.sort_by_key(|n| match *n {
        "a string" => 0,
        "a number" | "a whole number" => 1,
        "`true` or `false`" | "a boolean" => 2,
        "a list" => 3,
        "a mapping" => 4,
        _ => 5,
    });
    names
}

fn found(value: &Json) -> String {
    match value {
        Json::Null => "an empty value".to_string(),
        Json::Bool(b) => format!("`{b}`"),
        Json::Number(n) => format!("the number `{n}`"),
        Json::String(s) if s.is_empty() => "an empty string".to_string(),
        Json::String(s) => format!("the string `{}`", shorten(s)),
        Json::Array(_) => "a list".to_string(),
        Json::Object(_) => "a mapping".to_string(),
    }
}

fn invalid_value(
    place: &Place,
    value: &Json,
    kind: &ValidationErrorKind,
    described: Option<&str>,
) -> SchemaProblem {
    let subject = place.subject();
    let mut pointer = place.pointer.clone();
    let shown = show(value);
    let mut note = None;
    let mut replacement = None;
    let (message, help) = match kind {
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .map(|o| o.iter().map(show).collect())
                .unwrap_or_default();
            let names: Vec<&str> = options.iter().map(String::as_str).collect();
            let text = value.as_str().unwrap_or_default();
            let bare: Vec<&str> = names.iter().map(|n| n.trim_matches('`')).collect();
            let help = closest(text, bare.iter().copied()).map(|s| format!("did you mean `{s}`?"));
            replacement = only_close(text, bare.iter().copied())
                .filter(|_| !text.is_empty())
                .map(|s| (text.to_string(), s.to_string()));
            (
                format!("{subject} must be {}, found {shown}", one_of(&names)),
                help,
            )
        }
        ValidationErrorKind::Constant { expected_value } => (
            format!("{subject} must be {}, found {shown}", show(expected_value)),
            None,
        ),
        ValidationErrorKind::Format { format } => match formats::find(format) {
            Some(f) => {
                let reason = value
                    .as_str()
                    .and_then(|text| (f.check)(text).err().flatten());
                note = value
                    .as_str()
                    .zip(f.compose_error)
                    .map(|(text, error)| format!("Compose rejects the file: `{}`", error(text)));
                let noun = format_noun(f.name);
                let message = match reason {
                    Some(reason) => format!("{subject} is not a valid {noun}: {reason}"),
                    None => format!("{subject} is not a valid {noun}: {shown}"),
                };
                (message, Some(f.expected.to_string()))
            }
            None => (format!("{subject} is not a valid {format}: {shown}"), None),
        },
        ValidationErrorKind::Pattern { pattern } => (
            format!("{subject} has an invalid value: {shown}"),
            Some(match described {
                Some(text) => expected(text),
                None => format!("the value must match the pattern `{pattern}`"),
            }),
        ),
        ValidationErrorKind::Minimum { limit } => (
            format!("{subject} must be at least {limit}, found {shown}"),
            None,
        ),
        ValidationErrorKind::Maximum { limit } => (
            format!("{subject} must be at most {limit}, found {shown}"),
            None,
        ),
        ValidationErrorKind::ExclusiveMinimum { limit } => (
            format!("{subject} must be greater than {limit}, found {shown}"),
            None,
        ),
        ValidationErrorKind::ExclusiveMaximum { limit } => (
            format!("{subject} must be less than {limit}, found {shown}"),
            None,
        ),
        ValidationErrorKind::MinItems { limit } | ValidationErrorKind::MinProperties { limit } => {
            let message = if *limit == 1 {
                format!("{subject} must not be empty")
            } else {
                format!("{subject} must have at least {limit} entries")
            };
            (message, None)
        }
        ValidationErrorKind::MaxItems { limit } | ValidationErrorKind::MaxProperties { limit } => {
            (format!("{subject} must have at most {limit} entries"), None)
        }
        ValidationErrorKind::MinLength { limit } => {
            let message = if *limit == 1 {
                format!("{subject} must not be an empty string")
            } else {
                format!("{subject} must be at least {limit} characters long")
            };
            (message, None)
        }
        ValidationErrorKind::MaxLength { limit } => (
            format!("{subject} must be at most {limit} characters long"),
            None,
        ),
        ValidationErrorKind::UniqueItems => {
            let duplicate = value.as_array().and_then(|items| {
                items
                    .iter()
                    .enumerate()
                    .find(|(i, item)| items[..*i].contains(item))
            });
            match duplicate {
                Some((index, item)) => {
                    pointer = format!("{pointer}/{index}");
                    (
                        format!("{subject} lists {} more than once", show(item)),
                        Some("remove the repeated entry".to_string()),
                    )
                }
                None => (format!("{subject} has repeated entries"), None),
            }
        }
        ValidationErrorKind::Not { .. } => (format!("{subject} is not allowed here"), None),
        ValidationErrorKind::OneOfMultipleValid { .. } => (
            format!("{subject} is ambiguous: it matches more than one of its forms"),
            None,
        ),
        _ => (format!("{subject} is not valid: {shown}"), None),
    };
    SchemaProblem {
        kind: SchemaProblemKind::InvalidValue,
        pointer,
        part: Part::Value,
        message,
        help,
        note,
        replacement,
    }
}

/// "A number of CPU cores." → "expected a number of CPU cores".
fn expected(description: &str) -> String {
    let text = description.trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("expected {}{}", first.to_lowercase(), chars.as_str()),
        None => String::new(),
    }
}

fn format_noun(name: &str) -> &str {
    match name {
        "ports" => "port mapping",
        "byte-size" => "size",
        "cidr" => "subnet",
        "ip-address" => "IP address",
        "ipv4" => "IPv4 address",
        "ipv6" => "IPv6 address",
        "extra-host" => "extra host",
        "environment-variable" => "variable",
        "device" => "device mapping",
        other => other,
    }
}

/// A value for a message: scalars in backticks, collections by kind.
fn show(value: &Json) -> String {
    match value {
        Json::String(s) if s.is_empty() => "an empty string".to_string(),
        Json::String(s) => format!("`{}`", shorten(s)),
        Json::Null => "an empty value".to_string(),
        Json::Array(_) => "a list".to_string(),
        Json::Object(_) => "a mapping".to_string(),
        other => format!("`{other}`"),
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_string()
    } else {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    }
}

fn one_of(options: &[&str]) -> String {
    match options {
        [only] => (*only).to_string(),
        _ => format!("one of {}", list(options, "or")),
    }
}

/// `a`, `b` and `c`.
fn list(items: &[&str], last: &str) -> String {
    let wrapped: Vec<String> = items
        .iter()
        .map(|i| {
            if i.starts_with('`') || i.starts_with("a ") || *i == "empty" {
                (*i).to_string()
            } else {
                format!("`{i}`")
            }
        })
        .collect();
    match wrapped.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// A place in the document, named the way a person reads the file.
struct Place {
    pointer: String,
    segments: Vec<String>,
    /// Whether each segment indexes a list.
    indices: Vec<bool>,
}

impl Place {
    fn new(root: &Json, pointer: &str) -> Self {
        let segments = pointer_segments(pointer).unwrap_or_default();
        let mut indices = Vec::with_capacity(segments.len());
        let mut node = Some(root);
        for segment in &segments {
            let in_list = matches!(node, Some(Json::Array(_)));
            indices.push(in_list);
            node = node.and_then(|n| match n {
                Json::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                Json::Object(map) => map.get(segment),
                _ => None,
            });
        }
        Self {
            pointer: pointer.to_string(),
            segments,
            indices,
        }
    }

    fn split_last(&self) -> Option<(Place, String)> {
        let last = self.segments.last()?.clone();
        let cut = self.pointer.rfind('/')?;
        Some((
            Place {
                pointer: self.pointer[..cut].to_string(),
                segments: self.segments[..self.segments.len() - 1].to_vec(),
                indices: self.indices[..self.indices.len() - 1].to_vec(),
            },
            last,
        ))
    }

    /// "service `web`", "`healthcheck.interval` of service `web`",
    /// "`ports[0]` of service `web`", "`include[1].path`".
    fn subject(&self) -> String {
        if self.segments.is_empty() {
            return "the file".to_string();
        }
        match (element_noun(&self.segments[0]), self.segments.len()) {
            (Some(noun), 2) => format!("{noun} `{}`", self.segments[1]),
            (Some(noun), n) if n > 2 => {
                format!("`{}` of {noun} `{}`", self.path_from(2), self.segments[1])
            }
            _ => format!("`{}`", self.path_from(0)),
        }
    }

    fn path_from(&self, start: usize) -> String {
        let mut path = String::new();
        for (segment, in_list) in self.segments.iter().zip(&self.indices).skip(start) {
            if *in_list {
                path.push_str(&format!("[{segment}]"));
            } else {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(segment);
            }
        }
        path
    }
}
