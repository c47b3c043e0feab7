use serde_json::Value;

use crate::declare_rule;
use crate::diagnostic::Applicability;
use crate::location::Location;
use crate::project::{FileKind, LoadedFile};
use crate::rules::{Context, Finding, Rule};
use crate::yaml::{Node, NodeKind, scalar};

declare_rule! {
    /// ## What it does
    /// Reports a key of a compose file that YAML reads as a number, a
    /// boolean or null rather than a string: `1:`, `8080:`, `true:`,
    /// `1.5:`, `~:` or an empty key, anywhere in the file (services,
    /// `environment`, `labels`, `sysctls`, extension fields…). Quoted keys
    /// and keys tagged `!!str` are strings.
    ///
    /// ## Why is this bad?
    /// Compose refuses the whole file: `non-string key in
    /// services.app.environment: 1`. Tools that convert keys to strings
    /// silently accept it, so the file works with them and fails with
    /// Compose.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: nginx:1.27
    ///     sysctls:
    ///       1: 0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: nginx:1.27
    ///     sysctls:
    ///       "1": 0
    /// ```
    pub(crate) struct NonStringKey {
        name: "non-string-key",
        family: Syntax,
        severity: Error,
        summary: "a compose file key that YAML reads as a number, a boolean or null",
        fixable: true,
    }
}

impl Rule for NonStringKey {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        if file.kind != FileKind::Compose {
            return;
        }
        for document in &file.yaml.documents {
            walk(&document.root, file, cx);
        }
    }
}

/// Visits every node once: an alias is visited where its anchor is.
fn walk(node: &Node, file: &LoadedFile, cx: &mut Context<'_>) {
    match &node.kind {
        NodeKind::Anchor(inner) => walk(inner, file, cx),
        NodeKind::Alias(_) | NodeKind::Scalar(_) => {}
        NodeKind::Sequence(items) => items.iter().for_each(|item| walk(item, file, cx)),
        NodeKind::Mapping(entries) => {
            for entry in entries {
                if !entry.key.is_merge_key() {
                    check_key(&entry.key, file, cx);
                }
                walk(&entry.value, file, cx);
            }
        }
    }
}

fn check_key(key: &Node, file: &LoadedFile, cx: &mut Context<'_>) {
    let target = key.target();
    let NodeKind::Scalar(written) = &target.kind else {
        // A sequence or mapping as a key is a YAML conversion error.
        return;
    };
    let what = match scalar::resolve(written, target.tag.as_deref()) {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        _ => return,
    };
    let text = written.text.as_str();
    let shown = if text.is_empty() { "~" } else { text };
    let mut finding = Finding::new(
        Location::span(file.id, key.span),
        format!("key `{shown}` is {what} to YAML, and Compose needs string keys"),
    )
    .primary_label(format!("{what}, not a string"))
    .help(format!("quote the key: `\"{text}\":`"))
    .note("Compose refuses the file: `non-string key`");
    // A key written plainly, not through an alias or a tag, is quoted in
    // place.
    let plain = matches!(&key.kind, NodeKind::Scalar(_)) && key.tag.is_none();
    if plain && !text.is_empty() && !text.contains(['"', '\\']) {
        finding = finding.fix(
            format!("quote the key as `\"{text}\"`"),
            Applicability::Safe,
            vec![(Location::span(file.id, key.span), format!("\"{text}\""))],
        );
    }
    cx.report(finding);
}
