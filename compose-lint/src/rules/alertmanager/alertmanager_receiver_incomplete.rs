use serde_json::Value as Json;

use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a receiver integration of an Alertmanager configuration
    /// that lacks a setting Alertmanager requires, either on the
    /// integration or in `global`: an email's `to`, `smarthost`
    /// (`global.smtp_smarthost`) and `from` (`global.smtp_from`); a Slack
    /// `api_url` (`global.slack_api_url`); a PagerDuty `routing_key` or
    /// `service_key`; a webhook's `url`; an OpsGenie or VictorOps
    /// `api_key` (or the `global` one) and VictorOps's `routing_key`; a
    /// Telegram `bot_token`; the `webhook_url` of Discord, Microsoft Teams
    /// and Mattermost; a Webex `room_id`; WeChat's `api_secret` and
    /// `corp_id`; a Jira `api_url`; Pushover's `user_key` and `token`; an
    /// SNS topic, target or phone number. A `*_file` form counts as set.
    ///
    /// ## Why is this bad?
    /// Alertmanager refuses to start (`amtool check-config`: `no global
    /// SMTP smarthost set`, `no global Slack API URL set`, `missing to
    /// address in email config`…).
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: ops
    /// receivers:
    ///   - name: ops
    ///     email_configs:
    ///       - to: ops@example.com
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: alertmanager.yml
    /// global:
    ///   smtp_smarthost: smtp.example.com:587
    ///   smtp_from: alertmanager@example.com
    /// route:
    ///   receiver: ops
    /// receivers:
    ///   - name: ops
    ///     email_configs:
    ///       - to: ops@example.com
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    pub(crate) struct AlertmanagerReceiverIncomplete {
        name: "alertmanager-receiver-incomplete",
        family: Alertmanager,
        severity: Error,
        summary: "an Alertmanager receiver lacks a setting its integration requires",
    }
}

/// A requirement: the integration list, the keys of the integration that
/// satisfy it, the `global` keys that do, and what Alertmanager says.
const REQUIREMENTS: [(&str, &[&str], &[&str], &str); 21] = [
    (
        "email_configs",
        &["to"],
        &[],
        "missing to address in email config",
    ),
    (
        "email_configs",
        &["smarthost"],
        &["smtp_smarthost"],
        "no global SMTP smarthost set",
    ),
    (
        "email_configs",
        &["from"],
        &["smtp_from"],
        "no global mail from address set",
    ),
    (
        "slack_configs",
        &["api_url", "api_url_file", "app_token", "app_token_file"],
        &[
            "slack_api_url",
            "slack_api_url_file",
            "slack_app_token",
            "slack_app_token_file",
        ],
        "no global Slack API URL set",
    ),
    (
        "pagerduty_configs",
        &[
            "routing_key",
            "routing_key_file",
            "service_key",
            "service_key_file",
        ],
        &[],
        "missing service or routing key in PagerDuty config",
    ),
    (
        "webhook_configs",
        &["url", "url_file"],
        &[],
        "one of url or url_file must be configured",
    ),
    (
        "opsgenie_configs",
        &["api_key", "api_key_file"],
        &["opsgenie_api_key", "opsgenie_api_key_file"],
        "no global OpsGenie API Key set either inline or in a file",
    ),
    (
        "victorops_configs",
        &["api_key", "api_key_file"],
        &["victorops_api_key", "victorops_api_key_file"],
        "no global VictorOps API Key set",
    ),
    (
        "victorops_configs",
        &["routing_key"],
        &[],
        "missing Routing key in VictorOps config",
    ),
    (
        "telegram_configs",
        &["bot_token", "bot_token_file"],
        &["telegram_bot_token", "telegram_bot_token_file"],
        "missing bot_token or bot_token_file on telegram_config",
    ),
    (
        "discord_configs",
        &["webhook_url", "webhook_url_file"],
        &[],
        "no discord webhook URL or URLFile provided",
    ),
    (
        "msteams_configs",
        &["webhook_url", "webhook_url_file"],
        &[],
        "no msteams webhook URL or URLFile provided",
    ),
    (
        "msteamsv2_configs",
        &["webhook_url", "webhook_url_file"],
        &[],
        "no msteamsv2 webhook URL or URLFile provided",
    ),
    (
        "webex_configs",
        &["room_id"],
        &[],
        "missing room_id on webex_config",
    ),
    (
        "wechat_configs",
        &["api_secret", "api_secret_file"],
        &["wechat_api_secret", "wechat_api_secret_file"],
        "no global Wechat Api Secret set either inline or in a file",
    ),
    (
        "wechat_configs",
        &["corp_id"],
        &["wechat_api_corp_id"],
        "no global Wechat CorpID set",
    ),
    (
        "jira_configs",
        &["api_url"],
        &["jira_api_url"],
        "no global Jira Cloud URL set",
    ),
    (
        "mattermost_configs",
        &["webhook_url", "webhook_url_file"],
        &["mattermost_webhook_url", "mattermost_webhook_url_file"],
        "missing webhook_url or webhook_url_file on mattermost_config",
    ),
    (
        "pushover_configs",
        &["user_key", "user_key_file"],
        &[],
        "one of user_key or user_key_file must be configured",
    ),
    (
        "pushover_configs",
        &["token", "token_file"],
        &[],
        "one of token or token_file must be configured",
    ),
    (
        "sns_configs",
        &["topic_arn", "phone_number", "target_arn"],
        &[],
        "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config",
    ),
];

/// True when `key` of `object` holds a non-empty value.
fn set(object: &Json, key: &str) -> bool {
    object
        .get(key)
        .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
}

impl Rule for AlertmanagerReceiverIncomplete {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = cx.stack().alertmanager_file(file.id) else {
            return;
        };
        let mut findings = Vec::new();
        for receiver in &config.receivers {
            for &(list, index, integration) in &receiver.integrations {
                for (wanted_list, keys, globals, says) in REQUIREMENTS {
                    if list != wanted_list
                        || !integration.is_object()
                        || keys.iter().any(|k| set(integration, k))
                        || globals.iter().any(|k| set(config.global, k))
                    {
                        continue;
                    }
                    let name = receiver.name.unwrap_or("?");
                    let wanted = keys
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(" or ");
                    let help = match globals.first() {
                        Some(global) => format!(
                            "set {wanted} here, or `{global}` under `global:` for every receiver"
                        ),
                        None => format!("set {wanted}"),
                    };
                    findings.push(
                        Finding::new(
                            Location::key(
                                file.id,
                                format!("/receivers/{}/{list}/{index}", receiver.index),
                            ),
                            format!(
                                "receiver `{name}`: this `{}` entry has no {wanted}",
                                list.trim_end_matches("_configs")
                            ),
                        )
                        .help(help)
                        .note(format!("Alertmanager refuses the configuration: `{says}`")),
                    );
                }
            }
        }
        for finding in findings {
            cx.report(finding);
        }
    }
}
