use std::collections::HashMap;

use super::{Binding, bindings, can_run_together, network_mode};
use crate::compose::model::services;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a host port that two services of the resolved project
    /// publish on the same address and protocol, or that one service
    /// publishes twice. Port ranges, host addresses (`127.0.0.1:80` and
    /// `127.0.0.2:80` do not collide; no address or `0.0.0.0` collides with
    /// any IPv4 address), `tcp`/`udp`, the long syntax and values set by
    /// variables are taken into account. Services in disjoint profiles and
    /// services with `network_mode: host` are not compared.
    ///
    /// ## Why is this bad?
    /// Only one container can bind a host port: the second one fails to
    /// start with `Bind for 0.0.0.0:8080 failed: port is already allocated`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     ports:
    ///       - "8080:80"
    ///   admin:
    ///     image: nginx:1.27
    ///     ports:
    ///       - "8080:80"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     ports:
    ///       - "8080:80"
    ///   admin:
    ///     image: nginx:1.27
    ///     ports:
    ///       - "8081:80"
    /// ```
    pub struct HostPortConflict {
        name: "host-port-conflict",
        family: Ports,
        severity: Error,
        summary: "two services publish the same host port",
    }
}

impl Rule for HostPortConflict {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let services = services(project);
        let mut seen: Vec<(usize, Binding)> = Vec::new();
        // The earlier bindings by protocol and port, so a project with
        // thousands of ports is not compared pairwise; wide ranges are few
        // and kept apart.
        let mut by_port: HashMap<(u8, u16), Vec<usize>> = HashMap::new();
        let mut wide: Vec<usize> = Vec::new();
        for (position, service) in services.iter().enumerate() {
            if network_mode(service.value) == Some("host") {
                continue;
            }
            let raw = |index: usize| {
                service
                    .value
                    .get("ports")
                    .and_then(|p| p.as_sequence())
                    .and_then(|p| p.get(index))
            };
            for binding in bindings(service.value) {
                let mut candidates: Vec<usize> = wide.clone();
                if is_wide(&binding) {
                    candidates = (0..seen.len()).collect();
                } else {
                    for port in binding.published.clone() {
                        if let Some(found) = by_port.get(&(protocol_key(&binding.protocol), port)) {
                            candidates.extend(found);
                        }
                    }
                    candidates.sort_unstable();
                    candidates.dedup();
                }
                let earlier = candidates.iter().map(|&i| &seen[i]).find(|(other, first)| {
                    let other_service = &services[*other];
                    if *other == position {
                        // Identical entries are the schema's `uniqueItems`.
                        first.collides_with(&binding) && raw(first.index) != raw(binding.index)
                    } else {
                        first.collides_with(&binding)
                            && can_run_together(service.value, other_service.value)
                    }
                });
                if let Some((other, first)) = earlier {
                    let other_service = &services[*other];
                    let port = binding.first_shared_port(first);
                    let at = Location::model(
                        service.pointer("services", &["ports", &binding.index.to_string()]),
                        Part::Value,
                    );
                    let first_at = Location::model(
                        other_service.pointer("services", &["ports", &first.index.to_string()]),
                        Part::Value,
                    );
                    let (message, help) = if *other == position {
                        (
                            format!(
                                "service `{}` publishes host port `{port}/{}` twice",
                                service.name, binding.protocol
                            ),
                            "publish each host port once, or use another host port".to_string(),
                        )
                    } else {
                        (
                            format!(
                                "host port `{port}/{}` is already published by service `{}`",
                                binding.protocol, other_service.name
                            ),
                            format!(
                                "use another host port for `{}`, or bind the two to different host addresses",
                                service.name
                            ),
                        )
                    };
                    cx.report(
                        Finding::new(at, message)
                            .primary_label("published again here")
                            .label(first_at, "first published here")
                            .help(help)
                            .note("only one container can bind a host port: the second fails to start with `port is already allocated`"),
                    );
                }
                let index = seen.len();
                if is_wide(&binding) {
                    wide.push(index);
                } else {
                    for port in binding.published.clone() {
                        by_port
                            .entry((protocol_key(&binding.protocol), port))
                            .or_default()
                            .push(index);
                    }
                }
                seen.push((position, binding));
            }
        }
    }
}

/// Ranges this long are compared with every binding instead of indexed by
/// each of their ports.
fn is_wide(binding: &Binding) -> bool {
    binding.published.end() - binding.published.start() >= 1024
}

fn protocol_key(protocol: &str) -> u8 {
    match protocol {
        "tcp" => 0,
        "udp" => 1,
        "sctp" => 2,
        _ => 3,
    }
}
