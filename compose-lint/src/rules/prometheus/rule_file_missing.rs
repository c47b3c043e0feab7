use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::config;
use crate::prometheus::rule_files::{Resolution, host_paths, rule_files};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `rule_files` entry naming a file that does not exist, and
    /// a pattern with a glob before its last path element
    /// (`rules/*/alerts.yml`), which Prometheus refuses. Paths are resolved
    /// against the configuration file's directory.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses to start (or to reload) when a rule file it is
    /// told to read is missing, so no rule is evaluated and no alert fires.
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
    pub struct RuleFileMissing {
        name: "rule-file-missing",
        family: Prometheus,
        severity: Error,
        summary: "a rule file named in `rule_files` does not exist",
    }
}

impl Rule for RuleFileMissing {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = config(file) else {
            return;
        };
        for entry in rule_files(config, file.source.path(), &host_paths) {
            let at = Location::value(file.id, entry.pointer);
            match entry.resolution {
                Resolution::Missing(path) => cx.report(
                    Finding::new(
                        at,
                        format!("rule file `{}` does not exist", entry.pattern),
                    )
                    .help("create the file, fix the path, or remove the entry")
                    .note(format!(
                        "looked for `{}`; Prometheus refuses to load a configuration whose rule files are missing",
                        cx.project().display_path(&path)
                    )),
                ),
                Resolution::InvalidPattern => cx.report(
                    Finding::new(
                        at,
                        format!("rule file pattern `{}` has a glob before its last path element", entry.pattern),
                    )
                    .help("use a glob only in the file name, such as `rules/*.yml`")
                    .note("Prometheus refuses the configuration: `invalid rule file path`"),
                ),
                _ => {}
            }
        }
    }
}
