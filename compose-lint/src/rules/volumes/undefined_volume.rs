use super::declared;
use crate::compose::mounts::{MountKind, mounts};
use crate::compose::schema::spelled_alike;
use crate::declare_rule;
use crate::model::services;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a named volume a service mounts that the top-level `volumes`
    /// section does not declare. A file that looks like part of a larger
    /// project (no default name, with a default-named compose file beside it
    /// or up to two levels above) may use the volumes that project
    /// declares, and is not reported.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project: `service "db" refers to undefined volume
    /// data`. A source without a leading `.`, `/` or `~` is a volume name,
    /// not a path: `data:/var/lib/postgresql/data` needs a volume `data`,
    /// where `./data:/var/lib/postgresql/data` would bind a directory.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     volumes:
    ///       - data:/var/lib/postgresql/data
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     volumes:
    ///       - data:/var/lib/postgresql/data
    /// volumes:
    ///   data: {}
    /// ```
    pub(crate) struct UndefinedVolume {
        name: "undefined-volume",
        family: Volumes,
        severity: Error,
        summary: "a service mounts a named volume the project does not declare",
    }
}

impl Rule for UndefinedVolume {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if crate::model::is_partial(project) {
            return;
        }
        let volumes = declared(project, "volumes");
        let names: Vec<&str> = volumes.iter().map(|v| v.name).collect();
        let declared_names: std::collections::HashSet<&str> = names.iter().copied().collect();
        for service in services(project) {
            for mount in mounts(service.value) {
                if mount.kind != MountKind::Volume
                    || mount.source.is_empty()
                    || declared_names.contains(mount.source.as_str())
                {
                    continue;
                }
                let name = mount.source.as_str();
                let at = mount.source_location(&service);
                let mut finding = Finding::new(
                    at,
                    format!(
                        "service `{}` mounts volume `{name}`, which is not declared",
                        service.name
                    ),
                )
                .primary_label("not under the top-level `volumes`");
                finding = match spelled_alike(name, &names) {
                    Some(close) => finding.help(format!(
                        "did you mean `{close}`? Otherwise declare `{name}` under the top-level `volumes`"
                    )),
                    None => finding.help(format!(
                        "declare `{name}` under the top-level `volumes`, or write `./{name}` to bind a directory next to the compose file"
                    )),
                };
                cx.report(finding);
            }
        }
    }
}
