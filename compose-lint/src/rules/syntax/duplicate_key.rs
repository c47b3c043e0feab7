use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};
use crate::yaml::YamlProblem;

declare_rule! {
    /// ## What it does
    /// Reports a key written twice in the same mapping, including a second
    /// merge key (`<<`).
    ///
    /// ## Why is this bad?
    /// YAML requires the keys of a mapping to be unique, and Compose refuses
    /// the file. Parsers that accept it silently keep one of the two values,
    /// and which one differs from tool to tool, so the file means different
    /// things to different readers.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     image: nginx:1.26
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    pub(crate) struct DuplicateKey {
        name: "duplicate-key",
        family: Syntax,
        severity: Error,
        summary: "a key appears twice in the same mapping",
    }
}

impl Rule for DuplicateKey {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        for problem in &file.yaml.problems {
            if let YamlProblem::DuplicateKey { key, first, second } = problem {
                cx.report(
                    Finding::new(
                        Location::span(file.id, *second),
                        format!("key `{key}` is defined twice in the same mapping"),
                    )
                    .primary_label("defined again here")
                    .label(Location::span(file.id, *first), "first defined here")
                    .help("keep one of the two; Compose refuses files with duplicate keys"),
                );
            }
        }
    }
}
