use super::client_urls;
use crate::compose::schema::closest;
use crate::declare_rule;
use crate::model::endpoints::Endpoints;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a URL of a Grafana datasource, a Promtail client, an Alloy
    /// `url` attribute, an Alertmanager webhook or Loki's ruler whose host is a bare name (no dots) that is
    /// not a service, `container_name`, `hostname`, network or `links`
    /// alias of the project, nor in the `extra_hosts` of the service that
    /// dials it. Full names and addresses of machines outside the project,
    /// services left out by profiles, services with their own
    /// `network_mode` and projects that are part of a larger one are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// The name does not resolve inside the container, so the datasource
    /// never connects or the logs are never pushed; usually the service is
    /// spelt differently.
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
    pub(crate) struct ClientUrlUnknownHost {
        name: "client-url-unknown-host",
        family: Grafana,
        severity: Error,
        summary: "a Grafana, Promtail, Alloy, Alertmanager or Loki URL names no service of the project",
    }
}

impl Rule for ClientUrlUnknownHost {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for url in client_urls(project, &endpoints) {
            let host = url.host.as_str();
            if !endpoints.is_unknown_name(&url.client, host) {
                continue;
            }
            let names = endpoints.names();
            let help = match closest(host, names.iter().copied()) {
                Some(name) => format!("did you mean `{name}`?"),
                None => "use the name of a service of the project (or its `container_name` or a network alias); a machine outside the project is better written with its full name".to_string(),
            };
            cx.report(
                Finding::new(
                    url.host_at.clone(),
                    format!(
                        "{} uses `{}`, but `{host}` names no service of the project",
                        url.what, url.url
                    ),
                )
                .primary_label(format!(
                    "`{host}` does not resolve in the {} container",
                    url.program
                ))
                .label(
                    on_service(&url.client),
                    format!("{} runs in this service", url.program),
                )
                .help(help),
            );
        }
    }
}
