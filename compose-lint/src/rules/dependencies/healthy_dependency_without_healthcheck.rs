use std::collections::HashMap;

use crate::build::built_image;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::model::Service;
use crate::model::graph::EdgeKind;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `depends_on` entries with `condition: service_healthy` on a
    /// service that has no health check: no `healthcheck`, or one turned
    /// off with `disable: true` or `test: ["NONE"]`.
    ///
    /// A service without a `healthcheck` key is reported only when the
    /// image table knows its image has no `HEALTHCHECK` of its own
    /// (`postgres`, `redis`, `prom/prometheus`…). An image the table does
    /// not know may declare one in its Dockerfile, so it is not reported;
    /// neither is a service without an `image` (completed by another file).
    /// A service built from a Dockerfile is reported when the Dockerfile
    /// says `HEALTHCHECK NONE`, or declares none and starts (through its
    /// `FROM stage` chain) from a base image the table knows declares none
    /// (`alpine`, `debian`, the distroless and official language images);
    /// an unknown base image says nothing. A health check turned off in
    /// the compose file turns off the image's too, so that is reported
    /// whatever the image.
    ///
    /// ## Why is this bad?
    /// Compose waits for the dependency to be healthy, and a container
    /// without a health check never is: `docker compose up` fails with
    /// "container db has no healthcheck configured".
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     depends_on:
    ///       db:
    ///         condition: service_healthy
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
    ///       db:
    ///         condition: service_healthy
    ///   db:
    ///     image: postgres:17
    ///     healthcheck:
    ///       test: ["CMD", "pg_isready", "-U", "postgres"]
    ///       interval: 5s
    /// ```
    pub(crate) struct HealthyDependencyWithoutHealthcheck {
        name: "healthy-dependency-without-healthcheck",
        family: Dependencies,
        severity: Error,
        summary: "`condition: service_healthy` on a service without a health check",
    }
}

/// Why `service` has no health check, or `None` when it may have one, with
/// the Dockerfile line that says so when it is one.
fn missing_healthcheck(
    project: &Project,
    service: &Service<'_>,
) -> Option<(String, Option<Location>)> {
    // A service with neither `image` nor `build` is completed by another
    // file.
    if service.image.is_none() && service.build.is_none() {
        return None;
    }
    if let Some(healthcheck) = &service.healthcheck {
        // Turned off here, the image's own health check is off too.
        if healthcheck.disable.and_then(|d| d.value.as_bool()) == Some(true) {
            return Some(("has its `healthcheck` disabled".to_string(), None));
        }
        if healthcheck.test_keyword() == Some("NONE") {
            return Some((
                "has its `healthcheck` turned off with `NONE`".to_string(),
                None,
            ));
        }
        return None;
    }
    if service.build.is_some() {
        // What the Dockerfile builds: its own HEALTHCHECK, else its base
        // image's, when the image table knows the base.
        let built = project.build(service.name).and_then(built_image)?;
        return match built.healthcheck {
            Some((true, file, span)) => Some((
                "is built with `HEALTHCHECK NONE`".to_string(),
                Some(Location::span(file, span)),
            )),
            Some((false, ..)) => None,
            None => (built.has_healthcheck() == Some(false)).then(|| {
                (
                    format!(
                        "has no `healthcheck`, and neither its Dockerfile nor its base image `{}` declares one",
                        built.base
                    ),
                    None,
                )
            }),
        };
    }
    // Only an image known to declare none is certain to have none.
    match project
        .images
        .lookup(service.image?.value)
        .and_then(|facts| facts.builtin_healthcheck)
    {
        Some(false) => Some((
            "has no `healthcheck`, and its image declares none".to_string(),
            None,
        )),
        Some(true) | None => None,
    }
}

impl Rule for HealthyDependencyWithoutHealthcheck {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let services = &cx.stack().services;
        let by_name: HashMap<&str, &Service<'_>> = services.iter().map(|s| (s.name, s)).collect();
        let graph = cx.stack().graph();
        for edge in &graph.edges {
            let EdgeKind::DependsOn { condition, .. } = &edge.kind else {
                continue;
            };
            if condition != "service_healthy" {
                continue;
            }
            let Some(&target) = by_name.get(edge.to.as_str()) else {
                continue;
            };
            let Some((why, dockerfile)) = missing_healthcheck(project, target) else {
                continue;
            };
            cx.report(
                Finding::new(
                    Location::model(format!("{}/condition", edge.pointer), Part::Value),
                    format!(
                        "`{}` waits for `{}` to be healthy, but `{}` {why}",
                        edge.from, edge.to, edge.to
                    ),
                )
                .primary_label("never met: the service has no health check")
                .label(
                    target.key_location(),
                    format!("`{}` is defined here", edge.to),
                )
                .label_if(dockerfile, "the health check turned off")
                .help(format!(
                    "add a `healthcheck` to `{}`, or use `condition: service_started`",
                    edge.to
                )),
            );
        }
    }
}
