use super::client_urls;
use crate::compose::model::network_mode;
use crate::declare_rule;
use crate::diagnostic::Applicability;
use crate::model::endpoints::{Endpoints, is_loopback};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a URL on `localhost`, `127.0.0.1` or `[::1]` that a Grafana
    /// datasource, a Promtail client, an Alloy `url` attribute, an
    /// Alertmanager webhook or Loki's ruler dials, in a configuration a
    /// service reads, on a port other than the
    /// service's own and those of services sharing its network namespace
    /// (`network_mode: service:grafana`). Services with their own
    /// `network_mode` are not checked.
    ///
    /// ## Why is this bad?
    /// Grafana, Promtail, Alloy, Alertmanager and Loki each run in their own container:
    /// `localhost` there is that container itself, not the Prometheus or
    /// Loki service next to it, so every query or push fails with
    /// "connection refused". The URL works only where everything runs
    /// outside containers.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///   promtail:
    ///     image: grafana/promtail:3.4.2
    ///     volumes:
    ///       - ./promtail.yml:/etc/promtail/config.yml:ro
    /// # file: promtail.yml
    /// clients:
    ///   - url: http://localhost:3100/loki/api/v1/push
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///   promtail:
    ///     image: grafana/promtail:3.4.2
    ///     volumes:
    ///       - ./promtail.yml:/etc/promtail/config.yml:ro
    /// # file: promtail.yml
    /// clients:
    ///   - url: http://loki:3100/loki/api/v1/push
    /// ```
    pub(crate) struct ClientUrlLocalhost {
        name: "client-url-localhost",
        family: Grafana,
        severity: Error,
        summary: "a Grafana, Promtail, Alloy, Alertmanager or Loki URL on localhost points at its own container",
        fixable: true,
    }
}

impl Rule for ClientUrlLocalhost {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for url in client_urls(project, &endpoints) {
            if !is_loopback(&url.host) || network_mode(url.client.value).is_some() {
                continue;
            }
            let Some(own) = url.loopback_ports(&endpoints) else {
                continue;
            };
            if own.contains(&url.port) {
                continue;
            }
            let help = match endpoints.likely_server(&url.client, url.port) {
                Some((name, container)) => {
                    format!("use the service name: `{name}:{container}`")
                }
                None => "use the name of the service that serves it, such as `http://loki:3100`"
                    .to_string(),
            };
            let mut finding = Finding::new(
                url.host_at.clone(),
                format!(
                    "{} uses `{}`, which is the {} container itself",
                    url.what, url.url, url.program
                ),
            )
            .primary_label(format!("`localhost` inside the {} container", url.program))
            .label(
                on_service(&url.client),
                format!("{} runs in this service", url.program),
            )
            .help(help);
            // The host becomes the service's name when exactly one service
            // on a shared network listens on that port.
            // An IPv6 literal is written in brackets, which a name must
            // not keep: left to a person.
            if let Some(server) = endpoints
                .sole_server(&url.client, url.port)
                .filter(|_| !url.host.contains(':'))
            {
                finding = finding.fix(
                    format!("dial `{server}:{}` instead of `{}`", url.port, url.host),
                    Applicability::Safe,
                    vec![(url.host_at.clone(), server.to_string())],
                );
            }
            cx.report(finding);
        }
    }
}
