//! The files Prometheus configurations name — `rule_files`,
//! `scrape_config_files` and the `files` of `file_sd_configs` — resolved
//! once per project and loaded into it.
//!
//! A configuration a service mounts names container paths: they are mapped
//! to the host through that service's mounts. A configuration given on the
//! command line names host paths. Relative paths are resolved against the
//! directory of the file they are written in, as Prometheus sees it: an
//! included scrape config file's `file_sd_configs` resolve against its own
//! directory, not the main configuration's.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::discover::MountedConfig;
use super::rule_files::{Resolution, host_paths, is_valid_pattern, resolve};
use crate::location::FileId;
use crate::project::{FileKind, Project};

/// Which list a pattern is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    /// `rule_files` of the configuration.
    RuleFiles,
    /// `scrape_config_files` of the configuration.
    ScrapeConfigFiles,
    /// `files` of a `file_sd_configs` entry of a scrape config.
    FileSd,
}

/// One pattern and what it names.
#[derive(Clone, Debug)]
pub struct FileEntry {
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
pub fn is_valid_file_sd_pattern(pattern: &str) -> bool {
    let extension = pattern.rsplit_once('.').map_or("", |(_, ext)| ext);
    is_valid_pattern(pattern)
        && ["json", "yml", "yaml", "JSON", "YML", "YAML"].contains(&extension)
        && !extension.contains('/')
}

/// How one configuration's Prometheus sees paths.
struct View {
    mounted: Option<MountedConfig>,
}

impl View {
    fn map(&self, seen: &Path) -> Option<PathBuf> {
        match &self.mounted {
            Some(mounted) => mounted.host_path(&seen.to_string_lossy()),
            None => host_paths(seen),
        }
    }

    fn resolve(&self, seen_file: &Path, pattern: &str) -> Resolution {
        resolve(seen_file, pattern, &|seen: &Path| self.map(seen))
    }
}

/// A file in which patterns are written, with the path Prometheus reads it
/// at.
struct Written {
    file: FileId,
    seen: PathBuf,
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

/// The path Prometheus reads `host_file` at, when `pattern` written in the
/// file at `seen_file` named it.
fn seen_path(seen_file: &Path, pattern: &str, host_file: &Path) -> PathBuf {
    let base = seen_file.parent().unwrap_or(Path::new(""));
    let dir = Path::new(pattern).parent().unwrap_or(Path::new(""));
    let name = host_file.file_name().unwrap_or_default();
    base.join(dir).join(name)
}

/// Loads the files named by every Prometheus configuration of the project
/// (given on the command line or mounted by a service) and records what each
/// pattern names in [`Project::prometheus_files`]. Files that cannot be read
/// are left out: the rules that check the patterns report them.
pub fn load(project: &mut Project, max_size: u64) {
    let configs: Vec<(FileId, PathBuf, View)> = project
        .files
        .iter()
        .filter(|file| file.kind == FileKind::Prometheus)
        .map(|file| {
            let mounted = project
                .mounted_configs
                .iter()
                .find(|m| m.file == file.id)
                .cloned();
            let seen = mounted.as_ref().map_or_else(
                || file.source.path().to_path_buf(),
                |m| PathBuf::from(&m.container_path),
            );
            (file.id, seen, View { mounted })
        })
        .collect();
    let mut entries = Vec::new();
    for (config, seen, view) in &configs {
        let mut written = vec![Written {
            file: *config,
            seen: seen.clone(),
        }];
        let Some(document) = project.file(*config).and_then(super::config) else {
            continue;
        };
        let mut found = Vec::new();
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
                found.push((
                    FileEntry {
                        reference,
                        file: *config,
                        pointer,
                        pattern: pattern.to_string(),
                        resolution: view.resolve(seen, pattern),
                        config: *config,
                        job: None,
                        loaded: Vec::new(),
                    },
                    kind,
                ));
            }
        }
        for (mut entry, kind) in found {
            if let Resolution::Files(paths) = &entry.resolution {
                for path in paths {
                    let Ok(id) = project.add_found(path, kind, max_size) else {
                        continue;
                    };
                    let fits = project.file(id).is_some_and(|f| f.kind == kind);
                    if !fits || entry.loaded.contains(&id) {
                        continue;
                    }
                    entry.loaded.push(id);
                    if kind == FileKind::PrometheusScrapeConfigs {
                        written.push(Written {
                            file: id,
                            seen: seen_path(seen, &entry.pattern, path),
                        });
                    }
                }
            }
            entries.push(entry);
        }
        let mut file_sd = Vec::new();
        for Written { file, seen } in &written {
            let Some(document) = project.file(*file).and_then(super::config) else {
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
                            view.resolve(seen, pattern)
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
            if let Resolution::Files(paths) = &entry.resolution {
                for path in paths {
                    let Ok(id) = project.add_found(path, FileKind::PrometheusTargets, max_size)
                    else {
                        continue;
                    };
                    let fits = project
                        .file(id)
                        .is_some_and(|f| f.kind == FileKind::PrometheusTargets);
                    if fits && !entry.loaded.contains(&id) {
                        entry.loaded.push(id);
                    }
                }
            }
            entries.push(entry);
        }
    }
    project.prometheus_files = entries;
}

/// The patterns of `reference` written in `file`.
pub fn written_in(
    project: &Project,
    file: FileId,
    reference: Reference,
) -> impl Iterator<Item = &FileEntry> {
    project
        .prometheus_files
        .iter()
        .filter(move |e| e.file == file && e.reference == reference)
}

/// The configuration Prometheus is started with that reads `file` (a
/// scrape config file or a file of targets): the first that names it.
pub fn including_config(project: &Project, file: FileId) -> Option<FileId> {
    project
        .prometheus_files
        .iter()
        .find(|e| e.loaded.contains(&file))
        .map(|e| e.config)
}

/// The scrape config files `config` includes, in the order Prometheus reads
/// them.
pub fn included(project: &Project, config: FileId) -> Vec<FileId> {
    let mut files = Vec::new();
    for entry in written_in(project, config, Reference::ScrapeConfigFiles) {
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

    #[test]
    fn included_files_are_read_where_the_pattern_points() {
        assert_eq!(
            seen_path(
                Path::new("/etc/prometheus/prometheus.yml"),
                "scrape/*.yml",
                Path::new("./prom/scrape/a.yml")
            ),
            PathBuf::from("/etc/prometheus/scrape/a.yml")
        );
        assert_eq!(
            seen_path(
                Path::new("/etc/prometheus/prometheus.yml"),
                "/sd/x.yml",
                Path::new("sd/x.yml")
            ),
            PathBuf::from("/sd/x.yml")
        );
    }
}
