use std::time::Duration;

use crate::compose::duration;
use crate::compose::model::services;
use crate::compose::value::{Kind, Value};
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

use super::healthcheck;

/// Docker's default `interval` and `timeout`.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

declare_rule! {
    /// ## What it does
    /// Reports healthcheck timings that do not do what they seem to:
    /// a written `timeout` that is not shorter than the `interval` (which
    /// defaults to `30s`), and `retries: 0`.
    ///
    /// ## Why is this bad?
    /// Docker starts a check only after the previous one finished, so a
    /// check that may run as long as the interval, or longer, stretches the
    /// interval and makes a hung service look healthy for longer than
    /// intended. `retries: 0` does not mean "fail at once": Docker treats 0
    /// as unset and uses its default of 3.
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
    pub struct HealthcheckInvalidTiming {
        name: "healthcheck-invalid-timing",
        family: Healthcheck,
        severity: Warning,
        summary: "healthcheck timings that do not do what they seem to",
    }
}

impl Rule for HealthcheckInvalidTiming {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for service in services(project) {
            let Some(check) = healthcheck(&service) else {
                continue;
            };
            if check.get("disable").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let timing = |key: &str| -> Option<Option<Duration>> {
                check
                    .get(key)
                    .map(|value| value.as_str().and_then(duration::parse))
            };
            let interval = timing("interval");
            let timeout = timing("timeout");
            // Values that are not durations are reported by the schema.
            let unreadable = matches!(interval, Some(None)) || matches!(timeout, Some(None));
            // Only a written `timeout` is compared: `interval: 10s` alone
            // keeps Docker's default timeout, which is not the author's choice.
            if !unreadable && timeout.is_some() {
                let interval_value = interval.flatten().unwrap_or(DEFAULT_INTERVAL);
                let timeout_value = timeout.flatten().unwrap_or(DEFAULT_TIMEOUT);
                // An interval of 0 means the default.
                let interval_value = if interval_value.is_zero() {
                    DEFAULT_INTERVAL
                } else {
                    interval_value
                };
                if !timeout_value.is_zero() && timeout_value >= interval_value {
                    let key = "timeout";
                    let written = |key: &str, default: &str| {
                        check.get(key).and_then(Value::as_str).map_or_else(
                            || format!("{default} (the default)"),
                            |v| format!("`{v}`"),
                        )
                    };
                    cx.report(
                        Finding::new(
                            Location::model(
                                service.pointer("services", &["healthcheck", key]),
                                Part::Value,
                            ),
                            format!(
                                "healthcheck `timeout` {} is not shorter than `interval` {}",
                                written("timeout", "`30s`"),
                                written("interval", "`30s`")
                            ),
                        )
                        .help("make `timeout` shorter than `interval`, so that a hung check fails before the next one is due"),
                    );
                }
            }
            if let Some(retries) = check.get("retries")
                && matches!(&retries.kind, Kind::Number(n) if n.as_u64() == Some(0))
            {
                cx.report(
                    Finding::new(
                        Location::model(
                            service.pointer("services", &["healthcheck", "retries"]),
                            Part::Value,
                        ),
                        "`retries: 0` means the default of 3 retries, not none",
                    )
                    .help(
                        "write `retries: 1` to mark the container unhealthy after one failed check",
                    ),
                );
            }
        }
    }
}
