use std::path::Path;

use super::checkable_host_path;
use crate::compose::value::Value;
use crate::declare_rule;
use crate::location::Location;
use crate::model::Service;
use crate::project::{HostKind, Project};
use crate::rules::{Context, Finding, Rule};
use crate::view::programs::config_paths;
use crate::view::{Provider, Seen, ViewEntry};

declare_rule! {
    /// ## What it does
    /// Reports a configuration file that a service's program reads —
    /// Prometheus, Alertmanager, Loki, Promtail or Alloy, at the path its
    /// `--config.file`/`-config.file`/`run` argument names or the image's
    /// default — when nothing in the container provides it: a directory is
    /// mounted there from the host and holds no such file, or the path is
    /// given on the command line and no mount, config or secret puts
    /// anything there. The path is looked up in the service's container
    /// view: a file mounted on its own, a config or secret, a named volume
    /// or tmpfs (whose content is unknown) or a `build:` image (which may
    /// copy it) all count as providing it, and so does a service whose
    /// `entrypoint` or `command` runs a shell script, which may write it.
    /// A missing bind source that is the file itself is left to
    /// `bind-source-missing`.
    ///
    /// ## Why is this bad?
    /// The program exits at start (`open /etc/prometheus/prometheus.yml: no
    /// such file or directory`) and the container restarts in a loop. The
    /// usual causes are a file renamed or kept out of the repository, or a
    /// flag that names another file than the one mounted.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     command: ["--config.file=/etc/prometheus/prometheus.yml"]
    ///     volumes:
    ///       - ./prometheus:/etc/prometheus:ro
    /// # file: prometheus/prometheus.yaml
    /// scrape_configs: []
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     command: ["--config.file=/etc/prometheus/prometheus.yaml"]
    ///     volumes:
    ///       - ./prometheus:/etc/prometheus:ro
    /// # file: prometheus/prometheus.yaml
    /// scrape_configs: []
    /// ```
    pub(crate) struct ConfigFileMissing {
        name: "config-file-missing",
        family: Volumes,
        severity: Warning,
        summary: "a program's configuration file is provided by nothing in its container",
    }
}

/// True when the service's `entrypoint` or `command` runs a shell script,
/// which may write the configuration before the program starts.
fn runs_a_script(service: &Value) -> bool {
    ["entrypoint", "command"].iter().any(|key| {
        crate::view::programs::words(service.get(key))
            .iter()
            .any(|word| {
                matches!(
                    word.as_str(),
                    "-c" | "sh" | "bash" | "/bin/sh" | "/bin/bash"
                )
            })
    })
}

impl Rule for ConfigFileMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if crate::model::is_partial(project) {
            return;
        }
        let stack = cx.stack();
        for typed in &stack.services {
            let service = typed.element();
            let Some(view) = project.view(service.name) else {
                continue;
            };
            if runs_a_script(service.value) {
                continue;
            }
            for config in config_paths(&project.images, service.name, service.value) {
                if config.directory {
                    continue;
                }
                let finding = match (view.lookup(&config.path), view.provider_of(&config.path)) {
                    // Inside a directory mounted from the host.
                    (Seen::Nothing { host: Some(host) }, Some((entry, rest)))
                        if !rest.is_empty() && checkable_directory(project, typed, entry) =>
                    {
                        missing_in_directory(
                            project,
                            entry.at.location(),
                            config.what(),
                            &config.path,
                            &host,
                        )
                    }
                    // Nothing mounted there, and the image does not hold it:
                    // the path was given on the command line.
                    (Seen::Nothing { host: None }, None) => Finding::new(
                        match (typed.command, typed.entrypoint) {
                            (Some(command), _) => command.location(),
                            (None, Some(entrypoint)) => entrypoint.location(),
                            (None, None) => typed.location(),
                        },
                        format!(
                            "the {} of service `{}`, `{}`, is provided by nothing in its container",
                            config.what(), service.name, config.path
                        ),
                    )
                    .help("mount the file there (a bind mount or a `configs:` entry), or fix the path"),
                    _ => continue,
                };
                let finding = view
                    .looked_at(&config.path, project.sources())
                    .into_iter()
                    .fold(finding, |f, note| f.note(format!("looked at: {note}")));
                cx.report(finding.note(
                    "the program exits at start when its configuration file is missing, and the container restarts in a loop",
                ));
            }
        }
    }
}

/// The finding for a configuration missing from a directory mounted from
/// the host, at `at` (the mount).
/// True for a bind mount of a directory that exists, written relative to
/// the compose file without a variable: an absolute path names a place on
/// the machine the project is deployed to, and a missing directory is
/// `bind-source-directory-missing`'s.
fn checkable_directory(project: &Project, service: &Service<'_>, entry: &ViewEntry) -> bool {
    let Provider::Host(source) = &entry.provider else {
        return false;
    };
    let written = (entry.at.key == "volumes" && *entry.at.service == *service.name)
        .then(|| service.volumes.get(entry.at.index?))
        .flatten();
    let Some(written) = written else {
        return false;
    };
    project.host_kind(source) == HostKind::Directory
        && checkable_host_path(
            project,
            &source.to_string_lossy(),
            super::source_value(written.value),
        )
}

fn missing_in_directory(
    project: &Project,
    at: Location,
    what: &str,
    path: &str,
    host: &Path,
) -> Finding {
    let shown = project.display_path(host);
    let directory = host
        .parent()
        .map(|dir| project.display_path(dir))
        .unwrap_or_default();
    Finding::new(
        at,
        format!("the {what} `{path}` does not exist: `{shown}` is missing"),
    )
    .primary_label(format!("`{directory}` is mounted here, without that file"))
    .help(format!(
        "create `{shown}`, or point the program at a file that `{directory}` holds"
    ))
}
