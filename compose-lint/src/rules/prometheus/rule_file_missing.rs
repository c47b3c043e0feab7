use super::{shown, with_looked_at};
use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::files::{Reference, written_in};
use crate::prometheus::rule_files::Resolution;
use crate::rules::{Context, Finding, Rule};

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
    pub struct RuleFileMissing {
        name: "rule-file-missing",
        family: Prometheus,
        severity: Warning,
        summary: "a `rule_files` entry names no file",
    }
}

impl Rule for RuleFileMissing {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        for entry in written_in(cx.project(), file.id, Reference::RuleFiles) {
            let at = Location::value(file.id, entry.pointer.clone());
            let finding = match &entry.resolution {
                Resolution::Missing { path } => with_looked_at(
                    Finding::new(
                        at,
                        format!("rule file `{}` does not exist", entry.pattern),
                    )
                    .help("create the file, mount it into the container, fix the path, or remove the entry")
                    .note(format!(
                        "looked for {}; Prometheus starts without it, silently, and `promtool check config` fails",
                        shown(cx.project(), path)
                    )),
                    path,
                ),
                Resolution::NoMatch { path } => with_looked_at(
                    Finding::new(
                        at,
                        format!("rule file pattern `{}` matches no file", entry.pattern),
                    )
                    .help("fix the directory or the extension, mount the rules into the container, or remove the entry")
                    .note(format!(
                        "searched {}; Prometheus loads no rules from a pattern that matches nothing, silently",
                        shown(cx.project(), path)
                    )),
                    path,
                ),
                _ => continue,
            };
            cx.report(finding);
        }
    }
}
