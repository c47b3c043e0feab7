//! The keys and value types of Alertmanager's configuration file (`--config.file`).
//!
//! Written from the yaml tags of Alertmanager's Go structs (`config/config.go`,
//! `config/notifiers.go`, `config/common/`, `notify/*/config.go`,
//! `timeinterval/timeinterval.go`, `tracing/config.go`, `eventrecorder/`) in
//! the releases v0.23.0 to v0.34.0, with `docs/configuration.md` alongside,
//! and from `prometheus/common` `config/http_config.go` and `headers.go`
//! (v0.30.0 to v0.70.1, the versions those releases build with) for the HTTP
//! client. Alertmanager decodes the file strictly (`yaml.UnmarshalStrict`),
//! so a key no table lists is one it refuses.
//!
//! A key carries [`Shape::Since`] only when both the releases' structs and
//! Alertmanager's `CHANGELOG.md` date it; keys the structs alone date (most
//! of them from `prometheus/common` upgrades) are accepted on every release.
//! No key was removed between v0.23 and v0.34.

use super::http_client_keys::{
    AUTHORIZATION, BASIC_AUTH, HTTP_HEADER, OAUTH2, PROXY_CONNECT_HEADER, TLS_CONFIG,
};
use crate::shape::{Block, Shape};

const LIST_OF_TEXT: Shape = Shape::List(&Shape::Str);
const MAP_OF_TEXT: Shape = Shape::Map(&Shape::Str);

// ---------------------------------------------------------------------------
// The HTTP client, shared by `global` and every integration.
// ---------------------------------------------------------------------------

/// `http_headers` (and tracing's `headers`): prometheus/common `Headers`, a
/// header name to its values.
const HTTP_HEADERS: Shape = Shape::Map(&Shape::Block(&HTTP_HEADER));

/// `http_config`: prometheus/common `config/http_config.go`
/// `HTTPClientConfig` with the inlined `ProxyConfig` (v0.30.0–v0.70.1).
/// `enable_http2` came with common v0.38 (Alertmanager 0.25, CHANGELOG
/// 0.25.0 #3010).
static HTTP_CONFIG: Block = Block {
    name: "http_config",
    fields: &[
        ("basic_auth", Shape::Block(&BASIC_AUTH)),
        ("authorization", Shape::Block(&AUTHORIZATION)),
        ("oauth2", Shape::Block(&OAUTH2)),
        ("bearer_token", Shape::Str),
        ("bearer_token_file", Shape::Str),
        ("proxy_url", Shape::Str),
        ("no_proxy", Shape::Str),
        ("proxy_from_environment", Shape::Bool),
        ("proxy_connect_header", PROXY_CONNECT_HEADER),
        ("tls_config", Shape::Block(&TLS_CONFIG)),
        ("follow_redirects", Shape::Bool),
        ("enable_http2", Shape::Since((0, 25), &Shape::Bool)),
        ("http_headers", HTTP_HEADERS),
    ],
};

const HTTP: Shape = Shape::Block(&HTTP_CONFIG);

// ---------------------------------------------------------------------------
// The top level, `global`, the route tree, inhibition and time intervals.
// ---------------------------------------------------------------------------

/// The whole file: `config/config.go` `Config` (v0.23.0–v0.34.0).
/// `time_intervals` 0.24 (CHANGELOG 0.24.0 #2779), `tracing` 0.30 (0.30.0
/// #4745), `event_recorder` 0.33 (0.33.0 #5072).
pub(crate) static ALERTMANAGER: Block = Block {
    name: "top level",
    fields: &[
        ("global", Shape::Block(&GLOBAL)),
        ("route", Shape::Block(&ROUTE)),
        ("receivers", Shape::List(&Shape::Block(&RECEIVER))),
        ("inhibit_rules", Shape::List(&Shape::Block(&INHIBIT_RULE))),
        ("templates", LIST_OF_TEXT),
        (
            "mute_time_intervals",
            Shape::List(&Shape::Block(&NAMED_TIME_INTERVAL)),
        ),
        (
            "time_intervals",
            Shape::Since((0, 24), &Shape::List(&Shape::Block(&NAMED_TIME_INTERVAL))),
        ),
        ("tracing", Shape::Since((0, 30), &Shape::Block(&TRACING))),
        (
            "event_recorder",
            Shape::Since((0, 33), &Shape::Block(&EVENT_RECORDER)),
        ),
    ],
};

/// `global`: `config/config.go` `GlobalConfig` (v0.23.0–v0.34.0), each
/// added key dated by CHANGELOG: `opsgenie_api_key_file` 0.24 (#2728),
/// `telegram_api_url` 0.24 (Telegram, #2827), `smtp_auth_password_file` 0.25
/// (#3038), `victorops_api_key_file` 0.25 (#3111), `webex_api_url` 0.25
/// (Webex, #3132), `smtp_tls_config` 0.28 (#3732), `jira_api_url` 0.28 (Jira,
/// #3590), `rocketchat_*` 0.28 (Rocket.Chat, #3600), `slack_app_*` 0.30
/// (#4211), `smtp_auth_secret_file` 0.31 (#3087), `smtp_force_implicit_tls`
/// 0.31 (#4818), `wechat_api_secret_file` 0.31 (#4734), `telegram_bot_token*`
/// 0.31 (#4823), `mattermost_webhook_url*` 0.32 (#4998).
static GLOBAL: Block = Block {
    name: "global",
    fields: &[
        ("resolve_timeout", Shape::Duration),
        ("http_config", HTTP),
        ("smtp_from", Shape::Str),
        ("smtp_hello", Shape::Str),
        ("smtp_smarthost", Shape::Str),
        ("smtp_auth_username", Shape::Str),
        ("smtp_auth_password", Shape::Str),
        (
            "smtp_auth_password_file",
            Shape::Since((0, 25), &Shape::Str),
        ),
        ("smtp_auth_secret", Shape::Str),
        ("smtp_auth_secret_file", Shape::Since((0, 31), &Shape::Str)),
        ("smtp_auth_identity", Shape::Str),
        ("smtp_require_tls", Shape::Bool),
        (
            "smtp_tls_config",
            Shape::Since((0, 28), &Shape::Block(&TLS_CONFIG)),
        ),
        (
            "smtp_force_implicit_tls",
            Shape::Since((0, 31), &Shape::Bool),
        ),
        ("slack_api_url", Shape::Str),
        ("slack_api_url_file", Shape::Str),
        ("slack_app_token", Shape::Since((0, 30), &Shape::Str)),
        ("slack_app_token_file", Shape::Since((0, 30), &Shape::Str)),
        ("slack_app_url", Shape::Since((0, 30), &Shape::Str)),
        ("pagerduty_url", Shape::Str),
        ("opsgenie_api_url", Shape::Str),
        ("opsgenie_api_key", Shape::Str),
        ("opsgenie_api_key_file", Shape::Since((0, 24), &Shape::Str)),
        ("wechat_api_url", Shape::Str),
        ("wechat_api_secret", Shape::Str),
        ("wechat_api_secret_file", Shape::Since((0, 31), &Shape::Str)),
        ("wechat_api_corp_id", Shape::Str),
        ("victorops_api_url", Shape::Str),
        ("victorops_api_key", Shape::Str),
        ("victorops_api_key_file", Shape::Since((0, 25), &Shape::Str)),
        ("telegram_api_url", Shape::Since((0, 24), &Shape::Str)),
        ("telegram_bot_token", Shape::Since((0, 31), &Shape::Str)),
        (
            "telegram_bot_token_file",
            Shape::Since((0, 31), &Shape::Str),
        ),
        ("webex_api_url", Shape::Since((0, 25), &Shape::Str)),
        ("jira_api_url", Shape::Since((0, 28), &Shape::Str)),
        ("rocketchat_api_url", Shape::Since((0, 28), &Shape::Str)),
        ("rocketchat_token", Shape::Since((0, 28), &Shape::Str)),
        ("rocketchat_token_file", Shape::Since((0, 28), &Shape::Str)),
        ("rocketchat_token_id", Shape::Since((0, 28), &Shape::Str)),
        (
            "rocketchat_token_id_file",
            Shape::Since((0, 28), &Shape::Str),
        ),
        ("mattermost_webhook_url", Shape::Since((0, 32), &Shape::Str)),
        (
            "mattermost_webhook_url_file",
            Shape::Since((0, 32), &Shape::Str),
        ),
    ],
};

/// `route` and every `routes` item: `config/config.go` `Route`
/// (v0.23.0–v0.34.0). `active_time_intervals` 0.24 (CHANGELOG 0.24.0
/// #2779), `labels` 0.34 (0.34.0 #5328).
static ROUTE: Block = Block {
    name: "route",
    fields: &[
        ("receiver", Shape::Str),
        ("group_by", LIST_OF_TEXT),
        ("continue", Shape::Bool),
        ("match", MAP_OF_TEXT),
        ("match_re", MAP_OF_TEXT),
        ("matchers", LIST_OF_TEXT),
        ("mute_time_intervals", LIST_OF_TEXT),
        (
            "active_time_intervals",
            Shape::Since((0, 24), &LIST_OF_TEXT),
        ),
        ("routes", Shape::List(&Shape::Block(&ROUTE))),
        ("group_wait", Shape::Duration),
        ("group_interval", Shape::Duration),
        ("repeat_interval", Shape::Duration),
        ("labels", Shape::Since((0, 34), &MAP_OF_TEXT)),
    ],
};

/// An `inhibit_rules` item: `config/config.go` `InhibitRule` (v0.23.0–v0.31),
/// `config/common/inhibitrule.go` since. `name` 0.30 (CHANGELOG 0.30.0
/// #4628).
static INHIBIT_RULE: Block = Block {
    name: "inhibit rule",
    fields: &[
        ("name", Shape::Since((0, 30), &Shape::Str)),
        ("source_match", MAP_OF_TEXT),
        ("source_match_re", MAP_OF_TEXT),
        ("source_matchers", LIST_OF_TEXT),
        ("target_match", MAP_OF_TEXT),
        ("target_match_re", MAP_OF_TEXT),
        ("target_matchers", LIST_OF_TEXT),
        ("equal", LIST_OF_TEXT),
    ],
};

/// A `time_intervals` or `mute_time_intervals` item: `config/config.go`
/// `TimeInterval` / `MuteTimeInterval` (v0.23.0–v0.34.0).
static NAMED_TIME_INTERVAL: Block = Block {
    name: "time interval",
    fields: &[
        ("name", Shape::Str),
        ("time_intervals", Shape::List(&Shape::Block(&TIME_INTERVAL))),
    ],
};

/// One interval: `timeinterval/timeinterval.go` `TimeInterval`
/// (v0.23.0–v0.34.0). The ranges are read as text (`monday:friday`, `1:5`,
/// `-1`, `2024`); `location` 0.25 (CHANGELOG 0.25.0 #2782).
static TIME_INTERVAL: Block = Block {
    name: "time_intervals item",
    fields: &[
        ("times", Shape::List(&Shape::Block(&TIME_RANGE))),
        ("weekdays", LIST_OF_TEXT),
        ("days_of_month", LIST_OF_TEXT),
        ("months", LIST_OF_TEXT),
        ("years", LIST_OF_TEXT),
        ("location", Shape::Since((0, 25), &Shape::Str)),
    ],
};

/// A `times` item: `timeinterval/timeinterval.go` `yamlTimeRange`.
static TIME_RANGE: Block = Block {
    name: "times item",
    fields: &[("start_time", Shape::Str), ("end_time", Shape::Str)],
};

/// `tracing`: `config/tracing.go` (v0.30.0–v0.31), `tracing/config.go`
/// since, `TracingConfig`. The key is `headers`, whatever the docs' example
/// says; `client_type` is refused unless `http` or `grpc`.
static TRACING: Block = Block {
    name: "tracing",
    fields: &[
        ("client_type", Shape::Choice(&["http", "grpc"])),
        ("endpoint", Shape::Str),
        ("sampling_fraction", Shape::Float),
        ("insecure", Shape::Bool),
        ("tls_config", Shape::Block(&TLS_CONFIG)),
        ("headers", HTTP_HEADERS),
        ("compression", Shape::Str),
        ("timeout", Shape::Duration),
    ],
};

/// `event_recorder`: `eventrecorder/config.go` `Config` (v0.33.0–v0.34.0).
/// `stdout_outputs` 0.34 (CHANGELOG 0.34.0 #5311).
static EVENT_RECORDER: Block = Block {
    name: "event_recorder",
    fields: &[
        ("file_outputs", Shape::List(&Shape::Block(&FILE_OUTPUT))),
        (
            "webhook_outputs",
            Shape::List(&Shape::Block(&WEBHOOK_OUTPUT)),
        ),
        ("kafka_outputs", Shape::List(&Shape::Block(&KAFKA_OUTPUT))),
        (
            "stdout_outputs",
            Shape::Since((0, 34), &Shape::List(&Shape::Block(&STDOUT_OUTPUT))),
        ),
    ],
};

/// `eventrecorder/file.go` `FileOutputConfig`.
static FILE_OUTPUT: Block = Block {
    name: "file_outputs item",
    fields: &[("path", Shape::Str)],
};

/// `eventrecorder/webhook.go` `WebhookOutputConfig`; the `batch*` keys 0.34
/// (CHANGELOG 0.34.0 #5392).
static WEBHOOK_OUTPUT: Block = Block {
    name: "webhook_outputs item",
    fields: &[
        ("url", Shape::Str),
        ("http_config", HTTP),
        ("timeout", Shape::Duration),
        ("workers", Shape::Int),
        ("max_retries", Shape::Int),
        ("retry_backoff", Shape::Duration),
        ("batch", Shape::Since((0, 34), &Shape::Bool)),
        ("batch_max_events", Shape::Since((0, 34), &Shape::Int)),
        ("batch_max_bytes", Shape::Since((0, 34), &Shape::Int)),
        (
            "batch_flush_interval",
            Shape::Since((0, 34), &Shape::Duration),
        ),
    ],
};

/// `eventrecorder/kafka.go` `KafkaOutputConfig`.
static KAFKA_OUTPUT: Block = Block {
    name: "kafka_outputs item",
    fields: &[
        ("brokers", LIST_OF_TEXT),
        ("topic", Shape::Str),
        ("client_id", Shape::Str),
        ("format", Shape::Str),
        ("acks", Shape::Str),
        ("compression", Shape::Str),
        ("buffer_size", Shape::Int),
        ("tls_config", Shape::Block(&TLS_CONFIG)),
    ],
};

/// `eventrecorder/stdout.go` `StdoutOutputConfig`: no settings.
static STDOUT_OUTPUT: Block = Block {
    name: "stdout_outputs item",
    fields: &[],
};

// ---------------------------------------------------------------------------
// Receivers and their integrations.
// ---------------------------------------------------------------------------

/// A `receivers` item: `config/config.go` `Receiver` (v0.23.0–v0.34.0). The
/// integrations are dated by CHANGELOG: Telegram 0.24 (#2827), Discord and
/// Webex 0.25 (#2948, #3132), Microsoft Teams 0.26 (#3324), Teams via Flows
/// (`msteamsv2`), Jira and Rocket.Chat 0.28 (#4024, #3590, #3600),
/// incident.io 0.29 (#4372), Mattermost 0.30 (#4090); receiver `labels` 0.33
/// (#5152).
static RECEIVER: Block = Block {
    name: "receiver",
    fields: &[
        ("name", Shape::Str),
        ("labels", Shape::Since((0, 33), &MAP_OF_TEXT)),
        ("email_configs", Shape::List(&Shape::Block(&EMAIL))),
        ("pagerduty_configs", Shape::List(&Shape::Block(&PAGERDUTY))),
        ("slack_configs", Shape::List(&Shape::Block(&SLACK))),
        ("webhook_configs", Shape::List(&Shape::Block(&WEBHOOK))),
        ("opsgenie_configs", Shape::List(&Shape::Block(&OPSGENIE))),
        ("wechat_configs", Shape::List(&Shape::Block(&WECHAT))),
        ("pushover_configs", Shape::List(&Shape::Block(&PUSHOVER))),
        ("victorops_configs", Shape::List(&Shape::Block(&VICTOROPS))),
        ("sns_configs", Shape::List(&Shape::Block(&SNS))),
        (
            "telegram_configs",
            Shape::Since((0, 24), &Shape::List(&Shape::Block(&TELEGRAM))),
        ),
        (
            "discord_configs",
            Shape::Since((0, 25), &Shape::List(&Shape::Block(&DISCORD))),
        ),
        (
            "webex_configs",
            Shape::Since((0, 25), &Shape::List(&Shape::Block(&WEBEX))),
        ),
        (
            "msteams_configs",
            Shape::Since((0, 26), &Shape::List(&Shape::Block(&MSTEAMS))),
        ),
        (
            "msteamsv2_configs",
            Shape::Since((0, 28), &Shape::List(&Shape::Block(&MSTEAMSV2))),
        ),
        (
            "jira_configs",
            Shape::Since((0, 28), &Shape::List(&Shape::Block(&JIRA))),
        ),
        (
            "rocketchat_configs",
            Shape::Since((0, 28), &Shape::List(&Shape::Block(&ROCKETCHAT))),
        ),
        (
            "incidentio_configs",
            Shape::Since((0, 29), &Shape::List(&Shape::Block(&INCIDENTIO))),
        ),
        (
            "mattermost_configs",
            Shape::Since((0, 30), &Shape::List(&Shape::Block(&MATTERMOST))),
        ),
    ],
};

/// `email_configs` item: `config/notifiers.go` `EmailConfig`
/// (v0.23.0–v0.34.0). `auth_password_file` 0.25 (CHANGELOG 0.25.0 #3038),
/// `threading` 0.30 (0.30.0 #4623), `auth_secret_file` and
/// `force_implicit_tls` 0.31 (0.31.0 #3087, #4818).
static EMAIL: Block = Block {
    name: "email_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("to", Shape::Str),
        ("from", Shape::Str),
        ("hello", Shape::Str),
        ("smarthost", Shape::Str),
        ("auth_username", Shape::Str),
        ("auth_password", Shape::Str),
        ("auth_password_file", Shape::Since((0, 25), &Shape::Str)),
        ("auth_secret", Shape::Str),
        ("auth_secret_file", Shape::Since((0, 31), &Shape::Str)),
        ("auth_identity", Shape::Str),
        ("headers", MAP_OF_TEXT),
        ("html", Shape::Str),
        ("text", Shape::Str),
        ("require_tls", Shape::Bool),
        ("force_implicit_tls", Shape::Since((0, 31), &Shape::Bool)),
        ("tls_config", Shape::Block(&TLS_CONFIG)),
        (
            "threading",
            Shape::Since((0, 30), &Shape::Block(&EMAIL_THREADING)),
        ),
    ],
};

/// `email_config.threading`: `config/notifiers.go` `ThreadingConfig`
/// (v0.30.0–v0.34.0). `thread_by_date` is checked only when `enabled`, so
/// it stays text.
static EMAIL_THREADING: Block = Block {
    name: "threading",
    fields: &[("enabled", Shape::Bool), ("thread_by_date", Shape::Str)],
};

/// `pagerduty_configs` item: `config/notifiers.go` (v0.23.0–v0.28),
/// `notify/pagerduty/config.go` since, `PagerdutyConfig`. `details` holds
/// nested values since 0.30 (#3944). `service_key_file`,
/// `routing_key_file` 0.25 (CHANGELOG 0.25.0 #3107), `source` 0.25 (#3106),
/// `timeout` 0.30 (0.30.0 #4354).
static PAGERDUTY: Block = Block {
    name: "pagerduty_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("routing_key", Shape::Str),
        ("routing_key_file", Shape::Since((0, 25), &Shape::Str)),
        ("service_key", Shape::Str),
        ("service_key_file", Shape::Since((0, 25), &Shape::Str)),
        ("url", Shape::Str),
        ("client", Shape::Str),
        ("client_url", Shape::Str),
        ("description", Shape::Str),
        ("details", Shape::Map(&Shape::Any)),
        ("images", Shape::List(&Shape::Block(&PAGERDUTY_IMAGE))),
        ("links", Shape::List(&Shape::Block(&PAGERDUTY_LINK))),
        ("source", Shape::Since((0, 25), &Shape::Str)),
        ("severity", Shape::Str),
        ("class", Shape::Str),
        ("component", Shape::Str),
        ("group", Shape::Str),
        ("timeout", Shape::Since((0, 30), &Shape::Duration)),
    ],
};

/// `pagerduty_config.images` item: `PagerdutyImage`.
static PAGERDUTY_IMAGE: Block = Block {
    name: "pagerduty image",
    fields: &[
        ("src", Shape::Str),
        ("alt", Shape::Str),
        ("href", Shape::Str),
    ],
};

/// `pagerduty_config.links` item: `PagerdutyLink`.
static PAGERDUTY_LINK: Block = Block {
    name: "pagerduty link",
    fields: &[("href", Shape::Str), ("text", Shape::Str)],
};

/// `slack_configs` item: `config/notifiers.go` `SlackConfig`
/// (v0.23.0–v0.34.0). `app_token`, `app_token_file`, `app_url` 0.30
/// (CHANGELOG 0.30.0 #4211), `timeout` 0.30 (#4355), `message_text` 0.31
/// (0.31.0 #4867), `update_message` 0.32 (0.32.0 #5007).
static SLACK: Block = Block {
    name: "slack_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("api_url", Shape::Str),
        ("api_url_file", Shape::Str),
        ("app_token", Shape::Since((0, 30), &Shape::Str)),
        ("app_token_file", Shape::Since((0, 30), &Shape::Str)),
        ("app_url", Shape::Since((0, 30), &Shape::Str)),
        ("channel", Shape::Str),
        ("username", Shape::Str),
        ("color", Shape::Str),
        ("title", Shape::Str),
        ("title_link", Shape::Str),
        ("pretext", Shape::Str),
        ("text", Shape::Str),
        ("message_text", Shape::Since((0, 31), &Shape::Str)),
        ("fields", Shape::List(&Shape::Block(&SLACK_FIELD))),
        ("short_fields", Shape::Bool),
        ("footer", Shape::Str),
        ("fallback", Shape::Str),
        ("callback_id", Shape::Str),
        ("icon_emoji", Shape::Str),
        ("icon_url", Shape::Str),
        ("image_url", Shape::Str),
        ("thumb_url", Shape::Str),
        ("link_names", Shape::Bool),
        ("mrkdwn_in", LIST_OF_TEXT),
        ("actions", Shape::List(&Shape::Block(&SLACK_ACTION))),
        ("timeout", Shape::Since((0, 30), &Shape::Duration)),
        ("update_message", Shape::Since((0, 32), &Shape::Bool)),
    ],
};

/// `slack_config.fields` item: `SlackField`.
static SLACK_FIELD: Block = Block {
    name: "slack field",
    fields: &[
        ("title", Shape::Str),
        ("value", Shape::Str),
        ("short", Shape::Bool),
    ],
};

/// `slack_config.actions` item: `SlackAction`.
static SLACK_ACTION: Block = Block {
    name: "slack action",
    fields: &[
        ("type", Shape::Str),
        ("text", Shape::Str),
        ("url", Shape::Str),
        ("style", Shape::Str),
        ("name", Shape::Str),
        ("value", Shape::Str),
        ("confirm", Shape::Block(&SLACK_CONFIRM)),
    ],
};

/// `slack action.confirm`: `SlackConfirmationField`.
static SLACK_CONFIRM: Block = Block {
    name: "slack confirm",
    fields: &[
        ("text", Shape::Str),
        ("title", Shape::Str),
        ("ok_text", Shape::Str),
        ("dismiss_text", Shape::Str),
    ],
};

/// `webhook_configs` item: `config/notifiers.go` (v0.23.0–v0.28),
/// `notify/webhook/config.go` since, `WebhookConfig`. `url_file` 0.26
/// (CHANGELOG 0.26.0 #3223), `timeout` 0.28 (0.28.0 #4137), `payload` 0.32
/// (0.32.0 #5011, any YAML).
static WEBHOOK: Block = Block {
    name: "webhook_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("url", Shape::Str),
        ("url_file", Shape::Since((0, 26), &Shape::Str)),
        ("max_alerts", Shape::Int),
        ("timeout", Shape::Since((0, 28), &Shape::Duration)),
        ("payload", Shape::Since((0, 32), &Shape::Any)),
    ],
};

/// `opsgenie_configs` item: `config/notifiers.go` (v0.23.0–v0.28),
/// `notify/opsgenie/config.go` since, `OpsGenieConfig`. `entity`, `actions`
/// 0.24 (CHANGELOG 0.24.0 #2753), `update_alerts` 0.24 (#2519).
/// `api_key_file` appears in 0.24 too, but the CHANGELOG names only the
/// global key, so it is not dated.
static OPSGENIE: Block = Block {
    name: "opsgenie_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("api_key", Shape::Str),
        ("api_key_file", Shape::Str),
        ("api_url", Shape::Str),
        ("message", Shape::Str),
        ("description", Shape::Str),
        ("source", Shape::Str),
        ("details", MAP_OF_TEXT),
        ("entity", Shape::Since((0, 24), &Shape::Str)),
        (
            "responders",
            Shape::List(&Shape::Block(&OPSGENIE_RESPONDER)),
        ),
        ("actions", Shape::Since((0, 24), &Shape::Str)),
        ("tags", Shape::Str),
        ("note", Shape::Str),
        ("priority", Shape::Str),
        ("update_alerts", Shape::Since((0, 24), &Shape::Bool)),
    ],
};

/// `opsgenie_config.responders` item: `OpsGenieConfigResponder`.
static OPSGENIE_RESPONDER: Block = Block {
    name: "opsgenie responder",
    fields: &[
        ("id", Shape::Str),
        ("name", Shape::Str),
        ("username", Shape::Str),
        ("type", Shape::Str),
    ],
};

/// `wechat_configs` item: `config/notifiers.go` `WechatConfig`
/// (v0.23.0–v0.34.0). `api_secret_file` 0.31 (CHANGELOG 0.31.0 #4734).
static WECHAT: Block = Block {
    name: "wechat_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("api_secret", Shape::Str),
        ("api_secret_file", Shape::Since((0, 31), &Shape::Str)),
        ("api_url", Shape::Str),
        ("corp_id", Shape::Str),
        ("message", Shape::Str),
        ("message_type", Shape::Str),
        ("agent_id", Shape::Str),
        ("to_user", Shape::Str),
        ("to_party", Shape::Str),
        ("to_tag", Shape::Str),
    ],
};

/// `pushover_configs` item: `config/notifiers.go` `PushoverConfig`
/// (v0.23.0–v0.34.0). `retry`, `expire` and `ttl` are Go durations.
/// `user_key_file`, `token_file` 0.26 (CHANGELOG 0.26.0 #3200), `device`
/// 0.26 (#3318), `monospace` 0.29 (0.29.0 #4362). `ttl` appears in 0.27
/// without a CHANGELOG entry, so it is not dated.
static PUSHOVER: Block = Block {
    name: "pushover_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("user_key", Shape::Str),
        ("user_key_file", Shape::Since((0, 26), &Shape::Str)),
        ("token", Shape::Str),
        ("token_file", Shape::Since((0, 26), &Shape::Str)),
        ("title", Shape::Str),
        ("message", Shape::Str),
        ("url", Shape::Str),
        ("url_title", Shape::Str),
        ("device", Shape::Since((0, 26), &Shape::Str)),
        ("sound", Shape::Str),
        ("priority", Shape::Str),
        ("retry", Shape::Duration),
        ("expire", Shape::Duration),
        ("ttl", Shape::Duration),
        ("html", Shape::Bool),
        ("monospace", Shape::Since((0, 29), &Shape::Bool)),
    ],
};

/// `victorops_configs` item: `config/notifiers.go` `VictorOpsConfig`
/// (v0.23.0–v0.34.0).
static VICTOROPS: Block = Block {
    name: "victorops_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("api_key", Shape::Str),
        ("api_key_file", Shape::Str),
        ("api_url", Shape::Str),
        ("routing_key", Shape::Str),
        ("message_type", Shape::Str),
        ("state_message", Shape::Str),
        ("entity_display_name", Shape::Str),
        ("monitoring_tool", Shape::Str),
        ("custom_fields", MAP_OF_TEXT),
    ],
};

/// `sns_configs` item: `config/notifiers.go` (v0.23.0–v0.33),
/// `notify/sns` since, `SNSConfig`. `use_aws_http_client` 0.33 (CHANGELOG
/// 0.33.0 #5178).
static SNS: Block = Block {
    name: "sns_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("api_url", Shape::Str),
        ("sigv4", Shape::Block(&SIGV4)),
        ("topic_arn", Shape::Str),
        ("phone_number", Shape::Str),
        ("target_arn", Shape::Str),
        ("subject", Shape::Str),
        ("message", Shape::Str),
        ("attributes", MAP_OF_TEXT),
        ("use_aws_http_client", Shape::Since((0, 33), &Shape::Bool)),
    ],
};

/// `sns_config.sigv4`: `SigV4Config` of prometheus/common `sigv4` v0.1.0
/// (Alertmanager 0.23–0.28.0) and prometheus/sigv4 v0.1.0–v0.4.1 (0.28.1
/// on). `use_fips_sts_endpoint`, `service_name` and `external_id` arrive
/// with those upgrades (`external_id` with sigv4 v0.4.0 in 0.31, though
/// the CHANGELOG announces it in 0.34.0 #5157), none dated.
static SIGV4: Block = Block {
    name: "sigv4",
    fields: &[
        ("region", Shape::Str),
        ("access_key", Shape::Str),
        ("secret_key", Shape::Str),
        ("profile", Shape::Str),
        ("role_arn", Shape::Str),
        ("external_id", Shape::Str),
        ("use_fips_sts_endpoint", Shape::Bool),
        ("service_name", Shape::Str),
    ],
};

/// `telegram_configs` item: `config/notifiers.go` (v0.24.0–v0.28),
/// `notify/telegram/config.go` since, `TelegramConfig`. `parse_mode` is
/// refused outside the four values. `bot_token_file` 0.26 (CHANGELOG
/// 0.26.0 #3226), `message_thread_id` 0.28 (0.28.0 #3638), `chat_id_file`
/// 0.31 (0.31.0 #4909).
static TELEGRAM: Block = Block {
    name: "telegram_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("api_url", Shape::Str),
        ("bot_token", Shape::Str),
        ("bot_token_file", Shape::Since((0, 26), &Shape::Str)),
        ("chat_id", Shape::Int),
        ("chat_id_file", Shape::Since((0, 31), &Shape::Str)),
        ("message_thread_id", Shape::Since((0, 28), &Shape::Int)),
        ("message", Shape::Str),
        ("disable_notifications", Shape::Bool),
        (
            "parse_mode",
            Shape::Choice(&["", "Markdown", "MarkdownV2", "HTML"]),
        ),
    ],
};

/// `discord_configs` item: `config/notifiers.go` (v0.25.0–v0.28),
/// `notify/discord/config.go` since, `DiscordConfig`. `webhook_url_file`
/// 0.27 (CHANGELOG 0.27.0 #3555), `content`, `username`, `avatar_url` 0.28
/// (0.28.0 #4007).
static DISCORD: Block = Block {
    name: "discord_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("webhook_url", Shape::Str),
        ("webhook_url_file", Shape::Since((0, 27), &Shape::Str)),
        ("title", Shape::Str),
        ("message", Shape::Str),
        ("content", Shape::Since((0, 28), &Shape::Str)),
        ("username", Shape::Since((0, 28), &Shape::Str)),
        ("avatar_url", Shape::Since((0, 28), &Shape::Str)),
    ],
};

/// `webex_configs` item: `config/notifiers.go` `WebexConfig`
/// (v0.25.0–v0.34.0).
static WEBEX: Block = Block {
    name: "webex_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("api_url", Shape::Str),
        ("message", Shape::Str),
        ("room_id", Shape::Str),
    ],
};

/// `msteams_configs` item: `config/notifiers.go` (v0.26.0–v0.28),
/// `notify/msteams/config.go` since, `MSTeamsConfig`. `webhook_url_file`
/// and `summary` 0.27 (CHANGELOG 0.27.0 #3555, #3616).
static MSTEAMS: Block = Block {
    name: "msteams_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("webhook_url", Shape::Str),
        ("webhook_url_file", Shape::Since((0, 27), &Shape::Str)),
        ("title", Shape::Str),
        ("summary", Shape::Since((0, 27), &Shape::Str)),
        ("text", Shape::Str),
    ],
};

/// `msteamsv2_configs` item: `config/notifiers.go` (v0.28),
/// `notify/msteamsv2/config.go` since, `MSTeamsV2Config`.
static MSTEAMSV2: Block = Block {
    name: "msteamsv2_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("webhook_url", Shape::Str),
        ("webhook_url_file", Shape::Str),
        ("title", Shape::Str),
        ("text", Shape::Str),
    ],
};

/// `jira_configs` item: `config/notifiers.go` (v0.28–v0.29),
/// `notify/jira/config.go` since, `JiraConfig`. `summary` and `description`
/// take text or, since 0.30, `{template, enable_update}` (#4621), so they
/// are not checked; `api_type` 0.29 (CHANGELOG 0.29.0 #4542) is refused
/// outside its three values.
static JIRA: Block = Block {
    name: "jira_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("api_url", Shape::Str),
        (
            "api_type",
            Shape::Since((0, 29), &Shape::Choice(&["auto", "cloud", "datacenter"])),
        ),
        ("project", Shape::Str),
        ("summary", Shape::Any),
        ("description", Shape::Any),
        ("labels", LIST_OF_TEXT),
        ("priority", Shape::Str),
        ("issue_type", Shape::Str),
        ("reopen_transition", Shape::Str),
        ("resolve_transition", Shape::Str),
        ("wont_fix_resolution", Shape::Str),
        ("reopen_duration", Shape::Duration),
        ("fields", Shape::Map(&Shape::Any)),
    ],
};

/// `rocketchat_configs` item: `config/notifiers.go` `RocketchatConfig`
/// (v0.28.0–v0.34.0). Its `actions` items carry only JSON tags, so their
/// YAML keys are Go's lower-cased field names; they are not checked.
static ROCKETCHAT: Block = Block {
    name: "rocketchat_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("api_url", Shape::Str),
        ("token_id", Shape::Str),
        ("token_id_file", Shape::Str),
        ("token", Shape::Str),
        ("token_file", Shape::Str),
        ("channel", Shape::Str),
        ("color", Shape::Str),
        ("title", Shape::Str),
        ("title_link", Shape::Str),
        ("text", Shape::Str),
        ("fields", Shape::List(&Shape::Block(&ROCKETCHAT_FIELD))),
        ("short_fields", Shape::Bool),
        ("emoji", Shape::Str),
        ("icon_url", Shape::Str),
        ("image_url", Shape::Str),
        ("thumb_url", Shape::Str),
        ("link_names", Shape::Bool),
        ("actions", Shape::Any),
    ],
};

/// `rocketchat_config.fields` item: `RocketchatAttachmentField` (JSON tags
/// only; the lower-cased field names match them).
static ROCKETCHAT_FIELD: Block = Block {
    name: "rocketchat field",
    fields: &[
        ("title", Shape::Str),
        ("value", Shape::Str),
        ("short", Shape::Bool),
    ],
};

/// `incidentio_configs` item: `config/notifiers.go` (v0.29),
/// `notify/incidentio/config.go` since, `IncidentioConfig`.
static INCIDENTIO: Block = Block {
    name: "incidentio_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("url", Shape::Str),
        ("url_file", Shape::Str),
        ("alert_source_token", Shape::Str),
        ("alert_source_token_file", Shape::Str),
        ("max_alerts", Shape::Int),
        ("timeout", Shape::Duration),
    ],
};

/// `mattermost_configs` item: `notify/mattermost/config.go`
/// `MattermostConfig` (v0.30.0–v0.34.0). The attachment keys also taken at
/// its top since 0.32 (CHANGELOG 0.32.0 #5009) are dated.
static MATTERMOST: Block = Block {
    name: "mattermost_config",
    fields: &[
        ("send_resolved", Shape::Bool),
        ("http_config", HTTP),
        ("webhook_url", Shape::Str),
        ("webhook_url_file", Shape::Str),
        ("channel", Shape::Str),
        ("username", Shape::Str),
        ("text", Shape::Str),
        ("icon_url", Shape::Str),
        ("icon_emoji", Shape::Str),
        (
            "attachments",
            Shape::List(&Shape::Block(&MATTERMOST_ATTACHMENT)),
        ),
        ("type", Shape::Str),
        ("props", Shape::Block(&MATTERMOST_PROPS)),
        ("priority", Shape::Block(&MATTERMOST_PRIORITY)),
        ("fallback", Shape::Since((0, 32), &Shape::Str)),
        ("color", Shape::Since((0, 32), &Shape::Str)),
        ("pretext", Shape::Since((0, 32), &Shape::Str)),
        ("author_name", Shape::Since((0, 32), &Shape::Str)),
        ("author_link", Shape::Since((0, 32), &Shape::Str)),
        ("author_icon", Shape::Since((0, 32), &Shape::Str)),
        ("title", Shape::Since((0, 32), &Shape::Str)),
        ("title_link", Shape::Since((0, 32), &Shape::Str)),
        (
            "fields",
            Shape::Since((0, 32), &Shape::List(&Shape::Block(&MATTERMOST_FIELD))),
        ),
        ("thumb_url", Shape::Since((0, 32), &Shape::Str)),
        ("footer", Shape::Since((0, 32), &Shape::Str)),
        ("footer_icon", Shape::Since((0, 32), &Shape::Str)),
        ("image_url", Shape::Since((0, 32), &Shape::Str)),
    ],
};

/// `mattermost_config.attachments` item: `MattermostAttachment`.
static MATTERMOST_ATTACHMENT: Block = Block {
    name: "mattermost attachment",
    fields: &[
        ("fallback", Shape::Str),
        ("color", Shape::Str),
        ("pretext", Shape::Str),
        ("text", Shape::Str),
        ("author_name", Shape::Str),
        ("author_link", Shape::Str),
        ("author_icon", Shape::Str),
        ("title", Shape::Str),
        ("title_link", Shape::Str),
        ("fields", Shape::List(&Shape::Block(&MATTERMOST_FIELD))),
        ("thumb_url", Shape::Str),
        ("footer", Shape::Str),
        ("footer_icon", Shape::Str),
        ("image_url", Shape::Str),
    ],
};

/// A Mattermost attachment's `fields` item: `MattermostField`.
static MATTERMOST_FIELD: Block = Block {
    name: "mattermost field",
    fields: &[
        ("title", Shape::Str),
        ("value", Shape::Str),
        ("short", Shape::Bool),
    ],
};

/// `mattermost_config.props`: `MattermostProps`.
static MATTERMOST_PROPS: Block = Block {
    name: "mattermost props",
    fields: &[("card", Shape::Str)],
};

/// `mattermost_config.priority`: `MattermostPriority`.
static MATTERMOST_PRIORITY: Block = Block {
    name: "mattermost priority",
    fields: &[
        ("priority", Shape::Str),
        ("requested_ack", Shape::Bool),
        ("persistent_notifications", Shape::Bool),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::{Misfit, Version, walk};
    use serde_json::{Value, json};

    fn misfits(doc: &Value, version: Option<Version>) -> Vec<String> {
        walk(doc, Shape::Block(&ALERTMANAGER), version)
            .into_iter()
            .map(|m| match m {
                Misfit::UnknownKey { pointer, why, .. } => format!("{pointer} {why:?}"),
                Misfit::BadValue { pointer, .. } => pointer,
            })
            .collect()
    }

    fn realistic() -> Value {
        let http = json!({
            "basic_auth": {"username": "am", "password_file": "/run/secrets/pw"},
            "tls_config": {"ca_file": "/etc/ca.pem", "insecure_skip_verify": false, "min_version": "TLS12"},
            "proxy_url": "http://proxy:3128",
            "follow_redirects": true,
            "enable_http2": true,
        });
        json!({
            "global": {
                "resolve_timeout": "5m",
                "smtp_smarthost": "smtp.example.org:587",
                "smtp_from": "alertmanager@example.org",
                "smtp_auth_username": "alertmanager",
                "smtp_auth_password": "secret",
                "smtp_require_tls": true,
                "slack_api_url": "https://hooks.slack.com/services/T/B/X",
                "pagerduty_url": "https://events.pagerduty.com/v2/enqueue",
                "http_config": {"proxy_from_environment": true},
            },
            "templates": ["/etc/alertmanager/templates/*.tmpl"],
            "route": {
                "receiver": "team-mail",
                "group_by": ["alertname", "cluster", "service"],
                "group_wait": "30s",
                "group_interval": "5m",
                "repeat_interval": "4h",
                "routes": [
                    {
                        "matchers": ["severity=\"critical\""],
                        "receiver": "pager",
                        "continue": true,
                        "active_time_intervals": ["business-hours"],
                    },
                    {
                        "match": {"service": "db"},
                        "match_re": {"instance": "db-.*"},
                        "receiver": "team-slack",
                        "mute_time_intervals": ["weekends"],
                        "routes": [{"matchers": ["env=~\"prod|staging\""], "receiver": "hooks", "group_wait": 10}],
                    },
                ],
            },
            "inhibit_rules": [{
                "source_matchers": ["severity=\"critical\""],
                "target_matchers": ["severity=\"warning\""],
                "source_match": {"alertname": "NodeDown"},
                "target_match_re": {"alertname": ".+"},
                "equal": ["alertname", "cluster"],
            }],
            "receivers": [
                {
                    "name": "team-slack",
                    "slack_configs": [{
                        "send_resolved": true,
                        "channel": "#alerts",
                        "title": "{{ .CommonLabels.alertname }}",
                        "text": "{{ .CommonAnnotations.description }}",
                        "fields": [{"title": "Severity", "value": "{{ .CommonLabels.severity }}", "short": true}],
                        "actions": [{"type": "button", "text": "Runbook", "url": "{{ .CommonAnnotations.runbook }}"}],
                        "http_config": http,
                    }],
                },
                {
                    "name": "team-mail",
                    "email_configs": [{
                        "to": "team@example.org",
                        "headers": {"Subject": "[ALERT] {{ .CommonLabels.alertname }}"},
                        "require_tls": false,
                        "tls_config": {"insecure_skip_verify": true},
                    }],
                },
                {
                    "name": "hooks",
                    "webhook_configs": [{
                        "url": "http://hooks:8080/alert",
                        "max_alerts": 10,
                        "send_resolved": false,
                        "http_config": {"authorization": {"type": "Bearer", "credentials_file": "/run/token"}},
                    }],
                },
                {
                    "name": "pager",
                    "pagerduty_configs": [{
                        "routing_key": "abc",
                        "severity": "{{ .CommonLabels.severity }}",
                        "details": {"firing": "{{ .Alerts.Firing | len }}"},
                        "links": [{"href": "https://runbooks", "text": "runbooks"}],
                        "http_config": http,
                    }],
                },
            ],
            "time_intervals": [
                {
                    "name": "business-hours",
                    "time_intervals": [{
                        "times": [{"start_time": "09:00", "end_time": "17:00"}],
                        "weekdays": ["monday:friday"],
                        "location": "Europe/Berlin",
                    }],
                },
                {
                    "name": "weekends",
                    "time_intervals": [{
                        "weekdays": ["saturday", "sunday"],
                        "days_of_month": ["1:7", "-1"],
                        "months": ["january:march"],
                        "years": [2025, "2026:2027"],
                    }],
                },
            ],
        })
    }

    #[test]
    fn a_realistic_configuration_fits() {
        let doc = realistic();
        assert_eq!(misfits(&doc, None), Vec::<String>::new());
        assert_eq!(misfits(&doc, Some((0, 27))), Vec::<String>::new());
    }

    #[test]
    fn misspelt_keys_and_bad_values_are_found() {
        let mut doc = realistic();
        doc["route"]["group_wiat"] = json!("30s");
        doc["receivers"][0]["slack_configs"][0]["chanel"] = json!("#alerts");
        doc["route"]["group_wait"] = json!("1x");
        let mut found = misfits(&doc, None);
        found.sort();
        assert_eq!(
            found,
            [
                "/receivers/0/slack_configs/0/chanel Unknown",
                "/route/group_wait",
                "/route/group_wiat Unknown",
            ]
        );
    }

    #[test]
    fn integrations_follow_the_pinned_release() {
        let doc = json!({
            "receivers": [{
                "name": "teams",
                "msteamsv2_configs": [{"webhook_url": "https://example.org/flow"}],
            }],
        });
        assert_eq!(
            misfits(&doc, Some((0, 27))),
            ["/receivers/0/msteamsv2_configs NotYet((0, 28))"]
        );
        assert!(misfits(&doc, Some((0, 28))).is_empty());
        assert!(misfits(&doc, None).is_empty());
    }

    #[test]
    fn values_alertmanager_refuses_are_found() {
        let doc = json!({
            "receivers": [{
                "name": "chat",
                "telegram_configs": [{"chat_id": "@channel", "parse_mode": "markdown"}],
            }],
            "tracing": {"client_type": "https", "endpoint": "otel:4317"},
        });
        assert_eq!(
            misfits(&doc, None),
            [
                "/receivers/0/telegram_configs/0/chat_id",
                "/receivers/0/telegram_configs/0/parse_mode",
                "/tracing/client_type",
            ]
        );
    }
}
