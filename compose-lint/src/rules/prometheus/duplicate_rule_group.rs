use std::collections::HashMap;

use serde_json::Value;

use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::{rule_file, rule_groups};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports two rule groups with the same `name` in one Prometheus rule
    /// file.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the rule file (`groupname: "…" is repeated in the
    /// same file`), and with it the whole configuration.
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
    ///         expr: up{job="node"} == 0
    ///   - name: node
    ///     rules:
    ///       - alert: NodeFilesystemFull
    ///         expr: node_filesystem_avail_bytes == 0
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
    ///   - name: node-disks
    ///     rules:
    ///       - alert: NodeFilesystemFull
    ///         expr: node_filesystem_avail_bytes == 0
    /// ```
    pub struct DuplicateRuleGroup {
        name: "duplicate-rule-group",
        family: Prometheus,
        severity: Error,
        summary: "two rule groups of one rule file have the same name",
    }
}

impl Rule for DuplicateRuleGroup {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(content) = rule_file(file) else {
            return;
        };
        let mut first: HashMap<&str, String> = HashMap::new();
        for (pointer, group) in rule_groups(content) {
            let Some(name) = group
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty())
            else {
                continue;
            };
            let at = format!("{pointer}/name");
            match first.get(name) {
                Some(earlier) => cx.report(
                    Finding::new(
                        Location::value(file.id, at),
                        format!("rule group `{name}` is defined twice in this file"),
                    )
                    .primary_label("defined again here")
                    .label(Location::value(file.id, earlier.clone()), "first defined here")
                    .help("rename one of the groups, or merge their rules")
                    .note("Prometheus refuses the rule file: `groupname is repeated in the same file`"),
                ),
                None => {
                    first.insert(name, at);
                }
            }
        }
    }
}
