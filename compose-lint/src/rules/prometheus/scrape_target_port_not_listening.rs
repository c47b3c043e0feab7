use std::collections::BTreeSet;

use super::{Scraped, listeners, scraped};
use crate::compose::model::{Element, network_mode};
use crate::declare_rule;
use crate::diagnostic::Applicability;
use crate::images::{self, Program};
use crate::model::endpoints::{Endpoints, describe_ports, published_as, written_ports};
use crate::project::Project;
use crate::prometheus::targets::TargetKind;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a static scrape or Alertmanager target naming a service on
    /// a port the service neither publishes nor exposes, when what it
    /// listens on is known: from its `ports` and `expose`, or from the
    /// image-facts table for an image whose port no `command`,
    /// `entrypoint` or port-like environment variable moves. A port the
    /// service's own flags or variables name (`--web.listen-address=:9191`,
    /// `--metrics.port 6060`, `GF_SERVER_HTTP_PORT=3001`) is served, and so
    /// is a port a built image's Dockerfile `EXPOSE`s. Where
    /// the table names the flags that move an image's listeners (the
    /// Prometheus server and exporters' `--web.listen-address`, cAdvisor's
    /// `-port`, Alertmanager's `--web.listen-address` and
    /// `--cluster.listen-address`), they are followed both ways: the
    /// default port a flag moved away from is not served. An Alertmanager
    /// target must name Alertmanager's API port, which a port declared in
    /// `ports` or `expose` does not move. Services with unknown images and
    /// no written ports, services sharing another's network namespace,
    /// well-known protocol ports (see `scrape-target-non-metrics-port`)
    /// and ports that listen but speak no HTTP (see
    /// `scrape-target-non-http-port`) are not reported.
    ///
    /// ## Why is this bad?
    /// Nothing answers on that port: the target stays down with
    /// `connection refused`. Often the port is from an older version of
    /// the stack or belongs to another service.
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
    ///       - targets: ["api:8080"]
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
    pub(crate) struct ScrapeTargetPortNotListening {
        name: "scrape-target-port-not-listening",
        family: Prometheus,
        severity: Warning,
        summary: "a Prometheus target names a port the service is not known to listen on",
        fixable: true,
    }
}

/// A target's service and what it listens on, when the target's port is
/// not among them.
struct NotListening<'a> {
    service: Element<'a>,
    ports: BTreeSet<u16>,
    /// The port the image serves metrics on, as its flags place it.
    metrics: Option<u16>,
    /// True for an Alertmanager target naming an Alertmanager, whose
    /// metrics port is its API.
    alertmanager: bool,
    /// True when the image's flags place every listener, so that declaring
    /// a port moves nothing.
    by_flags: bool,
    /// The flag that moves the API, when the service declares the
    /// target's port in its `ports` or `expose`, which does not.
    declared_in_vain: Option<&'a str>,
}

/// The target's service, when it is known not to listen on `port`: its
/// image's listeners as its flags place them (for an Alertmanager target
/// on an image whose flags place every listener, its API must be on the
/// port: a port in its `ports` or `expose` moves nothing), else its
/// `ports`, `expose` and image facts.
fn not_listening<'a>(
    project: &'a Project,
    endpoints: &Endpoints<'a>,
    scraped: &Scraped<'_>,
    port: u16,
) -> Option<NotListening<'a>> {
    let service = endpoints.resolve(&scraped.target.host)?.service;
    let Some(known) = listeners(&project.images, service.value) else {
        let (service, ports) = endpoints.not_listening(&scraped.target.host, port)?;
        return Some(NotListening {
            service,
            ports,
            metrics: None,
            alertmanager: false,
            by_flags: false,
            declared_in_vain: None,
        });
    };
    if network_mode(service.value).is_some() || !endpoints.sidecars(&service).is_empty() {
        return None;
    }
    let mut ports: BTreeSet<u16> = known.ports().collect();
    if ports.contains(&port) || published_as(service.value, port).is_some() {
        return None;
    }
    let written = written_ports(service.value);
    let alertmanager = scraped.target.kind == TargetKind::Alertmanager
        && known.program == Some(Program::Alertmanager);
    let declared = written.as_ref().is_some_and(|w| w.contains(&port));
    if declared && !(alertmanager && known.by_flags) {
        return None;
    }
    if !alertmanager {
        ports.extend(written.unwrap_or_default());
    }
    let metrics = known.metrics();
    Some(NotListening {
        service,
        ports,
        metrics: metrics.and_then(|l| l.ports.first().copied()),
        alertmanager,
        by_flags: known.by_flags,
        declared_in_vain: metrics.and_then(|l| l.flag).filter(|_| declared),
    })
}

impl Rule for ScrapeTargetPortNotListening {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for scraped in scraped(project) {
            let Some(port) = scraped.target.port else {
                continue;
            };
            if images::protocol_port(port).is_some() {
                continue;
            }
            let Some(found) = not_listening(project, &endpoints, &scraped, port) else {
                continue;
            };
            let service = found.service;
            let listens = describe_ports(&found.ports);
            let host = &scraped.target.host;
            let help = match found.metrics {
                Some(api) if found.alertmanager => {
                    format!("use `{host}:{api}`, where Alertmanager's API listens")
                }
                Some(metrics) if found.by_flags => {
                    format!(
                        "use `{host}:{metrics}`, where `{}` serves metrics",
                        service.name
                    )
                }
                Some(metrics) => format!(
                    "use `{host}:{metrics}`, where `{}` serves metrics, or declare the port in its `expose`",
                    service.name
                ),
                None => format!(
                    "use the port `{}` serves metrics on, or declare it in its `expose`",
                    service.name
                ),
            };
            let mut finding = Finding::new(
                scraped.at(),
                format!(
                    "{} `{}`: service `{}` is not known to listen on port `{port}`",
                    scraped.what(),
                    scraped.target.text,
                    service.name
                ),
            )
            .label(
                on_service(&service),
                format!("`{}` listens on {listens}", service.name),
            )
            .help(help);
            // The port the image is known to serve metrics (or
            // Alertmanager's API) on is the one right port.
            if let Some(metrics) = found.metrics
                && (found.by_flags || found.alertmanager)
                && let Some(port_at) = scraped.port_at(project)
            {
                finding = finding.fix(
                    format!("scrape `{host}:{metrics}`"),
                    Applicability::Safe,
                    vec![(port_at, metrics.to_string())],
                );
            }
            if let Some(flag) = found.declared_in_vain {
                finding = finding.note(format!(
                    "`ports` and `expose` do not move what the image listens on; `--{flag}` does"
                ));
            }
            scraped.report(cx, finding);
        }
    }
}
