use std::path::Path;

use super::{checkable_host_path, looks_like_file, source_value};
use crate::compose::mounts::{MountKind, mounts};
use crate::declare_rule;
use crate::diagnostic::Applicability;
use crate::location::{Location, Part};
use crate::model::services;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

/// Configuration directories of monitoring images that the programs only
/// read.
const CONFIG_DIRECTORIES: &[&str] = &[
    "/etc/prometheus",
    "/etc/alertmanager",
    "/etc/grafana/provisioning",
    "/etc/loki",
    "/etc/promtail",
    "/etc/nginx/conf.d",
];

/// Where `:ro` goes in a short-syntax mount written plainly as
/// `SOURCE:TARGET` (quoted or not, without variables, escapes, a mode or an
/// alias): just after its last character.
fn short_mount_end(project: &Project, value: &crate::compose::value::Value) -> Option<Location> {
    value.as_str()?;
    let origin = value.origin?;
    if origin.via().is_some() {
        return None;
    }
    let file = project.file(origin.file)?;
    let written = file
        .source
        .text()
        .get(origin.value().start..origin.value().end)?;
    let (inner, closing) = crate::rules::one_line_scalar(written)?;
    // The path may have been made absolute since: the written text is
    // judged, `SOURCE:TARGET` with no mode.
    if inner.matches(':').count() != 1 || inner.contains(['\\', '$', '"', '\'']) {
        return None;
    }
    let end = origin.value().end - closing;
    Some(Location::span(
        origin.file,
        crate::source::Span::new(end, end),
    ))
}

declare_rule! {
    /// ## What it does
    /// Reports a bind mount of a file or directory of the project into a
    /// configuration path of the container (a file with a configuration
    /// extension under `/etc`, or a configuration directory such as
    /// `/etc/prometheus` or `/etc/grafana/provisioning`) that is not
    /// read-only. Sources outside the project directory are left to other
    /// rules.
    ///
    /// Opt-in: it runs only when selected (`extend-select =
    /// ["config-mounted-writable"]` in `compose-lint.toml`), since many
    /// projects mount their configurations writable on purpose.
    ///
    /// ## Why is this bad?
    /// The program only reads its configuration; a writable mount lets the
    /// container, or whoever takes it over, rewrite files that live in your
    /// repository. `:ro` also tells readers the mount is an input.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml
    /// # file: prometheus.yml
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
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    /// # file: prometheus.yml
    /// global:
    ///   scrape_interval: 15s
    /// ```
    pub(crate) struct ConfigMountedWritable {
        name: "config-mounted-writable",
        family: Volumes,
        severity: Info,
        summary: "a configuration file is bind-mounted without `:ro`",
        fixable: true,
        opt_in: true,
    }
}

impl Rule for ConfigMountedWritable {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let directory = crate::compose::load::absolute(project.directory());
        for service in services(project) {
            for mount in mounts(service.value) {
                if mount.kind != MountKind::Bind || mount.read_only {
                    continue;
                }
                if !checkable_host_path(project, &mount.source, source_value(mount.value)) {
                    continue;
                }
                let source = Path::new(&mount.source);
                if !source.starts_with(&directory) || !project.host_path_exists(source) {
                    continue;
                }
                let target = mount.target.trim_end_matches('/');
                let is_config = (target.starts_with("/etc/") && looks_like_file(target))
                    || CONFIG_DIRECTORIES.contains(&target);
                if !is_config {
                    continue;
                }
                let pointer = mount.pointer(&service);
                let short = mount.value.as_str().is_some();
                let mut finding = Finding::new(
                    Location::model(pointer, Part::Value),
                    format!(
                        "service `{}` mounts configuration `{}` writable",
                        service.name, mount.target
                    ),
                )
                .primary_label("neither `:ro` nor `read_only: true`")
                .help(if short {
                    "add `:ro` to the mount".to_string()
                } else {
                    "add `read_only: true` to the mount".to_string()
                });
                if let Some(end) = short_mount_end(project, mount.value) {
                    finding = finding.fix(
                        "mount it read-only (`:ro`)",
                        Applicability::Safe,
                        vec![(end, ":ro".to_string())],
                    );
                }
                cx.report(finding);
            }
        }
    }
}
