//! Conversion of a spanned document to `serde_json::Value`.
//!
//! Aliases and `<<` merge keys are expanded here, which is where an alias
//! bomb would explode: every produced node is charged to a budget, and the
//! conversion stops with [`YamlProblem::AliasExpansionLimit`] when it runs out.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

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

/// Finds what keeps the document at `root` from converting: an alias
/// expansion over the budget (then false: it is not converted), a merge key
/// on something other than mappings, a key that is not a string. Nothing
/// is built.
pub(crate) fn check(root: &Node, budget: usize, problems: &mut Vec<YamlProblem>) -> bool {
    // Count first: an alias bomb is refused before a single node of its
    // expansion is visited.
    let mut counter = Counter {
        budget,
        total: 0,
        sizes: HashMap::new(),
        over_at: None,
    };
    counter.node(root, None);
    if let Some(span) = counter.over_at {
        problems.push(YamlProblem::AliasExpansionLimit { span, budget });
        return false;
    }
    let duplicates = problems
        .iter()
        .any(|p| matches!(p, YamlProblem::DuplicateKey { .. }));
    let mut scan = Scan {
        seen: HashSet::default(),
        duplicates,
        problems,
    };
    scan.node(root);
    true
}

/// The document at `root` as JSON, for a document [`check`] passed: the
/// conversion costs no more than the count, so it stays in the budget.
pub(crate) fn convert(root: &Node, budget: usize) -> Value {
    let mut problems = Vec::new();
    let mut converter = Converter {
        budget,
        exhausted_at: None,
        problems: &mut problems,
    };
    converter.node(root, None)
}

/// Visits what a conversion converts (every value but those of later
/// duplicates and of keys that are not strings, and every merged mapping)
/// and records the problems the conversion meets. Problems do not depend
/// on the alias a node is reached through, so each anchored node and each
/// merged mapping is visited once.
struct Scan<'p> {
    /// The anchored nodes and merged mappings visited, by address.
    seen: HashSet<usize, foldhash::fast::RandomState>,
    /// Whether the file has duplicate keys: only then are keys compared.
    duplicates: bool,
    problems: &'p mut Vec<YamlProblem>,
}

impl Scan<'_> {
    fn node(&mut self, node: &Node) {
        match &node.kind {
            NodeKind::Anchor(inner) | NodeKind::Alias(inner) => {
                if self.seen.insert(Arc::as_ptr(inner) as usize) {
                    self.node(inner);
                }
            }
            NodeKind::Sequence(items) => {
                for item in items {
                    self.node(item);
                }
            }
            NodeKind::Mapping(entries) => self.mapping(entries),
            NodeKind::Scalar(_) => {}
        }
    }

    fn mapping(&mut self, entries: &[Entry]) {
        match merge_sources(entries, None) {
            Ok(sources) => {
                for source in sources {
                    if self.seen.insert(source.entries.as_ptr() as usize) {
                        self.mapping(source.entries);
                    }
                }
            }
            Err(problem) => self.problems.push(problem),
        }
        let mut keys = HashSet::<&str, foldhash::fast::RandomState>::default();
        for entry in entries.iter().filter(|e| !e.key.is_merge_key()) {
            let Some(key) = entry.key.as_scalar() else {
                self.problems.push(non_string_key(&entry.key));
                continue;
            };
            // Of duplicate keys, the first is converted.
            if !self.duplicates || keys.insert(key.text.as_str()) {
                self.node(&entry.value);
            }
        }
    }
}

fn non_string_key(key: &Node) -> YamlProblem {
    YamlProblem::Syntax {
        span: key.span,
        message: format!("mapping keys must be strings, found {}", key.kind_name()),
        help: Some("write the key as a plain string"),
    }
}

/// Counts the nodes a conversion would produce, in document order, each
/// anchored subtree once (its size is remembered for every alias to it).
struct Counter {
    budget: usize,
    /// The nodes counted so far, in document order.
    total: usize,
    /// The expanded size of each anchored node, by address.
    sizes: HashMap<*const Node, usize>,
    /// Where the count first passed the budget: the outermost alias being
    /// expanded, else the node.
    over_at: Option<Span>,
}

impl Counter {
    /// Adds `node`'s expanded size to the total and returns it (saturating
    /// once over the budget, where counting stops).
    fn node(&mut self, node: &Node, via: Option<Span>) -> usize {
        if self.over_at.is_some() {
            return 0;
        }
        let size = match &node.kind {
            NodeKind::Anchor(inner) | NodeKind::Alias(inner) => {
                let via = match node.kind {
                    NodeKind::Alias(_) => via.or(Some(node.span)),
                    _ => via,
                };
                let key = Arc::as_ptr(inner);
                match self.sizes.get(&key) {
                    Some(&known) => {
                        self.charge(known.saturating_add(1), via.unwrap_or(node.span));
                        return known.saturating_add(1);
                    }
                    None => {
                        self.charge(1, via.unwrap_or(node.span));
                        let inner_size = self.node(inner, via);
                        self.sizes.insert(key, inner_size);
                        return inner_size.saturating_add(1);
                    }
                }
            }
            NodeKind::Scalar(_) => 1,
            NodeKind::Sequence(items) => {
                self.charge(1, via.unwrap_or(node.span));
                let mut size = 1usize;
                for item in items {
                    size = size.saturating_add(self.node(item, via));
                }
                return size;
            }
            NodeKind::Mapping(entries) => {
                self.charge(1, via.unwrap_or(node.span));
                let mut size = 1usize;
                for entry in entries {
                    size = size.saturating_add(self.node(&entry.value, via));
                }
                return size;
            }
        };
        self.charge(size, via.unwrap_or(node.span));
        size
    }

    fn charge(&mut self, nodes: usize, at: Span) {
        if self.over_at.is_some() {
            return;
        }
        self.total = self.total.saturating_add(nodes);
        if self.total > self.budget {
            self.over_at = Some(at);
        }
    }
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
        // Duplicates are reported when the tree is built; the first wins.
        // Without a merge key, the map itself says which came first.
        let merged = entries.iter().any(|e| e.key.is_merge_key());
        let mut explicit = HashSet::new();
        for entry in entries.iter().filter(|e| !e.key.is_merge_key()) {
            let Some(key) = self.key_text(&entry.key) else {
                continue;
            };
            let first = if merged {
                explicit.insert(key.clone())
            } else {
                !map.contains_key(&key)
            };
            if first {
                let value = self.node(&entry.value, via);
                map.insert(key, value);
            }
        }
        map
    }

    fn key_text(&mut self, key: &Node) -> Option<String> {
        match key.as_scalar() {
            Some(scalar) => Some(scalar.text.to_string()),
            None => {
                self.problems.push(non_string_key(key));
                None
            }
        }
    }
}
