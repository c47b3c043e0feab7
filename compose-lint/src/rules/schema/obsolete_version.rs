use crate::declare_rule;
use crate::diagnostic::Applicability;
use crate::location::Location;
use crate::project::{FileKind, LoadedFile};
use crate::rules::{Context, Finding, Rule};
use crate::source::Span;
use crate::yaml::tree::NodeKind;

declare_rule! {
    /// ## What it does
    /// Reports the top-level `version` key of a compose file. The diagnostic
    /// carries a safe fix that deletes the line, when the key and its value
    /// are written on a line of their own.
    ///
    /// ## Why is this bad?
    /// The Compose Specification made `version` obsolete: Compose ignores it
    /// and warns (`the attribute version is obsolete, it will be ignored`).
    /// It does not pick a schema or turn features on or off, so it only
    /// misleads readers into thinking `version: "2"` limits what the file
    /// may use. Nothing breaks, so it is information: it does not fail a
    /// run at the default `fail-on` (warning), and `--fix` removes it.
    ///
    /// ## Example
    /// ```yaml
    /// version: "3.8"
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    pub(crate) struct ObsoleteVersion {
        name: "obsolete-version",
        family: Schema,
        severity: Info,
        summary: "the top-level `version` key is obsolete and ignored",
        fixable: true,
    }
}

impl Rule for ObsoleteVersion {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        if file.kind != FileKind::Compose {
            return;
        }
        for document in &file.yaml.documents {
            let Some(entries) = document.root.as_mapping() else {
                continue;
            };
            let Some(entry) = entries.iter().find(|entry| {
                entry
                    .key
                    .as_scalar()
                    .is_some_and(|key| key.style.is_plain() && key.text == "version")
            }) else {
                continue;
            };
            let written = match &entry.value.kind {
                NodeKind::Scalar(scalar) => format!(" `{}`", scalar.text),
                _ => String::new(),
            };
            let mut finding = Finding::new(
                Location::span(file.id, entry.key.span),
                format!("`version`{written} is obsolete: Compose ignores it"),
            )
            .primary_label("ignored by Compose")
            .help(
                "remove the line; Compose reads every file with the current Compose Specification",
            );
            if let Some(line) = own_line(file.source.text(), entry.key.span, entry.value.span)
                && matches!(entry.value.kind, NodeKind::Scalar(_))
            {
                finding = finding.fix(
                    "remove the obsolete `version` line",
                    Applicability::Safe,
                    vec![(Location::span(file.id, line), String::new())],
                );
            }
            cx.report(finding);
        }
    }
}

/// The whole line(s) from `key` to the end of `value`, with the line break,
/// when nothing but blanks and a comment share them.
fn own_line(text: &str, key: Span, value: Span) -> Option<Span> {
    let start = text.get(..key.start)?.rfind('\n').map_or(0, |i| i + 1);
    if !text.get(start..key.start)?.trim().is_empty() {
        return None;
    }
    let rest = text.get(value.end..)?;
    let line_end = rest.find('\n').map_or(text.len(), |i| value.end + i + 1);
    let tail = text.get(value.end..line_end)?.trim();
    if !(tail.is_empty() || tail.starts_with('#')) {
        return None;
    }
    Some(Span {
        start,
        end: line_end,
    })
}
