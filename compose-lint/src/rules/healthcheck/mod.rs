//! Rules about service healthchecks: the command Docker runs, whether the
//! image can run it, and the timings.

pub(crate) mod healthcheck_invalid_timing;
pub(crate) mod healthcheck_shell_syntax_in_exec_form;
pub(crate) mod healthcheck_timeout_exceeds_interval;
pub(crate) mod healthcheck_tool_missing_in_image;

use crate::compose::value::{Kind, Origin, Value};

/// The programs that start a shell.
fn is_shell(program: &str) -> bool {
    let name = program.rsplit('/').next().unwrap_or(program);
    matches!(name, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh")
}

/// The items of a `test` list as strings; `None` when one is not a string.
fn strings(items: &[Value]) -> Option<Vec<&str>> {
    items.iter().map(Value::as_str).collect()
}

/// The first word of a shell command, skipping `VAR=value` assignments and
/// `exec`.
fn first_shell_word(command: &str) -> Option<&str> {
    command
        .split_whitespace()
        .find(|word| !(word.contains('=') || *word == "exec"))
}

/// How a healthcheck's command is run.
#[derive(Debug, PartialEq, Eq)]
enum Probe<'a> {
    /// `["CMD", program, args…]`.
    Exec(&'a str),
    /// `["CMD-SHELL", command]` or a plain string: run by `/bin/sh -c`.
    Shell(&'a str),
}

/// The probe of a `test` value, when it runs something.
fn probe(test: &Value) -> Option<Probe<'_>> {
    match &test.kind {
        Kind::String(command) => Some(Probe::Shell(command)),
        Kind::Sequence(items) => {
            let items = strings(items)?;
            match *items.first()? {
                "CMD" => Some(Probe::Exec(items.get(1)?)),
                "CMD-SHELL" => Some(Probe::Shell(items.get(1)?)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Remembers what was reported, so that a value written once and shared
/// through a YAML anchor by several services is reported once.
#[derive(Default)]
struct Reported(std::collections::HashSet<(Origin, String)>);

impl Reported {
    /// True the first time `value` is seen with `context`.
    fn first(&mut self, value: &Value, context: &str) -> bool {
        // Where it was written, whichever alias brought it here; a value
        // with no origin is always new.
        let Some(origin) = value.origin else {
            return true;
        };
        let entry = (origin.without_via(), context.to_string());
        self.0.insert(entry)
    }
}
