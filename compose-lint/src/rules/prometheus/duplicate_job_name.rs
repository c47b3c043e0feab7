use std::collections::HashMap;

use serde_json::Value;

use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::{config, scrape_configs};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports two scrape configs with the same `job_name`, and a scrape
    /// config whose `job_name` is empty or missing.
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
    pub struct DuplicateJobName {
        name: "duplicate-job-name",
        family: Prometheus,
        severity: Error,
        summary: "two scrape configs have the same `job_name`",
    }
}

impl Rule for DuplicateJobName {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = config(file) else {
            return;
        };
        let mut first: HashMap<String, String> = HashMap::new();
        for (pointer, job) in scrape_configs(config) {
            let name = match job.get("job_name") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::Bool(b)) => b.to_string(),
                None | Some(Value::Null) => {
                    cx.report(
                        Finding::new(
                            Location::value(file.id, pointer),
                            "scrape config has no `job_name`",
                        )
                        .help("give every scrape config a unique `job_name`")
                        .note("Prometheus refuses the file: `job_name is empty`"),
                    );
                    continue;
                }
                Some(_) => continue,
            };
            let at = format!("{pointer}/job_name");
            if name.is_empty() {
                cx.report(
                    Finding::new(Location::value(file.id, at), "`job_name` is empty")
                        .help("give every scrape config a unique `job_name`")
                        .note("Prometheus refuses the file: `job_name is empty`"),
                );
                continue;
            }
            match first.get(&name) {
                Some(earlier) => cx.report(
                    Finding::new(
                        Location::value(file.id, at),
                        format!("job name `{name}` is used by two scrape configs"),
                    )
                    .primary_label("used again here")
                    .label(Location::value(file.id, earlier.clone()), "first used here")
                    .help("rename one of the jobs, or merge their targets into one scrape config")
                    .note("Prometheus refuses the file: `found multiple scrape configs with job name`"),
                ),
                None => {
                    first.insert(name, at);
                }
            }
        }
    }
}
