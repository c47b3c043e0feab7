use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports services that depend on each other in a cycle through
    /// `depends_on`, `links`, `volumes_from` or `network_mode: service:`,
    /// a service that depends on itself included. Each cycle is reported
    /// once, starting at its earliest-written service, at the dependency
    /// that closes it.
    ///
    /// ## Why is this bad?
    /// Compose must start a service's dependencies first; with a cycle there
    /// is no first service, and Compose refuses the project: "dependency
    /// cycle detected".
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     depends_on: [api]
    ///   api:
    ///     image: traefik/whoami:v1.10
    ///     depends_on: [web]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     depends_on: [api]
    ///   api:
    ///     image: traefik/whoami:v1.10
    /// ```
    pub(crate) struct DependencyCycle {
        name: "dependency-cycle",
        family: Dependencies,
        severity: Error,
        summary: "services depend on each other in a cycle",
    }
}

impl Rule for DependencyCycle {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        let graph = cx.stack().graph();
        for cycle in graph.cycles() {
            let edges: Vec<_> = cycle.iter().filter_map(|&e| graph.edges.get(e)).collect();
            let (Some(first), Some(closing)) = (edges.first(), edges.last()) else {
                continue;
            };
            if edges.len() == 1 {
                cx.report(
                    Finding::new(
                        closing.location(),
                        format!("service `{}` depends on itself", closing.from),
                    )
                    .primary_label("this names the service itself")
                    .help(format!(
                        "remove `{}` from its own `{}`",
                        closing.to,
                        closing.kind.key()
                    )),
                );
                continue;
            }
            let mut path: Vec<&str> = vec![first.from.as_str()];
            path.extend(edges.iter().map(|e| e.to.as_str()));
            let mut finding = Finding::new(
                closing.location(),
                format!("dependency cycle: {}", path.join(" -> ")),
            )
            .primary_label(format!(
                "`{}` depends on `{}`, which closes the cycle",
                closing.from, closing.to
            ))
            .help("remove one of these dependencies: Compose cannot start any service of a cycle first");
            for edge in &edges[..edges.len() - 1] {
                finding = finding.label(
                    edge.location(),
                    format!("`{}` depends on `{}`", edge.from, edge.to),
                );
            }
            cx.report(finding);
        }
    }
}
