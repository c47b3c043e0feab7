use serde_json::Value;

use super::global_of;
use crate::declare_rule;
use crate::location::Location;
use crate::model::InFile;
use crate::project::{FileKind, LoadedFile};
use crate::prometheus::{child, is_legacy_label_name, legacy};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a label name Prometheus refuses in `global.external_labels`
    /// and in the `labels` of `static_configs` and of `file_sd_configs`
    /// target files. An empty name is always refused; a name outside `[a-zA-Z_][a-zA-Z0-9_]*` (`http-port`,
    /// `1st`) is refused when `metric_name_validation_scheme: legacy`
    /// applies, as it did by default before Prometheus 3 (target files
    /// are only checked for empty names).
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the file with `"…" is not a valid label name`.
    ///
    /// ## Example
    /// ```yaml
    /// global:
    ///   metric_name_validation_scheme: legacy
    ///   external_labels:
    ///     cluster-name: prod
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// global:
    ///   metric_name_validation_scheme: legacy
    ///   external_labels:
    ///     cluster_name: prod
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// ```
    pub(crate) struct PrometheusInvalidLabelName {
        name: "prometheus-invalid-label-name",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus label name is invalid",
    }
}

fn check_labels(
    file: &LoadedFile,
    labels: Option<InFile<'_, &Value>>,
    legacy: bool,
    cx: &mut Context<'_>,
) {
    let pointer = labels.map(|l| l.pointer()).unwrap_or_default();
    let pointer = pointer.as_str();
    let labels = labels.map(|l| l.value);
    let Some(map) = labels.and_then(Value::as_object) else {
        return;
    };
    for name in map.keys() {
        let (message, help) = if name.is_empty() {
            (
                "label name is empty".to_string(),
                "give the label a name, or remove it",
            )
        } else if legacy && !is_legacy_label_name(name) {
            (
                format!("`{name}` is not a valid label name under legacy name validation"),
                "use letters, digits and underscores, not starting with a digit",
            )
        } else {
            continue;
        };
        cx.report(
            Finding::new(Location::key(file.id, child(pointer, name)), message)
                .help(help)
                .note("Prometheus refuses the file: `is not a valid label name`"),
        );
    }
}

impl Rule for PrometheusInvalidLabelName {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let stack = cx.stack();
        if file.kind == FileKind::PrometheusTargets {
            // Prometheus reads target files with its default validation
            // whatever the job says: only an empty name is refused
            // everywhere.
            for group in stack
                .target_file(file.id)
                .map(|t| t.groups.as_slice())
                .unwrap_or_default()
            {
                check_labels(file, group.labels, false, cx);
            }
            return;
        }
        let Some(config) = stack.prometheus_file(file.id) else {
            return;
        };
        let global_legacy = legacy(
            global_of(cx.project(), cx.stack(), file).map(|(_, g)| g),
            false,
        );
        check_labels(file, config.external_labels, global_legacy, cx);
        for scrape in &config.scrape_configs {
            let job_legacy = legacy(Some(scrape.entry.node()), global_legacy);
            for group in &scrape.static_configs {
                check_labels(file, group.labels, job_legacy, cx);
            }
        }
    }
}
