//! The names Compose gives its files.

use std::path::Path;

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
pub(crate) fn is_compose_file_name(path: &Path) -> bool {
    file_name(path).is_some_and(|name| COMPOSE_FILE_NAMES.contains(&name))
}

/// True when `path`'s name looks like a compose file's: a `.yaml` or `.yml`
/// file whose name starts with `compose` or `docker-compose`, or holds
/// `stack` (`compose.monitoring.yaml`, `docker-compose.prod.yml`,
/// `docker-stack.yml`). Case matters, as it does for Compose's own names.
pub fn is_compose_like_name(path: &Path) -> bool {
    let Some(name) = file_name(path) else {
        return false;
    };
    let Some(stem) = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
    else {
        return false;
    };
    stem.starts_with("compose") || stem.starts_with("docker-compose") || stem.contains("stack")
}

/// The default compose file of `directory`, the first of
/// [`COMPOSE_FILE_NAMES`] that is a file there.
pub fn default_compose_file(directory: &Path) -> Option<std::path::PathBuf> {
    COMPOSE_FILE_NAMES
        .iter()
        .map(|name| directory.join(name))
        .find(|path| path.is_file())
}

pub(crate) fn file_name(path: &Path) -> Option<&str> {
    path.file_name().and_then(|name| name.to_str())
}
