//! JSON pointer → spans: where a value of the converted document is written.
//!
//! The index walks the spanned tree on demand with the same merge rules as the
//! conversion, instead of materialising one entry per node: diagnostics are
//! few and documents can be megabytes, so a lookup that costs O(depth × width)
//! beats a map that costs memory for every node of every file.

use super::merge::{follow, merge_sources};
use super::tree::{Entry, Node, NodeKind};
use crate::source::Span;

/// Where a value sits in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSpans {
    /// The key that holds the value, when the value is a mapping entry.
    pub key: Option<Span>,
    /// The value where it is defined: for an aliased or merged value, inside
    /// the anchored node.
    pub value: Span,
    /// The alias (`*name`, or the one in `<<: *name`) that brought the value
    /// here, when it is defined elsewhere.
    pub via: Option<Span>,
}

/// Looks `pointer` (RFC 6901) up in the document rooted at `root`.
pub(crate) fn locate(root: &Node, pointer: &str) -> Option<NodeSpans> {
    let (mut node, mut via) = follow(root, None);
    let mut key = None;
    for segment in segments(pointer)? {
        let (entry_key, value, entry_via) = match &node.kind {
            NodeKind::Mapping(entries) => find_key(entries, &segment, via)?,
            NodeKind::Sequence(items) => {
                let item = items.get(parse_index(&segment)?)?;
                (None, item, via)
            }
            _ => return None,
        };
        key = entry_key;
        (node, via) = follow(value, entry_via);
    }
    Some(NodeSpans {
        key,
        value: node.span,
        via,
    })
}

/// The entry for `key`: written in the mapping, else merged into it.
fn find_key<'n>(
    entries: &'n [Entry],
    key: &str,
    via: Option<Span>,
) -> Option<(Option<Span>, &'n Node, Option<Span>)> {
    let written = entries
        .iter()
        .find(|e| !e.key.is_merge_key() && e.key.as_scalar().is_some_and(|s| s.text == key));
    if let Some(entry) = written {
        return Some((Some(entry.key.span), &entry.value, via));
    }
    merge_sources(entries, via)
        .ok()?
        .into_iter()
        .find_map(|source| find_key(source.entries, key, source.via))
}

fn parse_index(segment: &str) -> Option<usize> {
    if segment.len() > 1 && segment.starts_with('0') {
        return None;
    }
    segment.parse().ok()
}

/// Splits a JSON pointer into unescaped segments; `None` if it is malformed.
pub fn segments(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Escapes one segment for a JSON pointer.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
