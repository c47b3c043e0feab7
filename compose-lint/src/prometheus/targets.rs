//! The static targets of a Prometheus configuration: scrape targets and
//! Alertmanager targets, with the JSON pointer each is written at.

use serde_json::Value;

/// What a target is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TargetKind {
    /// A `scrape_configs[].static_configs[].targets` entry.
    Scrape,
    /// An `alerting.alertmanagers[].static_configs[].targets` entry.
    Alertmanager,
}

/// One static target as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    pub kind: TargetKind,
    /// The pointer of the target string in the file it is written in.
    pub pointer: String,
    /// The pointer of the scrape config (or alertmanager config) it belongs
    /// to; for a target of a `file_sd_configs` file, in the file that lists
    /// it.
    pub config_pointer: String,
    pub text: String,
    /// The host, without IPv6 brackets.
    pub host: String,
    pub port: Option<u16>,
}

/// The static targets of a configuration document, in the order written.
pub(crate) fn targets(document: &Value) -> Vec<Target> {
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

/// The targets of a `file_sd_configs` file (a list of `{targets, labels}`
/// groups), for the scrape config at `job` (a pointer in another file).
pub(crate) fn file_sd_targets(document: &Value, job: &str) -> Vec<Target> {
    let mut found = Vec::new();
    for (group, entry) in document.as_array().into_iter().flatten().enumerate() {
        let targets = entry.get("targets").and_then(Value::as_array);
        for (index, target) in targets.into_iter().flatten().enumerate() {
            let Some(text) = target.as_str() else {
                continue;
            };
            let Some((host, port)) = split_host_port(text) else {
                continue;
            };
            found.push(Target {
                kind: TargetKind::Scrape,
                pointer: format!("/{group}/targets/{index}"),
                config_pointer: job.to_string(),
                text: text.to_string(),
                host,
                port,
            });
        }
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

/// True when a relabel config of `job` may rewrite the target address.
pub(crate) fn rewrites_address(job: &Value) -> bool {
    job.get("relabel_configs")
        .and_then(Value::as_array)
        .is_some_and(|list| {
            list.iter().any(|rc| {
                let target = rc.get("target_label").and_then(Value::as_str);
                let action = rc
                    .get("action")
                    .and_then(Value::as_str)
                    .map(str::to_ascii_lowercase);
                target.is_some_and(|t| t == "__address__" || t.contains('$'))
                    || action.as_deref() == Some("labelmap")
            })
        })
}

/// `host:port`, `[::1]:9090` or `host`; `None` for text that is not a
/// plain address (a URL, a template, an empty string).
pub(crate) fn split_host_port(text: &str) -> Option<(String, Option<u16>)> {
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
    }
}
