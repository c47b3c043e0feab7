//! A yes-or-no check of a document against the schema, read from the
//! schema as Rust statics (written by the build script from
//! `compose-lint/schemas/compose.schema.json`): nothing is parsed or compiled at run
//! time, so a file that is valid (nearly every file) costs no more than a
//! walk over it. Only when this check cannot say "valid" is the compiled
//! validator built and asked for its errors, so the messages stay the
//! compiled validator's, and a process that lints valid files never
//! compiles the schema.
//!
//! The check reads the JSON Schema draft 7 keywords the schema uses, with
//! the validator's meaning for each (the build fails on any other
//! keyword). Where that meaning is subtle (a number written `1.0` where an
//! integer is asked for, numbers compared for equality) it answers
//! "unsure", and the compiled validator decides. Debug builds compare both
//! on every document.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Number, Value as Json};

use super::formats::FORMATS;
use crate::compose::value::{Kind, Tag, Value};

mod generated {
    #![allow(clippy::all, clippy::pedantic)]
    use super::{Items, Literal, Node, Pattern, Schema, Type};
    include!(concat!(env!("OUT_DIR"), "/compose_schema.rs"));
}

/// The check cannot tell: the compiled validator decides.
#[derive(Debug)]
pub(crate) struct Unsure;

type Outcome = Result<bool, Unsure>;

/// Whether `document` is valid against the schema: `Ok(true)` or
/// `Ok(false)` when certain.
pub(crate) fn check<V: Instance>(document: &V) -> Outcome {
    matches_schema(&generated::ROOT, document)
}

/// What the check sees of a value.
pub(crate) enum Shape<'a, V> {
    Null,
    Bool(bool),
    Number(&'a Number),
    String(&'a str),
    Array(&'a [V]),
    Object,
}

/// A JSON-like value the check reads: JSON itself, or the loader's value
/// tree read as its JSON instance (without the entries `!reset` removes),
/// so a document is checked without being copied.
pub(crate) trait Instance: Sized {
    fn shape(&self) -> Shape<'_, Self>;
    /// An object's entries in order; nothing for another value.
    fn entries(&self) -> impl Iterator<Item = (&str, &Self)>;
    /// An object's entry named `key`.
    fn get(&self, key: &str) -> Option<&Self>;
}

impl Instance for Json {
    fn shape(&self) -> Shape<'_, Self> {
        match self {
            Json::Null => Shape::Null,
            Json::Bool(b) => Shape::Bool(*b),
            Json::Number(n) => Shape::Number(n),
            Json::String(s) => Shape::String(s),
            Json::Array(items) => Shape::Array(items),
            Json::Object(_) => Shape::Object,
        }
    }

    fn entries(&self) -> impl Iterator<Item = (&str, &Self)> {
        self.as_object()
            .into_iter()
            .flatten()
            .map(|(key, value)| (key.as_str(), value))
    }

    fn get(&self, key: &str) -> Option<&Self> {
        self.as_object()?.get(key)
    }
}

impl Instance for Value {
    fn shape(&self) -> Shape<'_, Self> {
        match &self.kind {
            Kind::Null => Shape::Null,
            Kind::Bool(b) => Shape::Bool(*b),
            Kind::Number(n) => Shape::Number(n),
            Kind::String(s) => Shape::String(s),
            Kind::Sequence(items) => Shape::Array(items),
            Kind::Mapping(_) => Shape::Object,
        }
    }

    fn entries(&self) -> impl Iterator<Item = (&str, &Self)> {
        self.as_mapping()
            .into_iter()
            .flatten()
            .filter(|(_, value)| value.tag != Some(Tag::Reset))
            .map(|(key, value)| (key.as_str(), value))
    }

    fn get(&self, key: &str) -> Option<&Self> {
        self.as_mapping()?
            .get(key)
            .filter(|value| value.tag != Some(Tag::Reset))
    }
}

/// A schema: `true`, `false`, a `$ref` to a definition, or keywords.
enum Schema {
    Bool(bool),
    Ref(&'static Schema),
    Node(&'static Node),
}

#[derive(Clone, Copy)]
enum Type {
    Null,
    Boolean,
    String,
    Number,
    Integer,
    Array,
    Object,
}

#[allow(
    dead_code,
    reason = "the build script writes whichever kinds the schema lists"
)]
enum Literal {
    Null,
    Bool(bool),
    Str(&'static str),
    Int(i64),
}

enum Items {
    None,
    All(Schema),
    Each(&'static [Schema]),
}

/// A regular expression the schema writes, compiled the first time it is
/// used; one that is `^` and plain characters is a prefix test.
struct Pattern {
    text: &'static str,
    prefix: Option<&'static str>,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    const fn new(text: &'static str, prefix: Option<&'static str>) -> Self {
        Pattern {
            text,
            prefix,
            compiled: OnceLock::new(),
        }
    }

    /// Whether the pattern (ECMA 262, unanchored) finds a match in `text`;
    /// a pattern the `regex` crate cannot read is left to the validator.
    fn search(&self, text: &str) -> Outcome {
        if let Some(prefix) = self.prefix {
            return Ok(text.starts_with(prefix));
        }
        let regex = self.compiled.get_or_init(|| Regex::new(self.text).ok());
        regex
            .as_ref()
            .map(|regex| regex.is_match(text))
            .ok_or(Unsure)
    }
}

/// The keywords of one schema object; absent ones accept everything.
struct Node {
    types: &'static [Type],
    enumeration: Option<&'static [Literal]>,
    /// Sorted by name.
    properties: &'static [(&'static str, Schema)],
    pattern_properties: &'static [(&'static Pattern, Schema)],
    additional_properties: Option<Schema>,
    required: &'static [&'static str],
    items: Items,
    additional_items: Option<Schema>,
    unique_items: bool,
    min_items: Option<u64>,
    max_items: Option<u64>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    format: Option<&'static str>,
    pattern: Option<&'static Pattern>,
    any_of: &'static [Schema],
    one_of: &'static [Schema],
    all_of: &'static [Schema],
    not: Option<Schema>,
}

impl Node {
    const EMPTY: Node = Node {
        types: &[],
        enumeration: None,
        properties: &[],
        pattern_properties: &[],
        additional_properties: None,
        required: &[],
        items: Items::None,
        additional_items: None,
        unique_items: false,
        min_items: None,
        max_items: None,
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
        format: None,
        pattern: None,
        any_of: &[],
        one_of: &[],
        all_of: &[],
        not: None,
    };
}

/// Folds the outcomes of the parts of a schema that must all pass: false
/// as soon as one certainly fails, whatever the others say.
#[derive(Default)]
struct All {
    unsure: bool,
}

impl All {
    /// Whether the whole may still pass after this part.
    fn passes(&mut self, outcome: Outcome) -> bool {
        match outcome {
            Ok(matched) => matched,
            Err(Unsure) => {
                self.unsure = true;
                true
            }
        }
    }

    fn end(self) -> Outcome {
        if self.unsure { Err(Unsure) } else { Ok(true) }
    }
}

/// Longest list whose items are compared pairwise for `uniqueItems` when
/// they are not all strings; a longer one is left to the validator.
const PAIRWISE_LIMIT: usize = 64;

fn matches_schema<V: Instance>(schema: &Schema, value: &V) -> Outcome {
    match schema {
        Schema::Bool(accepts) => Ok(*accepts),
        Schema::Ref(target) => matches_schema(target, value),
        Schema::Node(node) => matches_node(node, value),
    }
}

fn matches_node<V: Instance>(node: &Node, value: &V) -> Outcome {
    let mut all = All::default();
    macro_rules! part {
        ($outcome:expr) => {
            if !all.passes($outcome) {
                return Ok(false);
            }
        };
    }
    if !node.types.is_empty() {
        part!(types(node.types, value));
    }
    if let Some(options) = node.enumeration {
        part!(enumeration(options, value));
    }
    match value.shape() {
        Shape::Object => {
            part!(object_entries(node, value));
            part!(Ok(node
                .required
                .iter()
                .all(|name| value.get(name).is_some())));
        }
        Shape::Array(values) => {
            part!(items(node, values));
            if node.unique_items {
                part!(unique(values));
            }
            let count = values.len() as u64;
            part!(Ok(node.min_items.is_none_or(|min| count >= min)
                && node.max_items.is_none_or(|max| count <= max)));
        }
        Shape::String(text) => {
            if let Some(name) = node.format {
                part!(format(name, text));
            }
            if let Some(pattern) = node.pattern {
                part!(pattern.search(text));
            }
            if node.min_length.is_some() || node.max_length.is_some() {
                let count = text.chars().count() as u64;
                part!(Ok(node.min_length.is_none_or(|min| count >= min)
                    && node.max_length.is_none_or(|max| count <= max)));
            }
        }
        Shape::Number(number) => {
            if node.minimum.is_some() || node.maximum.is_some() {
                part!(bound(node, number));
            }
        }
        Shape::Null | Shape::Bool(_) => {}
    }
    if !node.any_of.is_empty() {
        part!(any_of(node.any_of, value));
    }
    if !node.one_of.is_empty() {
        part!(one_of(node.one_of, value));
    }
    for schema in node.all_of {
        part!(matches_schema(schema, value));
    }
    if let Some(not) = &node.not {
        part!(matches_schema(not, value).map(|matched| !matched));
    }
    all.end()
}

fn types<V: Instance>(names: &[Type], value: &V) -> Outcome {
    let mut unsure = false;
    for name in names {
        match is_type(*name, value) {
            Ok(true) => return Ok(true),
            Ok(false) => {}
            Err(Unsure) => unsure = true,
        }
    }
    if unsure { Err(Unsure) } else { Ok(false) }
}

fn is_type<V: Instance>(name: Type, value: &V) -> Outcome {
    Ok(match (name, value.shape()) {
        (Type::Null, Shape::Null)
        | (Type::Boolean, Shape::Bool(_))
        | (Type::String, Shape::String(_))
        | (Type::Array, Shape::Array(_))
        | (Type::Object, Shape::Object)
        | (Type::Number, Shape::Number(_)) => true,
        (Type::Integer, Shape::Number(n)) => {
            if n.is_i64() || n.is_u64() {
                true
            } else if n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                // `1.0`: whether it counts as an integer is the validator's call.
                return Err(Unsure);
            } else {
                false
            }
        }
        _ => false,
    })
}

/// `enum`: the value is one of the listed ones; a number written with a
/// fraction is left to the validator.
fn enumeration<V: Instance>(options: &[Literal], value: &V) -> Outcome {
    let shape = value.shape();
    if let Shape::Number(n) = shape
        && n.is_f64()
    {
        return Err(Unsure);
    }
    Ok(options.iter().any(|option| match (option, &shape) {
        (Literal::Null, Shape::Null) => true,
        (Literal::Bool(a), Shape::Bool(b)) => a == b,
        (Literal::Str(a), Shape::String(b)) => a == b,
        (Literal::Int(a), Shape::Number(b)) => b.as_i64() == Some(*a),
        _ => false,
    }))
}

/// JSON equality, unsure where numbers of different forms meet (`1` and
/// `1.0`).
fn equal<V: Instance>(a: &V, b: &V) -> Outcome {
    Ok(match (a.shape(), b.shape()) {
        (Shape::Number(x), Shape::Number(y)) => {
            if x == y {
                true
            } else if x.is_f64() || y.is_f64() {
                return Err(Unsure);
            } else {
                false
            }
        }
        (Shape::Array(x), Shape::Array(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (x, y) in x.iter().zip(y) {
                if !equal(x, y)? {
                    return Ok(false);
                }
            }
            true
        }
        (Shape::Object, Shape::Object) => {
            if a.entries().count() != b.entries().count() {
                return Ok(false);
            }
            for (key, x) in a.entries() {
                match b.get(key) {
                    Some(y) if equal(x, y)? => {}
                    _ => return Ok(false),
                }
            }
            true
        }
        (Shape::Null, Shape::Null) => true,
        (Shape::Bool(x), Shape::Bool(y)) => x == y,
        (Shape::String(x), Shape::String(y)) => x == y,
        _ => false,
    })
}

/// `properties`, `patternProperties` and `additionalProperties` together:
/// each entry matches the schema of its name, of every pattern it
/// matches, and the additional schema when neither names it.
fn object_entries<V: Instance>(node: &Node, value: &V) -> Outcome {
    let mut all = All::default();
    for (key, entry) in value.entries() {
        let mut named = false;
        if let Ok(index) = node
            .properties
            .binary_search_by(|(name, _)| (*name).cmp(key))
        {
            named = true;
            if !all.passes(matches_schema(&node.properties[index].1, entry)) {
                return Ok(false);
            }
        }
        for (pattern, schema) in node.pattern_properties {
            match pattern.search(key) {
                Ok(true) => {
                    named = true;
                    if !all.passes(matches_schema(schema, entry)) {
                        return Ok(false);
                    }
                }
                Ok(false) => {}
                Err(Unsure) => all.unsure = true,
            }
        }
        if !named
            && let Some(additional) = &node.additional_properties
            && !all.passes(matches_schema(additional, entry))
        {
            return Ok(false);
        }
    }
    all.end()
}

/// `items` (one schema for all, or one per position with
/// `additionalItems` for the rest).
fn items<V: Instance>(node: &Node, values: &[V]) -> Outcome {
    let mut all = All::default();
    match &node.items {
        Items::None => {}
        Items::All(schema) => {
            for item in values {
                if !all.passes(matches_schema(schema, item)) {
                    return Ok(false);
                }
            }
        }
        Items::Each(positions) => {
            for (index, item) in values.iter().enumerate() {
                let schema = match positions.get(index) {
                    Some(schema) => schema,
                    None => match &node.additional_items {
                        Some(additional) => additional,
                        None => break,
                    },
                };
                if !all.passes(matches_schema(schema, item)) {
                    return Ok(false);
                }
            }
        }
    }
    all.end()
}

/// `uniqueItems: true`.
fn unique<V: Instance>(values: &[V]) -> Outcome {
    fn text<V: Instance>(value: &V) -> Option<&str> {
        match value.shape() {
            Shape::String(text) => Some(text),
            _ => None,
        }
    }
    if values.iter().all(|value| text(value).is_some()) {
        let mut seen = std::collections::HashSet::with_capacity(values.len());
        return Ok(values.iter().all(|value| seen.insert(text(value))));
    }
    if values.len() > PAIRWISE_LIMIT {
        return Err(Unsure);
    }
    for (index, a) in values.iter().enumerate() {
        for b in &values[index + 1..] {
            if equal(a, b)? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn format(name: &str, text: &str) -> Outcome {
    let format = FORMATS
        .iter()
        .find(|format| format.name == name)
        .ok_or(Unsure)?;
    Ok((format.check)(text).is_ok())
}

/// `minimum` and `maximum` (whole numbers in the schema), where the value
/// is exact as an `f64`.
fn bound(node: &Node, number: &Number) -> Outcome {
    const EXACT: u64 = 1 << 53;
    let value = if let Some(i) = number.as_i64() {
        if i.unsigned_abs() > EXACT {
            return Err(Unsure);
        }
        i as f64
    } else if let Some(u) = number.as_u64() {
        if u > EXACT {
            return Err(Unsure);
        }
        u as f64
    } else {
        number.as_f64().ok_or(Unsure)?
    };
    Ok(node.minimum.is_none_or(|min| value >= min) && node.maximum.is_none_or(|max| value <= max))
}

fn any_of<V: Instance>(schemas: &[Schema], value: &V) -> Outcome {
    let mut unsure = false;
    for schema in schemas {
        match matches_schema(schema, value) {
            Ok(true) => return Ok(true),
            Ok(false) => {}
            Err(Unsure) => unsure = true,
        }
    }
    if unsure { Err(Unsure) } else { Ok(false) }
}

fn one_of<V: Instance>(schemas: &[Schema], value: &V) -> Outcome {
    let mut matched = 0;
    let mut unsure = false;
    for schema in schemas {
        match matches_schema(schema, value) {
            Ok(true) => {
                matched += 1;
                if matched > 1 {
                    return Ok(false);
                }
            }
            Ok(false) => {}
            Err(Unsure) => unsure = true,
        }
    }
    if unsure {
        Err(Unsure)
    } else {
        Ok(matched == 1)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn quick(document: Json) -> Option<bool> {
        check(&document).ok()
    }

    #[test]
    fn answers_for_valid_and_invalid_documents() {
        assert_eq!(
            quick(json!({"services": {"web": {"image": "nginx"}}})),
            Some(true)
        );
        assert_eq!(
            quick(json!({"services": {"web": {"imgae": "nginx"}}})),
            Some(false)
        );
        assert_eq!(
            quick(json!({"services": {"web": {"ports": [8080, "80:80"]}}})),
            Some(true)
        );
        assert_eq!(
            quick(json!({"services": {"web": {"ports": [true]}}})),
            Some(false)
        );
        assert_eq!(
            quick(json!({"services": {"web": {"healthcheck": {"interval": "5x"}}}})),
            Some(false)
        );
        assert_eq!(
            quick(json!({"services": {"web": {"restart": "always"}}})),
            Some(true)
        );
        assert_eq!(
            quick(json!({"x-anchors": {"anything": [1, 2]}, "services": {}})),
            Some(true)
        );
        assert_eq!(
            quick(json!({"services": {"web": {"x-extra": 1, "depends_on": ["db", "db"]}}})),
            Some(false)
        );
    }

    #[test]
    fn leaves_subtle_numbers_to_the_validator() {
        assert!(is_type(Type::Integer, &json!(1.0)).is_err());
        assert_eq!(is_type(Type::Integer, &json!(1.5)).ok(), Some(false));
        assert_eq!(is_type(Type::Integer, &json!(3)).ok(), Some(true));
        assert!(equal(&json!(1), &json!(1.0)).is_err());
        assert_eq!(equal(&json!([1, "a"]), &json!([1, "a"])).ok(), Some(true));
        assert_eq!(equal(&json!({"a": 1}), &json!({"a": 2})).ok(), Some(false));
        assert!(enumeration(&[Literal::Int(1)], &json!(1.0)).is_err());
        assert_eq!(
            enumeration(&[Literal::Str("a")], &json!("a")).ok(),
            Some(true)
        );
    }

    #[test]
    fn one_of_needs_exactly_one_match() {
        static STRING: Node = Node {
            types: &[Type::String],
            ..Node::EMPTY
        };
        static INTEGER: Node = Node {
            types: &[Type::Integer],
            ..Node::EMPTY
        };
        let twice = [Schema::Node(&STRING), Schema::Node(&STRING)];
        assert_eq!(one_of(&twice, &json!("a")).ok(), Some(false));
        let once = [Schema::Node(&STRING), Schema::Node(&INTEGER)];
        assert_eq!(one_of(&once, &json!("a")).ok(), Some(true));
        assert!(one_of(&once, &json!(2.0)).is_err());
        assert_eq!(one_of(&once, &json!(true)).ok(), Some(false));
    }

    #[test]
    fn agrees_with_the_compiled_validator() {
        let documents = [
            json!({"services": {"web": {"image": "nginx", "deploy": {"replicas": 2}}}}),
            json!({"services": {"web": {"deploy": {"replicas": "two"}}}}),
            json!({"services": {"web": {"cpus": 0.5, "mem_limit": "1g"}}}),
            json!({"services": {"web": {"mem_limit": "lots"}}}),
            json!({"services": {"web": {"networks": {"front": null}}}, "networks": {"front": {}}}),
            json!({"services": {"web": {"extra_hosts": ["db:10.0.0.2"]}}}),
            json!({"volumes": {"data": {"external": true}}}),
            json!({"name": "Bad Name!"}),
            json!({"services": {"web": {"ports": [80, 80]}}}),
            json!({"services": {"web": {"ulimits": {"nofile": {"soft": 1, "hard": 2}}}}}),
        ];
        for document in documents {
            if let Ok(valid) = check(&document) {
                assert_eq!(
                    valid,
                    super::super::validator().is_valid(&document),
                    "{document}"
                );
            }
        }
    }
}
