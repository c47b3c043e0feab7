use serde_json::Value;

use super::global_of;
use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::duration;
use crate::rules::{Context, Finding, Rule};

/// Prometheus's default `scrape_interval`, in milliseconds.
const DEFAULT_INTERVAL: u64 = 60_000;

declare_rule! {
    /// ## What it does
    /// Reports a `scrape_timeout` longer than the `scrape_interval` it
    /// applies to: in `global`, or in a scrape config, whose interval is its
    /// own or else the global one (1m by default).
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the file with `scrape timeout greater than scrape
    /// interval`: a scrape must end before the next one starts.
    ///
    /// ## Example
    /// ```yaml
    /// global:
    ///   scrape_interval: 15s
    /// scrape_configs:
    ///   - job_name: slow-exporter
    ///     scrape_timeout: 30s
    ///     static_configs:
    ///       - targets: ["exporter:9100"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// global:
    ///   scrape_interval: 15s
    /// scrape_configs:
    ///   - job_name: slow-exporter
    ///     scrape_interval: 1m
    ///     scrape_timeout: 30s
    ///     static_configs:
    ///       - targets: ["exporter:9100"]
    /// ```
    pub(crate) struct ScrapeTimeoutExceedsInterval {
        name: "scrape-timeout-exceeds-interval",
        family: Prometheus,
        severity: Error,
        summary: "a scrape timeout is longer than its scrape interval",
    }
}

/// The duration at `key` of `object`, when it is set and valid.
fn duration_of(object: &Value, key: &str) -> Option<(u64, String)> {
    millis_of(object.get(key)?)
}

/// A duration written as a string or a number, when valid, in
/// milliseconds, with its text.
fn millis_of(value: &Value) -> Option<(u64, String)> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let millis = duration::parse(&text)?;
    Some((millis, text))
}

impl Rule for ScrapeTimeoutExceedsInterval {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(typed) = cx.stack().prometheus_file(file.id) else {
            return;
        };
        let global = global_of(cx.project(), cx.stack(), file);
        let global_file = global.map_or(file.id, |(id, _)| id);
        let global = global.map(|(_, g)| g);
        let global_interval = global.and_then(|g| duration_of(g, "scrape_interval"));
        let interval = global_interval
            .as_ref()
            .map_or(DEFAULT_INTERVAL, |(ms, _)| *ms);
        // A scrape config file's `global` is its configuration's, reported
        // there.
        if let Some((timeout, text)) = global.and_then(|g| duration_of(g, "scrape_timeout"))
            && global_file == file.id
            && timeout > interval
        {
            let mut finding = Finding::new(
                Location::value(file.id, "/global/scrape_timeout"),
                format!(
                    "global `scrape_timeout` `{text}` is longer than the global `scrape_interval`"
                ),
            )
            .help("make the timeout at most the interval, or scrape less often");
            finding = match &global_interval {
                Some((_, every)) => finding.label(
                    Location::value(file.id, "/global/scrape_interval"),
                    format!("scrapes every `{every}`"),
                ),
                None => {
                    finding.note("the global `scrape_interval` is not set: it defaults to `1m`")
                }
            };
            cx.report(finding.note(
                "Prometheus refuses the file: `global scrape timeout greater than scrape interval`",
            ));
        }
        for scrape in &typed.scrape_configs {
            let Some(written_timeout) = scrape.scrape_timeout else {
                continue;
            };
            let Some((timeout, text)) = millis_of(written_timeout.value) else {
                continue;
            };
            let own = scrape
                .scrape_interval
                .and_then(|i| Some((i, millis_of(i.value)?)));
            let job_interval = own.as_ref().map_or(interval, |(_, (ms, _))| *ms);
            if timeout <= job_interval {
                continue;
            }
            let name = scrape
                .job_name
                .as_ref()
                .and_then(|n| n.node().as_str())
                .unwrap_or("");
            let mut finding = Finding::new(
                written_timeout.location(),
                format!(
                    "`scrape_timeout` `{text}` of job `{name}` is longer than its `scrape_interval`"
                ),
            )
            .help(
                "make the timeout at most the interval, or give the job a longer `scrape_interval`",
            );
            finding = match (&own, &global_interval) {
                (Some((written, (_, every))), _) => {
                    finding.label(written.location(), format!("scrapes every `{every}`"))
                }
                (None, Some((_, every))) => finding.label(
                    Location::value(global_file, "/global/scrape_interval"),
                    format!("the job inherits this interval, `{every}`"),
                ),
                (None, None) => finding.note(
                    "neither the job nor `global` sets `scrape_interval`: it defaults to `1m`",
                ),
            };
            cx.report(finding.note(
                "Prometheus refuses the file: `scrape timeout greater than scrape interval`",
            ));
        }
    }
}
