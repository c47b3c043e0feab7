use std::net::IpAddr;

use super::{datasources, on_service};
use crate::compose::endpoints::Endpoints;
use crate::compose::model::is_partial;
use crate::compose::schema::closest;
use crate::declare_rule;
use crate::project::Project;
use crate::prometheus::targets::is_loopback;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a datasource URL whose host is a bare name (no dots) that is
    /// not a service, `container_name`, `hostname` or network alias of the
    /// project, nor in the Grafana service's `extra_hosts`. Full names and
    /// addresses of machines outside the project are not reported.
    ///
    /// ## Why is this bad?
    /// The name does not resolve inside the Grafana container, so the
    /// datasource never connects; usually the service is spelt differently.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///   grafana:
    ///     image: grafana/grafana:12.1.0
    ///     volumes:
    ///       - ./provisioning:/etc/grafana/provisioning:ro
    /// # file: provisioning/datasources/prometheus.yml
    /// apiVersion: 1
    /// datasources:
    ///   - name: Prometheus
    ///     type: prometheus
    ///     url: http://prometheus-server:9090
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
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
    pub struct DatasourceUrlUnknownHost {
        name: "datasource-url-unknown-host",
        family: Grafana,
        severity: Error,
        summary: "a Grafana datasource URL names no service of the project",
    }
}

impl Rule for DatasourceUrlUnknownHost {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if is_partial(project) {
            return;
        }
        let endpoints = Endpoints::new(project);
        let disabled = project.resolved.as_ref().map(|r| &r.disabled_services);
        for source in datasources(project, &endpoints) {
            let host = source.host.as_str();
            if host.is_empty()
                || host.contains(['.', ':'])
                || is_loopback(host)
                || host.parse::<IpAddr>().is_ok()
                || endpoints.resolve(host).is_some()
                || crate::rules::prometheus::extra_host(source.grafana.value, host).is_some()
                || source.grafana.value.get("network_mode").is_some()
                || disabled.is_some_and(|d| d.contains_key(host))
            {
                continue;
            }
            let names = endpoints.names();
            let help = match closest(host, names.iter().copied()) {
                Some(name) => format!("did you mean `{name}`?"),
                None => "use the name of a service of the project (or its `container_name` or a network alias); a machine outside the project is better written with its full name".to_string(),
            };
            cx.report(
                Finding::new(
                    source.at(),
                    format!(
                        "{} uses `{}`, but `{host}` names no service of the project",
                        source.what(),
                        source.url
                    ),
                )
                .primary_label(format!(
                    "`{host}` does not resolve in the Grafana container"
                ))
                .label(on_service(&source.grafana), "Grafana runs in this service")
                .help(help),
            );
        }
    }
}
