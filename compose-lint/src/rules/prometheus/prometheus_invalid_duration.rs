use serde_json::Value;

use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::schema::{Event, walk};
use crate::prometheus::{config, duration};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a duration Prometheus cannot parse in its configuration
    /// file: `scrape_interval`, `scrape_timeout`, `evaluation_interval`,
    /// `remote_timeout`, `refresh_interval`, queue backoffs, retention time
    /// and the other duration fields. Prometheus durations are integers with
    /// the units `y`, `w`, `d`, `h`, `m`, `s` and `ms`, largest first
    /// (`1m30s`); `0` needs no unit.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the whole file with `not a valid duration string`.
    /// Go's `1.5s`, `100us` or a bare number such as `15` look right but are
    /// not Prometheus durations.
    ///
    /// ## Example
    /// ```yaml
    /// global:
    ///   scrape_interval: 1.5m
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// global:
    ///   scrape_interval: 1m30s
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// ```
    pub(crate) struct PrometheusInvalidDuration {
        name: "prometheus-invalid-duration",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus duration cannot be parsed",
    }
}

impl Rule for PrometheusInvalidDuration {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = config(file) else {
            return;
        };
        for event in walk(config, file.kind) {
            let Event::Duration { pointer, value } = event else {
                continue;
            };
            let text = match value {
                // An unset value: Prometheus takes the default.
                Value::Null => continue,
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => {
                    cx.report(
                        Finding::new(
                            Location::value(file.id, pointer),
                            "duration must be a string such as `1m30s`",
                        )
                        .help("write the duration as an integer and a unit: `y`, `w`, `d`, `h`, `m`, `s` or `ms`"),
                    );
                    continue;
                }
            };
            if duration::parse(&text).is_some() {
                continue;
            }
            let mut finding = Finding::new(
                Location::value(file.id, pointer),
                format!("`{text}` is not a valid Prometheus duration"),
            )
            .help("write integers with the units `y`, `w`, `d`, `h`, `m`, `s` or `ms`, largest first, such as `1m30s`");
            if text.bytes().all(|b| b.is_ascii_digit()) {
                finding = finding.note("a number without a unit is not a duration, except `0`");
            } else if text.contains('.') {
                finding = finding
                    .note("Prometheus durations have no fractions: write `1m30s` for `1.5m`");
            } else if text.ends_with("us") || text.ends_with("ns") || text.ends_with("µs") {
                finding = finding.note("the smallest Prometheus unit is `ms`");
            }
            cx.report(finding);
        }
    }
}
