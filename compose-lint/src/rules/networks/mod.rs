//! Rules about the networks of a project: which exist, their subnets and
//! the addresses services take on them.

pub mod overlapping_subnets;
pub mod static_ip_outside_subnet;
pub mod undefined_network;

use std::net::IpAddr;

use crate::compose::model::{Element, elements};
use crate::compose::value::Value;
use crate::project::Project;

/// An address block: `172.20.0.0/16`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cidr {
    pub(crate) address: IpAddr,
    pub(crate) prefix: u8,
}

impl Cidr {
    pub(crate) fn parse(text: &str) -> Option<Cidr> {
        let (address, prefix) = text.trim().split_once('/')?;
        let address: IpAddr = address.parse().ok()?;
        let prefix: u8 = prefix.parse().ok()?;
        let bits = if address.is_ipv4() { 32 } else { 128 };
        (prefix <= bits).then_some(Cidr { address, prefix })
    }

    /// The address as a 128-bit number and the number of address bits.
    fn bits(address: IpAddr) -> (u128, u8) {
        match address {
            IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
            IpAddr::V6(a) => (u128::from(a), 128),
        }
    }

    /// True when `address` is inside the block.
    pub(crate) fn contains(&self, address: IpAddr) -> bool {
        self.address.is_ipv4() == address.is_ipv4()
            && same_prefix(self.address, address, self.prefix)
    }

    /// True when the two blocks share an address.
    pub(crate) fn overlaps(&self, other: &Cidr) -> bool {
        self.address.is_ipv4() == other.address.is_ipv4()
            && same_prefix(self.address, other.address, self.prefix.min(other.prefix))
    }
}

/// True when the first `prefix` bits of `a` and `b` (of one family) agree.
fn same_prefix(a: IpAddr, b: IpAddr, prefix: u8) -> bool {
    let (a, width) = Cidr::bits(a);
    let (b, _) = Cidr::bits(b);
    if prefix == 0 {
        return true;
    }
    let shift = u32::from(width - prefix.min(width));
    (a >> shift) == (b >> shift)
}

/// The subnets of a network's `ipam.config`, with their index in the list.
pub(crate) fn subnets(network: &Value) -> Vec<(usize, Cidr)> {
    let Some(config) = network
        .get("ipam")
        .and_then(|ipam| ipam.get("config"))
        .and_then(Value::as_sequence)
    else {
        return Vec::new();
    };
    config
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| Some((i, Cidr::parse(entry.get("subnet")?.as_str()?)?)))
        .collect()
}

/// True for a network the project does not create.
pub(crate) fn is_external(network: &Value) -> bool {
    match network.get("external") {
        Some(external) => external.as_bool() != Some(false) && !external.is_null(),
        None => false,
    }
}

/// The networks the project's services join: the ones they name, and
/// `default` when a service names none and has no `network_mode`.
pub(crate) fn used_networks(project: &Project) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    for service in elements(project, "services") {
        match service.value.get("networks").and_then(Value::as_mapping) {
            Some(networks) if !networks.is_empty() => {
                used.extend(networks.keys().cloned());
            }
            _ => {
                if service.value.get("network_mode").is_none() {
                    used.push("default".to_string());
                }
            }
        }
    }
    used
}

/// The top-level networks, in written order.
pub(crate) fn networks(project: &Project) -> Vec<Element<'_>> {
    elements(project, "networks")
}

#[cfg(test)]
mod tests {
    use super::Cidr;

    fn cidr(text: &str) -> Cidr {
        Cidr::parse(text).unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn overlaps_and_contains() {
        assert!(cidr("172.20.0.0/16").overlaps(&cidr("172.20.5.0/24")));
        assert!(!cidr("172.20.0.0/16").overlaps(&cidr("172.21.0.0/16")));
        assert!(cidr("fd00::/64").overlaps(&cidr("fd00::1/128")));
        assert!(!cidr("fd00::/64").overlaps(&cidr("fd00:0:0:1::/64")));
        assert!(!cidr("10.0.0.0/8").overlaps(&cidr("::/0")));
        assert!(cidr("0.0.0.0/0").overlaps(&cidr("10.0.0.0/8")));
        assert!(cidr("10.1.0.0/16").contains("10.1.2.3".parse().unwrap_or_else(|e| panic!("{e}"))));
        assert!(
            !cidr("10.1.0.0/16").contains("10.2.0.1".parse().unwrap_or_else(|e| panic!("{e}")))
        );
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert!(Cidr::parse("10.0.0.0").is_none());
    }
}
