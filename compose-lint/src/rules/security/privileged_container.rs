use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a service with `privileged: true`.
    ///
    /// ## Why is this bad?
    /// A privileged container gets every capability, every host device and
    /// no seccomp or AppArmor profile: root in it is root on the host, and
    /// escaping takes one `mount` of the host disk. Most images that ask
    /// for it need one capability or one device.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   cadvisor:
    ///     image: gcr.io/cadvisor/cadvisor:v0.52.1
    ///     privileged: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   cadvisor:
    ///     image: gcr.io/cadvisor/cadvisor:v0.52.1
    ///     devices:
    ///       - /dev/kmsg
    /// ```
    pub(crate) struct PrivilegedContainer {
        name: "privileged-container",
        family: Security,
        severity: Warning,
        summary: "a service runs privileged",
    }
}

impl Rule for PrivilegedContainer {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        for service in &cx.stack().services {
            let Some(privileged) = service.privileged.filter(|p| p.value) else {
                continue;
            };
            cx.report(
                Finding::new(
                    privileged.location(),
                    format!("service `{}` runs privileged", service.name),
                )
                .primary_label("every capability and every host device")
                .help("remove `privileged: true` and grant only what the service needs with `cap_add` or `devices`")
                .note("a privileged container has no seccomp or AppArmor profile and can mount the host's disks: root in it is root on the host"),
            );
        }
    }
}
