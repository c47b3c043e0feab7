use super::client_urls;
use crate::declare_rule;
use crate::model::endpoints::Endpoints;
use crate::project::Project;
use crate::rules::prometheus::listeners;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a Grafana, Promtail, Alloy, Alertmanager or Loki URL whose
    /// port is one the named service's image listens on without speaking
    /// HTTP: Alertmanager's cluster gossip port (9094), say, in Loki's
    /// `ruler.alertmanager_url`. Only images the image table describes
    /// are checked, and flags that move their listeners are followed.
    ///
    /// ## Why is this bad?
    /// The port answers, but not in HTTP: every request fails, and the
    /// alerts or logs sent there are lost.
    ///
    /// ## Example
    /// ```yaml
    /// # file: loki.yaml
    /// ruler:
    ///   alertmanager_url: http://alertmanager:9094
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///     command: ["-config.file=/etc/loki/loki.yaml"]
    ///     volumes:
    ///       - ./loki.yaml:/etc/loki/loki.yaml:ro
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: loki.yaml
    /// ruler:
    ///   alertmanager_url: http://alertmanager:9093
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///     command: ["-config.file=/etc/loki/loki.yaml"]
    ///     volumes:
    ///       - ./loki.yaml:/etc/loki/loki.yaml:ro
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    /// ```
    pub(crate) struct ClientUrlNonHttpPort {
        name: "client-url-non-http-port",
        family: Grafana,
        severity: Error,
        summary: "a client URL names a port of the service that speaks no HTTP",
    }
}

impl Rule for ClientUrlNonHttpPort {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for url in client_urls(project, &endpoints) {
            let Some(named) = endpoints.resolve(&url.host) else {
                continue;
            };
            let service = named.service;
            let Some(found) = listeners(&project.images, service.value) else {
                continue;
            };
            let Some(non_http) = found
                .listeners
                .iter()
                .find_map(|l| l.non_http.filter(|_| l.ports.contains(&url.port)))
            else {
                continue;
            };
            let http: Vec<String> = found
                .listeners
                .iter()
                .filter(|l| l.non_http.is_none())
                .flat_map(|l| l.ports.iter().map(u16::to_string))
                .collect();
            let help = if http.is_empty() {
                format!("use a port of `{}` that speaks HTTP", service.name)
            } else {
                format!("use port {} of `{}`", http.join(" or "), service.name)
            };
            cx.report(
                Finding::new(
                    url.port_at.clone(),
                    format!(
                        "{} uses `{}`: port {} of `{}` is its {}, which speaks {}, not HTTP",
                        url.what,
                        url.url,
                        url.port,
                        found.repository,
                        non_http.what,
                        non_http.protocol
                    ),
                )
                .label(
                    on_service(&service),
                    format!("`{}` is defined here", service.name),
                )
                .help(help),
            );
        }
    }
}
