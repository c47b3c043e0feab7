use super::unmatched_pattern;
use crate::declare_rule;
use crate::project::LoadedFile;
use crate::prometheus::files::{Reference, written_in};
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `rule_files` entry that names no file: a path with no file
    /// there, or a glob (`rules/*.yml`) that matches nothing. Paths are
    /// resolved against the configuration file's directory.
    ///
    /// ## Why is this bad?
    /// Prometheus starts without those rules and says nothing, so the alerts
    /// you expect never fire. `promtool check config` refuses a missing file
    /// named without `*`. A wrong directory or extension (`*.yaml` for
    /// `.yml` files) is the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// # file: prometheus.yml
    /// rule_files:
    ///   - alerts.yml
    ///   - rules/*.yml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: prometheus.yml
    /// rule_files:
    ///   - rules/*.yml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// # file: rules/node.yml
    /// groups:
    ///   - name: node
    ///     rules:
    ///       - alert: NodeDown
    ///         expr: up{job="node"} == 0
    /// ```
    pub(crate) struct RuleFileMissing {
        name: "rule-file-missing",
        family: Prometheus,
        severity: Warning,
        summary: "a `rule_files` entry names no file",
    }
}

impl Rule for RuleFileMissing {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        for entry in written_in(
            &cx.project().prometheus_files,
            file.id,
            Reference::RuleFiles,
        ) {
            let loses = "loads no rules from it";
            if let Some(finding) = unmatched_pattern(cx.project(), entry, "rule file", loses) {
                cx.report(finding);
            }
        }
    }
}
