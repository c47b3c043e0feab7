use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports an empty list or mapping in an override file (`ports: []`,
    /// `environment: {}`) where an earlier file set entries that Compose
    /// keeps.
    ///
    /// ## Why is this bad?
    /// Compose merges lists and mappings across files: `ports` of the base
    /// file and of the override are appended, `environment` is merged key by
    /// key. An empty value adds nothing, so the base file's ports stay
    /// published although the override looks like it removes them. Only
    /// the `!reset` tag removes them.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     ports:
    ///       - "5432:5432"
    /// # file: compose.override.yaml
    /// services:
    ///   db:
    ///     ports: []
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     ports:
    ///       - "5432:5432"
    /// # file: compose.override.yaml
    /// services:
    ///   db:
    ///     ports: !reset []
    /// ```
    pub(crate) struct OverrideEmptyDoesNotReset {
        name: "override-empty-does-not-reset",
        family: Loading,
        severity: Warning,
        summary: "an empty list or mapping in an override file does not remove earlier entries",
    }
}

impl Rule for OverrideEmptyDoesNotReset {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for problem in project.load_problems() {
            let LoadProblem::EmptyDoesNotReset {
                at,
                base,
                path,
                empty,
            } = problem
            else {
                continue;
            };
            let attribute = path.rsplit('.').next().unwrap_or(path);
            let mut finding = Finding::new(
                at.clone(),
                format!("`{attribute}: {empty}` does not remove the entries an earlier file set for `{path}`"),
            )
            .primary_label("merged with the earlier value, which stays")
            .help(format!(
                "write `{attribute}: !reset {empty}` to remove them, or `!override` to replace them"
            ));
            if let Some(base) = base {
                finding = finding.label(base.clone(), "these entries stay");
            }
            cx.report(finding);
        }
    }
}
