use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::files::{Reference, written_in};
use crate::prometheus::rule_files::Resolution;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `rule_files` (or `scrape_config_files`) pattern with a `*`
    /// before its last path element (`rules/*/alerts.yml`).
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the configuration with `invalid rule file path`
    /// (`invalid scrape config file path`): a glob may only name files, not
    /// directories.
    ///
    /// ## Example
    /// ```yaml
    /// rule_files:
    ///   - rules/*/alerts.yml
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
    ///   - rules/node/alerts.yml
    ///   - rules/app/alerts.yml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// # file: rules/node/alerts.yml
    /// groups:
    ///   - name: node
    ///     rules:
    ///       - alert: NodeDown
    ///         expr: up{job="node"} == 0
    /// # file: rules/app/alerts.yml
    /// groups:
    ///   - name: app
    ///     rules:
    ///       - alert: AppDown
    ///         expr: up{job="app"} == 0
    /// ```
    pub(crate) struct RuleFilePatternInvalid {
        name: "rule-file-pattern-invalid",
        family: Prometheus,
        severity: Error,
        summary: "a `rule_files` or `scrape_config_files` pattern has a glob before its last path element",
    }
}

impl Rule for RuleFilePatternInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        for (reference, what, refusal) in [
            (Reference::RuleFiles, "rule file", "invalid rule file path"),
            (
                Reference::ScrapeConfigFiles,
                "scrape config file",
                "invalid scrape config file path",
            ),
        ] {
            for entry in written_in(&cx.project().prometheus_files, file.id, reference) {
                if entry.resolution == Resolution::InvalidPattern {
                    cx.report(
                        Finding::new(
                            Location::value(file.id, entry.pointer.clone()),
                            format!(
                                "{what} pattern `{}` has a `*` before its last path element",
                                entry.pattern
                            ),
                        )
                        .help("use `*` only in the file name, such as `rules/*.yml`, and list each directory")
                        .note(format!("Prometheus refuses the configuration: `{refusal}`")),
                    );
                }
            }
        }
    }
}
