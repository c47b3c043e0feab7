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

/// `text` in lines of at most `width` characters, broken at spaces only
/// outside `code spans`; a word longer than the width stays whole.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in words(text) {
        let fits = line.is_empty() || line.chars().count() + 1 + word.chars().count() <= width;
        if !fits {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The words of `text`: split at spaces, except inside backquotes, where a
/// space does not end the word (a code span is never broken).
fn words(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = None;
    let mut in_code = false;
    for (index, c) in text.char_indices() {
        match c {
            '`' => {
                in_code = !in_code;
                start.get_or_insert(index);
            }
            ' ' if !in_code => {
                if let Some(s) = start.take() {
                    words.push(&text[s..index]);
                }
            }
            _ => {
                start.get_or_insert(index);
            }
        }
    }
    if let Some(s) = start {
        words.push(&text[s..]);
    }
    words
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_never_breaks_a_code_span() {
        let lines = wrap("set `restart: unless-stopped` on the service", 12);
        assert_eq!(
            lines,
            ["set", "`restart: unless-stopped`", "on the", "service"]
        );
        assert_eq!(wrap("", 10), [""]);
    }
}
