use super::scraped;
use crate::declare_rule;
use crate::model::endpoints::Endpoints;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule, on_service};

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
    pub(crate) struct ScrapeTargetNotOnSharedNetwork {
        name: "scrape-target-not-on-shared-network",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus target names a service on no network Prometheus shares",
    }
}

impl Rule for ScrapeTargetNotOnSharedNetwork {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for scraped in scraped(project) {
            let Some(unshared) = endpoints.unshared(&scraped.prometheus, &scraped.target.host)
            else {
                continue;
            };
            let named = unshared.named.service.name;
            let client = scraped.prometheus.name;
            let (message, help) = match unshared.alias_network {
                Some(network) => (
                    format!(
                        "{} `{}`: the alias `{}` of service `{named}` only resolves on network `{network}`, which `{client}` is not on",
                        scraped.what(),
                        scraped.target.text,
                        scraped.target.host,
                    ),
                    format!("attach `{client}` to network `{network}`, or use the service name"),
                ),
                None => (
                    format!(
                        "{} `{}`: service `{named}` shares no network with `{client}`",
                        scraped.what(),
                        scraped.target.text,
                    ),
                    format!("attach `{named}` and `{client}` to a common network"),
                ),
            };
            scraped.report(
                cx,
                Finding::new(scraped.at(), message)
                    .label(
                        on_service(&unshared.named.service),
                        format!("`{named}` is on {}", unshared.theirs),
                    )
                    .label(
                        on_service(&scraped.prometheus),
                        format!("Prometheus runs here, on {}", unshared.ours),
                    )
                    .help(help),
            );
        }
    }
}
