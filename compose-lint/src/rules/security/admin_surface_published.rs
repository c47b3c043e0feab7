use std::ops::RangeInclusive;

use super::command_words;
use crate::declare_rule;
use crate::model::{Located, PortBinding};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports an administration API that anyone who reaches a published
    /// port can use without logging in:
    ///
    /// - Prometheus started with `--web.enable-admin-api` (delete series,
    ///   take snapshots) or `--web.enable-lifecycle` (shut down, reload);
    /// - Traefik started with `--api.insecure=true`, its dashboard and API
    ///   on container port 8080;
    /// - Elasticsearch with `xpack.security.enabled=false` publishing 9200;
    /// - a Docker daemon's unencrypted port 2375.
    ///
    /// Ports published on a loopback address (`127.0.0.1:9090:9090`) are
    /// not reported.
    ///
    /// ## Why is this bad?
    /// None of these endpoints asks for credentials: whoever reaches the
    /// port can wipe the metrics, stop the server, rewrite the routing,
    /// read every index, or run containers as root on the host.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     command:
    ///       - --config.file=/etc/prometheus/prometheus.yml
    ///       - --web.enable-admin-api
    ///     ports:
    ///       - "9090:9090"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     command:
    ///       - --config.file=/etc/prometheus/prometheus.yml
    ///       - --web.enable-admin-api
    ///     ports:
    ///       - "127.0.0.1:9090:9090"
    /// ```
    pub(crate) struct AdminSurfacePublished {
        name: "admin-surface-published",
        family: Security,
        severity: Warning,
        summary: "an administration API without authentication is published",
    }
}

impl Rule for AdminSurfacePublished {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        for service in &cx.stack().services {
            if service.network_mode.is_some() {
                continue;
            }
            let ports: Vec<(&Located<'_, PortBinding>, &RangeInclusive<u16>)> = service
                .ports
                .iter()
                .filter(|p| !p.value.is_loopback())
                .filter_map(|p| Some((p, p.value.target.as_ref()?)))
                .collect();
            if ports.is_empty() {
                continue;
            }
            let words = command_words(service.node);
            let has_flag = |flag: &str| {
                words.iter().any(|w| {
                    *w == flag
                        || w.strip_prefix(flag)
                            .is_some_and(|rest| rest.eq_ignore_ascii_case("=true"))
                })
            };
            let mut surfaces: Vec<(String, Option<u16>)> = Vec::new();
            let prometheus: Vec<String> = ["--web.enable-admin-api", "--web.enable-lifecycle"]
                .into_iter()
                .filter(|flag| has_flag(flag))
                .map(|flag| format!("`{flag}`"))
                .collect();
            match prometheus.len() {
                0 => {}
                1 => surfaces.push((format!("Prometheus's {} API", prometheus[0]), None)),
                _ => surfaces.push((
                    format!("Prometheus's {} APIs", prometheus.join(" and ")),
                    None,
                )),
            }
            if has_flag("--api.insecure") {
                surfaces.push((
                    "Traefik's insecure API (`--api.insecure`)".into(),
                    Some(8080),
                ));
            }
            let security_off = service.environment.iter().any(|variable| {
                variable.value.name == "xpack.security.enabled"
                    && variable.value.value.trim().eq_ignore_ascii_case("false")
            });
            if security_off {
                surfaces.push((
                    "Elasticsearch with `xpack.security.enabled=false`".into(),
                    Some(9200),
                ));
            }
            surfaces.push(("the Docker daemon's unencrypted API".into(), Some(2375)));
            for (surface, port) in surfaces {
                let at = match port {
                    Some(port) => ports.iter().find(|(_, target)| target.contains(&port)),
                    None => ports.first(),
                };
                let Some((at, _)) = at else {
                    continue;
                };
                cx.report(
                    Finding::new(
                        at.location(),
                        format!(
                            "service `{}` publishes {surface}, open to anyone who reaches the port",
                            service.name
                        ),
                    )
                    .primary_label("anyone who reaches this port can use it")
                    .help("publish the port on the loopback address only (`127.0.0.1:HOST:CONTAINER`), put an authenticating proxy in front, or turn the API off"),
                );
            }
        }
    }
}
