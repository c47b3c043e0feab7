//! Conversion of a spanned document to `serde_json::Value`.
//!
//! Aliases and `<<` merge keys are expanded here, which is where an alias
//! bomb would explode: every produced node is charged to a budget, and the
//! conversion stops with [`YamlProblem::AliasExpansionLimit`] when it runs out.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::YamlProblem;
use super::merge::{MergeSource, merge_sources};
use super::scalar;
use super::tree::{Entry, Node, NodeKind};
use crate::source::Span;

/// The budget for a document of `node_count` parsed nodes: generous enough
/// for heavy but honest use of anchors, tiny next to an alias bomb.
pub fn node_budget(node_count: usize) -> usize {
    node_count.saturating_mul(16).max(250_000)
}

pub(crate) fn to_json(root: &Node, budget: usize, problems: &mut Vec<YamlProblem>) -> Value {
    let mut converter = Converter {
        budget,
        exhausted_at: None,
        problems,
    };
    let value = converter.node(root, None);
    if let Some(span) = converter.exhausted_at {
        converter
            .problems
            .push(YamlProblem::AliasExpansionLimit { span, budget });
    }
    value
}

struct Converter<'p> {
    budget: usize,
    exhausted_at: Option<Span>,
    problems: &'p mut Vec<YamlProblem>,
}

impl Converter<'_> {
    /// `via` is the outermost alias being expanded, if any.
    fn node(&mut self, node: &Node, via: Option<Span>) -> Value {
        if self.exhausted_at.is_some() {
            return Value::Null;
        }
        if self.budget == 0 {
            self.exhausted_at = Some(via.unwrap_or(node.span));
            return Value::Null;
        }
        self.budget -= 1;
        match &node.kind {
            NodeKind::Anchor(inner) => self.node(inner, via),
            NodeKind::Alias(target) => self.node(target, via.or(Some(node.span))),
            NodeKind::Scalar(s) => scalar::resolve(s, node.tag.as_deref()),
            NodeKind::Sequence(items) => {
                Value::Array(items.iter().map(|item| self.node(item, via)).collect())
            }
            NodeKind::Mapping(entries) => Value::Object(self.mapping(entries, via)),
        }
    }

    fn mapping(&mut self, entries: &[Entry], via: Option<Span>) -> Map<String, Value> {
        let mut map = Map::with_capacity(entries.len());
        // Merged keys go in first so that explicit keys, wherever they are
        // written, replace them: explicit keys always win over `<<`.
        match merge_sources(entries, via) {
            Ok(sources) => {
                for MergeSource { entries, via } in sources {
                    // Earlier sources win over later ones.
                    for (key, value) in self.mapping(entries, via) {
                        map.entry(key).or_insert(value);
                    }
                }
            }
            Err(problem) => self.problems.push(problem),
        }
        let mut explicit = HashSet::with_capacity(entries.len());
        for entry in entries.iter().filter(|e| !e.key.is_merge_key()) {
            let Some(key) = self.key_text(&entry.key) else {
                continue;
            };
            // Duplicates are reported when the tree is built; the first wins.
            if explicit.insert(key.clone()) {
                let value = self.node(&entry.value, via);
                map.insert(key, value);
            }
        }
        map
    }

    fn key_text(&mut self, key: &Node) -> Option<String> {
        match key.as_scalar() {
            Some(scalar) => Some(scalar.text.clone()),
            None => {
                self.problems.push(YamlProblem::Syntax {
                    span: key.span,
                    message: format!("mapping keys must be strings, found {}", key.kind_name()),
                    help: Some("write the key as a plain string"),
                });
                None
            }
        }
    }
}
