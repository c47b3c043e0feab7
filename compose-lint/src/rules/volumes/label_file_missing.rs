use std::path::Path;

use super::checkable_host_path;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `label_file` of a service that does not exist (a path or a
    /// list of paths). Only paths written relative to the compose file,
    /// without variables, are checked (an absolute path names a file of the
    /// machine the project runs on), and not in files that look like part
    /// of a larger project.
    ///
    /// ## Why is this bad?
    /// Compose reads label files when it loads the project and refuses it:
    /// `label file … not found`. Unlike `env_file`, a label file cannot be
    /// marked optional.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: nginx:1.27
    ///     label_file: ./labels/app.labels
    /// ```
    ///
    /// ## Use instead
    /// Commit the file, or write the labels in place:
    /// ```yaml
    /// services:
    ///   app:
    ///     image: nginx:1.27
    ///     labels:
    ///       com.example.team: web
    /// ```
    pub(crate) struct LabelFileMissing {
        name: "label-file-missing",
        family: Volumes,
        severity: Error,
        summary: "a service's `label_file` does not exist",
    }
}

impl Rule for LabelFileMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if crate::model::is_partial(project) {
            return;
        }
        for service in &cx.stack().services {
            for label_file in &service.label_files {
                let path = label_file.value;
                if !checkable_host_path(project, path, label_file.node())
                    || project.host_path_exists(Path::new(path))
                {
                    continue;
                }
                let shown = project.display_path(Path::new(path));
                cx.report(
                    Finding::new(
                        label_file.location(),
                        format!(
                            "label file `{shown}` of service `{}` does not exist",
                            service.name
                        ),
                    )
                    .primary_label("no such file")
                    .note("Compose refuses to load the project: `label file not found`")
                    .help(format!(
                        "create `{shown}` or fix the path; labels can also be written in place under `labels`"
                    )),
                );
            }
        }
    }
}
