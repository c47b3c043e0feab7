use super::client_urls;
use crate::declare_rule;
use crate::model::endpoints::{Endpoints, describe_ports};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a URL of a Grafana datasource, a Promtail client, an Alloy
    /// `url` attribute, an Alertmanager webhook or Loki's ruler naming a service on a port the service
    /// neither publishes nor exposes (a URL without a port uses 80 or
    /// 443), when what it listens on is known: from its `ports` and
    /// `expose`, or from the image-facts table for an image whose port no
    /// `command`, `entrypoint` or port-like environment variable moves.
    /// Services with unknown images and no written ports and services
    /// sharing a network namespace are not reported.
    ///
    /// ## Why is this bad?
    /// Nothing answers on that port: the datasource or the push fails with
    /// `connection refused`. Often the port belongs to another service or
    /// to an older version of the stack.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///   grafana:
    ///     image: grafana/grafana:12.1.0
    ///     volumes:
    ///       - ./provisioning:/etc/grafana/provisioning:ro
    /// # file: provisioning/datasources/loki.yml
    /// apiVersion: 1
    /// datasources:
    ///   - name: Loki
    ///     type: loki
    ///     url: http://loki:9090
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///   grafana:
    ///     image: grafana/grafana:12.1.0
    ///     volumes:
    ///       - ./provisioning:/etc/grafana/provisioning:ro
    /// # file: provisioning/datasources/loki.yml
    /// apiVersion: 1
    /// datasources:
    ///   - name: Loki
    ///     type: loki
    ///     url: http://loki:3100
    /// ```
    pub(crate) struct ClientUrlPortNotListening {
        name: "client-url-port-not-listening",
        family: Grafana,
        severity: Warning,
        summary: "a Grafana, Promtail, Alloy, Alertmanager or Loki URL names a port the service is not known to listen on",
    }
}

impl Rule for ClientUrlPortNotListening {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for url in client_urls(project, &endpoints) {
            let Some((service, ports)) = endpoints.not_listening(&url.host, url.port) else {
                continue;
            };
            cx.report(
                Finding::new(
                    url.port_at.clone(),
                    format!(
                        "{} uses `{}`: service `{}` is not known to listen on port `{}`",
                        url.what, url.url, service.name, url.port
                    ),
                )
                .label(
                    on_service(&service),
                    format!("`{}` listens on {}", service.name, describe_ports(&ports)),
                )
                .label(
                    on_service(&url.client),
                    format!("{} runs in this service", url.program),
                )
                .help(format!(
                    "use the port `{}` listens on, or declare it in its `expose`",
                    service.name
                )),
            );
        }
    }
}
