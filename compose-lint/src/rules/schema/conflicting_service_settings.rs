use crate::compose::value::{Kind, Value};
use crate::declare_rule;
use crate::model::{Located, Service};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a service that says one thing twice with different values,
    /// where Compose requires them to agree:
    ///
    /// - `cpus` and `deploy.resources.limits.cpus` (compared as numbers:
    ///   `1` and `"1.0"` agree; a `limits` mapping without `cpus` counts
    ///   as `0`, as in Compose);
    /// - `scale` and `deploy.replicas`;
    /// - `build.dockerfile` and `build.dockerfile_inline`, which cannot
    ///   both be set;
    /// - `platform` and `build.platforms`, which must include it.
    ///
    /// ## Why is this bad?
    /// Compose rejects the project (`services.web: can't set distinct
    /// values on 'cpus' and 'deploy.resources.limits.cpus'`, `service.build.
    /// platforms MUST include service.platform "linux/arm64"`). The two
    /// settings usually come from different times or different files;
    /// one of them is stale.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     scale: 2
    ///     deploy:
    ///       replicas: 3
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     deploy:
    ///       replicas: 3
    /// ```
    pub(crate) struct ConflictingServiceSettings {
        name: "conflicting-service-settings",
        family: Schema,
        severity: Error,
        summary: "two settings of a service that Compose requires to agree, with different values",
    }
}

type Setting<'a> = Located<'a, &'a Value>;

impl Rule for ConflictingServiceSettings {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        // In a fragment of another project, the base may set what the
        // fragment lacks (the limits' `cpus`).
        let partial = crate::model::is_partial(project);
        for service in &cx.stack().services {
            cpus(service, partial, cx);
            scale(service, cx);
            dockerfile(service, cx);
            // Both are written in the project's own files: a base it is
            // merged onto could only add platforms in a rare layout.
            platform(service, cx);
        }
    }
}

/// A number written as a number or as a string, as Go reads it into a
/// `float32`.
fn number(value: &Value) -> Option<f32> {
    match &value.kind {
        Kind::Number(n) => n.as_f64().map(|n| n as f32),
        Kind::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The value as written, for a message.
fn shown(value: &Value) -> String {
    value.scalar_text().unwrap_or_default()
}

fn cpus(service: &Service<'_>, partial: bool, cx: &mut Context<'_>) {
    let (Some(cpus), Some(limits)) = (service.cpus, service.deploy_limits) else {
        return;
    };
    let Some(wanted) = number(cpus.value).filter(|n| *n != 0.0) else {
        return;
    };
    if limits.value.as_mapping().is_none() {
        return;
    }
    let refusal = format!(
        "Compose rejects the file: `services.{}: can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'`",
        service.name
    );
    let help = "write the limit once, as `deploy.resources.limits.cpus`, and remove `cpus`";
    match service.deploy_limits_cpus {
        Some(limit) => {
            let Some(limited) = number(limit.value) else {
                return;
            };
            if limited == wanted {
                return;
            }
            cx.report(
                Finding::new(
                    limit.location(),
                    format!(
                        "service `{}` limits its CPUs to `{}` here and to `{}` in `cpus`",
                        service.name,
                        shown(limit.value),
                        shown(cpus.value)
                    ),
                )
                .label(cpus.location(), format!("`cpus: {}`", shown(cpus.value)))
                .help(help)
                .note(refusal),
            );
        }
        None if !partial => {
            cx.report(
                Finding::new(
                    cpus.location(),
                    format!(
                        "service `{}` sets `cpus: {}`, but its `deploy.resources.limits` sets no `cpus`, which Compose reads as 0",
                        service.name,
                        shown(cpus.value)
                    ),
                )
                .label(limits.key_location(), "no `cpus` here")
                .help(help)
                .note(refusal),
            );
        }
        None => {}
    }
}

/// A whole number written as a number or a string of digits.
fn count(value: &Value) -> Option<i64> {
    match &value.kind {
        Kind::Number(n) => n.as_i64(),
        Kind::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn scale(service: &Service<'_>, cx: &mut Context<'_>) {
    let (Some(scale), Some(replicas)) = (service.scale, service.deploy_replicas) else {
        return;
    };
    let (Some(a), Some(b)) = (count(scale.value), count(replicas.value)) else {
        return;
    };
    if a == b {
        return;
    }
    cx.report(
        Finding::new(
            replicas.location(),
            format!(
                "service `{}` runs `{b}` replicas here and `{a}` in `scale`",
                service.name
            ),
        )
        .label(scale.location(), format!("`scale: {a}`"))
        .help("keep one: `deploy.replicas`, or `scale`")
        .note(format!(
            "Compose rejects the file: `services.{}: can't set distinct values on 'scale' and 'deploy.replicas'`",
            service.name
        )),
    );
}

/// A setting written as a string that is not empty.
fn non_empty(setting: Option<Setting<'_>>) -> Option<Setting<'_>> {
    setting.filter(|s| s.value.as_str().is_some_and(|t| !t.is_empty()))
}

fn dockerfile(service: &Service<'_>, cx: &mut Context<'_>) {
    let (Some(file), Some(inline)) = (
        non_empty(service.dockerfile),
        non_empty(service.dockerfile_inline),
    ) else {
        return;
    };
    cx.report(
        Finding::new(
            inline.key_location(),
            format!(
                "service `{}` sets both `dockerfile` and `dockerfile_inline`, which exclude each other",
                service.name
            ),
        )
        .label(file.key_location(), "the Dockerfile is also named here")
        .help("keep `dockerfile` to build from a file, or `dockerfile_inline` to build from the text")
        .note(format!(
            "Compose rejects the file: `service \"{}\" declares mutualy exclusive dockerfile and dockerfile_inline`",
            service.name
        )),
    );
}

fn platform(service: &Service<'_>, cx: &mut Context<'_>) {
    let (Some(platform), Some(platforms)) = (service.platform, service.build_platforms) else {
        return;
    };
    let (Some(wanted), Some(list)) = (platform.value.as_str(), platforms.value.as_sequence())
    else {
        return;
    };
    if wanted.is_empty() || list.is_empty() || list.iter().any(|p| p.as_str() == Some(wanted)) {
        return;
    }
    cx.report(
        Finding::new(
            platform.location(),
            format!(
                "service `{}` runs on `{wanted}`, which its `build.platforms` does not build",
                service.name
            ),
        )
        .label(platforms.key_location(), "the platforms built")
        .help(format!(
            "add `{wanted}` to `build.platforms`, or change `platform` to one of them"
        ))
        .note(format!(
            "Compose rejects the file: `service.build.platforms MUST include service.platform \"{wanted}\"`"
        )),
    );
}
