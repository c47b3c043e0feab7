use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::config;
use crate::prometheus::rule_files::{Resolution, host_paths, rule_files};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `rule_files` glob (`rules/*.yml`) that matches no file,
    /// resolved against the configuration file's directory.
    ///
    /// ## Why is this bad?
    /// Prometheus says nothing: it starts with no rules from that pattern,
    /// so the alerts you expect never fire. A wrong directory or extension
    /// (`*.yaml` for `.yml` files) is the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// # file: prometheus.yml
    /// rule_files:
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
    pub struct RuleGlobMatchesNothing {
        name: "rule-glob-matches-nothing",
        family: Prometheus,
        severity: Warning,
        summary: "a `rule_files` glob matches no file",
    }
}

impl Rule for RuleGlobMatchesNothing {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = config(file) else {
            return;
        };
        for entry in rule_files(config, file.source.path(), &host_paths) {
            if let Resolution::NoMatch(dir) = entry.resolution {
                cx.report(
                    Finding::new(
                        Location::value(file.id, entry.pointer),
                        format!("rule file pattern `{}` matches no file", entry.pattern),
                    )
                    .help("fix the directory or the extension, or remove the entry")
                    .note(format!(
                        "searched `{}`; Prometheus loads no rules from a pattern that matches nothing, silently",
                        cx.project().display_path(&dir)
                    )),
                );
            }
        }
    }
}
