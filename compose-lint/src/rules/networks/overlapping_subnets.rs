use crate::declare_rule;
use crate::model::{Cidr, Located};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a subnet in a network's `ipam.config` that overlaps a subnet
    /// of another network of the project (IPv4 or IPv6). Networks no service
    /// joins and external networks are not compared.
    ///
    /// ## Why is this bad?
    /// Docker refuses to create the second network: `Pool overlaps with
    /// other one on this address space`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     networks: [front, back]
    /// networks:
    ///   front:
    ///     ipam:
    ///       config:
    ///         - subnet: 172.28.0.0/16
    ///   back:
    ///     ipam:
    ///       config:
    ///         - subnet: 172.28.5.0/24
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     networks: [front, back]
    /// networks:
    ///   front:
    ///     ipam:
    ///       config:
    ///         - subnet: 172.28.0.0/16
    ///   back:
    ///     ipam:
    ///       config:
    ///         - subnet: 172.29.0.0/24
    /// ```
    pub(crate) struct OverlappingSubnets {
        name: "overlapping-subnets",
        family: Networks,
        severity: Error,
        summary: "two networks have overlapping subnets",
    }
}

impl Rule for OverlappingSubnets {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        let stack = cx.stack();
        let used = stack.used_networks();
        let mut seen: Vec<(&str, &Located<'_, Cidr>)> = Vec::new();
        for network in &stack.networks {
            if network.external || !used.contains(&network.name) {
                continue;
            }
            for subnet in &network.subnets {
                let earlier = seen.iter().find(|(name, other)| {
                    *name != network.name && other.value.overlaps(&subnet.value)
                });
                if let Some((name, other)) = earlier {
                    cx.report(
                        Finding::new(
                            subnet.location(),
                            format!(
                                "subnet `{}` of network `{}` overlaps subnet `{}` of network `{name}`",
                                subnet.value, network.name, other.value
                            ),
                        )
                        .label(other.location(), format!("network `{name}`'s subnet"))
                        .note("Docker refuses to create the second network: `Pool overlaps with other one on this address space`")
                        .help("give each network an address block of its own"),
                    );
                }
                seen.push((network.name, subnet));
            }
        }
    }
}
