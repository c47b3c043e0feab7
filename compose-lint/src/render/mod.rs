//! Renderers: the same diagnostics as text for people, one line each for
//! editors and scripts, versioned JSON for programs, SARIF for code-scanning
//! services, and GitHub Actions workflow commands for annotations.

pub mod compact;
pub mod files;
pub mod github;
pub mod human;
pub mod json;
mod paths;
pub mod rules;
pub mod sarif;
pub mod statistics;

pub use human::HumanOptions;

use crate::diagnostic::Diagnostic;

/// The message, then each note and the help on a line of its own, for
/// outputs that carry one block of text per finding (SARIF, annotations).
pub fn message_with_notes(diagnostic: &Diagnostic) -> String {
    let mut text = diagnostic.message().to_string();
    for note in diagnostic.notes() {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    if let Some(help) = diagnostic.help() {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// The problems `schema_text` (a draft-07 schema from `compose-lint/schemas/`) finds in
/// the JSON `output`.
#[cfg(test)]
pub(crate) fn schema_errors(schema_text: &str, output: &str) -> Vec<String> {
    let parse = |text: &str| -> serde_json::Value {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"))
    };
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&parse(schema_text))
        .unwrap_or_else(|e| panic!("the schema does not compile: {e}"));
    validator
        .iter_errors(&parse(output))
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}
