//! Reading the resolved project: its services and top-level elements with
//! the JSON pointers rules report them at.

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
    let mut elements: Vec<Element<'a>> = entries
        .iter()
        .map(|(name, value)| Element {
            name: name.as_str(),
            value,
        })
        .collect();
    elements.sort_by_key(|e| {
        e.value
            .origin
            .map(|o| (0, o.file, o.key.unwrap_or(o.value).start))
            .unwrap_or((1, crate::location::FileId(usize::MAX), 0))
    });
    elements
}

/// The services of the resolved project, in the order they were written.
pub fn services(project: &Project) -> Vec<Element<'_>> {
    elements(project, "services")
}
