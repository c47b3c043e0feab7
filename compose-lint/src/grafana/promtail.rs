//! Promtail's configuration: the file `-config.file` names (else the
//! image's default), found through the service's bind mounts, and the
//! Loki push URLs of its `clients`.

use serde_json::Value as Json;

use super::Mounted;
use crate::compose::model::services;
use crate::compose::value::Value;
use crate::images::{ImageCatalog, Program};
use crate::project::{FileKind, Project};
use crate::prometheus::discover::{flag, host_mounts, host_path};

/// Where a service reads its Promtail configuration, when it runs
/// Promtail: the `grafana/promtail` image, or an image whose program the
/// facts do not know (unknown, or described by the configuration) that is
/// named after Promtail and given `-config.file`.
fn config_path(images: &ImageCatalog, service: &Value) -> Option<String> {
    let image = service.get("image").and_then(Value::as_str);
    let facts = image
        .and_then(|image| images.lookup(image))
        .filter(|facts| !facts.configured);
    let explicit = flag(service, "config.file");
    let default = match facts {
        Some(facts) if facts.program == Some(Program::Promtail) => facts.config_path,
        Some(_) => return None,
        None if image.is_some_and(|i| i.contains("promtail")) => None,
        None => return None,
    };
    match explicit {
        // Relative paths depend on a working directory the image does not
        // promise.
        Some(path) => path.starts_with('/').then_some(path),
        None => default.map(str::to_string),
    }
}

/// Finds the Promtail configurations the project's services run and adds
/// them to the project as [`FileKind::Promtail`].
pub(super) fn discover(project: &mut Project, max_file_size: u64) -> Vec<Mounted> {
    let mut found = Vec::new();
    for service in services(project) {
        let Some(path) = config_path(&project.images, service.value) else {
            continue;
        };
        let mounts = host_mounts(project, service.value);
        if let Some(host) = host_path(&mounts, &path).filter(|host| host.is_file()) {
            found.push((service.name.to_string(), host));
        }
    }
    super::add_found(project, found, FileKind::Promtail, max_file_size)
}

/// The `url` of every client of a Promtail configuration (`clients[].url`
/// and the older single `client.url`), with its pointer.
pub fn client_urls(document: &Json) -> Vec<(String, &str)> {
    let mut found = Vec::new();
    if let Some(clients) = document.get("clients").and_then(Json::as_array) {
        for (index, client) in clients.iter().enumerate() {
            if let Some(url) = client.get("url").and_then(Json::as_str) {
                found.push((format!("/clients/{index}/url"), url));
            }
        }
    }
    if let Some(url) = document
        .get("client")
        .and_then(|c| c.get("url"))
        .and_then(Json::as_str)
    {
        found.push(("/client/url".to_string(), url));
    }
    found
}
