use serde_json::{Map, Value};

use crate::compose::schema::closest;
use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::{duration, group_rules, rule_file, rule_groups};
use crate::rules::{Context, Finding, Rule};

/// The keys of a rule group and of a rule, as the Prometheus rule file
/// reference lists them
/// (<https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/>).
const GROUP_KEYS: [&str; 6] = [
    "name",
    "interval",
    "query_offset",
    "limit",
    "rules",
    "labels",
];
const RULE_KEYS: [&str; 7] = [
    "record",
    "alert",
    "expr",
    "for",
    "keep_firing_for",
    "labels",
    "annotations",
];

declare_rule! {
    /// ## What it does
    /// Reports a Prometheus rule file (one named by `rule_files`) that
    /// Prometheus refuses: keys it does not know, a group without `name`, a
    /// rule with both or neither of `record` and `alert`, a rule without
    /// `expr`, `for`, `keep_firing_for` or `annotations` on a recording
    /// rule, and durations (`for`, `interval`) it cannot parse.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses to load the configuration when one of its rule
    /// files is invalid, so no rule of any file is evaluated.
    ///
    /// ## Example
    /// ```yaml
    /// # file: prometheus.yml
    /// rule_files:
    ///   - alerts.yml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// # file: alerts.yml
    /// groups:
    ///   - name: node
    ///     rules:
    ///       - alert: NodeDown
    ///         expression: up{job="node"} == 0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: prometheus.yml
    /// rule_files:
    ///   - alerts.yml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// # file: alerts.yml
    /// groups:
    ///   - name: node
    ///     rules:
    ///       - alert: NodeDown
    ///         expr: up{job="node"} == 0
    /// ```
    pub(crate) struct PrometheusRuleInvalid {
        name: "prometheus-rule-invalid",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus rule file has a structure Prometheus refuses",
    }
}

const NOTE: &str = "Prometheus refuses to load the configuration when a rule file is invalid";

fn unknown_keys(
    file: &LoadedFile,
    pointer: &str,
    map: &Map<String, Value>,
    known: &[&str],
    what: &str,
    cx: &mut Context<'_>,
) {
    for key in map.keys() {
        if known.contains(&key.as_str()) {
            continue;
        }
        let suggestion = closest(key, known.iter().copied());
        let message = match suggestion {
            Some(s) => format!("unknown key `{key}` in {what}; did you mean `{s}`?"),
            None => format!("unknown key `{key}` in {what}"),
        };
        cx.report(
            Finding::new(
                Location::key(file.id, crate::prometheus::child(pointer, key)),
                message,
            )
            .help(match suggestion {
                Some(s) => format!("rename it to `{s}`"),
                None => format!("remove it; {what} accepts {}", known.join(", ")),
            })
            .note(NOTE),
        );
    }
}

fn check_duration(
    file: &LoadedFile,
    pointer: &str,
    map: &Map<String, Value>,
    key: &str,
    cx: &mut Context<'_>,
) {
    let text = match map.get(key) {
        None | Some(Value::Null) => return,
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => String::new(),
    };
    if duration::parse(&text).is_none() {
        cx.report(
            Finding::new(
                Location::value(file.id, format!("{pointer}/{key}")),
                format!("`{key}` `{text}` is not a valid Prometheus duration"),
            )
            .help("write integers with the units `y`, `w`, `d`, `h`, `m`, `s` or `ms`, largest first, such as `5m`")
            .note(NOTE),
        );
    }
}

fn is_set(map: &Map<String, Value>, key: &str) -> bool {
    match map.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

impl Rule for PrometheusRuleInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(content) = rule_file(file) else {
            return;
        };
        let Some(top) = content.as_object() else {
            if !content.is_null() {
                cx.report(
                    Finding::new(
                        Location::value(file.id, ""),
                        "rule file must be a mapping with `groups`",
                    )
                    .help("write `groups:` with a list of rule groups")
                    .note(NOTE),
                );
            }
            return;
        };
        unknown_keys(file, "", top, &["groups"], "the rule file", cx);
        if let Some(groups) = top.get("groups")
            && !groups.is_null()
            && !groups.is_array()
        {
            cx.report(
                Finding::new(
                    Location::value(file.id, "/groups"),
                    "`groups` must be a list",
                )
                .help("write each group as a list item: `- name: …`")
                .note(NOTE),
            );
        }
        for (pointer, group) in rule_groups(content) {
            unknown_keys(file, &pointer, group, &GROUP_KEYS, "a rule group", cx);
            if !is_set(group, "name") {
                cx.report(
                    Finding::new(
                        Location::value(file.id, pointer.clone()),
                        "rule group has no `name`",
                    )
                    .help("give the group a `name`, unique in the file")
                    .note(NOTE),
                );
            }
            check_duration(file, &pointer, group, "interval", cx);
            check_duration(file, &pointer, group, "query_offset", cx);
            for (rule_pointer, rule) in group_rules(&pointer, group) {
                check_rule(file, &rule_pointer, rule, cx);
            }
        }
    }
}

fn check_rule(file: &LoadedFile, pointer: &str, rule: &Map<String, Value>, cx: &mut Context<'_>) {
    unknown_keys(file, pointer, rule, &RULE_KEYS, "a rule", cx);
    let whole = Location::value(file.id, pointer.to_string());
    let record = is_set(rule, "record");
    let alert = is_set(rule, "alert");
    match (record, alert) {
        (true, true) => cx.report(
            Finding::new(whole.clone(), "rule sets both `record` and `alert`")
                .help("a rule is either a recording rule (`record`) or an alerting rule (`alert`): split it in two")
                .note(NOTE),
        ),
        (false, false) => cx.report(
            Finding::new(whole.clone(), "rule sets neither `record` nor `alert`")
                .help("name the series it records with `record`, or the alert with `alert`")
                .note(NOTE),
        ),
        _ => {}
    }
    if !is_set(rule, "expr") {
        cx.report(
            Finding::new(whole, "rule has no `expr`")
                .help("set `expr` to the PromQL expression the rule evaluates")
                .note(NOTE),
        );
    }
    if record && !alert {
        for key in ["for", "keep_firing_for", "annotations"] {
            if rule.contains_key(key) {
                cx.report(
                    Finding::new(
                        Location::key(file.id, format!("{pointer}/{key}")),
                        format!("`{key}` is not allowed in a recording rule"),
                    )
                    .help(format!(
                        "remove `{key}`, or make the rule an alerting rule with `alert`"
                    ))
                    .note(NOTE),
                );
            }
        }
        if let Some(name) = rule.get("record").and_then(Value::as_str)
            && name.contains(['{', '}'])
        {
            cx.report(
                Finding::new(
                    Location::value(file.id, format!("{pointer}/record")),
                    format!("recording rule name `{name}` has braces"),
                )
                .help("the name is a metric name: move the label matchers into `expr`")
                .note(NOTE),
            );
        }
    }
    check_duration(file, pointer, rule, "for", cx);
    check_duration(file, pointer, rule, "keep_firing_for", cx);
}
