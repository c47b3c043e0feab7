use std::path::Path;

use super::checkable_host_path;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports an `env_file` of a service that does not exist, in the short
    /// form (a path or a list of paths) or the long one (`path`), unless
    /// the entry says `required: false`. Only paths written relative to the
    /// compose file, without variables, are checked (an absolute path names
    /// a file of the machine the project runs on), and not in files that
    /// look like part of a larger project.
    ///
    /// ## Why is this bad?
    /// Compose refuses to start the project: `env file … not found`. The
    /// file is often one that is not committed (`.env.local`, secrets) and
    /// that a fresh checkout lacks.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: nginx:1.27
    ///     env_file: app.env
    /// ```
    ///
    /// ## Use instead
    /// Mark optional files as such:
    /// ```yaml
    /// services:
    ///   app:
    ///     image: nginx:1.27
    ///     env_file:
    ///       - path: app.env
    ///         required: false
    /// ```
    pub(crate) struct EnvFileMissing {
        name: "env-file-missing",
        family: Volumes,
        severity: Error,
        summary: "a service's `env_file` does not exist",
    }
}

impl Rule for EnvFileMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if crate::model::is_partial(project) {
            return;
        }
        for service in &cx.stack().services {
            for env_file in &service.env_files {
                let path = env_file.value.path;
                if !env_file.value.required
                    || !checkable_host_path(project, path, env_file.node())
                    || project.host_path_exists(Path::new(path))
                {
                    continue;
                }
                let shown = project.display_path(Path::new(path));
                cx.report(
                    Finding::new(
                        env_file.location(),
                        format!(
                            "env file `{shown}` of service `{}` does not exist",
                            service.name
                        ),
                    )
                    .primary_label("no such file")
                    .note("Compose refuses to start the project: `env file not found`")
                    .help(format!(
                        "create `{shown}`, fix the path, or write it as `- path: …` with `required: false` if the file is optional"
                    )),
                );
            }
        }
    }
}
