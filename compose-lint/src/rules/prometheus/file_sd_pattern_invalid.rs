use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::files::{Reference, written_in};
use crate::prometheus::rule_files::{Resolution, is_valid_pattern};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `files` entry of `file_sd_configs` that Prometheus refuses:
    /// a name that does not end in `.json`, `.yml` or `.yaml`, or a `*`
    /// before the last path element (`*/targets.json`).
    ///
    /// ## Why is this bad?
    /// Prometheus refuses to load the configuration: `path name … is not
    /// valid for file discovery`. It reads target files by their extension
    /// only, so `targets.txt` or a bare `targets/*` is never accepted.
    ///
    /// ## Example
    /// ```yaml
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: nodes
    ///     file_sd_configs:
    ///       - files: [targets/*]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: nodes
    ///     file_sd_configs:
    ///       - files: [targets/*.json]
    /// # file: targets/nodes.json
    /// [{"targets": ["node1.example.lan:9100"]}]
    /// ```
    pub(crate) struct FileSdPatternInvalid {
        name: "file-sd-pattern-invalid",
        family: Prometheus,
        severity: Error,
        summary: "a `file_sd_configs` file pattern is refused by Prometheus",
    }
}

impl Rule for FileSdPatternInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        for entry in written_in(&cx.project().prometheus_files, file.id, Reference::FileSd) {
            if entry.resolution != Resolution::InvalidPattern {
                continue;
            }
            let (message, help) = if is_valid_pattern(&entry.pattern) {
                (
                    format!(
                        "target file pattern `{}` does not end in `.json`, `.yml` or `.yaml`",
                        entry.pattern
                    ),
                    "name the target files `*.json`, `*.yml` or `*.yaml`, and the pattern after them",
                )
            } else {
                (
                    format!(
                        "target file pattern `{}` has a `*` before its last path element",
                        entry.pattern
                    ),
                    "use `*` only in the file name, such as `targets/*.json`, and list each directory",
                )
            };
            cx.report(
                Finding::new(Location::value(file.id, entry.pointer.clone()), message)
                    .help(help)
                    .note("Prometheus refuses the configuration: `path name … is not valid for file discovery`"),
            );
        }
    }
}
