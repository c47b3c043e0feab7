//! Finding the Prometheus configuration a compose service runs: the path
//! `--config.file` names in its `command` or `entrypoint` (else the
//! image's default), mapped back to a host file through the service's bind
//! mounts and `configs`.

use std::path::{Path, PathBuf};

use crate::compose::model::services;
use crate::compose::mounts::{MountKind, mounts};
use crate::compose::value::{Kind, Value};
use crate::images::{self, ImageCatalog};
use crate::location::FileId;
use crate::project::{FileKind, Project};

/// A Prometheus configuration a service of the project runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountedConfig {
    /// The configuration file, loaded into the project.
    pub file: FileId,
    /// The service that runs Prometheus with it.
    pub service: String,
    /// Where the service reads it.
    pub container_path: String,
    /// The service's file mounts, for mapping other container paths
    /// (`rule_files`, `file_sd_configs`) to host paths.
    pub mounts: Vec<HostMount>,
}

/// A host path the service sees at `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostMount {
    pub source: PathBuf,
    pub target: String,
}

impl MountedConfig {
    /// The host path behind `container_path` in this service, if a mount
    /// covers it.
    pub fn host_path(&self, container_path: &str) -> Option<PathBuf> {
        host_path(&self.mounts, container_path)
    }
}

/// The host path behind `container_path`: the mount on the path itself or
/// on its nearest parent directory.
pub fn host_path(mounts: &[HostMount], container_path: &str) -> Option<PathBuf> {
    let path = normalize(container_path);
    mounts
        .iter()
        .filter_map(|mount| {
            let target = normalize(&mount.target);
            if path == target {
                return Some((target.len(), mount.source.clone()));
            }
            let rest = path.strip_prefix(&target)?;
            let rest = if target == "/" {
                rest
            } else {
                rest.strip_prefix('/')?
            };
            Some((target.len(), mount.source.join(rest)))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, path)| path)
}

fn normalize(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The words of a `command` or `entrypoint`: a list as written, a string
/// split on whitespace.
pub(crate) fn words(value: Option<&Value>) -> Vec<String> {
    match value.map(|v| &v.kind) {
        Some(Kind::String(text)) => text.split_whitespace().map(str::to_string).collect(),
        Some(Kind::Sequence(items)) => items
            .iter()
            .filter_map(|item| match &item.kind {
                Kind::String(s) => Some(s.clone()),
                Kind::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The value of a `--NAME=VALUE` or `--NAME VALUE` flag (one or two
/// dashes) in a service's `entrypoint` and `command`.
pub fn flag(service: &Value, name: &str) -> Option<String> {
    scan_flag(service, name).values.into_iter().next()
}

/// Every value of a flag that may be repeated, in order, or `None` when
/// `NAME` is also written in the `entrypoint` or `command` in a way these
/// words do not show (inside a `sh -c` script, say): then its values are
/// not known.
pub fn flag_values(service: &Value, name: &str) -> Option<Vec<String>> {
    let scan = scan_flag(service, name);
    (!scan.hidden).then_some(scan.values)
}

struct FlagScan {
    values: Vec<String>,
    /// A word mentions the flag without being it.
    hidden: bool,
}

fn scan_flag(service: &Value, name: &str) -> FlagScan {
    let mut all = words(service.get("entrypoint"));
    all.extend(words(service.get("command")));
    let unquote = |text: &str| text.trim_matches(['"', '\'']).to_string();
    let mut scan = FlagScan {
        values: Vec::new(),
        hidden: false,
    };
    let mut iter = all.iter();
    while let Some(word) = iter.next() {
        let word = word.trim_matches(['"', '\'']);
        let rest = word
            .strip_prefix("--")
            .or_else(|| word.strip_prefix('-'))
            .and_then(|rest| rest.strip_prefix(name));
        match rest.map(|rest| rest.strip_prefix('=').ok_or(rest)) {
            Some(Ok(value)) => scan.values.push(unquote(value)),
            Some(Err("")) => match iter.next() {
                Some(value) => scan.values.push(unquote(value)),
                None => scan.hidden = true,
            },
            _ => scan.hidden |= word.contains(name),
        }
    }
    scan
}

/// True when the service runs a Prometheus image.
pub fn is_prometheus_image(images: &ImageCatalog, service: &Value) -> bool {
    service
        .get("image")
        .and_then(Value::as_str)
        .and_then(|image| images.lookup(image))
        .is_some_and(|facts| facts.program == Some(images::Program::Prometheus))
}

/// Where the service reads its Prometheus configuration, when it runs
/// Prometheus: `--config.file`, else the image's default.
pub fn config_container_path(images: &ImageCatalog, service: &Value) -> Option<String> {
    let default = service
        .get("image")
        .and_then(Value::as_str)
        .and_then(|image| images.lookup(image))
        .filter(|facts| facts.program == Some(images::Program::Prometheus))
        .and_then(|facts| facts.config_path);
    match flag(service, "config.file") {
        Some(path) if path.starts_with('/') => Some(path),
        // Relative to the image's working directory, `/prometheus`.
        Some(path) if default.is_some() => {
            Some(format!("/prometheus/{}", path.trim_start_matches("./")))
        }
        Some(_) => None,
        None => default.map(str::to_string),
    }
}

/// The file mounts of a service: bind mounts and `configs` with a `file`.
pub fn host_mounts(project: &Project, service: &Value) -> Vec<HostMount> {
    let mut found: Vec<HostMount> = mounts(service)
        .into_iter()
        .filter(|m| m.kind == MountKind::Bind && !m.source.is_empty())
        .map(|m| HostMount {
            source: PathBuf::from(&m.source),
            target: m.target,
        })
        .collect();
    let top = project
        .model()
        .and_then(|model| model.get("configs"))
        .and_then(Value::as_mapping);
    for entry in service
        .get("configs")
        .and_then(Value::as_sequence)
        .unwrap_or_default()
    {
        let (source, target) = match &entry.kind {
            Kind::String(name) => (name.clone(), format!("/{name}")),
            Kind::Mapping(_) => {
                let Some(source) = entry.get("source").and_then(Value::as_str) else {
                    continue;
                };
                let target = entry
                    .get("target")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("/{source}"), str::to_string);
                (source.to_string(), target)
            }
            _ => continue,
        };
        let Some(file) = top
            .and_then(|configs| configs.get(&source))
            .and_then(|config| config.get("file"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let file = Path::new(file);
        let file = if file.is_absolute() {
            file.to_path_buf()
        } else {
            project.directory.join(file)
        };
        found.push(HostMount {
            source: file,
            target,
        });
    }
    found
}

/// Finds the Prometheus configurations the project's services mount, adds
/// them to the project as [`FileKind::Prometheus`] (once each) and records
/// them in [`Project::mounted_configs`].
pub fn discover(project: &mut Project, max_file_size: u64) {
    let mut found: Vec<(String, String, Vec<HostMount>, PathBuf)> = Vec::new();
    for service in services(project) {
        // Loki, Promtail and Alertmanager take `-config.file` too: a flag
        // alone counts only on an image whose program the facts do not
        // know (unknown, or described by the configuration), for a service
        // or image named after Prometheus.
        let explicit = flag(service.value, "config.file").is_some();
        let named_prometheus = service.name.contains("prometheus")
            || service
                .value
                .get("image")
                .and_then(Value::as_str)
                .is_some_and(|image| image.contains("prometheus"));
        let unknown_image = service
            .value
            .get("image")
            .and_then(Value::as_str)
            .is_none_or(|image| {
                project
                    .images
                    .lookup(image)
                    .is_none_or(|facts| facts.configured)
            });
        let runs_prometheus = is_prometheus_image(&project.images, service.value)
            || (explicit && unknown_image && named_prometheus);
        if !runs_prometheus {
            continue;
        }
        let Some(container_path) = config_container_path(&project.images, service.value) else {
            continue;
        };
        let mounts = host_mounts(project, service.value);
        let Some(host) = host_path(&mounts, &container_path) else {
            continue;
        };
        if !host.is_file() {
            continue;
        }
        found.push((service.name.to_string(), container_path, mounts, host));
    }
    for (service, container_path, mounts, host) in found {
        let Ok(file) = project.add_found(&host, FileKind::Prometheus, max_file_size) else {
            continue;
        };
        // A file that is something else (a compose file mounted at that
        // path) is not a Prometheus configuration.
        if project
            .file(file)
            .is_none_or(|f| f.kind == FileKind::Env || looks_like_compose(f))
        {
            continue;
        }
        project.mounted_configs.push(MountedConfig {
            file,
            service,
            container_path,
            mounts,
        });
    }
}

fn looks_like_compose(file: &crate::project::LoadedFile) -> bool {
    file.kind == FileKind::Compose
        && file
            .yaml
            .documents
            .iter()
            .any(|doc| doc.value.get("services").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_paths_map_through_file_and_directory_mounts() {
        let mounts = vec![
            HostMount {
                source: PathBuf::from("/srv/prom"),
                target: "/etc/prometheus/".to_string(),
            },
            HostMount {
                source: PathBuf::from("/srv/main.yml"),
                target: "/etc/prometheus/prometheus.yml".to_string(),
            },
        ];
        assert_eq!(
            host_path(&mounts, "/etc/prometheus/prometheus.yml"),
            Some(PathBuf::from("/srv/main.yml"))
        );
        assert_eq!(
            host_path(&mounts, "/etc/prometheus/rules/a.yml"),
            Some(PathBuf::from("/srv/prom/rules/a.yml"))
        );
        assert_eq!(host_path(&mounts, "/etc/prometheusx/a.yml"), None);
    }

    #[test]
    fn the_config_flag_is_read_in_both_forms() {
        let service = |command: &str| {
            let mut map = crate::compose::value::Mapping::new();
            map.insert("command".into(), Value::string(command));
            map.insert("image".into(), Value::string("prom/prometheus:v3.5.0"));
            Value::mapping(map)
        };
        assert_eq!(
            config_container_path(
                &ImageCatalog::builtin(),
                &service("--config.file=/etc/p/main.yml --web.enable-lifecycle")
            ),
            Some("/etc/p/main.yml".to_string())
        );
        assert_eq!(
            config_container_path(
                &ImageCatalog::builtin(),
                &service("--config.file /etc/p/x.yml")
            ),
            Some("/etc/p/x.yml".to_string())
        );
        assert_eq!(
            config_container_path(&ImageCatalog::builtin(), &service("--web.enable-lifecycle")),
            Some("/etc/prometheus/prometheus.yml".to_string())
        );
    }

    #[test]
    fn repeated_flags_give_every_value_and_hidden_ones_none() {
        let service = |key: &str, words: &[&str]| {
            let mut map = crate::compose::value::Mapping::new();
            let items = words.iter().map(|w| Value::string(*w)).collect();
            map.insert(key.into(), Value::synthetic(Kind::Sequence(items)));
            Value::mapping(map)
        };
        let command = service(
            "command",
            &[
                "--web.listen-address=:9093",
                "--web.listen-address",
                "[::]:9095",
                "--web.listen-addresses=x",
            ],
        );
        assert_eq!(
            flag_values(&command, "web.listen-address"),
            None,
            "a longer flag that contains the name is not read"
        );
        let command = service(
            "command",
            &[
                "--web.listen-address=:9093",
                "--web.listen-address",
                "[::]:9095",
            ],
        );
        assert_eq!(
            flag_values(&command, "web.listen-address"),
            Some(vec![":9093".to_string(), "[::]:9095".to_string()])
        );
        assert_eq!(
            flag(&command, "web.listen-address").as_deref(),
            Some(":9093")
        );
        assert_eq!(
            flag_values(&command, "cluster.listen-address"),
            Some(vec![])
        );
        let script = service(
            "entrypoint",
            &[
                "/bin/sh",
                "-c",
                "exec alertmanager --cluster.listen-address=",
            ],
        );
        assert_eq!(flag_values(&script, "cluster.listen-address"), None);
        assert_eq!(flag(&script, "cluster.listen-address"), None);
        let off = service("command", &["--cluster.listen-address="]);
        assert_eq!(
            flag_values(&off, "cluster.listen-address"),
            Some(vec![String::new()])
        );
    }
}
