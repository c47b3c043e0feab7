use super::at;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a build's `target` that names no stage of its Dockerfile
    /// (`FROM … AS name`; names are compared without case, as BuildKit
    /// does). Dockerfiles that do not parse or that a custom `# syntax=`
    /// frontend builds are not checked.
    ///
    /// ## Why is this bad?
    /// The build stops: `target stage "prod" could not be found`.
    ///
    /// ## Example
    /// ```yaml
    /// # file: Dockerfile
    /// FROM alpine:3.20 AS build
    /// FROM alpine:3.20 AS runtime
    /// # file: compose.yaml
    /// services:
    ///   api:
    ///     build:
    ///       context: .
    ///       target: production
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: Dockerfile
    /// FROM alpine:3.20 AS build
    /// FROM alpine:3.20 AS runtime
    /// # file: compose.yaml
    /// services:
    ///   api:
    ///     build:
    ///       context: .
    ///       target: runtime
    /// ```
    pub(crate) struct BuildTargetMissing {
        name: "build-target-missing",
        family: Build,
        severity: Error,
        summary: "a build's `target` names no stage of its Dockerfile",
    }
}

impl Rule for BuildTargetMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for build in &project.builds {
            let (Some(target), Some(parsed)) = (&build.target, &build.parsed) else {
                continue;
            };
            if parsed.error.is_some()
                || parsed.syntax != crate::build::Syntax::Docker
                || parsed.stage(target).is_some()
                // `${ARG}` in a name is resolved at build time.
                || target.contains('$')
                || parsed.stages.iter().any(|s| s.name.as_deref().is_some_and(|n| n.contains('$')))
            {
                continue;
            }
            let names: Vec<&str> = parsed
                .stages
                .iter()
                .filter_map(|s| s.name.as_deref())
                .collect();
            let mut finding = Finding::new(
                at(&build.service, &["target"], Part::Value),
                format!(
                    "build target `{target}` of service `{}` names no stage of its Dockerfile",
                    build.service
                ),
            )
            .primary_label("no such stage")
            .note(format!(
                "the build stops: `target stage \"{target}\" could not be found`"
            ));
            if let Some(file) = parsed.file {
                for stage in &parsed.stages {
                    if stage.name.is_some() {
                        finding = finding.label(Location::span(file, stage.base_span), "a stage");
                    }
                }
            }
            finding = match crate::compose::schema::closest(target, names.iter().copied()) {
                Some(name) => finding.help(format!("did you mean `{name}`?")),
                None if names.is_empty() => {
                    finding.help("name a stage with `FROM image AS name`, or remove `target`")
                }
                None => finding.help(format!("the stages are {}", super::quoted(&names))),
            };
            cx.report(finding);
        }
    }
}
