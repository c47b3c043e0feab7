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
    /// What Compose says when it refuses a value `check` refuses, for a
    /// format Compose checks itself while it decodes the file.
    pub compose_error: Option<fn(&str) -> String>,
}

pub const FORMATS: &[Format] = &[
    Format {
        name: "duration",
        expected: "a duration is a number with a unit (`h`, `m`, `s`, `ms`, `us` or `ns`), and units can be combined: `1m30s`, `500ms`, `2h`",
        check: duration,
        compose_error: None,
    },
    Format {
        name: "ports",
        expected: "a port mapping is `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, e.g. `8080:80` or `127.0.0.1:9090:9090/tcp`; ranges are written `8000-8010`",
        check: ports,
        compose_error: None,
    },
    Format {
        name: "byte-size",
        expected: "a size is a number with an optional unit (`b`, `k`, `m`, `g`, `t`), e.g. `512m` or `1g`",
        check: byte_size,
        compose_error: None,
    },
    Format {
        name: "cidr",
        expected: "a subnet is an IP address and a prefix length, e.g. `172.28.0.0/16` or `fd00:db8::/64`",
        check: cidr,
        compose_error: None,
    },
    Format {
        name: "ip-address",
        expected: "expected an IPv4 or IPv6 address, e.g. `172.28.0.1`",
        check: ip_address,
        compose_error: None,
    },
    Format {
        name: "ipv4",
        expected: "expected an IPv4 address, e.g. `172.28.0.10`",
        check: ipv4,
        compose_error: None,
    },
    Format {
        name: "ipv6",
        expected: "expected an IPv6 address, e.g. `fd00:db8::10`",
        check: ipv6,
        compose_error: None,
    },
    Format {
        name: "extra-host",
        expected: "an extra host is `HOST=IP` or `HOST:IP`, e.g. `db=10.0.0.5` or `host.docker.internal:host-gateway`",
        check: extra_host,
        compose_error: Some(extra_host_error),
    },
    Format {
        name: "environment-variable",
        expected: "a variable is `NAME=VALUE`, or `NAME` to pass it from the shell, with no space before `=`",
        check: environment_variable,
        compose_error: Some(environment_variable_error),
    },
    Format {
        name: "volume",
        expected: "a mount is `SOURCE:TARGET[:MODE]`, or a container path alone for an anonymous volume, e.g. `./conf:/etc/app:ro` or `data:/var/lib/app`",
        check: volume,
        compose_error: Some(volume_error),
    },
    Format {
        name: "device",
        expected: "a device is `HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]]`, e.g. `/dev/ttyUSB0:/dev/ttyUSB0:rwm`; a path with a `:` needs the long syntax (`source`, `target`, `permissions`)",
        check: device,
        compose_error: Some(device_error),
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

/// An entry of the list form of `extra_hosts`, as compose-go splits it:
/// at the first `=`, else at the first `:` (so `host:::1` is `::1`).
/// Compose does not check the address itself.
fn split_extra_host(text: &str) -> Option<(&str, &str)> {
    text.split_once('=').or_else(|| text.split_once(':'))
}

fn extra_host(text: &str) -> Result<(), Option<String>> {
    match split_extra_host(text) {
        None => Err(Some(format!("`{text}` has no IP address"))),
        Some(("", _)) => Err(Some("the host name is empty".to_string())),
        Some(_) => Ok(()),
    }
}

fn extra_host_error(text: &str) -> String {
    match split_extra_host(text) {
        Some(("", _)) => "bad host name ''".to_string(),
        _ => format!("invalid additional host, missing IP: {text}"),
    }
}

/// An entry of the list form of `environment` or `build.args`: the name is
/// what comes before the first `=`, and compose-go refuses one that ends
/// with white space (`FOO =bar`); the mapping form allows it.
fn environment_variable(text: &str) -> Result<(), Option<String>> {
    let name = variable_name(text);
    if name.trim_end() == name {
        return Ok(());
    }
    Err(Some(format!(
        "the name `{name}` ends with white space, which Compose does not remove"
    )))
}

fn variable_name(text: &str) -> &str {
    text.split_once('=').map_or(text, |(name, _)| name)
}

fn environment_variable_error(text: &str) -> String {
    format!(
        "environment variable {} is declared with a trailing space",
        variable_name(text)
    )
}

/// What is wrong with a short-syntax mount, read as Compose's `ParseVolume`
/// reads it: at most three `:`-separated sections (`SOURCE:TARGET:MODE`),
/// none of them empty. A Windows drive letter (`C:`) and the colons of a
/// `${...}` stay inside their section; a spec of one or two characters is a
/// container path.
pub(crate) fn volume_problem(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return Some("invalid empty volume spec");
    }
    if text.len() <= 2 {
        return None;
    }
    // Most specs have at most three sections, none empty, and no `${`:
    // then gluing a drive letter could only make fewer of them.
    if !text.contains('$') && text.split(':').count() <= 3 && text.split(':').all(|s| !s.is_empty())
    {
        return None;
    }
    let mut sections = 0;
    let mut length = 0;
    let mut first = None;
    let mut depth = 0usize;
    let mut chars = text.chars().peekable();
    loop {
        let c = chars.next();
        match c {
            Some('$') if chars.peek() == Some(&'{') => depth += 1,
            Some('}') if depth > 0 => depth -= 1,
            Some(':') if length == 1 && first.is_some_and(char::is_alphabetic) => {}
            Some(':') | None if depth == 0 || c.is_none() => {
                if length == 0 {
                    return Some("empty section between colons");
                }
                sections += 1;
                if sections == 3 && c.is_some() {
                    return Some("too many colons");
                }
                c?;
                length = 0;
                first = None;
                continue;
            }
            _ => {}
        }
        if length == 0 {
            first = c;
        }
        length += 1;
    }
}

fn volume(text: &str) -> Result<(), Option<String>> {
    match volume_problem(text) {
        None => Ok(()),
        Some("invalid empty volume spec") => Err(Some("the mount is empty".to_string())),
        Some("too many colons") => Err(Some(format!(
            "`{text}` has more than three sections separated by `:`"
        ))),
        Some(_) => Err(Some(format!(
            "`{text}` has an empty section between two `:` (an empty variable, perhaps)"
        ))),
    }
}

fn volume_error(text: &str) -> String {
    match volume_problem(text) {
        Some("invalid empty volume spec") | None => "invalid empty volume spec".to_string(),
        Some(problem) => format!("invalid spec: {text}: {problem}"),
    }
}

/// The short syntax of `devices`: at most three `:`-separated parts.
fn device(text: &str) -> Result<(), Option<String>> {
    let parts = text.split(':').count();
    if parts <= 3 {
        return Ok(());
    }
    Err(Some(format!(
        "`{text}` has {parts} parts separated by `:`, and the short syntax has at most three"
    )))
}

fn device_error(text: &str) -> String {
    format!("confusing device mapping, please use long syntax: {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(format: &str, text: &str) -> bool {
        find(format).is_some_and(|f| (f.check)(text).is_ok())
    }

    #[test]
    fn mounts_are_read_as_compose_reads_them() {
        for good in [
            "/data",
            "data:/data",
            "./conf:/etc/app:ro,z",
            r"C:\data:/data",
            "c:",
            ":",
            "${DATA:-/srv/a:b}:/data",
            "~/x:/x:rw",
        ] {
            assert!(accepts("volume", good), "{good}");
        }
        for (bad, problem) in [
            ("", "invalid empty volume spec"),
            (":/b", "empty section between colons"),
            ("/a::/b", "empty section between colons"),
            ("/a:/b:", "empty section between colons"),
            ("a::", "empty section between colons"),
            ("/a:/b:ro:z", "too many colons"),
        ] {
            assert_eq!(volume_problem(bad), Some(problem), "{bad}");
            assert!(!accepts("volume", bad), "{bad}");
        }
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
    fn short_syntax_compose_decodes() {
        for text in [
            "a=1.2.3.4",
            "a:1.2.3.4",
            "h:::1",
            "h=[::1]",
            "h=::1",
            "host.docker.internal:host-gateway",
            "a=",
        ] {
            assert!(accepts("extra-host", text), "{text}");
        }
        for text in ["somehost", "=1.2.3.4", ""] {
            assert!(!accepts("extra-host", text), "{text}");
        }
        for text in ["FOO=bar", "FOO", " FOO=bar", "FOO= bar ", "FOO=a =b"] {
            assert!(accepts("environment-variable", text), "{text}");
        }
        for text in ["FOO =bar", "FOO ", "FOO\t=x"] {
            assert!(!accepts("environment-variable", text), "{text}");
        }
        for text in ["/dev/a", "/dev/a:/dev/b", "/dev/a:/dev/b:rwm", "/dev/a:rwm"] {
            assert!(accepts("device", text), "{text}");
        }
        assert!(!accepts("device", "/dev/a:/dev/b:/dev/c:rwm"));
        assert_eq!(
            environment_variable_error("FOO =bar"),
            "environment variable FOO  is declared with a trailing space"
        );
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
