//! The versioned JSON output. Its shape is a contract with the programs
//! that read it: these structs are separate from the internal types so that
//! refactoring the linter never changes the output by accident. Lines and
//! columns are 1-based; columns count characters; `end_column` is the column
//! just after the last character.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Label};

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
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
    let output = Output {
        version: VERSION,
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
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
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_else(|error| {
        // Serialising plain strings and numbers cannot fail; if it ever does,
        // say so in valid JSON rather than printing nothing.
        format!("{{\"version\": {VERSION}, \"error\": \"{error}\"}}")
    });
    text.push('\n');
    text
}
