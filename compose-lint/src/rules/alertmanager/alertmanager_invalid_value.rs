use crate::declare_rule;
use crate::project::LoadedFile;
use crate::rules::misfits::{ALERTMANAGER, report_bad_values};
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a value Alertmanager cannot read into its setting: a
    /// duration it cannot parse (`group_wait: 30 seconds`), a word where a
    /// boolean or a number belongs (`send_resolved: sometimes`), a mapping
    /// where a value belongs, or a single value where a list belongs.
    ///
    /// ## Why is this bad?
    /// Alertmanager refuses the configuration (`amtool check-config`: `not
    /// a valid duration string`); the container does not start, and a
    /// reload keeps the old configuration.
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: team
    ///   group_wait: 30 seconds
    /// receivers:
    ///   - name: team
    ///     webhook_configs:
    ///       - url: http://hooks:8080/alert
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    ///   hooks:
    ///     image: example/hooks:1.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: team
    ///   group_wait: 30s
    /// receivers:
    ///   - name: team
    ///     webhook_configs:
    ///       - url: http://hooks:8080/alert
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    ///   hooks:
    ///     image: example/hooks:1.0
    /// ```
    pub(crate) struct AlertmanagerInvalidValue {
        name: "alertmanager-invalid-value",
        family: Alertmanager,
        severity: Error,
        summary: "an Alertmanager setting has a value of the wrong type or form (a bad duration, a word for a boolean)",
    }
}

impl Rule for AlertmanagerInvalidValue {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        report_bad_values(&ALERTMANAGER, file, cx);
    }
}
