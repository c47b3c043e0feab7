use std::collections::HashMap;

use std::ops::RangeInclusive;

use crate::declare_rule;
use crate::model::{Located, PortBinding};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a host port that two services of the resolved project
    /// publish on the same address and protocol, or that one service
    /// publishes twice. Port ranges, host addresses (`127.0.0.1:80` and
    /// `127.0.0.2:80` do not collide; no address or `0.0.0.0` collides with
    /// any IPv4 address), `tcp`/`udp`, the long syntax and values set by
    /// variables are taken into account. Services with `network_mode:
    /// host` are not compared. Services in disjoint profiles are compared
    /// when profiles are chosen (`--profile`, `COMPOSE_PROFILES`), since
    /// every service left then runs; with none chosen, they are taken for
    /// alternatives and not compared.
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
    pub(crate) struct HostPortConflict {
        name: "host-port-conflict",
        family: Ports,
        severity: Error,
        summary: "two services publish the same host port",
    }
}

impl Rule for HostPortConflict {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        let stack = cx.stack();
        let services = &stack.services;
        // Each binding seen so far: the service's position and the port.
        let mut seen: Vec<(usize, &Located<'_, PortBinding>)> = Vec::new();
        // The earlier bindings by protocol and port, so a project with
        // thousands of ports is not compared pairwise; wide ranges are few
        // and kept apart.
        let mut by_port: HashMap<(u8, u16), Vec<usize>> = HashMap::new();
        let mut wide: Vec<usize> = Vec::new();
        for (position, service) in services.iter().enumerate() {
            if service
                .network_mode
                .is_some_and(|mode| mode.value == "host")
            {
                continue;
            }
            for port in &service.ports {
                let binding = &port.value;
                let Some(published) = binding.published.clone() else {
                    continue;
                };
                let mut candidates: Vec<usize> = wide.clone();
                if is_wide(&published) {
                    candidates = (0..seen.len()).collect();
                } else {
                    for number in published.clone() {
                        if let Some(found) = by_port.get(&(protocol_key(&binding.protocol), number))
                        {
                            candidates.extend(found);
                        }
                    }
                    candidates.sort_unstable();
                    candidates.dedup();
                }
                let earlier = candidates.iter().map(|&i| seen[i]).find(|(other, first)| {
                    if *other == position {
                        // Identical entries are the schema's `uniqueItems`.
                        first.value.collides_with(binding) && first.node() != port.node()
                    } else {
                        first.value.collides_with(binding)
                            && stack.run_together(service, &services[*other])
                    }
                });
                if let Some((other, first)) = earlier {
                    let other_service = &services[other];
                    let shared = first
                        .value
                        .published
                        .as_ref()
                        .map_or(*published.start(), |p| *p.start().max(published.start()));
                    let (message, help) = if other == position {
                        (
                            format!(
                                "service `{}` publishes host port `{shared}/{}` twice",
                                service.name, binding.protocol
                            ),
                            "publish each host port once, or use another host port".to_string(),
                        )
                    } else {
                        (
                            format!(
                                "host port `{shared}/{}` is already published by service `{}`",
                                binding.protocol, other_service.name
                            ),
                            format!(
                                "use another host port for `{}`, or bind the two to different host addresses",
                                service.name
                            ),
                        )
                    };
                    cx.report(
                        Finding::new(port.location(), message)
                            .primary_label("published again here")
                            .label(first.location(), "first published here")
                            .help(help)
                            .note("only one container can bind a host port: the second fails to start with `port is already allocated`"),
                    );
                }
                let index = seen.len();
                if is_wide(&published) {
                    wide.push(index);
                } else {
                    for number in published {
                        by_port
                            .entry((protocol_key(&binding.protocol), number))
                            .or_default()
                            .push(index);
                    }
                }
                seen.push((position, port));
            }
        }
    }
}

/// Ranges this long are compared with every binding instead of indexed by
/// each of their ports.
fn is_wide(published: &RangeInclusive<u16>) -> bool {
    published.end() - published.start() >= 1024
}
fn protocol_key(protocol: &str) -> u8 {
    match protocol {
        "tcp" => 0,
        "udp" => 1,
        "sctp" => 2,
        _ => 3,
    }
}
