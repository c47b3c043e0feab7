use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};
use crate::yaml::YamlProblem;

declare_rule! {
    /// ## What it does
    /// Reports aliases whose expansion produces far more nodes than the file
    /// contains: the shape of a "billion laughs" attack, where each anchor
    /// repeats the previous one several times.
    ///
    /// ## Why is this bad?
    /// Expanding such a file takes gigabytes of memory, and tools that load it
    /// crash or hang. The linter stops expanding at a budget of sixteen times
    /// the file's own node count (at least 250,000 nodes) and reports the alias
    /// it was expanding.
    ///
    /// ## Example
    /// ```yaml
    /// x-a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
    /// x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    /// x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    /// x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    /// x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    /// x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
    /// x-g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
    /// services: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// x-labels: &labels
    ///   team: observability
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     labels: *labels
    /// ```
    pub(crate) struct AliasExpansionLimit {
        name: "alias-expansion-limit",
        family: Syntax,
        severity: Error,
        summary: "expanding the file's aliases produces an excessive number of nodes",
    }
}

impl Rule for AliasExpansionLimit {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        for problem in &file.yaml.problems {
            if let YamlProblem::AliasExpansionLimit { span, budget } = problem {
                cx.report(
                    Finding::new(
                        Location::span(file.id, *span),
                        format!("expanding aliases here exceeds the budget of {budget} nodes"),
                    )
                    .primary_label("expansion stopped inside this alias")
                    .help("anchors that repeat other anchors multiply: flatten the nesting"),
                );
            }
        }
    }
}
