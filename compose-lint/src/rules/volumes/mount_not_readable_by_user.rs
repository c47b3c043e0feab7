use super::host_access::bind_checks;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a bind-mounted host file or directory that the container's
    /// user cannot read (for a directory: list and enter). The user comes
    /// from `user:` when it is a number, else from what compose-lint knows
    /// of the image (`prom/prometheus` runs as 65534, `grafana/grafana` as
    /// 472); root, user names and images whose entrypoint starts as root
    /// are not checked. Owner, group and mode bits are read on the machine
    /// that runs compose-lint (Unix only).
    ///
    /// ## Why is this bad?
    /// A bind mount keeps the host's owner and mode. A `prometheus.yml`
    /// saved with mode `0600` by your editor or copied from a secrets
    /// store is readable by you only: Prometheus, running as uid 65534,
    /// exits with `open /etc/prometheus/prometheus.yml: permission
    /// denied`.
    ///
    /// Docker Desktop (macOS, Windows) shares host files without these
    /// permission checks, so a stack that works there can fail on a Linux
    /// host.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v2.53.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    /// # file: prometheus.yml (mode 0600)
    /// global:
    ///   scrape_interval: 15s
    /// ```
    ///
    /// ## Use instead
    /// Make the file readable by everyone (`chmod a+r prometheus.yml`), or
    /// owned by the container's user:
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v2.53.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    /// # file: prometheus.yml (mode 0644)
    /// global:
    ///   scrape_interval: 15s
    /// ```
    pub(crate) struct MountNotReadableByUser {
        name: "mount-not-readable-by-user",
        family: Volumes,
        severity: Warning,
        summary: "a bind-mounted file or directory is not readable by the container's user",
    }
}

impl Rule for MountNotReadableByUser {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for check in bind_checks(project, cx.stack()) {
            // A directory the container writes to and cannot is reported
            // once, as not writable.
            if !check.not_readable() || (check.written_to(project) && check.not_writable()) {
                continue;
            }
            let source = check.display_source(project);
            let (what, bits) = if check.host.is_dir {
                ("directory", "a+rx")
            } else {
                ("file", "a+r")
            };
            let (origin, origin_label) = check.user.origin(&check.service);
            cx.report(
                Finding::new(
                    check.location(),
                    format!(
                        "service `{}` runs as uid `{}`, which cannot read the {what} `{source}` (`{}`)",
                        check.service.name,
                        check.user.uid,
                        check.describe_host()
                    ),
                )
                .label(origin, origin_label)
                .note("a bind mount keeps the host file's owner and mode")
                .help(format!(
                    "run `chmod {bits} {source}`, or `sudo chown {} {source}`",
                    check.user.owner_spec()
                )),
            );
        }
    }
}
