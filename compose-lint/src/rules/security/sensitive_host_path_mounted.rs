use super::clean_path;
use crate::compose::mounts::{MountKind, mounts};
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::model::services;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a bind mount of a host path that controls the host:
    ///
    /// - read-write: `/`, `/etc`, `/root`, `/home`, `/boot`, `/usr`,
    ///   `/lib`, `/bin`, `/sbin`, `/proc`, `/sys`, `/dev`, `/run`,
    ///   `/var/run` or `/var/lib/docker`;
    /// - even read-only: `/root`, `/etc/shadow`, `/etc/gshadow`,
    ///   `/etc/sudoers`, `/etc/ssh` and `/root/.ssh` (and what is under
    ///   them).
    ///
    /// Read-only mounts of `/`, `/proc`, `/sys` and `/var/lib/docker`, which
    /// monitoring agents such as node exporter and cAdvisor read by design,
    /// are not reported. The Docker socket has its own rule,
    /// `docker-socket-mounted`.
    ///
    /// ## Why is this bad?
    /// A container that can write these paths can change the host's users,
    /// boot files, programs, kernel settings or other containers' data: it
    /// is root on the host. Password hashes and SSH keys leak even through
    /// a read-only mount.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   node-exporter:
    ///     image: prom/node-exporter:v1.9.1
    ///     volumes:
    ///       - /:/host
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   node-exporter:
    ///     image: prom/node-exporter:v1.9.1
    ///     volumes:
    ///       - /:/host:ro,rslave
    /// ```
    pub(crate) struct SensitiveHostPathMounted {
        name: "sensitive-host-path-mounted",
        family: Security,
        severity: Warning,
        summary: "a service mounts a host path that controls the host",
    }
}

/// Host directories reported when mounted read-write.
const WRITABLE: &[&str] = &[
    "/",
    "/etc",
    "/root",
    "/home",
    "/boot",
    "/usr",
    "/lib",
    "/bin",
    "/sbin",
    "/proc",
    "/sys",
    "/dev",
    "/run",
    "/var/run",
    "/var/lib/docker",
];

/// Host paths reported however they are mounted, with what is under them.
const SECRET: &[&str] = &[
    "/etc/shadow",
    "/etc/gshadow",
    "/etc/sudoers",
    "/etc/ssh",
    "/root/.ssh",
];

impl Rule for SensitiveHostPathMounted {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for service in services(project) {
            for mount in mounts(service.value) {
                if mount.kind != MountKind::Bind {
                    continue;
                }
                let source = clean_path(&mount.source);
                let secret = source == "/root"
                    || SECRET.iter().any(|path| {
                        source == *path
                            || source
                                .strip_prefix(path)
                                .is_some_and(|rest| rest.starts_with('/'))
                    });
                let (message, help) = if secret {
                    (
                        format!(
                            "service `{}` mounts `{source}`, which holds the host's credentials",
                            service.name
                        ),
                        "mount only the files the service needs, from a directory of their own",
                    )
                } else if WRITABLE.contains(&source.as_str()) && !mount.read_only {
                    (
                        format!(
                            "service `{}` mounts the host's `{source}` read-write",
                            service.name
                        ),
                        "add `:ro` (or `read_only: true`), or mount only the subdirectory the service needs",
                    )
                } else {
                    continue;
                };
                cx.report(
                    Finding::new(
                        Location::model(mount.pointer(&service), Part::Value),
                        message,
                    )
                    .help(help)
                    .note("a container that can change these paths, or read the credentials in them, can take over the host"),
                );
            }
        }
    }
}
