use std::collections::HashMap;

use serde_json::Value;

use crate::declare_rule;
use crate::location::Location;
use crate::model::RuleKind;
use crate::project::LoadedFile;
use crate::prometheus::scalar_text;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a recording or alerting rule with the same name and the same
    /// `labels` as an earlier rule of the same rule file, in the same group
    /// or another one, as `promtool check rules` does.
    ///
    /// ## Why is this bad?
    /// Two recording rules with one name and one label set write the same
    /// series: each evaluation overwrites the other's samples (or fails with
    /// `duplicate sample for timestamp`), and dashboards flap between the two
    /// results. Two such alerting rules send alerts Alertmanager cannot tell
    /// apart. It is almost always a copy-paste left unrenamed.
    ///
    /// ## Example
    /// ```yaml
    /// # file: prometheus.yml
    /// rule_files:
    ///   - rules.yml
    /// # file: rules.yml
    /// groups:
    ///   - name: http
    ///     rules:
    ///       - record: job:http_requests:rate5m
    ///         expr: sum by (job) (rate(http_requests_total[5m]))
    ///       - record: job:http_requests:rate5m
    ///         expr: sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: prometheus.yml
    /// rule_files:
    ///   - rules.yml
    /// # file: rules.yml
    /// groups:
    ///   - name: http
    ///     rules:
    ///       - record: job:http_requests:rate5m
    ///         expr: sum by (job) (rate(http_requests_total[5m]))
    ///       - record: job:http_errors:rate5m
    ///         expr: sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))
    /// ```
    pub(crate) struct DuplicateRuleName {
        name: "duplicate-rule-name",
        family: Prometheus,
        severity: Warning,
        summary: "two rules of one rule file have the same name and labels",
    }
}

/// What makes two rules the same for Prometheus: kind, name and label set.
type RuleKey = (&'static str, String, Vec<(String, String)>);

impl Rule for DuplicateRuleName {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(rules) = cx.stack().rule_file(file.id) else {
            return;
        };
        let mut first: HashMap<RuleKey, Location> = HashMap::new();
        for group in &rules.groups {
            for rule in &group.rules {
                let (kind, field, named) = match rule.kind {
                    Some(RuleKind::Record(named)) => ("recording rule", "record", named),
                    Some(RuleKind::Alert(named)) => ("alerting rule", "alert", named),
                    None => continue,
                };
                let Some(name) = named.value.filter(|n| !n.is_empty()) else {
                    continue;
                };
                let mut labels = Vec::new();
                match rule.labels.map(|l| l.value) {
                    None | Some(Value::Null) => {}
                    Some(Value::Object(map)) => {
                        for (label, value) in map {
                            // An unreadable label value is another rule's
                            // finding; comparing would guess.
                            let Some(text) = scalar_text(value) else {
                                continue;
                            };
                            labels.push((label.clone(), text));
                        }
                    }
                    Some(_) => continue,
                }
                labels.sort();
                let at = named.location();
                let key = (kind, name.to_string(), labels);
                match first.get(&key) {
                    Some(earlier) => {
                        let same_labels = if key.2.is_empty() {
                            "no labels".to_string()
                        } else {
                            "the same labels".to_string()
                        };
                        cx.report(
                            Finding::new(
                                at,
                                format!(
                                    "{kind} `{name}` with {same_labels} is defined twice in this file"
                                ),
                            )
                            .primary_label("defined again here")
                            .label(earlier.clone(), "first defined here")
                            .help(match field {
                                "record" => "give the second rule its own name, or different `labels`, so the two write different series",
                                _ => "rename one of the alerts, or tell them apart with `labels` (a `severity`, say)",
                            })
                            .note("`promtool check rules` reports it as a duplicate rule"),
                        );
                    }
                    None => {
                        first.insert(key, at);
                    }
                }
            }
        }
    }
}
