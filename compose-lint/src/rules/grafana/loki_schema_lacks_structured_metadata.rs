use crate::declare_rule;
use crate::images::{parse_reference, version};
use crate::location::Location;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};
use crate::sources::FileKind;

declare_rule! {
    /// ## What it does
    /// Reports a Loki 3 configuration whose active schema (the last entry
    /// of `schema_config.configs`) is older than `v13` or does not use the
    /// `tsdb` store, while `limits_config.allow_structured_metadata` is
    /// left at its default (`true` since Loki 3.0). The Loki version is the
    /// service's image tag; an untagged or `latest` image is taken for the
    /// current release, a 2.x tag is not checked.
    ///
    /// ## Why is this bad?
    /// Loki 3 refuses to start: `CONFIG ERROR: schema v13 is required to
    /// store Structured Metadata and use native OTLP ingestion` (or
    /// ``` `tsdb` index type is required ```). Configurations copied from
    /// Loki 2 examples hit this on the first upgrade.
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
    ///         period: 24h
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
    pub(crate) struct LokiSchemaLacksStructuredMetadata {
        name: "loki-schema-lacks-structured-metadata",
        family: Grafana,
        severity: Error,
        summary: "a Loki 3 schema older than v13 or not on tsdb, with structured metadata on",
    }
}

impl Rule for LokiSchemaLacksStructuredMetadata {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let mut seen = std::collections::HashSet::new();
        for found in project.found(FileKind::Loki) {
            if !seen.insert(found.file) {
                continue;
            }
            let Some(service) = cx.stack().service(&found.service) else {
                continue;
            };
            // Only Loki 3 requires it; a built image's version is unknown.
            if service.build.is_some() {
                continue;
            }
            let loki3 = service
                .image
                .and_then(|image| parse_reference(image.value))
                .is_some_and(|image| match image.tag {
                    None | Some("latest") => true,
                    Some(tag) => version(tag).is_some_and(|(major, _)| major >= 3),
                });
            if !loki3 {
                continue;
            }
            let Some(file) = project.file(found.file) else {
                continue;
            };
            let Some(document) = file.yaml.clean_document() else {
                continue;
            };
            let Some(active) = crate::model::loki_active_schema(document) else {
                continue;
            };
            if active.structured_metadata == Some(false) {
                continue;
            }
            let (last, schema, store) = (active.index, active.schema, active.store);
            let old_schema = schema
                .and_then(|s| s.strip_prefix('v'))
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| n < 13);
            let (key, message) = if old_schema {
                (
                    "schema",
                    format!(
                        "Loki 3 needs schema `v13` for structured metadata, and the active schema is `{}`",
                        schema.unwrap_or_default()
                    ),
                )
            } else if store
                .is_some_and(|s| s != "tsdb" && crate::grafana::loki_keys::STORES.contains(&s))
            {
                (
                    "store",
                    format!(
                        "Loki 3 needs the `tsdb` index for structured metadata, and the active schema uses `{}`",
                        store.unwrap_or_default()
                    ),
                )
            } else {
                continue;
            };
            cx.report(
                Finding::new(
                    Location::value(file.id, format!("/schema_config/configs/{last}/{key}")),
                    message,
                )
                .primary_label("the schema in effect now")
                .help("add a schema_config entry from a future date with `store: tsdb` and `schema: v13`, or set `limits_config.allow_structured_metadata: false`")
                .note("Loki refuses to start: `CONFIG ERROR: schema v13 is required to store Structured Metadata and use native OTLP ingestion`"),
            );
        }
    }
}
