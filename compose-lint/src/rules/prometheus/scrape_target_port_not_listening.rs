use super::scraped;
use crate::compose::endpoints::{Endpoints, describe_ports};
use crate::declare_rule;
use crate::images;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule, on_service};

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
            if images::protocol_port(port).is_some() {
                continue;
            }
            let Some((service, ports)) = endpoints.not_listening(&scraped.target.host, port) else {
                continue;
            };
            let listens = describe_ports(&ports);
            scraped.report(
                cx,
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
