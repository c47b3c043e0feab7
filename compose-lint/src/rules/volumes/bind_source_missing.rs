use std::path::Path;

use super::{checkable_host_path, looks_like_file, source_value};
use crate::compose::mounts::{MountKind, mounts};
use crate::declare_rule;
use crate::model::services;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a bind mount whose host source does not exist when it is
    /// meant to be a file (the source or the target ends with an extension
    /// such as `.yml` or `.conf`), and a bind mount that sets
    /// `bind.create_host_path: false` on a source that does not exist.
    /// Relative sources are resolved against the directory of the file that
    /// wrote them. Only sources written relative to the compose file are
    /// checked: absolute and `~` paths name places on the machine the
    /// project runs on, and sources written with a variable may be set
    /// differently there. A missing source that looks like a directory is
    /// not reported (Docker creates it, which is what data directories
    /// want), nor is a file that looks like part of a larger project.
    ///
    /// ## Why is this bad?
    /// When a bind source is missing, Docker creates an empty directory,
    /// owned by root, in its place. A configuration file the service expects
    /// then arrives as a directory: the container fails with `not a
    /// directory: Are you trying to mount a directory onto a file (or
    /// vice-versa)?`, or the program starts without its configuration, and
    /// the stray directory stays behind on the host. With `create_host_path:
    /// false` the engine refuses the mount instead: `bind source path does
    /// not exist`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro
    /// ```
    ///
    /// ## Use instead
    /// Create the file next to the compose file, or fix the path:
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    /// # file: prometheus.yml
    /// global:
    ///   scrape_interval: 15s
    /// ```
    pub(crate) struct BindSourceMissing {
        name: "bind-source-missing",
        family: Volumes,
        severity: Error,
        summary: "a bind mount's host file does not exist",
    }
}

impl Rule for BindSourceMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if crate::model::is_partial(project) {
            return;
        }
        for service in services(project) {
            for mount in mounts(service.value) {
                if mount.kind != MountKind::Bind {
                    continue;
                }
                let source = source_value(mount.value);
                if !checkable_host_path(project, &mount.source, source) {
                    continue;
                }
                let path = Path::new(&mount.source);
                if project.host_path_exists(path) {
                    continue;
                }
                let no_create = mount.refuses_missing_source();
                let file_like = looks_like_file(&mount.source) || looks_like_file(&mount.target);
                if !no_create && !file_like {
                    // Docker creates the missing directory: a data
                    // directory made on first start is usually meant.
                    continue;
                }
                let at = mount.source_location(&service);
                let shown = project.display_path(path);
                let finding = if no_create {
                    Finding::new(
                        at,
                        format!(
                            "bind source `{shown}` of service `{}` does not exist",
                            service.name
                        ),
                    )
                    .primary_label("no such file or directory")
                    .note("with `create_host_path: false` the engine refuses to start the container: `bind source path does not exist`")
                    .help("create it, or fix the path")
                } else {
                    Finding::new(
                        at,
                        format!(
                            "bind source `{shown}` of service `{}` does not exist",
                            service.name
                        ),
                    )
                    .primary_label("no such file")
                    .note(format!(
                        "Docker creates an empty directory at `{shown}`, owned by root, and mounts it at `{}`: the service gets a directory where it expects a file",
                        mount.target
                    ))
                    .help(
                        "create the file before starting the project, or fix the path (and remove any directory Docker already created there)",
                    )
                };
                cx.report(finding.note(format!(
                    "relative sources are resolved against the directory of the compose file that wrote them, not the current directory: this one is `{}`",
                    mount.source
                )));
            }
        }
    }
}
