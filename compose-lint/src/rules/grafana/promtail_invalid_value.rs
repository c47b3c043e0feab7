use crate::declare_rule;
use crate::project::LoadedFile;
use crate::rules::misfits::{PROMTAIL, report_bad_values};
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a value Promtail cannot read into its setting: a duration Go
    /// cannot parse (`batchwait: 1x`), a word where a number or a boolean
    /// belongs, a mapping where a value belongs, or a list where a mapping
    /// belongs. Values with `${…}` are left alone: Promtail expands them at
    /// start with `-config.expand-env`.
    ///
    /// ## Why is this bad?
    /// Promtail stops at start on the first value it cannot read (`time:
    /// unknown unit "x" in duration "1x"`), so no log line reaches Loki.
    ///
    /// ## Example
    /// ```yaml
    /// # file: promtail.yml
    /// positions:
    ///   filename: /tmp/positions.yaml
    /// clients:
    ///   - url: http://loki:3100/loki/api/v1/push
    ///     batchwait: 1x
    /// scrape_configs:
    ///   - job_name: system
    ///     static_configs:
    ///       - targets: [localhost]
    ///         labels:
    ///           job: varlogs
    ///           __path__: /var/log/*log
    /// # file: compose.yaml
    /// services:
    ///   promtail:
    ///     image: grafana/promtail:3.4.2
    ///     command: ["-config.file=/etc/promtail/config.yml"]
    ///     volumes:
    ///       - ./promtail.yml:/etc/promtail/config.yml:ro
    ///   loki:
    ///     image: grafana/loki:3.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: promtail.yml
    /// positions:
    ///   filename: /tmp/positions.yaml
    /// clients:
    ///   - url: http://loki:3100/loki/api/v1/push
    ///     batchwait: 1s
    /// scrape_configs:
    ///   - job_name: system
    ///     static_configs:
    ///       - targets: [localhost]
    ///         labels:
    ///           job: varlogs
    ///           __path__: /var/log/*log
    /// # file: compose.yaml
    /// services:
    ///   promtail:
    ///     image: grafana/promtail:3.4.2
    ///     command: ["-config.file=/etc/promtail/config.yml"]
    ///     volumes:
    ///       - ./promtail.yml:/etc/promtail/config.yml:ro
    ///   loki:
    ///     image: grafana/loki:3.4.2
    /// ```
    pub(crate) struct PromtailInvalidValue {
        name: "promtail-invalid-value",
        family: Grafana,
        severity: Error,
        summary: "a Promtail setting has a value of the wrong type or form (a bad duration, a word for a number)",
    }
}

impl Rule for PromtailInvalidValue {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        report_bad_values(&PROMTAIL, file, cx);
    }
}
