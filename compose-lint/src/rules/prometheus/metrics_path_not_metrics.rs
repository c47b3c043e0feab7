use crate::declare_rule;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a scrape config whose `metrics_path` looks like a health or
    /// status endpoint: its last segment is `health`, `healthz`, `status`,
    /// `ready`, `readyz`, `livez` or `ping`.
    ///
    /// ## Why is this bad?
    /// Health endpoints answer with JSON or plain text, not Prometheus'
    /// exposition format. Prometheus 3 rejects the response (`received
    /// unsupported Content-Type "application/json"`), Prometheus 2 fails to
    /// parse it: the target is down while the service is fine.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     metrics_path: /health
    ///     static_configs:
    ///       - targets: ["api:8000"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     metrics_path: /metrics
    ///     static_configs:
    ///       - targets: ["api:8000"]
    /// ```
    pub(crate) struct MetricsPathNotMetrics {
        name: "metrics-path-not-metrics",
        family: Prometheus,
        severity: Warning,
        summary: "a scrape config's `metrics_path` is a health or status endpoint",
    }
}

const HEALTH_SEGMENTS: &[&str] = &[
    "health", "healthz", "status", "ready", "readyz", "livez", "ping",
];

impl Rule for MetricsPathNotMetrics {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = cx.stack().prometheus_file(file.id) else {
            return;
        };
        for scrape in &config.scrape_configs {
            let Some(written) = scrape.metrics_path else {
                continue;
            };
            let path = written.value;
            let last = path
                .split('?')
                .next()
                .unwrap_or_default()
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if !HEALTH_SEGMENTS.contains(&last.as_str()) {
                continue;
            }
            cx.report(
                Finding::new(
                    written.location(),
                    format!("`metrics_path: {path}` looks like a health endpoint, not Prometheus metrics"),
                )
                .help("point `metrics_path` at the endpoint that serves Prometheus metrics (usually `/metrics`), and check health with a healthcheck or the blackbox exporter"),
            );
        }
    }
}
