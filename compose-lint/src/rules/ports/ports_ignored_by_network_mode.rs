use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `ports` on a service with `network_mode: host`.
    ///
    /// ## Why is this bad?
    /// A container on the host's network listens on the host's ports
    /// directly: Docker discards published ports, so the mapping does
    /// nothing, and a different host port written there is never used.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   exporter:
    ///     image: prom/node-exporter:v1.8.2
    ///     network_mode: host
    ///     ports:
    ///       - "9100:9100"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   exporter:
    ///     image: prom/node-exporter:v1.8.2
    ///     network_mode: host
    /// ```
    pub(crate) struct PortsIgnoredByNetworkMode {
        name: "ports-ignored-by-network-mode",
        family: Ports,
        severity: Warning,
        summary: "`ports` on a service with `network_mode: host` are ignored",
    }
}

impl Rule for PortsIgnoredByNetworkMode {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        for service in &cx.stack().services {
            let Some(mode) = service.network_mode.filter(|m| m.value == "host") else {
                continue;
            };
            let Some(ports) = service.ports_list.filter(|p| !p.value.is_empty()) else {
                continue;
            };
            cx.report(
                Finding::new(
                    ports.key_location(),
                    format!(
                        "service `{}` uses the host's network, so its `ports` are ignored",
                        service.name
                    ),
                )
                .label(mode.location(), "the host's network")
                .note(
                    "with `network_mode: host` the container listens on the host's ports directly",
                )
                .help("remove `ports`, or drop `network_mode: host` to publish them"),
            );
        }
    }
}
