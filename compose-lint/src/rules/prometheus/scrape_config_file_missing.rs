use super::missing_file;
use crate::declare_rule;
use crate::project::LoadedFile;
use crate::prometheus::files::{Reference, written_in};
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `scrape_config_files` entry that names no file: a path
    /// with no file there, or a glob (`scrape/*.yml`) that matches nothing.
    /// Paths are resolved against the configuration file's directory as
    /// Prometheus sees it (inside its container, through the service's
    /// mounts); a directory that is not mounted, and a
    /// configuration no service mounts, are not checked.
    ///
    /// ## Why is this bad?
    /// Prometheus reads `scrape_config_files` with a glob: a name that
    /// matches nothing is no error, so it starts without those jobs and
    /// their targets are never scraped. A directory that is not mounted or
    /// a wrong extension is the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus:/etc/prometheus:ro
    /// # file: prometheus/prometheus.yml
    /// scrape_config_files:
    ///   - scrape/*.yaml
    /// # file: prometheus/scrape/self.yml
    /// scrape_configs:
    ///   - job_name: prometheus
    ///     static_configs:
    ///       - targets: ["localhost:9090"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus:/etc/prometheus:ro
    /// # file: prometheus/prometheus.yml
    /// scrape_config_files:
    ///   - scrape/*.yml
    /// # file: prometheus/scrape/self.yml
    /// scrape_configs:
    ///   - job_name: prometheus
    ///     static_configs:
    ///       - targets: ["localhost:9090"]
    /// ```
    pub(crate) struct ScrapeConfigFileMissing {
        name: "scrape-config-file-missing",
        family: Prometheus,
        severity: Warning,
        summary: "a `scrape_config_files` entry names no file",
    }
}

impl Rule for ScrapeConfigFileMissing {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let project = cx.project();
        for entry in written_in(
            &project.prometheus_files,
            file.id,
            Reference::ScrapeConfigFiles,
        ) {
            if let Some(finding) = missing_file(
                project,
                entry,
                "scrape config file",
                "scrapes none of the jobs it would list",
            ) {
                cx.report(finding);
            }
        }
    }
}
