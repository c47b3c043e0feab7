use super::{datasources, on_service};
use crate::compose::endpoints::{Endpoints, PortUse};
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a datasource URL that names a service of the project with
    /// the port the service publishes on the host instead of the port it
    /// listens on in its container (`prometheus:9091` for `9091:9090`).
    ///
    /// ## Why is this bad?
    /// Between containers, services are reached on their container ports;
    /// the host side of `ports` exists only on the host. The datasource
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
    pub struct DatasourceUrlPublishedPort {
        name: "datasource-url-published-port",
        family: Grafana,
        severity: Error,
        summary: "a Grafana datasource URL uses a service's host port instead of its container port",
    }
}

impl Rule for DatasourceUrlPublishedPort {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for source in datasources(project, &endpoints) {
            let Some(named) = endpoints.resolve(&source.host) else {
                continue;
            };
            let PortUse::Published { container, index } =
                endpoints.port_use(&named.service, source.port)
            else {
                continue;
            };
            cx.report(
                Finding::new(
                    source.at(),
                    format!(
                        "{} uses port `{}`, which `{}` publishes on the host; in its container it listens on `{container}`",
                        source.what(),
                        source.port,
                        named.service.name
                    ),
                )
                .primary_label("the host side of `ports`")
                .label(
                    Location::model(
                        named.service.pointer("services", &["ports", &index.to_string()]),
                        Part::Value,
                    ),
                    "published here",
                )
                .label(on_service(&source.grafana), "Grafana runs in this service")
                .help(format!(
                    "use the container port: `{}:{container}`",
                    source.host
                )),
            );
        }
    }
}
