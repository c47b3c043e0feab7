//! Rules about Prometheus configuration files: what `promtool check config`
//! refuses, with the line and column of each problem, and the configurations
//! services mount checked against the compose project (scrape and
//! Alertmanager targets must name a service on a shared network, on a port
//! it listens on).

pub mod duplicate_job_name;
pub mod duplicate_rule_group;
pub mod host_gateway_missing;
pub mod invalid_scrape_target;
pub mod metrics_path_not_metrics;
pub mod prometheus_empty_section;
pub mod prometheus_invalid_duration;
pub mod prometheus_invalid_label_name;
pub mod prometheus_rule_invalid;
pub mod prometheus_unknown_field;
pub mod promql_syntax_error;
pub mod relabel_config_invalid;
pub mod rule_file_missing;
pub mod rule_file_pattern_invalid;
pub mod scrape_target_localhost;
pub mod scrape_target_non_metrics_port;
pub mod scrape_target_not_on_shared_network;
pub mod scrape_target_port_not_listening;
pub mod scrape_target_published_port;
pub mod scrape_target_unknown_host;
pub mod scrape_timeout_exceeds_interval;

use crate::compose::endpoints::Endpoints;
use crate::compose::model::Element;
use crate::compose::value::Value;
use crate::location::{FileId, Location};
use crate::project::Project;
use crate::prometheus::discover::flag;
use crate::prometheus::targets::{Target, TargetKind, targets};

/// A static target of a configuration a service runs.
pub(crate) struct Scraped<'a> {
    pub(crate) file: FileId,
    /// The service running Prometheus.
    pub(crate) prometheus: Element<'a>,
    pub(crate) target: Target,
}

impl Scraped<'_> {
    /// The target string in the configuration.
    pub(crate) fn at(&self) -> Location {
        Location::value(self.file, self.target.pointer.clone())
    }

    /// What the target is, for messages.
    pub(crate) fn what(&self) -> &'static str {
        match self.target.kind {
            TargetKind::Scrape => "scrape target",
            TargetKind::Alertmanager => "Alertmanager target",
        }
    }
}

/// The static targets of every configuration a service of the project
/// runs; a file several services mount is read once.
pub(crate) fn scraped(project: &Project) -> Vec<Scraped<'_>> {
    let endpoints = Endpoints::new(project);
    let mut seen = Vec::new();
    let mut found = Vec::new();
    for mounted in &project.mounted_configs {
        if seen.contains(&mounted.file) {
            continue;
        }
        seen.push(mounted.file);
        let Some(prometheus) = endpoints.service(&mounted.service) else {
            continue;
        };
        let Some(document) = project
            .file(mounted.file)
            .and_then(|file| file.yaml.documents.first())
        else {
            continue;
        };
        for target in targets(&document.value) {
            found.push(Scraped {
                file: mounted.file,
                prometheus,
                target,
            });
        }
    }
    found
}

/// The port Prometheus listens on: `--web.listen-address`, else 9090.
pub(crate) fn listen_port(service: &Value) -> u16 {
    flag(service, "web.listen-address")
        .and_then(|address| address.rsplit_once(':').and_then(|(_, p)| p.parse().ok()))
        .unwrap_or(9090)
}
