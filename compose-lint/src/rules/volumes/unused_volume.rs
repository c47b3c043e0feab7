use super::{all_services, declared};
use crate::compose::mounts::{MountKind, mounts};
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a volume declared under the top-level `volumes` that no
    /// service mounts, counting the services the active profiles leave
    /// out.
    ///
    /// ## Why is this bad?
    /// Compose creates the volume for nothing; more often the declared name
    /// is a misspelling of the one a service uses, or a leftover of a
    /// service that moved to a bind mount.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     volumes:
    ///       - db-data:/var/lib/postgresql/data
    /// volumes:
    ///   db-data: {}
    ///   cache: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     volumes:
    ///       - db-data:/var/lib/postgresql/data
    /// volumes:
    ///   db-data: {}
    /// ```
    pub(crate) struct UnusedVolume {
        name: "unused-volume",
        family: Volumes,
        severity: Info,
        summary: "a declared volume no service mounts",
    }
}

impl Rule for UnusedVolume {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        // A file meant to be combined with a base file may declare volumes
        // the base file's services mount.
        if crate::model::is_partial(project) {
            return;
        }
        let volumes = declared(project, "volumes");
        if volumes.is_empty() {
            return;
        }
        let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (_, service) in all_services(project) {
            used.extend(
                mounts(service)
                    .into_iter()
                    .filter(|m| m.kind == MountKind::Volume)
                    .map(|m| m.source),
            );
        }
        for volume in volumes {
            if used.contains(volume.name) {
                continue;
            }
            cx.report(
                Finding::new(
                    Location::model(volume.pointer("volumes", &[]), Part::Key),
                    format!(
                        "volume `{}` is declared but no service mounts it",
                        volume.name
                    ),
                )
                .help("remove it, or mount it in the service that needs it"),
            );
        }
    }
}
