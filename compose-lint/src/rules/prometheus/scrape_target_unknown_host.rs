use super::scraped;
use crate::compose::schema::closest;
use crate::declare_rule;
use crate::model::endpoints::Endpoints;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a static scrape or Alertmanager target, in the Prometheus
    /// configuration a service mounts, whose host is a single name that is
    /// no service of the project, no `container_name`, `hostname`, network
    /// alias or `links` alias, and no entry of the Prometheus service's
    /// `extra_hosts`. Addresses, names with a dot (`node1.lan`,
    /// `example.com`), services left out by profiles and projects that are
    /// part of a larger one are not reported.
    ///
    /// ## Why is this bad?
    /// The name does not resolve inside the Prometheus container: the
    /// target stays down with `lookup apii on 127.0.0.11:53: no such host`,
    /// usually after a typo or a renamed service.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     static_configs:
    ///       - targets: ["apii:8000"]
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
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     static_configs:
    ///       - targets: ["api:8000"]
    /// ```
    pub(crate) struct ScrapeTargetUnknownHost {
        name: "scrape-target-unknown-host",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus target names no service of the project",
    }
}

impl Rule for ScrapeTargetUnknownHost {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for scraped in scraped(project) {
            let host = scraped.target.host.as_str();
            if !endpoints.is_unknown_name(&scraped.prometheus, host) {
                continue;
            }
            let names = endpoints.names();
            let port = scraped
                .target
                .port
                .map(|p| format!(":{p}"))
                .unwrap_or_default();
            let suggestion = closest(host, names.iter().copied());
            let help = match suggestion {
                Some(name) => format!("did you mean `{name}{port}`?"),
                None => "use the name of a service of the project (or its `container_name` or a network alias), or add the host to `extra_hosts` of the Prometheus service".to_string(),
            };
            let mut finding = Finding::new(
                scraped.at(),
                format!(
                    "{} `{}` names no service of the project",
                    scraped.what(),
                    scraped.target.text
                ),
            )
            .primary_label(format!(
                "`{host}` does not resolve in the Prometheus container"
            ))
            .label(
                on_service(&scraped.prometheus),
                "Prometheus runs in this service",
            )
            .help(help);
            if suggestion.is_none() {
                finding = finding.note(format!(
                    "a machine outside the project is better written with its full name (`{host}.example.lan{port}`) or its address: a bare name only resolves through the host's DNS search domains"
                ));
            }
            scraped.report(cx, finding);
        }
    }
}
