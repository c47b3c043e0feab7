use std::collections::HashMap;

use crate::declare_rule;
use crate::location::{FileId, Location};
use crate::model::ScrapeConfig;
use crate::project::{FileKind, LoadedFile};
use crate::prometheus::files::{Reference, included};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports two scrape configs with the same `job_name` (in the
    /// configuration and the files its `scrape_config_files` name, together;
    /// also a file two of those patterns name, whose jobs are read twice),
    /// and a scrape config whose `job_name` is empty or missing.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the file with `found multiple scrape configs with
    /// job name …` (or `job_name is empty`). The `job` label must tell the
    /// series of two scrape configs apart.
    ///
    /// ## Example
    /// ```yaml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-a:9100"]
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-b:9100"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// scrape_configs:
    ///   - job_name: node
    ///     static_configs:
    ///       - targets: ["node-a:9100", "node-b:9100"]
    /// ```
    pub(crate) struct DuplicateJobName {
        name: "duplicate-job-name",
        family: Prometheus,
        severity: Error,
        summary: "two scrape configs have the same `job_name`",
    }
}

impl Rule for DuplicateJobName {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        // Prometheus checks the names of a configuration's own scrape
        // configs and those of the files it includes together; a scrape
        // config file is checked with the configuration that includes it.
        if file.kind != FileKind::Prometheus {
            return;
        }
        let project = cx.project();
        let stack = cx.stack();
        let files = std::iter::once(file.id).chain(included(&project.prometheus_files, file.id));
        let mut first: HashMap<String, Location> = HashMap::new();
        for id in files {
            let Some(config) = stack.prometheus_file(id) else {
                continue;
            };
            for scrape in &config.scrape_configs {
                check_job(scrape, &mut first, cx);
            }
        }
        check_files_named_twice(file, cx);
    }
}

/// A scrape config file that two `scrape_config_files` patterns name is
/// read twice, so each of its jobs is defined twice; reported at the second
/// pattern, once per file.
fn check_files_named_twice(file: &LoadedFile, cx: &mut Context<'_>) {
    let project = cx.project();
    let mut read: Vec<(FileId, Location)> = Vec::new();
    let mut findings = Vec::new();
    let entries = project
        .prometheus_files
        .iter()
        .filter(|e| e.reference == Reference::ScrapeConfigFiles && e.file == file.id);
    for entry in entries {
        let at = Location::value(file.id, entry.pointer.clone());
        for &id in &entry.loaded {
            match read.iter().find(|(seen, _)| *seen == id) {
                Some((_, earlier)) => {
                    let Some(included) = project.file(id) else {
                        continue;
                    };
                    let jobs: Vec<String> = cx
                        .stack()
                        .prometheus_file(id)
                        .map(|config| config.scrape_configs.as_slice())
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|scrape| scrape.job_name.as_ref()?.node().as_str())
                        .map(|name| format!("`{name}`"))
                        .collect();
                    if jobs.is_empty() {
                        continue;
                    }
                    findings.push(
                        Finding::new(
                            at.clone(),
                            format!(
                                "scrape config file `{}` is named twice, so its jobs ({}) are defined twice",
                                project.display_path(included.source.path()),
                                jobs.join(", ")
                            ),
                        )
                        .primary_label("read again here")
                        .label(earlier.clone(), "first read here")
                        .help("name each scrape config file once: remove this entry, or narrow one of the patterns")
                        .note("Prometheus refuses the configuration: `found multiple scrape configs with job name`"),
                    );
                }
                None => read.push((id, at.clone())),
            }
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}

fn check_job(
    scrape: &ScrapeConfig<'_>,
    first: &mut HashMap<String, Location>,
    cx: &mut Context<'_>,
) {
    let Some(job_name) = &scrape.job_name else {
        cx.report(
            Finding::new(scrape.entry.location(), "scrape config has no `job_name`")
                .help("give every scrape config a unique `job_name`")
                .note("Prometheus refuses the file: `job_name is empty`"),
        );
        return;
    };
    let Some(name) = &job_name.value else {
        return;
    };
    let at = job_name.location();
    if name.is_empty() {
        cx.report(
            Finding::new(at, "`job_name` is empty")
                .help("give every scrape config a unique `job_name`")
                .note("Prometheus refuses the file: `job_name is empty`"),
        );
        return;
    }
    match first.get(name) {
        Some(earlier) => {
            let other_file = earlier.file() != Some(job_name.file);
            let mut finding = Finding::new(
                at,
                format!("job name `{name}` is used by two scrape configs"),
            )
            .primary_label("used again here")
            .label(earlier.clone(), "first used here")
            .help("rename one of the jobs, or merge their targets into one scrape config")
            .note("Prometheus refuses the file: `found multiple scrape configs with job name`");
            if other_file {
                finding = finding.note(
                    "job names must be unique across the configuration and every file its `scrape_config_files` name",
                );
            }
            cx.report(finding);
        }
        None => {
            first.insert(name.clone(), at);
        }
    }
}
