use super::show_range;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a fixed host port (or a host port range smaller than the
    /// number of replicas) on a service that runs more than one container
    /// (`scale` or `deploy.replicas` above 1).
    ///
    /// A project meant for `docker stack deploy` is not reported: Swarm's
    /// routing mesh publishes the port once for all replicas. A project is
    /// taken for a stack when a file of it is named like one (its name
    /// holds `stack`), when it creates an `overlay` network, or when a
    /// service sets a key only Swarm reads (`deploy.mode: global`,
    /// `deploy.placement`, `deploy.update_config`,
    /// `deploy.rollback_config`, `deploy.endpoint_mode`).
    ///
    /// ## Why is this bad?
    /// Every replica tries to bind the same host port: the first one gets
    /// it and the others fail with `port is already allocated`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: nginx:1.27
    ///     scale: 3
    ///     ports:
    ///       - "8080:80"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: nginx:1.27
    ///     scale: 3
    ///     ports:
    ///       - "8080-8082:80"
    /// ```
    pub(crate) struct FixedHostPortWithReplicas {
        name: "fixed-host-port-with-replicas",
        family: Ports,
        severity: Error,
        summary: "a service with several replicas publishes a fixed host port",
    }
}

impl Rule for FixedHostPortWithReplicas {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        // `docker stack deploy` runs replicas behind one name and one
        // published port.
        if crate::model::swarm_sign(project).is_some() {
            return;
        }
        for service in &cx.stack().services {
            let Some(replicas) = service.replicas.filter(|r| r.value > 1) else {
                continue;
            };
            let count = replicas.value;
            if service
                .network_mode
                .is_some_and(|mode| mode.value == "host")
            {
                continue;
            }
            for port in &service.ports {
                let Some(published) = &port.value.published else {
                    continue;
                };
                let size = u64::from(published.end() - published.start()) + 1;
                if size >= count {
                    continue;
                }
                let ports = show_range(published);
                cx.report(
                    Finding::new(
                        port.location(),
                        format!(
                            "service `{}` runs {count} replicas but publishes host port `{ports}`, which only {size} can bind",
                            service.name
                        ),
                    )
                    .primary_label("fixed host port")
                    .label(replicas.location(), format!("{count} replicas"))
                    .help(format!(
                        "publish a range of at least {count} host ports, leave the host port out so Docker picks one, or run a single replica"
                    )),
                );
            }
        }
    }
}
