//! YAML with spans: parse once, keep every key's and value's byte range,
//! convert to `serde_json::Value` with compose-go's scalar and merge rules,
//! and find any value's span again from its JSON pointer.

mod convert;
mod flow_indent;
mod lookup;
pub(crate) mod merge;
pub mod scalar;
pub mod tree;

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

/// One document: its spanned tree and its JSON value.
#[derive(Clone, Debug)]
pub struct YamlDocument {
    pub root: Node,
    pub value: Value,
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
            .then(|| self.documents.first().map(|d| &d.value))
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

/// Parses `text` (every document in it) and converts it to JSON values.
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
        .map(|doc| YamlDocument {
            value: convert::to_json(&doc.root, budget, &mut problems),
            root: doc.root,
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
        parsed.documents[0].value.clone()
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
            parsed.documents[0].value["services"]["web"]["image"],
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
        assert!(parsed.documents[0].value.is_null());
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
        let services = parsed.documents[0].value["services"]
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
            parsed.documents[0].value["services"]["web"]["command"],
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
