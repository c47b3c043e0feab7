use crate::declare_rule;
use crate::project::LoadedFile;
use crate::rules::misfits::{ALERTMANAGER, report_unknown_keys};
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a key Alertmanager does not accept in its configuration,
    /// with the closest known key: at the top level, in `global`, the route
    /// tree, `inhibit_rules`, `time_intervals`, receivers and each
    /// integration's settings with their `http_config`. When the image tag
    /// pins a release, an integration newer than it (`msteamsv2_configs`
    /// before 0.28) is reported too; an unpinned tag accepts every
    /// release's keys.
    ///
    /// ## Why is this bad?
    /// Alertmanager reads its configuration strictly: `amtool check-config`
    /// fails with `field group_wiat not found in type config.plain`, the
    /// container does not start, and a reload keeps the old configuration:
    /// alerts go on being routed the old way without a word.
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: team
    ///   group_wiat: 30s
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
    pub(crate) struct AlertmanagerUnknownField {
        name: "alertmanager-unknown-field",
        family: Alertmanager,
        severity: Error,
        summary: "an Alertmanager configuration has a key Alertmanager does not know, or not in the release the service runs",
    }
}

impl Rule for AlertmanagerUnknownField {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        report_unknown_keys(&ALERTMANAGER, file, cx);
    }
}
