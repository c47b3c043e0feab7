use super::missing_file;
use crate::declare_rule;
use crate::project::LoadedFile;
use crate::prometheus::files::{Reference, written_in};
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `files` entry of `file_sd_configs` that names no file: a
    /// path with no file there, or a glob (`targets/*.json`) that matches
    /// nothing. Paths are resolved against the directory of the file the
    /// scrape config is written in, as Prometheus sees it (inside its
    /// container, through the service's mounts); a directory that is not
    /// mounted, and a configuration no service mounts, are not checked.
    ///
    /// ## Why is this bad?
    /// Prometheus watches the files and says nothing while they are absent:
    /// the job has no targets and nothing is scraped. A directory that is
    /// not mounted into the container or a wrong extension is the usual
    /// cause.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus:/etc/prometheus:ro
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    /// # file: prometheus/prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     file_sd_configs:
    ///       - files: [targets/*.yaml]
    /// # file: prometheus/targets/api.yml
    /// - targets: ["api:8000"]
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
    ///   api:
    ///     image: example/api:1.0
    ///     expose: ["8000"]
    /// # file: prometheus/prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     file_sd_configs:
    ///       - files: [targets/*.yml]
    /// # file: prometheus/targets/api.yml
    /// - targets: ["api:8000"]
    /// ```
    pub(crate) struct FileSdFileMissing {
        name: "file-sd-file-missing",
        family: Prometheus,
        severity: Warning,
        summary: "a `file_sd_configs` file pattern names no file",
    }
}

impl Rule for FileSdFileMissing {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let project = cx.project();
        for entry in written_in(&project.prometheus_files, file.id, Reference::FileSd) {
            if let Some(finding) = missing_file(
                project,
                entry,
                "target file",
                "finds no targets there for the job",
            ) {
                cx.report(finding);
            }
        }
    }
}
