use std::path::Path;

use super::checkable_host_path;
use crate::compose::model::{self, services};
use crate::compose::value::Value;
use crate::declare_rule;
use crate::location::{Location, Part};
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
    pub struct EnvFileMissing {
        name: "env-file-missing",
        family: Volumes,
        severity: Error,
        summary: "a service's `env_file` does not exist",
    }
}

impl Rule for EnvFileMissing {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if model::is_partial(project) {
            return;
        }
        for service in services(project) {
            let Some(env_file) = service.value.get("env_file") else {
                continue;
            };
            // (pointer below the service, the path's value)
            let mut entries: Vec<(Vec<String>, &Value)> = Vec::new();
            match env_file.as_sequence() {
                Some(items) => {
                    for (index, item) in items.iter().enumerate() {
                        if let Some(path) = item.get("path") {
                            if item.get("required").and_then(Value::as_bool) == Some(false) {
                                continue;
                            }
                            entries.push((
                                vec!["env_file".into(), index.to_string(), "path".into()],
                                path,
                            ));
                        } else {
                            entries.push((vec!["env_file".into(), index.to_string()], item));
                        }
                    }
                }
                None => entries.push((vec!["env_file".into()], env_file)),
            }
            for (segments, value) in entries {
                let Some(path) = value.as_str() else {
                    continue;
                };
                if !checkable_host_path(project, path, value) || Path::new(path).exists() {
                    continue;
                }
                let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
                let shown = project.display_path(Path::new(path));
                cx.report(
                    Finding::new(
                        Location::model(service.pointer("services", &segments), Part::Value),
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
