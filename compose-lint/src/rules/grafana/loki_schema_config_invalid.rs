use crate::declare_rule;
use crate::grafana::loki::schema_refusals;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};
use crate::sources::FileKind;

declare_rule! {
    /// ## What it does
    /// Reports a `schema_config` period Loki refuses at start: a `from`
    /// that is not a `YYYY-MM-DD` date or not later than the period before
    /// it, a `schema` other than v9 to v14, an index `period` that is not
    /// a multiple of 24h, or, on the `tsdb` store, not exactly `24h`.
    ///
    /// ## Why is this bad?
    /// Loki validates its schema before anything else starts
    /// (`validating period_config: tsdb must always have periodic config
    /// for index set to 24h`) and exits; the container restarts in a loop.
    /// A new period copied from the old one often keeps its `168h` period
    /// while switching to `tsdb`.
    ///
    /// ## Example
    /// ```yaml
    /// # file: loki.yaml
    /// schema_config:
    ///   configs:
    ///     - from: 2020-10-24
    ///       store: boltdb-shipper
    ///       object_store: filesystem
    ///       schema: v11
    ///       index:
    ///         prefix: index_
    ///         period: 168h
    ///     - from: 2024-04-01
    ///       store: tsdb
    ///       object_store: filesystem
    ///       schema: v13
    ///       index:
    ///         prefix: index_
    ///         period: 168h
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
    /// schema_config:
    ///   configs:
    ///     - from: 2020-10-24
    ///       store: boltdb-shipper
    ///       object_store: filesystem
    ///       schema: v11
    ///       index:
    ///         prefix: index_
    ///         period: 168h
    ///     - from: 2024-04-01
    ///       store: tsdb
    ///       object_store: filesystem
    ///       schema: v13
    ///       index:
    ///         prefix: index_
    ///         period: 24h
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///     command: ["-config.file=/etc/loki/loki.yaml"]
    ///     volumes:
    ///       - ./loki.yaml:/etc/loki/loki.yaml:ro
    /// ```
    pub(crate) struct LokiSchemaConfigInvalid {
        name: "loki-schema-config-invalid",
        family: Grafana,
        severity: Error,
        summary: "a Loki schema_config period Loki refuses (bad date or order, unknown schema, index period)",
    }
}

impl Rule for LokiSchemaConfigInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        if file.kind != FileKind::Loki {
            return;
        }
        let Some(document) = file.yaml.clean_document() else {
            return;
        };
        for (pointer, message) in schema_refusals(document) {
            cx.report(
                Finding::new(Location::value(file.id, pointer), message)
                    .primary_label("Loki refuses this period")
                    .help("give each period a later `from` date, a schema from v9 to v14, and a `24h` index period for tsdb")
                    .note("Loki validates `schema_config` at start and exits on the first period it refuses"),
            );
        }
    }
}
