//! The short port syntax of a service's `ports`:
//! `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]`, parsed as
//! Docker parses it.

use std::net::IpAddr;
use std::ops::RangeInclusive;

/// A parsed short port mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PortSpec {
    /// The host address, without IPv6 brackets; `None` when not written.
    pub host_ip: Option<IpAddr>,
    /// The published host ports; `None` when Docker picks one.
    pub published: Option<RangeInclusive<u16>>,
    /// The container ports.
    pub target: RangeInclusive<u16>,
    /// `tcp` unless written.
    pub protocol: String,
}

const PROTOCOLS: &[&str] = &["tcp", "udp", "sctp"];

/// Parses a short port mapping, or says what is wrong with it.
pub(crate) fn parse(text: &str) -> Result<PortSpec, String> {
    // Docker compares the protocol in lower case: `80/TCP` is `80/tcp`.
    let (mapping, protocol) = match text.rsplit_once('/') {
        Some((mapping, written)) => {
            let protocol = written.to_ascii_lowercase();
            if !PROTOCOLS.contains(&protocol.as_str()) {
                return Err(format!(
                    "unknown protocol `{protocol}`: use `tcp`, `udp` or `sctp`"
                ));
            }
            (mapping, protocol)
        }
        None => (text, "tcp".to_string()),
    };
    let (host_ip, rest) = split_host_ip(mapping)?;
    let (published, target) = match rest.rsplit_once(':') {
        Some((published, target)) => (Some(published), target),
        None => (None, rest),
    };
    if let Some(address) = published.filter(|p| p.parse::<IpAddr>().is_ok()) {
        return Err(format!(
            "`{address}` is a host address, not a host port: write `{address}:{target}:{target}` to publish the port on that address only"
        ));
    }
    if host_ip.is_some() && published.is_none() {
        return Err("a host address needs a host port before the container port, even an empty one (`127.0.0.1::80`)".to_string());
    }
    let target = port_range(target, "container port", 1)?;
    // An empty or zero host port lets Docker pick one.
    let published = match published {
        None | Some("") => None,
        Some(text) => Some(port_range(text, "host port", 0)?),
    };
    if let Some(published) = &published {
        let host_len = published.end() - published.start();
        let target_len = target.end() - target.start();
        if target_len != 0 && host_len != target_len {
            return Err(format!(
                "the host range `{}-{}` and the container range `{}-{}` have different lengths",
                published.start(),
                published.end(),
                target.start(),
                target.end()
            ));
        }
    }
    Ok(PortSpec {
        host_ip,
        published,
        target,
        protocol,
    })
}

/// Splits off the host address: `[::1]:80:80`, `127.0.0.1:80:80`, or an
/// unbracketed IPv6 address before the last two parts.
fn split_host_ip(mapping: &str) -> Result<(Option<IpAddr>, &str), String> {
    if let Some(rest) = mapping.strip_prefix('[') {
        let Some((address, rest)) = rest.split_once(']') else {
            return Err("`[` opens an IPv6 address that `]` never closes".to_string());
        };
        let Some(rest) = rest.strip_prefix(':') else {
            return Err("the IPv6 address must be followed by `:` and the ports".to_string());
        };
        return Ok((Some(ip(address)?), rest));
    }
    let parts: Vec<&str> = mapping.split(':').collect();
    if parts.len() <= 2 {
        return Ok((None, mapping));
    }
    // The last two parts are the ports; everything before is the address.
    let cut = mapping.len() - parts[parts.len() - 2..].join(":").len() - 1;
    let address = &mapping[..cut];
    if address.is_empty() {
        // `:443:443`, typically `${BIND:-}:443:443` with the variable
        // unset: Docker binds every interface, as with no address.
        return Ok((None, &mapping[cut + 1..]));
    }
    Ok((Some(ip(address)?), &mapping[cut + 1..]))
}

fn ip(text: &str) -> Result<IpAddr, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not an IP address"))
}

fn port_range(text: &str, what: &str, lowest: u32) -> Result<RangeInclusive<u16>, String> {
    match text.split_once('-') {
        Some((start, end)) => {
            let start = port(start, what, lowest)?;
            let end = port(end, what, lowest)?;
            if end < start {
                return Err(format!("the {what} range `{text}` ends before it starts"));
            }
            Ok(start..=end)
        }
        None => {
            let port = port(text, what, lowest)?;
            Ok(port..=port)
        }
    }
}

fn port(text: &str, what: &str, lowest: u32) -> Result<u16, String> {
    if text.is_empty() {
        return Err(format!("the {what} is missing"));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("the {what} `{text}` is not a number"));
    }
    match text.parse::<u32>() {
        Ok(n) if (lowest..=65535).contains(&n) => Ok(n as u16),
        _ => Err(format!(
            "the {what} `{text}` is out of range: ports go from {lowest} to 65535"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> PortSpec {
        parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn accepts_the_forms_docker_accepts() {
        assert_eq!(ok("80").target, 80..=80);
        assert_eq!(ok("8080:80").published, Some(8080..=8080));
        assert_eq!(ok("8000-8010:8000-8010").target, 8000..=8010);
        assert_eq!(ok("9090-9091:8080").target, 8080..=8080);
        assert_eq!(ok("127.0.0.1::80").published, None);
        assert_eq!(ok(":80").published, None);
        assert_eq!(ok("0:80").published, Some(0..=0));
        assert_eq!(ok("127.0.0.1:8080:80/udp").protocol, "udp");
        assert_eq!(ok("8080:80/UDP").protocol, "udp");
        assert_eq!(ok("[::1]:8080:80").host_ip, "::1".parse().ok());
        assert_eq!(ok("::1:8080:80").host_ip, "::1".parse().ok());
        assert_eq!(ok("3000-3005").target, 3000..=3005);
        // An empty address (`${BIND:-}:443:443` unset) binds every interface.
        let all = ok(":443:443");
        assert_eq!((all.host_ip, all.published), (None, Some(443..=443)));
    }

    #[test]
    fn explains_what_is_wrong() {
        for (text, reason) in [
            ("99999:80", "out of range"),
            ("80:0", "out of range"),
            ("80:http", "not a number"),
            ("80:", "container port is missing"),
            ("80/tpc", "unknown protocol"),
            ("8000-8002:80-81", "different lengths"),
            ("8010-8000:80", "ends before it starts"),
            ("localhost:80:80", "not an IP address"),
            ("127.0.0.1:3001", "is a host address, not a host port"),
            ("", "container port is missing"),
            ("[::1:80:80", "never closes"),
        ] {
            let error = parse(text).expect_err(text);
            assert!(error.contains(reason), "{text}: {error}");
        }
    }
}
