use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `develop.watch` entry whose `action` copies files into the
    /// container (`sync`, `sync+restart` or `sync+exec`) but that has no
    /// `target`. `rebuild` and `restart` need none.
    ///
    /// ## Why is this bad?
    /// `target` is where in the container the changed files go; without it
    /// Compose cannot sync and rejects the project (`services.web.develop.
    /// watch: target is required for non-rebuild actions`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: example/web:1.0
    ///     develop:
    ///       watch:
    ///         - path: ./src
    ///           action: sync
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: example/web:1.0
    ///     develop:
    ///       watch:
    ///         - path: ./src
    ///           action: sync
    ///           target: /app/src
    /// ```
    pub(crate) struct WatchTargetMissing {
        name: "watch-target-missing",
        family: Schema,
        severity: Error,
        summary: "a `develop.watch` entry that syncs files but has no `target`",
    }
}

/// The actions that copy files into the container.
const SYNCING: &[&str] = &["sync", "sync+restart", "sync+exec"];

impl Rule for WatchTargetMissing {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        for service in &cx.stack().services {
            for (index, entry) in service.watch.iter().enumerate() {
                let (action, target) = crate::model::watch_action(entry.value);
                let Some(action) = action else {
                    continue;
                };
                if !SYNCING.contains(&action) {
                    continue;
                }
                if target.is_some_and(|t| !t.is_empty()) {
                    continue;
                }
                let index = index.to_string();
                let pointer = service
                    .element()
                    .pointer("services", &["develop", "watch", &index, "action"]);
                cx.report(
                    Finding::new(
                        Location::model(pointer, Part::Value),
                        format!(
                            "`develop.watch[{index}]` of service `{}` uses `{action}` but has no `target`",
                            service.name
                        ),
                    )
                    .primary_label("copies files into the container")
                    .help("add `target:`, the container path the files are copied to")
                    .note(format!(
                        "Compose rejects the file: `services.{}.develop.watch: target is required for non-rebuild actions`",
                        service.name
                    )),
                );
            }
        }
    }
}
