use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `extends` naming a service that is not defined, in this file
    /// or in the file given by `extends.file`, or a file that cannot be read.
    ///
    /// ## Why is this bad?
    /// Compose refuses to load the project. The usual causes are a renamed
    /// service and an `extends.file` path written relative to the wrong
    /// directory: it is relative to the project directory (or, inside an
    /// extended file, to that file).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     extends: app-base
    ///     command: ["worker"]
    ///   app:
    ///     image: example/app:2.1
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   worker:
    ///     extends: app
    ///     command: ["worker"]
    ///   app:
    ///     image: example/app:2.1
    /// ```
    pub(crate) struct ExtendsTargetMissing {
        name: "extends-target-missing",
        family: Loading,
        severity: Error,
        summary: "`extends` names a service or file that does not exist",
    }
}

impl Rule for ExtendsTargetMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for problem in project.load_problems() {
            let LoadProblem::ExtendsTargetMissing { at, message } = problem else {
                continue;
            };
            cx.report(
                Finding::new(at.clone(), message.clone())
                    .primary_label("Compose cannot resolve this")
                    .help("name a service defined in that file; `extends.file` is relative to the project directory"),
            );
        }
    }
}
