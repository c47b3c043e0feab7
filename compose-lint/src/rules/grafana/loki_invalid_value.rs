use crate::declare_rule;
use crate::project::LoadedFile;
use crate::rules::misfits::{LOKI, report_bad_values};
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a value Loki cannot read into its setting: a word where a
    /// number or a boolean belongs (`replication_factor: banana`), a
    /// duration Go cannot parse (`1x`, `5 minutes`), a size without a known
    /// unit, a mapping where a value belongs, or a word outside a fixed set
    /// (`store: tsbd`, with the closest word). Values with `${…}` are left
    /// alone: Loki expands them at start with `-config.expand-env`.
    ///
    /// ## Why is this bad?
    /// Loki stops at start on the first value it cannot read (`cannot
    /// unmarshal !!str `banana` into int`, `time: unknown unit "x" in
    /// duration "1x"`); the container restarts in a loop.
    ///
    /// ## Example
    /// ```yaml
    /// # file: loki.yaml
    /// common:
    ///   replication_factor: one
    ///   path_prefix: /loki
    /// ingester:
    ///   chunk_idle_period: 30 minutes
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///     command: ["-config.file=/etc/loki/loki.yaml"]
    ///     volumes:
    ///       - ./loki.yaml:/etc/loki/loki.yaml:ro
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: loki.yaml
    /// common:
    ///   replication_factor: 1
    ///   path_prefix: /loki
    /// ingester:
    ///   chunk_idle_period: 30m
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///     command: ["-config.file=/etc/loki/loki.yaml"]
    ///     volumes:
    ///       - ./loki.yaml:/etc/loki/loki.yaml:ro
    /// ```
    pub(crate) struct LokiInvalidValue {
        name: "loki-invalid-value",
        family: Grafana,
        severity: Error,
        summary: "a Loki setting has a value of the wrong type or form (a word for a number, a bad duration or size)",
    }
}

impl Rule for LokiInvalidValue {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        report_bad_values(&LOKI, file, cx);
    }
}
