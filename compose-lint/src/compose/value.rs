//! The value tree the loader works on: a JSON-like document in which every
//! node remembers where it was written.
//!
//! Interpolation, `extends`, `include` and merging all rewrite this tree.
//! Because each node carries its [`Origin`], a value that an override file
//! set still points into the override file after merging, and rules can
//! report a problem with the resolved project at the line that caused it.

use compact_str::CompactString;
use indexmap::IndexMap;
use serde_json::Number;

use crate::location::FileId;
use crate::source::Span;
use crate::yaml::merge::{MergeSource, merge_sources};
use crate::yaml::{Node, NodeKind, scalar};

/// Where a value was written. Every value of a project carries one, so its
/// spans are held as 32-bit offsets (a file compose-lint reads is far
/// smaller than 4 GiB), an absent one marked by `u32::MAX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    pub file: FileId,
    key: Offsets,
    value: Offsets,
    via: Offsets,
}

/// A span as two 32-bit offsets; `NONE` when there is none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Offsets(u32, u32);

impl Offsets {
    const NONE: Self = Self(u32::MAX, u32::MAX);

    fn of(span: Option<Span>) -> Self {
        span.map_or(Self::NONE, |span| {
            Self(saturate(span.start), saturate(span.end))
        })
    }

    fn span(self) -> Option<Span> {
        (self != Self::NONE).then(|| Span::new(self.0 as usize, self.1 as usize))
    }
}

fn saturate(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX - 1)
}

impl Origin {
    pub fn new(file: FileId, key: Option<Span>, value: Span, via: Option<Span>) -> Self {
        Self {
            file,
            key: Offsets::of(key),
            value: Offsets::of(Some(value)),
            via: Offsets::of(via),
        }
    }

    /// The key that holds the value, when it is a mapping entry.
    pub fn key(&self) -> Option<Span> {
        self.key.span()
    }

    /// The value as written (inside the anchored node for aliased values).
    pub fn value(&self) -> Span {
        self.value.span().unwrap_or_default()
    }

    /// The alias that brought the value here, when it is defined elsewhere.
    pub fn via(&self) -> Option<Span> {
        self.via.span()
    }

    /// The same origin without the alias that brought the value.
    pub fn without_via(self) -> Self {
        Self {
            via: Offsets::NONE,
            ..self
        }
    }
}

/// The Compose merge tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// `!reset`: remove the value the files before this one set.
    Reset,
    /// `!override`: replace the earlier value instead of merging with it.
    Override,
}

/// A mapping, in the order its keys were written.
pub type Mapping = IndexMap<CompactString, Value, foldhash::fast::RandomState>;

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(Number),
    String(CompactString),
    Sequence(Vec<Value>),
    /// Boxed: a mapping is much larger than the scalars most values are.
    Mapping(Box<Mapping>),
}

impl Default for Value {
    fn default() -> Self {
        Self::synthetic(Kind::Null)
    }
}

/// A node of the document and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: Kind,
    /// `None` for values the loader made up (defaults, normalised forms);
    /// diagnostics on them point at the nearest ancestor with an origin.
    pub origin: Option<Origin>,
    pub tag: Option<Tag>,
}

impl Value {
    /// A value the loader made up.
    pub fn synthetic(kind: Kind) -> Self {
        Self {
            kind,
            origin: None,
            tag: None,
        }
    }

    pub fn with_origin(kind: Kind, origin: Option<Origin>) -> Self {
        Self {
            kind,
            origin,
            tag: None,
        }
    }

    pub fn string(text: impl Into<CompactString>) -> Self {
        Self::synthetic(Kind::String(text.into()))
    }

    pub fn mapping(mapping: Mapping) -> Self {
        Self::synthetic(Kind::Mapping(Box::new(mapping)))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar written as a string or a number.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            Kind::String(s) => Some(s.to_string()),
            Kind::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            Kind::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&Mapping> {
        match &self.kind {
            Kind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_mapping_mut(&mut self) -> Option<&mut Mapping> {
        match &mut self.kind {
            Kind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_sequence_mut(&mut self) -> Option<&mut Vec<Value>> {
        match &mut self.kind {
            Kind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The entry `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_mapping()?.get(key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.as_mapping_mut()?.get_mut(key)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// True for `[]`, `{}`, and null.
    pub fn is_empty_collection(&self) -> bool {
        match &self.kind {
            Kind::Sequence(items) => items.is_empty(),
            Kind::Mapping(map) => map.is_empty(),
            _ => false,
        }
    }

    /// A short name for the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Sequence(_) => "a list",
            Kind::Mapping(_) => "a mapping",
        }
    }

    /// The value at `pointer` (RFC 6901).
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        let mut node = self;
        for segment in crate::yaml::pointer_segments(pointer)? {
            node = match &node.kind {
                Kind::Mapping(map) => map.get(segment.as_str())?,
                Kind::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The origin of the value at `pointer`, or of its nearest ancestor that
    /// has one. The flag is true when the origin is the value's own.
    pub fn locate(&self, pointer: &str) -> Option<(Origin, bool)> {
        let mut node = self;
        let mut best = self.origin.map(|o| (o, true));
        for segment in crate::yaml::pointer_segments(pointer)? {
            let next = match &node.kind {
                Kind::Mapping(map) => map.get(segment.as_str()),
                Kind::Sequence(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            let Some(next) = next else {
                return best.map(|(o, _)| (o, false));
            };
            node = next;
            best = match (node.origin, best) {
                (Some(origin), _) => Some((origin, true)),
                (None, Some((origin, _))) => Some((origin, false)),
                (None, None) => None,
            };
        }
        best
    }

    /// The plain JSON value, for the schema and typed models.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.kind {
            Kind::Null => serde_json::Value::Null,
            Kind::Bool(b) => serde_json::Value::Bool(*b),
            Kind::Number(n) => serde_json::Value::Number(n.clone()),
            Kind::String(s) => serde_json::Value::String(s.to_string()),
            Kind::Sequence(items) => {
                serde_json::Value::Array(items.iter().map(Self::to_json).collect())
            }
            Kind::Mapping(map) => serde_json::Value::Object(
                map.iter()
                    .map(|(k, v)| (k.to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// A value from plain JSON, with no origin.
    pub fn from_json(json: &serde_json::Value) -> Self {
        let kind = match json {
            serde_json::Value::Null => Kind::Null,
            serde_json::Value::Bool(b) => Kind::Bool(*b),
            serde_json::Value::Number(n) => Kind::Number(n.clone()),
            serde_json::Value::String(s) => Kind::String(s.as_str().into()),
            serde_json::Value::Array(items) => {
                Kind::Sequence(items.iter().map(Self::from_json).collect())
            }
            serde_json::Value::Object(map) => Kind::Mapping(Box::new(
                map.iter()
                    .map(|(k, v)| (k.as_str().into(), Self::from_json(v)))
                    .collect(),
            )),
        };
        Self::synthetic(kind)
    }

    /// Sets the origin of this value and every descendant without one.
    pub fn adopt(&mut self, origin: Origin) {
        if self.origin.is_none() {
            self.origin = Some(origin);
        }
        match &mut self.kind {
            Kind::Sequence(items) => items.iter_mut().for_each(|v| v.adopt(origin)),
            Kind::Mapping(map) => map.values_mut().for_each(|v| v.adopt(origin)),
            _ => {}
        }
    }
}

/// Converts a parsed document of file `file` into a value tree, applying
/// aliases and `<<` merge keys as the YAML conversion does, within the same
/// node budget. Problems were already reported by the YAML conversion, so
/// this one stays silent and skips what it cannot convert.
pub(crate) fn from_yaml(root: &Node, file: FileId, budget: usize) -> Value {
    let mut converter = Converter { file, budget };
    converter.node(root, None, None)
}

struct Converter {
    file: FileId,
    budget: usize,
}

impl Converter {
    fn node(&mut self, node: &Node, key: Option<Span>, via: Option<Span>) -> Value {
        if self.budget == 0 {
            return Value::synthetic(Kind::Null);
        }
        self.budget -= 1;
        match &node.kind {
            NodeKind::Anchor(inner) => return self.node(inner, key, via),
            NodeKind::Alias(target) => return self.node(target, key, via.or(Some(node.span))),
            _ => {}
        }
        let origin = Some(Origin::new(self.file, key, node.span, via));
        let tag = match node.tag.as_deref() {
            Some("!reset") => Some(Tag::Reset),
            Some("!override") => Some(Tag::Override),
            _ => None,
        };
        let kind = match &node.kind {
            NodeKind::Scalar(s) => match scalar::resolve(s, node.tag.as_deref()) {
                serde_json::Value::Null => Kind::Null,
                serde_json::Value::Bool(b) => Kind::Bool(b),
                serde_json::Value::Number(n) => Kind::Number(n),
                serde_json::Value::String(s) => Kind::String(s.into()),
                other => Kind::String(other.to_string().into()),
            },
            NodeKind::Sequence(items) => {
                Kind::Sequence(items.iter().map(|i| self.node(i, None, via)).collect())
            }
            NodeKind::Mapping(entries) => Kind::Mapping(Box::new(self.mapping(entries, via))),
            NodeKind::Anchor(_) | NodeKind::Alias(_) => Kind::Null,
        };
        Value { kind, origin, tag }
    }

    fn mapping(&mut self, entries: &[crate::yaml::Entry], via: Option<Span>) -> Mapping {
        let mut map = Mapping::with_capacity_and_hasher(entries.len(), Default::default());
        let merged = entries.iter().any(|e| e.key.is_merge_key());
        if merged && let Ok(sources) = merge_sources(entries, via) {
            for MergeSource { entries, via } in sources {
                for (key, value) in self.mapping(entries, via) {
                    map.entry(key).or_insert(value);
                }
            }
        }
        // Explicit keys replace merged ones; of two explicit ones the first
        // wins. Without a merge key, the map itself says which came first.
        let mut explicit = std::collections::HashSet::new();
        for entry in entries.iter().filter(|e| !e.key.is_merge_key()) {
            let Some(key) = entry.key.as_scalar().map(|s| s.text.clone()) else {
                continue;
            };
            let first = if merged {
                explicit.insert(key.clone())
            } else {
                !map.contains_key(&key)
            };
            if first {
                let value = self.node(&entry.value, Some(entry.key.span), via);
                map.insert(key, value);
            }
        }
        map
    }
}
