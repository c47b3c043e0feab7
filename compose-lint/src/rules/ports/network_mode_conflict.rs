use crate::compose::value::Value;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports settings that cannot go with the service's `network_mode`:
    /// `networks` with any `network_mode` (Compose refuses the project), and
    /// `ports`, `expose`, `links`, `hostname`, `dns`, `extra_hosts` or
    /// `mac_address` on a service that joins another's network namespace
    /// (`network_mode: service:x` or `container:x`), which Docker refuses
    /// when it creates the container.
    ///
    /// ## Why is this bad?
    /// A service that shares another container's network namespace has no
    /// network settings of its own: publish the ports, set the hostname and
    /// so on on the service that owns the namespace.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   vpn:
    ///     image: qmcgaw/gluetun:v3.39
    ///   torrent:
    ///     image: linuxserver/qbittorrent:4.6.7
    ///     network_mode: service:vpn
    ///     ports:
    ///       - "8080:8080"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   vpn:
    ///     image: qmcgaw/gluetun:v3.39
    ///     ports:
    ///       - "8080:8080"
    ///   torrent:
    ///     image: linuxserver/qbittorrent:4.6.7
    ///     network_mode: service:vpn
    /// ```
    pub(crate) struct NetworkModeConflict {
        name: "network-mode-conflict",
        family: Ports,
        severity: Error,
        summary: "a setting that cannot go with the service's `network_mode`",
    }
}

/// What a service sharing another's network namespace cannot set, and
/// what Docker says about it.
const SHARED_NAMESPACE: &[(&str, &str)] = &[
    (
        "ports",
        "conflicting options: port publishing and the container type network mode",
    ),
    (
        "expose",
        "conflicting options: port exposing and the container type network mode",
    ),
    (
        "links",
        "conflicting options: container type network can't be used with links",
    ),
    (
        "hostname",
        "conflicting options: hostname and the network mode",
    ),
    ("dns", "conflicting options: dns and the network mode"),
    (
        "extra_hosts",
        "conflicting options: custom host-to-IP mapping and the network mode",
    ),
    (
        "mac_address",
        "conflicting options: mac-address and the network mode",
    ),
];

fn is_set(value: &Value) -> bool {
    !value.is_null() && !value.is_empty_collection() && value.as_str() != Some("")
}

impl Rule for NetworkModeConflict {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        for service in &cx.stack().services {
            let Some(network_mode) = service.network_mode else {
                continue;
            };
            let mode = network_mode.value;
            if let Some(networks) = service.networks_written.filter(|n| is_set(n.value)) {
                cx.report(
                    Finding::new(
                        networks.key_location(),
                        format!(
                            "service `{}` sets both `network_mode` and `networks`, which exclude each other",
                            service.name
                        ),
                    )
                    .label(network_mode.location(), format!("`network_mode: {mode}`"))
                    .note("Compose refuses the project: a service either joins networks or uses a network mode")
                    .help("remove `networks`, or remove `network_mode`"),
                );
            }
            let shared = mode.starts_with("service:") || mode.starts_with("container:");
            if !shared {
                continue;
            }
            let element = service.element();
            let owner = mode.split_once(':').map(|(_, o)| o).unwrap_or(mode);
            for (key, refusal) in SHARED_NAMESPACE {
                if !service.node.get(key).is_some_and(is_set) {
                    continue;
                }
                cx.report(
                    Finding::new(
                        Location::model(element.pointer("services", &[key]), Part::Key),
                        format!(
                            "service `{}` shares the network namespace of `{owner}` and cannot set `{key}`",
                            service.name
                        ),
                    )
                    .label(network_mode.location(), format!("`network_mode: {mode}`"))
                    .note(format!("Docker refuses to create the container: `{refusal}`"))
                    .help(format!("move `{key}` to `{owner}`, which owns the network namespace")),
                );
            }
        }
    }
}
