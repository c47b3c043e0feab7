//! Grafana's datasource provisioning: the files Grafana reads from
//! `/etc/grafana/provisioning/datasources`, found through the service's
//! bind mounts.

use std::path::PathBuf;

use serde_json::Value as Json;

use super::Mounted;
use crate::compose::model::services;
use crate::compose::value::Value;
use crate::project::{FileKind, Project};
use crate::prometheus::discover::{host_mounts, host_path};

/// Where Grafana reads datasource provisioning files.
pub const DATASOURCES_DIR: &str = "/etc/grafana/provisioning/datasources";

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
pub(super) fn discover(project: &mut Project, max_file_size: u64) -> Vec<Mounted> {
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    for service in services(project) {
        if !is_grafana(service.value) {
            continue;
        }
        let mounts = host_mounts(project, service.value);
        let Some(dir) = host_path(&mounts, DATASOURCES_DIR) else {
            continue;
        };
        let files = super::files_in(&dir, &["yml", "yaml"]);
        found.extend(files.into_iter().map(|f| (service.name.to_string(), f)));
    }
    super::add_found(project, found, FileKind::GrafanaDatasources, max_file_size)
}

/// A datasource URL of a provisioning file, with its pointer.
pub struct DatasourceUrl<'a> {
    pub pointer: String,
    pub name: Option<&'a str>,
    pub url: &'a str,
}

/// The `url` of every datasource in a provisioning document that Grafana
/// dials itself: `access: direct` URLs are dialled by the browser.
pub fn datasource_urls(document: &Json) -> Vec<DatasourceUrl<'_>> {
    let Some(list) = document.get("datasources").and_then(Json::as_array) else {
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .filter(|(_, source)| source.get("access").and_then(Json::as_str) != Some("direct"))
        .filter_map(|(i, source)| {
            Some(DatasourceUrl {
                pointer: format!("/datasources/{i}/url"),
                name: source.get("name").and_then(Json::as_str),
                url: source.get("url").and_then(Json::as_str)?,
            })
        })
        .collect()
}
