//! The keys and value types of Loki's configuration file (`-config.file`).
//!
//! The tables follow Loki's configuration reference
//! (<https://github.com/grafana/loki/blob/main/docs/sources/shared/configuration.md>,
//! `docs/sources/configure/_index.md` on the 2.8 and 2.9 branches), read at
//! v2.8.0, v2.9.17, every v3.x.0 from v3.0.0 to v3.7.0, and main after the
//! 3.8.0 release; and the Go structs' `yaml` tags for settings the reference
//! hides (`doc:"hidden"`) but the file still accepts. They accept the union
//! of those releases' keys.
//!
//! Versions: `Since((a, b), …)` marks a key the reference first lists in
//! a.b when the previous release's source has no `yaml` tag of that name at
//! all; `Until((a, b), …)` marks a key gone from a.b's reference and from
//! its source, or one the upgrade guide (`docs/sources/setup/upgrade/_index.md`)
//! or the 3.8.0 release notes say was removed. Keys removed on main after
//! 3.8.0 (`table_manager`, `row_shards`, the period config's `chunks` and
//! `tags`, `ruler_remote_write_*`, …) stay plain: no release is known to
//! have dropped them.
//!
//! Blocks whose keys are all listed are `Shape::Block`; every other block
//! (per-backend storage clients, caches, gRPC clients, rings, lifecyclers,
//! the components not listed here) is `Shape::Any`, so an unknown key is
//! reported only where the table is complete.

use crate::shape::{Block, Shape};

/// A whole-number setting (`<int>` in the reference). Go's YAML decoders
/// fill an integer field from any number that fits, fraction and exponent
/// included (Loki's own example configurations write `chunk_target_size:
/// 1.572864e+06`), and [`Shape::Int`] accepts any number for that reason.
const INT: Shape = Shape::Int;

/// The index types `schema_config.configs[].store` names: Loki refuses any
/// other at start ("Unrecognized storage client"). The legacy ones were
/// removed in 3.8 but stay valid for earlier releases.
// Source: pkg/storage/config/schema_config.go and pkg/storage/factory.go
// (v2.9.17; unchanged from v2.0 in substance).
pub(crate) const STORES: &[&str] = &[
    "tsdb",
    "boltdb-shipper",
    "boltdb",
    "inmemory",
    "aws",
    "aws-dynamo",
    "gcp",
    "gcp-columnkey",
    "bigtable",
    "bigtable-hashed",
    "cassandra",
    "grpc-store",
];

/// The whole file.
// Source: the top-level listing in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
// Every other table here hangs from this one.
pub(crate) static LOKI: Block = Block {
    name: "top level",
    fields: &[
        ("target", Shape::Str),
        ("auth_enabled", Shape::Bool),
        ("ballast_bytes", INT),
        ("server", Shape::Block(&SERVER)),
        ("distributor", Shape::Any),
        ("querier", Shape::Block(&QUERIER)),
        ("query_scheduler", Shape::Any),
        ("frontend", Shape::Block(&FRONTEND)),
        ("query_range", Shape::Block(&QUERY_RANGE)),
        ("ruler", Shape::Block(&RULER)),
        ("ingester_client", Shape::Any),
        ("ingester", Shape::Block(&INGESTER)),
        ("index_gateway", Shape::Any),
        ("storage_config", Shape::Block(&STORAGE_CONFIG)),
        ("chunk_store_config", Shape::Block(&CHUNK_STORE_CONFIG)),
        ("schema_config", Shape::Block(&SCHEMA_CONFIG)),
        ("compactor", Shape::Block(&COMPACTOR)),
        ("limits_config", Shape::Block(&LIMITS_CONFIG)),
        ("frontend_worker", Shape::Any),
        ("table_manager", Shape::Block(&TABLE_MANAGER)),
        ("runtime_config", Shape::Any),
        ("tracing", Shape::Block(&TRACING)),
        ("analytics", Shape::Block(&ANALYTICS)),
        ("common", Shape::Block(&COMMON)),
        ("shutdown_delay", Shape::Duration),
        ("memberlist", Shape::Block(&MEMBERLIST)),
        ("pattern_ingester", Shape::Since((3, 0), &Shape::Any)),
        // Gone from the 3.2 reference and source.
        (
            "bloom_compactor",
            Shape::Since((3, 0), &Shape::Until((3, 2), &Shape::Any)),
        ),
        ("bloom_gateway", Shape::Since((3, 0), &Shape::Any)),
        ("operational_config", Shape::Since((3, 0), &Shape::Any)),
        ("metrics_namespace", Shape::Since((3, 0), &Shape::Str)),
        ("bloom_build", Shape::Since((3, 1), &Shape::Any)),
        ("compactor_grpc_client", Shape::Any),
        ("profiling", Shape::Since((3, 1), &Shape::Any)),
        // Gone from the 3.4 reference and source.
        (
            "querier_rf1",
            Shape::Since((3, 2), &Shape::Until((3, 4), &Shape::Any)),
        ),
        // Gone from the 3.4 reference and source.
        (
            "ingester_rf1_client",
            Shape::Since((3, 2), &Shape::Until((3, 4), &Shape::Any)),
        ),
        // Gone from the 3.3 reference and source.
        (
            "ingester_rf1",
            Shape::Since((3, 2), &Shape::Until((3, 3), &Shape::Any)),
        ),
        // Gone from the 3.4 reference and source.
        (
            "metastore",
            Shape::Since((3, 2), &Shape::Until((3, 4), &Shape::Any)),
        ),
        // Gone from the 3.4 reference and source.
        (
            "metastore_client",
            Shape::Since((3, 2), &Shape::Until((3, 4), &Shape::Any)),
        ),
        ("partition_ring", Shape::Since((3, 2), &Shape::Any)),
        ("kafka_config", Shape::Since((3, 2), &Shape::Any)),
        // Gone from the 3.3 reference and source.
        (
            "kafka_ingester",
            Shape::Since((3, 2), &Shape::Until((3, 3), &Shape::Any)),
        ),
        ("ruler_storage", Shape::Any),
        // Gone from the 3.6 reference and source.
        (
            "block_builder",
            Shape::Since((3, 4), &Shape::Until((3, 6), &Shape::Any)),
        ),
        // Gone from the 3.6 reference and source.
        (
            "block_scheduler",
            Shape::Since((3, 4), &Shape::Until((3, 6), &Shape::Any)),
        ),
        // Gone from the 3.5 reference and source.
        (
            "dataobj_explorer",
            Shape::Since((3, 4), &Shape::Until((3, 5), &Shape::Any)),
        ),
        ("ui", Shape::Since((3, 5), &Shape::Any)),
        ("dataobj", Shape::Since((3, 5), &Shape::Any)),
        ("ingest_limits", Shape::Since((3, 5), &Shape::Any)),
        ("ingest_limits_frontend", Shape::Since((3, 5), &Shape::Any)),
        (
            "ingest_limits_frontend_client",
            Shape::Since((3, 5), &Shape::Any),
        ),
        (
            "tenant_limits_allow_publish",
            Shape::Since((3, 6), &Shape::List(&Shape::Str)),
        ),
        ("query_engine", Shape::Since((3, 7), &Shape::Any)),
        ("lbac", Shape::Any),
        ("no_auth_tenant", Shape::Str),
        // Hidden from the reference, read by the file.
        ("http_prefix", Shape::Str),
        // Hidden from the reference, read by the file.
        ("use_buffered_logger", Shape::Bool),
        // Hidden from the reference, read by the file.
        ("use_sync_logger", Shape::Bool),
        // Hidden from the reference, read by the file.
        ("legacy_read_target", Shape::Bool),
        // Hidden from the reference, read by the file.
        ("internal_server", Shape::Any),
        // Hidden from the reference, read by the file.
        ("compactor_client", Shape::Any),
    ],
};

/// `memberlist`.
// Source: `memberlist` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static MEMBERLIST: Block = Block {
    name: "memberlist",
    fields: &[
        ("node_name", Shape::Str),
        ("randomize_node_name", Shape::Bool),
        ("stream_timeout", Shape::Duration),
        ("retransmit_factor", INT),
        ("pull_push_interval", Shape::Duration),
        ("gossip_interval", Shape::Duration),
        ("gossip_nodes", INT),
        ("gossip_to_dead_nodes_time", Shape::Duration),
        ("dead_node_reclaim_time", Shape::Duration),
        ("compression_enabled", Shape::Bool),
        ("advertise_addr", Shape::Str),
        ("advertise_port", INT),
        ("cluster_label", Shape::Str),
        ("cluster_label_verification_disabled", Shape::Bool),
        ("join_members", Shape::List(&Shape::Str)),
        ("min_join_backoff", Shape::Duration),
        ("max_join_backoff", Shape::Duration),
        ("max_join_retries", INT),
        ("abort_if_cluster_join_fails", Shape::Bool),
        ("rejoin_interval", Shape::Duration),
        ("left_ingesters_timeout", Shape::Duration),
        ("leave_timeout", Shape::Duration),
        ("message_history_buffer_bytes", INT),
        ("bind_addr", Shape::List(&Shape::Str)),
        ("bind_port", INT),
        ("packet_dial_timeout", Shape::Duration),
        ("packet_write_timeout", Shape::Duration),
        ("tls_enabled", Shape::Bool),
        ("tls_cert_path", Shape::Str),
        ("tls_key_path", Shape::Str),
        ("tls_ca_path", Shape::Str),
        ("tls_server_name", Shape::Str),
        ("tls_insecure_skip_verify", Shape::Bool),
        ("tls_cipher_suites", Shape::Str),
        ("tls_min_version", Shape::Str),
        (
            "broadcast_timeout_for_local_updates_on_shutdown",
            Shape::Since((3, 2), &Shape::Duration),
        ),
        ("notify_interval", Shape::Since((3, 5), &Shape::Duration)),
        (
            "obsolete_entries_timeout",
            Shape::Since((3, 5), &Shape::Duration),
        ),
        ("max_concurrent_writes", Shape::Since((3, 5), &INT)),
        (
            "acquire_writer_timeout",
            Shape::Since((3, 5), &Shape::Duration),
        ),
        (
            "abort_if_cluster_fast_join_fails",
            Shape::Since((3, 6), &Shape::Bool),
        ),
        ("watch_prefix_buffer_size", Shape::Since((3, 6), &INT)),
        (
            "abort_if_cluster_fast_join_fails_min_nodes",
            Shape::Since((3, 7), &INT),
        ),
        (
            "rejoin_seed_nodes",
            Shape::Since((3, 7), &Shape::List(&Shape::Str)),
        ),
        (
            "zone_aware_routing",
            Shape::Since((3, 7), &Shape::Block(&MEMBERLIST_ZONE_AWARE_ROUTING)),
        ),
        ("received_messages_queue_size", INT),
        ("processed_messages_queue_size", INT),
        ("compression_algorithm", Shape::Str),
        (
            "propagation_delay_tracker",
            Shape::Block(&MEMBERLIST_PROPAGATION_DELAY_TRACKER),
        ),
    ],
};

/// `memberlist.propagation_delay_tracker`.
// Source: `memberlist` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static MEMBERLIST_PROPAGATION_DELAY_TRACKER: Block = Block {
    name: "memberlist.propagation_delay_tracker",
    fields: &[
        ("enabled", Shape::Bool),
        ("beacon_interval", Shape::Duration),
        ("beacon_lifetime", Shape::Duration),
        ("log_beacons_latency_longer_than", Shape::Duration),
    ],
};

/// `memberlist.zone_aware_routing`.
// Source: `memberlist` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static MEMBERLIST_ZONE_AWARE_ROUTING: Block = Block {
    name: "memberlist.zone_aware_routing",
    fields: &[
        ("enabled", Shape::Bool),
        ("instance_availability_zone", Shape::Str),
        ("role", Shape::Str),
    ],
};

/// `common`.
// Source: `common` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static COMMON: Block = Block {
    name: "common",
    fields: &[
        ("path_prefix", Shape::Str),
        ("storage", Shape::Any),
        ("persist_tokens", Shape::Bool),
        ("replication_factor", INT),
        ("ring", Shape::Any),
        ("instance_interface_names", Shape::List(&Shape::Str)),
        ("instance_addr", Shape::Str),
        ("compactor_address", Shape::Str),
        ("compactor_grpc_address", Shape::Str),
        ("scratch_path", Shape::Since((3, 6), &Shape::Str)),
        // Hidden from the reference, read by the file.
        ("object_store", Shape::Any),
    ],
};

/// `analytics`.
// Source: `analytics` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static ANALYTICS: Block = Block {
    name: "analytics",
    fields: &[
        ("reporting_enabled", Shape::Bool),
        ("usage_stats_url", Shape::Since((2, 9), &Shape::Str)),
        ("proxy_url", Shape::Str),
        ("tls_config", Shape::Any),
    ],
};

/// `tracing`.
// Source: `tracing` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TRACING: Block = Block {
    name: "tracing",
    fields: &[
        ("enabled", Shape::Bool),
        // Hidden from the reference, read by the file.
        ("profiling_enabled", Shape::Bool),
    ],
};

/// `table_manager`.
// Source: `table_manager` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TABLE_MANAGER: Block = Block {
    name: "table_manager",
    fields: &[
        ("throughput_updates_disabled", Shape::Bool),
        ("retention_deletes_enabled", Shape::Bool),
        ("retention_period", Shape::Duration),
        ("poll_interval", Shape::Duration),
        ("creation_grace_period", Shape::Duration),
        (
            "index_tables_provisioning",
            Shape::Block(&TABLE_MANAGER_INDEX_TABLES_PROVISIONING),
        ),
        (
            "chunk_tables_provisioning",
            Shape::Block(&TABLE_MANAGER_CHUNK_TABLES_PROVISIONING),
        ),
    ],
};

/// `table_manager.chunk_tables_provisioning`.
// Source: `table_manager` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TABLE_MANAGER_CHUNK_TABLES_PROVISIONING: Block = Block {
    name: "table_manager.chunk_tables_provisioning",
    fields: &[
        ("enable_ondemand_throughput_mode", Shape::Bool),
        ("provisioned_write_throughput", INT),
        ("provisioned_read_throughput", INT),
        (
            "write_scale",
            Shape::Block(&TABLE_MANAGER_CHUNK_TABLES_PROVISIONING_WRITE_SCALE),
        ),
        (
            "read_scale",
            Shape::Block(&TABLE_MANAGER_CHUNK_TABLES_PROVISIONING_READ_SCALE),
        ),
        ("enable_inactive_throughput_on_demand_mode", Shape::Bool),
        ("inactive_write_throughput", INT),
        ("inactive_read_throughput", INT),
        (
            "inactive_write_scale",
            Shape::Block(&TABLE_MANAGER_CHUNK_TABLES_PROVISIONING_INACTIVE_WRITE_SCALE),
        ),
        (
            "inactive_read_scale",
            Shape::Block(&TABLE_MANAGER_CHUNK_TABLES_PROVISIONING_INACTIVE_READ_SCALE),
        ),
        ("inactive_write_scale_lastn", INT),
        ("inactive_read_scale_lastn", INT),
    ],
};

/// The fields of dskit's `AutoScalingConfig`, shared by the eight
/// `*_scale` blocks of `table_manager`'s provisioning.
const AUTOSCALING_FIELDS: &[(&str, Shape)] = &[
    ("enabled", Shape::Bool),
    ("role_arn", Shape::Str),
    ("min_capacity", INT),
    ("max_capacity", INT),
    ("out_cooldown", INT),
    ("in_cooldown", INT),
    ("target", Shape::Float),
];

/// `table_manager.chunk_tables_provisioning.inactive_read_scale`.
// Source: `table_manager` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TABLE_MANAGER_CHUNK_TABLES_PROVISIONING_INACTIVE_READ_SCALE: Block = Block {
    name: "table_manager.chunk_tables_provisioning.inactive_read_scale",
    fields: AUTOSCALING_FIELDS,
};

/// `table_manager.chunk_tables_provisioning.inactive_write_scale`.
// Source: `table_manager` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TABLE_MANAGER_CHUNK_TABLES_PROVISIONING_INACTIVE_WRITE_SCALE: Block = Block {
    name: "table_manager.chunk_tables_provisioning.inactive_write_scale",
    fields: AUTOSCALING_FIELDS,
};

/// `table_manager.chunk_tables_provisioning.read_scale`.
// Source: `table_manager` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TABLE_MANAGER_CHUNK_TABLES_PROVISIONING_READ_SCALE: Block = Block {
    name: "table_manager.chunk_tables_provisioning.read_scale",
    fields: AUTOSCALING_FIELDS,
};

/// `table_manager.chunk_tables_provisioning.write_scale`.
// Source: `table_manager` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TABLE_MANAGER_CHUNK_TABLES_PROVISIONING_WRITE_SCALE: Block = Block {
    name: "table_manager.chunk_tables_provisioning.write_scale",
    fields: AUTOSCALING_FIELDS,
};

/// `table_manager.index_tables_provisioning`.
// Source: `table_manager` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TABLE_MANAGER_INDEX_TABLES_PROVISIONING: Block = Block {
    name: "table_manager.index_tables_provisioning",
    fields: &[
        ("enable_ondemand_throughput_mode", Shape::Bool),
        ("provisioned_write_throughput", INT),
        ("provisioned_read_throughput", INT),
        (
            "write_scale",
            Shape::Block(&TABLE_MANAGER_INDEX_TABLES_PROVISIONING_WRITE_SCALE),
        ),
        (
            "read_scale",
            Shape::Block(&TABLE_MANAGER_INDEX_TABLES_PROVISIONING_READ_SCALE),
        ),
        ("enable_inactive_throughput_on_demand_mode", Shape::Bool),
        ("inactive_write_throughput", INT),
        ("inactive_read_throughput", INT),
        (
            "inactive_write_scale",
            Shape::Block(&TABLE_MANAGER_INDEX_TABLES_PROVISIONING_INACTIVE_WRITE_SCALE),
        ),
        (
            "inactive_read_scale",
            Shape::Block(&TABLE_MANAGER_INDEX_TABLES_PROVISIONING_INACTIVE_READ_SCALE),
        ),
        ("inactive_write_scale_lastn", INT),
        ("inactive_read_scale_lastn", INT),
    ],
};

/// `table_manager.index_tables_provisioning.inactive_read_scale`.
// Source: `table_manager` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TABLE_MANAGER_INDEX_TABLES_PROVISIONING_INACTIVE_READ_SCALE: Block = Block {
    name: "table_manager.index_tables_provisioning.inactive_read_scale",
    fields: AUTOSCALING_FIELDS,
};

/// `table_manager.index_tables_provisioning.inactive_write_scale`.
// Source: `table_manager` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TABLE_MANAGER_INDEX_TABLES_PROVISIONING_INACTIVE_WRITE_SCALE: Block = Block {
    name: "table_manager.index_tables_provisioning.inactive_write_scale",
    fields: AUTOSCALING_FIELDS,
};

/// `table_manager.index_tables_provisioning.read_scale`.
// Source: `table_manager` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TABLE_MANAGER_INDEX_TABLES_PROVISIONING_READ_SCALE: Block = Block {
    name: "table_manager.index_tables_provisioning.read_scale",
    fields: AUTOSCALING_FIELDS,
};

/// `table_manager.index_tables_provisioning.write_scale`.
// Source: `table_manager` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static TABLE_MANAGER_INDEX_TABLES_PROVISIONING_WRITE_SCALE: Block = Block {
    name: "table_manager.index_tables_provisioning.write_scale",
    fields: AUTOSCALING_FIELDS,
};

/// `limits_config`.
// Source: `limits_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static LIMITS_CONFIG: Block = Block {
    name: "limits_config",
    fields: &[
        ("ingestion_rate_strategy", Shape::Str),
        ("ingestion_rate_mb", Shape::Float),
        ("ingestion_burst_size_mb", Shape::Float),
        ("max_label_name_length", INT),
        ("max_label_value_length", INT),
        ("max_label_names_per_series", INT),
        ("reject_old_samples", Shape::Bool),
        ("reject_old_samples_max_age", Shape::Duration),
        ("creation_grace_period", Shape::Duration),
        // Gone from the 3.0 reference and source.
        ("enforce_metric_name", Shape::Until((3, 0), &Shape::Bool)),
        ("max_line_size", Shape::Size),
        ("max_line_size_truncate", Shape::Bool),
        ("increment_duplicate_timestamp", Shape::Bool),
        ("max_streams_per_user", INT),
        ("max_global_streams_per_user", INT),
        // Removed in 3.8.0 per its release notes.
        ("unordered_writes", Shape::Until((3, 8), &Shape::Bool)),
        ("per_stream_rate_limit", Shape::Size),
        ("per_stream_rate_limit_burst", Shape::Size),
        ("max_chunks_per_query", INT),
        ("max_query_series", INT),
        ("max_query_lookback", Shape::Duration),
        ("max_query_length", Shape::Duration),
        ("max_query_parallelism", INT),
        ("tsdb_max_query_parallelism", INT),
        ("cardinality_limit", INT),
        ("max_streams_matchers_per_query", INT),
        ("max_concurrent_tail_requests", INT),
        ("max_entries_limit_per_query", INT),
        ("max_cache_freshness_per_query", Shape::Duration),
        ("max_queriers_per_tenant", INT),
        ("query_ready_index_num_days", INT),
        ("query_timeout", Shape::Duration),
        ("split_queries_by_interval", Shape::Duration),
        ("min_sharding_lookback", Shape::Duration),
        // Gone from the 3.0 reference and source.
        (
            "ruler_evaluation_delay_duration",
            Shape::Until((3, 0), &Shape::Duration),
        ),
        ("ruler_max_rules_per_rule_group", INT),
        ("ruler_max_rule_groups_per_tenant", INT),
        ("ruler_tenant_shard_size", INT),
        ("ruler_remote_write_disabled", Shape::Bool),
        ("ruler_remote_write_url", Shape::Str),
        ("ruler_remote_write_timeout", Shape::Duration),
        ("ruler_remote_write_headers", Shape::Map(&Shape::Str)),
        ("ruler_remote_write_relabel_configs", Shape::Any),
        ("ruler_remote_write_queue_capacity", INT),
        ("ruler_remote_write_queue_min_shards", INT),
        ("ruler_remote_write_queue_max_shards", INT),
        ("ruler_remote_write_queue_max_samples_per_send", INT),
        (
            "ruler_remote_write_queue_batch_send_deadline",
            Shape::Duration,
        ),
        ("ruler_remote_write_queue_min_backoff", Shape::Duration),
        ("ruler_remote_write_queue_max_backoff", Shape::Duration),
        ("ruler_remote_write_queue_retry_on_ratelimit", Shape::Bool),
        (
            "ruler_remote_write_sigv4_config",
            Shape::Block(&LIMITS_CONFIG_RULER_REMOTE_WRITE_SIGV4_CONFIG),
        ),
        ("ruler_remote_write_config", Shape::Any),
        ("deletion_mode", Shape::Str),
        ("retention_period", Shape::Duration),
        ("retention_stream", Shape::Any),
        ("per_tenant_override_config", Shape::Str),
        ("per_tenant_override_period", Shape::Duration),
        // Removed in 3.8.0 per its release notes.
        ("allow_deletes", Shape::Until((3, 8), &Shape::Bool)),
        ("shard_streams", Shape::Block(&LIMITS_CONFIG_SHARD_STREAMS)),
        ("blocked_queries", Shape::Any),
        ("max_query_range", Shape::Since((2, 9), &Shape::Duration)),
        (
            "tsdb_max_bytes_per_shard",
            Shape::Since((2, 9), &Shape::Size),
        ),
        (
            "max_stats_cache_freshness",
            Shape::Since((2, 9), &Shape::Duration),
        ),
        ("max_query_bytes_read", Shape::Since((2, 9), &Shape::Size)),
        ("max_querier_bytes_read", Shape::Since((2, 9), &Shape::Size)),
        ("volume_enabled", Shape::Since((2, 9), &Shape::Bool)),
        ("volume_max_series", Shape::Since((2, 9), &INT)),
        (
            "ruler_remote_evaluation_timeout",
            Shape::Since((2, 9), &Shape::Duration),
        ),
        (
            "ruler_remote_evaluation_max_response_size",
            Shape::Since((2, 9), &INT),
        ),
        (
            "required_labels",
            Shape::Since((2, 9), &Shape::List(&Shape::Str)),
        ),
        ("minimum_labels_number", Shape::Since((2, 9), &INT)),
        ("index_gateway_shard_size", Shape::Since((2, 9), &INT)),
        (
            "allow_structured_metadata",
            Shape::Since((2, 9), &Shape::Bool),
        ),
        (
            "discover_service_name",
            Shape::Since((3, 0), &Shape::List(&Shape::Str)),
        ),
        ("discover_log_levels", Shape::Since((3, 0), &Shape::Bool)),
        ("tsdb_sharding_strategy", Shape::Since((3, 0), &Shape::Str)),
        (
            "max_metadata_cache_freshness",
            Shape::Since((3, 0), &Shape::Duration),
        ),
        ("max_query_capacity", Shape::Since((3, 0), &Shape::Float)),
        (
            "split_metadata_queries_by_interval",
            Shape::Since((3, 0), &Shape::Duration),
        ),
        (
            "split_recent_metadata_queries_by_interval",
            Shape::Since((3, 0), &Shape::Duration),
        ),
        (
            "recent_metadata_query_window",
            Shape::Since((3, 0), &Shape::Duration),
        ),
        (
            "split_instant_metric_queries_by_interval",
            Shape::Since((3, 0), &Shape::Duration),
        ),
        (
            "split_ingester_queries_by_interval",
            Shape::Since((3, 0), &Shape::Duration),
        ),
        // Gone from the 3.4 reference and source.
        (
            "bloom_gateway_shard_size",
            Shape::Since((3, 0), &Shape::Until((3, 4), &INT)),
        ),
        (
            "bloom_gateway_enable_filtering",
            Shape::Since((3, 0), &Shape::Bool),
        ),
        // Gone from the 3.4 reference and source.
        (
            "bloom_gateway_cache_key_interval",
            Shape::Since((3, 0), &Shape::Until((3, 4), &Shape::Duration)),
        ),
        // Gone from the 3.2 reference and source.
        (
            "bloom_compactor_shard_size",
            Shape::Since((3, 0), &Shape::Until((3, 2), &INT)),
        ),
        // Gone from the 3.2 reference and source.
        (
            "bloom_compactor_enable_compaction",
            Shape::Since((3, 0), &Shape::Until((3, 2), &Shape::Bool)),
        ),
        // Gone from the 3.2 reference and source.
        (
            "bloom_compactor_max_block_size",
            Shape::Since((3, 0), &Shape::Until((3, 2), &Shape::Size)),
        ),
        // Gone from the 3.3 reference and source.
        (
            "bloom_ngram_length",
            Shape::Since((3, 0), &Shape::Until((3, 3), &INT)),
        ),
        // Gone from the 3.3 reference and source.
        (
            "bloom_ngram_skip",
            Shape::Since((3, 0), &Shape::Until((3, 3), &INT)),
        ),
        // Gone from the 3.3 reference and source.
        (
            "bloom_false_positive_rate",
            Shape::Since((3, 0), &Shape::Until((3, 3), &Shape::Float)),
        ),
        ("bloom_block_encoding", Shape::Since((3, 0), &Shape::Str)),
        (
            "max_structured_metadata_size",
            Shape::Since((3, 0), &Shape::Size),
        ),
        (
            "max_structured_metadata_entries_count",
            Shape::Since((3, 0), &INT),
        ),
        (
            "otlp_config",
            Shape::Since((3, 0), &Shape::Block(&LIMITS_CONFIG_OTLP_CONFIG)),
        ),
        ("use_owned_stream_count", Shape::Since((3, 1), &Shape::Bool)),
        ("tsdb_precompute_chunks", Shape::Since((3, 1), &Shape::Bool)),
        // Gone from the 3.2 reference and source.
        (
            "bloom_compactor_max_bloom_size",
            Shape::Since((3, 1), &Shape::Until((3, 2), &INT)),
        ),
        ("bloom_creation_enabled", Shape::Since((3, 1), &Shape::Bool)),
        ("bloom_split_series_keyspace_by", Shape::Since((3, 1), &INT)),
        ("bloom_build_max_builders", Shape::Since((3, 1), &INT)),
        (
            "bloom_build_builder_response_timeout",
            Shape::Since((3, 1), &Shape::Duration),
        ),
        ("bloom_build_task_max_retries", Shape::Since((3, 1), &INT)),
        ("bloom_max_block_size", Shape::Since((3, 2), &Shape::Size)),
        ("bloom_max_bloom_size", Shape::Since((3, 2), &Shape::Size)),
        ("block_ingestion_until", Shape::Since((3, 2), &Shape::Str)),
        ("block_ingestion_status_code", Shape::Since((3, 2), &INT)),
        ("bloom_planning_strategy", Shape::Since((3, 3), &Shape::Str)),
        (
            "bloom_task_target_series_chunk_size",
            Shape::Since((3, 3), &Shape::Size),
        ),
        (
            "ingestion_partitions_tenant_shard_size",
            Shape::Since((3, 3), &INT),
        ),
        ("shard_aggregations", Shape::List(&Shape::Str)),
        (
            "metric_aggregation_enabled",
            Shape::Since((3, 3), &Shape::Bool),
        ),
        ("s3_sse_type", Shape::Since((3, 3), &Shape::Str)),
        ("s3_sse_kms_key_id", Shape::Since((3, 3), &Shape::Str)),
        (
            "s3_sse_kms_encryption_context",
            Shape::Since((3, 3), &Shape::Str),
        ),
        (
            "discover_generic_fields",
            Shape::Since(
                (3, 4),
                &Shape::Block(&LIMITS_CONFIG_DISCOVER_GENERIC_FIELDS),
            ),
        ),
        (
            "log_level_fields",
            Shape::Since((3, 4), &Shape::List(&Shape::Str)),
        ),
        ("bloom_prefetch_blocks", Shape::Since((3, 4), &Shape::Bool)),
        (
            "enforced_labels",
            Shape::Since((3, 4), &Shape::List(&Shape::Str)),
        ),
        (
            "simulated_push_latency",
            Shape::Since((3, 5), &Shape::Duration),
        ),
        (
            "enable_multi_variant_queries",
            Shape::Since((3, 5), &Shape::Bool),
        ),
        ("log_level_from_json_max_depth", Shape::Since((3, 5), &INT)),
        (
            "ruler_enable_wal_replay",
            Shape::Since((3, 5), &Shape::Bool),
        ),
        (
            "block_ingestion_policy_until",
            Shape::Since((3, 5), &Shape::Any),
        ),
        (
            "policy_enforced_labels",
            Shape::Since((3, 5), &Shape::Map(&Shape::List(&Shape::Str))),
        ),
        ("policy_stream_mapping", Shape::Since((3, 5), &Shape::Any)),
        (
            "max_line_size_truncate_identifier",
            Shape::Since((3, 6), &Shape::Str),
        ),
        (
            "pattern_persistence_enabled",
            Shape::Since((3, 6), &Shape::Bool),
        ),
        (
            "pattern_persistence_granularity",
            Shape::Since((3, 6), &Shape::Duration),
        ),
        (
            "pattern_rate_threshold",
            Shape::Since((3, 6), &Shape::Float),
        ),
        (
            "engine_results_cache_time_bucket_interval",
            Shape::Since((3, 7), &Shape::Duration),
        ),
        (
            "index_gateway_max_capacity",
            Shape::Since((3, 7), &Shape::Float),
        ),
        (
            "pattern_ingester_tokenizable_json_fields_default",
            Shape::Str,
        ),
        (
            "pattern_ingester_tokenizable_json_fields_append",
            Shape::Str,
        ),
        (
            "pattern_ingester_tokenizable_json_fields_delete",
            Shape::Str,
        ),
        ("max_scan_task_parallelism", Shape::Since((3, 7), &INT)),
        ("debug_engine_tasks", Shape::Since((3, 7), &Shape::Bool)),
        ("debug_engine_streams", Shape::Since((3, 7), &Shape::Bool)),
        ("dataobj_index_compaction_enabled", Shape::Bool),
        ("dataobj_log_compaction_enabled", Shape::Bool),
        // Hidden from the reference, read by the file.
        ("ruler_alertmanager_config", Shape::Any),
        // Hidden from the reference, read by the file.
        ("policy_override_limits", Shape::Any),
        // Hidden from the reference, read by the file.
        ("sort_schema", Shape::Any),
    ],
};

/// `limits_config.discover_generic_fields`.
// Source: `limits_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static LIMITS_CONFIG_DISCOVER_GENERIC_FIELDS: Block = Block {
    name: "limits_config.discover_generic_fields",
    fields: &[("fields", Shape::Map(&Shape::List(&Shape::Str)))],
};

/// `limits_config.otlp_config`.
// Source: `limits_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static LIMITS_CONFIG_OTLP_CONFIG: Block = Block {
    name: "limits_config.otlp_config",
    fields: &[
        (
            "resource_attributes",
            Shape::Since(
                (3, 0),
                &Shape::Block(&LIMITS_CONFIG_OTLP_CONFIG_RESOURCE_ATTRIBUTES),
            ),
        ),
        ("scope_attributes", Shape::Since((3, 0), &Shape::Any)),
        ("log_attributes", Shape::Since((3, 0), &Shape::Any)),
        ("severity_text_as_label", Shape::Since((3, 5), &Shape::Bool)),
    ],
};

/// `limits_config.otlp_config.resource_attributes`.
// Source: `limits_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static LIMITS_CONFIG_OTLP_CONFIG_RESOURCE_ATTRIBUTES: Block = Block {
    name: "limits_config.otlp_config.resource_attributes",
    fields: &[
        ("ignore_defaults", Shape::Since((3, 0), &Shape::Bool)),
        ("attributes_config", Shape::Since((3, 0), &Shape::Any)),
    ],
};

/// `limits_config.shard_streams`.
// Source: `limits_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static LIMITS_CONFIG_SHARD_STREAMS: Block = Block {
    name: "limits_config.shard_streams",
    fields: &[
        ("enabled", Shape::Bool),
        ("logging_enabled", Shape::Bool),
        ("desired_rate", Shape::Size),
        ("time_sharding_enabled", Shape::Since((3, 4), &Shape::Bool)),
        (
            "time_sharding_ignore_recent",
            Shape::Since((3, 4), &Shape::Duration),
        ),
    ],
};

/// `limits_config.ruler_remote_write_sigv4_config`.
// Source: `limits_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static LIMITS_CONFIG_RULER_REMOTE_WRITE_SIGV4_CONFIG: Block = Block {
    name: "limits_config.ruler_remote_write_sigv4_config",
    fields: &[
        ("region", Shape::Str),
        ("access_key", Shape::Str),
        ("secret_key", Shape::Str),
        ("profile", Shape::Str),
        ("role_arn", Shape::Str),
    ],
};

/// `compactor`.
// Source: `compactor` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static COMPACTOR: Block = Block {
    name: "compactor",
    fields: &[
        ("working_directory", Shape::Str),
        // Gone from the 3.0 reference and source.
        ("shared_store", Shape::Until((3, 0), &Shape::Str)),
        // Gone from the 3.0 reference and source.
        ("shared_store_key_prefix", Shape::Until((3, 0), &Shape::Str)),
        ("compaction_interval", Shape::Duration),
        ("apply_retention_interval", Shape::Duration),
        ("retention_enabled", Shape::Bool),
        ("retention_delete_delay", Shape::Duration),
        ("retention_delete_worker_count", INT),
        ("retention_table_timeout", Shape::Duration),
        ("delete_batch_size", INT),
        ("delete_request_cancel_period", Shape::Duration),
        ("delete_max_interval", Shape::Duration),
        ("max_compaction_parallelism", INT),
        ("upload_parallelism", INT),
        ("compactor_ring", Shape::Block(&COMPACTOR_COMPACTOR_RING)),
        ("tables_to_compact", INT),
        ("skip_latest_n_tables", INT),
        // Removed in 3.0 per the upgrade guide.
        ("deletion_mode", Shape::Until((3, 0), &Shape::Str)),
        ("delete_request_store", Shape::Since((2, 9), &Shape::Str)),
        (
            "delete_request_store_key_prefix",
            Shape::Since((3, 0), &Shape::Str),
        ),
        (
            "retention_backoff_config",
            Shape::Since((3, 3), &Shape::Block(&COMPACTOR_RETENTION_BACKOFF_CONFIG)),
        ),
        (
            "delete_request_store_db_type",
            Shape::Since((3, 5), &Shape::Str),
        ),
        (
            "backup_delete_request_store_db_type",
            Shape::Since((3, 5), &Shape::Str),
        ),
        ("horizontal_scaling_mode", Shape::Since((3, 6), &Shape::Str)),
        (
            "worker_config",
            Shape::Since((3, 6), &Shape::Block(&COMPACTOR_WORKER_CONFIG)),
        ),
        (
            "jobs_config",
            Shape::Since((3, 6), &Shape::Block(&COMPACTOR_JOBS_CONFIG)),
        ),
        (
            "deletion_marker_object_store_prefix",
            Shape::Since((3, 7), &Shape::Str),
        ),
    ],
};

/// `compactor.jobs_config`.
// Source: `compactor` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static COMPACTOR_JOBS_CONFIG: Block = Block {
    name: "compactor.jobs_config",
    fields: &[(
        "deletion",
        Shape::Since((3, 6), &Shape::Block(&COMPACTOR_JOBS_CONFIG_DELETION)),
    )],
};

/// `compactor.jobs_config.deletion`.
// Source: `compactor` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static COMPACTOR_JOBS_CONFIG_DELETION: Block = Block {
    name: "compactor.jobs_config.deletion",
    fields: &[
        (
            "deletion_manifest_store_prefix",
            Shape::Since((3, 6), &Shape::Str),
        ),
        ("chunk_processing_concurrency", Shape::Since((3, 6), &INT)),
        ("timeout", Shape::Duration),
        ("max_retries", INT),
    ],
};

/// `compactor.worker_config`.
// Source: `compactor` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static COMPACTOR_WORKER_CONFIG: Block = Block {
    name: "compactor.worker_config",
    fields: &[("num_sub_workers", Shape::Since((3, 6), &INT))],
};

/// `compactor.retention_backoff_config`.
// Source: `compactor` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static COMPACTOR_RETENTION_BACKOFF_CONFIG: Block = Block {
    name: "compactor.retention_backoff_config",
    fields: &[
        ("min_period", Shape::Duration),
        ("max_period", Shape::Duration),
        ("max_retries", INT),
    ],
};

/// `compactor.compactor_ring`.
// Source: `compactor` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static COMPACTOR_COMPACTOR_RING: Block = Block {
    name: "compactor.compactor_ring",
    fields: &[
        ("kvstore", Shape::Block(&COMPACTOR_COMPACTOR_RING_KVSTORE)),
        ("heartbeat_period", Shape::Duration),
        ("heartbeat_timeout", Shape::Duration),
        ("tokens_file_path", Shape::Str),
        ("zone_awareness_enabled", Shape::Bool),
        ("instance_id", Shape::Str),
        ("instance_interface_names", Shape::List(&Shape::Str)),
        ("instance_port", INT),
        ("instance_addr", Shape::Str),
        ("instance_availability_zone", Shape::Str),
        ("instance_enable_ipv6", Shape::Since((2, 9), &Shape::Bool)),
    ],
};

/// `compactor.compactor_ring.kvstore`.
// Source: `compactor` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static COMPACTOR_COMPACTOR_RING_KVSTORE: Block = Block {
    name: "compactor.compactor_ring.kvstore",
    fields: &[
        ("store", Shape::Str),
        ("prefix", Shape::Str),
        ("consul", Shape::Any),
        ("etcd", Shape::Any),
        (
            "multi",
            Shape::Block(&COMPACTOR_COMPACTOR_RING_KVSTORE_MULTI),
        ),
    ],
};

/// The fields of dskit's `kv.MultiConfig`, shared by the rings that write
/// them out in full.
const KVSTORE_MULTI_FIELDS: &[(&str, Shape)] = &[
    ("primary", Shape::Str),
    ("secondary", Shape::Str),
    ("mirror_enabled", Shape::Bool),
    ("mirror_timeout", Shape::Duration),
];

/// `compactor.compactor_ring.kvstore.multi`.
// Source: `compactor` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static COMPACTOR_COMPACTOR_RING_KVSTORE_MULTI: Block = Block {
    name: "compactor.compactor_ring.kvstore.multi",
    fields: KVSTORE_MULTI_FIELDS,
};

/// `schema_config`.
// Source: `schema_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static SCHEMA_CONFIG: Block = Block {
    name: "schema_config",
    fields: &[(
        "configs",
        Shape::List(&Shape::Block(&SCHEMA_CONFIG_CONFIGS)),
    )],
};

/// `schema_config.configs[]`.
// Source: `period_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static SCHEMA_CONFIG_CONFIGS: Block = Block {
    name: "schema_config.configs[]",
    fields: &[
        ("from", Shape::Str),
        ("store", Shape::Choice(STORES)),
        ("object_store", Shape::Str),
        // The versions Loki accepts (v9 to v14, the `v` optional) are
        // checked by `loki-schema-config-invalid`.
        ("schema", Shape::Str),
        ("index", Shape::Block(&SCHEMA_CONFIG_CONFIGS_INDEX)),
        ("chunks", Shape::Block(&SCHEMA_CONFIG_CONFIGS_CHUNKS)),
        ("row_shards", INT),
    ],
};

/// `schema_config.configs[].chunks`.
// Source: `period_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static SCHEMA_CONFIG_CONFIGS_CHUNKS: Block = Block {
    name: "schema_config.configs[].chunks",
    fields: &[
        ("prefix", Shape::Str),
        ("period", Shape::Duration),
        ("tags", Shape::Map(&Shape::Str)),
    ],
};

/// `schema_config.configs[].index`.
// Source: `period_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static SCHEMA_CONFIG_CONFIGS_INDEX: Block = Block {
    name: "schema_config.configs[].index",
    fields: &[
        ("prefix", Shape::Str),
        ("period", Shape::Duration),
        ("tags", Shape::Map(&Shape::Str)),
        ("path_prefix", Shape::Str),
    ],
};

/// `chunk_store_config`.
// Source: `chunk_store_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static CHUNK_STORE_CONFIG: Block = Block {
    name: "chunk_store_config",
    fields: &[
        ("chunk_cache_config", Shape::Any),
        // Removed in 3.8.0 per its release notes.
        (
            "write_dedupe_cache_config",
            Shape::Until((3, 8), &Shape::Any),
        ),
        ("cache_lookups_older_than", Shape::Duration),
        // Removed in 3.0 per the upgrade guide.
        (
            "max_look_back_period",
            Shape::Until((3, 0), &Shape::Duration),
        ),
        ("chunk_cache_config_l2", Shape::Any),
        ("l2_chunk_cache_handoff", Shape::Duration),
        (
            "skip_query_writeback_cache_older_than",
            Shape::Since((3, 4), &Shape::Duration),
        ),
    ],
};

/// `storage_config`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG: Block = Block {
    name: "storage_config",
    fields: &[
        ("alibabacloud", Shape::Any),
        ("aws", Shape::Any),
        ("azure", Shape::Any),
        ("bos", Shape::Any),
        // Removed in 3.8.0 per its release notes.
        (
            "bigtable",
            Shape::Until((3, 8), &Shape::Block(&STORAGE_CONFIG_BIGTABLE)),
        ),
        ("gcs", Shape::Any),
        // Removed in 3.8.0 per its release notes.
        (
            "cassandra",
            Shape::Until((3, 8), &Shape::Block(&STORAGE_CONFIG_CASSANDRA)),
        ),
        // Removed in 3.8.0 per its release notes.
        (
            "boltdb",
            Shape::Until((3, 8), &Shape::Block(&STORAGE_CONFIG_BOLTDB)),
        ),
        ("filesystem", Shape::Any),
        ("swift", Shape::Any),
        // Removed in 3.8.0 per its release notes.
        (
            "grpc_store",
            Shape::Until((3, 8), &Shape::Block(&STORAGE_CONFIG_GRPC_STORE)),
        ),
        ("hedging", Shape::Block(&STORAGE_CONFIG_HEDGING)),
        ("named_stores", Shape::Any),
        // Removed in 3.8.0 per its release notes.
        (
            "index_cache_validity",
            Shape::Until((3, 8), &Shape::Duration),
        ),
        // Removed in 3.8.0 per its release notes.
        (
            "index_queries_cache_config",
            Shape::Until((3, 8), &Shape::Any),
        ),
        ("disable_broad_index_queries", Shape::Bool),
        ("max_parallel_get_chunk", INT),
        ("max_chunk_batch_size", INT),
        // Removed in 3.8.0 per its release notes.
        (
            "boltdb_shipper",
            Shape::Until((3, 8), &Shape::Block(&STORAGE_CONFIG_BOLTDB_SHIPPER)),
        ),
        ("tsdb_shipper", Shape::Block(&STORAGE_CONFIG_TSDB_SHIPPER)),
        ("cos", Shape::Since((2, 9), &Shape::Any)),
        (
            "congestion_control",
            Shape::Since((3, 0), &Shape::Block(&STORAGE_CONFIG_CONGESTION_CONTROL)),
        ),
        ("object_prefix", Shape::Since((3, 0), &Shape::Str)),
        ("bloom_shipper", Shape::Since((3, 0), &Shape::Any)),
        ("use_thanos_objstore", Shape::Bool),
        ("object_store", Shape::Any),
    ],
};

/// `storage_config.congestion_control`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_CONGESTION_CONTROL: Block = Block {
    name: "storage_config.congestion_control",
    fields: &[
        ("enabled", Shape::Bool),
        (
            "controller",
            Shape::Since(
                (3, 0),
                &Shape::Block(&STORAGE_CONFIG_CONGESTION_CONTROL_CONTROLLER),
            ),
        ),
        (
            "retry",
            Shape::Since(
                (3, 0),
                &Shape::Block(&STORAGE_CONFIG_CONGESTION_CONTROL_RETRY),
            ),
        ),
        (
            "hedging",
            Shape::Block(&STORAGE_CONFIG_CONGESTION_CONTROL_HEDGING),
        ),
    ],
};

/// `storage_config.congestion_control.hedging`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_CONGESTION_CONTROL_HEDGING: Block = Block {
    name: "storage_config.congestion_control.hedging",
    fields: &[
        (
            "config",
            Shape::Since(
                (3, 0),
                &Shape::Block(&STORAGE_CONFIG_CONGESTION_CONTROL_HEDGING_CONFIG),
            ),
        ),
        ("strategy", Shape::Since((3, 0), &Shape::Str)),
    ],
};

/// The fields of Loki's `hedging.Config`, shared by the two places that
/// take it.
const HEDGING_FIELDS: &[(&str, Shape)] = &[
    ("at", Shape::Duration),
    ("up_to", INT),
    ("max_per_second", INT),
];

/// `storage_config.congestion_control.hedging.config`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_CONGESTION_CONTROL_HEDGING_CONFIG: Block = Block {
    name: "storage_config.congestion_control.hedging.config",
    fields: HEDGING_FIELDS,
};

/// `storage_config.congestion_control.retry`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_CONGESTION_CONTROL_RETRY: Block = Block {
    name: "storage_config.congestion_control.retry",
    fields: &[
        ("strategy", Shape::Since((3, 0), &Shape::Str)),
        ("limit", INT),
    ],
};

/// `storage_config.congestion_control.controller`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_CONGESTION_CONTROL_CONTROLLER: Block = Block {
    name: "storage_config.congestion_control.controller",
    fields: &[
        ("strategy", Shape::Since((3, 0), &Shape::Str)),
        (
            "aimd",
            Shape::Since(
                (3, 0),
                &Shape::Block(&STORAGE_CONFIG_CONGESTION_CONTROL_CONTROLLER_AIMD),
            ),
        ),
    ],
};

/// `storage_config.congestion_control.controller.aimd`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_CONGESTION_CONTROL_CONTROLLER_AIMD: Block = Block {
    name: "storage_config.congestion_control.controller.aimd",
    fields: &[
        ("start", Shape::Since((3, 0), &INT)),
        ("upper_bound", Shape::Since((3, 0), &INT)),
        ("backoff_factor", Shape::Since((3, 0), &Shape::Float)),
    ],
};

/// `storage_config.tsdb_shipper`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_TSDB_SHIPPER: Block = Block {
    name: "storage_config.tsdb_shipper",
    fields: &[
        ("active_index_directory", Shape::Str),
        // Gone from the 3.0 reference and source.
        ("shared_store", Shape::Until((3, 0), &Shape::Str)),
        // Gone from the 3.0 reference and source.
        ("shared_store_key_prefix", Shape::Until((3, 0), &Shape::Str)),
        ("cache_location", Shape::Str),
        ("cache_ttl", Shape::Duration),
        ("resync_interval", Shape::Duration),
        ("query_ready_num_days", INT),
        (
            "index_gateway_client",
            Shape::Block(&STORAGE_CONFIG_TSDB_SHIPPER_INDEX_GATEWAY_CLIENT),
        ),
        // Gone from the 3.0 reference and source.
        (
            "use_boltdb_shipper_as_backup",
            Shape::Until((3, 0), &Shape::Bool),
        ),
        ("ingestername", Shape::Str),
        ("mode", Shape::Str),
        ("ingesterdbretainperiod", Shape::Duration),
        // Gone from the 3.0 reference and source.
        (
            "enable_postings_cache",
            Shape::Since((2, 9), &Shape::Until((3, 0), &Shape::Bool)),
        ),
        ("download_timeout", Shape::Duration),
        ("index_reader_mode", Shape::Str),
        ("streaming_index_max_idle_file_handles", INT),
        // Hidden from the reference, read by the file.
        ("shadow_index_gateway_client", Shape::Any),
    ],
};

/// `storage_config.tsdb_shipper.index_gateway_client`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_TSDB_SHIPPER_INDEX_GATEWAY_CLIENT: Block = Block {
    name: "storage_config.tsdb_shipper.index_gateway_client",
    fields: &[
        ("grpc_client_config", Shape::Any),
        ("server_address", Shape::Str),
        ("log_gateway_requests", Shape::Bool),
        (
            "time_based_sharding_buckets",
            Shape::Since((3, 6), &Shape::List(&Shape::Str)),
        ),
        ("min_shuffle_shard_size", INT),
    ],
};

/// `storage_config.boltdb_shipper`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_BOLTDB_SHIPPER: Block = Block {
    name: "storage_config.boltdb_shipper",
    fields: &[
        ("active_index_directory", Shape::Str),
        // Gone from the 3.0 reference and source.
        ("shared_store", Shape::Until((3, 0), &Shape::Str)),
        // Gone from the 3.0 reference and source.
        ("shared_store_key_prefix", Shape::Until((3, 0), &Shape::Str)),
        ("cache_location", Shape::Str),
        ("cache_ttl", Shape::Duration),
        ("resync_interval", Shape::Duration),
        ("query_ready_num_days", INT),
        (
            "index_gateway_client",
            Shape::Block(&STORAGE_CONFIG_BOLTDB_SHIPPER_INDEX_GATEWAY_CLIENT),
        ),
        // Gone from the 3.0 reference and source.
        (
            "use_boltdb_shipper_as_backup",
            Shape::Until((3, 0), &Shape::Bool),
        ),
        ("ingestername", Shape::Str),
        ("mode", Shape::Str),
        ("ingesterdbretainperiod", Shape::Duration),
        ("build_per_tenant_index", Shape::Bool),
        // Hidden from the reference, read by the file.
        ("shadow_index_gateway_client", Shape::Any),
    ],
};

/// `storage_config.boltdb_shipper.index_gateway_client`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_BOLTDB_SHIPPER_INDEX_GATEWAY_CLIENT: Block = Block {
    name: "storage_config.boltdb_shipper.index_gateway_client",
    fields: &[
        ("grpc_client_config", Shape::Any),
        ("server_address", Shape::Str),
        ("log_gateway_requests", Shape::Bool),
        (
            "time_based_sharding_buckets",
            Shape::Since((3, 6), &Shape::List(&Shape::Str)),
        ),
    ],
};

/// `storage_config.hedging`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_HEDGING: Block = Block {
    name: "storage_config.hedging",
    fields: HEDGING_FIELDS,
};

/// `storage_config.grpc_store`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_GRPC_STORE: Block = Block {
    name: "storage_config.grpc_store",
    fields: &[("server_address", Shape::Str)],
};

/// `storage_config.boltdb`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_BOLTDB: Block = Block {
    name: "storage_config.boltdb",
    fields: &[("directory", Shape::Str)],
};

/// `storage_config.cassandra`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_CASSANDRA: Block = Block {
    name: "storage_config.cassandra",
    fields: &[
        ("addresses", Shape::Str),
        ("port", INT),
        ("keyspace", Shape::Str),
        ("consistency", Shape::Str),
        ("replication_factor", INT),
        ("disable_initial_host_lookup", Shape::Bool),
        ("SSL", Shape::Bool),
        ("host_verification", Shape::Bool),
        ("host_selection_policy", Shape::Str),
        ("CA_path", Shape::Str),
        ("tls_cert_path", Shape::Str),
        ("tls_key_path", Shape::Str),
        ("auth", Shape::Bool),
        ("username", Shape::Str),
        ("password", Shape::Str),
        ("password_file", Shape::Str),
        ("custom_authenticators", Shape::List(&Shape::Str)),
        ("timeout", Shape::Duration),
        ("connect_timeout", Shape::Duration),
        ("reconnect_interval", Shape::Duration),
        ("max_retries", INT),
        ("retry_max_backoff", Shape::Duration),
        ("retry_min_backoff", Shape::Duration),
        ("query_concurrency", INT),
        ("num_connections", INT),
        ("convict_hosts_on_failure", Shape::Bool),
        ("table_options", Shape::Str),
    ],
};

/// `storage_config.bigtable`.
// Source: `storage_config` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static STORAGE_CONFIG_BIGTABLE: Block = Block {
    name: "storage_config.bigtable",
    fields: &[
        ("project", Shape::Str),
        ("instance", Shape::Str),
        ("grpc_client_config", Shape::Any),
        ("table_cache_enabled", Shape::Bool),
        ("table_cache_expiration", Shape::Duration),
    ],
};

/// `ingester`.
// Source: `ingester` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static INGESTER: Block = Block {
    name: "ingester",
    fields: &[
        ("lifecycler", Shape::Any),
        // Gone from the 3.0 reference and source.
        ("max_transfer_retries", Shape::Until((3, 0), &INT)),
        ("concurrent_flushes", INT),
        ("flush_check_period", Shape::Duration),
        ("flush_op_timeout", Shape::Duration),
        ("chunk_retain_period", Shape::Duration),
        ("chunk_idle_period", Shape::Duration),
        ("chunk_block_size", INT),
        ("chunk_target_size", INT),
        ("chunk_encoding", Shape::Str),
        ("max_chunk_age", Shape::Duration),
        ("autoforget_unhealthy", Shape::Bool),
        ("sync_period", Shape::Duration),
        ("sync_min_utilization", Shape::Float),
        ("max_returned_stream_errors", INT),
        ("query_store_max_look_back_period", Shape::Duration),
        ("wal", Shape::Block(&INGESTER_WAL)),
        ("index_shards", INT),
        ("max_dropped_streams", INT),
        ("flush_op_backoff", Shape::Block(&INGESTER_FLUSH_OP_BACKOFF)),
        ("shutdown_marker_path", Shape::Since((2, 9), &Shape::Str)),
        (
            "owned_streams_check_interval",
            Shape::Since((3, 1), &Shape::Duration),
        ),
        (
            "kafka_ingestion",
            Shape::Since((3, 3), &Shape::Block(&INGESTER_KAFKA_INGESTION)),
        ),
        (
            "delegate_stream_limits_enabled",
            Shape::Since((3, 7), &Shape::Bool),
        ),
    ],
};

/// `ingester.kafka_ingestion`.
// Source: `ingester` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static INGESTER_KAFKA_INGESTION: Block = Block {
    name: "ingester.kafka_ingestion",
    fields: &[
        ("enabled", Shape::Bool),
        (
            "partition_ring",
            Shape::Block(&INGESTER_KAFKA_INGESTION_PARTITION_RING),
        ),
    ],
};

/// `ingester.kafka_ingestion.partition_ring`.
// Source: `ingester` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static INGESTER_KAFKA_INGESTION_PARTITION_RING: Block = Block {
    name: "ingester.kafka_ingestion.partition_ring",
    fields: &[
        (
            "kvstore",
            Shape::Block(&INGESTER_KAFKA_INGESTION_PARTITION_RING_KVSTORE),
        ),
        ("min_partition_owners_count", INT),
        ("min_partition_owners_duration", Shape::Duration),
        ("delete_inactive_partition_after", Shape::Duration),
        ("shuffle_shard_cache_size", Shape::Since((3, 7), &INT)),
    ],
};

/// `ingester.kafka_ingestion.partition_ring.kvstore`.
// Source: `ingester` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static INGESTER_KAFKA_INGESTION_PARTITION_RING_KVSTORE: Block = Block {
    name: "ingester.kafka_ingestion.partition_ring.kvstore",
    fields: &[
        ("store", Shape::Str),
        ("prefix", Shape::Str),
        ("consul", Shape::Any),
        ("etcd", Shape::Any),
        (
            "multi",
            Shape::Block(&INGESTER_KAFKA_INGESTION_PARTITION_RING_KVSTORE_MULTI),
        ),
    ],
};

/// `ingester.kafka_ingestion.partition_ring.kvstore.multi`.
// Source: `ingester` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static INGESTER_KAFKA_INGESTION_PARTITION_RING_KVSTORE_MULTI: Block = Block {
    name: "ingester.kafka_ingestion.partition_ring.kvstore.multi",
    fields: KVSTORE_MULTI_FIELDS,
};

/// `ingester.flush_op_backoff`.
// Source: `ingester` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static INGESTER_FLUSH_OP_BACKOFF: Block = Block {
    name: "ingester.flush_op_backoff",
    fields: &[
        ("min_period", Shape::Duration),
        ("max_period", Shape::Duration),
        ("max_retries", INT),
    ],
};

/// `ingester.wal`.
// Source: `ingester` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static INGESTER_WAL: Block = Block {
    name: "ingester.wal",
    fields: &[
        ("enabled", Shape::Bool),
        ("dir", Shape::Str),
        ("checkpoint_duration", Shape::Duration),
        ("flush_on_shutdown", Shape::Bool),
        ("replay_memory_ceiling", Shape::Size),
        ("disk_full_threshold", Shape::Since((3, 7), &Shape::Float)),
    ],
};

/// `ruler`.
// Source: `ruler` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static RULER: Block = Block {
    name: "ruler",
    fields: &[
        ("external_url", Shape::Str),
        ("external_labels", Shape::Map(&Shape::Str)),
        ("ruler_client", Shape::Any),
        ("evaluation_interval", Shape::Duration),
        ("poll_interval", Shape::Duration),
        ("storage", Shape::Any),
        ("rule_path", Shape::Str),
        ("alertmanager_url", Shape::Str),
        ("enable_alertmanager_discovery", Shape::Bool),
        ("alertmanager_refresh_interval", Shape::Duration),
        ("enable_alertmanager_v2", Shape::Bool),
        ("alert_relabel_configs", Shape::Any),
        ("notification_queue_capacity", INT),
        ("notification_timeout", Shape::Duration),
        (
            "alertmanager_client",
            Shape::Block(&RULER_ALERTMANAGER_CLIENT),
        ),
        ("for_outage_tolerance", Shape::Duration),
        ("for_grace_period", Shape::Duration),
        ("resend_delay", Shape::Duration),
        ("enable_sharding", Shape::Bool),
        ("sharding_strategy", Shape::Str),
        ("sharding_algo", Shape::Str),
        ("search_pending_for", Shape::Duration),
        ("ring", Shape::Any),
        ("flush_period", Shape::Duration),
        ("enable_api", Shape::Bool),
        ("enabled_tenants", Shape::Str),
        ("disabled_tenants", Shape::Str),
        ("query_stats_enabled", Shape::Bool),
        ("disable_rule_group_label", Shape::Bool),
        ("wal", Shape::Block(&RULER_WAL)),
        ("wal_cleaner", Shape::Block(&RULER_WAL_CLEANER)),
        ("remote_write", Shape::Block(&RULER_REMOTE_WRITE)),
        ("datasource_uid", Shape::Since((2, 9), &Shape::Str)),
        (
            "evaluation",
            Shape::Since((2, 9), &Shape::Block(&RULER_EVALUATION)),
        ),
    ],
};

/// `ruler.evaluation`.
// Source: `ruler` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static RULER_EVALUATION: Block = Block {
    name: "ruler.evaluation",
    fields: &[
        ("mode", Shape::Str),
        ("max_jitter", Shape::Since((2, 9), &Shape::Duration)),
        (
            "query_frontend",
            Shape::Since((2, 9), &Shape::Block(&RULER_EVALUATION_QUERY_FRONTEND)),
        ),
    ],
};

/// `ruler.evaluation.query_frontend`.
// Source: `ruler` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static RULER_EVALUATION_QUERY_FRONTEND: Block = Block {
    name: "ruler.evaluation.query_frontend",
    fields: &[
        ("address", Shape::Str),
        ("tls_enabled", Shape::Bool),
        ("tls_cert_path", Shape::Str),
        ("tls_key_path", Shape::Str),
        ("tls_ca_path", Shape::Str),
        ("tls_server_name", Shape::Str),
        ("tls_insecure_skip_verify", Shape::Bool),
        ("tls_cipher_suites", Shape::Str),
        ("tls_min_version", Shape::Str),
        ("max_recv_msg_size", INT),
        ("max_send_msg_size", INT),
        ("grpc_compression", Shape::Str),
        ("rate_limit", Shape::Float),
        ("rate_limit_burst", INT),
        ("backoff_on_ratelimits", Shape::Bool),
        (
            "backoff_config",
            Shape::Block(&RULER_EVALUATION_QUERY_FRONTEND_BACKOFF_CONFIG),
        ),
        ("initial_stream_window_size", Shape::Size),
        ("initial_connection_window_size", Shape::Size),
        ("connect_timeout", Shape::Duration),
        ("connect_backoff_base_delay", Shape::Duration),
        ("connect_backoff_max_delay", Shape::Duration),
        ("keepalive_time", Shape::Duration),
        ("keepalive_timeout", Shape::Duration),
        (
            "cluster_validation",
            Shape::Block(&RULER_EVALUATION_QUERY_FRONTEND_CLUSTER_VALIDATION),
        ),
    ],
};

/// `ruler.evaluation.query_frontend.cluster_validation`.
// Source: `ruler` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static RULER_EVALUATION_QUERY_FRONTEND_CLUSTER_VALIDATION: Block = Block {
    name: "ruler.evaluation.query_frontend.cluster_validation",
    fields: &[("label", Shape::Str)],
};

/// `ruler.evaluation.query_frontend.backoff_config`.
// Source: `ruler` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static RULER_EVALUATION_QUERY_FRONTEND_BACKOFF_CONFIG: Block = Block {
    name: "ruler.evaluation.query_frontend.backoff_config",
    fields: &[
        ("min_period", Shape::Duration),
        ("max_period", Shape::Duration),
        ("max_retries", INT),
    ],
};

/// `ruler.remote_write`.
// Source: `ruler` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static RULER_REMOTE_WRITE: Block = Block {
    name: "ruler.remote_write",
    fields: &[
        ("client", Shape::Any),
        ("clients", Shape::Any),
        ("enabled", Shape::Bool),
        ("config_refresh_period", Shape::Duration),
        ("add_org_id_header", Shape::Since((3, 0), &Shape::Bool)),
    ],
};

/// `ruler.wal_cleaner`.
// Source: `ruler` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static RULER_WAL_CLEANER: Block = Block {
    name: "ruler.wal_cleaner",
    fields: &[("min_age", Shape::Duration), ("period", Shape::Duration)],
};

/// `ruler.wal`.
// Source: `ruler` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static RULER_WAL: Block = Block {
    name: "ruler.wal",
    fields: &[
        ("dir", Shape::Str),
        ("truncate_frequency", Shape::Duration),
        ("min_age", Shape::Duration),
        ("max_age", Shape::Duration),
    ],
};

/// `ruler.alertmanager_client`.
// Source: `ruler` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static RULER_ALERTMANAGER_CLIENT: Block = Block {
    name: "ruler.alertmanager_client",
    fields: &[
        ("tls_cert_path", Shape::Str),
        ("tls_key_path", Shape::Str),
        ("tls_ca_path", Shape::Str),
        ("tls_server_name", Shape::Str),
        ("tls_insecure_skip_verify", Shape::Bool),
        ("tls_cipher_suites", Shape::Str),
        ("tls_min_version", Shape::Str),
        ("basic_auth_username", Shape::Str),
        ("basic_auth_password", Shape::Str),
        ("type", Shape::Str),
        ("credentials", Shape::Str),
        ("credentials_file", Shape::Str),
    ],
};

/// `query_range`.
// Source: `query_range` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static QUERY_RANGE: Block = Block {
    name: "query_range",
    fields: &[
        // Removed in 2.5 per the upgrade guide.
        (
            "split_queries_by_interval",
            Shape::Until((2, 5), &Shape::Duration),
        ),
        ("align_queries_with_step", Shape::Bool),
        ("results_cache", Shape::Block(&QUERY_RANGE_RESULTS_CACHE)),
        ("cache_results", Shape::Bool),
        ("max_retries", INT),
        ("parallelise_shardable_queries", Shape::Bool),
        // Gone from the 3.0 reference and source.
        (
            "forward_headers_list",
            Shape::Until((3, 0), &Shape::List(&Shape::Str)),
        ),
        // Gone from the 3.0 reference and source.
        (
            "required_query_response_format",
            Shape::Since((2, 9), &Shape::Until((3, 0), &Shape::Str)),
        ),
        (
            "cache_index_stats_results",
            Shape::Since((2, 9), &Shape::Bool),
        ),
        (
            "index_stats_results_cache",
            Shape::Since(
                (2, 9),
                &Shape::Block(&QUERY_RANGE_INDEX_STATS_RESULTS_CACHE),
            ),
        ),
        ("shard_aggregations", Shape::Since((3, 0), &Shape::Str)),
        ("cache_volume_results", Shape::Since((3, 0), &Shape::Bool)),
        (
            "volume_results_cache",
            Shape::Since((3, 0), &Shape::Block(&QUERY_RANGE_VOLUME_RESULTS_CACHE)),
        ),
        (
            "cache_instant_metric_results",
            Shape::Since((3, 0), &Shape::Bool),
        ),
        (
            "instant_metric_results_cache",
            Shape::Since(
                (3, 0),
                &Shape::Block(&QUERY_RANGE_INSTANT_METRIC_RESULTS_CACHE),
            ),
        ),
        (
            "instant_metric_query_split_align",
            Shape::Since((3, 0), &Shape::Bool),
        ),
        ("cache_series_results", Shape::Since((3, 0), &Shape::Bool)),
        (
            "series_results_cache",
            Shape::Since((3, 0), &Shape::Block(&QUERY_RANGE_SERIES_RESULTS_CACHE)),
        ),
        ("cache_label_results", Shape::Since((3, 0), &Shape::Bool)),
        (
            "label_results_cache",
            Shape::Since((3, 0), &Shape::Block(&QUERY_RANGE_LABEL_RESULTS_CACHE)),
        ),
        // Gone from the 3.7 reference and source.
        (
            "enable_v2_engine_router",
            Shape::Since((3, 6), &Shape::Until((3, 7), &Shape::Bool)),
        ),
    ],
};

/// `query_range.label_results_cache`.
// Source: `query_range` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static QUERY_RANGE_LABEL_RESULTS_CACHE: Block = Block {
    name: "query_range.label_results_cache",
    fields: &[("cache", Shape::Any), ("compression", Shape::Str)],
};

/// `query_range.series_results_cache`.
// Source: `query_range` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static QUERY_RANGE_SERIES_RESULTS_CACHE: Block = Block {
    name: "query_range.series_results_cache",
    fields: &[("cache", Shape::Any), ("compression", Shape::Str)],
};

/// `query_range.instant_metric_results_cache`.
// Source: `query_range` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static QUERY_RANGE_INSTANT_METRIC_RESULTS_CACHE: Block = Block {
    name: "query_range.instant_metric_results_cache",
    fields: &[("cache", Shape::Any), ("compression", Shape::Str)],
};

/// `query_range.volume_results_cache`.
// Source: `query_range` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static QUERY_RANGE_VOLUME_RESULTS_CACHE: Block = Block {
    name: "query_range.volume_results_cache",
    fields: &[("cache", Shape::Any), ("compression", Shape::Str)],
};

/// `query_range.index_stats_results_cache`.
// Source: `query_range` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static QUERY_RANGE_INDEX_STATS_RESULTS_CACHE: Block = Block {
    name: "query_range.index_stats_results_cache",
    fields: &[("cache", Shape::Any), ("compression", Shape::Str)],
};

/// `query_range.results_cache`.
// Source: `query_range` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static QUERY_RANGE_RESULTS_CACHE: Block = Block {
    name: "query_range.results_cache",
    fields: &[("cache", Shape::Any), ("compression", Shape::Str)],
};

/// `frontend`.
// Source: `frontend` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static FRONTEND: Block = Block {
    name: "frontend",
    fields: &[
        ("log_queries_longer_than", Shape::Duration),
        ("max_body_size", INT),
        ("query_stats_enabled", Shape::Bool),
        ("max_outstanding_per_tenant", INT),
        ("querier_forget_delay", Shape::Duration),
        ("scheduler_address", Shape::Str),
        ("scheduler_dns_lookup_period", Shape::Duration),
        ("scheduler_worker_concurrency", INT),
        ("grpc_client_config", Shape::Any),
        ("graceful_shutdown_timeout", Shape::Duration),
        ("instance_interface_names", Shape::List(&Shape::Str)),
        ("compress_responses", Shape::Bool),
        ("downstream_url", Shape::Str),
        ("tail_proxy_url", Shape::Str),
        ("tail_tls_config", Shape::Any),
        (
            "log_query_request_headers",
            Shape::Since((3, 0), &Shape::Str),
        ),
        ("encoding", Shape::Str),
        (
            "support_parquet_encoding",
            Shape::Since((3, 4), &Shape::Bool),
        ),
        ("instance_enable_ipv6", Shape::Bool),
        // Hidden from the reference, read by the file.
        ("address", Shape::Str),
        // Hidden from the reference, read by the file.
        ("port", INT),
    ],
};

/// `querier`.
// Source: `querier` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static QUERIER: Block = Block {
    name: "querier",
    fields: &[
        ("tail_max_duration", Shape::Duration),
        ("extra_query_delay", Shape::Duration),
        ("query_ingesters_within", Shape::Duration),
        ("engine", Shape::Block(&QUERIER_ENGINE)),
        ("max_concurrent", INT),
        ("query_store_only", Shape::Bool),
        ("query_ingester_only", Shape::Bool),
        ("multi_tenant_queries_enabled", Shape::Bool),
        ("per_request_limits_enabled", Shape::Bool),
        (
            "query_partition_ingesters",
            Shape::Since((3, 3), &Shape::Bool),
        ),
        // Gone from the 3.7 reference and source.
        (
            "engine_v2",
            Shape::Since(
                (3, 6),
                &Shape::Until((3, 7), &Shape::Block(&QUERIER_ENGINE_V2)),
            ),
        ),
        // Gone from the 3.7 reference and source.
        (
            "dataobj_storage_lag",
            Shape::Since((3, 6), &Shape::Until((3, 7), &Shape::Duration)),
        ),
        // Gone from the 3.7 reference and source.
        (
            "dataobj_storage_start",
            Shape::Since((3, 6), &Shape::Until((3, 7), &Shape::Str)),
        ),
        // Hidden from the reference, read by the file; removed in 3.0 per the upgrade guide.
        ("query_timeout", Shape::Until((3, 0), &Shape::Duration)),
    ],
};

/// `querier.engine_v2`.
// Source: `querier` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static QUERIER_ENGINE_V2: Block = Block {
    name: "querier.engine_v2",
    fields: &[
        ("enable", Shape::Bool),
        // Gone from the 3.7 reference and source.
        (
            "dataobj_storage_lag",
            Shape::Since((3, 6), &Shape::Until((3, 7), &Shape::Duration)),
        ),
        // Gone from the 3.7 reference and source.
        (
            "dataobj_storage_start",
            Shape::Since((3, 6), &Shape::Until((3, 7), &Shape::Str)),
        ),
        ("batch_size", INT),
        ("merge_prefetch_count", Shape::Since((3, 6), &INT)),
        (
            "range_reads",
            Shape::Since((3, 6), &Shape::Block(&QUERIER_ENGINE_V2_RANGE_READS)),
        ),
    ],
};

/// `querier.engine_v2.range_reads`.
// Source: `querier` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static QUERIER_ENGINE_V2_RANGE_READS: Block = Block {
    name: "querier.engine_v2.range_reads",
    fields: &[
        ("max_parallelism", Shape::Since((3, 6), &INT)),
        ("coalesce_size", Shape::Since((3, 6), &INT)),
        ("max_range_size", Shape::Since((3, 6), &INT)),
        ("min_range_size", Shape::Since((3, 6), &INT)),
    ],
};

/// `querier.engine`.
// Source: `querier` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static QUERIER_ENGINE: Block = Block {
    name: "querier.engine",
    fields: &[
        // Removed in 3.0 per the upgrade guide.
        ("timeout", Shape::Until((3, 0), &Shape::Duration)),
        ("max_look_back_period", Shape::Duration),
        ("max_count_min_sketch_heap_size", Shape::Since((3, 3), &INT)),
    ],
};

/// `server`.
// Source: `server` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static SERVER: Block = Block {
    name: "server",
    fields: &[
        ("http_listen_network", Shape::Str),
        ("http_listen_address", Shape::Str),
        ("http_listen_port", INT),
        ("http_listen_conn_limit", INT),
        ("grpc_listen_network", Shape::Str),
        ("grpc_listen_address", Shape::Str),
        ("grpc_listen_port", INT),
        ("grpc_listen_conn_limit", INT),
        ("tls_cipher_suites", Shape::Str),
        ("tls_min_version", Shape::Str),
        ("http_tls_config", Shape::Block(&SERVER_HTTP_TLS_CONFIG)),
        ("grpc_tls_config", Shape::Block(&SERVER_GRPC_TLS_CONFIG)),
        ("register_instrumentation", Shape::Bool),
        ("graceful_shutdown_timeout", Shape::Duration),
        ("http_server_read_timeout", Shape::Duration),
        ("http_server_write_timeout", Shape::Duration),
        ("http_server_idle_timeout", Shape::Duration),
        ("grpc_server_max_recv_msg_size", INT),
        ("grpc_server_max_send_msg_size", INT),
        ("grpc_server_max_concurrent_streams", INT),
        ("grpc_server_max_connection_idle", Shape::Duration),
        ("grpc_server_max_connection_age", Shape::Duration),
        ("grpc_server_max_connection_age_grace", Shape::Duration),
        ("grpc_server_keepalive_time", Shape::Duration),
        ("grpc_server_keepalive_timeout", Shape::Duration),
        ("grpc_server_min_time_between_pings", Shape::Duration),
        ("grpc_server_ping_without_stream_allowed", Shape::Bool),
        ("log_format", Shape::Str),
        ("log_level", Shape::Str),
        ("log_source_ips_enabled", Shape::Bool),
        ("log_source_ips_header", Shape::Str),
        ("log_source_ips_regex", Shape::Str),
        ("log_request_at_info_level_enabled", Shape::Bool),
        ("http_path_prefix", Shape::Str),
        ("log_request_headers", Shape::Since((2, 9), &Shape::Bool)),
        (
            "log_request_exclude_headers_list",
            Shape::Since((2, 9), &Shape::Str),
        ),
        (
            "report_grpc_codes_in_instrumentation_label_enabled",
            Shape::Since((3, 0), &Shape::Bool),
        ),
        (
            "http_server_read_header_timeout",
            Shape::Since((3, 0), &Shape::Duration),
        ),
        (
            "http_log_closed_connections_without_response_enabled",
            Shape::Since((3, 0), &Shape::Bool),
        ),
        ("grpc_server_num_workers", Shape::Since((3, 0), &INT)),
        ("proxy_protocol_enabled", Shape::Since((3, 1), &Shape::Bool)),
        (
            "grpc_server_stats_tracking_enabled",
            Shape::Since((3, 1), &Shape::Bool),
        ),
        (
            "grpc_server_recv_buffer_pools_enabled",
            Shape::Since((3, 1), &Shape::Bool),
        ),
        ("log_source_ips_full", Shape::Since((3, 1), &Shape::Bool)),
        (
            "cluster_validation",
            Shape::Since((3, 5), &Shape::Block(&SERVER_CLUSTER_VALIDATION)),
        ),
        (
            "grpc_collect_max_streams_by_conn",
            Shape::Since((3, 6), &Shape::Bool),
        ),
        ("trace_request_headers", Shape::Since((3, 6), &Shape::Bool)),
        (
            "trace_request_exclude_headers_list",
            Shape::Since((3, 6), &Shape::Str),
        ),
        ("create_new_traces", Shape::Since((3, 7), &Shape::Bool)),
        ("grpc_server_read_buffer_size", INT),
        ("grpc_server_write_buffer_size", INT),
    ],
};

/// `server.cluster_validation`.
// Source: `server` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static SERVER_CLUSTER_VALIDATION: Block = Block {
    name: "server.cluster_validation",
    fields: &[
        ("label", Shape::Str),
        (
            "grpc",
            Shape::Since((3, 5), &Shape::Block(&SERVER_CLUSTER_VALIDATION_GRPC)),
        ),
        ("http", Shape::Block(&SERVER_CLUSTER_VALIDATION_HTTP)),
        ("additional_labels", Shape::Since((3, 7), &Shape::Str)),
    ],
};

/// `server.cluster_validation.http`.
// Source: `server` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static SERVER_CLUSTER_VALIDATION_HTTP: Block = Block {
    name: "server.cluster_validation.http",
    fields: &[
        ("enabled", Shape::Bool),
        ("soft_validation", Shape::Bool),
        ("excluded_paths", Shape::Since((3, 6), &Shape::Str)),
        ("excluded_user_agents", Shape::Since((3, 6), &Shape::Str)),
    ],
};

/// `server.cluster_validation.grpc`.
// Source: `server` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static SERVER_CLUSTER_VALIDATION_GRPC: Block = Block {
    name: "server.cluster_validation.grpc",
    fields: &[
        ("enabled", Shape::Bool),
        ("soft_validation", Shape::Since((3, 5), &Shape::Bool)),
    ],
};

/// The fields of dskit's server `TLSConfig`, shared by the HTTP and gRPC
/// listeners.
const SERVER_TLS_FIELDS: &[(&str, Shape)] = &[
    ("cert_file", Shape::Str),
    ("key_file", Shape::Str),
    ("client_auth_type", Shape::Str),
    ("client_ca_file", Shape::Str),
    ("cert", Shape::Str),
    ("key", Shape::Str),
    ("client_ca", Shape::Since((2, 9), &Shape::Str)),
];

/// `server.grpc_tls_config`.
// Source: `server` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static SERVER_GRPC_TLS_CONFIG: Block = Block {
    name: "server.grpc_tls_config",
    fields: SERVER_TLS_FIELDS,
};

/// `server.http_tls_config`.
// Source: `server` in docs/sources/shared/configuration.md of grafana/loki
// (v3.0.0 to v3.7.0 and main; v2.8.0 and v2.9.x in docs/sources/configure*/_index.md).
static SERVER_HTTP_TLS_CONFIG: Block = Block {
    name: "server.http_tls_config",
    fields: SERVER_TLS_FIELDS,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::{Absent, Misfit, walk};
    use serde_json::{Value, json};

    fn misfits(doc: &Value, version: Option<(u32, u32)>) -> Vec<String> {
        walk(doc, Shape::Block(&LOKI), version)
            .into_iter()
            .map(|m| match m {
                Misfit::UnknownKey { pointer, why, .. } => format!("{pointer} {why:?}"),
                Misfit::BadValue { pointer, .. } => pointer,
            })
            .collect()
    }

    /// A monolithic Loki 3 on the local filesystem with a TSDB index.
    fn loki3() -> Value {
        json!({
            "auth_enabled": false,
            "server": {
                "http_listen_port": 3100,
                "grpc_listen_port": 9096,
                "log_level": "info",
                "grpc_server_max_concurrent_streams": 1000
            },
            "common": {
                "instance_addr": "127.0.0.1",
                "path_prefix": "/tmp/loki",
                "storage": {"filesystem": {
                    "chunks_directory": "/tmp/loki/chunks",
                    "rules_directory": "/tmp/loki/rules"
                }},
                "replication_factor": 1,
                "ring": {"kvstore": {"store": "inmemory"}}
            },
            "query_range": {
                "results_cache": {"cache": {"embedded_cache": {"enabled": true, "max_size_mb": 100}}}
            },
            "limits_config": {
                "metric_aggregation_enabled": true,
                "allow_structured_metadata": true,
                "volume_enabled": true,
                "retention_period": "744h",
                "max_line_size": "256KB",
                "ingestion_rate_mb": 4.5,
                "per_stream_rate_limit": "3MB",
                "split_queries_by_interval": "15m"
            },
            "schema_config": {"configs": [{
                "from": "2020-10-24",
                "store": "tsdb",
                "object_store": "filesystem",
                "schema": "v13",
                "index": {"prefix": "index_", "period": "24h"}
            }]},
            "storage_config": {
                "tsdb_shipper": {
                    "active_index_directory": "/tmp/loki/tsdb-index",
                    "cache_location": "/tmp/loki/tsdb-cache"
                },
                "filesystem": {"directory": "/tmp/loki/chunks"}
            },
            "compactor": {
                "working_directory": "/tmp/loki/compactor",
                "compaction_interval": "10m",
                "retention_enabled": true,
                "retention_delete_delay": "2h",
                "delete_request_store": "filesystem"
            },
            "pattern_ingester": {"enabled": true},
            "ruler": {
                "alertmanager_url": "http://localhost:9093",
                "enable_api": true,
                "storage": {"type": "local", "local": {"directory": "/tmp/loki/rules"}}
            },
            "ingester": {
                "chunk_idle_period": "1h",
                "max_chunk_age": "2h",
                "wal": {"enabled": true, "dir": "/tmp/loki/wal"}
            },
            "frontend": {"max_outstanding_per_tenant": 2048},
            "querier": {"max_concurrent": 8},
            "memberlist": {"join_members": ["loki:7946"]},
            "analytics": {"reporting_enabled": false},
            "tracing": {"enabled": false}
        })
    }

    #[test]
    fn a_loki_3_configuration_fits() {
        let doc = loki3();
        assert_eq!(misfits(&doc, None), Vec::<String>::new());
        assert_eq!(misfits(&doc, Some((3, 4))), Vec::<String>::new());
    }

    #[test]
    fn unknown_keys_and_wrong_values_are_found() {
        let mut doc = loki3();
        doc["server"]["nosuchkey"] = json!(1);
        doc["common"]["replication_factor"] = json!("banana");
        doc["schema_config"]["configs"][0]["store"] = json!("tsbd");
        assert_eq!(
            misfits(&doc, None),
            [
                "/server/nosuchkey Unknown",
                "/common/replication_factor",
                "/schema_config/configs/0/store",
            ]
        );
    }

    #[test]
    fn keys_removed_in_loki_3_are_found_on_3() {
        let doc = json!({
            "limits_config": {"enforce_metric_name": false},
            "compactor": {"shared_store": "filesystem"},
            "chunk_store_config": {"max_look_back_period": "0s"},
            "storage_config": {"boltdb_shipper": {"shared_store": "filesystem"}}
        });
        assert_eq!(misfits(&doc, None), Vec::<String>::new());
        assert_eq!(misfits(&doc, Some((2, 9))), Vec::<String>::new());
        let on_3: Vec<_> = walk(&doc, Shape::Block(&LOKI), Some((3, 0)))
            .into_iter()
            .map(|m| match m {
                Misfit::UnknownKey { key, why, .. } => (key.to_string(), why),
                Misfit::BadValue { pointer, .. } => (pointer, Absent::Unknown),
            })
            .collect();
        assert_eq!(on_3.len(), 4, "{on_3:?}");
        assert!(on_3.iter().all(|(_, why)| *why == Absent::Removed((3, 0))));
        assert!(on_3.iter().any(|(key, _)| key == "enforce_metric_name"));
    }

    #[test]
    fn keys_added_in_loki_3_are_found_on_2() {
        let doc = json!({"pattern_ingester": {"enabled": true}});
        assert_eq!(
            misfits(&doc, Some((2, 9))),
            ["/pattern_ingester NotYet((3, 0))"]
        );
    }
}
