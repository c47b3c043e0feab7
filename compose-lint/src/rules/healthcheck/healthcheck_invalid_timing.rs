use std::time::Duration;

use crate::compose::duration;
use crate::compose::model::services;
use crate::compose::value::{Kind, Value};
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

use super::{Reported, healthcheck};

/// Docker's default `interval` and `timeout`.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

declare_rule! {
    /// ## What it does
    /// Reports healthcheck timings that do not do what they seem to:
    /// a written `timeout` longer than the `interval` (which defaults to
    /// `30s`), `retries: 0`, and settings written next to
    /// `disable: true` or `test: ["NONE"]`, which turn the check off.
    ///
    /// ## Why is this bad?
    /// Docker starts a check only after the previous one finished, so a
    /// check allowed to run longer than the interval stretches the interval
    /// and makes a hung service look healthy for longer than intended. `retries: 0` does not mean "fail at once": Docker treats 0
    /// as unset and uses its default of 3. A disabled healthcheck ignores
    /// every other setting, so they only mislead the reader.
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
        let mut reported = Reported::default();
        for service in services(project) {
            let Some(check) = healthcheck(&service) else {
                continue;
            };
            if let Some(switch) = disabled_by(check) {
                report_ignored(project, &service, check, switch, &mut reported, cx);
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
                let interval_text = format!(
                    "{:?}",
                    check
                        .get("interval")
                        .and_then(|v| v.origin)
                        .map(|o| (o.file, o.value))
                );
                if !timeout_value.is_zero()
                    && timeout_value > interval_value
                    && check
                        .get("timeout")
                        .is_some_and(|t| reported.first(t, &interval_text))
                {
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
                                "healthcheck `timeout` {} is longer than `interval` {}",
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
                && reported.first(retries, "retries")
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

/// The key that turns the healthcheck off: `disable: true` or
/// `test: ["NONE"]`.
fn disabled_by(check: &Value) -> Option<&'static str> {
    if check.get("disable").and_then(Value::as_bool) == Some(true) {
        return Some("disable");
    }
    let test = check.get("test")?.as_sequence()?;
    (test.first()?.as_str()? == "NONE").then_some("test")
}

/// Reports the settings written in the same mapping as the key that
/// disables the healthcheck. Settings from another file or another
/// service (an override or `extends` that disables an inherited check)
/// are what disabling is for, and are left alone.
fn report_ignored(
    project: &Project,
    service: &crate::compose::model::Element<'_>,
    check: &Value,
    switch: &str,
    reported: &mut Reported,
    cx: &mut Context<'_>,
) {
    let Some(switch_origin) = check.get(switch).and_then(|v| v.origin) else {
        return;
    };
    let Some(switch_key) = switch_origin.key else {
        return;
    };
    let Some(file) = project.file(switch_origin.file) else {
        return;
    };
    let text = file.source.text();
    for (key, value) in check.as_mapping().into_iter().flatten() {
        if key == switch || key == "disable" {
            continue;
        }
        let Some(origin) = value.origin else {
            continue;
        };
        let Some(key_span) = origin.key else {
            continue;
        };
        if origin.file != switch_origin.file
            || !same_block(text, switch_key.start, key_span.start)
            || !reported.first(value, "ignored")
        {
            continue;
        }
        let reason = if switch == "disable" {
            "`disable: true`"
        } else {
            "`test: [\"NONE\"]`"
        };
        cx.report(
            Finding::new(
                Location::model(
                    service.pointer("services", &["healthcheck", key]),
                    Part::Key,
                ),
                format!("`{key}` is ignored: {reason} turns the healthcheck off"),
            )
            .label(
                Location::model(
                    service.pointer("services", &["healthcheck", switch]),
                    Part::Key,
                ),
                "the healthcheck is turned off here",
            )
            .help(format!(
                "remove `{key}`, or remove {reason} to keep the check"
            )),
        );
    }
}

/// True when two keys written at `a` and `b` belong to the same block
/// mapping: same column, and no line between them is indented less.
fn same_block(text: &str, a: usize, b: usize) -> bool {
    let column = |offset: usize| offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let (first, last) = (a.min(b), a.max(b));
    if last > text.len() || column(a) != column(b) {
        return false;
    }
    let indent = column(a);
    text[first..last].lines().skip(1).all(|line| {
        let trimmed = line.trim_start();
        trimmed.is_empty() || trimmed.starts_with('#') || line.len() - trimmed.len() >= indent
    })
}
