use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::declare_rule;
use crate::location::Location;
use crate::project::{FileKind, LoadedFile};
use crate::prometheus::{config, duration};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `remote_write`, `remote_read` and `tracing` settings that
    /// Prometheus's validation refuses: a remote endpoint without `url`,
    /// two `remote_write` (or two `remote_read`) entries with the same
    /// `name`, a `headers` entry for a header Prometheus sets itself
    /// (`Authorization`, `Content-Type`, `X-Prometheus-Remote-Write-Version`…),
    /// and a `queue_config` whose bounds contradict each other (`min_shards`
    /// above `max_shards`, `max_backoff` below `min_backoff`, a zero
    /// `min_shards` or `max_samples_per_send`).
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the whole configuration (`url for remote_write is
    /// empty`, `remote write queue min_shards must not be greater than
    /// max_shards`, …): it does not start, or keeps the old configuration
    /// on a reload, and nothing is shipped to long-term storage.
    ///
    /// ## Example
    /// ```yaml
    /// # file: prometheus.yml
    /// remote_write:
    ///   - url: http://mimir:9009/api/v1/push
    ///     headers:
    ///       Authorization: Bearer s3cr3t
    ///     queue_config:
    ///       min_shards: 100
    ///       max_shards: 10
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: prometheus.yml
    /// remote_write:
    ///   - url: http://mimir:9009/api/v1/push
    ///     authorization:
    ///       credentials_file: /run/secrets/mimir-token
    ///     queue_config:
    ///       min_shards: 10
    ///       max_shards: 100
    /// ```
    pub(crate) struct RemoteStorageConfigInvalid {
        name: "remote-storage-config-invalid",
        family: Prometheus,
        severity: Error,
        summary: "a remote_write, remote_read or tracing setting Prometheus refuses",
    }
}

/// Headers Prometheus sets itself; `Authorization` has its own message.
const RESERVED_HEADERS: [&str; 16] = [
    "host",
    "content-encoding",
    "content-length",
    "content-type",
    "user-agent",
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "www-authenticate",
    "accept-encoding",
    "x-prometheus-remote-write-version",
    "x-prometheus-remote-read-version",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

impl Rule for RemoteStorageConfigInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        if file.kind != FileKind::Prometheus {
            return;
        }
        let Some(config) = config(file) else {
            return;
        };
        for section in ["remote_write", "remote_read"] {
            let Some(entries) = config.get(section).and_then(Value::as_array) else {
                continue;
            };
            let mut names: HashMap<&str, String> = HashMap::new();
            for (index, entry) in entries.iter().enumerate() {
                let pointer = format!("/{section}/{index}");
                let Some(entry) = entry.as_object() else {
                    continue;
                };
                check_url(file, &pointer, section, entry, cx);
                if let Some(name) = entry
                    .get("name")
                    .and_then(Value::as_str)
                    .filter(|n| !n.is_empty())
                {
                    let at = format!("{pointer}/name");
                    match names.get(name) {
                        Some(first) => cx.report(
                            Finding::new(
                                Location::value(file.id, at),
                                format!("two `{section}` entries are named `{name}`"),
                            )
                            .primary_label("named again here")
                            .label(Location::value(file.id, first.clone()), "first named here")
                            .help("give each endpoint its own name; the name labels its queue's metrics")
                            .note(format!(
                                "Prometheus refuses the configuration: `found multiple {} configs with job name \"{name}\"`",
                                section.replace('_', " ")
                            )),
                        ),
                        None => {
                            names.insert(name, at);
                        }
                    }
                }
                check_headers(file, &pointer, entry, false, cx);
                if section == "remote_write"
                    && let Some(queue) = entry.get("queue_config").and_then(Value::as_object)
                {
                    check_queue(file, &format!("{pointer}/queue_config"), queue, cx);
                }
            }
        }
        if let Some(tracing) = config.get("tracing").and_then(Value::as_object) {
            check_headers(file, "/tracing", tracing, true, cx);
        }
    }
}

fn check_url(
    file: &LoadedFile,
    pointer: &str,
    section: &str,
    entry: &Map<String, Value>,
    cx: &mut Context<'_>,
) {
    let empty = match entry.get("url") {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(_) => false,
    };
    if empty {
        let at = if entry.contains_key("url") {
            Location::key(file.id, format!("{pointer}/url"))
        } else {
            Location::value(file.id, pointer.to_string())
        };
        cx.report(
            Finding::new(at, format!("`{section}` entry has no `url`"))
                .help("set `url` to the endpoint, such as `http://mimir:9009/api/v1/push`")
                .note(format!(
                    "Prometheus refuses the configuration: `url for {section} is empty`"
                )),
        );
    }
}

fn check_headers(
    file: &LoadedFile,
    pointer: &str,
    entry: &Map<String, Value>,
    tracing: bool,
    cx: &mut Context<'_>,
) {
    let Some(headers) = entry.get("headers").and_then(Value::as_object) else {
        return;
    };
    for name in headers.keys() {
        let lower = name.to_ascii_lowercase();
        let at = Location::key(
            file.id,
            crate::prometheus::child(&format!("{pointer}/headers"), name),
        );
        if lower == "authorization" {
            let help = if tracing {
                "tracing does not support a custom `Authorization` header yet"
            } else {
                "authenticate with `authorization`, `basic_auth`, `oauth2`, `sigv4`, `azuread` or `google_iam` instead"
            };
            cx.report(
                Finding::new(at, "the `Authorization` header cannot be set in `headers`")
                    .help(help)
                    .note("Prometheus refuses the configuration"),
            );
        } else if RESERVED_HEADERS.contains(&lower.as_str()) {
            cx.report(
                Finding::new(at, format!("`{name}` is a header Prometheus sets itself"))
                    .help("remove it")
                    .note(format!(
                        "Prometheus refuses the configuration: `{name} is a reserved header. It must not be changed`"
                    )),
            );
        }
    }
}

/// An integer setting of the queue, when written as one.
fn integer(queue: &Map<String, Value>, key: &str) -> Option<i64> {
    queue.get(key).and_then(Value::as_i64)
}

fn check_queue(file: &LoadedFile, pointer: &str, queue: &Map<String, Value>, cx: &mut Context<'_>) {
    let at = |key: &str| Location::value(file.id, format!("{pointer}/{key}"));
    let note =
        |error: &str| format!("Prometheus refuses the configuration: `remote write queue {error}`");
    for (key, error) in [
        ("min_shards", "min_shards must be positive"),
        (
            "max_samples_per_send",
            "max_samples_per_send must be positive",
        ),
    ] {
        if integer(queue, key).is_some_and(|n| n <= 0) {
            cx.report(
                Finding::new(at(key), format!("`{key}` must be at least 1"))
                    .help(format!(
                        "remove `{key}` to keep the default, or set a positive number"
                    ))
                    .note(note(error)),
            );
        }
    }
    // Prometheus's defaults: 1 and 50 shards.
    let min = integer(queue, "min_shards").unwrap_or(1);
    let max = integer(queue, "max_shards").unwrap_or(50);
    if min > 0 && max > 0 && min > max {
        let key = if queue.contains_key("max_shards") {
            "max_shards"
        } else {
            "min_shards"
        };
        cx.report(
            Finding::new(
                at(key),
                format!("`min_shards` ({min}) is above `max_shards` ({max})"),
            )
            .help("swap them, or raise `max_shards`")
            .note(note("min_shards must not be greater than max_shards")),
        );
    }
    let backoff = |key: &str, default: u64| match queue.get(key) {
        Some(Value::String(text)) => duration::parse(text),
        None | Some(Value::Null) => Some(default),
        Some(_) => None,
    };
    // Prometheus's defaults: 30ms and 5s, in milliseconds.
    if let (Some(min), Some(max)) = (backoff("min_backoff", 30), backoff("max_backoff", 5_000))
        && max < min
    {
        let key = if queue.contains_key("max_backoff") {
            "max_backoff"
        } else {
            "min_backoff"
        };
        cx.report(
            Finding::new(at(key), "`max_backoff` is shorter than `min_backoff`")
                .help("make `max_backoff` at least as long as `min_backoff`")
                .note(note("max_backoff must not be less than min_backoff")),
        );
    }
}
