//! The static targets of a Prometheus configuration: scrape targets and
//! Alertmanager targets, with the JSON pointer each is written at.

use serde_json::Value;

/// What a target is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// A `scrape_configs[].static_configs[].targets` entry.
    Scrape,
    /// An `alerting.alertmanagers[].static_configs[].targets` entry.
    Alertmanager,
}

/// One static target as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    /// The pointer of the target string in the configuration.
    pub pointer: String,
    /// The pointer of the scrape config (or alertmanager config) it is in.
    pub config_pointer: String,
    pub text: String,
    /// The host, without IPv6 brackets.
    pub host: String,
    pub port: Option<u16>,
}

/// The static targets of a configuration document, in the order written.
pub fn targets(document: &Value) -> Vec<Target> {
    let mut found = Vec::new();
    let configs = document
        .get("scrape_configs")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (index, config) in configs.iter().enumerate() {
        collect(
            config,
            &format!("/scrape_configs/{index}"),
            TargetKind::Scrape,
            &mut found,
        );
    }
    let alertmanagers = document
        .get("alerting")
        .and_then(|a| a.get("alertmanagers"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (index, config) in alertmanagers.iter().enumerate() {
        collect(
            config,
            &format!("/alerting/alertmanagers/{index}"),
            TargetKind::Alertmanager,
            &mut found,
        );
    }
    found
}

fn collect(config: &Value, base: &str, kind: TargetKind, found: &mut Vec<Target>) {
    let groups = config
        .get("static_configs")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (group, entry) in groups.iter().enumerate() {
        let targets = entry
            .get("targets")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (index, target) in targets.iter().enumerate() {
            let Some(text) = target.as_str() else {
                continue;
            };
            let Some((host, port)) = split_host_port(text) else {
                continue;
            };
            found.push(Target {
                kind,
                pointer: format!("{base}/static_configs/{group}/targets/{index}"),
                config_pointer: base.to_string(),
                text: text.to_string(),
                host,
                port,
            });
        }
    }
}

/// `host:port`, `[::1]:9090` or `host`; `None` for text that is not a
/// plain address (a URL, a template, an empty string).
pub fn split_host_port(text: &str) -> Option<(String, Option<u16>)> {
    let text = text.trim();
    if text.is_empty() || text.contains("://") || text.contains('/') || text.contains('$') {
        return None;
    }
    if let Some(rest) = text.strip_prefix('[') {
        let (host, rest) = rest.split_once(']')?;
        let port = match rest.strip_prefix(':') {
            Some(port) => Some(port.parse().ok()?),
            None if rest.is_empty() => None,
            None => return None,
        };
        return Some((host.to_string(), port));
    }
    match text.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => {
            Some((host.to_string(), Some(port.parse().ok()?)))
        }
        Some(_) => None,
        None => Some((text.to_string(), None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::endpoints::is_loopback;

    #[test]
    fn addresses_split_into_host_and_port() {
        assert_eq!(
            split_host_port("api:8000"),
            Some(("api".to_string(), Some(8000)))
        );
        assert_eq!(
            split_host_port("[::1]:9090"),
            Some(("::1".to_string(), Some(9090)))
        );
        assert_eq!(split_host_port("api"), Some(("api".to_string(), None)));
        assert_eq!(split_host_port("http://api:8000"), None);
        assert_eq!(split_host_port("api:http"), None);
        assert!(is_loopback("127.0.0.1") && is_loopback("::1") && !is_loopback("api"));
    }
}
