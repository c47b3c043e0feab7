use super::{listeners, port_list, scraped};
use crate::declare_rule;
use crate::images::{self, Program};
use crate::model::endpoints::Endpoints;
use crate::project::Project;
use crate::prometheus::targets::TargetKind;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a static scrape or Alertmanager target naming a port of a
    /// well-known image that speaks no HTTP: Alertmanager's cluster gossip
    /// port `9094`, RabbitMQ's epmd and Erlang distribution ports, MySQL's
    /// X Protocol port. Flags the image-facts table knows are followed:
    /// with `--web.listen-address=:9094` Alertmanager's API is on `9094`,
    /// and `--cluster.listen-address` moves the gossip port. Declaring the
    /// port in the service's `ports` or `expose` changes nothing; unknown
    /// images are not reported, nor are the databases' and brokers' own
    /// protocol ports (see `scrape-target-non-metrics-port`).
    ///
    /// ## Why is this bad?
    /// Something listens there, so the target looks plausible and nothing
    /// refuses the connection, but it does not answer HTTP: Prometheus'
    /// alerts never reach Alertmanager (the notifier logs errors and drops
    /// them), and a scrape fails on every attempt.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    /// # file: prometheus.yml
    /// alerting:
    ///   alertmanagers:
    ///     - static_configs:
    ///         - targets: ["alertmanager:9094"]
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
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    /// # file: prometheus.yml
    /// alerting:
    ///   alertmanagers:
    ///     - static_configs:
    ///         - targets: ["alertmanager:9093"]
    /// ```
    pub(crate) struct ScrapeTargetNonHttpPort {
        name: "scrape-target-non-http-port",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus target names a port of a known image that speaks no HTTP, such as Alertmanager's cluster port",
    }
}

impl Rule for ScrapeTargetNonHttpPort {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for scraped in scraped(project) {
            let Some(port) = scraped.target.port else {
                continue;
            };
            let kind = scraped.target.kind;
            // The stores' own ports are scrape-target-non-metrics-port's.
            if kind == TargetKind::Scrape && images::protocol_port(port).is_some() {
                continue;
            }
            let Some(named) = endpoints.resolve(&scraped.target.host) else {
                continue;
            };
            let service = named.service;
            let Some(known) = listeners(&project.images, service.value) else {
                continue;
            };
            let on_port: Vec<_> = known
                .listeners
                .iter()
                .filter(|l| l.ports.contains(&port))
                .collect();
            // Two listeners on one port cannot both start; say nothing.
            let [listener] = on_port.as_slice() else {
                continue;
            };
            let Some(non_http) = listener.non_http else {
                continue;
            };
            let http = known.metrics_ports();
            let alertmanager =
                kind == TargetKind::Alertmanager && known.program == Some(Program::Alertmanager);
            let mut message = format!(
                "{} `{}`: port {port} of `{}` is its {}",
                scraped.what(),
                scraped.target.text,
                known.repository,
                non_http.what
            );
            let help = match (http.first(), kind) {
                (Some(first), _) if alertmanager => {
                    message.push_str(&format!(
                        "; Alertmanager's API listens on {}",
                        port_list(http)
                    ));
                    format!("use `{}:{first}`", scraped.target.host)
                }
                (Some(first), TargetKind::Scrape) => {
                    message.push_str(&format!("; it serves metrics on {}", port_list(http)));
                    format!("use `{}:{first}`", scraped.target.host)
                }
                (_, TargetKind::Alertmanager) => {
                    "point the target at an Alertmanager's API port".to_string()
                }
                (None, TargetKind::Scrape) => {
                    "scrape a port that serves Prometheus metrics over HTTP".to_string()
                }
            };
            let mut finding = Finding::new(scraped.at(), message)
                .label(
                    on_service(&service),
                    format!(
                        "`{}` speaks {} on port {port}, not HTTP",
                        service.name, non_http.protocol
                    ),
                )
                .help(help);
            if let Some(flag) = listener.flag.filter(|_| port != listener.default) {
                finding = finding.note(format!(
                    "the service's `--{flag}` moves it there from {}",
                    listener.default
                ));
            }
            scraped.report(cx, finding);
        }
    }
}
