use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports services whose `extends` chain leads back to themselves, with
    /// the whole chain, at the `extends` that closes it.
    ///
    /// ## Why is this bad?
    /// A service cannot be built on itself: Compose refuses to load the
    /// project.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     extends: base
    ///     image: nginx:1.27
    ///   base:
    ///     extends: web
    ///     restart: always
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     extends: base
    ///     image: nginx:1.27
    ///   base:
    ///     image: nginx:1.27
    ///     restart: always
    /// ```
    pub(crate) struct ExtendsCycle {
        name: "extends-cycle",
        family: Loading,
        severity: Error,
        summary: "services extend each other in a cycle",
    }
}

impl Rule for ExtendsCycle {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for problem in project.load_problems() {
            let LoadProblem::ExtendsCycle { at, chain } = problem else {
                continue;
            };
            cx.report(
                Finding::new(
                    at.clone(),
                    format!("`extends` forms a cycle: {}", chain.join(" -> ")),
                )
                .primary_label("this closes the cycle")
                .help("break the chain: one of these services must not extend the others"),
            );
        }
    }
}
