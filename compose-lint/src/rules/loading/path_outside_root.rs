use crate::declare_rule;
use crate::location::Location;
use crate::project::{FileKind, Project};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a file compose-lint would have read but did not, because it
    /// resolves outside the project root: an `include`, an `extends` file,
    /// an environment file, a configuration a service mounts from the host,
    /// a Prometheus rule file, or a compose file that is a symbolic link
    /// leading out. The root is the Git work tree holding the project;
    /// outside a work tree, the current directory when it holds the
    /// project, else the project directory (`--root DIR` sets another).
    /// Paths are resolved, `..` and symbolic links included, before
    /// anything is read.
    ///
    /// Only files whose content compose-lint reads are reported: a host
    /// path a service merely mounts (`/var/run/docker.sock`,
    /// `/etc/localtime`, a data directory) is not.
    ///
    /// ## Why is this bad?
    /// A repository's files are what its review covers. A file from outside
    /// it is whatever the machine running the check holds, which may be a
    /// secret: reading it and quoting it in diagnostics would publish it in
    /// the logs of a pull request's checks. So the file is not read, and
    /// only its path is named. The rules that would have needed it say
    /// nothing; when the file is a compose or environment file, the
    /// services or variables it would add are unknown, and the project is
    /// checked for syntax only.
    ///
    /// To lint files of your own machine on purpose, run with
    /// `--allow-outside-root`, or set the root with `--root DIR`.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// include:
    ///   - /etc/passwd
    /// services:
    ///   app:
    ///     image: example/app:2.1
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// include:
    ///   - monitoring/compose.yaml
    /// services:
    ///   app:
    ///     image: example/app:2.1
    /// # file: monitoring/compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.0.0
    /// ```
    pub(crate) struct PathOutsideRoot {
        name: "path-outside-root",
        family: Loading,
        severity: Warning,
        summary: "a file compose-lint would read resolves outside the project root, and is not read",
    }
}

impl Rule for PathOutsideRoot {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let root = project
            .root()
            .map(|root| format!("`{}`", root.display()))
            .unwrap_or_else(|| "the project root".to_string());
        for refused in project.refused() {
            let path = refused.path.display();
            let target = refused.target.display();
            let what = if refused.directory {
                format!("directory of {}", refused.kind.what())
            } else {
                refused.kind.what().to_string()
            };
            let at = refused.at.clone().unwrap_or_else(|| Location::Unread {
                path: refused.path.clone(),
            });
            let message = if refused.path == refused.target {
                format!("{what} `{path}` is outside the project root {root}: not read")
            } else {
                format!(
                    "{what} `{path}` is not read: it resolves to `{target}`, outside the project root {root}"
                )
            };
            let mut finding = Finding::new(at, message)
                .primary_label("resolves outside the project root")
                .help(
                    "compose-lint reads only files inside the project root; set the root with \
                 `--root DIR`, or read files anywhere with `--allow-outside-root`",
                );
            if matches!(refused.kind, FileKind::Compose | FileKind::Env) {
                finding = finding.note(format!(
                    "without this {what}, the project's services and variables are unknown: it is checked for syntax only"
                ));
            }
            cx.report(finding);
        }
    }
}
