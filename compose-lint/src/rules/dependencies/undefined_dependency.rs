use crate::compose::schema::closest;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `depends_on`, `links`, `volumes_from` and
    /// `network_mode: service:` (or `ipc`, `pid`, `uts`, `cgroup`) entries
    /// that name a service the project does not define.
    ///
    /// ## Why is this bad?
    /// Compose refuses to load the project: "service `web` depends on
    /// undefined service `dbb`", even for a `depends_on` entry with
    /// `required: false` (which only lets a service disabled by a profile
    /// be missing). A file that looks like part of a larger project (no
    /// default name, with a default-named compose file beside it or up to
    /// two levels above) is not reported.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     depends_on:
    ///       - dbb
    ///   db:
    ///     image: postgres:17
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     depends_on:
    ///       - db
    ///   db:
    ///     image: postgres:17
    /// ```
    pub(crate) struct UndefinedDependency {
        name: "undefined-dependency",
        family: Dependencies,
        severity: Error,
        summary: "a dependency names a service that does not exist",
    }
}

impl Rule for UndefinedDependency {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        // Services the loader could not read (a missing `include` or
        // `extends` file) would all look undefined.
        if !project.load_problems().is_empty()
            && project.load_problems().iter().any(|p| {
                matches!(
                    p,
                    crate::compose::problem::LoadProblem::IncludeFileMissing { .. }
                        | crate::compose::problem::LoadProblem::ExtendsTargetMissing { .. }
                )
            })
        {
            return;
        }
        if crate::model::is_partial(project) {
            return;
        }
        let graph = cx.stack().graph();
        let disabled = project.resolved.as_ref().map(|r| &r.disabled_services);
        for edge in &graph.edges {
            // `required: false` excuses a service a profile disables, not
            // one that is not defined: Compose refuses that either way.
            if graph.index(&edge.to).is_some()
                || disabled.is_some_and(|d| d.contains_key(edge.to.as_str()))
            {
                continue;
            }
            let mut finding = Finding::new(
                edge.location(),
                format!(
                    "service `{}` depends on undefined service `{}`",
                    edge.from, edge.to
                ),
            )
            .primary_label(format!("`{}` is not a service of this project", edge.to));
            let candidates = graph
                .services
                .iter()
                .map(String::as_str)
                .filter(|s| *s != edge.from);
            finding = match closest(&edge.to, candidates) {
                Some(name) => finding.help(format!("did you mean `{name}`?")),
                None => finding.help(format!(
                    "define a service `{}`, or remove this entry from `{}`",
                    edge.to,
                    edge.kind.key()
                )),
            };
            cx.report(finding);
        }
    }
}
