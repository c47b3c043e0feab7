use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::{all_services, checkable_host_path, ignored_by_git, looks_like_file, source_value};
use crate::compose::model::Element;
use crate::compose::mounts::{Mount, MountKind, mounts};
use crate::declare_rule;
use crate::grafana::dashboards::provider_paths;
use crate::location::{FileId, Location};
use crate::model::services;
use crate::project::{FileKind, Project};
use crate::prometheus::files::Reference;
use crate::prometheus::rule_files::Resolution;
use crate::rules::{Context, Finding, Rule};
use crate::view::programs::config_paths;
use crate::view::{ContainerView, clean};

declare_rule! {
    /// ## What it does
    /// Reports a bind mount whose host source is a directory that does not
    /// exist, when the container can only read it: the mount is read-only
    /// (`:ro`, `read_only: true`), or a configuration of the same service
    /// reads files from inside it — a Grafana dashboard provider's
    /// `options.path`, Grafana's datasources or dashboards provisioning
    /// directory, a Prometheus `rule_files`, `scrape_config_files` or
    /// `file_sd_configs` pattern that finds nothing there, the Prometheus,
    /// Promtail or Alloy configuration itself. Missing sources that look
    /// like files are left to `bind-source-missing`. Only sources written
    /// relative to the compose file, without a variable, are checked, and a
    /// directory that another service mounts writable (and may fill), or
    /// that a `.gitignore` of the repository ignores (made on each machine,
    /// never committed), is not reported.
    ///
    /// ## Why is this bad?
    /// Docker creates a missing bind source as an empty directory owned by
    /// root, and starts the container anyway. That suits a data directory
    /// the program fills, but a directory the container only reads stays
    /// empty: Grafana shows no dashboards and Prometheus loads no rules,
    /// without saying why, or the program finds no configuration and exits.
    /// The usual cause is a path that is off by one directory, or files
    /// that were never committed.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   grafana:
    ///     image: grafana/grafana:12.1.0
    ///     volumes:
    ///       - ./provisioning:/etc/grafana/provisioning:ro
    ///       - ./dashboard:/var/lib/grafana/dashboards
    /// # file: provisioning/dashboards/default.yml
    /// apiVersion: 1
    /// providers:
    ///   - name: default
    ///     options:
    ///       path: /var/lib/grafana/dashboards
    /// # file: dashboards/node.json
    /// {"title": "Node"}
    /// ```
    ///
    /// ## Use instead
    /// Mount the directory that holds the files, or create it:
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   grafana:
    ///     image: grafana/grafana:12.1.0
    ///     volumes:
    ///       - ./provisioning:/etc/grafana/provisioning:ro
    ///       - ./dashboards:/var/lib/grafana/dashboards:ro
    /// # file: provisioning/dashboards/default.yml
    /// apiVersion: 1
    /// providers:
    ///   - name: default
    ///     options:
    ///       path: /var/lib/grafana/dashboards
    /// # file: dashboards/node.json
    /// {"title": "Node"}
    /// ```
    pub(crate) struct BindSourceDirectoryMissing {
        name: "bind-source-directory-missing",
        family: Volumes,
        severity: Warning,
        summary: "a bind-mounted directory the container only reads does not exist",
    }
}

/// A configuration that reads files from a container path.
struct Reader {
    /// The container path it reads.
    path: String,
    /// Where the configuration names the path, with a label, when it is
    /// written in a file.
    label: Option<(Location, String)>,
    /// The configuration and what it reads, for a note.
    note: String,
    /// For a Prometheus pattern that found nothing: the host path it looked
    /// at, which the mount's source covers.
    host: Option<PathBuf>,
}

impl Rule for BindSourceDirectoryMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if crate::model::is_partial(project) {
            return;
        }
        let writers = writable_binds(project);
        let directory = crate::compose::load::absolute(project.directory());
        let mut reported: Vec<(Finding, Vec<String>)> = Vec::new();
        let mut by_place: HashMap<(FileId, usize), usize> = HashMap::new();
        for service in services(project) {
            let Some(view) = project.view(service.name) else {
                continue;
            };
            let readers = readers(project, &service, view);
            for mount in mounts(service.value) {
                if mount.kind != MountKind::Bind {
                    continue;
                }
                if !checkable_host_path(project, &mount.source, source_value(mount.value)) {
                    continue;
                }
                let source = Path::new(&mount.source);
                if project.host_path_exists(source)
                    || owned_by_bind_source_missing(&mount)
                    || ignored_by_git(source)
                {
                    continue;
                }

                let reading: Vec<&Reader> = readers
                    .iter()
                    .filter(|reader| match &reader.host {
                        Some(host) => host.starts_with(source),
                        None => view.provider_of(&reader.path).is_some_and(|(entry, _)| {
                            *entry.at.service == *service.name
                                && entry.at.key == "volumes"
                                && entry.at.index == Some(mount.index)
                        }),
                    })
                    .collect();
                // A read-only directory other mounts put files into is
                // not empty.
                let empty_read_only = mount.read_only && !mounted_inside(view, &mount.target);
                if reading.is_empty() && !empty_read_only {
                    continue;
                }
                if filled_elsewhere(&directory, &writers, &service, mount.index, source) {
                    continue;
                }
                // A mount written once for many services (an anchor, an
                // `extends`) is one problem: reported once, naming the
                // others.
                let written = mount.value.origin.map(|o| (o.file, o.value().start));
                if let Some(&index) = written.and_then(|w| by_place.get(&w)) {
                    reported[index].1.push(service.name.to_string());
                    continue;
                }
                if let Some(written) = written {
                    by_place.insert(written, reported.len());
                }
                reported.push((finding(project, &service, &mount, &reading), Vec::new()));
            }
        }
        for (finding, others) in reported {
            let finding = match others.as_slice() {
                [] => finding,
                [other] => finding.note(format!("service `{other}` mounts it too")),
                [first, rest @ ..] => finding.note(format!(
                    "service `{first}` and {} more mount it too",
                    rest.len()
                )),
            };
            cx.report(finding);
        }
    }
}

/// True when another source of the view is mounted below `target`: the
/// directory Docker creates holds its mount point and its files.
fn mounted_inside(view: &ContainerView, target: &str) -> bool {
    let target = clean(target);
    let prefix = if target == "/" {
        target.clone()
    } else {
        format!("{target}/")
    };
    view.entries
        .iter()
        .any(|entry| entry.target != target && entry.target.starts_with(&prefix))
}

/// True when the container sees nothing inside `path`: no file mounted
/// into it one by one, no source whose content is unknown.
fn nothing_inside(view: &ContainerView, path: &str) -> bool {
    // The source is missing: only what is mounted into it is listed.
    let listing = view.list(path, None);
    listing.complete && listing.files.is_empty()
}

/// True when `bind-source-missing` reports the mount: a source or target
/// that looks like a file, or `create_host_path: false`.
fn owned_by_bind_source_missing(mount: &Mount<'_>) -> bool {
    mount.refuses_missing_source()
        || looks_like_file(&mount.source)
        || looks_like_file(&mount.target)
}

/// Every writable bind mount of the project, disabled services included,
/// by host source: the service and the index of each mount. Sorted by
/// path, so the mounts inside a directory follow it.
type Writers<'a> = BTreeMap<PathBuf, Vec<(&'a str, usize)>>;

fn writable_binds(project: &Project) -> Writers<'_> {
    let mut writers: Writers<'_> = BTreeMap::new();
    for (name, service) in all_services(project) {
        for mount in mounts(service) {
            if mount.kind == MountKind::Bind && !mount.read_only && !mount.source.is_empty() {
                writers
                    .entry(PathBuf::from(&mount.source))
                    .or_default()
                    .push((name, mount.index));
            }
        }
    }
    writers
}

/// True when another service (or another mount of the same one) mounts
/// `source`, a directory inside it, or a directory that holds it (below
/// the project directory) writable: it may put the files there.
fn filled_elsewhere(
    directory: &Path,
    writers: &Writers<'_>,
    service: &Element<'_>,
    index: usize,
    source: &Path,
) -> bool {
    // `source` itself, mounted writable by another service, and the
    // directories inside it, mounted writable by any.
    let inside = writers
        .range(source.to_path_buf()..)
        .take_while(|(path, _)| path.starts_with(source))
        .any(|(path, mounts)| {
            mounts.iter().any(|(name, i)| {
                if path == source {
                    *name != service.name
                } else {
                    !(*name == service.name && *i == index)
                }
            })
        });
    // The directories that hold it, below the project directory; the
    // service's own writable mount above this one does not count: the
    // program reads here, it does not write its configuration.
    inside
        || source
            .ancestors()
            .skip(1)
            .filter(|holder| !directory.starts_with(holder))
            .filter_map(|holder| writers.get(holder))
            .any(|mounts| mounts.iter().any(|(name, _)| *name != service.name))
}

/// What the configurations of `service` read, and where.
fn readers(project: &Project, service: &Element<'_>, view: &ContainerView) -> Vec<Reader> {
    let mut found = Vec::new();
    for config in config_paths(&project.images, service.name, service.value) {
        if !nothing_inside(view, &config.path) {
            continue;
        }
        let note = if config.directory {
            format!(
                "service `{}` reads its {} from `{}`",
                service.name,
                config.what(),
                config.path
            )
        } else {
            format!(
                "service `{}` reads its {} at `{}`",
                service.name,
                config.what(),
                config.path
            )
        };
        found.push(Reader {
            path: config.path,
            label: None,
            note,
            host: None,
        });
    }
    for config in project
        .found(FileKind::GrafanaDashboards)
        .filter(|config| config.service == service.name)
    {
        let Some(file) = project.file(config.file) else {
            continue;
        };
        if !file.yaml.is_clean() {
            continue;
        }
        for document in &file.yaml.documents {
            for provider in provider_paths(document.value()) {
                if !nothing_inside(view, provider.path) {
                    continue;
                }
                let name = match provider.name {
                    Some(name) => format!("Grafana's dashboard provider `{name}`"),
                    None => "a Grafana dashboard provider".to_string(),
                };
                found.push(Reader {
                    path: provider.path.to_string(),
                    label: Some((
                        Location::value(file.id, provider.pointer.clone()),
                        format!("Grafana loads dashboards from `{}`", provider.path),
                    )),
                    note: format!(
                        "{name} ({}) reads dashboards from `{}`",
                        file.source.path().display(),
                        provider.path
                    ),
                    host: None,
                });
            }
        }
    }
    for entry in &project.prometheus_files {
        let (Resolution::Missing { path } | Resolution::NoMatch { path }) = &entry.resolution
        else {
            continue;
        };
        let Some(host) = &path.host else {
            continue;
        };
        let read_here = project
            .found(FileKind::Prometheus)
            .any(|config| config.file == entry.config && config.service == service.name);
        let Some(file) = project.file(entry.file).filter(|_| read_here) else {
            continue;
        };
        let (key, what) = match entry.reference {
            Reference::RuleFiles => ("rule_files", "rule files"),
            Reference::ScrapeConfigFiles => ("scrape_config_files", "scrape config files"),
            Reference::FileSd => ("file_sd_configs", "target files"),
            Reference::AlertmanagerTemplates => ("templates", "template files"),
        };
        found.push(Reader {
            path: path.seen.clone(),
            label: Some((
                Location::value(file.id, entry.pointer.clone()),
                format!("Prometheus reads {what} from `{}`", path.seen),
            )),
            note: format!(
                "the `{key}` pattern `{}` of {} reads `{}` in service `{}`",
                entry.pattern,
                file.source.path().display(),
                path.seen,
                service.name
            ),
            host: Some(host.clone()),
        });
    }
    found
}

fn finding(
    project: &Project,
    service: &Element<'_>,
    mount: &Mount<'_>,
    reading: &[&Reader],
) -> Finding {
    let at = mount.source_location(service);
    let shown = project.display_path(Path::new(&mount.source));
    let mut finding = Finding::new(
        at,
        format!(
            "bind source `{shown}` of service `{}` does not exist",
            service.name
        ),
    );
    finding = if reading.is_empty() {
        finding.primary_label("nothing here, and mounted read-only")
    } else {
        finding.primary_label("nothing here")
    };
    for reader in reading {
        if let Some((location, text)) = &reader.label {
            finding = finding.label(location.clone(), text.clone());
        }
        finding = finding.note(reader.note.clone());
    }
    let empty = if mount.read_only {
        "read-only, the container cannot fill it: it stays empty"
    } else {
        "the container finds nothing to read there"
    };
    finding
        .note(format!(
            "Docker creates an empty directory at `{shown}`, owned by root, and mounts it at `{}`; {empty}",
            mount.target
        ))
        .help(format!(
            "create `{shown}` with the files the service reads, or fix the path"
        ))
}
