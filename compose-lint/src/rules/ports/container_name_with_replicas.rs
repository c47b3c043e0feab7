use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `container_name` on a service that runs more than one
    /// container (`scale` or `deploy.replicas` above 1).
    ///
    /// A project meant for `docker stack deploy` (see
    /// `fixed-host-port-with-replicas` for how one is recognised) is not
    /// reported: Swarm ignores `container_name`.
    ///
    /// ## Why is this bad?
    /// Container names are unique on a Docker host: Compose cannot give the
    /// same name to every replica and refuses to scale the service.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: busybox:1.37
    ///     container_name: worker
    ///     deploy:
    ///       replicas: 2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: busybox:1.37
    ///     deploy:
    ///       replicas: 2
    /// ```
    pub(crate) struct ContainerNameWithReplicas {
        name: "container-name-with-replicas",
        family: Ports,
        severity: Error,
        summary: "a service with several replicas sets `container_name`",
    }
}

impl Rule for ContainerNameWithReplicas {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        // `docker stack deploy` runs replicas behind one name and one
        // published port.
        if crate::model::swarm_sign(project).is_some() {
            return;
        }
        for service in &cx.stack().services {
            let Some(name) = &service.container_name else {
                continue;
            };
            let Some(replicas) = service.replicas.filter(|r| r.value > 1) else {
                continue;
            };
            let count = replicas.value;
            cx.report(
                Finding::new(
                    name.key_location(),
                    format!(
                        "service `{}` runs {count} replicas but sets `container_name: {}`",
                        service.name, name.value
                    ),
                )
                .label(replicas.location(), format!("{count} replicas"))
                .note("container names are unique: only one replica can have this name")
                .help("remove `container_name` and let Compose name the replicas, or run a single replica"),
            );
        }
    }
}
