use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::time_interval::refusals;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a time interval Alertmanager refuses: a time of day that is
    /// not `HH:MM` between `00:00` and `24:00`, a start time not before its
    /// end time, a `times` entry without both, and a weekday, day of the
    /// month, month or year range that does not parse or starts after it
    /// ends (`friday:monday`: weeks run from sunday to saturday).
    ///
    /// ## Why is this bad?
    /// Alertmanager refuses the configuration (`amtool check-config`:
    /// `start day cannot be before end day`): the container does not
    /// start, and a reload keeps the old configuration. A weekend mute
    /// written `friday:monday` never loads; it takes two ranges.
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: team
    ///   routes:
    ///     - receiver: team
    ///       mute_time_intervals: [weekend]
    /// receivers:
    ///   - name: team
    /// time_intervals:
    ///   - name: weekend
    ///     time_intervals:
    ///       - weekdays: ["saturday:sunday"]
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
    ///   receiver: team
    ///   routes:
    ///     - receiver: team
    ///       mute_time_intervals: [weekend]
    /// receivers:
    ///   - name: team
    /// time_intervals:
    ///   - name: weekend
    ///     time_intervals:
    ///       - weekdays: ["saturday", "sunday"]
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    pub(crate) struct AlertmanagerTimeIntervalInvalid {
        name: "alertmanager-time-interval-invalid",
        family: Alertmanager,
        severity: Error,
        summary: "an Alertmanager time interval has a time or range Alertmanager refuses",
    }
}

impl Rule for AlertmanagerTimeIntervalInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        if cx.stack().alertmanager_file(file.id).is_none() {
            return;
        }
        let Some(document) = file.yaml.clean_document() else {
            return;
        };
        for refused in refusals(document) {
            cx.report(
                Finding::new(Location::value(file.id, refused.pointer), refused.message)
                    .primary_label("Alertmanager refuses this")
                    .help("write times as `HH:MM` with the start first, and ranges as `start:end` in calendar order")
                    .note("Alertmanager refuses the configuration at start and on reload"),
            );
        }
    }
}
