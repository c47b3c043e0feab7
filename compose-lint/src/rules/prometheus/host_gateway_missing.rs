use super::scraped;
use crate::compose::model::network_mode;
use crate::declare_rule;
use crate::model::endpoints::extra_host;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a static scrape or Alertmanager target on
    /// `host.docker.internal` when the service running Prometheus does not
    /// map that name in `extra_hosts` (`host.docker.internal:host-gateway`).
    /// It is reported once per configuration, at the first such target.
    ///
    /// ## Why is this bad?
    /// Docker Desktop resolves `host.docker.internal` by itself, Docker
    /// Engine on Linux does not: there the target stays down with `no such
    /// host` unless the service maps the name to the host gateway.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: host
    ///     static_configs:
    ///       - targets: ["host.docker.internal:9100"]
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
    ///     extra_hosts:
    ///       - "host.docker.internal:host-gateway"
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: host
    ///     static_configs:
    ///       - targets: ["host.docker.internal:9100"]
    /// ```
    pub(crate) struct HostGatewayMissing {
        name: "host-gateway-missing",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus target uses `host.docker.internal` without mapping it to the host gateway",
    }
}

impl Rule for HostGatewayMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        // One finding per configuration, at its first such target: the
        // fix is one line in the compose file.
        let all = scraped(project);
        let mut missing: Vec<&super::Scraped<'_>> = all
            .iter()
            .filter(|scraped| {
                let host = scraped.target.host.as_str();
                host.eq_ignore_ascii_case("host.docker.internal")
                    && network_mode(scraped.prometheus.value).is_none()
                    && extra_host(scraped.prometheus.value, host).is_none()
            })
            .collect();
        while let Some(first) = missing.first().copied() {
            let (same, rest): (Vec<_>, Vec<_>) =
                missing.into_iter().partition(|s| s.file == first.file);
            missing = rest;
            let mut finding = Finding::new(
                first.at(),
                format!(
                    "{} `{}`: `host.docker.internal` does not resolve on Linux unless `{}` maps it",
                    first.what(),
                    first.target.text,
                    first.prometheus.name
                ),
            )
            .label(
                on_service(&first.prometheus),
                "Prometheus runs in this service, without `extra_hosts`",
            )
            .help(format!(
                "add `extra_hosts: [\"host.docker.internal:host-gateway\"]` to service `{}`",
                first.prometheus.name
            ));
            if same.len() > 1 {
                finding = finding.note(format!(
                    "{} more targets of this configuration use `host.docker.internal`",
                    same.len() - 1
                ));
            }
            first.report(cx, finding);
        }
    }
}
