use serde_json::Value;

use crate::compose::schema::closest;
use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::config;
use crate::prometheus::schema::{Event, walk};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a Prometheus setting that takes one of a fixed set of words
    /// written with another one: `metric_name_validation_scheme`,
    /// `scrape_protocols` (also a protocol listed twice),
    /// `fallback_scrape_protocol`, `remote_write[].protobuf_message`,
    /// `tracing.client_type`, `tracing.compression` and
    /// `storage.tsdb.chunk_encoding.floats` and `otlp.translation_strategy`;
    /// also a `storage.tsdb.retention.percentage` outside 0 to 100. The
    /// words are
    /// compared exactly, as Prometheus does: `prometheusproto` is not
    /// `PrometheusProto`.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the whole configuration (`unknown scrape protocol
    /// prometheusproto`), so it does not start, or keeps the old
    /// configuration on a reload.
    ///
    /// ## Example
    /// ```yaml
    /// # file: prometheus.yml
    /// global:
    ///   scrape_protocols: [OpenMetricsText1.0.0, prometheusproto]
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: prometheus.yml
    /// global:
    ///   scrape_protocols: [OpenMetricsText1.0.0, PrometheusProto]
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// ```
    pub(crate) struct PrometheusInvalidValue {
        name: "prometheus-invalid-value",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus setting has a value Prometheus does not know",
    }
}

impl Rule for PrometheusInvalidValue {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = config(file) else {
            return;
        };
        let percentage = "/storage/tsdb/retention/percentage";
        if let Some(value) = config.pointer(percentage).and_then(Value::as_f64)
            && !(0.0..=100.0).contains(&value)
        {
            cx.report(
                Finding::new(
                    Location::value(file.id, percentage),
                    format!("retention percentage `{value}` is outside 0 to 100"),
                )
                .help("give the share of the disk the TSDB may use, from 0 to 100")
                .note("Prometheus refuses the configuration: `'storage.tsdb.retention.percentage' must be in the range [0, 100]`"),
            );
        }
        for event in walk(config, file.kind) {
            let Event::Choice {
                pointer,
                value,
                choice,
                repeats,
            } = event
            else {
                continue;
            };
            let allowed = choice
                .values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let at = Location::value(file.id, pointer);
            let text = match value {
                // Unset: Prometheus takes the default.
                Value::Null => continue,
                Value::String(s) if s.is_empty() => continue,
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => {
                    cx.report(
                        Finding::new(at, format!("a {} must be a word", choice.name))
                            .help(format!("use one of {allowed}")),
                    );
                    continue;
                }
            };
            if !choice.values.contains(&text.as_str()) {
                let help = match closest(&text, choice.values.iter().copied()) {
                    Some(word) => format!("did you mean `{word}`? (the words are case-sensitive)"),
                    None => format!("use one of {allowed}"),
                };
                cx.report(
                    Finding::new(at, format!("`{text}` is not a {}", choice.name))
                        .help(help)
                        .note(format!(
                            "Prometheus refuses the configuration: `{}`",
                            choice.refusal
                        )),
                );
            } else if let Some(earlier) = repeats {
                cx.report(
                    Finding::new(at, format!("{} `{text}` is listed twice", choice.name))
                        .primary_label("listed again here")
                        .label(Location::value(file.id, earlier), "first listed here")
                        .help("remove the repeat")
                        .note("Prometheus refuses the configuration: `duplicated protocol in scrape_protocols`"),
                );
            }
        }
    }
}
