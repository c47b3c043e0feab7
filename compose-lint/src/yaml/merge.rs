//! The `<<` merge key, with compose-go's (go-yaml v3's) precedence: keys
//! written in the mapping win over merged ones, and in `<<: [*a, *b]` the
//! earlier source wins. When `<<` is given twice (a duplicate key, reported
//! as such), the last one is the one applied, as go-yaml does.

use super::YamlProblem;
use super::tree::{Entry, Node, NodeKind};
use crate::source::Span;

/// A mapping merged into another, and the alias it was reached through.
pub(crate) struct MergeSource<'n> {
    pub entries: &'n [Entry],
    pub via: Option<Span>,
}

/// The mappings the `<<` key of `entries` merges in, in precedence order.
pub(crate) fn merge_sources(
    entries: &[Entry],
    via: Option<Span>,
) -> Result<Vec<MergeSource<'_>>, YamlProblem> {
    let Some(merge) = entries.iter().rev().find(|e| e.key.is_merge_key()) else {
        return Ok(Vec::new());
    };
    let (value, via) = follow(&merge.value, via);
    match &value.kind {
        NodeKind::Mapping(entries) => Ok(vec![MergeSource { entries, via }]),
        NodeKind::Sequence(items) => items
            .iter()
            .map(|written| {
                let (item, via) = follow(written, via);
                match &item.kind {
                    NodeKind::Mapping(entries) => Ok(MergeSource { entries, via }),
                    _ => Err(invalid_merge(written, item)),
                }
            })
            .collect(),
        _ => Err(invalid_merge(&merge.value, value)),
    }
}

/// Follows anchors and aliases to the node they stand for, remembering the
/// outermost alias on the way.
pub(crate) fn follow(node: &Node, mut via: Option<Span>) -> (&Node, Option<Span>) {
    let mut node = node;
    loop {
        match &node.kind {
            NodeKind::Anchor(inner) => node = inner,
            NodeKind::Alias(target) => {
                via = via.or(Some(node.span));
                node = target;
            }
            _ => return (node, via),
        }
    }
}

/// Reported where the value is written (`*name`), naming what it stands for.
fn invalid_merge(written: &Node, target: &Node) -> YamlProblem {
    YamlProblem::Syntax {
        span: written.span,
        message: format!(
            "the merge key `<<` takes a mapping or a list of mappings, found {}",
            target.kind_name()
        ),
        help: Some("merge an anchored mapping (`<<: *name`) or a list of them (`<<: [*a, *b]`)"),
    }
}
