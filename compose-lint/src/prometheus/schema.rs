//! The keys Prometheus accepts in each object of its configuration file, and
//! which of their values are durations. The lists follow the Prometheus
//! configuration reference
//! (<https://prometheus.io/docs/prometheus/latest/configuration/configuration/>)
//! and the YAML tags of its configuration types. Objects not modelled here
//! (the service discovery kinds other than `static_configs` and
//! `file_sd_configs`, `sigv4`, `azuread`, `google_iam`, header maps, …) are
//! [`Shape::Any`]: their contents are never reported.

use serde_json::Value;

use super::child;
use crate::sources::FileKind;

/// What a value must look like.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Shape {
    /// Not modelled: anything goes, nothing inside is checked.
    Any,
    /// A Prometheus duration (`1m30s`).
    Duration,
    /// An object with a known set of keys.
    Object(&'static Object),
    /// A list of objects of one kind.
    List(&'static Object),
    /// One of a fixed set of words.
    Choice(&'static Choice),
    /// A list of distinct words of a fixed set.
    ChoiceList(&'static Choice),
}

/// A setting that takes one of a fixed set of words, compared exactly.
#[derive(Debug)]
pub(crate) struct Choice {
    /// How messages name the setting (`scrape protocol`).
    pub name: &'static str,
    pub values: &'static [&'static str],
    /// What Prometheus says when it refuses the value.
    pub refusal: &'static str,
}

/// `metric_name_validation_scheme`; empty means the default.
pub(crate) static VALIDATION_SCHEME: Choice = Choice {
    name: "metric name validation scheme",
    values: &["utf8", "legacy"],
    refusal: "unrecognized ValidationScheme",
};

/// `scrape_protocols` and `fallback_scrape_protocol`.
pub(crate) static SCRAPE_PROTOCOL: Choice = Choice {
    name: "scrape protocol",
    values: &[
        "PrometheusProto",
        "OpenMetricsText0.0.1",
        "OpenMetricsText1.0.0",
        "PrometheusText0.0.4",
        "PrometheusText1.0.0",
    ],
    refusal: "unknown scrape protocol",
};

/// `remote_write[].protobuf_message`.
pub(crate) static PROTOBUF_MESSAGE: Choice = Choice {
    name: "remote write protobuf message",
    values: &["prometheus.WriteRequest", "io.prometheus.write.v2.Request"],
    refusal: "invalid protobuf_message value",
};

/// `tracing.compression`; empty means none.
pub(crate) static TRACING_COMPRESSION: Choice = Choice {
    name: "tracing compression",
    values: &["gzip"],
    refusal: "invalid compression type",
};

/// `storage.tsdb.chunk_encoding.floats`; empty means the default.
pub(crate) static FLOAT_CHUNK_ENCODING: Choice = Choice {
    name: "float chunk encoding",
    values: &["xor", "xor2"],
    refusal: "'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2'",
};

/// `otlp.translation_strategy`; empty means the default.
pub(crate) static TRANSLATION_STRATEGY: Choice = Choice {
    name: "OTLP translation strategy",
    values: &[
        "UnderscoreEscapingWithSuffixes",
        "UnderscoreEscapingWithoutSuffixes",
        "NoUTF8EscapingWithSuffixes",
        "NoTranslation",
    ],
    refusal: "unsupported OTLP translation strategy",
};

/// `tracing.client_type`.
pub(crate) static TRACING_CLIENT: Choice = Choice {
    name: "tracing client type",
    values: &["grpc", "http"],
    refusal: "unknown tracing client type",
};

/// An object of the configuration and the keys it accepts.
#[derive(Debug)]
pub(crate) struct Object {
    /// How messages name it (`scrape config`, `relabel config`).
    pub name: &'static str,
    pub fields: &'static [(&'static str, Shape)],
    /// Groups of keys inlined into this object (the HTTP client settings).
    pub inline: &'static [&'static [(&'static str, Shape)]],
    /// True when the `<kind>_sd_configs` keys are accepted.
    pub service_discovery: bool,
}

impl Object {
    /// The shape of `key`, if the object accepts it.
    pub(crate) fn field(&self, key: &str) -> Option<Shape> {
        let own = self
            .fields
            .iter()
            .chain(self.inline.iter().flat_map(|g| g.iter()));
        for (name, shape) in own {
            if *name == key {
                return Some(*shape);
            }
        }
        if self.service_discovery {
            if key == "static_configs" {
                return Some(Shape::List(&STATIC_CONFIG));
            }
            if key == "file_sd_configs" {
                return Some(Shape::List(&FILE_SD_CONFIG));
            }
            if key
                .strip_suffix("_sd_configs")
                .is_some_and(|kind| SERVICE_DISCOVERY.contains(&kind))
            {
                return Some(Shape::Any);
            }
        }
        None
    }

    /// Every key the object accepts, for suggestions.
    pub(crate) fn known_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .fields
            .iter()
            .chain(self.inline.iter().flat_map(|g| g.iter()))
            .map(|(name, _)| (*name).to_string())
            .collect();
        if self.service_discovery {
            keys.push("static_configs".into());
            keys.extend(SERVICE_DISCOVERY.iter().map(|k| format!("{k}_sd_configs")));
        }
        keys
    }
}

/// The service discovery kinds Prometheus registers (`<kind>_sd_configs`).
const SERVICE_DISCOVERY: &[&str] = &[
    "aws",
    "azure",
    "consul",
    "digitalocean",
    "dns",
    "docker",
    "dockerswarm",
    "ec2",
    "ecs",
    "elasticache",
    "eureka",
    "file",
    "gce",
    "hetzner",
    "http",
    "ionos",
    "kubernetes",
    "kuma",
    "lightsail",
    "linode",
    "marathon",
    "msk",
    "nerve",
    "nomad",
    "oci",
    "openstack",
    "outscale",
    "ovhcloud",
    "puppetdb",
    "rds",
    "scaleway",
    "serverset",
    "stackit",
    "triton",
    "uyuni",
    "vultr",
];

/// A file `scrape_config_files` names: scrape configs and nothing else.
pub(crate) static SCRAPE_CONFIG_FILE: Object = Object {
    name: "scrape config file",
    fields: &[("scrape_configs", Shape::List(&SCRAPE_CONFIG))],
    inline: &[],
    service_discovery: false,
};

/// The whole file.
pub(crate) static CONFIG: Object = Object {
    name: "configuration",
    fields: &[
        ("global", Shape::Object(&GLOBAL)),
        ("runtime", Shape::Object(&RUNTIME)),
        ("alerting", Shape::Object(&ALERTING)),
        ("rule_files", Shape::Any),
        ("scrape_config_files", Shape::Any),
        ("scrape_configs", Shape::List(&SCRAPE_CONFIG)),
        ("storage", Shape::Object(&STORAGE)),
        ("tracing", Shape::Object(&TRACING)),
        ("remote_write", Shape::List(&REMOTE_WRITE)),
        ("remote_read", Shape::List(&REMOTE_READ)),
        ("otlp", Shape::Object(&OTLP)),
    ],
    inline: &[],
    service_discovery: false,
};

static GLOBAL: Object = Object {
    name: "`global` section",
    fields: &[
        ("scrape_interval", Shape::Duration),
        ("scrape_timeout", Shape::Duration),
        ("scrape_protocols", Shape::ChoiceList(&SCRAPE_PROTOCOL)),
        ("evaluation_interval", Shape::Duration),
        ("rule_query_offset", Shape::Duration),
        ("query_log_file", Shape::Any),
        ("scrape_failure_log_file", Shape::Any),
        ("external_labels", Shape::Any),
        ("body_size_limit", Shape::Any),
        ("sample_limit", Shape::Any),
        ("target_limit", Shape::Any),
        ("label_limit", Shape::Any),
        ("label_name_length_limit", Shape::Any),
        ("label_value_length_limit", Shape::Any),
        ("keep_dropped_targets", Shape::Any),
        (
            "metric_name_validation_scheme",
            Shape::Choice(&VALIDATION_SCHEME),
        ),
        ("metric_name_escaping_scheme", Shape::Any),
        ("scrape_native_histograms", Shape::Any),
        ("convert_classic_histograms_to_nhcb", Shape::Any),
        ("always_scrape_classic_histograms", Shape::Any),
        ("extra_scrape_metrics", Shape::Any),
    ],
    inline: &[],
    service_discovery: false,
};

static RUNTIME: Object = Object {
    name: "`runtime` section",
    fields: &[("gogc", Shape::Any)],
    inline: &[],
    service_discovery: false,
};

/// The HTTP client settings inlined into scrape configs, alertmanagers and
/// remote endpoints.
const HTTP_CLIENT: &[(&str, Shape)] = &[
    ("basic_auth", Shape::Object(&BASIC_AUTH)),
    ("authorization", Shape::Object(&AUTHORIZATION)),
    ("oauth2", Shape::Object(&OAUTH2)),
    ("bearer_token", Shape::Any),
    ("bearer_token_file", Shape::Any),
    ("tls_config", Shape::Object(&TLS_CONFIG)),
    ("follow_redirects", Shape::Any),
    ("enable_http2", Shape::Any),
    ("http_headers", Shape::Any),
];

/// The proxy settings inlined into the HTTP client and OAuth 2.0 settings.
const PROXY: &[(&str, Shape)] = &[
    ("proxy_url", Shape::Any),
    ("no_proxy", Shape::Any),
    ("proxy_from_environment", Shape::Any),
    ("proxy_connect_header", Shape::Any),
];

static BASIC_AUTH: Object = Object {
    name: "`basic_auth` section",
    fields: &[
        ("username", Shape::Any),
        ("username_file", Shape::Any),
        ("username_ref", Shape::Any),
        ("password", Shape::Any),
        ("password_file", Shape::Any),
        ("password_ref", Shape::Any),
    ],
    inline: &[],
    service_discovery: false,
};

static AUTHORIZATION: Object = Object {
    name: "`authorization` section",
    fields: &[
        ("type", Shape::Any),
        ("credentials", Shape::Any),
        ("credentials_file", Shape::Any),
        ("credentials_ref", Shape::Any),
    ],
    inline: &[],
    service_discovery: false,
};

static OAUTH2: Object = Object {
    name: "`oauth2` section",
    fields: &[
        ("client_id", Shape::Any),
        ("client_secret", Shape::Any),
        ("client_secret_file", Shape::Any),
        ("client_secret_ref", Shape::Any),
        ("client_certificate_key_id", Shape::Any),
        ("client_certificate_key", Shape::Any),
        ("client_certificate_key_file", Shape::Any),
        ("client_certificate_key_ref", Shape::Any),
        ("grant_type", Shape::Any),
        ("signature_algorithm", Shape::Any),
        ("iss", Shape::Any),
        ("audience", Shape::Any),
        ("claims", Shape::Any),
        ("scopes", Shape::Any),
        ("token_url", Shape::Any),
        ("endpoint_params", Shape::Any),
        ("tls_config", Shape::Object(&TLS_CONFIG)),
    ],
    inline: &[PROXY],
    service_discovery: false,
};

static TLS_CONFIG: Object = Object {
    name: "`tls_config` section",
    fields: &[
        ("ca", Shape::Any),
        ("cert", Shape::Any),
        ("key", Shape::Any),
        ("ca_file", Shape::Any),
        ("cert_file", Shape::Any),
        ("key_file", Shape::Any),
        ("ca_ref", Shape::Any),
        ("cert_ref", Shape::Any),
        ("key_ref", Shape::Any),
        ("server_name", Shape::Any),
        ("insecure_skip_verify", Shape::Any),
        ("min_version", Shape::Any),
        ("max_version", Shape::Any),
    ],
    inline: &[],
    service_discovery: false,
};

pub(crate) static SCRAPE_CONFIG: Object = Object {
    name: "scrape config",
    fields: &[
        ("job_name", Shape::Any),
        ("honor_labels", Shape::Any),
        ("honor_timestamps", Shape::Any),
        ("track_timestamps_staleness", Shape::Any),
        ("params", Shape::Any),
        ("scrape_interval", Shape::Duration),
        ("scrape_timeout", Shape::Duration),
        ("scrape_protocols", Shape::ChoiceList(&SCRAPE_PROTOCOL)),
        ("fallback_scrape_protocol", Shape::Choice(&SCRAPE_PROTOCOL)),
        ("scrape_native_histograms", Shape::Any),
        ("always_scrape_classic_histograms", Shape::Any),
        // The name `always_scrape_classic_histograms` had before Prometheus 3.
        ("scrape_classic_histograms", Shape::Any),
        ("convert_classic_histograms_to_nhcb", Shape::Any),
        ("scrape_failure_log_file", Shape::Any),
        ("metrics_path", Shape::Any),
        ("scheme", Shape::Any),
        ("enable_compression", Shape::Any),
        ("body_size_limit", Shape::Any),
        ("sample_limit", Shape::Any),
        ("target_limit", Shape::Any),
        ("label_limit", Shape::Any),
        ("label_name_length_limit", Shape::Any),
        ("label_value_length_limit", Shape::Any),
        ("native_histogram_bucket_limit", Shape::Any),
        ("native_histogram_min_bucket_factor", Shape::Any),
        ("keep_dropped_targets", Shape::Any),
        (
            "metric_name_validation_scheme",
            Shape::Choice(&VALIDATION_SCHEME),
        ),
        ("metric_name_escaping_scheme", Shape::Any),
        ("extra_scrape_metrics", Shape::Any),
        ("relabel_configs", Shape::List(&RELABEL_CONFIG)),
        ("metric_relabel_configs", Shape::List(&RELABEL_CONFIG)),
    ],
    inline: &[HTTP_CLIENT, PROXY],
    service_discovery: true,
};

pub(crate) static RELABEL_CONFIG: Object = Object {
    name: "relabel config",
    fields: &[
        ("source_labels", Shape::Any),
        ("separator", Shape::Any),
        ("regex", Shape::Any),
        ("modulus", Shape::Any),
        ("target_label", Shape::Any),
        ("replacement", Shape::Any),
        ("action", Shape::Any),
    ],
    inline: &[],
    service_discovery: false,
};

pub(crate) static STATIC_CONFIG: Object = Object {
    name: "static config",
    fields: &[("targets", Shape::Any), ("labels", Shape::Any)],
    inline: &[],
    service_discovery: false,
};

static FILE_SD_CONFIG: Object = Object {
    name: "file_sd config",
    fields: &[("files", Shape::Any), ("refresh_interval", Shape::Duration)],
    inline: &[],
    service_discovery: false,
};

static ALERTING: Object = Object {
    name: "`alerting` section",
    fields: &[
        ("alert_relabel_configs", Shape::List(&RELABEL_CONFIG)),
        ("alertmanagers", Shape::List(&ALERTMANAGER)),
    ],
    inline: &[],
    service_discovery: false,
};

static ALERTMANAGER: Object = Object {
    name: "alertmanager config",
    fields: &[
        ("sigv4", Shape::Any),
        ("scheme", Shape::Any),
        ("path_prefix", Shape::Any),
        ("timeout", Shape::Duration),
        ("api_version", Shape::Any),
        ("relabel_configs", Shape::List(&RELABEL_CONFIG)),
        ("alert_relabel_configs", Shape::List(&RELABEL_CONFIG)),
    ],
    inline: &[HTTP_CLIENT, PROXY],
    service_discovery: true,
};

pub(crate) static REMOTE_WRITE: Object = Object {
    name: "remote_write config",
    fields: &[
        ("url", Shape::Any),
        ("remote_timeout", Shape::Duration),
        ("headers", Shape::Any),
        ("write_relabel_configs", Shape::List(&RELABEL_CONFIG)),
        ("name", Shape::Any),
        ("send_exemplars", Shape::Any),
        ("send_native_histograms", Shape::Any),
        ("round_robin_dns", Shape::Any),
        ("protobuf_message", Shape::Choice(&PROTOBUF_MESSAGE)),
        ("failed_request_logging", Shape::Any),
        ("queue_config", Shape::Object(&QUEUE_CONFIG)),
        ("metadata_config", Shape::Object(&METADATA_CONFIG)),
        ("sigv4", Shape::Any),
        ("azuread", Shape::Any),
        ("google_iam", Shape::Any),
    ],
    inline: &[HTTP_CLIENT, PROXY],
    service_discovery: false,
};

static QUEUE_CONFIG: Object = Object {
    name: "`queue_config` section",
    fields: &[
        ("capacity", Shape::Any),
        ("max_shards", Shape::Any),
        ("min_shards", Shape::Any),
        ("max_samples_per_send", Shape::Any),
        ("batch_send_deadline", Shape::Duration),
        ("min_backoff", Shape::Duration),
        ("max_backoff", Shape::Duration),
        ("retry_on_http_429", Shape::Any),
        ("sample_age_limit", Shape::Duration),
    ],
    inline: &[],
    service_discovery: false,
};

static METADATA_CONFIG: Object = Object {
    name: "`metadata_config` section",
    fields: &[
        ("send", Shape::Any),
        ("send_interval", Shape::Duration),
        ("max_samples_per_send", Shape::Any),
    ],
    inline: &[],
    service_discovery: false,
};

pub(crate) static REMOTE_READ: Object = Object {
    name: "remote_read config",
    fields: &[
        ("url", Shape::Any),
        ("remote_timeout", Shape::Duration),
        ("chunked_read_limit", Shape::Any),
        ("headers", Shape::Any),
        ("read_recent", Shape::Any),
        ("name", Shape::Any),
        ("required_matchers", Shape::Any),
        ("filter_external_labels", Shape::Any),
    ],
    inline: &[HTTP_CLIENT, PROXY],
    service_discovery: false,
};

static STORAGE: Object = Object {
    name: "`storage` section",
    fields: &[
        ("tsdb", Shape::Object(&TSDB)),
        ("exemplars", Shape::Object(&EXEMPLARS)),
    ],
    inline: &[],
    service_discovery: false,
};

static TSDB: Object = Object {
    name: "`tsdb` section",
    fields: &[
        ("out_of_order_time_window", Shape::Duration),
        ("stale_series_compaction_threshold", Shape::Any),
        ("chunk_encoding", Shape::Object(&CHUNK_ENCODING)),
        ("retention", Shape::Object(&RETENTION)),
    ],
    inline: &[],
    service_discovery: false,
};

static CHUNK_ENCODING: Object = Object {
    name: "`chunk_encoding` section",
    fields: &[("floats", Shape::Choice(&FLOAT_CHUNK_ENCODING))],
    inline: &[],
    service_discovery: false,
};

static RETENTION: Object = Object {
    name: "`retention` section",
    fields: &[
        ("time", Shape::Duration),
        ("size", Shape::Any),
        ("percentage", Shape::Any),
    ],
    inline: &[],
    service_discovery: false,
};

static EXEMPLARS: Object = Object {
    name: "`exemplars` section",
    fields: &[("max_exemplars", Shape::Any)],
    inline: &[],
    service_discovery: false,
};

static TRACING: Object = Object {
    name: "`tracing` section",
    fields: &[
        ("client_type", Shape::Choice(&TRACING_CLIENT)),
        ("endpoint", Shape::Any),
        ("sampling_fraction", Shape::Any),
        ("insecure", Shape::Any),
        ("tls_config", Shape::Object(&TLS_CONFIG)),
        ("headers", Shape::Any),
        ("compression", Shape::Choice(&TRACING_COMPRESSION)),
        ("timeout", Shape::Duration),
    ],
    inline: &[],
    service_discovery: false,
};

static OTLP: Object = Object {
    name: "`otlp` section",
    fields: &[
        ("promote_all_resource_attributes", Shape::Any),
        ("promote_resource_attributes", Shape::Any),
        ("ignore_resource_attributes", Shape::Any),
        ("translation_strategy", Shape::Choice(&TRANSLATION_STRATEGY)),
        ("keep_identifying_resource_attributes", Shape::Any),
        ("convert_histograms_to_nhcb", Shape::Any),
        ("promote_scope_metadata", Shape::Any),
        ("label_name_underscore_sanitization", Shape::Any),
        ("label_name_preserve_multiple_underscores", Shape::Any),
    ],
    inline: &[],
    service_discovery: false,
};

/// What the walk meets.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// A key `object` does not accept, at `pointer`.
    UnknownKey {
        pointer: String,
        key: &'a str,
        object: &'static Object,
    },
    /// A value that must be a duration, at `pointer`.
    Duration { pointer: String, value: &'a Value },
    /// A list item that is null (`- ` with nothing after it), where
    /// `object` was expected.
    NullItem {
        pointer: String,
        object: &'static Object,
    },
    /// A value that must be one of `choice`'s words, at `pointer`; for a
    /// [`Shape::ChoiceList`], each item.
    Choice {
        pointer: String,
        value: &'a Value,
        choice: &'static Choice,
        /// The pointer of an earlier item with the same word, in a list.
        repeats: Option<String>,
    },
    /// An object of a modelled kind, at `pointer`.
    Object {
        pointer: String,
        value: &'a serde_json::Map<String, Value>,
        object: &'static Object,
    },
}

/// The relabel configs of a configuration (target, metric, alert and
/// remote-write relabelling), each with its pointer.
pub(crate) fn relabel_configs(
    config: &Value,
    kind: FileKind,
) -> Vec<(String, &serde_json::Map<String, Value>)> {
    walk(config, kind)
        .into_iter()
        .filter_map(|event| match event {
            Event::Object {
                pointer,
                value,
                object,
            } if std::ptr::eq(object, &RELABEL_CONFIG) => Some((pointer, value)),
            _ => None,
        })
        .collect()
}

/// Walks `value` (the whole file, a configuration or a scrape config file
/// as `kind` says) and lists what it meets.
pub(crate) fn walk(value: &Value, kind: FileKind) -> Vec<Event<'_>> {
    let root = if kind == FileKind::PrometheusScrapeConfigs {
        &SCRAPE_CONFIG_FILE
    } else {
        &CONFIG
    };
    let mut events = Vec::new();
    visit(value, String::new(), Shape::Object(root), &mut events);
    events
}

fn visit<'a>(value: &'a Value, pointer: String, shape: Shape, events: &mut Vec<Event<'a>>) {
    match shape {
        Shape::Any => {}
        Shape::Duration => events.push(Event::Duration { pointer, value }),
        Shape::Choice(choice) => events.push(Event::Choice {
            pointer,
            value,
            choice,
            repeats: None,
        }),
        Shape::ChoiceList(choice) => {
            let Some(items) = value.as_array() else {
                return;
            };
            for (i, item) in items.iter().enumerate() {
                let repeats = items[..i]
                    .iter()
                    .position(|earlier| earlier == item)
                    .map(|j| format!("{pointer}/{j}"));
                events.push(Event::Choice {
                    pointer: format!("{pointer}/{i}"),
                    value: item,
                    choice,
                    repeats,
                });
            }
        }
        Shape::Object(object) => {
            let Some(map) = value.as_object() else {
                return;
            };
            events.push(Event::Object {
                pointer: pointer.clone(),
                value: map,
                object,
            });
            for (key, child_value) in map {
                let child_pointer = child(&pointer, key);
                match object.field(key) {
                    Some(shape) => visit(child_value, child_pointer, shape, events),
                    None => events.push(Event::UnknownKey {
                        pointer: child_pointer,
                        key,
                        object,
                    }),
                }
            }
        }
        Shape::List(object) => {
            let Some(items) = value.as_array() else {
                return;
            };
            for (i, item) in items.iter().enumerate() {
                if item.is_null() {
                    events.push(Event::NullItem {
                        pointer: format!("{pointer}/{i}"),
                        object,
                    });
                    continue;
                }
                visit(
                    item,
                    format!("{pointer}/{i}"),
                    Shape::Object(object),
                    events,
                );
            }
        }
    }
}
