use crate::compose::value::Value;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::model::services;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a service that shares one of the host's namespaces:
    /// `pid: host`, `ipc: host`, `uts: host` or `userns_mode: host`.
    /// `network_mode: host` is not reported: it is a common, deliberate
    /// choice for network tools, and `ports-ignored-by-network-mode`
    /// already catches its usual mistake.
    ///
    /// ## Why is this bad?
    /// The container sees and can signal every host process (`pid`), read
    /// the host's shared memory (`ipc`), change the host name (`uts`), or
    /// runs its root as the host's root even when the daemon remaps users
    /// (`userns_mode`). Some agents need this, such as a node exporter
    /// reading host processes; most services do not.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.0
    ///     pid: host
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.0
    /// ```
    pub(crate) struct HostNamespace {
        name: "host-namespace",
        family: Security,
        severity: Warning,
        summary: "a service shares a namespace of the host",
    }
}

/// The keys reported and what sharing each one exposes.
const KEYS: &[(&str, &str)] = &[
    ("pid", "sees and can signal every process of the host"),
    ("ipc", "shares the host's shared memory and semaphores"),
    ("uts", "can change the host name"),
    (
        "userns_mode",
        "runs as the host's root even when the daemon remaps users",
    ),
];

impl Rule for HostNamespace {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for service in services(project) {
            for (key, exposes) in KEYS {
                if service.value.get(key).and_then(Value::as_str) != Some("host") {
                    continue;
                }
                cx.report(
                    Finding::new(
                        Location::model(service.pointer("services", &[key]), Part::Value),
                        format!("service `{}` shares the host's namespace with `{key}: host`", service.name),
                    )
                    .primary_label(format!("the container {exposes}"))
                    .help(format!("remove `{key}: host` unless the service must see the host (a node exporter, say)")),
                );
            }
        }
    }
}
