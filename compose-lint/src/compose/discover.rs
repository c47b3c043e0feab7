//! Finding compose projects under a directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::linter::ProjectSpec;

/// The file names Compose loads by default, in its order of preference.
pub const COMPOSE_FILE_NAMES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// The override file Compose loads next to the default file, in its order
/// of preference.
pub const OVERRIDE_FILE_NAMES: [&str; 4] = [
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// True when `path` has one of the default compose file names.
pub fn is_compose_file_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| COMPOSE_FILE_NAMES.contains(&name))
}

/// What searching a directory found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// One project per directory holding compose files, sorted by directory.
    pub projects: Vec<ProjectSpec>,
    /// Directories or entries that could not be read.
    pub errors: Vec<Error>,
}

/// Searches `root` for compose files, honouring `.gitignore` and `.ignore`
/// files (hidden directories such as `.devcontainer` are searched; `.git` is
/// not). Each directory that holds compose files is one project, loaded as
/// Compose would load it there (its default file and override file, or
/// `COMPOSE_FILE`); a second default-named file Compose would pass over is
/// linted as a project of its own, so nothing found goes unchecked.
pub fn discover(root: &Path) -> Discovery {
    let mut by_directory: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut errors = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry
                    .file_type()
                    .is_some_and(|t| t.is_file() || t.is_symlink());
                if is_file && is_compose_file_name(entry.path()) {
                    // `./compose.yaml` reads better as `compose.yaml`.
                    let path = match entry.path().strip_prefix(".") {
                        Ok(relative) if root == Path::new(".") => relative.to_path_buf(),
                        _ => entry.into_path(),
                    };
                    let directory = path.parent().map(Path::to_path_buf).unwrap_or_default();
                    by_directory.entry(directory).or_default().push(path);
                }
            }
            Err(error) => errors.push(walk_error(root, error)),
        }
    }
    let projects = by_directory
        .into_iter()
        .flat_map(|(directory, mut files)| {
            files.sort_by_key(|path| preference(path));
            let passed_over = files
                .into_iter()
                .skip(1)
                .map(|file| ProjectSpec::from_files([file]));
            std::iter::once(ProjectSpec::in_directory(directory)).chain(passed_over)
        })
        .collect::<Vec<_>>();
    if projects.is_empty() && errors.is_empty() {
        errors.push(Error::NoComposeFile(root.to_path_buf()));
    }
    Discovery { projects, errors }
}

fn preference(path: &Path) -> usize {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    COMPOSE_FILE_NAMES
        .iter()
        .position(|candidate| *candidate == name)
        .unwrap_or(COMPOSE_FILE_NAMES.len())
}

fn walk_error(root: &Path, error: ignore::Error) -> Error {
    let path = walk_error_path(&error).unwrap_or_else(|| root.to_path_buf());
    // The walker's own message repeats the path; keep only the OS's words.
    match error.into_io_error() {
        Some(source) if source.kind() == std::io::ErrorKind::NotFound => Error::NotFound(path),
        Some(source) => Error::Io {
            path,
            source: source
                .raw_os_error()
                .map_or(source, std::io::Error::from_raw_os_error),
        },
        None => Error::Io {
            path,
            source: std::io::Error::other("cannot be searched"),
        },
    }
}

fn walk_error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}
