use serde_json::Value;

use crate::declare_rule;
use crate::location::Location;
use crate::project::{FileKind, LoadedFile};
use crate::prometheus::child;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `file_sd_configs` target file that is not a list of target
    /// groups the way Prometheus reads it: each group a mapping with
    /// `targets` (a list of `host:port` strings) and `labels` (a mapping of
    /// label names to strings), and nothing else. In a `.json` file numbers
    /// and booleans are not strings.
    ///
    /// ## Why is this bad?
    /// Prometheus cannot read the file: it logs `Error reading file`, keeps
    /// the targets it had (none, after a restart), and the job scrapes
    /// nothing. In a YAML file an unknown key is refused too; in a JSON file
    /// it is ignored, so a misspelt `target` leaves the group empty.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus:/etc/prometheus:ro
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    /// # file: prometheus/prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     file_sd_configs:
    ///       - files: [targets/*.yml]
    /// # file: prometheus/targets/api.yml
    /// - targets: api:8000
    ///   labels:
    ///     team: backend
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus:/etc/prometheus:ro
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    /// # file: prometheus/prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     file_sd_configs:
    ///       - files: [targets/*.yml]
    /// # file: prometheus/targets/api.yml
    /// - targets: ["api:8000"]
    ///   labels:
    ///     team: backend
    /// ```
    pub(crate) struct FileSdTargetsInvalid {
        name: "file-sd-targets-invalid",
        family: Prometheus,
        severity: Error,
        summary: "a `file_sd_configs` target file is not a list of target groups",
    }
}

const REFUSED: &str = "Prometheus cannot read the file and scrapes none of its targets";

/// Which reader Prometheus uses for the file: JSON or YAML, by extension.
fn is_json(file: &LoadedFile) -> bool {
    file.source
        .path()
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
}

/// True for a value Prometheus reads as a string: any scalar in YAML, only
/// a string (or null) in JSON.
fn reads_as_string(value: &Value, json: bool) -> bool {
    match value {
        Value::String(_) | Value::Null => true,
        Value::Number(_) | Value::Bool(_) => !json,
        Value::Array(_) | Value::Object(_) => false,
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

impl Rule for FileSdTargetsInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        if file.kind != FileKind::PrometheusTargets || !file.yaml.is_clean() {
            return;
        }
        let Some(document) = file.yaml.documents.first() else {
            return;
        };
        let json = is_json(file);
        let groups = match document.value() {
            Value::Array(groups) => groups,
            // An empty YAML file: no targets, no error.
            Value::Null => return,
            other => {
                cx.report(
                    Finding::new(
                        Location::value(file.id, ""),
                        format!(
                            "a target file holds a list of target groups, not {}",
                            kind_of(other)
                        ),
                    )
                    .help("write a list: `- targets: [\"host:port\"]`")
                    .note(REFUSED),
                );
                return;
            }
        };
        for (g, group) in groups.iter().enumerate() {
            let pointer = format!("/{g}");
            let Some(map) = group.as_object() else {
                cx.report(
                    Finding::new(
                        Location::value(file.id, pointer),
                        format!(
                            "a target group is a mapping with `targets` and `labels`, not {}",
                            kind_of(group)
                        ),
                    )
                    .note(REFUSED),
                );
                continue;
            };
            for (key, value) in map {
                let at = child(&pointer, key);
                match key.as_str() {
                    "targets" => check_targets(file, &at, value, json, cx),
                    "labels" => check_labels(file, &at, value, json, cx),
                    _ if json => cx.report(
                        Finding::new(
                            Location::key(file.id, at),
                            format!("unknown key `{key}` in a target group"),
                        )
                        .help("a target group has only `targets` and `labels`")
                        .note("Prometheus ignores the key in a JSON file"),
                    ),
                    _ => cx.report(
                        Finding::new(
                            Location::key(file.id, at),
                            format!("unknown key `{key}` in a target group"),
                        )
                        .help("a target group has only `targets` and `labels`")
                        .note(REFUSED),
                    ),
                }
            }
        }
    }
}

fn check_targets(
    file: &LoadedFile,
    pointer: &str,
    value: &Value,
    json: bool,
    cx: &mut Context<'_>,
) {
    let items = match value {
        Value::Array(items) => items,
        Value::Null => return,
        other => {
            cx.report(
                Finding::new(
                    Location::value(file.id, pointer),
                    format!(
                        "`targets` must be a list of `host:port` strings, not {}",
                        kind_of(other)
                    ),
                )
                .help("write the targets as a list: `targets: [\"host:port\"]`")
                .note(REFUSED),
            );
            return;
        }
    };
    for (i, item) in items.iter().enumerate() {
        if reads_as_string(item, json) {
            continue;
        }
        cx.report(
            Finding::new(
                Location::value(file.id, format!("{pointer}/{i}")),
                format!(
                    "a target must be a `host:port` string, not {}",
                    kind_of(item)
                ),
            )
            .help("quote the target: `\"host:port\"`")
            .note(REFUSED),
        );
    }
}

fn check_labels(file: &LoadedFile, pointer: &str, value: &Value, json: bool, cx: &mut Context<'_>) {
    let map = match value {
        Value::Object(map) => map,
        Value::Null => return,
        other => {
            cx.report(
                Finding::new(
                    Location::value(file.id, pointer),
                    format!(
                        "`labels` must be a mapping of label names to values, not {}",
                        kind_of(other)
                    ),
                )
                .help("write the labels as a mapping: `labels: {env: prod}`")
                .note(REFUSED),
            );
            return;
        }
    };
    for (name, label) in map {
        if reads_as_string(label, json) {
            continue;
        }
        cx.report(
            Finding::new(
                Location::value(file.id, child(pointer, name)),
                format!("label `{name}` must be a string, not {}", kind_of(label)),
            )
            .help("quote the value")
            .note(REFUSED),
        );
    }
}
