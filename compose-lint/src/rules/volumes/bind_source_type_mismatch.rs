use std::path::Path;

use super::{checkable_host_path, looks_like_file, source_value};
use crate::compose::mounts::{MountKind, mounts};
use crate::declare_rule;
use crate::model::services;
use crate::project::{HostKind, Project};
use crate::rules::{Context, Finding, Rule};

/// Container paths that are directories in the images that use them.
const DIRECTORY_TARGETS: &[&str] = &[
    "/etc/prometheus",
    "/etc/alertmanager",
    "/etc/grafana/provisioning",
    "/etc/grafana/provisioning/datasources",
    "/etc/grafana/provisioning/dashboards",
    "/etc/nginx/conf.d",
    "/etc/loki",
    "/etc/promtail",
    "/prometheus",
    "/alertmanager",
    "/var/lib/grafana",
    "/var/lib/grafana/dashboards",
    "/var/lib/postgresql/data",
    "/var/lib/mysql",
    "/data/db",
    "/docker-entrypoint-initdb.d",
    "/usr/share/nginx/html",
];

declare_rule! {
    /// ## What it does
    /// Reports a bind mount whose host source is a directory while the
    /// container target ends with a file extension (`.yml`, `.conf`,
    /// `.json`…), and one whose source is a file while the target is a
    /// well-known directory (`/etc/prometheus`, `/var/lib/grafana`, or a
    /// path ending with `/`). Only sources written relative to the compose
    /// file, without variables, are checked.
    ///
    /// ## Why is this bad?
    /// The engine cannot mount a directory onto a file, nor a file onto a
    /// directory: the container fails to start with `not a directory: Are
    /// you trying to mount a directory onto a file (or vice-versa)?`. The
    /// directory is often one Docker created itself when the file was
    /// missing on a first start.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./config:/etc/prometheus/prometheus.yml:ro
    /// # file: config/prometheus.yml
    /// global:
    ///   scrape_interval: 15s
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./config/prometheus.yml:/etc/prometheus/prometheus.yml:ro
    /// # file: config/prometheus.yml
    /// global:
    ///   scrape_interval: 15s
    /// ```
    pub(crate) struct BindSourceTypeMismatch {
        name: "bind-source-type-mismatch",
        family: Volumes,
        severity: Error,
        summary: "a bind mount puts a directory on a file path, or a file on a directory",
    }
}

impl Rule for BindSourceTypeMismatch {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for service in services(project) {
            for mount in mounts(service.value) {
                if mount.kind != MountKind::Bind {
                    continue;
                }
                if !checkable_host_path(project, &mount.source, source_value(mount.value)) {
                    continue;
                }
                let path = Path::new(&mount.source);
                let target = mount.target.as_str();
                let trimmed = target.trim_end_matches('/');
                let kind = project.host_kind(path);
                let problem = if kind == HostKind::Directory && looks_like_file(target) {
                    Some(("a directory", "a file"))
                } else if kind == HostKind::File
                    && ((target.len() > 1 && target.ends_with('/'))
                        || DIRECTORY_TARGETS.contains(&trimmed))
                {
                    Some(("a file", "a directory"))
                } else {
                    None
                };
                let Some((source_kind, target_kind)) = problem else {
                    continue;
                };
                let at = mount.source_location(&service);
                let shown = project.display_path(path);
                cx.report(
                    Finding::new(
                        at,
                        format!(
                            "service `{}` mounts {source_kind}, `{shown}`, on `{target}`, which is {target_kind}",
                            service.name
                        ),
                    )
                    .primary_label(format!("{source_kind} on the host"))
                    .note("the container fails to start: `Are you trying to mount a directory onto a file (or vice-versa)?`")
                    .help(if source_kind == "a directory" {
                        format!("mount the file inside `{shown}`, or remove the directory if Docker created it in place of a missing file")
                    } else {
                        format!("mount the directory that holds `{shown}`, or mount the file at a file path inside `{trimmed}`")
                    }),
                );
            }
        }
    }
}
