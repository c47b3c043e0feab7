use crate::compose::mounts::mounts;
use crate::declare_rule;
use crate::model::services;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports two entries of one service's `volumes` that mount at the same
    /// container path. Override files replace an entry with the same target
    /// instead of adding one, so what is reported was written twice in the
    /// same file.
    ///
    /// ## Why is this bad?
    /// The engine refuses the container: `Duplicate mount point`. When two
    /// mounts were meant, one of the targets is wrong.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   grafana:
    ///     image: grafana/grafana:12.1.0
    ///     volumes:
    ///       - grafana-data:/var/lib/grafana
    ///       - grafana-dashboards:/var/lib/grafana
    /// volumes:
    ///   grafana-data: {}
    ///   grafana-dashboards: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   grafana:
    ///     image: grafana/grafana:12.1.0
    ///     volumes:
    ///       - grafana-data:/var/lib/grafana
    ///       - grafana-dashboards:/var/lib/grafana/dashboards
    /// volumes:
    ///   grafana-data: {}
    ///   grafana-dashboards: {}
    /// ```
    pub(crate) struct DuplicateMountTarget {
        name: "duplicate-mount-target",
        family: Volumes,
        severity: Error,
        summary: "two mounts of one service use the same container path",
    }
}

impl Rule for DuplicateMountTarget {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for service in services(project) {
            let list = mounts(service.value);
            for (position, mount) in list.iter().enumerate() {
                let target = normalized(&mount.target);
                let Some(first) = list[..position]
                    .iter()
                    .find(|earlier| normalized(&earlier.target) == target)
                else {
                    continue;
                };
                let at =
                    |mount: &crate::compose::mounts::Mount<'_>| mount.target_location(&service);
                cx.report(
                    Finding::new(
                        at(mount),
                        format!(
                            "service `{}` mounts `{}` twice",
                            service.name, mount.target
                        ),
                    )
                    .primary_label("second mount at this path")
                    .label(at(first), "first mounted here")
                    .note("the engine refuses the container: `Duplicate mount point`")
                    .help("remove one of the mounts, or give it the container path it was meant to have"),
                );
            }
        }
    }
}

/// A container path without trailing slashes.
fn normalized(target: &str) -> &str {
    match target.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    }
}
