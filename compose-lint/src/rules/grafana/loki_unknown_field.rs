use crate::declare_rule;
use crate::project::LoadedFile;
use crate::rules::misfits::{LOKI, report_unknown_keys};
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a key Loki does not accept in its configuration file, with
    /// the closest known key: at the top level and in `server`, `common`,
    /// `schema_config`, `storage_config`, `limits_config`, `ruler`,
    /// `compactor`, `ingester`, `querier`, `query_range`, `frontend`,
    /// `chunk_store_config`, `table_manager`, `memberlist`, `analytics` and
    /// `tracing`. When the image tag pins a release, a key that release no
    /// longer knows (`limits_config.enforce_metric_name` on Loki 3) is
    /// reported too; an unpinned tag accepts the keys of every release.
    /// The file is the one the service's `-config.file` names, else the
    /// image's default, found through its mounts.
    ///
    /// ## Why is this bad?
    /// Loki reads its configuration strictly: `field nosuchkey not found in
    /// type server.Config`, and the container exits and restarts in a loop.
    /// A misspelt limit is never silently ignored, so this is always a
    /// failed start.
    ///
    /// ## Example
    /// ```yaml
    /// # file: loki.yaml
    /// server:
    ///   http_listen_port: 3100
    ///   grpc_listen_port: 9096
    /// limits_config:
    ///   retention_perod: 744h
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
    /// server:
    ///   http_listen_port: 3100
    ///   grpc_listen_port: 9096
    /// limits_config:
    ///   retention_period: 744h
    /// # file: compose.yaml
    /// services:
    ///   loki:
    ///     image: grafana/loki:3.4.2
    ///     command: ["-config.file=/etc/loki/loki.yaml"]
    ///     volumes:
    ///       - ./loki.yaml:/etc/loki/loki.yaml:ro
    /// ```
    pub(crate) struct LokiUnknownField {
        name: "loki-unknown-field",
        family: Grafana,
        severity: Error,
        summary: "a Loki configuration has a key Loki does not know, or not in the release the service runs",
    }
}

impl Rule for LokiUnknownField {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        report_unknown_keys(&LOKI, file, cx);
    }
}
