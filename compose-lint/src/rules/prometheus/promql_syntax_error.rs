use crate::declare_rule;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Parses the `expr` of every rule of a Prometheus rule file (one named
    /// by `rule_files`) as PromQL and reports the expressions that do not
    /// parse.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the rule file (`could not parse expression`), and
    /// with it the whole configuration: no rule is evaluated.
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
    ///       - alert: HighLoad
    ///         expr: rate(node_cpu_seconds_total{mode="idle"[5m]) < 0.1
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
    ///       - alert: HighLoad
    ///         expr: rate(node_cpu_seconds_total{mode="idle"}[5m]) < 0.1
    /// ```
    pub(crate) struct PromqlSyntaxError {
        name: "promql-syntax-error",
        family: Prometheus,
        severity: Error,
        summary: "a rule's `expr` is not valid PromQL",
    }
}

impl Rule for PromqlSyntaxError {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(rules) = cx.stack().rule_file(file.id) else {
            return;
        };
        for group in &rules.groups {
            for rule in &group.rules {
                let Some(written) = &rule.expr else {
                    continue;
                };
                let expr = &written.value;
                if expr.trim().is_empty() {
                    continue;
                }
                if let Err(error) = promql_parser::parser::parse(expr)
                    && !removed_in_prometheus_3(&error)
                {
                    let reason = error
                        .lines()
                        .next()
                        .unwrap_or("invalid expression")
                        .trim()
                        .to_string();
                    cx.report(
                        Finding::new(
                            written.location(),
                            format!("`expr` is not valid PromQL: {reason}"),
                        )
                        .help("fix the expression; `promtool check rules` shows the same error")
                        .note("Prometheus refuses the rule file: `could not parse expression`"),
                    );
                }
            }
        }
    }
}

/// True for an error about a function Prometheus 2 has and Prometheus 3
/// renamed: valid for the version the file may be written for.
fn removed_in_prometheus_3(error: &str) -> bool {
    error.contains("unknown function") && error.contains("holt_winters")
}
