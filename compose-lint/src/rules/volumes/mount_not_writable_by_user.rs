use super::host_access::bind_checks;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a host directory bind-mounted read-write where the container
    /// writes, that the container's user cannot write to: the image's data
    /// directory (`/prometheus`, `/var/lib/grafana`, `/loki`,
    /// `/alertmanager`…) for an image that runs as a fixed non-root user,
    /// or, when the service sets `user:`, a read-write directory of the
    /// project mounted at a path named like a data directory (a part named
    /// `data`, `db`, `storage`, `uploads`, `cache` or `state`, outside
    /// `/etc`). The user comes from `user:` when it is a number (`65534`,
    /// `472:0`), else from what compose-lint knows of the image; root, user
    /// names and images whose entrypoint starts as root and takes ownership
    /// of its data directory (`postgres`, `redis`, `mysql`…) are not
    /// checked. The directory's owner, group and mode bits are read on the
    /// machine that runs compose-lint (Unix only).
    ///
    /// ## Why is this bad?
    /// A bind mount keeps the host's owner and mode: a directory created by
    /// you or by Docker (as root) with mode `0755` cannot be written by uid
    /// 65534 in the container. Prometheus then exits with `open
    /// /prometheus/queries.active: permission denied`, Grafana with
    /// `GF_PATHS_DATA='/var/lib/grafana' is not writable`. A named volume
    /// does not have the problem: Docker fills it from the image, with the
    /// image's ownership.
    ///
    /// Docker Desktop (macOS, Windows) shares host files without these
    /// permission checks, so a stack that works there can fail on a Linux
    /// host; rootless Docker and user-namespace remapping map ids
    /// differently, and are not taken into account.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v2.53.0
    ///     volumes:
    ///       - ./prometheus_data:/prometheus
    /// # file: prometheus_data/.keep
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v2.53.0
    ///     volumes:
    ///       - prometheus_data:/prometheus
    /// volumes:
    ///   prometheus_data:
    /// ```
    ///
    /// or give the directory to the container's user:
    /// `sudo chown -R 65534:65534 ./prometheus_data`.
    pub(crate) struct MountNotWritableByUser {
        name: "mount-not-writable-by-user",
        family: Volumes,
        severity: Warning,
        summary: "a bind-mounted directory the container writes to is not writable by its user",
    }
}

impl Rule for MountNotWritableByUser {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for check in bind_checks(project, cx.stack()) {
            if !check.written_to(project) || !check.not_writable() {
                continue;
            }
            let source = check.display_source(project);
            let (origin, origin_label) = check.user.origin(&check.service);
            cx.report(
                Finding::new(
                    check.location(),
                    format!(
                        "service `{}` runs as uid `{}`, which cannot write to `{source}` (`{}`)",
                        check.service.name,
                        check.user.uid,
                        check.describe_host()
                    ),
                )
                .label(origin, origin_label)
                .note("a bind mount keeps the host directory's owner and mode")
                .help(format!(
                    "run `sudo chown -R {} {source}`, or mount a named volume instead",
                    check.user.owner_spec()
                )),
            );
        }
    }
}
