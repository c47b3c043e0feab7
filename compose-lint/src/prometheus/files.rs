//! The files Prometheus configurations name — `rule_files`,
//! `scrape_config_files` and the `files` of `file_sd_configs` — resolved
//! once per project and loaded into it.
//!
//! A configuration a service reads names container paths: they are looked
//! up in that service's container view, then mapped back to host files or
//! inline texts. A configuration given on the command line names host
//! paths. Relative paths are resolved against the
//! directory of the file they are written in, as Prometheus sees it: an
//! included scrape config file's `file_sd_configs` resolve against its own
//! directory, not the main configuration's.

use serde_json::Value;

use super::rule_files::{Named, Resolution, is_valid_pattern, resolve};
use crate::location::{FileId, Location};
use crate::sources::{FileKind, Sources};
use crate::view::ContainerView;
use crate::view::found::FoundConfig;
use crate::view::found::{Provided, add_provided};

/// Which list a pattern is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reference {
    /// `rule_files` of the configuration.
    RuleFiles,
    /// `scrape_config_files` of the configuration.
    ScrapeConfigFiles,
    /// `files` of a `file_sd_configs` entry of a scrape config.
    FileSd,
    /// `templates` of an Alertmanager configuration.
    AlertmanagerTemplates,
}

/// One pattern and what it names.
#[derive(Clone, Debug)]
pub(crate) struct FileEntry {
    pub reference: Reference,
    /// The file the pattern is written in.
    pub file: FileId,
    /// The pattern's JSON pointer in that file.
    pub pointer: String,
    pub pattern: String,
    pub resolution: Resolution,
    /// The configuration Prometheus is started with: `file` itself, or the
    /// configuration whose `scrape_config_files` named it.
    pub config: FileId,
    /// For `file_sd_configs`: the pointer (in `file`) of the scrape config
    /// the targets belong to.
    pub job: Option<String>,
    /// The files named that the project loaded, in the order found.
    pub loaded: Vec<FileId>,
}

/// True for the names Prometheus accepts in `file_sd_configs` `files`: a
/// `*` only in the last path element, and a `.json`, `.yml` or `.yaml`
/// extension.
pub(crate) fn is_valid_file_sd_pattern(pattern: &str) -> bool {
    let extension = pattern.rsplit_once('.').map_or("", |(_, ext)| ext);
    is_valid_pattern(pattern)
        && ["json", "yml", "yaml", "JSON", "YML", "YAML"].contains(&extension)
        && !extension.contains('/')
}

/// A file in which patterns are written, with the path Prometheus reads it
/// at.
struct Written {
    file: FileId,
    seen: String,
}

/// The string items of the list at `key` of `object`, each with its pointer.
fn patterns<'a>(object: &'a Value, base: &str, key: &str) -> Vec<(String, &'a str)> {
    object
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, item)| Some((format!("{base}/{key}/{i}"), item.as_str()?)))
        .collect()
}

/// Reads into `sources` the files named by every Prometheus configuration
/// of the project (given on the command line, or among the configurations
/// `found` that the services read through `views`), and gives what each
/// pattern names. Files that cannot be read are left out: the rules that
/// check the patterns report them.
pub(crate) fn load(
    sources: &mut Sources,
    views: &[ContainerView],
    found: &[FoundConfig],
    max_size: u64,
) -> Vec<FileEntry> {
    let host = ContainerView::of_host();
    // Each configuration with the view it is read in: its service's, or
    // the host's for a configuration given on the command line.
    let configs: Vec<(FileId, String, Option<usize>)> = sources
        .files
        .iter()
        .filter(|file| file.kind == FileKind::Prometheus)
        .map(|file| {
            let read = found
                .iter()
                .find(|m| m.kind == FileKind::Prometheus && m.file == file.id);
            match read {
                Some(found) => (file.id, found.container_path.clone(), Some(found.view)),
                None => (
                    file.id,
                    crate::compose::load::absolute(file.source.path())
                        .to_string_lossy()
                        .into_owned(),
                    None,
                ),
            }
        })
        .collect();
    let mut entries = Vec::new();
    for (config, seen, view) in &configs {
        let (view, service) = match view.and_then(|v| views.get(v)) {
            Some(view) => (view, Some(view.service.as_str())),
            None => (&host, None),
        };
        let mut written = vec![Written {
            file: *config,
            seen: seen.clone(),
        }];
        let Some(document) = sources.file(*config).and_then(super::config) else {
            continue;
        };
        let mut patterns_found = Vec::new();
        for (reference, key, kind) in [
            (
                Reference::RuleFiles,
                "rule_files",
                FileKind::PrometheusRules,
            ),
            (
                Reference::ScrapeConfigFiles,
                "scrape_config_files",
                FileKind::PrometheusScrapeConfigs,
            ),
        ] {
            for (pointer, pattern) in patterns(document, "", key) {
                patterns_found.push((
                    FileEntry {
                        reference,
                        file: *config,
                        pointer,
                        pattern: pattern.to_string(),
                        resolution: resolve(sources, view, seen, pattern),
                        config: *config,
                        job: None,
                        loaded: Vec::new(),
                    },
                    kind,
                ));
            }
        }
        for (mut entry, kind) in patterns_found {
            for (seen, id) in read_entry(sources, &mut entry, kind, service, max_size) {
                if kind == FileKind::PrometheusScrapeConfigs {
                    written.push(Written { file: id, seen });
                }
            }
            entries.push(entry);
        }
        let mut file_sd = Vec::new();
        for Written { file, seen } in &written {
            let Some(document) = sources.file(*file).and_then(super::config) else {
                continue;
            };
            for (job, scrape_config) in super::scrape_configs(document) {
                let groups = scrape_config
                    .get("file_sd_configs")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate();
                for (g, group) in groups {
                    let base = format!("{job}/file_sd_configs/{g}");
                    for (pointer, pattern) in patterns(group, &base, "files") {
                        let resolution = if is_valid_file_sd_pattern(pattern) {
                            resolve(sources, view, seen, pattern)
                        } else {
                            Resolution::InvalidPattern
                        };
                        file_sd.push(FileEntry {
                            reference: Reference::FileSd,
                            file: *file,
                            pointer,
                            pattern: pattern.to_string(),
                            resolution,
                            config: *config,
                            job: Some(job.clone()),
                            loaded: Vec::new(),
                        });
                    }
                }
            }
        }
        for mut entry in file_sd {
            let kind = FileKind::PrometheusTargets;
            read_entry(sources, &mut entry, kind, service, max_size);
            entries.push(entry);
        }
    }
    entries.extend(alertmanager_templates(sources, views, found, max_size));
    entries
}

/// The `templates` patterns of every Alertmanager configuration a service
/// reads, resolved in its view against the configuration's directory, and
/// the template files they name loaded.
fn alertmanager_templates(
    sources: &mut Sources,
    views: &[ContainerView],
    found: &[FoundConfig],
    max_size: u64,
) -> Vec<FileEntry> {
    let mut entries = Vec::new();
    // A configuration several services read is read for the first of them.
    let mut done = std::collections::HashSet::new();
    for config in found.iter().filter(|c| c.kind == FileKind::Alertmanager) {
        if !done.insert(config.file) {
            continue;
        }
        let Some(view) = views.get(config.view) else {
            continue;
        };
        let Some(written): Option<Vec<(String, String)>> = sources
            .file(config.file)
            .and_then(|f| f.yaml.clean_document())
            .map(|document| {
                patterns(document, "", "templates")
                    .into_iter()
                    .map(|(pointer, pattern)| (pointer, pattern.to_string()))
                    .collect()
            })
        else {
            continue;
        };
        for (pointer, pattern) in written {
            let resolution = resolve(sources, view, &config.container_path, &pattern);
            let mut entry = FileEntry {
                reference: Reference::AlertmanagerTemplates,
                file: config.file,
                pointer,
                pattern,
                resolution,
                config: config.file,
                job: None,
                loaded: Vec::new(),
            };
            let kind = FileKind::AlertmanagerTemplates;
            read_entry(
                sources,
                &mut entry,
                kind,
                Some(view.service.as_str()),
                max_size,
            );
            entries.push(entry);
        }
    }
    entries
}

/// Reads what `entry`'s pattern names as `kind` into `sources` and
/// `entry.loaded` (each file once), or records the directory it lists as
/// refused when that resolves outside the root. Returns each file loaded,
/// with the path it is read at.
fn read_entry(
    sources: &mut Sources,
    entry: &mut FileEntry,
    kind: FileKind,
    service: Option<&str>,
    max_size: u64,
) -> Vec<(String, FileId)> {
    let mut read = Vec::new();
    match &entry.resolution {
        Resolution::OutsideRoot { directory } => {
            let at = Location::value(entry.file, entry.pointer.clone());
            sources.refuse_directory(directory, kind, at);
        }
        Resolution::Files(paths) => {
            let mut seen = std::collections::HashSet::new();
            for (path, named) in paths {
                if let Some(id) = add_named(sources, named, kind, service, path, max_size, entry)
                    && seen.insert(id)
                {
                    read.push((path.clone(), id));
                }
            }
        }
        _ => {}
    }
    entry.loaded.extend(read.iter().map(|(_, id)| *id));
    read
}

/// Loads a file a pattern names as `kind`; `None` when it cannot be read
/// or is something else.
fn add_named(
    sources: &mut Sources,
    named: &Named,
    kind: FileKind,
    service: Option<&str>,
    seen: &str,
    max_size: u64,
    entry: &FileEntry,
) -> Option<FileId> {
    let provided = match named {
        Named::Host(path) => Provided::Host(path),
        Named::Inline(file) => Provided::Inline(file),
    };
    let at = || Location::value(entry.file, entry.pointer.clone());
    add_provided(sources, provided, kind, service, seen, max_size, at)
}

/// The patterns of `reference` written in `file`.
pub(crate) fn written_in(
    entries: &[FileEntry],
    file: FileId,
    reference: Reference,
) -> impl Iterator<Item = &FileEntry> {
    entries
        .iter()
        .filter(move |e| e.file == file && e.reference == reference)
}

/// The configuration Prometheus is started with that reads `file` (a
/// scrape config file or a file of targets): the first that names it.
pub(crate) fn including_config(entries: &[FileEntry], file: FileId) -> Option<FileId> {
    entries
        .iter()
        .find(|e| e.loaded.contains(&file))
        .map(|e| e.config)
}

/// The scrape config files `config` includes, in the order Prometheus reads
/// them.
pub(crate) fn included(entries: &[FileEntry], config: FileId) -> Vec<FileId> {
    let mut files = Vec::new();
    for entry in written_in(entries, config, Reference::ScrapeConfigFiles) {
        for id in &entry.loaded {
            if !files.contains(id) {
                files.push(*id);
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_sd_names() {
        for ok in ["targets.json", "sd/*.yml", "/etc/sd/a*.YAML", "a.b.yaml"] {
            assert!(is_valid_file_sd_pattern(ok), "{ok}");
        }
        for bad in ["targets", "targets.txt", "*/a.json", "sd/*", "x.json/y"] {
            assert!(!is_valid_file_sd_pattern(bad), "{bad}");
        }
    }
}
