//! The configurations the project's services read, found through their
//! container views and loaded into the project once each: host files as
//! they are, inline texts as files embedded in the compose file.

use super::programs::config_paths;
use super::{ContainerView, Seen};
use crate::location::FileId;
use crate::project::{FileKind, Project};

/// A configuration file a service reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundConfig {
    /// The file, loaded into the project.
    pub file: FileId,
    pub kind: FileKind,
    /// The service that reads it.
    pub service: String,
    /// Which of the project's views is the service's.
    pub view: usize,
    /// Where the service reads it.
    pub container_path: String,
}

/// Why the project read a file that a service sees at `path`, for
/// `--show-files`.
fn purpose(what: &str, service: &str, path: &str, seen: &Seen<'_>) -> String {
    match seen {
        Seen::Inline(file, _) => format!(
            "{what} of service `{service}` at `{path}`, {}",
            file.written_by
        ),
        _ => format!("{what} of service `{service}`, mounted at `{path}`"),
    }
}

/// Adds what the container sees at `path` to the project as `kind`: the
/// host file, or the inline text. `None` when it is something else or the
/// file cannot be read as `kind` (a compose file mounted there).
pub(crate) fn add_seen(
    project: &mut Project,
    seen: &Seen<'_>,
    kind: FileKind,
    purpose: String,
    max_file_size: u64,
) -> Option<FileId> {
    let id = match seen {
        Seen::HostFile(host, _) => project.add_found(host, kind, max_file_size).ok()?,
        Seen::Inline(file, _) => project.add_inline(file, kind),
        _ => return None,
    };
    let file = project.file(id)?;
    if file.kind != kind || (kind == FileKind::Prometheus && looks_like_compose(file)) {
        return None;
    }
    project.set_purpose(id, purpose);
    Some(id)
}

fn looks_like_compose(file: &crate::project::LoadedFile) -> bool {
    file.yaml
        .documents
        .iter()
        .any(|doc| doc.value.get("services").is_some())
}

/// Finds every configuration the services read and adds it to the project.
pub fn discover(
    project: &mut Project,
    views: &[ContainerView],
    max_file_size: u64,
) -> Vec<FoundConfig> {
    let services: Vec<(usize, Vec<super::programs::ConfigPath>)> = views
        .iter()
        .enumerate()
        .map(|(index, view)| {
            let wanted = project
                .model()
                .and_then(|m| m.get("services"))
                .and_then(|s| s.get(&view.service))
                .map(|service| config_paths(&project.images, &view.service, service))
                .unwrap_or_default();
            (index, wanted)
        })
        .collect();
    let mut found = Vec::new();
    for (index, wanted) in services {
        let view = &views[index];
        for config in wanted {
            let mut files: Vec<(String, Seen<'_>)> = Vec::new();
            let seen = view.lookup(&config.path);
            let list_dir = config.directory || matches!(seen, Seen::HostDir(..));
            if list_dir && !config.extensions.is_empty() {
                for (name, seen) in view.list(&config.path).files {
                    let extension = name.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
                    if config.extensions.contains(&extension) {
                        files.push((
                            format!("{}/{name}", config.path.trim_end_matches('/')),
                            seen,
                        ));
                    }
                }
            } else if !config.directory {
                files.push((config.path.clone(), seen));
            }
            for (path, seen) in files {
                let why = purpose(config.what, &view.service, &path, &seen);
                if let Some(file) = add_seen(project, &seen, config.kind, why, max_file_size) {
                    found.push(FoundConfig {
                        file,
                        kind: config.kind,
                        service: view.service.clone(),
                        view: index,
                        container_path: path,
                    });
                }
            }
        }
    }
    found
}
