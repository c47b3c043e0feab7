use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `cap_add` entry that gives a container control over the
    /// host: `ALL`, `SYS_ADMIN`, `SYS_MODULE`, `SYS_PTRACE`, `SYS_RAWIO`,
    /// `DAC_READ_SEARCH` or `BPF` (with or without the `CAP_` prefix).
    /// `NET_ADMIN`, which VPN and firewall containers need, is left alone.
    ///
    /// ## Why is this bad?
    /// Each of these capabilities is a known way out of a container:
    /// `SYS_ADMIN` mounts filesystems, `SYS_MODULE` loads kernel modules,
    /// `SYS_PTRACE` attaches to processes, `SYS_RAWIO` reads raw memory and
    /// disks, `DAC_READ_SEARCH` opens any host file by handle, `BPF` loads
    /// kernel programs, and `ALL` grants every one of them.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.0
    ///     cap_add:
    ///       - SYS_ADMIN
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.0
    ///     cap_add:
    ///       - NET_BIND_SERVICE
    /// ```
    pub(crate) struct DangerousCapability {
        name: "dangerous-capability",
        family: Security,
        severity: Warning,
        summary: "a service adds a capability that gives control over the host",
    }
}

/// The capabilities reported, and what each one allows.
const DANGEROUS: &[(&str, &str)] = &[
    ("ALL", "grants every capability, as `privileged` does"),
    ("SYS_ADMIN", "mounts filesystems and escapes the container"),
    ("SYS_MODULE", "loads kernel modules into the host kernel"),
    ("SYS_PTRACE", "attaches to and reads other processes"),
    ("SYS_RAWIO", "reads and writes raw memory and disks"),
    ("DAC_READ_SEARCH", "opens any host file by its handle"),
    ("BPF", "loads programs into the host kernel"),
];

impl Rule for DangerousCapability {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        for service in &cx.stack().services {
            for item in &service.cap_add {
                let written = item.value;
                let upper = written.trim().to_ascii_uppercase();
                let name = upper.strip_prefix("CAP_").unwrap_or(&upper);
                let Some((_, allows)) = DANGEROUS.iter().find(|(cap, _)| *cap == name) else {
                    continue;
                };
                cx.report(
                    Finding::new(
                        item.location(),
                        format!("service `{}` adds capability `{written}`", service.name),
                    )
                    .primary_label(*allows)
                    .help("remove it, or add the narrower capability the service needs (`NET_BIND_SERVICE`, `CHOWN`, …)")
                    .note("with this capability a process that takes over the container can take over the host"),
                );
            }
        }
    }
}
