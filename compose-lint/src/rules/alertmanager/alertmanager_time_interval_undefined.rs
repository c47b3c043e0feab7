use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a route's `mute_time_intervals` or `active_time_intervals`
    /// entry that names no entry of `time_intervals` (or of the older
    /// `mute_time_intervals` list).
    ///
    /// ## Why is this bad?
    /// Alertmanager refuses to start: `undefined time interval "x" used in
    /// route`.
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: default
    ///   routes:
    ///     - receiver: default
    ///       mute_time_intervals: [weekends]
    /// receivers:
    ///   - name: default
    /// time_intervals:
    ///   - name: weekend
    ///     time_intervals:
    ///       - weekdays: ['saturday', 'sunday']
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
    /// route:
    ///   receiver: default
    ///   routes:
    ///     - receiver: default
    ///       mute_time_intervals: [weekend]
    /// receivers:
    ///   - name: default
    /// time_intervals:
    ///   - name: weekend
    ///     time_intervals:
    ///       - weekdays: ['saturday', 'sunday']
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    pub(crate) struct AlertmanagerTimeIntervalUndefined {
        name: "alertmanager-time-interval-undefined",
        family: Alertmanager,
        severity: Error,
        summary: "an Alertmanager route names a time interval that is not defined",
    }
}

impl Rule for AlertmanagerTimeIntervalUndefined {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = cx.stack().alertmanager_file(file.id) else {
            return;
        };
        let defined = &config.time_interval_names;
        let mut findings = Vec::new();
        for route in &config.routes {
            for &(key, index, name) in &route.time_intervals {
                if defined.contains(&name) {
                    continue;
                }
                let finding = super::undefined(
                    Location::value(file.id, format!("{}/{key}/{index}", route.pointer)),
                    "time interval",
                    name,
                    defined,
                    format!("define it under `time_intervals:` (`- name: {name}` with its times)"),
                );
                findings.push(finding);
            }
        }
        for finding in findings {
            cx.report(finding);
        }
    }
}
