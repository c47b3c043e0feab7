use std::net::IpAddr;

use crate::declare_rule;
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
    pub(crate) struct StaticIpOutsideSubnet {
        name: "static-ip-outside-subnet",
        family: Networks,
        severity: Error,
        summary: "a fixed address outside the subnets of its network",
    }
}

impl Rule for StaticIpOutsideSubnet {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        let stack = cx.stack();
        for service in &stack.services {
            for joined in &service.networks {
                let name = joined.network.value;
                let network = stack.network(name);
                // An undefined network is `undefined-network`'s, except the
                // implicit `default`, which has no configured subnet.
                if network.is_none() && name != "default" {
                    continue;
                }
                if network.is_some_and(|n| n.external) {
                    continue;
                }
                let custom_ipam = network.is_some_and(|n| n.custom_ipam);
                let subnets = network.map(|n| n.subnets.as_slice()).unwrap_or_default();
                // A subnet that does not parse is `invalid-value`'s; without
                // it the network's addresses are unknown.
                if network.is_some_and(|n| n.written_subnets != subnets.len()) {
                    continue;
                }
                for (written, ipv4) in [(&joined.ipv4_address, true), (&joined.ipv6_address, false)]
                {
                    let Some(written) = written else {
                        continue;
                    };
                    let Ok(address) = written.value.trim().parse::<IpAddr>() else {
                        continue;
                    };
                    if address.is_ipv4() != ipv4 {
                        continue;
                    }
                    let at = written.location();
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
                        if let Some(network) = network {
                            finding =
                                finding.label(network.key_location(), "no `ipam.config` subnet");
                        }
                        cx.report(finding);
                        continue;
                    }
                    let family: Vec<_> = subnets
                        .iter()
                        .filter(|s| s.value.address.is_ipv4() == address.is_ipv4())
                        .collect();
                    if family.iter().any(|s| s.value.contains(address)) {
                        continue;
                    }
                    let shown: Vec<String> =
                        family.iter().map(|s| format!("`{}`", s.value)).collect();
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
