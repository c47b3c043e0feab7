use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::config;
use crate::prometheus::schema::{
    Event, RELABEL_CONFIG, REMOTE_READ, REMOTE_WRITE, SCRAPE_CONFIG, STATIC_CONFIG, walk,
};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports an empty list item (`-` with nothing after it) where
    /// Prometheus expects a scrape config, a static config, a relabel
    /// config or a remote write or read endpoint.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the file with `empty or null scrape config
    /// section` (or the same for the other sections). An empty item is
    /// usually a leftover of a commented-out block.
    ///
    /// ## Example
    /// ```yaml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    ///   -
    ///   # - job_name: old
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-exporter:9100"]
    ///   # - job_name: old
    /// ```
    pub(crate) struct PrometheusEmptySection {
        name: "prometheus-empty-section",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus list has an empty item where a section is expected",
    }
}

impl Rule for PrometheusEmptySection {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = config(file) else {
            return;
        };
        let refused = [
            &SCRAPE_CONFIG,
            &STATIC_CONFIG,
            &RELABEL_CONFIG,
            &REMOTE_WRITE,
            &REMOTE_READ,
        ];
        for event in walk(config, file.kind) {
            let Event::NullItem { pointer, object } = event else {
                continue;
            };
            if !refused.iter().any(|o| std::ptr::eq(*o, object)) {
                continue;
            }
            // A null item has no text to point at: point at the list's key.
            let list = pointer.rsplit_once('/').map_or("", |(list, _)| list);
            let index = pointer.rsplit_once('/').map_or("", |(_, i)| i);
            cx.report(
                Finding::new(
                    Location::key(file.id, list),
                    format!(
                        "item {index} of this list is empty: an empty {}",
                        object.name
                    ),
                )
                .help("remove the empty `-` item, or fill it in")
                .note(format!(
                    "Prometheus refuses the file: `empty or null {} section`",
                    object.name
                )),
            );
        }
    }
}
