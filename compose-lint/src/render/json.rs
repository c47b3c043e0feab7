//! The versioned JSON output. Its shape is a contract with the programs
//! that read it: these structs are separate from the internal types so that
//! refactoring the linter never changes the output by accident. Lines and
//! columns are 1-based; columns count characters; `end_column` is the column
//! just after the last character.
//!
//! Version 1 grew one optional part without a version change: findings a
//! suppression silenced are listed under `suppressed`, each with its
//! `suppression`, and both keys are left out when nothing was suppressed,
//! so readers written before them see the same output. Likewise `files`,
//! present with `--show-files` only: per project, the files read and why,
//! and the files its configurations name that were not read; and
//! `not_linted`, the compose-like files a directory search passed over.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Label, SuppressionKind};
use crate::discover::NotLinted;
use crate::inventory::ProjectFiles;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressed: Vec<JsonDiagnostic<'a>>,
    /// With `--show-files` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<Vec<JsonProjectFiles<'a>>>,
    /// With `--show-files` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    not_linted: Option<Vec<JsonNotLinted>>,
}

#[derive(Serialize)]
struct JsonNotLinted {
    path: String,
    reason: String,
}

#[derive(Serialize)]
struct JsonProjectFiles<'a> {
    directory: &'a str,
    read: Vec<JsonFile<'a>>,
    not_read: Vec<JsonFile<'a>>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    location: JsonLocation,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    notes: &'a [String],
    url: String,
    /// Absent when the rule offers no repair.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
    /// Present on suppressed findings only.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppression: Option<JsonSuppression<'a>>,
}

#[derive(Serialize)]
struct JsonSuppression<'a> {
    /// `in-source` (a comment in the file) or `configuration`.
    kind: &'static str,
    justification: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    /// `safe` or `unsafe`.
    applicability: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    path: String,
    /// Byte offsets of the replaced range in the file's text.
    start: usize,
    end: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: Option<&'a str>,
    location: JsonLocation,
}

#[derive(Serialize)]
struct JsonLocation {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl JsonLocation {
    fn of(label: &Label) -> Self {
        let (start, end) = (label.start(), label.end());
        Self {
            path: label.source().path().display().to_string(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

pub fn render(diagnostics: &[Diagnostic]) -> String {
    render_with_suppressed(diagnostics, &[])
}

/// The output with the findings a suppression silenced listed under
/// `suppressed`.
pub fn render_with_suppressed(diagnostics: &[Diagnostic], suppressed: &[Diagnostic]) -> String {
    render_with_files(diagnostics, suppressed, None)
}

/// The output with, when `files` is given (`--show-files`), the files each
/// project read and those its configurations name that were not read, and
/// the compose-like files a search did not lint.
pub fn render_with_files(
    diagnostics: &[Diagnostic],
    suppressed: &[Diagnostic],
    files: Option<(&[ProjectFiles], &[NotLinted])>,
) -> String {
    let not_linted = files.map(|(_, not_linted)| {
        not_linted
            .iter()
            .map(|file| JsonNotLinted {
                path: file.path.display().to_string(),
                reason: file.reason.to_string(),
            })
            .collect()
    });
    let files = files.map(|(projects, _)| {
        projects
            .iter()
            .map(|project| JsonProjectFiles {
                directory: &project.directory,
                read: project
                    .read
                    .iter()
                    .map(|f| JsonFile {
                        path: &f.path,
                        reason: &f.reason,
                    })
                    .collect(),
                not_read: project
                    .unread
                    .iter()
                    .map(|f| JsonFile {
                        path: &f.path,
                        reason: &f.reason,
                    })
                    .collect(),
            })
            .collect()
    });
    let output = Output {
        version: VERSION,
        diagnostics: diagnostics.iter().map(diagnostic).collect(),
        suppressed: suppressed.iter().map(diagnostic).collect(),
        files,
        not_linted,
    };
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_else(|error| {
        // Serialising plain strings and numbers cannot fail; if it ever does,
        // say so in valid JSON rather than printing nothing.
        format!("{{\"version\": {VERSION}, \"error\": \"{error}\"}}")
    });
    text.push('\n');
    text
}

fn diagnostic(d: &Diagnostic) -> JsonDiagnostic<'_> {
    JsonDiagnostic {
        rule: d.rule(),
        severity: d.severity().as_str(),
        message: d.message(),
        location: JsonLocation::of(d.primary()),
        labels: d
            .secondary()
            .iter()
            .map(|label| JsonLabel {
                message: label.message(),
                location: JsonLocation::of(label),
            })
            .collect(),
        help: d.help(),
        notes: d.notes(),
        url: d.url(),
        fix: d.fix().map(|fix| JsonFix {
            description: fix.description(),
            applicability: fix.applicability().as_str(),
            edits: fix
                .edits()
                .iter()
                .map(|edit| JsonEdit {
                    path: edit.source().path().display().to_string(),
                    start: edit.span().start,
                    end: edit.span().end,
                    replacement: edit.replacement(),
                })
                .collect(),
        }),
        suppression: d.suppression().map(|suppression| JsonSuppression {
            kind: match suppression.kind {
                SuppressionKind::InSource => "in-source",
                SuppressionKind::Configuration => "configuration",
            },
            justification: suppression.justification.as_deref(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::{Severity, Suppression};
    use crate::rules::RULES;
    use crate::source::{SourceFile, Span};

    #[test]
    fn suppressed_findings_are_listed_apart_and_match_the_schema() {
        let source = Arc::new(SourceFile::new("compose.yaml", "services: {}\n"));
        let label = Label::new(source, Span::new(0, 8), None);
        let meta = RULES[0].meta();
        let counted = Diagnostic::new(meta, Severity::Warning, "counted".into(), label.clone());
        let silenced = Diagnostic::new(meta, Severity::Error, "silenced".into(), label)
            .with_suppression(Some(Suppression {
                kind: SuppressionKind::InSource,
                justification: Some("reviewed".into()),
            }));
        let without = render(std::slice::from_ref(&counted));
        assert!(!without.contains("suppress"), "{without}");
        let with = render_with_suppressed(&[counted], &[silenced]);
        let errors =
            crate::render::schema_errors(include_str!("../../schemas/report.schema.json"), &with);
        assert!(errors.is_empty(), "{errors:#?}");
        let value: serde_json::Value = serde_json::from_str(&with).unwrap_or_default();
        assert_eq!(value["diagnostics"][0]["message"], "counted");
        assert_eq!(
            value["suppressed"][0]["suppression"],
            serde_json::json!({"kind": "in-source", "justification": "reviewed"})
        );
    }
}
