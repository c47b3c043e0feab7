//! The value formats the schema names, checked as Compose reads them, and
//! the explanation each failed check carries.

use std::net::IpAddr;

use crate::compose::{duration, port_spec};

/// A `format` of the schema that compose-lint checks itself.
#[derive(Clone, Copy, Debug)]
pub struct Format {
    pub name: &'static str,
    /// What the value should look like, for the message's help.
    pub expected: &'static str,
    /// The check: `Err` says what is wrong when there is more to say.
    pub check: fn(&str) -> Result<(), Option<String>>,
}

pub const FORMATS: &[Format] = &[
    Format {
        name: "duration",
        expected: "a duration is a number with a unit (`h`, `m`, `s`, `ms`, `us` or `ns`), and units can be combined: `1m30s`, `500ms`, `2h`",
        check: duration,
    },
    Format {
        name: "ports",
        expected: "a port mapping is `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, e.g. `8080:80` or `127.0.0.1:9090:9090/tcp`; ranges are written `8000-8010`",
        check: ports,
    },
    Format {
        name: "byte-size",
        expected: "a size is a number with an optional unit (`b`, `k`, `m`, `g`, `t`), e.g. `512m` or `1g`",
        check: byte_size,
    },
    Format {
        name: "cidr",
        expected: "a subnet is an IP address and a prefix length, e.g. `172.28.0.0/16` or `fd00:db8::/64`",
        check: cidr,
    },
    Format {
        name: "ip-address",
        expected: "expected an IPv4 or IPv6 address, e.g. `172.28.0.1`",
        check: ip_address,
    },
    Format {
        name: "ipv4",
        expected: "expected an IPv4 address, e.g. `172.28.0.10`",
        check: ipv4,
    },
    Format {
        name: "ipv6",
        expected: "expected an IPv6 address, e.g. `fd00:db8::10`",
        check: ipv6,
    },
];

/// The format named `name`.
pub fn find(name: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|f| f.name == name)
}

/// Go's `time.ParseDuration`: `[-+]` then `0`, or numbers each followed by
/// a unit.
fn duration(text: &str) -> Result<(), Option<String>> {
    duration::read(text).map(|_| ())
}

fn ports(text: &str) -> Result<(), Option<String>> {
    port_spec::parse(text).map(|_| ()).map_err(Some)
}

/// Docker's sizes (`go-units`): a decimal number, an optional space, an
/// optional unit letter, `i` and `b` (`512m`, `1GiB`, `100 kb`).
fn byte_size(text: &str) -> Result<(), Option<String>> {
    let digits = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number_ok = !number.is_empty()
        && !number.starts_with('.')
        && !number.ends_with('.')
        && !number.contains("..");
    if !number_ok {
        return Err(None);
    }
    let unit = unit.strip_prefix(' ').unwrap_or(unit).to_ascii_lowercase();
    let unit = unit
        .strip_prefix(['k', 'm', 'g', 't', 'p'])
        .unwrap_or(&unit);
    let unit = unit.strip_prefix('i').unwrap_or(unit);
    let unit = unit.strip_prefix('b').unwrap_or(unit);
    if unit.is_empty() { Ok(()) } else { Err(None) }
}

fn cidr(text: &str) -> Result<(), Option<String>> {
    let Some((address, prefix)) = text.split_once('/') else {
        return Err(Some("the prefix length (`/16`) is missing".to_string()));
    };
    let Ok(address) = address.parse::<IpAddr>() else {
        return Err(Some(format!("`{address}` is not an IP address")));
    };
    let max = if address.is_ipv4() { 32 } else { 128 };
    match prefix.parse::<u8>() {
        Ok(n) if n <= max && prefix.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        _ => Err(Some(format!(
            "the prefix length `{prefix}` must be a number from 0 to {max}"
        ))),
    }
}

fn ip_address(text: &str) -> Result<(), Option<String>> {
    text.parse::<IpAddr>().map(|_| ()).map_err(|_| None)
}

fn ipv4(text: &str) -> Result<(), Option<String>> {
    text.parse::<std::net::Ipv4Addr>()
        .map(|_| ())
        .map_err(|_| None)
}

fn ipv6(text: &str) -> Result<(), Option<String>> {
    text.parse::<std::net::Ipv6Addr>()
        .map(|_| ())
        .map_err(|_| None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(format: &str, text: &str) -> bool {
        find(format).is_some_and(|f| (f.check)(text).is_ok())
    }

    #[test]
    fn durations_are_go_durations() {
        for text in ["1m30s", "500ms", "0", "1.5h", "-1s", "10us", "2h45m"] {
            assert!(accepts("duration", text), "{text}");
        }
        for text in ["", "1", "1x", "m", "1m30", "1..5s", "30 s", "1d"] {
            assert!(!accepts("duration", text), "{text}");
        }
    }

    #[test]
    fn sizes_are_docker_sizes() {
        for text in ["512m", "1gb", "2.5G", "1024", "100 kb", "1GiB", "512M"] {
            assert!(accepts("byte-size", text), "{text}");
        }
        for text in ["", "m", "1x", "1.5.", "-1", "1 gigabyte", "12mbb"] {
            assert!(!accepts("byte-size", text), "{text}");
        }
    }

    #[test]
    fn subnets_and_addresses() {
        assert!(accepts("cidr", "172.28.0.0/16"));
        assert!(accepts("cidr", "fd00:db8::/64"));
        assert!(!accepts("cidr", "172.28.0.0"));
        assert!(!accepts("cidr", "172.28.0.0/33"));
        assert!(!accepts("cidr", "172.28.0/16"));
        assert!(accepts("ip-address", "::1"));
        assert!(!accepts("ip-address", "localhost"));
        assert!(accepts("ipv4", "10.0.0.1"));
        assert!(!accepts("ipv4", "::1"));
        assert!(accepts("ipv6", "::1"));
    }
}
