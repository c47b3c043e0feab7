use std::path::Path;

use super::checkable_host_path;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a top-level secret or config whose `file` does not exist.
    /// Secrets and configs taken from `environment`, `content` or marked
    /// `external` are not files and are not checked; only paths written
    /// relative to the compose file, without variables, are.
    ///
    /// ## Why is this bad?
    /// Compose cannot create the secret or config and refuses to start the
    /// services that use it. Secret files are usually kept out of version
    /// control, so a fresh checkout lacks them: the file needs to be
    /// created as part of setting the project up.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     secrets:
    ///       - db-password
    /// secrets:
    ///   db-password:
    ///     file: ./db-password.txt
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     secrets:
    ///       - db-password
    /// secrets:
    ///   db-password:
    ///     environment: DB_PASSWORD
    /// ```
    pub(crate) struct ResourceFileMissing {
        name: "resource-file-missing",
        family: Volumes,
        severity: Error,
        summary: "the file of a secret or config does not exist",
    }
}

impl Rule for ResourceFileMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if crate::model::is_partial(project) {
            return;
        }
        let stack = cx.stack();
        for (resources, kind) in [(&stack.secrets, "secret"), (&stack.configs, "config")] {
            for element in resources {
                let Some(file) = element.file else {
                    continue;
                };
                let path = file.value;
                if element.external
                    || !checkable_host_path(project, path, file.node())
                    || project.host_path_exists(Path::new(path))
                {
                    continue;
                }
                let shown = project.display_path(Path::new(path));
                cx.report(
                    Finding::new(
                        file.location(),
                        format!("file `{shown}` of {kind} `{}` does not exist", element.name),
                    )
                    .primary_label("no such file")
                    .help(format!(
                        "create `{shown}` before starting the project, or fix the path"
                    )),
                );
            }
        }
    }
}
