//! Grafana provisioning a service mounts: the datasource files Grafana reads
//! from `/etc/grafana/provisioning/datasources`, found through the
//! service's bind mounts once the project is resolved.

use std::path::PathBuf;

use serde_json::Value as Json;

use crate::compose::model::services;
use crate::compose::value::Value;
use crate::location::FileId;
use crate::project::{FileKind, Project};
use crate::prometheus::discover::{host_mounts, host_path};

/// Where Grafana reads datasource provisioning files.
pub const DATASOURCES_DIR: &str = "/etc/grafana/provisioning/datasources";

/// A datasource file a Grafana service reads.
#[derive(Clone, Debug)]
pub struct MountedDatasources {
    pub file: FileId,
    /// The service running Grafana.
    pub service: String,
}

/// True for the Grafana images (`grafana/grafana`, `grafana/grafana-oss`,
/// `grafana/grafana-enterprise`, with or without a registry).
fn is_grafana(service: &Value) -> bool {
    service
        .get("image")
        .and_then(Value::as_str)
        .and_then(crate::images::parse_reference)
        .is_some_and(|image| {
            let name = image.repository.rsplit('/').next().unwrap_or_default();
            image.repository.contains("grafana/") && name.starts_with("grafana")
        })
}

/// Finds the datasource files Grafana services mount and adds them to the
/// project as [`FileKind::GrafanaDatasources`].
pub fn discover(project: &mut Project, max_file_size: u64) {
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    for service in services(project) {
        if !is_grafana(service.value) {
            continue;
        }
        let mounts = host_mounts(project, service.value);
        let Some(dir) = host_path(&mounts, DATASOURCES_DIR) else {
            continue;
        };
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| {
                path.is_file() && path.extension().is_some_and(|e| e == "yml" || e == "yaml")
            })
            .collect();
        files.sort();
        found.extend(files.into_iter().map(|f| (service.name.to_string(), f)));
    }
    for (service, path) in found {
        let Ok(file) = project.add_found(&path, FileKind::GrafanaDatasources, max_file_size) else {
            continue;
        };
        project
            .mounted_datasources
            .push(MountedDatasources { file, service });
    }
}

/// A datasource URL of a provisioning file, with its pointer.
pub struct DatasourceUrl<'a> {
    pub pointer: String,
    pub name: Option<&'a str>,
    pub url: &'a str,
}

/// The `url` of every datasource in a provisioning document.
pub fn datasource_urls(document: &Json) -> Vec<DatasourceUrl<'_>> {
    let Some(list) = document.get("datasources").and_then(Json::as_array) else {
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .filter_map(|(i, source)| {
            Some(DatasourceUrl {
                pointer: format!("/datasources/{i}/url"),
                name: source.get("name").and_then(Json::as_str),
                url: source.get("url").and_then(Json::as_str)?,
            })
        })
        .collect()
}

/// The host and port of an `http(s)://host[:port][/path]` URL; the port
/// defaults to the scheme's. `None` for other forms (`$VAR`, no scheme).
pub fn host_port(url: &str) -> Option<(&str, u16)> {
    let (scheme, rest) = url.split_once("://")?;
    let default = match scheme {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    if authority.contains('$') || authority.is_empty() {
        return None;
    }
    if let Some(v6) = authority.strip_prefix('[') {
        let (host, rest) = v6.split_once(']')?;
        let port = match rest.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None => default,
        };
        return Some((host, port));
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => Some((host, port.parse().ok()?)),
        None => Some((authority, default)),
    }
}

#[cfg(test)]
mod tests {
    use super::host_port;

    #[test]
    fn urls_give_host_and_port() {
        assert_eq!(
            host_port("http://prometheus:9090"),
            Some(("prometheus", 9090))
        );
        assert_eq!(host_port("http://loki:3100/api"), Some(("loki", 3100)));
        assert_eq!(
            host_port("https://grafana.example.com"),
            Some(("grafana.example.com", 443))
        );
        assert_eq!(host_port("http://user:pw@db:5432"), Some(("db", 5432)));
        assert_eq!(host_port("http://[::1]:9090"), Some(("::1", 9090)));
        assert_eq!(host_port("http://${PROM_HOST}:9090"), None);
        assert_eq!(host_port("prometheus:9090"), None);
    }
}
