use std::sync::LazyLock;

use serde_json::{Map, Value};

use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::schema::relabel_configs;
use crate::prometheus::{config, is_legacy_label_name, legacy_at, scalar_text};
use crate::rules::{Context, Finding, Rule};

/// The relabel actions Prometheus knows (it compares them lowercased).
const ACTIONS: [&str; 11] = [
    "replace",
    "keep",
    "drop",
    "keepequal",
    "dropequal",
    "hashmod",
    "labelmap",
    "labeldrop",
    "labelkeep",
    "lowercase",
    "uppercase",
];

declare_rule! {
    /// ## What it does
    /// Reports a relabel config (`relabel_configs`, `metric_relabel_configs`,
    /// `write_relabel_configs`, `alert_relabel_configs`) that Prometheus's
    /// validation refuses: an unknown `action`, a `regex` that does not
    /// compile, `replace`, `hashmod`, `lowercase`, `uppercase`, `keepequal`
    /// or `dropequal` without `target_label`, `hashmod` without `modulus`,
    /// a `replacement` on actions that ignore it, and fields other than
    /// `regex` on `labeldrop`/`labelkeep` (other than `source_labels` and
    /// `target_label` on `keepequal`/`dropequal`), and, under
    /// `metric_name_validation_scheme: legacy`, a `target_label` that is no
    /// legacy label name (`$1` and `${name}` allowed in a `replace`).
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the whole file (`relabel configuration for replace
    /// action requires 'target_label' value`, `error parsing regexp`, …), so
    /// a typo in one rule stops every scrape.
    ///
    /// ## Example
    /// ```yaml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    ///     relabel_configs:
    ///       - source_labels: [__address__]
    ///         regex: "([^:]+):.*"
    ///         replacement: "$1"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    ///     relabel_configs:
    ///       - source_labels: [__address__]
    ///         regex: "([^:]+):.*"
    ///         target_label: host
    ///         replacement: "$1"
    /// ```
    pub(crate) struct RelabelConfigInvalid {
        name: "relabel-config-invalid",
        family: Prometheus,
        severity: Error,
        summary: "a relabel config is refused by Prometheus's validation",
    }
}

/// True when `key` is written with a value other than Prometheus's default.
fn differs(rc: &Map<String, Value>, key: &str, default: &str) -> bool {
    match rc.get(key) {
        None | Some(Value::Null) => false,
        Some(value) => scalar_text(value).is_none_or(|t| t != default),
    }
}

impl Rule for RelabelConfigInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = config(file) else {
            return;
        };
        let global = super::global_of(cx.project(), cx.stack(), file).map(|(_, global)| global);
        for (pointer, rc) in relabel_configs(config, file.kind) {
            let legacy = legacy_at(config, global, &pointer);
            check(file, &pointer, rc, legacy, cx);
        }
    }
}

/// A `target_label` of a `replace` action under legacy names: label name
/// characters and `$1`/`${name}` references to the regex's groups.
static LEGACY_TARGET_TEMPLATE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$")
        .unwrap_or_else(|error| unreachable!("constant pattern: {error}"))
});

fn check(
    file: &LoadedFile,
    pointer: &str,
    rc: &Map<String, Value>,
    legacy: bool,
    cx: &mut Context<'_>,
) {
    let at = |key: &str| Location::value(file.id, format!("{pointer}/{key}"));
    let whole = Location::value(file.id, pointer.to_string());
    let note = "Prometheus refuses to load the file";
    let action = match rc.get("action") {
        None | Some(Value::Null) => "replace".to_string(),
        Some(value) => {
            let written = scalar_text(value).unwrap_or_default();
            let lower = written.to_ascii_lowercase();
            if !ACTIONS.contains(&lower.as_str()) {
                let suggestion = crate::compose::schema::closest(&lower, ACTIONS);
                let message = match suggestion {
                    Some(s) => format!("unknown relabel action `{written}`; did you mean `{s}`?"),
                    None => format!("unknown relabel action `{written}`"),
                };
                cx.report(
                    Finding::new(at("action"), message)
                        .help(format!(
                            "use one of {}",
                            ACTIONS.map(|a| format!("`{a}`")).join(", ")
                        ))
                        .note(note),
                );
                return;
            }
            lower
        }
    };
    if let Some(value) = rc.get("regex").filter(|v| !v.is_null())
        && let Some(pattern) = scalar_text(value)
        && let Some(reason) = crate::prometheus::go_regex_error(&pattern)
    {
        cx.report(
            Finding::new(at("regex"), format!("`regex` does not compile: {reason}"))
                .help("fix the regular expression; Prometheus anchors it at both ends and uses RE2 syntax")
                .note(note),
        );
    }
    let target = rc
        .get("target_label")
        .and_then(scalar_text)
        .unwrap_or_default();
    let needs_target = matches!(
        action.as_str(),
        "replace" | "hashmod" | "lowercase" | "uppercase" | "keepequal" | "dropequal"
    );
    if needs_target && target.is_empty() {
        cx.report(
            Finding::new(
                whole.clone(),
                format!("`{action}` relabel config has no `target_label`"),
            )
            .help("set `target_label` to the label the result is written to")
            .note(note),
        );
    }
    if needs_target && legacy && !target.is_empty() {
        let valid = if action == "replace" && target.contains('$') {
            LEGACY_TARGET_TEMPLATE.is_match(&target)
        } else {
            is_legacy_label_name(&target)
        };
        if !valid {
            cx.report(
                Finding::new(
                    at("target_label"),
                    format!("`{target}` is not a valid `target_label` under legacy name validation"),
                )
                .help("use letters, digits and underscores, not starting with a digit (and `$1` or `${name}` for the regex's groups in a `replace`)")
                .note("Prometheus refuses the file: `is invalid 'target_label'`"),
            );
        }
    }
    if action == "hashmod" {
        let modulus = rc.get("modulus").and_then(Value::as_u64).unwrap_or(0);
        if modulus == 0 {
            let location = if rc.contains_key("modulus") {
                at("modulus")
            } else {
                whole.clone()
            };
            cx.report(
                Finding::new(
                    location,
                    "`hashmod` relabel config needs a non-zero `modulus`",
                )
                .help("set `modulus` to the number of shards")
                .note(note),
            );
        }
    }
    if matches!(
        action.as_str(),
        "lowercase" | "uppercase" | "keepequal" | "dropequal"
    ) && differs(rc, "replacement", "$1")
    {
        cx.report(
            Finding::new(
                at("replacement"),
                format!("`replacement` cannot be set for the `{action}` action"),
            )
            .help("remove `replacement`")
            .note(note),
        );
    }
    let (forbidden, allowed): (&[(&str, &str)], &str) = match action.as_str() {
        "keepequal" | "dropequal" => (
            &[("regex", "(.*)"), ("modulus", "0"), ("separator", ";")],
            "`source_labels` and `target_label`",
        ),
        "labeldrop" | "labelkeep" => (
            &[
                ("source_labels", ""),
                ("target_label", ""),
                ("modulus", "0"),
                ("separator", ";"),
                ("replacement", "$1"),
            ],
            "`regex`",
        ),
        _ => (&[], ""),
    };
    for (key, default) in forbidden {
        let set = if *key == "source_labels" {
            rc.get(*key).is_some_and(|v| !v.is_null())
        } else {
            differs(rc, key, default)
        };
        if set {
            cx.report(
                Finding::new(
                    Location::key(file.id, format!("{pointer}/{key}")),
                    format!("`{key}` cannot be set for the `{action}` action"),
                )
                .help(format!(
                    "the `{action}` action takes only {allowed}: remove `{key}`"
                ))
                .note(note),
            );
        }
    }
}
