use super::{on_service, scraped};
use crate::compose::endpoints::{Attachment, Endpoints, NameKind};
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a static scrape or Alertmanager target naming a service of
    /// the project that shares no network with the service running
    /// Prometheus (the implicit `default` network counts; a network alias
    /// only resolves on the network that declares it).
    ///
    /// ## Why is this bad?
    /// Compose's DNS only answers for services on a network the client is
    /// attached to: the target stays down with `no such host`.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///     networks: [monitoring]
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    ///     networks: [backend]
    /// networks:
    ///   monitoring: {}
    ///   backend: {}
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     static_configs:
    ///       - targets: ["api:8000"]
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
    ///     networks: [monitoring]
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    ///     networks: [backend, monitoring]
    /// networks:
    ///   monitoring: {}
    ///   backend: {}
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     static_configs:
    ///       - targets: ["api:8000"]
    /// ```
    pub struct ScrapeTargetNotOnSharedNetwork {
        name: "scrape-target-not-on-shared-network",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus target names a service on no network Prometheus shares",
    }
}

fn list(attachment: &Attachment) -> String {
    match attachment {
        Attachment::Networks(names) => names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

impl Rule for ScrapeTargetNotOnSharedNetwork {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for scraped in scraped(project) {
            let Some(named) = endpoints.resolve(&scraped.target.host) else {
                continue;
            };
            let alias_network = (named.kind == NameKind::Alias)
                .then_some(named.network)
                .flatten();
            if endpoints.shares_network(&scraped.prometheus, &named.service, alias_network)
                != Some(false)
            {
                continue;
            }
            let theirs = endpoints.attachment(&named.service);
            let ours = endpoints.attachment(&scraped.prometheus);
            let (message, help) = match alias_network {
                Some(network) => (
                    format!(
                        "{} `{}`: the alias `{}` of service `{}` only resolves on network `{network}`, which `{}` is not on",
                        scraped.what(),
                        scraped.target.text,
                        scraped.target.host,
                        named.service.name,
                        scraped.prometheus.name
                    ),
                    format!(
                        "attach `{}` to network `{network}`, or use the service name",
                        scraped.prometheus.name
                    ),
                ),
                None => (
                    format!(
                        "{} `{}`: service `{}` shares no network with `{}`",
                        scraped.what(),
                        scraped.target.text,
                        named.service.name,
                        scraped.prometheus.name
                    ),
                    format!(
                        "attach `{}` and `{}` to a common network",
                        named.service.name, scraped.prometheus.name
                    ),
                ),
            };
            cx.report(
                Finding::new(scraped.at(), message)
                    .label(
                        super::on_service(&named.service),
                        format!("`{}` is on {}", named.service.name, list(&theirs)),
                    )
                    .label(
                        on_service(&scraped.prometheus),
                        format!("Prometheus runs here, on {}", list(&ours)),
                    )
                    .help(help),
            );
        }
    }
}
