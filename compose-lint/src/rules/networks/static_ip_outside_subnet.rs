use std::net::IpAddr;

use super::{is_external, subnets};
use crate::compose::model::services;
use crate::compose::value::Value;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports an `ipv4_address` or `ipv6_address` a service takes on a
    /// network when no subnet of that network's `ipam.config` contains it,
    /// or when the network has no configured subnet at all. External
    /// networks are not checked: their subnets are not in the project.
    ///
    /// ## Why is this bad?
    /// Docker refuses to connect the container: a fixed address needs a
    /// subnet the user configured (`user specified IP address is supported
    /// only when connecting to networks with user configured subnets`), and
    /// the address must be inside it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   dns:
    ///     image: pihole/pihole:2024.07.0
    ///     networks:
    ///       lan:
    ///         ipv4_address: 10.0.1.53
    /// networks:
    ///   lan:
    ///     ipam:
    ///       config:
    ///         - subnet: 10.0.0.0/24
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   dns:
    ///     image: pihole/pihole:2024.07.0
    ///     networks:
    ///       lan:
    ///         ipv4_address: 10.0.0.53
    /// networks:
    ///   lan:
    ///     ipam:
    ///       config:
    ///         - subnet: 10.0.0.0/24
    /// ```
    pub struct StaticIpOutsideSubnet {
        name: "static-ip-outside-subnet",
        family: Networks,
        severity: Error,
        summary: "a fixed address outside the subnets of its network",
    }
}

impl Rule for StaticIpOutsideSubnet {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let defined = project
            .model()
            .and_then(|model| model.get("networks"))
            .and_then(Value::as_mapping);
        for service in services(project) {
            let Some(joined) = service.value.get("networks").and_then(Value::as_mapping) else {
                continue;
            };
            for (name, settings) in joined {
                let network = defined.and_then(|d| d.get(name));
                // An undefined network is `undefined-network`'s, except the
                // implicit `default`, which has no configured subnet.
                if network.is_none() && name != "default" {
                    continue;
                }
                if network.is_some_and(is_external) {
                    continue;
                }
                let custom_ipam = network
                    .and_then(|n| n.get("ipam"))
                    .and_then(|ipam| ipam.get("driver"))
                    .and_then(Value::as_str)
                    .is_some_and(|d| !d.is_empty() && d != "default");
                let subnets = network.map(subnets).unwrap_or_default();
                // A subnet that does not parse is `invalid-value`'s; without
                // it the network's addresses are unknown.
                if network.is_some_and(|n| written_subnets(n) != subnets.len()) {
                    continue;
                }
                for key in ["ipv4_address", "ipv6_address"] {
                    let Some(text) = settings.get(key).and_then(Value::as_str) else {
                        continue;
                    };
                    let Ok(address) = text.trim().parse::<IpAddr>() else {
                        continue;
                    };
                    if address.is_ipv4() != (key == "ipv4_address") {
                        continue;
                    }
                    let at = Location::model(
                        service.pointer("services", &["networks", name, key]),
                        Part::Value,
                    );
                    if subnets.is_empty() {
                        if custom_ipam {
                            continue;
                        }
                        let mut finding = Finding::new(
                            at,
                            format!(
                                "service `{}` takes the fixed address `{address}` on network `{name}`, which has no configured subnet",
                                service.name
                            ),
                        )
                        .note("Docker refuses it: `user specified IP address is supported only when connecting to networks with user configured subnets`")
                        .help(format!(
                            "add a subnet that contains `{address}` under `ipam.config` of network `{name}`"
                        ));
                        if network.is_some() {
                            finding = finding.label(
                                Location::model(
                                    format!(
                                        "/networks/{}",
                                        crate::yaml::escape_pointer_segment(name)
                                    ),
                                    Part::Key,
                                ),
                                "no `ipam.config` subnet",
                            );
                        }
                        cx.report(finding);
                        continue;
                    }
                    let family: Vec<_> = subnets
                        .iter()
                        .filter(|(_, s)| s.address.is_ipv4() == address.is_ipv4())
                        .collect();
                    if family.iter().any(|(_, s)| s.contains(address)) {
                        continue;
                    }
                    let shown: Vec<String> = family
                        .iter()
                        .map(|(_, s)| format!("`{}/{}`", s.address, s.prefix))
                        .collect();
                    let message = if shown.is_empty() {
                        format!(
                            "service `{}` takes the fixed address `{address}` on network `{name}`, which has no {} subnet",
                            service.name,
                            if address.is_ipv4() { "IPv4" } else { "IPv6" }
                        )
                    } else {
                        format!(
                            "fixed address `{address}` of service `{}` is outside the subnets of network `{name}` ({})",
                            service.name,
                            shown.join(", ")
                        )
                    };
                    cx.report(
                        Finding::new(at, message)
                            .note("Docker refuses to connect the container to the network")
                            .help(format!(
                                "pick an address inside a subnet of `{name}`, or add a subnet that contains `{address}`"
                            )),
                    );
                }
            }
        }
    }
}

/// How many entries of the network's `ipam.config` have a `subnet`.
fn written_subnets(network: &Value) -> usize {
    network
        .get("ipam")
        .and_then(|ipam| ipam.get("config"))
        .and_then(Value::as_sequence)
        .map(|config| config.iter().filter(|c| c.get("subnet").is_some()).count())
        .unwrap_or(0)
}
