use super::{network_mode, on_service, scraped};
use crate::compose::endpoints::{Endpoints, PortUse, listening_ports};
use crate::declare_rule;
use crate::images;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a static scrape or Alertmanager target naming a service on
    /// a port the service neither publishes nor exposes, when what it
    /// listens on is known: from its `ports` and `expose`, or from the
    /// image-facts table for an image whose port no `command`,
    /// `entrypoint` or port-like environment variable moves. Services with
    /// unknown images and no written ports, services sharing another's
    /// network namespace and well-known protocol ports (see
    /// `scrape-target-non-metrics-port`) are not reported.
    ///
    /// ## Why is this bad?
    /// Nothing answers on that port: the target stays down with
    /// `connection refused`. Often the port is from an older version of
    /// the stack or belongs to another service.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     static_configs:
    ///       - targets: ["api:8080"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     static_configs:
    ///       - targets: ["api:8000"]
    /// ```
    pub struct ScrapeTargetPortNotListening {
        name: "scrape-target-port-not-listening",
        family: Prometheus,
        severity: Warning,
        summary: "a Prometheus target names a port the service is not known to listen on",
    }
}

impl Rule for ScrapeTargetPortNotListening {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for scraped in scraped(project) {
            let Some(port) = scraped.target.port else {
                continue;
            };
            let Some(named) = endpoints.resolve(&scraped.target.host) else {
                continue;
            };
            let service = named.service;
            if network_mode(service.value).is_some()
                || images::protocol_port(port).is_some()
                || endpoints.port_use(&service, port) != PortUse::NotListening
            {
                continue;
            }
            // A sidecar in the service's network namespace may serve it.
            let sidecar = endpoints.services().iter().any(|other| {
                network_mode(other.value)
                    .and_then(|mode| mode.strip_prefix("service:"))
                    .is_some_and(|name| name == service.name)
            });
            if sidecar {
                continue;
            }
            let ports: Vec<String> = listening_ports(service.value)
                .ports
                .iter()
                .map(|p| format!("`{p}`"))
                .collect();
            let listens = if ports.is_empty() {
                "no known port".to_string()
            } else {
                ports.join(", ")
            };
            cx.report(
                Finding::new(
                    scraped.at(),
                    format!(
                        "{} `{}`: service `{}` is not known to listen on port `{port}`",
                        scraped.what(),
                        scraped.target.text,
                        service.name
                    ),
                )
                .label(
                    on_service(&service),
                    format!("`{}` listens on {listens}", service.name),
                )
                .help(format!(
                    "use the port `{}` serves metrics on, or declare it in its `expose`",
                    service.name
                )),
            );
        }
    }
}
