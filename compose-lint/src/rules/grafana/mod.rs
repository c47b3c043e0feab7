//! Rules about the Grafana provisioning services mount: datasource URLs
//! must reach a service of the project from inside the Grafana container.

pub mod datasource_url_localhost;
pub mod datasource_url_published_port;
pub mod datasource_url_unknown_host;

use crate::compose::endpoints::Endpoints;
use crate::compose::model::Element;
use crate::grafana::{datasource_urls, host_port};
use crate::location::{FileId, Location, Part};
use crate::project::Project;

/// A datasource URL of a file a Grafana service mounts.
pub(crate) struct Datasource<'a> {
    pub(crate) file: FileId,
    pub(crate) pointer: String,
    pub(crate) name: Option<String>,
    pub(crate) url: String,
    pub(crate) host: String,
    pub(crate) port: u16,
    /// The service running Grafana.
    pub(crate) grafana: Element<'a>,
}

impl Datasource<'_> {
    pub(crate) fn at(&self) -> Location {
        Location::value(self.file, self.pointer.clone())
    }

    /// "datasource `Prometheus`", or "a datasource" when it has no name.
    pub(crate) fn what(&self) -> String {
        match &self.name {
            Some(name) => format!("datasource `{name}`"),
            None => "a datasource".to_string(),
        }
    }
}

/// A label on a service's name.
pub(crate) fn on_service(service: &Element<'_>) -> Location {
    Location::model(service.pointer("services", &[]), Part::Key)
}

/// Every `http(s)` datasource URL of the files Grafana services mount.
pub(crate) fn datasources<'a>(
    project: &'a Project,
    endpoints: &Endpoints<'a>,
) -> Vec<Datasource<'a>> {
    let mut found = Vec::new();
    for mounted in &project.mounted_datasources {
        let Some(grafana) = endpoints.service(&mounted.service) else {
            continue;
        };
        let Some(file) = project.file(mounted.file) else {
            continue;
        };
        if !file.yaml.is_clean() {
            continue;
        }
        for document in &file.yaml.documents {
            for url in datasource_urls(&document.value) {
                let Some((host, port)) = host_port(url.url) else {
                    continue;
                };
                found.push(Datasource {
                    file: mounted.file,
                    pointer: url.pointer,
                    name: url.name.map(str::to_string),
                    url: url.url.to_string(),
                    host: host.to_string(),
                    port,
                    grafana,
                });
            }
        }
    }
    found
}
