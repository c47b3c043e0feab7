use super::{Cidr, is_external, networks, subnets, used_networks};
use crate::declare_rule;
use crate::location::{Location, Part};
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
    pub struct OverlappingSubnets {
        name: "overlapping-subnets",
        family: Networks,
        severity: Error,
        summary: "two networks have overlapping subnets",
    }
}

impl Rule for OverlappingSubnets {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let used = used_networks(project);
        let mut seen: Vec<(String, String, Cidr)> = Vec::new();
        for network in networks(project) {
            if is_external(network.value) || !used.iter().any(|u| u == network.name) {
                continue;
            }
            let pointer = |index: usize| {
                network.pointer(
                    "networks",
                    &["ipam", "config", &index.to_string(), "subnet"],
                )
            };
            for (index, subnet) in subnets(network.value) {
                let earlier = seen
                    .iter()
                    .find(|(name, _, other)| name != network.name && other.overlaps(&subnet));
                if let Some((name, other_pointer, other)) = earlier {
                    cx.report(
                        Finding::new(
                            Location::model(pointer(index), Part::Value),
                            format!(
                                "subnet `{}/{}` of network `{}` overlaps subnet `{}/{}` of network `{name}`",
                                subnet.address, subnet.prefix, network.name, other.address, other.prefix
                            ),
                        )
                        .label(
                            Location::model(other_pointer.clone(), Part::Value),
                            format!("network `{name}`'s subnet"),
                        )
                        .note("Docker refuses to create the second network: `Pool overlaps with other one on this address space`")
                        .help("give each network an address block of its own"),
                    );
                }
                seen.push((network.name.to_string(), pointer(index), subnet));
            }
        }
    }
}
