//! Reading the resolved project: its services and top-level elements with
//! the JSON pointers rules report them at.

use super::value::Value;
use crate::compose::load::Resolved;
use crate::yaml::escape_pointer_segment;
use compact_str::CompactString;

/// A named entry of a top-level section (`services`, `networks`, …) of the
/// resolved project.
#[derive(Clone, Copy, Debug)]
pub struct Element<'a> {
    pub name: &'a str,
    pub value: &'a Value,
}

impl Element<'_> {
    /// The pointer of this element in `section`, or of `path` inside it:
    /// `pointer("services", &["ports", "0"])` → `/services/web/ports/0`.
    pub fn pointer(&self, section: &str, path: &[&str]) -> String {
        let mut pointer = format!("/{section}/{}", escape_pointer_segment(self.name));
        for segment in path {
            pointer.push('/');
            pointer.push_str(&escape_pointer_segment(segment));
        }
        pointer
    }
}

/// The entries of `section` of the resolved project, in the order they were
/// written (the model keeps services sorted by name): by file, then offset;
/// entries the loader made up come last, by name.
pub(crate) fn elements_of<'a>(resolved: &'a Resolved, section: &str) -> Vec<Element<'a>> {
    let Some(entries) = resolved.model.get(section).and_then(Value::as_mapping) else {
        return Vec::new();
    };
    let element = |(name, value): (&'a CompactString, &'a Value)| Element {
        name: name.as_str(),
        value,
    };
    if section == "services"
        && let Some(order) = &resolved.service_order
        && order.len() == entries.len()
    {
        // Rules ask for the services again and again: their order is
        // worked out once, when the project is resolved.
        return order
            .iter()
            .filter_map(|&index| entries.get_index(index).map(element))
            .collect();
    }
    written_positions(entries)
        .into_iter()
        .filter_map(|index| entries.get_index(index).map(element))
        .collect()
}

/// The positions of `section`'s entries in the order they were written.
pub(crate) fn written_positions(mapping: &crate::compose::value::Mapping) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..mapping.len()).collect();
    positions.sort_by_key(|&index| written_order(mapping.get_index(index).map(|(_, v)| v)));
    positions
}

/// Where a value was written, for sorting: by file, then offset; values the
/// loader made up come last (a stable sort keeps them by name).
fn written_order(value: Option<&Value>) -> (u8, crate::location::FileId, usize) {
    value
        .and_then(|v| v.origin)
        .map(|o| (0, o.file, o.key().unwrap_or(o.value()).start))
        .unwrap_or((1, crate::location::FileId(usize::MAX), 0))
}

/// True when the service is built from a Dockerfile (`build:`).
pub(crate) fn is_built(service: &Value) -> bool {
    service.get("build").is_some()
}

/// The service's `image`, when written as a string.
pub(crate) fn image(service: &Value) -> Option<&str> {
    service.get("image").and_then(Value::as_str)
}

/// The profiles that enable the service.
pub(crate) fn profiles(service: &Value) -> Vec<&str> {
    service
        .get("profiles")
        .and_then(Value::as_sequence)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The service's `network_mode`, when set.
pub(crate) fn network_mode(service: &Value) -> Option<&str> {
    service.get("network_mode").and_then(Value::as_str)
}
