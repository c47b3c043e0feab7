//! The Grafana stack's configurations a service reads, found through its
//! container view (see [`crate::view`]): Grafana's datasource and dashboard
//! provisioning, Promtail's configuration and Alloy's. Each names the URLs
//! its program dials, which must reach a service of the project, or the
//! directories it reads files from.

pub(crate) mod alloy;
pub(crate) mod dashboards;
pub(crate) mod datasources;
pub(crate) mod loki;
pub(crate) mod loki_keys;
pub(crate) mod promtail;
pub(crate) mod promtail_keys;

use std::ops::Range;

/// Where the host and port of an `http(s)://host[:port][/path]` URL are
/// written, as byte ranges of the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Authority {
    pub host: Range<usize>,
    /// The port as written; `None` when the scheme's default applies.
    pub port_text: Option<Range<usize>>,
    pub port: u16,
}

/// The host and port of an `http(s)://host[:port][/path]` URL; the port
/// defaults to the scheme's. `None` for other forms and for URLs with a
/// variable (`$VAR`, `${VAR}`, `$__env{VAR}`) or a template in them.
pub(crate) fn authority(url: &str) -> Option<Authority> {
    if url.contains(['$', '{', '}']) {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    let default = match scheme.to_ascii_lowercase().as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let start = scheme.len() + 3;
    let written = rest.split(['/', '?', '#']).next()?;
    let (start, written) = match written.rsplit_once('@') {
        Some((user, host)) => (start + user.len() + 1, host),
        None => (start, written),
    };
    if written.is_empty() {
        return None;
    }
    let end = start + written.len();
    let (host, port_text) = if let Some(v6) = written.strip_prefix('[') {
        let close = v6.find(']')?;
        let after = &v6[close + 1..];
        let host = start + 1..start + 1 + close;
        match after.strip_prefix(':') {
            Some(_) => (host, Some(start + close + 3..end)),
            None if after.is_empty() => (host, None),
            None => return None,
        }
    } else {
        match written.rfind(':') {
            Some(colon) => (start..start + colon, Some(start + colon + 1..end)),
            None => (start..end, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    let port = match &port_text {
        Some(range) => url.get(range.clone())?.parse().ok()?,
        None => default,
    };
    Some(Authority {
        host,
        port_text,
        port,
    })
}

#[cfg(test)]
mod tests {
    use super::authority;

    fn host_port(url: &str) -> Option<(&str, u16)> {
        let found = authority(url)?;
        Some((&url[found.host], found.port))
    }

    #[test]
    fn urls_give_host_and_port() {
        assert_eq!(
            host_port("http://prometheus:9090"),
            Some(("prometheus", 9090))
        );
        assert_eq!(host_port("http://loki:3100/api"), Some(("loki", 3100)));
        assert_eq!(
            host_port("https://grafana.example.com"),
            Some(("grafana.example.com", 443))
        );
        assert_eq!(host_port("http://user:pw@db:5432"), Some(("db", 5432)));
        assert_eq!(host_port("http://[::1]:9090"), Some(("::1", 9090)));
        assert_eq!(host_port("http://[::1]"), Some(("::1", 80)));
        assert_eq!(host_port("http://${PROM_HOST}:9090"), None);
        assert_eq!(host_port("http://$__env{HOST}:9090"), None);
        assert_eq!(host_port("prometheus:9090"), None);
        assert_eq!(host_port("http://:9090"), None);
        assert_eq!(host_port("http://loki:http"), None);
        let url = "http://loki:3100/loki/api/v1/push";
        let found = authority(url).unwrap_or_else(|| panic!("{url}"));
        assert_eq!(found.port_text.map(|r| &url[r]), Some("3100"));
    }
}
