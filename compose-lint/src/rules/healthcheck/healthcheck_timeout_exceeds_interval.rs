use std::time::Duration;

use super::Reported;
use crate::compose::duration;
use crate::compose::value::Value;
use crate::declare_rule;
use crate::model::Located;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

/// Docker's default `interval` and `timeout`.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

declare_rule! {
    /// ## What it does
    /// Reports a written healthcheck `timeout` longer than the `interval`
    /// (which defaults to `30s`). Only a written `timeout` is compared:
    /// `interval: 10s` alone keeps Docker's default timeout, which is not
    /// the author's choice.
    ///
    /// ## Why is this bad?
    /// Nothing breaks: Docker starts a check only after the previous one
    /// finished. But a check allowed to run longer than the interval
    /// stretches the interval, so a hung service looks healthy for longer
    /// than the numbers say.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   redis:
    ///     image: redis:7.4
    ///     healthcheck:
    ///       test: ["CMD", "redis-cli", "ping"]
    ///       interval: 5s
    ///       timeout: 10s
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   redis:
    ///     image: redis:7.4
    ///     healthcheck:
    ///       test: ["CMD", "redis-cli", "ping"]
    ///       interval: 10s
    ///       timeout: 5s
    /// ```
    pub(crate) struct HealthcheckTimeoutExceedsInterval {
        name: "healthcheck-timeout-exceeds-interval",
        family: Healthcheck,
        severity: Info,
        summary: "a healthcheck `timeout` longer than its `interval`",
    }
}

impl Rule for HealthcheckTimeoutExceedsInterval {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        let mut reported = Reported::default();
        for service in &cx.stack().services {
            let Some(check) = service.healthcheck.as_ref().filter(|h| h.is_mapping()) else {
                continue;
            };
            // A disabled check's settings are `healthcheck-invalid-timing`'s.
            if check.disabled_by().is_some() {
                continue;
            }
            let timing = |value: Option<Located<'_, &Value>>| -> Option<Option<Duration>> {
                value.map(|value| value.value.as_str().and_then(duration::parse))
            };
            let interval = timing(check.interval);
            let timeout = timing(check.timeout);
            // Values that are not durations are reported by the schema.
            let unreadable = matches!(interval, Some(None)) || matches!(timeout, Some(None));
            // Only a written `timeout` is compared: `interval: 10s` alone
            // keeps Docker's default timeout, which is not the author's choice.
            if !unreadable && let Some(written_timeout) = check.timeout {
                let interval_value = interval.flatten().unwrap_or(DEFAULT_INTERVAL);
                let timeout_value = timeout.flatten().unwrap_or(DEFAULT_TIMEOUT);
                // An interval of 0 means the default.
                let interval_value = if interval_value.is_zero() {
                    DEFAULT_INTERVAL
                } else {
                    interval_value
                };
                let interval_text = format!(
                    "{:?}",
                    check
                        .interval
                        .and_then(|v| v.origin())
                        .map(|o| (o.file, o.value()))
                );
                if !timeout_value.is_zero()
                    && timeout_value > interval_value
                    && reported.first(written_timeout.value, &interval_text)
                {
                    let written = |value: Option<Located<'_, &Value>>, default: &str| {
                        value.and_then(|v| v.value.as_str()).map_or_else(
                            || format!("{default} (the default)"),
                            |v| format!("`{v}`"),
                        )
                    };
                    cx.report(
                        Finding::new(
                            written_timeout.location(),
                            format!(
                                "healthcheck `timeout` {} is longer than `interval` {}",
                                written(check.timeout, "`30s`"),
                                written(check.interval, "`30s`")
                            ),
                        )
                        .help("make `timeout` shorter than `interval`, so that a hung check fails before the next one is due"),
                    );
                }
            }
        }
    }
}
