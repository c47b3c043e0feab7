use crate::compose::model::Element;
use crate::compose::value::{Kind, Value};
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a top-level config that sets more than one of `file`,
    /// `environment` and `content`, or none of them, and a top-level secret
    /// that sets both `file` and `environment`, or neither. A config or
    /// secret marked `external` needs no source (Compose skips a config
    /// with any `external`, and a secret with `external: true`), but still
    /// cannot have two.
    ///
    /// ## Why is this bad?
    /// A config or secret takes its content from exactly one place. Compose
    /// rejects the file when there are several (`configs.app:
    /// file|environment|content attributes are mutually exclusive`) or
    /// none (`configs.app: one of file|environment|content must be set`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     configs:
    ///       - site
    /// configs:
    ///   site:
    ///     file: ./site.conf
    ///     content: |
    ///       server { listen 80; }
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     configs:
    ///       - site
    /// configs:
    ///   site:
    ///     content: |
    ///       server { listen 80; }
    /// ```
    pub(crate) struct ResourceSourceInvalid {
        name: "resource-source-invalid",
        family: Schema,
        severity: Error,
        summary: "a secret or config with several sources, or none",
    }
}

/// Where a secret's or config's content can come from.
const SECRET_SOURCES: &[&str] = &["file", "environment"];
const CONFIG_SOURCES: &[&str] = &["file", "environment", "content"];

impl Rule for ResourceSourceInvalid {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        // A fragment of another project may take the source from the base.
        let partial = crate::model::is_partial(project);
        let stack = cx.stack();
        let all = stack
            .secrets
            .iter()
            .map(|s| ("secrets", "secret", SECRET_SOURCES, s))
            .chain(
                stack
                    .configs
                    .iter()
                    .map(|c| ("configs", "config", CONFIG_SOURCES, c)),
            );
        for (section, what, sources, resource) in all {
            let element = Element {
                name: resource.name,
                value: resource.node,
            };
            let Some(entries) = resource.node.as_mapping() else {
                continue;
            };
            let set: Vec<&str> = sources
                .iter()
                .copied()
                .filter(|key| entries.get(*key).is_some_and(|v| !v.is_null()))
                .collect();
            let choices = sources.join("|");
            let either = match sources {
                [a, b] => format!("`{a}` or `{b}`"),
                _ => "`file`, `environment` or `content`".to_string(),
            };
            if let [first, second, ..] = set[..] {
                cx.report(
                    Finding::new(
                        Location::model(element.pointer(section, &[second]), Part::Key),
                        format!(
                            "{what} `{}` sets both `{first}` and `{second}`, which exclude each other",
                            resource.name
                        ),
                    )
                    .primary_label("a second source")
                    .label(
                        Location::model(element.pointer(section, &[first]), Part::Key),
                        "the first source",
                    )
                    .help(format!("keep one of {either}"))
                    .note(format!(
                        "Compose rejects the file: `{section}.{}: {choices} attributes are mutually exclusive`",
                        resource.name
                    )),
                );
                continue;
            }
            if !set.is_empty() || partial || needs_no_source(section, entries.get("external")) {
                continue;
            }
            // compose-go says it in other words for a secret that names
            // a driver or says `external: false`.
            let refusal = if section == "secrets"
                && (entries.contains_key("external") || entries.contains_key("driver"))
            {
                format!(
                    "secret \"{}\" must declare either `file` or `environment`",
                    resource.name
                )
            } else {
                format!("{section}.{}: one of {choices} must be set", resource.name)
            };
            cx.report(
                Finding::new(
                    Location::model(element.pointer(section, &[]), Part::Key),
                    format!(
                        "{what} `{}` has no source: it sets {}",
                        resource.name,
                        if sources.len() == 2 {
                            "neither `file` nor `environment`"
                        } else {
                            "none of `file`, `environment` or `content`"
                        }
                    ),
                )
                .primary_label("no content")
                .help(format!(
                    "add one of {either}, or mark it `external: true` if it is created outside the project"
                ))
                .note(format!("Compose rejects the file: `{refusal}`")),
            );
        }
    }
}

/// A config with any `external`, or a secret with `external: true` (or the
/// legacy `external: {name: …}`), needs no source: Compose skips the
/// check.
fn needs_no_source(section: &str, external: Option<&Value>) -> bool {
    let Some(external) = external else {
        return false;
    };
    if section == "configs" {
        return true;
    }
    match &external.kind {
        Kind::Bool(b) => *b,
        Kind::Mapping(_) => true,
        // Go's strconv.ParseBool, as the decoder reads a string.
        Kind::String(s) => matches!(s.as_str(), "1" | "t" | "T" | "TRUE" | "true" | "True"),
        _ => false,
    }
}
