use super::client_urls;
use crate::declare_rule;
use crate::model::endpoints::Endpoints;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a URL of a Grafana datasource, a Promtail client, an Alloy
    /// `url` attribute, an Alertmanager webhook or Loki's ruler naming a service of the project that shares
    /// no network with the service that dials it (the implicit `default`
    /// network counts; a network alias only resolves on the network that
    /// declares it).
    ///
    /// ## Why is this bad?
    /// Compose's DNS only answers for services on a network the client is
    /// attached to: the connection fails with `no such host`.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///     networks: [logs]
    ///   promtail:
    ///     image: grafana/promtail:3.4.2
    ///     volumes:
    ///       - ./promtail.yml:/etc/promtail/config.yml:ro
    ///     networks: [apps]
    /// networks:
    ///   logs: {}
    ///   apps: {}
    /// # file: promtail.yml
    /// clients:
    ///   - url: http://loki:3100/loki/api/v1/push
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///     networks: [logs]
    ///   promtail:
    ///     image: grafana/promtail:3.4.2
    ///     volumes:
    ///       - ./promtail.yml:/etc/promtail/config.yml:ro
    ///     networks: [apps, logs]
    /// networks:
    ///   logs: {}
    ///   apps: {}
    /// # file: promtail.yml
    /// clients:
    ///   - url: http://loki:3100/loki/api/v1/push
    /// ```
    pub(crate) struct ClientUrlNotOnSharedNetwork {
        name: "client-url-not-on-shared-network",
        family: Grafana,
        severity: Error,
        summary: "a Grafana, Promtail, Alloy, Alertmanager or Loki URL names a service on no network its client shares",
    }
}

impl Rule for ClientUrlNotOnSharedNetwork {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for url in client_urls(project, &endpoints) {
            let Some(unshared) = endpoints.unshared(&url.client, &url.host) else {
                continue;
            };
            let named = unshared.named.service.name;
            let client = url.client.name;
            let (message, help) = match unshared.alias_network {
                Some(network) => (
                    format!(
                        "{} uses `{}`: the alias `{}` of service `{named}` only resolves on network `{network}`, which `{client}` is not on",
                        url.what, url.url, url.host
                    ),
                    format!("attach `{client}` to network `{network}`, or use the service name"),
                ),
                None => (
                    format!(
                        "{} uses `{}`: service `{named}` shares no network with `{client}`",
                        url.what, url.url
                    ),
                    format!("attach `{named}` and `{client}` to a common network"),
                ),
            };
            cx.report(
                Finding::new(url.host_at.clone(), message)
                    .label(
                        on_service(&unshared.named.service),
                        format!("`{named}` is on {}", unshared.theirs),
                    )
                    .label(
                        on_service(&url.client),
                        format!("{} runs here, on {}", url.program, unshared.ours),
                    )
                    .help(help),
            );
        }
    }
}
