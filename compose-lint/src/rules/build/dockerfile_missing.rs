use super::at;
use crate::build::Source;
use crate::declare_rule;
use crate::location::Part;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a build whose Dockerfile is not in its context: the
    /// `dockerfile` written (relative to the context), or `Dockerfile` when
    /// none is. Builds with `dockerfile_inline`, a remote context or a
    /// missing context (`build-context-missing`) are not reported.
    ///
    /// ## Why is this bad?
    /// The build stops at once: `failed to read dockerfile: open
    /// Dockerfile.prod: no such file or directory`. A misspelt name is the
    /// usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// # file: api/Dockerfile
    /// FROM alpine:3.20
    /// # file: compose.yaml
    /// services:
    ///   api:
    ///     build:
    ///       context: ./api
    ///       dockerfile: Dockerfile.prod
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: api/Dockerfile
    /// FROM alpine:3.20
    /// # file: compose.yaml
    /// services:
    ///   api:
    ///     build:
    ///       context: ./api
    ///       dockerfile: Dockerfile
    /// ```
    pub(crate) struct DockerfileMissing {
        name: "dockerfile-missing",
        family: Build,
        severity: Error,
        summary: "a build's Dockerfile does not exist in its context",
    }
}

impl Rule for DockerfileMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if crate::model::is_partial(project) {
            return;
        }
        for build in &project.builds {
            let Source::Missing(path) = &build.dockerfile else {
                continue;
            };
            let shown = project.display_path(path);
            let (location, label) = if build.dockerfile_written {
                (
                    at(&build.service, &["dockerfile"], Part::Value),
                    "no such file",
                )
            } else {
                (
                    at(&build.service, &["context"], Part::Value),
                    "no `Dockerfile` in this context",
                )
            };
            let siblings = path
                .parent()
                .and_then(|dir| std::fs::read_dir(dir).ok())
                .map(|entries| {
                    entries
                        .flatten()
                        .filter_map(|e| e.file_name().to_str().map(str::to_string))
                        .filter(|name| name.to_ascii_lowercase().contains("dockerfile"))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let mut finding = Finding::new(
                location,
                format!(
                    "Dockerfile `{shown}` of service `{}` does not exist",
                    build.service
                ),
            )
            .primary_label(label)
            .note("the build stops: `failed to read dockerfile: no such file or directory`");
            finding = if siblings.is_empty() {
                finding.help("write the Dockerfile, or name the right one with `dockerfile:` (relative to the context)")
            } else {
                let mut names = siblings;
                names.sort();
                finding.help(format!(
                    "the context holds {}: name one with `dockerfile:`",
                    super::quoted(&names)
                ))
            };
            cx.report(finding);
        }
    }
}
