//! Reading the resolved project: its services and top-level elements with
//! the JSON pointers rules report them at.

use std::path::Path;

use super::file_names::{COMPOSE_FILE_NAMES, is_compose_file_name};
use super::value::Value;
use crate::project::Project;
use crate::yaml::escape_pointer_segment;

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
pub fn elements<'a>(project: &'a Project, section: &str) -> Vec<Element<'a>> {
    let Some(entries) = project
        .model()
        .and_then(|model| model.get(section))
        .and_then(Value::as_mapping)
    else {
        return Vec::new();
    };
    let element = |(name, value): (&'a String, &'a Value)| Element {
        name: name.as_str(),
        value,
    };
    if section == "services"
        && let Some(order) = project.service_order()
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
        .map(|o| (0, o.file, o.key.unwrap_or(o.value).start))
        .unwrap_or((1, crate::location::FileId(usize::MAX), 0))
}

/// The service's `image`, when written as a string.
pub fn image(service: &Value) -> Option<&str> {
    service.get("image").and_then(Value::as_str)
}

/// The profiles that enable the service.
pub fn profiles(service: &Value) -> Vec<&str> {
    service
        .get("profiles")
        .and_then(Value::as_sequence)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The service's `network_mode`, when set.
pub fn network_mode(service: &Value) -> Option<&str> {
    service.get("network_mode").and_then(Value::as_str)
}

/// The services of the resolved project, in the order they were written.
pub fn services(project: &Project) -> Vec<Element<'_>> {
    elements(project, "services")
}

/// True when the project looks like part of another: none of its files has
/// a default name, and a default-named compose file sits in the directory
/// of one of them or up to two levels above (`docker compose -f
/// compose.yaml -f extensions/x/x-compose.yml`). The services it depends on
/// may be defined there.
pub fn is_partial(project: &Project) -> bool {
    let Some(resolved) = project.resolved.as_ref() else {
        return false;
    };
    let paths: Vec<&Path> = resolved
        .root_files
        .iter()
        .filter_map(|&id| project.file(id))
        .map(|file| file.source.path())
        .collect();
    if paths.is_empty() || paths.iter().any(|path| is_compose_file_name(path)) {
        return false;
    }
    paths.iter().any(|path| {
        let Ok(path) = std::path::absolute(path) else {
            return false;
        };
        path.parent().is_some_and(|directory| {
            directory.ancestors().take(3).any(|dir| {
                COMPOSE_FILE_NAMES
                    .iter()
                    .any(|name| dir.join(name).is_file())
            })
        })
    })
}
