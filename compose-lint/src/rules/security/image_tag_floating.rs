use super::is_interpolated;
use crate::declare_rule;
use crate::images::parse_reference;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports an `image` with the tag `latest`, or with no tag at all (which
    /// means `latest`). Images pinned by digest (`@sha256:…`), tags set by a
    /// variable (`${TAG}`), and services with `build` (whose `image` names
    /// the image they build) are not reported.
    ///
    /// ## Why is this bad?
    /// `latest` is whatever was pushed last: the next `docker compose pull`
    /// on another machine can bring a new major version with changed
    /// defaults, paths or tools (an image that dropped its shell, a
    /// database that moved its data directory), and two hosts of the same
    /// project may run different versions.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:latest
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    /// ```
    pub(crate) struct ImageTagFloating {
        name: "image-tag-floating",
        family: Security,
        severity: Info,
        summary: "an image is not pinned to a version",
    }
}

impl Rule for ImageTagFloating {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for service in &cx.stack().services {
            if service.build.is_some() {
                continue;
            }
            let Some(image) = service.image else {
                continue;
            };
            let reference = image.value;
            if reference.contains('@') || is_interpolated(project, image.node()) {
                continue;
            }
            let Some(parsed) = parse_reference(reference) else {
                continue;
            };
            let message = match parsed.tag {
                Some("latest") => format!(
                    "image `{reference}` of service `{}` uses the tag `latest`",
                    service.name
                ),
                None => format!(
                    "image `{reference}` of service `{}` has no tag, so it runs whatever `latest` is",
                    service.name
                ),
                Some(_) => continue,
            };
            cx.report(
                Finding::new(image.location(), message)
                .help("pin a version tag (`prom/prometheus:v3.5.0`), or a digest for reproducible deployments"),
            );
        }
    }
}
