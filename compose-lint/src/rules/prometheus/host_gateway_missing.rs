use super::{extra_host, network_mode, on_service, scraped};
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a static scrape or Alertmanager target on
    /// `host.docker.internal` when the service running Prometheus does not
    /// map that name in `extra_hosts` (`host.docker.internal:host-gateway`).
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
    pub struct HostGatewayMissing {
        name: "host-gateway-missing",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus target uses `host.docker.internal` without mapping it to the host gateway",
    }
}

impl Rule for HostGatewayMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for scraped in scraped(project) {
            let host = scraped.target.host.as_str();
            if !host.eq_ignore_ascii_case("host.docker.internal")
                || network_mode(scraped.prometheus.value).is_some()
                || extra_host(scraped.prometheus.value, host).is_some()
            {
                continue;
            }
            cx.report(
                Finding::new(
                    scraped.at(),
                    format!(
                        "{} `{}`: `host.docker.internal` does not resolve on Linux unless `{}` maps it",
                        scraped.what(),
                        scraped.target.text,
                        scraped.prometheus.name
                    ),
                )
                .label(
                    on_service(&scraped.prometheus),
                    "Prometheus runs in this service, without `extra_hosts`",
                )
                .help(format!(
                    "add `extra_hosts: [\"host.docker.internal:host-gateway\"]` to service `{}`",
                    scraped.prometheus.name
                )),
            );
        }
    }
}
