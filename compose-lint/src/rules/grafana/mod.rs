//! Rules about the URLs the monitoring stack's configurations dial:
//! Grafana's provisioned datasources, Promtail's clients, Alloy's `url`
//! attributes, Alertmanager's webhooks and Loki's ruler must reach a
//! service of the project from inside the container that reads them, as
//! scrape targets must for Prometheus.

pub(crate) mod client_url_localhost;
pub(crate) mod client_url_non_http_port;
pub(crate) mod client_url_not_on_shared_network;
pub(crate) mod client_url_port_not_listening;
pub(crate) mod client_url_published_port;
pub(crate) mod client_url_unknown_host;
pub(crate) mod loki_invalid_value;
pub(crate) mod loki_schema_config_invalid;
pub(crate) mod loki_schema_lacks_structured_metadata;
pub(crate) mod loki_unknown_field;
pub(crate) mod promtail_invalid_value;
pub(crate) mod promtail_unknown_field;

use std::ops::Range;

use crate::compose::model::{Element, network_mode};
use crate::grafana::{alloy, authority, datasources, loki, promtail};
use crate::location::Location;
use crate::model::endpoints::Endpoints;
use crate::project::{FileKind, LoadedFile, Project};
use crate::prometheus::alertmanager;
use crate::source::Span;

/// A URL a service of the project dials, from a configuration it reads.
pub(crate) struct ClientUrl<'a> {
    pub(crate) url: String,
    pub(crate) host: String,
    pub(crate) port: u16,
    /// The host as written.
    pub(crate) host_at: Location,
    /// The port as written, else the host.
    pub(crate) port_at: Location,
    /// What the URL is for: "Grafana datasource `Loki`", "Promtail
    /// client", "Alloy `loki.write` endpoint".
    pub(crate) what: String,
    /// The program that dials it: "Grafana", "Promtail", "Alloy".
    pub(crate) program: &'static str,
    /// The service that runs it.
    pub(crate) client: Element<'a>,
}

impl ClientUrl<'_> {
    /// The ports `localhost` reaches inside the client's container: its
    /// own and its sidecars'; `None` when not all are known.
    pub(crate) fn loopback_ports(
        &self,
        endpoints: &Endpoints<'_>,
    ) -> Option<std::collections::BTreeSet<u16>> {
        let own: Vec<u16> = endpoints
            .listening(&self.client)
            .ports
            .into_iter()
            .collect();
        endpoints.loopback_ports(&self.client, &own)
    }
}

/// Where a URL written as the YAML value at `pointer` is, with the host
/// and port ranges inside it when the value holds the URL as written (no
/// escapes, no folding); the whole value otherwise.
fn yaml_places(
    file: &LoadedFile,
    pointer: &str,
    url: &str,
    host: Range<usize>,
    port: Range<usize>,
) -> (Location, Location) {
    let offset = file.yaml.locate(pointer).and_then(|spans| {
        let written = file.source.text().get(spans.value.start..spans.value.end)?;
        written.find(url)
    });
    match offset {
        Some(offset) => (
            Location::sub(file.id, pointer, offset + host.start..offset + host.end),
            Location::sub(file.id, pointer, offset + port.start..offset + port.end),
        ),
        None => (
            Location::value(file.id, pointer),
            Location::value(file.id, pointer),
        ),
    }
}

/// The client facts of one URL, `None` when it is not a plain
/// `http(s)://host[:port]` URL.
struct Parsed {
    host: String,
    port: u16,
    host_range: Range<usize>,
    port_range: Range<usize>,
}

fn parse(url: &str) -> Option<Parsed> {
    let found = authority(url)?;
    let host = url.get(found.host.clone())?.to_string();
    let port_range = found.port_text.clone().unwrap_or(found.host.clone());
    Some(Parsed {
        host,
        port: found.port,
        host_range: found.host,
        port_range,
    })
}

/// The files of `kind` the services read, with the services that read
/// them; a file several services read is taken once. Services on the
/// host's network stack dial the host's names and ports, which the project
/// does not describe.
fn readers<'p, 'a>(
    project: &'p Project,
    endpoints: &Endpoints<'a>,
    kind: FileKind,
) -> Vec<(&'p LoadedFile, Element<'a>)> {
    let mut seen = Vec::new();
    let mut found = Vec::new();
    for entry in project.found(kind) {
        if seen.contains(&entry.file) {
            continue;
        }
        seen.push(entry.file);
        let (Some(file), Some(service)) =
            (project.file(entry.file), endpoints.service(&entry.service))
        else {
            continue;
        };
        if network_mode(service.value) == Some("host") {
            continue;
        }
        found.push((file, service));
    }
    found
}

/// The URLs of one YAML document of a configuration: pointer, URL and
/// what it is for.
type UrlsOf = for<'d> fn(&'d serde_json::Value) -> Vec<(String, &'d str, String)>;

/// The YAML configurations whose URLs are checked: the file kind, the
/// program that dials them, and how to find them.
const YAML_CLIENTS: [(FileKind, &str, UrlsOf); 4] = [
    (FileKind::GrafanaDatasources, "Grafana", |document| {
        datasources::datasource_urls(document)
            .into_iter()
            .map(|source| {
                let what = match source.name {
                    Some(name) => format!("Grafana datasource `{name}`"),
                    None => "a Grafana datasource".to_string(),
                };
                (source.pointer, source.url, what)
            })
            .collect()
    }),
    (FileKind::Promtail, "Promtail", |document| {
        promtail::client_urls(document)
            .into_iter()
            .map(|(pointer, url)| (pointer, url, "Promtail client".to_string()))
            .collect()
    }),
    (FileKind::Alertmanager, "Alertmanager", |document| {
        alertmanager::webhook_urls(document)
            .into_iter()
            .map(|webhook| {
                let what = match webhook.receiver {
                    Some(name) => format!("Alertmanager receiver `{name}` webhook"),
                    None => "Alertmanager webhook".to_string(),
                };
                (webhook.pointer, webhook.url, what)
            })
            .collect()
    }),
    (FileKind::Loki, "Loki", |document| {
        loki::alertmanager_urls(document)
            .into_iter()
            .map(|(pointer, url)| (pointer, url, "Loki ruler's Alertmanager".to_string()))
            .collect()
    }),
];

/// Every `http(s)` URL that Grafana datasources, Promtail clients, Alloy
/// `url` attributes, Alertmanager webhooks and Loki's ruler dial.
pub(crate) fn client_urls<'a>(
    project: &'a Project,
    endpoints: &Endpoints<'a>,
) -> Vec<ClientUrl<'a>> {
    let mut found = Vec::new();
    for (kind, program, urls_of) in YAML_CLIENTS {
        for (file, service) in readers(project, endpoints, kind) {
            if !file.yaml.is_clean() {
                continue;
            }
            for document in &file.yaml.documents {
                for (pointer, url, what) in urls_of(document.value()) {
                    let Some(parsed) = parse(url) else {
                        continue;
                    };
                    found.push(yaml_client(
                        file, &pointer, url, parsed, what, program, service,
                    ));
                }
            }
        }
    }
    for (file, service) in readers(project, endpoints, FileKind::Alloy) {
        for attribute in alloy::url_attributes(file.source.text()) {
            let Some(parsed) = parse(&attribute.value) else {
                continue;
            };
            let at = |range: &Range<usize>| {
                let start = attribute.span.start + range.start;
                Location::span(file.id, Span::new(start, attribute.span.start + range.end))
            };
            let what = match attribute.blocks.as_slice() {
                [] => "Alloy `url`".to_string(),
                [component] => format!("Alloy `{component}`"),
                [component, .., inner] => format!("Alloy `{component}` {inner}"),
            };
            found.push(ClientUrl {
                host_at: at(&parsed.host_range),
                port_at: at(&parsed.port_range),
                url: attribute.value.clone(),
                host: parsed.host,
                port: parsed.port,
                what,
                program: "Alloy",
                client: service,
            });
        }
    }
    found
}

fn yaml_client<'a>(
    file: &LoadedFile,
    pointer: &str,
    url: &str,
    parsed: Parsed,
    what: String,
    program: &'static str,
    client: Element<'a>,
) -> ClientUrl<'a> {
    let (host_at, port_at) = yaml_places(file, pointer, url, parsed.host_range, parsed.port_range);
    ClientUrl {
        url: url.to_string(),
        host: parsed.host,
        port: parsed.port,
        host_at,
        port_at,
        what,
        program,
        client,
    }
}
