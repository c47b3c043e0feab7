use crate::declare_rule;
use crate::project::LoadedFile;
use crate::rules::misfits::{PROMTAIL, report_unknown_keys};
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a key Promtail does not accept in its configuration file,
    /// with the closest known key: at the top level, in `server`,
    /// `positions`, `clients`, `scrape_configs` and their `static_configs`,
    /// `docker_sd_configs` and `relabel_configs`, and a pipeline stage whose
    /// name is not a stage. A misspelt key inside a stage's settings is a
    /// warning: Promtail reads those leniently and ignores it, so the
    /// setting silently has no effect. The file is the one the service's
    /// `-config.file` names, else the image's default, found through its
    /// mounts.
    ///
    /// ## Why is this bad?
    /// Promtail reads its configuration strictly (`field batchwiat not found
    /// in type client.raw`) and exits; the container restarts in a loop and
    /// no log line reaches Loki.
    ///
    /// ## Example
    /// ```yaml
    /// # file: promtail.yml
    /// positions:
    ///   filename: /tmp/positions.yaml
    /// clients:
    ///   - url: http://loki:3100/loki/api/v1/push
    ///     batchwiat: 1s
    /// scrape_configs:
    ///   - job_name: system
    ///     static_configs:
    ///       - targets: [localhost]
    ///         labels:
    ///           job: varlogs
    ///           __path__: /var/log/*log
    /// # file: compose.yaml
    /// services:
    ///   promtail:
    ///     image: grafana/promtail:3.4.2
    ///     command: ["-config.file=/etc/promtail/config.yml"]
    ///     volumes:
    ///       - ./promtail.yml:/etc/promtail/config.yml:ro
    ///   loki:
    ///     image: grafana/loki:3.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: promtail.yml
    /// positions:
    ///   filename: /tmp/positions.yaml
    /// clients:
    ///   - url: http://loki:3100/loki/api/v1/push
    ///     batchwait: 1s
    /// scrape_configs:
    ///   - job_name: system
    ///     static_configs:
    ///       - targets: [localhost]
    ///         labels:
    ///           job: varlogs
    ///           __path__: /var/log/*log
    /// # file: compose.yaml
    /// services:
    ///   promtail:
    ///     image: grafana/promtail:3.4.2
    ///     command: ["-config.file=/etc/promtail/config.yml"]
    ///     volumes:
    ///       - ./promtail.yml:/etc/promtail/config.yml:ro
    ///   loki:
    ///     image: grafana/loki:3.4.2
    /// ```
    pub(crate) struct PromtailUnknownField {
        name: "promtail-unknown-field",
        family: Grafana,
        severity: Error,
        summary: "a Promtail configuration has a key Promtail does not know",
    }
}

impl Rule for PromtailUnknownField {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        report_unknown_keys(&PROMTAIL, file, cx);
    }
}
