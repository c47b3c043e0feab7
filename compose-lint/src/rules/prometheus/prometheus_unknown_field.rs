use crate::compose::schema::closest;
use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::config;
use crate::prometheus::schema::{Event, walk};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a key Prometheus does not know in its configuration file: in
    /// `global`, scrape configs and their `static_configs`,
    /// `file_sd_configs`, relabel configs, HTTP client settings
    /// (`basic_auth`, `authorization`, `oauth2`, `tls_config`), `alerting`,
    /// `remote_write`, `remote_read`, `storage`, `tracing`, `otlp` and
    /// `runtime`, and a `<kind>_sd_configs` key for a service discovery kind
    /// that does not exist. The contents of the other service discovery
    /// kinds are not checked.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses to start, and refuses a reload, with `field … not
    /// found in type …`. A misspelt key is never silently ignored, so the
    /// container restarts in a loop until the key is fixed.
    ///
    /// ## Example
    /// ```yaml
    /// scrape_configs:
    ///   - job_name: node
    ///     scrape_intervall: 30s
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// scrape_configs:
    ///   - job_name: node
    ///     scrape_interval: 30s
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    /// ```
    pub(crate) struct PrometheusUnknownField {
        name: "prometheus-unknown-field",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus configuration has a key Prometheus does not know",
    }
}

impl Rule for PrometheusUnknownField {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = config(file) else {
            return;
        };
        for event in walk(config, file.kind) {
            let Event::UnknownKey {
                pointer,
                key,
                object,
            } = event
            else {
                continue;
            };
            let known = object.known_keys();
            let suggestion = closest(key, known.iter().map(String::as_str));
            let message = match suggestion {
                Some(s) => format!(
                    "unknown key `{key}` in {}; did you mean `{s}`?",
                    object.name
                ),
                None => format!("unknown key `{key}` in {}", object.name),
            };
            let help = match suggestion {
                Some(s) => format!("rename it to `{s}`"),
                None => "remove it, or move it to the section that accepts it".to_string(),
            };
            cx.report(
                Finding::new(Location::key(file.id, pointer), message)
                    .help(help)
                    .note("Prometheus refuses to load a configuration with an unknown key (`field … not found in type …`)"),
            );
        }
    }
}
