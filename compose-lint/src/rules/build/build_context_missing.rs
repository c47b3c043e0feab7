use super::at;
use crate::build::Context as BuildContext;
use crate::declare_rule;
use crate::location::Part;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a service's `build.context` (or short `build: DIR`) that
    /// names a directory that does not exist. A remote context (a Git URL,
    /// `https://…`, `-`) is not checked; a context outside the project root
    /// is `path-outside-root`'s.
    ///
    /// ## Why is this bad?
    /// `docker compose build` (and `up`, when the image is missing) stops
    /// with `unable to prepare context: path "./api" not found`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     build: ./does-not-exist
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   api:
    ///     image: example/api:1.0
    /// ```
    pub(crate) struct BuildContextMissing {
        name: "build-context-missing",
        family: Build,
        severity: Error,
        summary: "a service's build context does not exist",
    }
}

impl Rule for BuildContextMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if crate::model::is_partial(project) {
            return;
        }
        for build in &project.builds {
            let BuildContext::Missing(path) = &build.context else {
                continue;
            };
            let shown = project.display_path(path);
            cx.report(
                Finding::new(
                    at(&build.service, &["context"], Part::Value),
                    format!(
                        "build context `{shown}` of service `{}` does not exist",
                        build.service
                    ),
                )
                .primary_label("no such directory")
                .note("Compose stops the build: `unable to prepare context: path not found`")
                .help(format!(
                    "create `{shown}` or fix the path; it is relative to the compose file that writes it"
                )),
            );
        }
    }
}
