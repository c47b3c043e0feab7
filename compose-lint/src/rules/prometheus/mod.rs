//! Rules about Prometheus configuration files: what `promtool check config`
//! refuses, with the line and column of each problem, and the configurations
//! services mount checked against the compose project (scrape and
//! Alertmanager targets must name a service on a shared network, on a port
//! it listens on).

pub(crate) mod alert_template_invalid;
pub(crate) mod blackbox_invalid_value;
pub(crate) mod blackbox_module_undefined;
pub(crate) mod blackbox_unknown_field;
pub(crate) mod conflicting_auth_settings;
pub(crate) mod duplicate_job_name;
pub(crate) mod duplicate_rule_group;
pub(crate) mod duplicate_rule_name;
pub(crate) mod file_sd_file_missing;
pub(crate) mod file_sd_pattern_invalid;
pub(crate) mod file_sd_targets_invalid;
pub(crate) mod host_gateway_missing;
pub(crate) mod invalid_scrape_target;
pub(crate) mod metrics_path_not_metrics;
pub(crate) mod otlp_config_invalid;
pub(crate) mod prometheus_empty_section;
pub(crate) mod prometheus_invalid_duration;
pub(crate) mod prometheus_invalid_label_name;
pub(crate) mod prometheus_invalid_value;
pub(crate) mod prometheus_rule_invalid;
pub(crate) mod prometheus_unknown_field;
pub(crate) mod promql_syntax_error;
pub(crate) mod relabel_config_invalid;
pub(crate) mod remote_storage_config_invalid;
pub(crate) mod rule_file_missing;
pub(crate) mod rule_file_pattern_invalid;
pub(crate) mod scrape_config_file_missing;
pub(crate) mod scrape_target_localhost;
pub(crate) mod scrape_target_non_http_port;
pub(crate) mod scrape_target_non_metrics_port;
pub(crate) mod scrape_target_not_on_shared_network;
pub(crate) mod scrape_target_port_not_listening;
pub(crate) mod scrape_target_published_port;
pub(crate) mod scrape_target_unknown_host;
pub(crate) mod scrape_timeout_exceeds_interval;
pub(crate) mod sd_config_invalid;

use crate::compose::model::Element;
use crate::compose::value::Value;
use crate::images::{ImageCatalog, NonHttpPort, Program, parse_reference};
use crate::location::{FileId, Location};
use crate::model::Stack;
use crate::model::endpoints::{Endpoints, moves_ports, sets_port_variable};
use crate::project::{FileKind, LoadedFile, Project};
use crate::prometheus::files::{FileEntry, Reference, included, including_config};
use crate::prometheus::rule_files::{Missing, Resolution};
use crate::prometheus::targets::{Target, TargetKind, file_sd_targets, rewrites_address, targets};
use crate::rules::{Context, Finding};
use crate::view::programs::{flag, flag_values};

/// A static target of a configuration a service runs: written in the
/// configuration, in a scrape config file it includes, or in a
/// `file_sd_configs` file.
pub(crate) struct Scraped<'a> {
    /// The file the target is written in.
    pub(crate) file: FileId,
    /// The file holding the scrape config the target belongs to.
    pub(crate) job_file: FileId,
    /// The service running Prometheus.
    pub(crate) prometheus: Element<'a>,
    pub(crate) target: Target,
    /// For a target in a `file_sd_configs` file, the pattern that names
    /// the file.
    pub(crate) listed_by: Option<Location>,
}

impl Scraped<'_> {
    /// The target string in the configuration.
    pub(crate) fn at(&self) -> Location {
        Location::value(self.file, self.target.pointer.clone())
    }

    /// The scrape config (or Alertmanager config) the target belongs to.
    pub(crate) fn job<'p>(&self, project: &'p Project) -> Option<&'p serde_json::Value> {
        let file = project.file(self.job_file)?;
        file.yaml
            .documents
            .first()?
            .value()
            .pointer(&self.target.config_pointer)
    }

    /// Reports `finding` about this target, with a label on the
    /// `file_sd_configs` pattern that reads it when it is in a target file.
    /// Where the target's port is written, for a fix that replaces it:
    /// only for a target written plainly as `host:port` (quoted or not, no
    /// escapes, not through an alias).
    pub(crate) fn port_at(&self, project: &Project) -> Option<Location> {
        let port = self.target.port?.to_string();
        let file = project.file(self.file)?;
        let spans = file.yaml.locate(&self.target.pointer)?;
        if spans.via.is_some() {
            return None;
        }
        let written = file.source.text().get(spans.value.start..spans.value.end)?;
        let (inner, closing) = crate::rules::one_line_scalar(written)?;
        if inner != self.target.text
            || inner.contains('\\')
            || !inner.ends_with(&format!(":{port}"))
        {
            return None;
        }
        let end = spans.value.end - closing;
        Some(Location::span(
            self.file,
            crate::source::Span::new(end - port.len(), end),
        ))
    }

    pub(crate) fn report(&self, cx: &mut Context<'_>, finding: Finding) {
        let finding = match &self.listed_by {
            Some(pattern) => finding.label(
                pattern.clone(),
                "the target file is read through this pattern",
            ),
            None => finding,
        };
        cx.report(finding);
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
/// runs, its scrape config files and its `file_sd_configs` files; a file
/// several services or jobs read is read once.
pub(crate) fn scraped(project: &Project) -> Vec<Scraped<'_>> {
    let endpoints = Endpoints::new(project);
    let mut seen = Vec::new();
    let mut found = Vec::new();
    let document = |id: FileId| {
        project
            .file(id)
            .filter(|file| file.yaml.is_clean())
            .and_then(|file| match file.yaml.documents.as_slice() {
                [doc] => Some(doc.value()),
                _ => None,
            })
    };
    for mounted in project.found(FileKind::Prometheus) {
        if seen.contains(&mounted.file) {
            continue;
        }
        seen.push(mounted.file);
        let Some(prometheus) = endpoints.service(&mounted.service) else {
            continue;
        };
        let configs =
            std::iter::once(mounted.file).chain(included(&project.prometheus_files, mounted.file));
        for id in configs {
            let Some(document) = document(id) else {
                continue;
            };
            for target in targets(document) {
                found.push(Scraped {
                    file: id,
                    job_file: id,
                    prometheus,
                    target,
                    listed_by: None,
                });
            }
        }
        let mut read = Vec::new();
        let file_sd = project
            .prometheus_files
            .iter()
            .filter(|e| e.reference == Reference::FileSd && e.config == mounted.file);
        for entry in file_sd {
            let Some(job) = &entry.job else {
                continue;
            };
            for &id in &entry.loaded {
                if read.contains(&id) {
                    continue;
                }
                read.push(id);
                let Some(document) = document(id) else {
                    continue;
                };
                for target in file_sd_targets(document, job) {
                    found.push(Scraped {
                        file: id,
                        job_file: entry.file,
                        prometheus,
                        target,
                        listed_by: Some(Location::value(entry.file, entry.pointer.clone())),
                    });
                }
            }
        }
    }
    // A job that rewrites `__address__` does not scrape the address as
    // written.
    found.retain(|s| !s.job(project).is_some_and(rewrites_address));
    found
}

/// The port Prometheus listens on: `--web.listen-address`, else 9090.
pub(crate) fn listen_port(service: &Value) -> u16 {
    flag(service, "web.listen-address")
        .and_then(|address| address.rsplit_once(':').and_then(|(_, p)| p.parse().ok()))
        .unwrap_or(9090)
}

/// Where the listeners of a service's image are, when its image facts and
/// its flags tell: each default port of the image, moved by the flag the
/// facts name for it.
pub(crate) struct Listeners<'a> {
    /// The image's repository, for messages: `prom/alertmanager`.
    pub(crate) repository: String,
    pub(crate) program: Option<Program>,
    pub(crate) listeners: Vec<Listener<'a>>,
    /// True when a flag places every listener, so that only the service's
    /// `command` and `entrypoint` say where it listens: its `ports` and
    /// `expose` add no listener.
    pub(crate) by_flags: bool,
}

/// One listener of an image.
pub(crate) struct Listener<'a> {
    /// The image's default port for it.
    pub(crate) default: u16,
    /// Where it listens in this service: the default, or the ports its
    /// flag names (none when the flag turns it off).
    pub(crate) ports: Vec<u16>,
    /// The flag that moves it.
    pub(crate) flag: Option<&'a str>,
    /// What it speaks, when that is not HTTP.
    pub(crate) non_http: Option<NonHttpPort<'a>>,
    /// True for the listener that serves the image's metrics (its HTTP
    /// API, for Alertmanager).
    pub(crate) metrics: bool,
}

impl<'a> Listeners<'a> {
    /// Every port the image listens on in this service.
    pub(crate) fn ports(&self) -> impl Iterator<Item = u16> + '_ {
        self.listeners.iter().flat_map(|l| l.ports.iter().copied())
    }

    /// The listener serving metrics.
    pub(crate) fn metrics(&self) -> Option<&Listener<'a>> {
        self.listeners.iter().find(|l| l.metrics)
    }

    /// The ports the metrics listener is on.
    pub(crate) fn metrics_ports(&self) -> &[u16] {
        self.metrics().map_or(&[], |l| l.ports.as_slice())
    }
}

/// The listeners of `service`'s image, or `None` when the image is not
/// known, or when something the facts name no flag for can move them (a
/// `command`, an `entrypoint`, a port-like environment variable), or when
/// a flag is written in a way that cannot be read.
pub(crate) fn listeners<'a>(images: &'a ImageCatalog, service: &Value) -> Option<Listeners<'a>> {
    // A built image is whatever its Dockerfile makes it, even when `image`
    // names a known one (the tag the build is given).
    if crate::compose::model::is_built(service) {
        return None;
    }
    let image = crate::compose::model::image(service)?;
    let facts = images.lookup(image)?;
    if facts.ports.is_empty() {
        return None;
    }
    let metrics = facts.metrics.map(|(port, _)| port);
    let mut defaults = facts.ports.to_vec();
    if let Some(port) = metrics.filter(|p| !defaults.contains(p)) {
        defaults.push(port);
    }
    let flag_of = |port: u16| {
        facts
            .listen_flags
            .iter()
            .find(|(p, _)| *p == port)
            .map(|(_, name)| *name)
    };
    let by_flags = defaults.iter().all(|&port| flag_of(port).is_some());
    // Flags say where the image listens, unless an environment variable
    // about ports or addresses may say otherwise (redis_exporter reads
    // `REDIS_EXPORTER_WEB_LISTEN_ADDRESS`).
    if (!by_flags && moves_ports(service)) || (by_flags && sets_port_variable(service)) {
        return None;
    }
    let mut listeners = Vec::new();
    for default in defaults {
        let flag = flag_of(default);
        let ports = match flag {
            Some(name) => {
                let values = flag_values(service, name)?;
                if values.is_empty() {
                    vec![default]
                } else {
                    // An empty address turns the listener off.
                    values
                        .iter()
                        .filter(|v| !v.is_empty())
                        .map(|v| address_port(v))
                        .collect::<Option<Vec<u16>>>()?
                }
            }
            None => vec![default],
        };
        listeners.push(Listener {
            default,
            ports,
            flag,
            non_http: facts
                .non_http_ports
                .iter()
                .find(|n| n.port == default)
                .copied(),
            metrics: metrics == Some(default),
        });
    }
    Some(Listeners {
        repository: parse_reference(image)?.repository,
        program: facts.program,
        listeners,
        by_flags,
    })
}

/// The port of a listen address: `:9093`, `0.0.0.0:9094`, `[::]:9093`.
fn address_port(address: &str) -> Option<u16> {
    address
        .rsplit_once(':')
        .map_or(address, |(_, port)| port)
        .parse()
        .ok()
}

/// Ports as `9093` or `9093, 9095` for messages.
pub(crate) fn port_list(ports: &[u16]) -> String {
    ports
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `global` section that applies to the scrape configs of `file`, and
/// the file it is written in: the file's own for a configuration, the
/// including configuration's for a scrape config file.
pub(crate) fn global_of<'a>(
    project: &Project,
    stack: &'a Stack<'a>,
    file: &LoadedFile,
) -> Option<(FileId, &'a serde_json::Value)> {
    let owner = if file.kind == FileKind::PrometheusScrapeConfigs {
        including_config(&project.prometheus_files, file.id)?
    } else {
        file.id
    };
    let global = stack.prometheus_file(owner)?.global?;
    Some((owner, global.node()))
}

/// The finding for a pattern that names no file (`what` says what the
/// file is for, `loses` what Prometheus goes without), or `None` when it
/// names files or what is there cannot be known. Only configurations a
/// service reads are checked: one linted on its own may be deployed where
/// its paths hold files generated there.
pub(crate) fn missing_file(
    project: &Project,
    entry: &FileEntry,
    what: &str,
    loses: &str,
) -> Option<Finding> {
    if !project
        .found(FileKind::Prometheus)
        .any(|m| m.file == entry.config)
    {
        return None;
    }
    unmatched_pattern(project, entry, what, loses)
}

/// The finding for a pattern that names no file, wherever the
/// configuration is read; `None` when it names files or what is there
/// cannot be known.
pub(crate) fn unmatched_pattern(
    project: &Project,
    entry: &FileEntry,
    what: &str,
    loses: &str,
) -> Option<Finding> {
    let at = Location::value(entry.file, entry.pointer.clone());
    let (path, message, help, note) = match &entry.resolution {
        Resolution::Missing { path } => (
            path,
            format!("{what} `{}` does not exist", entry.pattern),
            "create the file, mount it into the container, fix the path, or remove the entry",
            format!(
                "looked for {}; Prometheus starts without it and {loses}, silently",
                path.place(project.sources())
            ),
        ),
        Resolution::NoMatch { path } => (
            path,
            format!("{what} pattern `{}` matches no file", entry.pattern),
            "fix the directory or the extension, mount the files into the container, or remove the entry",
            format!(
                "searched {}; a pattern that matches nothing is no error to Prometheus: it {loses}, silently",
                path.place(project.sources())
            ),
        ),
        _ => return None,
    };
    let finding = Finding::new(at, message).help(help).note(note);
    Some(with_looked_at(finding, path))
}

/// Adds the sources that were looked at as notes.
pub(crate) fn with_looked_at(finding: Finding, missing: &Missing) -> Finding {
    missing.looked_at.iter().fold(finding, |finding, note| {
        finding.note(format!("looked at: {note}"))
    })
}
