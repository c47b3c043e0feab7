use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::location::Location;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a service with neither `image` nor `build` once `extends`
    /// is applied, so a service that takes its image from the one it
    /// extends is fine. Like Compose, it checks the services the active
    /// profiles enable (with no profile given, compose-lint enables them
    /// all). A file that looks like an override of another project's file
    /// is not checked: the base may give the image.
    ///
    /// ## Why is this bad?
    /// Compose has nothing to run the container from and rejects the
    /// project (`service "web" has neither an image nor a build context
    /// specified`). The image is often in another file that was meant to
    /// be merged or extended.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     command: ["celery", "worker"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: example/app:1.4
    ///     command: ["celery", "worker"]
    /// ```
    pub(crate) struct ServiceWithoutImage {
        name: "service-without-image",
        family: Schema,
        severity: Error,
        summary: "a service with neither `image` nor `build`",
    }
}

impl Rule for ServiceWithoutImage {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        // An `extends` that could not be followed leaves its service
        // without what the base gives; that is reported on its own.
        let extends_failed = project.load_problems().iter().any(|p| {
            matches!(
                p,
                LoadProblem::ExtendsCycle { .. }
                    | LoadProblem::ExtendsTargetMissing { .. }
                    | LoadProblem::ChainTooDeep { .. }
            )
        });
        if extends_failed || crate::model::is_partial(project) {
            return;
        }
        // A value the schema refuses inside the service (a misspelt
        // `image`, an `extends` without `service`) is reported on its own;
        // the missing image follows from it.
        let refused: Vec<(crate::location::FileId, crate::source::Span)> = project
            .load_problems()
            .iter()
            .filter_map(|p| match p {
                LoadProblem::Schema {
                    at: Location::Span { file, span },
                    ..
                } => Some((*file, *span)),
                _ => None,
            })
            .collect();
        for service in &cx.stack().services {
            let has_image = service
                .node
                .get("image")
                .is_some_and(|i| i.as_str().is_some());
            // A service run by a provider (`provider: {type: model}`) has
            // no container image of its own.
            if has_image
                || service.build.is_some_and(|b| !b.value.is_null())
                || service.node.get("provider").is_some()
            {
                continue;
            }
            // A remote base is not read: it may give the image.
            if project
                .resolved
                .as_ref()
                .is_some_and(|r| r.remote_extends.contains(service.name))
            {
                continue;
            }
            let written = service.node.origin;
            if written.is_some_and(|o| {
                refused.iter().any(|(file, span)| {
                    *file == o.file && o.value().start <= span.start && span.end <= o.value().end
                })
            }) {
                continue;
            }
            cx.report(
                Finding::new(
                    service.key_location(),
                    format!(
                        "service `{}` has neither `image` nor `build`",
                        service.name
                    ),
                )
                .primary_label("nothing to run")
                .help("add `image:` to run an existing image, or `build:` to build one")
                .note(format!(
                    "Compose rejects the file: `service \"{}\" has neither an image nor a build context specified`",
                    service.name
                )),
            );
        }
    }
}
