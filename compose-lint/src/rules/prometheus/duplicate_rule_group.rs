use std::collections::HashMap;

use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
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
    pub(crate) struct DuplicateRuleGroup {
        name: "duplicate-rule-group",
        family: Prometheus,
        severity: Error,
        summary: "two rule groups of one rule file have the same name",
    }
}

impl Rule for DuplicateRuleGroup {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(rules) = cx.stack().rule_file(file.id) else {
            return;
        };
        let mut first: HashMap<&str, Location> = HashMap::new();
        for group in &rules.groups {
            let Some(name) = group.name.filter(|n| !n.value.is_empty()) else {
                continue;
            };
            match first.get(name.value) {
                Some(earlier) => cx.report(
                    Finding::new(
                        name.location(),
                        format!("rule group `{}` is defined twice in this file", name.value),
                    )
                    .primary_label("defined again here")
                    .label(earlier.clone(), "first defined here")
                    .help("rename one of the groups, or merge their rules")
                    .note("Prometheus refuses the rule file: `groupname is repeated in the same file`"),
                ),
                None => {
                    first.insert(name.value, name.location());
                }
            }
        }
    }
}
