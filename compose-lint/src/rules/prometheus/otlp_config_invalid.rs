use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::declare_rule;
use crate::location::Location;
use crate::project::{FileKind, LoadedFile};
use crate::prometheus::config;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports an `otlp` section Prometheus refuses:
    /// `promote_all_resource_attributes: true` together with a
    /// `promote_resource_attributes` list, `ignore_resource_attributes`
    /// without `promote_all_resource_attributes: true`, an empty or
    /// repeated attribute in the list that applies (compared after
    /// trimming spaces, as Prometheus does), and a `translation_strategy`
    /// that keeps UTF-8 names (`NoUTF8EscapingWithSuffixes`,
    /// `NoTranslation`) while `global.metric_name_validation_scheme` is
    /// `legacy`.
    ///
    /// ## Why is this bad?
    /// Prometheus checks these when it loads the configuration and refuses
    /// the whole file (`'ignore_resource_attributes' cannot be configured
    /// unless 'promote_all_resource_attributes' is true`, `duplicated
    /// promoted OTel resource attribute`…): it does not start, or keeps
    /// its old configuration on a reload.
    ///
    /// ## Example
    /// ```yaml
    /// # file: prometheus.yml
    /// otlp:
    ///   promote_resource_attributes: [service.name, " service.name "]
    ///   ignore_resource_attributes: [k8s.pod.uid]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: prometheus.yml
    /// otlp:
    ///   promote_all_resource_attributes: true
    ///   ignore_resource_attributes: [k8s.pod.uid]
    /// ```
    pub(crate) struct OtlpConfigInvalid {
        name: "otlp-config-invalid",
        family: Prometheus,
        severity: Error,
        summary: "an otlp section Prometheus refuses: conflicting, empty or repeated resource attributes",
    }
}

/// Strategies that keep UTF-8 metric and label names.
const UTF8_STRATEGIES: [&str; 2] = ["NoUTF8EscapingWithSuffixes", "NoTranslation"];

impl Rule for OtlpConfigInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        if file.kind != FileKind::Prometheus {
            return;
        }
        let Some(config) = config(file) else {
            return;
        };
        let Some(otlp) = config.get("otlp").and_then(Value::as_object) else {
            return;
        };
        let promote_all = otlp
            .get("promote_all_resource_attributes")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let listed = |key: &str| {
            otlp.get(key)
                .and_then(Value::as_array)
                .is_some_and(|list| !list.is_empty())
        };
        if promote_all {
            if listed("promote_resource_attributes") {
                cx.report(
                    Finding::new(
                        Location::key(file.id, "/otlp/promote_resource_attributes"),
                        "`promote_resource_attributes` is set while `promote_all_resource_attributes` is true",
                    )
                    .primary_label("a list of attributes to promote")
                    .label(
                        Location::value(file.id, "/otlp/promote_all_resource_attributes"),
                        "already promotes every attribute",
                    )
                    .help(
                        "keep one: remove `promote_resource_attributes`, or remove \
                         `promote_all_resource_attributes` to promote only the listed ones; \
                         to leave some out of all, list them in `ignore_resource_attributes`",
                    )
                    .note(
                        "Prometheus refuses the configuration: `'promote_all_resource_attributes' \
                         and 'promote_resource_attributes' cannot be configured simultaneously`",
                    ),
                );
            }
            check_list(file, otlp, "ignore_resource_attributes", "ignored", cx);
        } else {
            if listed("ignore_resource_attributes") {
                cx.report(
                    Finding::new(
                        Location::key(file.id, "/otlp/ignore_resource_attributes"),
                        "`ignore_resource_attributes` needs `promote_all_resource_attributes: true`",
                    )
                    .primary_label("ignored from what is not promoted")
                    .help(
                        "set `promote_all_resource_attributes: true` to promote every attribute but \
                         these, or list the ones to keep in `promote_resource_attributes` instead",
                    )
                    .note(
                        "Prometheus refuses the configuration: `'ignore_resource_attributes' cannot \
                         be configured unless 'promote_all_resource_attributes' is true`",
                    ),
                );
            }
            check_list(file, otlp, "promote_resource_attributes", "promoted", cx);
        }
        check_strategy(file, config, otlp, cx);
    }
}

/// Empty and repeated attributes of `otlp.<key>`, compared trimmed.
fn check_list(
    file: &LoadedFile,
    otlp: &Map<String, Value>,
    key: &str,
    adjective: &str,
    cx: &mut Context<'_>,
) {
    let Some(list) = otlp.get(key).and_then(Value::as_array) else {
        return;
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (index, item) in list.iter().enumerate() {
        let Some(attribute) = item.as_str().map(str::trim) else {
            continue;
        };
        let at = Location::value(file.id, format!("/otlp/{key}/{index}"));
        if attribute.is_empty() {
            cx.report(
                Finding::new(at, format!("an empty attribute in `{key}`"))
                    .primary_label("names no attribute")
                    .help("remove it")
                    .note(format!(
                        "Prometheus refuses the configuration: `invalid '{key}': empty {adjective} OTel resource attribute`"
                    )),
            );
            continue;
        }
        match seen.get(attribute) {
            Some(&first) => cx.report(
                Finding::new(
                    at,
                    format!("`{attribute}` is listed twice in `{key}`"),
                )
                .primary_label("listed again here")
                .label(
                    Location::value(file.id, format!("/otlp/{key}/{first}")),
                    "first listed here",
                )
                .help("remove the repeated entry; spaces around a name are trimmed, so both name the same attribute")
                .note(format!(
                    "Prometheus refuses the configuration: `invalid '{key}': duplicated {adjective} OTel resource attribute \"{attribute}\"`"
                )),
            ),
            None => {
                seen.insert(attribute, index);
            }
        }
    }
}

/// A strategy keeping UTF-8 names under legacy name validation.
fn check_strategy(
    file: &LoadedFile,
    config: &Value,
    otlp: &Map<String, Value>,
    cx: &mut Context<'_>,
) {
    let Some(strategy) = otlp
        .get("translation_strategy")
        .and_then(Value::as_str)
        .filter(|s| UTF8_STRATEGIES.contains(s))
    else {
        return;
    };
    if !crate::prometheus::legacy(config.get("global"), false) {
        return;
    }
    cx.report(
        Finding::new(
            Location::value(file.id, "/otlp/translation_strategy"),
            format!("translation strategy `{strategy}` keeps UTF-8 names, which legacy name validation refuses"),
        )
        .primary_label("keeps UTF-8 names")
        .label(
            Location::value(file.id, "/global/metric_name_validation_scheme"),
            "names must be legacy ones",
        )
        .help(
            "use `UnderscoreEscapingWithSuffixes` (the default) or \
             `UnderscoreEscapingWithoutSuffixes`, or set `metric_name_validation_scheme: utf8`",
        )
        .note(format!(
            "Prometheus refuses the configuration: `OTLP translation strategy \"{strategy}\" is not allowed when UTF8 is disabled`"
        )),
    );
}
