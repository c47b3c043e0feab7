use crate::compose::value::Kind;
use crate::declare_rule;
use crate::model::Healthcheck;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

use super::Reported;

declare_rule! {
    /// ## What it does
    /// Reports healthcheck settings that do not do what they seem to:
    /// `retries: 0`, and settings written next to `disable: true` or
    /// `test: ["NONE"]`, which turn the check off. A `timeout` longer than
    /// the `interval` is `healthcheck-timeout-exceeds-interval`'s.
    ///
    /// ## Why is this bad?
    /// `retries: 0` does not mean "fail at once": Docker treats 0 as unset
    /// and uses its default of 3. A disabled healthcheck ignores every
    /// other setting, so they only mislead the reader.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: example/worker:1.0
    ///     healthcheck:
    ///       test: ["CMD", "probe"]
    ///       retries: 0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: example/worker:1.0
    ///     healthcheck:
    ///       test: ["CMD", "probe"]
    ///       retries: 1
    /// ```
    pub(crate) struct HealthcheckInvalidTiming {
        name: "healthcheck-invalid-timing",
        family: Healthcheck,
        severity: Warning,
        summary: "healthcheck settings that do not do what they seem to",
    }
}

impl Rule for HealthcheckInvalidTiming {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let mut reported = Reported::default();
        for service in &cx.stack().services {
            let Some(check) = service.healthcheck.as_ref().filter(|h| h.is_mapping()) else {
                continue;
            };
            if let Some(switch) = check.disabled_by() {
                report_ignored(project, check, switch, &mut reported, cx);
                continue;
            }
            if let Some(retries) = check.retries
                && matches!(&retries.value.kind, Kind::Number(n) if n.as_u64() == Some(0))
                && reported.first(retries.value, "retries")
            {
                cx.report(
                    Finding::new(
                        retries.location(),
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

/// Reports the settings written in the same mapping as the key that
/// disables the healthcheck. Settings from another file or another
/// service (an override or `extends` that disables an inherited check)
/// are what disabling is for, and are left alone.
fn report_ignored(
    project: &Project,
    check: &Healthcheck<'_>,
    switch: &str,
    reported: &mut Reported,
    cx: &mut Context<'_>,
) {
    let switch_value = if switch == "disable" {
        check.disable
    } else {
        check.test
    };
    let Some(switch_value) = switch_value else {
        return;
    };
    let Some(switch_origin) = switch_value.origin() else {
        return;
    };
    let Some(switch_key) = switch_origin.key() else {
        return;
    };
    let Some(file) = project.file(switch_origin.file) else {
        return;
    };
    let text = file.source.text();
    for (key, value) in &check.settings {
        if *key == switch || *key == "disable" {
            continue;
        }
        let Some(origin) = value.origin() else {
            continue;
        };
        let Some(key_span) = origin.key() else {
            continue;
        };
        if origin.file != switch_origin.file
            || !same_block(text, switch_key.start, key_span.start)
            || !reported.first(value.value, "ignored")
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
                value.key_location(),
                format!("`{key}` is ignored: {reason} turns the healthcheck off"),
            )
            .label(
                switch_value.key_location(),
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
