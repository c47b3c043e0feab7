//! YAML with spans: parse once, keep every key's and value's byte range,
//! convert to `serde_json::Value` with compose-go's scalar and merge rules,
//! and find any value's span again from its JSON pointer.

mod convert;
mod flow_indent;
mod lookup;
pub(crate) mod merge;
pub mod scalar;
pub mod tree;

use std::sync::OnceLock;

use serde_json::Value;

pub use convert::node_budget;
pub use lookup::{NodeSpans, escape as escape_pointer_segment, segments as pointer_segments};
pub use tree::{Document, Entry, MAX_DEPTH, Node, NodeKind, Scalar, ScalarStyle};

use crate::source::Span;

/// Something that keeps a YAML file from loading.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum YamlProblem {
    /// The text is not YAML, or uses YAML that cannot become a configuration
    /// (recursive aliases, non-string keys, a bad merge key, deep nesting).
    Syntax {
        span: Span,
        message: String,
        /// How to fix it, when there is one thing to say.
        help: Option<&'static str>,
    },
    /// A key written twice in one mapping.
    DuplicateKey {
        key: String,
        first: Span,
        second: Span,
    },
    /// Expanding aliases produced more nodes than the budget allows.
    AliasExpansionLimit { span: Span, budget: usize },
    /// The file is not UTF-8 text: `span` is the first bad byte.
    Encoding { span: Span, message: String },
}

/// One document: its spanned tree, and its JSON value, converted the first
/// time it is asked for (a compose file is read from its tree and never
/// needs it).
#[derive(Clone, Debug)]
pub struct YamlDocument {
    pub root: Node,
    value: OnceLock<Value>,
    /// The node budget of the conversion.
    budget: usize,
}

impl YamlDocument {
    /// The document as JSON, with aliases and merge keys expanded (JSON
    /// null when expanding them would pass the budget).
    pub fn value(&self) -> &Value {
        self.value
            .get_or_init(|| convert::convert(&self.root, self.budget))
    }

    /// The names of the top-level keys, as the JSON value has them, read
    /// from the tree when no merge key adds any.
    pub fn top_keys(&self) -> Vec<&str> {
        match self.top() {
            Top::Plain(entries) => entries
                .iter()
                .filter_map(|e| e.key.as_scalar().map(|s| s.text.as_str()))
                .collect(),
            Top::Merged => self
                .value()
                .as_object()
                .map(|map| map.keys().map(String::as_str).collect())
                .unwrap_or_default(),
            Top::Other => Vec::new(),
        }
    }

    /// The top-level value of `key` when it is a string, as the JSON value
    /// has it, read from the tree when no merge key adds keys.
    pub fn top_string(&self, key: &str) -> Option<std::borrow::Cow<'_, str>> {
        match self.top() {
            Top::Plain(entries) => {
                // The first of duplicate keys wins.
                let entry = entries
                    .iter()
                    .find(|e| e.key.as_scalar().is_some_and(|s| s.text == key))?;
                let NodeKind::Scalar(scalar) = &entry.value.target().kind else {
                    return None;
                };
                match scalar::resolve(scalar, entry.value.target().tag.as_deref()) {
                    Value::String(text) => Some(std::borrow::Cow::Owned(text)),
                    _ => None,
                }
            }
            Top::Merged => self
                .value()
                .get(key)?
                .as_str()
                .map(std::borrow::Cow::Borrowed),
            Top::Other => None,
        }
    }

    /// What the root is, for the readers that answer from the tree when
    /// the JSON value would say the same.
    fn top(&self) -> Top<'_> {
        // A document over the alias budget converts to null.
        if matches!(self.value.get(), Some(Value::Null)) {
            return Top::Other;
        }
        match self.root.as_mapping() {
            Some(entries) if entries.iter().any(|e| e.key.is_merge_key()) => Top::Merged,
            Some(entries) => Top::Plain(entries),
            None => Top::Other,
        }
    }

    /// True when the document converts to an object.
    pub fn is_mapping(&self) -> bool {
        !matches!(self.top(), Top::Other)
    }

    /// True when the document is empty: JSON null or an empty mapping.
    pub fn is_empty(&self) -> bool {
        match self.top() {
            Top::Plain(entries) => entries.is_empty(),
            Top::Merged | Top::Other => match self.value() {
                Value::Null => true,
                Value::Object(map) => map.is_empty(),
                _ => false,
            },
        }
    }
}

/// A document's root as [`YamlDocument::top`] sees it.
enum Top<'a> {
    /// A mapping without merge keys: its entries are the JSON object's.
    Plain(&'a [Entry]),
    /// A mapping with a merge key: the JSON value says what it holds.
    Merged,
    /// Not a mapping, or not converted.
    Other,
}

/// A parsed file: its documents (none when it does not parse) and problems.
#[derive(Clone, Debug, Default)]
pub struct ParsedYaml {
    pub documents: Vec<YamlDocument>,
    pub problems: Vec<YamlProblem>,
    /// The node budget conversions of this file's documents get.
    pub budget: usize,
}

impl ParsedYaml {
    /// True when the file parsed and converted without any problem.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The first document's value, when the file parsed cleanly: what a
    /// program that reads one YAML document (Loki, Alertmanager…) reads.
    pub fn clean_document(&self) -> Option<&Value> {
        self.is_clean()
            .then(|| self.documents.first().map(YamlDocument::value))
            .flatten()
    }

    /// Where the value at `pointer` is written. Later documents override
    /// earlier ones, so they are searched first.
    pub fn locate(&self, pointer: &str) -> Option<NodeSpans> {
        self.documents
            .iter()
            .rev()
            .find_map(|doc| lookup::locate(&doc.root, pointer))
    }
}

/// Parses `text` (every document in it) and finds what keeps each document
/// from converting to JSON (an alias expansion over the budget, a bad merge
/// key, a key that is not a string); the conversion itself waits until a
/// reader asks for the value.
pub fn parse(text: &str) -> ParsedYaml {
    let mut problems = Vec::new();
    let Some(built) = tree::build(text, &mut problems) else {
        return ParsedYaml {
            documents: Vec::new(),
            problems,
            budget: 0,
        };
    };
    let budget = node_budget(built.node_count);
    let documents = built
        .documents
        .into_iter()
        .map(|doc| {
            let value = OnceLock::new();
            if !convert::check(&doc.root, budget, &mut problems) {
                // Over the budget: the document is not converted at all.
                let _ = value.set(Value::Null);
            }
            YamlDocument {
                root: doc.root,
                value,
                budget,
            }
        })
        .collect();
    // An aliased node with a problem is met once per alias: report it once.
    problems.sort();
    problems.dedup();
    ParsedYaml {
        documents,
        problems,
        budget,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(text: &str) -> Value {
        let parsed = parse(text);
        assert!(parsed.is_clean(), "{:?}", parsed.problems);
        parsed.documents[0].value().clone()
    }

    /// The text of the value at `pointer` in `text`, or `?`.
    fn value_text<'t>(text: &'t str, pointer: &str) -> &'t str {
        parse(text)
            .locate(pointer)
            .map(|s| slice(text, s.value))
            .unwrap_or("?")
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn merge_keys_follow_compose_go_precedence() {
        let text = "x-base: &base\n  image: nginx\n  restart: always\nx-extra: &extra\n  restart: on-failure\n  init: true\nservices:\n  web:\n    restart: \"no\"\n    <<: *base\n  api:\n    <<: [*extra, *base]\n";
        let v = value(text);
        assert_eq!(
            v["services"]["web"],
            json!({"image": "nginx", "restart": "no"})
        );
        assert_eq!(
            v["services"]["api"],
            json!({"restart": "on-failure", "init": true, "image": "nginx"})
        );
    }

    #[test]
    fn merged_values_point_at_their_definition_and_the_alias() {
        let text = "x-base: &base\n  image: nginx\nservices:\n  web:\n    <<: *base\n";
        let parsed = parse(text);
        let spans = parsed
            .locate("/services/web/image")
            .unwrap_or_else(|| panic!("not found"));
        assert_eq!(slice(text, spans.value), "nginx");
        assert_eq!(spans.key.map(|k| slice(text, k)), Some("image"));
        assert_eq!(spans.via.map(|v| slice(text, v)), Some("*base"));
    }

    #[test]
    fn spans_are_bytes_in_non_ascii_files() {
        let text = "# ünïcödé\nservices:\n  web:\n    ports: [\"é80:80\", \"443:443\"]\n";
        let parsed = parse(text);
        let spans = parsed
            .locate("/services/web/ports/1")
            .unwrap_or_else(|| panic!("not found"));
        assert_eq!(slice(text, spans.value), "\"443:443\"");
        let key = parsed
            .locate("/services")
            .and_then(|s| s.key)
            .unwrap_or_default();
        assert_eq!(slice(text, key), "services");
    }

    #[test]
    fn block_and_flow_collections_have_tight_spans() {
        let text = "a:\n  b: 1\n  c: [1, 2]\nd: {e: f}\n";
        let span = |p: &str| value_text(text, p);
        assert_eq!(span("/a"), "b: 1\n  c: [1, 2]");
        assert_eq!(span("/a/c"), "[1, 2]");
        assert_eq!(span("/d"), "{e: f}");
        assert_eq!(span(""), "a:\n  b: 1\n  c: [1, 2]\nd: {e: f}");
    }

    #[test]
    fn flow_collections_end_at_their_bracket_before_a_comment() {
        let text = "a: [1, 2]   # two\nb: {c: d}  # map\n";
        let span = |p: &str| value_text(text, p);
        assert_eq!(span("/a"), "[1, 2]");
        assert_eq!(span("/b"), "{c: d}");
    }

    #[test]
    fn quoted_scalars_end_at_their_closing_quote_before_a_comment() {
        let text = "a: \"x y\"   # two\nb: 'c'  # one\nc: [\"d\"  , 'e' ]\n";
        let span = |p: &str| value_text(text, p);
        assert_eq!(span("/a"), "\"x y\"");
        assert_eq!(span("/b"), "'c'");
        assert_eq!(span("/c/0"), "\"d\"");
        assert_eq!(span("/c/1"), "'e'");
    }

    #[test]
    fn duplicate_keys_report_both_spans() {
        let text = "services:\n  web:\n    image: a\n    image: b\n";
        let parsed = parse(text);
        let [YamlProblem::DuplicateKey { key, first, second }] = parsed.problems.as_slice() else {
            panic!("{:?}", parsed.problems);
        };
        assert_eq!(key, "image");
        assert_eq!(first.start, text.find("image").unwrap_or_default());
        assert_eq!(second.start, text.rfind("image").unwrap_or_default());
        assert_eq!(
            parsed.documents[0].value()["services"]["web"]["image"],
            json!("a")
        );
    }

    #[test]
    fn alias_bombs_hit_the_budget_instead_of_memory() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names: Vec<char> = "abcdefghi".chars().collect();
        for pair in names.windows(2) {
            let (prev, next) = (pair[0], pair[1]);
            let items = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{next}: &{next} [{items}]\n"));
        }
        let parsed = parse(&text);
        let limit = parsed
            .problems
            .iter()
            .find_map(|p| match p {
                YamlProblem::AliasExpansionLimit { span, .. } => Some(*span),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no limit problem: {:?}", parsed.problems));
        assert!(text[..limit.start].starts_with("a:"), "points at an alias");
        assert_eq!(&text[limit.start..limit.start + 1], "*");
        // The expansion is refused before it is built: nothing of it exists.
        assert!(parsed.documents[0].value().is_null());
    }

    #[test]
    fn shared_anchors_within_the_budget_expand() {
        // 2,000 services share one anchored mapping: 2,000 × 4 nodes.
        let mut text =
            String::from("x-common: &common\n  image: app:1\n  restart: always\nservices:\n");
        for i in 0..2000 {
            text.push_str(&format!("  s{i}: *common\n"));
        }
        let parsed = parse(&text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let services = parsed.documents[0].value()["services"]
            .as_object()
            .map(|m| m.len());
        assert_eq!(services, Some(2000));
    }

    #[test]
    fn recursive_alias_is_a_problem() {
        let parsed = parse("a: &a [*a]\n");
        assert!(
            matches!(parsed.problems.as_slice(), [YamlProblem::Syntax { message, .. }] if message.contains("recursive"))
        );
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let text = "services:\n  web:\n    image: \"unterminated\n";
        let parsed = parse(text);
        let [YamlProblem::Syntax { span, .. }] = parsed.problems.as_slice() else {
            panic!("{:?}", parsed.problems);
        };
        assert!(span.start > 0 && span.start <= text.len());
        assert!(parsed.documents.is_empty());
    }

    #[test]
    fn complex_keys_and_bad_merges_are_problems() {
        assert!(!parse("? [a, b]\n: c\n").is_clean());
        assert!(!parse("a:\n  <<: 5\n").is_clean());
        assert!(!parse("a:\n  <<: [1]\n").is_clean());
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let text = "\u{feff}services: {}\n";
        let parsed = parse(text);
        assert!(parsed.is_clean());
        let key = parsed
            .locate("/services")
            .and_then(|s| s.key)
            .unwrap_or_default();
        assert_eq!(slice(text, key), "services");
    }

    #[test]
    fn flow_collections_closed_at_the_key_indentation_parse_as_in_compose() {
        let text = "services:\n  web:\n    command: [\n      \"start\",\n    ]\n    image: x\n";
        let parsed = parse(text);
        assert!(parsed.is_clean(), "{:?}", parsed.problems);
        assert_eq!(
            parsed.documents[0].value()["services"]["web"]["command"],
            json!(["start"])
        );
        let spans = parsed
            .locate("/services/web/image")
            .unwrap_or_else(|| panic!("not found"));
        assert_eq!(slice(text, spans.value), "x");
        let command = parsed
            .locate("/services/web/command")
            .unwrap_or_else(|| panic!("not found"));
        assert!(
            slice(text, command.value).starts_with('[')
                && slice(text, command.value).ends_with(']')
        );
    }

    #[test]
    fn every_document_is_kept() {
        let parsed = parse("a: 1\n---\nb: 2\n");
        assert_eq!(parsed.documents.len(), 2);
        assert!(parsed.locate("/b").is_some());
    }
}
