use crate::compose::problem::LoadProblem;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports an `extends` chain of more than 64 services, or an `include`
    /// chain of more than 64 files, at the entry that passes the limit.
    /// compose-lint follows a chain that far and no further: the service
    /// there is kept without its base, the file there is not loaded.
    ///
    /// ## Why is this bad?
    /// A project needs a few levels of `extends` or `include`; a chain of
    /// dozens is generated or broken, and no reader can tell which of its
    /// services sets an attribute. Past the limit, compose-lint checks the
    /// project without the rest of the chain, so what it reports may not be
    /// what Compose runs.
    ///
    /// ## Example
    /// Each service is built on the next, 66 deep:
    /// ```yaml
    /// services:
    ///   level-0: { extends: level-1, image: nginx:1.27 }
    ///   level-1: { extends: level-2, image: nginx:1.27 }
    ///   level-2: { extends: level-3, image: nginx:1.27 }
    ///   level-3: { extends: level-4, image: nginx:1.27 }
    ///   level-4: { extends: level-5, image: nginx:1.27 }
    ///   level-5: { extends: level-6, image: nginx:1.27 }
    ///   level-6: { extends: level-7, image: nginx:1.27 }
    ///   level-7: { extends: level-8, image: nginx:1.27 }
    ///   level-8: { extends: level-9, image: nginx:1.27 }
    ///   level-9: { extends: level-10, image: nginx:1.27 }
    ///   level-10: { extends: level-11, image: nginx:1.27 }
    ///   level-11: { extends: level-12, image: nginx:1.27 }
    ///   level-12: { extends: level-13, image: nginx:1.27 }
    ///   level-13: { extends: level-14, image: nginx:1.27 }
    ///   level-14: { extends: level-15, image: nginx:1.27 }
    ///   level-15: { extends: level-16, image: nginx:1.27 }
    ///   level-16: { extends: level-17, image: nginx:1.27 }
    ///   level-17: { extends: level-18, image: nginx:1.27 }
    ///   level-18: { extends: level-19, image: nginx:1.27 }
    ///   level-19: { extends: level-20, image: nginx:1.27 }
    ///   level-20: { extends: level-21, image: nginx:1.27 }
    ///   level-21: { extends: level-22, image: nginx:1.27 }
    ///   level-22: { extends: level-23, image: nginx:1.27 }
    ///   level-23: { extends: level-24, image: nginx:1.27 }
    ///   level-24: { extends: level-25, image: nginx:1.27 }
    ///   level-25: { extends: level-26, image: nginx:1.27 }
    ///   level-26: { extends: level-27, image: nginx:1.27 }
    ///   level-27: { extends: level-28, image: nginx:1.27 }
    ///   level-28: { extends: level-29, image: nginx:1.27 }
    ///   level-29: { extends: level-30, image: nginx:1.27 }
    ///   level-30: { extends: level-31, image: nginx:1.27 }
    ///   level-31: { extends: level-32, image: nginx:1.27 }
    ///   level-32: { extends: level-33, image: nginx:1.27 }
    ///   level-33: { extends: level-34, image: nginx:1.27 }
    ///   level-34: { extends: level-35, image: nginx:1.27 }
    ///   level-35: { extends: level-36, image: nginx:1.27 }
    ///   level-36: { extends: level-37, image: nginx:1.27 }
    ///   level-37: { extends: level-38, image: nginx:1.27 }
    ///   level-38: { extends: level-39, image: nginx:1.27 }
    ///   level-39: { extends: level-40, image: nginx:1.27 }
    ///   level-40: { extends: level-41, image: nginx:1.27 }
    ///   level-41: { extends: level-42, image: nginx:1.27 }
    ///   level-42: { extends: level-43, image: nginx:1.27 }
    ///   level-43: { extends: level-44, image: nginx:1.27 }
    ///   level-44: { extends: level-45, image: nginx:1.27 }
    ///   level-45: { extends: level-46, image: nginx:1.27 }
    ///   level-46: { extends: level-47, image: nginx:1.27 }
    ///   level-47: { extends: level-48, image: nginx:1.27 }
    ///   level-48: { extends: level-49, image: nginx:1.27 }
    ///   level-49: { extends: level-50, image: nginx:1.27 }
    ///   level-50: { extends: level-51, image: nginx:1.27 }
    ///   level-51: { extends: level-52, image: nginx:1.27 }
    ///   level-52: { extends: level-53, image: nginx:1.27 }
    ///   level-53: { extends: level-54, image: nginx:1.27 }
    ///   level-54: { extends: level-55, image: nginx:1.27 }
    ///   level-55: { extends: level-56, image: nginx:1.27 }
    ///   level-56: { extends: level-57, image: nginx:1.27 }
    ///   level-57: { extends: level-58, image: nginx:1.27 }
    ///   level-58: { extends: level-59, image: nginx:1.27 }
    ///   level-59: { extends: level-60, image: nginx:1.27 }
    ///   level-60: { extends: level-61, image: nginx:1.27 }
    ///   level-61: { extends: level-62, image: nginx:1.27 }
    ///   level-62: { extends: level-63, image: nginx:1.27 }
    ///   level-63: { extends: level-64, image: nginx:1.27 }
    ///   level-64: { extends: level-65, image: nginx:1.27 }
    ///   level-65: { image: nginx:1.27 }
    /// ```
    ///
    /// ## Use instead
    /// Build each service on one or two bases:
    /// ```yaml
    /// services:
    ///   web:
    ///     extends: base
    ///   base:
    ///     image: nginx:1.27
    /// ```
    pub(crate) struct ChainTooDeep {
        name: "chain-too-deep",
        family: Loading,
        severity: Warning,
        summary: "an `extends` or `include` chain is deeper than compose-lint follows",
    }
}

impl Rule for ChainTooDeep {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for problem in project.load_problems() {
            let LoadProblem::ChainTooDeep { at, key, limit } = problem else {
                continue;
            };
            let what = if *key == "include" {
                "files"
            } else {
                "services"
            };
            cx.report(
                Finding::new(
                    at.clone(),
                    format!("`{key}` chain longer than {limit} {what}"),
                )
                .primary_label(format!(
                    "the chain passes {limit} {what} here: not followed"
                ))
                .help(format!(
                    "shorten the chain: compose-lint follows `{key}` through at most {limit} {what}"
                )),
            );
        }
    }
}
