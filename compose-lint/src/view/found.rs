//! The configurations the project's services read, found through their
//! container views and loaded into the project once each: host files as
//! they are, inline texts as files embedded in the compose file.

use super::programs::config_paths;
use std::path::Path;

use super::{ContainerView, InlineFile, Seen};
use crate::compose::load::Resolved;
use crate::compose::value::Value;
use crate::images::ImageCatalog;
use crate::location::{FileId, Location, Part};
use crate::sources::{FileKind, LoadedFile, Sources};

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

/// A file a service reads: on the host, or written inside the compose file.
#[derive(Clone, Copy)]
pub(crate) enum Provided<'a> {
    Host(&'a Path),
    /// A file of the build context the Dockerfile copies into the image.
    Copied(&'a Path),
    Inline(&'a InlineFile),
}

impl<'a> Provided<'a> {
    /// What the container sees, when it is a file the project can read.
    pub(crate) fn of(seen: &'a Seen<'a>) -> Option<Self> {
        match seen {
            Seen::HostFile(host, entry) if entry.at.key == "build" => Some(Self::Copied(host)),
            Seen::HostFile(host, _) => Some(Self::Host(host)),
            Seen::Inline(file, _) => Some(Self::Inline(file)),
            _ => None,
        }
    }
}

/// Adds `provided`, a file `service` reads at `path` (`None`: a file a
/// configuration given on the command line names), to the project as
/// `kind`, with why it was read for `--show-files`. `None` when it cannot
/// be read as `kind` (a compose file mounted there), or is not read
/// because it resolves outside the project root: that is recorded as
/// refused at the place `at` gives.
pub(crate) fn add_provided(
    sources: &mut Sources,
    provided: Provided<'_>,
    kind: FileKind,
    service: Option<&str>,
    path: &str,
    max_file_size: u64,
    at: impl FnOnce() -> Location,
) -> Option<FileId> {
    let id = match provided {
        Provided::Host(host) | Provided::Copied(host) => {
            match sources.add_found(host, kind, max_file_size) {
                Ok(id) => id,
                Err(error) => {
                    // Other errors (a file too large, say) leave the file
                    // unread, as a file of the image would be.
                    let _ = sources.refuse(error, kind, Some(at()));
                    return None;
                }
            }
        }
        Provided::Inline(file) => sources.add_inline(file.id, &file.text, &file.embedding, kind),
    };
    let file = sources.file(id)?;
    if file.kind != kind || (kind == FileKind::Prometheus && looks_like_compose(file)) {
        return None;
    }
    let what = kind.what();
    let purpose = match (service, provided) {
        (Some(service), Provided::Inline(file)) => format!(
            "{what} of service `{service}` at `{path}`, {}",
            file.written_by
        ),
        (Some(service), Provided::Copied(_)) => {
            format!("{what} of service `{service}`, copied by its Dockerfile to `{path}`")
        }
        (Some(service), Provided::Host(_)) => {
            format!("{what} of service `{service}`, mounted at `{path}`")
        }
        (None, _) => format!("{what} the Prometheus configuration names"),
    };
    sources.set_purpose(id, purpose);
    Some(id)
}

fn looks_like_compose(file: &LoadedFile) -> bool {
    file.yaml
        .documents
        .iter()
        .any(|doc| doc.top_keys().contains(&"services"))
}

/// Finds every configuration the services read, reading each into
/// `sources`.
pub(crate) fn discover(
    sources: &mut Sources,
    resolved: &Resolved,
    builds: &[crate::build::Build],
    views: &[ContainerView],
    images: &ImageCatalog,
    max_file_size: u64,
) -> Vec<FoundConfig> {
    let services: Vec<(usize, Vec<super::programs::ConfigPath>)> = views
        .iter()
        .enumerate()
        .map(|(index, view)| {
            let wanted = resolved
                .model
                .get("services")
                .and_then(|s| s.get(&view.service))
                .map(|service| {
                    // A service built without an `image` runs what its
                    // Dockerfile's base image runs.
                    let base = (service.get("image").is_none())
                        .then(|| builds.iter().find(|b| b.service == view.service))
                        .flatten()
                        .and_then(crate::build::Build::base_image);
                    match base {
                        Some(base) => {
                            let mut service = service.clone();
                            if let Some(map) = service.as_mapping_mut() {
                                map.insert("image".into(), Value::string(base));
                            }
                            config_paths(images, &view.service, &service)
                        }
                        None => config_paths(images, &view.service, service),
                    }
                })
                .unwrap_or_default();
            (index, wanted)
        })
        .collect();
    let root = sources.reading_root().map(Path::to_path_buf);
    let mut found = Vec::new();
    for (index, wanted) in services {
        let view = &views[index];
        for config in wanted {
            let mut files: Vec<(String, Seen<'_>)> = Vec::new();
            let seen = view.lookup(&config.path);
            let list_dir = config.directory || matches!(seen, Seen::HostDir(..));
            if list_dir && !config.extensions.is_empty() {
                let listing = view.list(&config.path, root.as_deref());
                if let Some(directory) = &listing.outside_root {
                    let at = match &seen {
                        Seen::HostDir(_, entry) => entry.at.location(),
                        _ => Location::model(format!("/services/{}", view.service), Part::Key),
                    };
                    sources.refuse_directory(directory, config.kind, at);
                }
                for (name, seen) in listing.files {
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
                let Some(provided) = Provided::of(&seen) else {
                    continue;
                };
                let service = Some(view.service.as_str());
                let at = || match &seen {
                    Seen::HostFile(_, entry) | Seen::Inline(_, entry) => entry.at.location(),
                    _ => Location::model(format!("/services/{}", view.service), Part::Key),
                };
                if let Some(file) = add_provided(
                    sources,
                    provided,
                    config.kind,
                    service,
                    &path,
                    max_file_size,
                    at,
                ) {
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
