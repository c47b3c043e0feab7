use super::scraped;
use crate::declare_rule;
use crate::diagnostic::Applicability;
use crate::location::{Location, Part};
use crate::model::endpoints::Endpoints;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a static scrape or Alertmanager target whose port is the
    /// host side of one of the service's `ports` (`9091` for `9091:9090`)
    /// and not a port the container listens on.
    ///
    /// ## Why is this bad?
    /// Containers reach each other on container ports; the host port only
    /// exists on the host. The target stays down with `connection
    /// refused`.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     ports: ["127.0.0.1:9091:9090"]
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: prometheus
    ///     static_configs:
    ///       - targets: ["prometheus:9091"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     ports: ["127.0.0.1:9091:9090"]
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: prometheus
    ///     static_configs:
    ///       - targets: ["prometheus:9090"]
    /// ```
    pub(crate) struct ScrapeTargetPublishedPort {
        name: "scrape-target-published-port",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus target uses a service's host port instead of its container port",
        fixable: true,
    }
}

impl Rule for ScrapeTargetPublishedPort {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for scraped in scraped(project) {
            let Some(port) = scraped.target.port else {
                continue;
            };
            let Some((service, container, index)) = endpoints.published(&scraped.target.host, port)
            else {
                continue;
            };
            let mut finding = Finding::new(
                    scraped.at(),
                    format!(
                        "{} `{}` uses the host port of `{}`: other containers reach it on container port `{container}`",
                        scraped.what(),
                        scraped.target.text,
                        service.name
                    ),
                )
                .label(
                    Location::model(
                        service.pointer("services", &["ports", &index.to_string()]),
                        Part::Value,
                    ),
                    format!("host port `{port}` is published for container port `{container}`"),
                )
                .label(
                    on_service(&scraped.prometheus),
                    "Prometheus runs in this service",
                )
                .help(format!("use `{}:{container}`", scraped.target.host));
            if let Some(port_at) = scraped.port_at(project) {
                finding = finding.fix(
                    format!("scrape `{}:{container}`", scraped.target.host),
                    Applicability::Safe,
                    vec![(port_at, container.to_string())],
                );
            }
            scraped.report(cx, finding);
        }
    }
}
