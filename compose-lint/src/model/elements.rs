//! The entries of the resolved project's sections, in written order.

use std::path::Path;

use crate::compose::file_names::{COMPOSE_FILE_NAMES, is_compose_file_name};
use crate::compose::model::{Element, elements_of};
use crate::project::Project;

/// The entries of `section` of the project, in the order they were
/// written (the model keeps services sorted by name): by file, then offset;
/// entries the loader made up come last, by name.
pub fn elements<'a>(project: &'a Project, section: &str) -> Vec<Element<'a>> {
    match &project.resolved {
        Some(resolved) => elements_of(resolved, section),
        None => Vec::new(),
    }
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
    *project.partial.get_or_init(|| looks_partial(project))
}

fn looks_partial(project: &Project) -> bool {
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
