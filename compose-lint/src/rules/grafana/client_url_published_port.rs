use super::client_urls;
use crate::declare_rule;
use crate::diagnostic::Applicability;
use crate::location::{Location, Part};
use crate::model::endpoints::Endpoints;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a URL of a Grafana datasource, a Promtail client, an Alloy
    /// `url` attribute, an Alertmanager webhook or Loki's ruler that names a service of the project with the
    /// port the service publishes on the host instead of the port it
    /// listens on in its container (`prometheus:9091` for `9091:9090`).
    ///
    /// ## Why is this bad?
    /// Between containers, services are reached on their container ports;
    /// the host side of `ports` exists only on the host. The connection
    /// fails with "connection refused".
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     ports:
    ///       - "127.0.0.1:9091:9090"
    ///   grafana:
    ///     image: grafana/grafana:12.1.0
    ///     volumes:
    ///       - ./provisioning:/etc/grafana/provisioning:ro
    /// # file: provisioning/datasources/prometheus.yml
    /// apiVersion: 1
    /// datasources:
    ///   - name: Prometheus
    ///     type: prometheus
    ///     url: http://prometheus:9091
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     ports:
    ///       - "127.0.0.1:9091:9090"
    ///   grafana:
    ///     image: grafana/grafana:12.1.0
    ///     volumes:
    ///       - ./provisioning:/etc/grafana/provisioning:ro
    /// # file: provisioning/datasources/prometheus.yml
    /// apiVersion: 1
    /// datasources:
    ///   - name: Prometheus
    ///     type: prometheus
    ///     url: http://prometheus:9090
    /// ```
    pub(crate) struct ClientUrlPublishedPort {
        name: "client-url-published-port",
        family: Grafana,
        severity: Error,
        summary: "a Grafana, Promtail, Alloy, Alertmanager or Loki URL uses a service's host port instead of its container port",
        fixable: true,
    }
}

impl Rule for ClientUrlPublishedPort {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for url in client_urls(project, &endpoints) {
            let Some((service, container, index)) = endpoints.published(&url.host, url.port) else {
                continue;
            };
            let mut finding = Finding::new(
                    url.port_at.clone(),
                    format!(
                        "{} uses port `{}`, which `{}` publishes on the host; in its container it listens on `{container}`",
                        url.what, url.port, service.name
                    ),
                )
                .primary_label("the host side of `ports`")
                .label(
                    Location::model(
                        service.pointer("services", &["ports", &index.to_string()]),
                        Part::Value,
                    ),
                    "published here",
                )
                .label(
                    on_service(&url.client),
                    format!("{} runs in this service", url.program),
                )
                .help(format!("use the container port: `{}:{container}`", url.host));
            // Only a port written in the URL is replaced.
            if url.port_at != url.host_at {
                finding = finding.fix(
                    format!("dial `{}:{container}`", url.host),
                    Applicability::Safe,
                    vec![(url.port_at.clone(), container.to_string())],
                );
            }
            cx.report(finding);
        }
    }
}
