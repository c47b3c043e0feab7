//! The project's top-level secrets, configs and volumes, and a service's
//! references to them.

use super::{At, Located};
use crate::compose::model::Element;
use crate::compose::value::{Kind, Value};

/// How a top-level network or volume says it is created outside the
/// project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum External<'a> {
    /// `external: true`.
    Yes,
    /// The legacy `external: {name: …}`, with the name when one is written.
    Named(Option<&'a str>),
}

impl<'a> External<'a> {
    /// The `external` of the network or volume `node`: `None` when absent
    /// or neither `true` nor a mapping.
    pub(crate) fn of(node: &'a Value) -> Option<Self> {
        match &node.get("external")?.kind {
            Kind::Bool(true) => Some(Self::Yes),
            Kind::Mapping(map) => Some(Self::Named(map.get("name").and_then(Value::as_str))),
            _ => None,
        }
    }
}

/// A top-level volume.
#[derive(Clone, Debug)]
pub struct Volume<'a> {
    pub name: &'a str,
    pub node: &'a Value,
    /// `external`, when `true` or the legacy mapping.
    pub external: Option<External<'a>>,
    /// `name`, when written as a string: the volume's name on the engine.
    pub written_name: Option<&'a str>,
}

impl<'a> Volume<'a> {
    pub(crate) fn of(element: Element<'a>) -> Self {
        let node = element.value;
        Self {
            name: element.name,
            node,
            external: External::of(node),
            written_name: node.get("name").and_then(Value::as_str),
        }
    }
}

/// A top-level secret or config.
#[derive(Clone, Debug)]
pub struct Resource<'a> {
    pub name: &'a str,
    pub node: &'a Value,
    /// `file`, when a string.
    pub file: Option<Located<'a, &'a str>>,
    /// True for one the project does not create (`external: true`, or any
    /// value but `false`).
    pub external: bool,
}

impl<'a> Resource<'a> {
    pub(crate) fn of(section: &'static str, element: Element<'a>) -> Self {
        let node = element.value;
        let at = At::entry(section, element.name, element.value);
        Self {
            name: element.name,
            node,
            file: node
                .get("file")
                .and_then(|f| Some(Located::new(f.as_str()?, f, at.key("file")))),
            external: node
                .get("external")
                .is_some_and(|e| e.as_bool() != Some(false) && !e.is_null()),
        }
    }
}

/// The names a service's `secrets` or `configs` (`key`) use, each at the
/// name: the short entry, or the long entry's `source`.
pub(crate) fn references<'a>(
    service: &'a Value,
    at: At<'a>,
    key: &'static str,
) -> Vec<Located<'a, &'a str>> {
    service
        .get(key)
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, item)| {
            let at = at.key(key).index(index);
            match item.as_str() {
                Some(name) => Some(Located::new(name, item, at)),
                None => {
                    let source = item.get("source")?;
                    Some(Located::new(source.as_str()?, source, at.key("source")))
                }
            }
        })
        .collect()
}
