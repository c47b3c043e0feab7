//! The keys and value types of Promtail's configuration file (`-config.file`).
//!
//! Written from the configuration reference of `grafana/loki`
//! (`docs/sources/send-data/promtail/configuration.md`, v3.6.x, the last
//! release that ships it) and, where the reference says less than the code,
//! from the yaml tags of the structs Promtail decodes the file into, compared
//! release by release from v2.0 to v3.7 for the `Since`/`Until` marks (a mark
//! names the first minor release whose last patch release had the key, or the
//! first minor release without it).
//!
//! Promtail reads the file with `yaml.UnmarshalStrict`, so an unknown key in
//! any block below is refused at start. The one exception is the inside of a
//! pipeline stage: a stage's settings are decoded with `mapstructure`, which
//! ignores keys it does not know (an unknown stage *name* is still refused).
//! The stage tables are complete all the same, so a misspelt stage setting is
//! found; every such key is either a typo or a key of another agent.

use crate::shape::{Block, Shape};

/// The whole file. Source: `clients/pkg/promtail/config/config.go`
/// (`Config`), grafana/loki v2.0–v3.7.
pub(crate) static PROMTAIL: Block = Block {
    name: "top level",
    fields: &[
        ("global", Shape::Since((2, 9), &Shape::Block(&GLOBAL))),
        ("server", Shape::Block(&SERVER)),
        // The single client, deprecated in favour of `clients`.
        ("client", Shape::Block(&CLIENT)),
        ("clients", Shape::List(&Shape::Block(&CLIENT))),
        ("positions", Shape::Block(&POSITIONS)),
        ("scrape_configs", Shape::List(&Shape::Block(&SCRAPE_CONFIG))),
        ("target_config", Shape::Block(&TARGET_CONFIG)),
        (
            "limits_config",
            Shape::Since((2, 5), &Shape::Block(&LIMITS_CONFIG)),
        ),
        ("options", Shape::Since((2, 6), &Shape::Block(&OPTIONS))),
        ("tracing", Shape::Since((2, 7), &Shape::Block(&TRACING))),
        ("wal", Shape::Since((2, 8), &Shape::Block(&WAL))),
    ],
};

/// `global`. Source: `clients/pkg/promtail/config/config.go`
/// (`GlobalConfig`), grafana/loki v2.9–v3.7.
static GLOBAL: Block = Block {
    name: "global",
    fields: &[("file_watch_config", Shape::Block(&FILE_WATCH_CONFIG))],
};

/// `global.file_watch_config`. Source:
/// `clients/pkg/promtail/targets/file/filetargetmanager.go` (`WatchConfig`),
/// grafana/loki v2.9–v3.7.
static FILE_WATCH_CONFIG: Block = Block {
    name: "file_watch_config",
    fields: &[
        ("min_poll_frequency", Shape::Duration),
        ("max_poll_frequency", Shape::Duration),
    ],
};

/// The keys of the HTTP/gRPC server block Promtail shares with Loki
/// (weaveworks/common `server.Config` up to v2.8, grafana/dskit
/// `server.Config` from v2.9), followed by `$extra`.
macro_rules! server_fields {
    ($($extra:expr),* $(,)?) => {
        &[
            ("http_listen_network", Shape::Since((2, 4), &Shape::Str)),
            ("http_listen_address", Shape::Str),
            ("http_listen_port", Shape::Int),
            ("http_listen_conn_limit", Shape::Int),
            ("grpc_listen_network", Shape::Since((2, 4), &Shape::Str)),
            ("grpc_listen_address", Shape::Str),
            ("grpc_listen_port", Shape::Int),
            ("grpc_listen_conn_limit", Shape::Int),
            ("proxy_protocol_enabled", Shape::Since((3, 1), &Shape::Bool)),
            ("tls_cipher_suites", Shape::Since((2, 7), &Shape::Str)),
            ("tls_min_version", Shape::Since((2, 7), &Shape::Str)),
            ("http_tls_config", Shape::Block(&SERVER_TLS_CONFIG)),
            ("grpc_tls_config", Shape::Block(&SERVER_TLS_CONFIG)),
            ("register_instrumentation", Shape::Bool),
            (
                "report_grpc_codes_in_instrumentation_label_enabled",
                Shape::Since((3, 0), &Shape::Bool),
            ),
            ("graceful_shutdown_timeout", Shape::Duration),
            ("http_server_read_timeout", Shape::Duration),
            ("http_server_read_header_timeout", Shape::Since((3, 0), &Shape::Duration)),
            ("http_server_write_timeout", Shape::Duration),
            ("http_server_idle_timeout", Shape::Duration),
            (
                "http_log_closed_connections_without_response_enabled",
                Shape::Since((3, 0), &Shape::Bool),
            ),
            ("grpc_server_max_recv_msg_size", Shape::Int),
            ("grpc_server_max_send_msg_size", Shape::Int),
            ("grpc_server_max_concurrent_streams", Shape::Int),
            ("grpc_server_max_connection_idle", Shape::Duration),
            ("grpc_server_max_connection_age", Shape::Duration),
            ("grpc_server_max_connection_age_grace", Shape::Duration),
            ("grpc_server_keepalive_time", Shape::Duration),
            ("grpc_server_keepalive_timeout", Shape::Duration),
            ("grpc_server_min_time_between_pings", Shape::Since((2, 2), &Shape::Duration)),
            ("grpc_server_ping_without_stream_allowed", Shape::Since((2, 2), &Shape::Bool)),
            ("grpc_server_num_workers", Shape::Since((3, 0), &Shape::Int)),
            ("grpc_server_stats_tracking_enabled", Shape::Since((3, 1), &Shape::Bool)),
            ("grpc_server_recv_buffer_pools_enabled", Shape::Since((3, 1), &Shape::Bool)),
            ("grpc_collect_max_streams_by_conn", Shape::Since((3, 6), &Shape::Bool)),
            ("log_format", Shape::Str),
            ("log_level", Shape::Choice(&["debug", "info", "warn", "error"])),
            ("log_source_ips_enabled", Shape::Bool),
            ("log_source_ips_full", Shape::Since((3, 1), &Shape::Bool)),
            ("log_source_ips_header", Shape::Str),
            ("log_source_ips_regex", Shape::Str),
            ("log_request_headers", Shape::Since((2, 8), &Shape::Bool)),
            ("log_request_at_info_level_enabled", Shape::Since((2, 6), &Shape::Bool)),
            ("log_request_exclude_headers_list", Shape::Since((2, 8), &Shape::Str)),
            ("trace_request_headers", Shape::Since((3, 6), &Shape::Bool)),
            ("trace_request_exclude_headers_list", Shape::Since((3, 6), &Shape::Str)),
            ("create_new_traces", Shape::Since((3, 7), &Shape::Bool)),
            ("http_path_prefix", Shape::Str),
            // Experimental; not modelled.
            ("cluster_validation", Shape::Since((3, 5), &Shape::Any)),
            $($extra),*
        ]
    };
}

/// `server`: the shared server block plus Promtail's own keys. Source:
/// `clients/pkg/promtail/server/server.go` (`Config`) and the vendored
/// `weaveworks/common/server` / `grafana/dskit/server` `Config`,
/// grafana/loki v2.0–v3.7.
static SERVER: Block = Block {
    name: "server",
    fields: server_fields![
        ("external_url", Shape::Str),
        ("health_check_target", Shape::Bool),
        ("disable", Shape::Bool),
        ("profiling_enabled", Shape::Since((2, 8), &Shape::Bool)),
        ("enable_runtime_reload", Shape::Since((2, 7), &Shape::Bool)),
    ],
};

/// The `server` of the push targets (`loki_push_api`, `gcplog`,
/// `heroku_drain`): the shared server block alone. Source:
/// `clients/pkg/promtail/scrapeconfig/scrapeconfig.go` and the vendored
/// server `Config`, grafana/loki v2.0–v3.7.
static PUSH_SERVER: Block = Block {
    name: "server",
    fields: server_fields![],
};

/// `http_tls_config` and `grpc_tls_config`. Source: the vendored
/// `node_exporter/https` `TLSStruct` (v2.0–v2.6.0), `exporter-toolkit/web`
/// `TLSStruct` (v2.6.1) and the server package's `TLSConfig` (v2.7–v3.7).
static SERVER_TLS_CONFIG: Block = Block {
    name: "server TLS config",
    fields: &[
        ("cert_file", Shape::Str),
        ("key_file", Shape::Str),
        ("client_auth_type", Shape::Str),
        ("client_ca_file", Shape::Str),
        ("cert", Shape::Since((2, 9), &Shape::Str)),
        ("key", Shape::Since((2, 9), &Shape::Str)),
        ("client_ca", Shape::Since((2, 9), &Shape::Str)),
        // Only in v2.6.1's exporter-toolkit struct.
        (
            "cipher_suites",
            Shape::Since((2, 6), &Shape::Until((2, 7), &Shape::List(&Shape::Str))),
        ),
        (
            "curve_preferences",
            Shape::Since((2, 6), &Shape::Until((2, 7), &Shape::List(&Shape::Str))),
        ),
        (
            "min_version",
            Shape::Since((2, 6), &Shape::Until((2, 7), &Shape::Str)),
        ),
        (
            "max_version",
            Shape::Since((2, 6), &Shape::Until((2, 7), &Shape::Str)),
        ),
        (
            "prefer_server_cipher_suites",
            Shape::Since((2, 6), &Shape::Until((2, 7), &Shape::Bool)),
        ),
    ],
};

/// The keys of Prometheus's `HTTPClientConfig` (prometheus/common
/// `config/http_config.go`, as vendored by grafana/loki v2.0–v3.7), which
/// Promtail inlines into a client and Prometheus into `docker_sd_configs`,
/// followed by `$extra`.
macro_rules! http_client_fields {
    ($($extra:expr),* $(,)?) => {
        &[
            ("basic_auth", Shape::Block(&BASIC_AUTH)),
            ("authorization", Shape::Since((2, 3), &Shape::Block(&AUTHORIZATION))),
            ("oauth2", Shape::Since((2, 3), &Shape::Block(&OAUTH2))),
            ("bearer_token", Shape::Str),
            ("bearer_token_file", Shape::Str),
            ("tls_config", Shape::Block(&TLS_CONFIG)),
            ("follow_redirects", Shape::Since((2, 3), &Shape::Bool)),
            ("enable_http2", Shape::Since((2, 7), &Shape::Bool)),
            ("http_headers", Shape::Since((3, 2), &Shape::Any)),
            ("proxy_url", Shape::Str),
            ("no_proxy", Shape::Since((2, 9), &Shape::Str)),
            ("proxy_from_environment", Shape::Since((2, 9), &Shape::Bool)),
            (
                "proxy_connect_header",
                Shape::Since((2, 8), &Shape::Map(&Shape::List(&Shape::Str))),
            ),
            $($extra),*
        ]
    };
}

/// `basic_auth`. Source: prometheus/common `config/http_config.go`
/// (`BasicAuth`), as vendored by grafana/loki v2.0–v3.7.
static BASIC_AUTH: Block = Block {
    name: "basic_auth",
    fields: &[
        ("username", Shape::Str),
        ("username_file", Shape::Since((3, 0), &Shape::Str)),
        ("username_ref", Shape::Since((3, 2), &Shape::Str)),
        ("password", Shape::Str),
        ("password_file", Shape::Str),
        ("password_ref", Shape::Since((3, 2), &Shape::Str)),
    ],
};

/// `authorization`. Source: prometheus/common `config/http_config.go`
/// (`Authorization`), as vendored by grafana/loki v2.3–v3.7.
static AUTHORIZATION: Block = Block {
    name: "authorization",
    fields: &[
        ("type", Shape::Str),
        ("credentials", Shape::Str),
        ("credentials_file", Shape::Str),
        ("credentials_ref", Shape::Since((3, 2), &Shape::Str)),
    ],
};

/// `oauth2`. Source: prometheus/common `config/http_config.go` (`OAuth2`),
/// as vendored by grafana/loki v2.3–v3.7.
static OAUTH2: Block = Block {
    name: "oauth2",
    fields: &[
        ("client_id", Shape::Str),
        ("client_secret", Shape::Str),
        ("client_secret_file", Shape::Str),
        ("client_secret_ref", Shape::Since((3, 2), &Shape::Str)),
        (
            "client_certificate_key_id",
            Shape::Since((3, 6), &Shape::Str),
        ),
        ("client_certificate_key", Shape::Since((3, 6), &Shape::Str)),
        (
            "client_certificate_key_file",
            Shape::Since((3, 6), &Shape::Str),
        ),
        (
            "client_certificate_key_ref",
            Shape::Since((3, 6), &Shape::Str),
        ),
        ("grant_type", Shape::Since((3, 6), &Shape::Str)),
        ("signature_algorithm", Shape::Since((3, 6), &Shape::Str)),
        ("iss", Shape::Since((3, 6), &Shape::Str)),
        ("audience", Shape::Since((3, 6), &Shape::Str)),
        ("claims", Shape::Since((3, 6), &Shape::Map(&Shape::Any))),
        ("scopes", Shape::List(&Shape::Str)),
        ("token_url", Shape::Str),
        ("endpoint_params", Shape::Map(&Shape::Str)),
        (
            "tls_config",
            Shape::Since((2, 5), &Shape::Block(&TLS_CONFIG)),
        ),
        ("proxy_url", Shape::Since((2, 7), &Shape::Str)),
        ("no_proxy", Shape::Since((2, 9), &Shape::Str)),
        ("proxy_from_environment", Shape::Since((2, 9), &Shape::Bool)),
        (
            "proxy_connect_header",
            Shape::Since((2, 9), &Shape::Map(&Shape::List(&Shape::Str))),
        ),
    ],
};

/// The keys of Prometheus's client `TLSConfig` (prometheus/common
/// `config/http_config.go`, as vendored by grafana/loki v2.0–v3.7),
/// followed by `$extra`.
macro_rules! tls_fields {
    ($($extra:expr),* $(,)?) => {
        &[
            ("ca", Shape::Since((2, 9), &Shape::Str)),
            ("ca_file", Shape::Str),
            ("ca_ref", Shape::Since((3, 2), &Shape::Str)),
            ("cert", Shape::Since((2, 9), &Shape::Str)),
            ("cert_file", Shape::Str),
            ("cert_ref", Shape::Since((3, 2), &Shape::Str)),
            ("key", Shape::Since((2, 9), &Shape::Str)),
            ("key_file", Shape::Str),
            ("key_ref", Shape::Since((3, 2), &Shape::Str)),
            ("server_name", Shape::Str),
            ("insecure_skip_verify", Shape::Bool),
            ("min_version", Shape::Since((2, 7), &Shape::Str)),
            ("max_version", Shape::Since((2, 8), &Shape::Str)),
            $($extra),*
        ]
    };
}

/// `tls_config` of a client, of `syslog` and of Kafka's `authentication`.
/// Source: prometheus/common `config/http_config.go` (`TLSConfig`).
static TLS_CONFIG: Block = Block {
    name: "tls_config",
    fields: tls_fields![],
};

/// `clients[]` (and the deprecated `client`). Source:
/// `clients/pkg/promtail/client/config.go` (`Config`), grafana/loki
/// v2.0–v3.7, with prometheus/common's `HTTPClientConfig` inlined.
static CLIENT: Block = Block {
    name: "client",
    fields: http_client_fields![
        ("url", Shape::Str),
        ("name", Shape::Since((2, 6), &Shape::Str)),
        ("headers", Shape::Since((2, 8), &Shape::Map(&Shape::Str))),
        ("tenant_id", Shape::Str),
        ("batchwait", Shape::Duration),
        ("batchsize", Shape::Int),
        ("backoff_config", Shape::Block(&BACKOFF_CONFIG)),
        (
            "drop_rate_limited_batches",
            Shape::Since((2, 8), &Shape::Bool)
        ),
        ("external_labels", Shape::Map(&Shape::Str)),
        ("timeout", Shape::Duration),
        (
            "stream_lag_labels",
            Shape::Since((2, 4), &Shape::Until((3, 0), &Shape::Str)),
        ),
    ],
};

/// `backoff_config`. Source: cortex `pkg/util/backoff.go` (v2.0–v2.3) and
/// dskit `backoff/backoff.go` (v2.4–v3.7), as vendored by grafana/loki.
static BACKOFF_CONFIG: Block = Block {
    name: "backoff_config",
    fields: &[
        ("min_period", Shape::Duration),
        ("max_period", Shape::Duration),
        ("max_retries", Shape::Int),
    ],
};

/// `positions`. Source: `clients/pkg/promtail/positions/positions.go`
/// (`Config`), grafana/loki v2.0–v3.7.
static POSITIONS: Block = Block {
    name: "positions",
    fields: &[
        ("filename", Shape::Str),
        ("sync_period", Shape::Duration),
        ("ignore_invalid_yaml", Shape::Bool),
    ],
};

/// `target_config`. Source: `clients/pkg/promtail/targets/file/filetarget.go`
/// (`Config`), grafana/loki v2.0–v3.7.
static TARGET_CONFIG: Block = Block {
    name: "target_config",
    fields: &[("sync_period", Shape::Duration), ("stdin", Shape::Bool)],
};

/// `limits_config`. Source: `clients/pkg/promtail/limit/config.go`
/// (`Config`), grafana/loki v2.5–v3.7.
static LIMITS_CONFIG: Block = Block {
    name: "limits_config",
    fields: &[
        ("readline_rate", Shape::Float),
        ("readline_burst", Shape::Int),
        ("readline_rate_enabled", Shape::Bool),
        ("readline_rate_drop", Shape::Bool),
        ("max_streams", Shape::Since((2, 7), &Shape::Int)),
        ("max_line_size", Shape::Since((2, 8), &Shape::Size)),
        ("max_line_size_truncate", Shape::Since((2, 8), &Shape::Bool)),
    ],
};

/// `options`. Source: `clients/pkg/promtail/config/config.go` (`Options`),
/// grafana/loki v2.6–v3.7 (empty from v3.0).
static OPTIONS: Block = Block {
    name: "options",
    fields: &[("stream_lag_labels", Shape::Until((3, 0), &Shape::Str))],
};

/// `tracing`. Source: `pkg/tracing/config.go` (`Config`), grafana/loki
/// v2.7–v3.7.
static TRACING: Block = Block {
    name: "tracing",
    fields: &[("enabled", Shape::Bool)],
};

/// `wal`. Source: `clients/pkg/promtail/wal/config.go` (`Config`),
/// grafana/loki v2.8–v3.7.
static WAL: Block = Block {
    name: "wal",
    fields: &[
        ("enabled", Shape::Bool),
        ("dir", Shape::Str),
        ("cleanSegmentsOlderThan", Shape::Duration),
        (
            "watchConfig",
            Shape::Since((2, 9), &Shape::Block(&WAL_WATCH_CONFIG)),
        ),
    ],
};

/// `wal.watchConfig`. Source: `clients/pkg/promtail/wal/config.go`
/// (`WatchConfig`), grafana/loki v2.9–v3.7.
static WAL_WATCH_CONFIG: Block = Block {
    name: "watchConfig",
    fields: &[
        ("minReadFrequency", Shape::Duration),
        ("maxReadFrequency", Shape::Duration),
    ],
};

/// A list of service discovery configurations Promtail takes from
/// Prometheus; their keys are not modelled.
const SD_CONFIGS: Shape = Shape::List(&Shape::Any);

/// `scrape_configs[]`. Source: `clients/pkg/promtail/scrapeconfig/scrapeconfig.go`
/// (`Config` and the inlined `ServiceDiscoveryConfig`), grafana/loki v2.0–v3.7.
static SCRAPE_CONFIG: Block = Block {
    name: "scrape config",
    fields: &[
        ("job_name", Shape::Str),
        ("pipeline_stages", Shape::List(&Shape::Block(&STAGE))),
        ("journal", Shape::Block(&JOURNAL)),
        ("syslog", Shape::Block(&SYSLOG)),
        ("gcplog", Shape::Since((2, 2), &Shape::Block(&GCPLOG))),
        ("loki_push_api", Shape::Block(&LOKI_PUSH_API)),
        (
            "windows_events",
            Shape::Since((2, 2), &Shape::Block(&WINDOWS_EVENTS)),
        ),
        ("kafka", Shape::Since((2, 4), &Shape::Block(&KAFKA))),
        (
            "azure_event_hubs",
            Shape::Since((2, 9), &Shape::Block(&AZURE_EVENT_HUBS)),
        ),
        ("gelf", Shape::Since((2, 5), &Shape::Block(&GELF))),
        (
            "cloudflare",
            Shape::Since((2, 5), &Shape::Block(&CLOUDFLARE)),
        ),
        (
            "heroku_drain",
            Shape::Since((2, 7), &Shape::Block(&HEROKU_DRAIN)),
        ),
        (
            "relabel_configs",
            Shape::List(&Shape::Block(&RELABEL_CONFIG)),
        ),
        (
            "docker_sd_configs",
            Shape::Since((2, 5), &Shape::List(&Shape::Block(&DOCKER_SD_CONFIG))),
        ),
        ("encoding", Shape::Since((2, 6), &Shape::Str)),
        (
            "decompression",
            Shape::Since((2, 8), &Shape::Block(&DECOMPRESSION)),
        ),
        ("static_configs", Shape::List(&Shape::Block(&STATIC_CONFIG))),
        (
            "file_sd_configs",
            Shape::List(&Shape::Block(&FILE_SD_CONFIG)),
        ),
        ("dns_sd_configs", SD_CONFIGS),
        ("consul_sd_configs", SD_CONFIGS),
        ("consulagent_sd_configs", Shape::Since((2, 3), &SD_CONFIGS)),
        ("digitalocean_sd_configs", SD_CONFIGS),
        ("dockerswarm_sd_configs", SD_CONFIGS),
        ("serverset_sd_configs", SD_CONFIGS),
        ("nerve_sd_configs", SD_CONFIGS),
        ("marathon_sd_configs", SD_CONFIGS),
        ("kubernetes_sd_configs", SD_CONFIGS),
        ("gce_sd_configs", SD_CONFIGS),
        ("ec2_sd_configs", SD_CONFIGS),
        ("openstack_sd_configs", SD_CONFIGS),
        ("azure_sd_configs", SD_CONFIGS),
        ("triton_sd_configs", SD_CONFIGS),
    ],
};

/// `journal`. Source: `scrapeconfig.go` (`JournalTargetConfig`),
/// grafana/loki v2.0–v3.7.
static JOURNAL: Block = Block {
    name: "journal",
    fields: &[
        ("max_age", Shape::Duration),
        ("json", Shape::Bool),
        ("labels", Shape::Map(&Shape::Str)),
        ("path", Shape::Str),
        ("matches", Shape::Since((2, 7), &Shape::Str)),
    ],
};

/// `syslog`. Source: `scrapeconfig.go` (`SyslogTargetConfig`),
/// grafana/loki v2.0–v3.7.
static SYSLOG: Block = Block {
    name: "syslog",
    fields: &[
        ("listen_address", Shape::Str),
        ("listen_protocol", Shape::Since((2, 6), &Shape::Str)),
        ("idle_timeout", Shape::Duration),
        ("label_structured_data", Shape::Bool),
        ("labels", Shape::Map(&Shape::Str)),
        ("use_incoming_timestamp", Shape::Since((2, 1), &Shape::Bool)),
        ("use_rfc5424_message", Shape::Since((2, 6), &Shape::Bool)),
        ("syslog_format", Shape::Since((3, 1), &Shape::Str)),
        ("max_message_length", Shape::Since((2, 3), &Shape::Int)),
        (
            "tls_config",
            Shape::Since((2, 4), &Shape::Block(&TLS_CONFIG)),
        ),
        (
            "print_structured_data",
            Shape::Since((2, 5), &Shape::Until((2, 6), &Shape::Bool)),
        ),
    ],
};

/// `loki_push_api`. Source: `scrapeconfig.go` (`PushTargetConfig`),
/// grafana/loki v2.0–v3.7.
static LOKI_PUSH_API: Block = Block {
    name: "loki_push_api",
    fields: &[
        ("server", Shape::Block(&PUSH_SERVER)),
        ("labels", Shape::Map(&Shape::Str)),
        ("use_incoming_timestamp", Shape::Bool),
        ("max_send_msg_size", Shape::Since((3, 6), &Shape::Int)),
    ],
};

/// `windows_events`. Source: `scrapeconfig.go` (`WindowsEventsTargetConfig`),
/// grafana/loki v2.2–v3.7.
static WINDOWS_EVENTS: Block = Block {
    name: "windows_events",
    fields: &[
        ("locale", Shape::Int),
        ("eventlog_name", Shape::Str),
        ("xpath_query", Shape::Str),
        ("use_incoming_timestamp", Shape::Bool),
        ("bookmark_path", Shape::Str),
        ("poll_interval", Shape::Duration),
        ("exclude_event_data", Shape::Bool),
        ("exclude_event_message", Shape::Since((2, 8), &Shape::Bool)),
        ("exclude_user_data", Shape::Bool),
        ("labels", Shape::Map(&Shape::Str)),
    ],
};

/// `gcplog`. Source: `scrapeconfig.go` (`GcplogTargetConfig`), grafana/loki
/// v2.2–v3.7.
static GCPLOG: Block = Block {
    name: "gcplog",
    fields: &[
        ("project_id", Shape::Str),
        ("subscription", Shape::Str),
        ("labels", Shape::Map(&Shape::Str)),
        ("use_incoming_timestamp", Shape::Bool),
        ("subscription_type", Shape::Since((2, 7), &Shape::Str)),
        ("push_timeout", Shape::Since((2, 7), &Shape::Duration)),
        ("server", Shape::Since((2, 7), &Shape::Block(&PUSH_SERVER))),
        ("use_full_line", Shape::Since((2, 9), &Shape::Bool)),
    ],
};

/// `azure_event_hubs`. Source: `scrapeconfig.go` (`AzureEventHubsTargetConfig`),
/// grafana/loki v2.9–v3.7.
static AZURE_EVENT_HUBS: Block = Block {
    name: "azure_event_hubs",
    fields: &[
        ("labels", Shape::Map(&Shape::Str)),
        ("use_incoming_timestamp", Shape::Bool),
        ("event_hubs", Shape::List(&Shape::Str)),
        ("connection_string", Shape::Str),
        ("fully_qualified_namespace", Shape::Str),
        ("group_id", Shape::Str),
        ("disallow_custom_messages", Shape::Bool),
    ],
};

/// `kafka`. Source: `scrapeconfig.go` (`KafkaTargetConfig`), grafana/loki
/// v2.4–v3.7.
static KAFKA: Block = Block {
    name: "kafka",
    fields: &[
        ("labels", Shape::Map(&Shape::Str)),
        ("use_incoming_timestamp", Shape::Bool),
        ("brokers", Shape::List(&Shape::Str)),
        ("group_id", Shape::Str),
        ("topics", Shape::List(&Shape::Str)),
        ("version", Shape::Str),
        ("assignor", Shape::Str),
        (
            "authentication",
            Shape::Since((2, 5), &Shape::Block(&KAFKA_AUTHENTICATION)),
        ),
    ],
};

/// `kafka.authentication`. Source: `scrapeconfig.go` (`KafkaAuthentication`),
/// grafana/loki v2.5–v3.7.
static KAFKA_AUTHENTICATION: Block = Block {
    name: "authentication",
    fields: &[
        ("type", Shape::Str),
        ("tls_config", Shape::Block(&TLS_CONFIG)),
        ("sasl_config", Shape::Block(&KAFKA_SASL_CONFIG)),
    ],
};

/// `kafka.authentication.sasl_config`, with the client TLS keys inlined.
/// Source: `scrapeconfig.go` (`KafkaSASLConfig`), grafana/loki v2.5–v3.7.
static KAFKA_SASL_CONFIG: Block = Block {
    name: "sasl_config",
    fields: tls_fields![
        ("mechanism", Shape::Str),
        ("user", Shape::Str),
        ("password", Shape::Str),
        ("use_tls", Shape::Bool),
    ],
};

/// `gelf`. Source: `scrapeconfig.go` (`GelfTargetConfig`), grafana/loki
/// v2.5–v3.7.
static GELF: Block = Block {
    name: "gelf",
    fields: &[
        ("listen_address", Shape::Str),
        ("labels", Shape::Map(&Shape::Str)),
        ("use_incoming_timestamp", Shape::Bool),
    ],
};

/// `cloudflare`. Source: `scrapeconfig.go` (`CloudflareConfig`),
/// grafana/loki v2.5–v3.7.
static CLOUDFLARE: Block = Block {
    name: "cloudflare",
    fields: &[
        ("api_token", Shape::Str),
        ("zone_id", Shape::Str),
        ("labels", Shape::Map(&Shape::Str)),
        ("workers", Shape::Int),
        ("pull_range", Shape::Duration),
        ("fields_type", Shape::Str),
        (
            "additional_fields",
            Shape::Since((3, 0), &Shape::List(&Shape::Str)),
        ),
    ],
};

/// `heroku_drain`. Source: `scrapeconfig.go` (`HerokuDrainTargetConfig`),
/// grafana/loki v2.7–v3.7.
static HEROKU_DRAIN: Block = Block {
    name: "heroku_drain",
    fields: &[
        ("server", Shape::Block(&PUSH_SERVER)),
        ("labels", Shape::Map(&Shape::Str)),
        ("use_incoming_timestamp", Shape::Bool),
    ],
};

/// `decompression`. Source: `scrapeconfig.go` (`DecompressionConfig`),
/// grafana/loki v2.8–v3.7.
static DECOMPRESSION: Block = Block {
    name: "decompression",
    fields: &[
        ("enabled", Shape::Bool),
        ("initial_delay", Shape::Duration),
        ("format", Shape::Str),
    ],
};

/// `relabel_configs[]`. Source: prometheus `relabel/relabel.go` (`Config`),
/// as vendored by grafana/loki v2.0–v3.7. The action is checked by
/// Prometheus against a set that grew over releases, so it is text here.
static RELABEL_CONFIG: Block = Block {
    name: "relabel config",
    fields: &[
        ("source_labels", Shape::List(&Shape::Str)),
        ("separator", Shape::Str),
        ("regex", Shape::Str),
        ("modulus", Shape::Int),
        ("target_label", Shape::Str),
        ("replacement", Shape::Str),
        ("action", Shape::Str),
    ],
};

/// `static_configs[]`. Source: prometheus `discovery/targetgroup/targetgroup.go`
/// (`Group`'s YAML form), as vendored by grafana/loki v2.0–v3.7.
static STATIC_CONFIG: Block = Block {
    name: "static config",
    fields: &[
        ("targets", Shape::List(&Shape::Str)),
        ("labels", Shape::Map(&Shape::Str)),
    ],
};

/// `file_sd_configs[]`. Source: prometheus `discovery/file/file.go`
/// (`SDConfig`), as vendored by grafana/loki v2.0–v3.7.
static FILE_SD_CONFIG: Block = Block {
    name: "file_sd_config",
    fields: &[
        ("files", Shape::List(&Shape::Str)),
        ("refresh_interval", Shape::Duration),
    ],
};

/// `docker_sd_configs[]`, with Prometheus's HTTP client keys inlined.
/// Source: prometheus `discovery/moby/docker.go` (`DockerSDConfig`), as
/// vendored by grafana/loki v2.5–v3.7.
static DOCKER_SD_CONFIG: Block = Block {
    name: "docker_sd_config",
    fields: http_client_fields![
        ("host", Shape::Str),
        ("port", Shape::Int),
        ("filters", Shape::List(&Shape::Block(&DOCKER_SD_FILTER))),
        ("refresh_interval", Shape::Duration),
        ("host_networking_host", Shape::Str),
        ("match_first_network", Shape::Since((3, 2), &Shape::Bool)),
    ],
};

/// `docker_sd_configs[].filters[]`. Source: prometheus
/// `discovery/moby/dockerswarm.go` (`Filter`).
static DOCKER_SD_FILTER: Block = Block {
    name: "filter",
    fields: &[("name", Shape::Str), ("values", Shape::List(&Shape::Str))],
};

/// One item of `pipeline_stages`: a mapping with the name of one stage.
/// Source: `clients/pkg/logentry/stages/stage.go` (the stage creators),
/// grafana/loki v2.0–v3.7; an unknown stage name is refused at start.
static STAGE: Block = Block {
    name: "pipeline stage",
    fields: &[
        // Takes no settings; whatever is written is ignored.
        ("docker", Shape::Any),
        ("cri", Shape::Lenient(&CRI_STAGE)),
        ("regex", Shape::Lenient(&REGEX_STAGE)),
        ("json", Shape::Lenient(&JSON_STAGE)),
        (
            "logfmt",
            Shape::Since((2, 4), &Shape::Lenient(&LOGFMT_STAGE)),
        ),
        ("replace", Shape::Lenient(&REPLACE_STAGE)),
        (
            "multiline",
            Shape::Since((2, 2), &Shape::Lenient(&MULTILINE_STAGE)),
        ),
        ("pack", Shape::Since((2, 2), &Shape::Lenient(&PACK_STAGE))),
        ("decolorize", Shape::Since((2, 8), &Shape::Any)),
        (
            "eventlogmessage",
            Shape::Since((2, 8), &Shape::Lenient(&EVENTLOGMESSAGE_STAGE)),
        ),
        ("geoip", Shape::Since((2, 8), &Shape::Lenient(&GEOIP_STAGE))),
        ("template", Shape::Lenient(&TEMPLATE_STAGE)),
        ("timestamp", Shape::Lenient(&TIMESTAMP_STAGE)),
        ("output", Shape::Lenient(&OUTPUT_STAGE)),
        ("labels", Shape::Map(&Shape::Str)),
        (
            "labelallow",
            Shape::Since((2, 2), &Shape::List(&Shape::Str)),
        ),
        ("labeldrop", Shape::List(&Shape::Str)),
        (
            "static_labels",
            Shape::Since((2, 4), &Shape::Map(&Shape::Str)),
        ),
        (
            "structured_metadata",
            Shape::Since((2, 9), &Shape::Map(&Shape::Str)),
        ),
        // The former name of `structured_metadata`.
        (
            "non_indexed_labels",
            Shape::Since((2, 9), &Shape::Map(&Shape::Str)),
        ),
        ("metrics", Shape::Map(&Shape::Block(&METRIC))),
        ("tenant", Shape::Lenient(&TENANT_STAGE)),
        ("match", Shape::Lenient(&MATCH_STAGE)),
        ("drop", Shape::Lenient(&DROP_STAGE)),
        (
            "sampling",
            Shape::Since((2, 9), &Shape::Lenient(&SAMPLING_STAGE)),
        ),
        ("limit", Shape::Since((2, 5), &Shape::Lenient(&LIMIT_STAGE))),
    ],
};

/// `cri`. Source: `clients/pkg/logentry/stages/extensions.go` (`CriConfig`),
/// grafana/loki v2.9–v3.7 (earlier releases ignore the settings).
static CRI_STAGE: Block = Block {
    name: "cri stage",
    fields: &[
        ("max_partial_lines", Shape::Since((2, 9), &Shape::Int)),
        ("max_partial_line_size", Shape::Since((2, 9), &Shape::Size)),
        (
            "max_partial_line_size_truncate",
            Shape::Since((2, 9), &Shape::Bool),
        ),
    ],
};

/// `regex`. Source: `clients/pkg/logentry/stages/regex.go` (`RegexConfig`),
/// grafana/loki v2.0–v3.7.
static REGEX_STAGE: Block = Block {
    name: "regex stage",
    fields: &[("expression", Shape::Str), ("source", Shape::Str)],
};

/// `json`. Source: `clients/pkg/logentry/stages/json.go` (`JSONConfig`),
/// grafana/loki v2.0–v3.7.
static JSON_STAGE: Block = Block {
    name: "json stage",
    fields: &[
        ("expressions", Shape::Map(&Shape::Str)),
        ("source", Shape::Str),
        ("drop_malformed", Shape::Since((2, 6), &Shape::Bool)),
    ],
};

/// `logfmt`. Source: `clients/pkg/logentry/stages/logfmt.go`
/// (`LogfmtConfig`), grafana/loki v2.4–v3.7.
static LOGFMT_STAGE: Block = Block {
    name: "logfmt stage",
    fields: &[("mapping", Shape::Map(&Shape::Str)), ("source", Shape::Str)],
};

/// `replace`. Source: `clients/pkg/logentry/stages/replace.go`
/// (`ReplaceConfig`), grafana/loki v2.0–v3.7.
static REPLACE_STAGE: Block = Block {
    name: "replace stage",
    fields: &[
        ("expression", Shape::Str),
        ("source", Shape::Str),
        ("replace", Shape::Str),
    ],
};

/// `multiline`. Source: `clients/pkg/logentry/stages/multiline.go`
/// (`MultilineConfig`), grafana/loki v2.2–v3.7.
static MULTILINE_STAGE: Block = Block {
    name: "multiline stage",
    fields: &[
        ("firstline", Shape::Str),
        ("max_lines", Shape::Int),
        ("max_wait_time", Shape::Duration),
    ],
};

/// `pack`. Source: `clients/pkg/logentry/stages/pack.go` (`PackConfig`),
/// grafana/loki v2.2–v3.7.
static PACK_STAGE: Block = Block {
    name: "pack stage",
    fields: &[
        ("labels", Shape::List(&Shape::Str)),
        ("ingest_timestamp", Shape::Bool),
    ],
};

/// `eventlogmessage`. Source: `clients/pkg/logentry/stages/eventlogmessage.go`
/// (`EventLogMessageConfig`), grafana/loki v2.8–v3.7.
static EVENTLOGMESSAGE_STAGE: Block = Block {
    name: "eventlogmessage stage",
    fields: &[
        ("source", Shape::Str),
        ("drop_invalid_labels", Shape::Bool),
        ("overwrite_existing", Shape::Bool),
    ],
};

/// `geoip`. Source: `clients/pkg/logentry/stages/geoip.go` (`GeoIPConfig`),
/// grafana/loki v2.8–v3.7.
static GEOIP_STAGE: Block = Block {
    name: "geoip stage",
    fields: &[
        ("db", Shape::Str),
        ("source", Shape::Str),
        ("db_type", Shape::Str),
    ],
};

/// `template`. Source: `clients/pkg/logentry/stages/template.go`
/// (`TemplateConfig`), grafana/loki v2.0–v3.7.
static TEMPLATE_STAGE: Block = Block {
    name: "template stage",
    fields: &[("source", Shape::Str), ("template", Shape::Str)],
};

/// `timestamp`. Source: `clients/pkg/logentry/stages/timestamp.go`
/// (`TimestampConfig`), grafana/loki v2.0–v3.7.
static TIMESTAMP_STAGE: Block = Block {
    name: "timestamp stage",
    fields: &[
        ("source", Shape::Str),
        ("format", Shape::Str),
        ("fallback_formats", Shape::List(&Shape::Str)),
        ("location", Shape::Str),
        ("action_on_failure", Shape::Choice(&["skip", "fudge"])),
    ],
};

/// `output`. Source: `clients/pkg/logentry/stages/output.go`
/// (`OutputConfig`), grafana/loki v2.0–v3.7.
static OUTPUT_STAGE: Block = Block {
    name: "output stage",
    fields: &[("source", Shape::Str)],
};

/// One metric of the `metrics` stage. Source:
/// `clients/pkg/logentry/stages/metrics.go` (`MetricConfig`), grafana/loki
/// v2.0–v3.7. The type is compared without regard to case; `config`
/// depends on the type and is not modelled.
static METRIC: Block = Block {
    name: "metric",
    fields: &[
        ("type", Shape::Str),
        ("description", Shape::Str),
        ("source", Shape::Str),
        ("prefix", Shape::Str),
        ("max_idle_duration", Shape::Duration),
        ("config", Shape::Any),
    ],
};

/// `tenant`. Source: `clients/pkg/logentry/stages/tenant.go`
/// (`TenantConfig`), grafana/loki v2.0–v3.7.
static TENANT_STAGE: Block = Block {
    name: "tenant stage",
    fields: &[
        ("source", Shape::Str),
        ("value", Shape::Str),
        ("label", Shape::Since((2, 6), &Shape::Str)),
    ],
};

/// `match`. Source: `clients/pkg/logentry/stages/match.go`
/// (`MatcherConfig`), grafana/loki v2.0–v3.7.
static MATCH_STAGE: Block = Block {
    name: "match stage",
    fields: &[
        ("selector", Shape::Str),
        ("pipeline_name", Shape::Str),
        ("action", Shape::Choice(&["keep", "drop"])),
        ("drop_counter_reason", Shape::Str),
        ("stages", Shape::List(&Shape::Block(&STAGE))),
    ],
};

/// `drop`. Source: `clients/pkg/logentry/stages/drop.go` (`DropConfig`),
/// grafana/loki v2.0–v3.7. `source` is one name or, from v2.8, a list.
static DROP_STAGE: Block = Block {
    name: "drop stage",
    fields: &[
        ("source", Shape::Any),
        ("separator", Shape::Since((2, 8), &Shape::Str)),
        ("value", Shape::Str),
        ("expression", Shape::Str),
        ("older_than", Shape::Duration),
        ("longer_than", Shape::Size),
        ("drop_counter_reason", Shape::Str),
    ],
};

/// `sampling`. Source: `clients/pkg/logentry/stages/sampling.go`
/// (`SamplingConfig`), grafana/loki v2.9–v3.7.
static SAMPLING_STAGE: Block = Block {
    name: "sampling stage",
    fields: &[("rate", Shape::Float), ("drop_counter_reason", Shape::Str)],
};

/// `limit`. Source: `clients/pkg/logentry/stages/limit.go` (`LimitConfig`),
/// grafana/loki v2.5–v3.7.
static LIMIT_STAGE: Block = Block {
    name: "limit stage",
    fields: &[
        ("rate", Shape::Float),
        ("burst", Shape::Int),
        ("drop", Shape::Bool),
        ("by_label_name", Shape::Since((2, 8), &Shape::Str)),
        ("max_distinct_labels", Shape::Since((2, 8), &Shape::Int)),
    ],
};

#[cfg(test)]
mod tests {
    use super::PROMTAIL;
    use crate::shape::{Misfit, Shape, Version, walk};
    use serde_json::{Value, json};

    /// The pointers of what does not fit, sorted.
    fn misfits_on(doc: &Value, version: Option<Version>) -> Vec<String> {
        let mut found: Vec<String> = walk(doc, Shape::Block(&PROMTAIL), version)
            .into_iter()
            .map(|m| match m {
                Misfit::UnknownKey { pointer, .. } | Misfit::BadValue { pointer, .. } => pointer,
            })
            .collect();
        found.sort();
        found
    }

    fn misfits(doc: &Value) -> Vec<String> {
        misfits_on(doc, None)
    }

    fn realistic() -> Value {
        json!({
            "server": {"http_listen_port": 9080, "grpc_listen_port": 0, "log_level": "info"},
            "positions": {"filename": "/tmp/positions.yaml"},
            "clients": [{
                "url": "http://loki:3100/loki/api/v1/push",
                "tenant_id": "docker",
                "batchwait": "1s",
                "batchsize": 1_048_576,
                "backoff_config": {"min_period": "500ms", "max_period": "5m", "max_retries": 10},
                "external_labels": {"host": "node-1"},
                "basic_auth": {"username": "promtail", "password_file": "/run/secrets/loki"},
                "tls_config": {"insecure_skip_verify": true},
            }],
            "scrape_configs": [
                {
                    "job_name": "system",
                    "static_configs": [{
                        "targets": ["localhost"],
                        "labels": {"job": "varlogs", "__path__": "/var/log/*log"},
                    }],
                },
                {
                    "job_name": "docker",
                    "docker_sd_configs": [{
                        "host": "unix:///var/run/docker.sock",
                        "refresh_interval": "5s",
                        "filters": [{"name": "label", "values": ["logging=promtail"]}],
                    }],
                    "relabel_configs": [{
                        "source_labels": ["__meta_docker_container_name"],
                        "regex": "/(.*)",
                        "target_label": "container",
                    }],
                    "pipeline_stages": [
                        {"docker": {}},
                        {"regex": {"expression": "^(?P<level>\\w+) (?P<ts>\\S+) (?P<msg>.*)$"}},
                        {"labels": {"level": null}},
                        {"timestamp": {"source": "ts", "format": "RFC3339Nano"}},
                        {"match": {
                            "selector": "{container=\"nginx\"}",
                            "stages": [{"json": {"expressions": {"status": "status"}}}],
                        }},
                        {"match": {"selector": "{level=\"debug\"}", "action": "drop"}},
                    ],
                },
            ],
        })
    }

    #[test]
    fn a_realistic_configuration_fits() {
        assert_eq!(misfits(&realistic()), Vec::<String>::new());
    }

    #[test]
    fn wrong_values_and_unknown_keys_are_found() {
        let mut doc = realistic();
        doc["clients"][0]["batchwait"] = json!("1x");
        doc["server"]["nosuchkey"] = json!(true);
        doc["scrape_configs"][1]["pipeline_stages"][1] = json!({"regexp": {"expression": "x"}});
        doc["scrape_configs"][1]["pipeline_stages"][4]["match"]["stages"][0] = json!({"jsonn": {}});
        assert_eq!(
            misfits(&doc),
            [
                "/clients/0/batchwait",
                "/scrape_configs/1/pipeline_stages/1/regexp",
                "/scrape_configs/1/pipeline_stages/4/match/stages/0/jsonn",
                "/server/nosuchkey",
            ]
        );
    }

    #[test]
    fn keys_follow_the_release() {
        let stage = json!({"structured_metadata": {"a": null}});
        let doc = json!({
            "options": {"stream_lag_labels": "filename"},
            "scrape_configs": [{"job_name": "a", "pipeline_stages": [stage]}],
        });
        assert_eq!(misfits_on(&doc, Some((2, 9))), Vec::<String>::new());
        assert_eq!(
            misfits_on(&doc, Some((3, 0))),
            ["/options/stream_lag_labels"]
        );
        assert_eq!(
            misfits_on(&doc, Some((2, 8))),
            ["/scrape_configs/0/pipeline_stages/0/structured_metadata"]
        );
    }
}
