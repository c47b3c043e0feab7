//! Networks: the top-level ones and a service's attachments to them.

use std::net::IpAddr;

use super::{At, External, Located};
use crate::compose::model::Element;
use crate::compose::value::Value;
use crate::location::{Location, Part};

/// A top-level network of the project.
#[derive(Clone, Debug)]
pub struct Network<'a> {
    pub name: &'a str,
    pub node: &'a Value,
    /// True for a network the project does not create (`external: true`,
    /// or any value but `false`).
    pub external: bool,
    /// `external`, when `true` or the legacy mapping.
    pub external_form: Option<External<'a>>,
    /// `name`, when written as a string: the network's name on the engine.
    pub written_name: Option<&'a str>,
    /// `ipam.driver`, when it is not the default one.
    pub custom_ipam: bool,
    /// The `ipam.config` subnets that parse, each at its `subnet` key.
    pub subnets: Vec<Located<'a, Cidr>>,
    /// How many `ipam.config` entries have a `subnet`, parsed or not.
    pub written_subnets: usize,
    at: At<'a>,
}

impl<'a> Network<'a> {
    pub(crate) fn of(element: Element<'a>) -> Self {
        let node = element.value;
        let at = At::entry("networks", element.name, element.value);
        let config = node
            .get("ipam")
            .and_then(|ipam| ipam.get("config"))
            .and_then(Value::as_sequence);
        let subnets = config
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(index, entry)| {
                let subnet = entry.get("subnet")?;
                let cidr = Cidr::parse(subnet.as_str()?)?;
                Some(Located::new(
                    cidr,
                    subnet,
                    at.key("ipam").key("config").index(index).key("subnet"),
                ))
            })
            .collect();
        let written_subnets = config
            .into_iter()
            .flatten()
            .filter(|entry| entry.get("subnet").is_some())
            .count();
        Self {
            name: element.name,
            node,
            external: node
                .get("external")
                .is_some_and(|e| e.as_bool() != Some(false) && !e.is_null()),
            external_form: External::of(node),
            written_name: node.get("name").and_then(Value::as_str),
            custom_ipam: node
                .get("ipam")
                .and_then(|ipam| ipam.get("driver"))
                .and_then(Value::as_str)
                .is_some_and(|d| !d.is_empty() && d != "default"),
            subnets,
            written_subnets,
            at,
        }
    }

    /// Where the network's name is written.
    pub fn key_location(&self) -> Location {
        Location::model(self.at.pointer(), Part::Key)
    }
}

/// A service's entry under its `networks`.
#[derive(Clone, Debug)]
pub struct NetworkAttachment<'a> {
    /// The network's name, at its key.
    pub network: Located<'a, &'a str>,
    pub ipv4_address: Option<Located<'a, &'a str>>,
    pub ipv6_address: Option<Located<'a, &'a str>>,
}

impl<'a> NetworkAttachment<'a> {
    pub(crate) fn all(service: &'a Value, at: At<'a>) -> Vec<Self> {
        let Some(joined) = service.get("networks").and_then(Value::as_mapping) else {
            return Vec::new();
        };
        joined
            .iter()
            .map(|(name, settings)| {
                let at = at.key("networks").key(name);
                let address = |key: &'static str| {
                    let value = settings.get(key)?;
                    Some(Located::new(value.as_str()?, value, at.key(key)))
                };
                Self {
                    network: Located::new(name.as_str(), settings, at),
                    ipv4_address: address("ipv4_address"),
                    ipv6_address: address("ipv6_address"),
                }
            })
            .collect()
    }
}

/// An address block: `172.20.0.0/16`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub address: IpAddr,
    pub prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Cidr> {
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
    pub fn contains(&self, address: IpAddr) -> bool {
        self.address.is_ipv4() == address.is_ipv4()
            && same_prefix(self.address, address, self.prefix)
    }

    /// True when the two blocks share an address.
    pub fn overlaps(&self, other: &Cidr) -> bool {
        self.address.is_ipv4() == other.address.is_ipv4()
            && same_prefix(self.address, other.address, self.prefix.min(other.prefix))
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
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
