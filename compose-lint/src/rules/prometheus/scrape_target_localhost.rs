use super::{listen_port, scraped};
use crate::compose::model::network_mode;
use crate::declare_rule;
use crate::model::endpoints::{Endpoints, is_loopback};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a static scrape or Alertmanager target on `localhost`,
    /// `127.0.0.1` or `[::1]`, in the configuration a service mounts, on a
    /// port other than Prometheus' own (`9090`, or the port of
    /// `--web.listen-address`) and the ports of services sharing its
    /// network namespace (`network_mode: service:prometheus`). Prometheus
    /// services with their own `network_mode` are not checked.
    ///
    /// ## Why is this bad?
    /// Inside a container, `localhost` is the container itself: the target
    /// points at the Prometheus container, not at the host or another
    /// service, and stays down with `connection refused`.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///   node-exporter:
    ///     image: prom/node-exporter:v1.9.1
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["localhost:9100"]
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
    ///   node-exporter:
    ///     image: prom/node-exporter:v1.9.1
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// ```
    pub(crate) struct ScrapeTargetLocalhost {
        name: "scrape-target-localhost",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus target on localhost points at the Prometheus container itself",
    }
}

impl Rule for ScrapeTargetLocalhost {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for scraped in scraped(project) {
            let (host, Some(port)) = (&scraped.target.host, scraped.target.port) else {
                continue;
            };
            if !is_loopback(host) || network_mode(scraped.prometheus.value).is_some() {
                continue;
            }
            let own = [listen_port(scraped.prometheus.value)];
            let Some(own) = endpoints.loopback_ports(&scraped.prometheus, &own) else {
                continue;
            };
            if own.contains(&port) {
                continue;
            }
            let help = match endpoints.likely_server(&scraped.prometheus, port) {
                Some((name, container)) => format!("use the service name: `{name}:{container}`"),
                None => format!(
                    "use the name of the service that serves the metrics, or `host.docker.internal:{port}` for a process on the host"
                ),
            };
            scraped.report(
                cx,
                Finding::new(
                    scraped.at(),
                    format!(
                        "{} `{}` is the Prometheus container itself, not the host or another service",
                        scraped.what(),
                        scraped.target.text
                    ),
                )
                .label(
                    on_service(&scraped.prometheus),
                    "`localhost` is this service's container",
                )
                .help(help),
            );
        }
    }
}
