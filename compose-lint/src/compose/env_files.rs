//! The `env_file`s of services, read as Compose reads them when it loads
//! the project: a line it cannot read stops it (`failed to read
//! app.env: line 1: key cannot contain a space`).

use std::collections::HashSet;
use std::path::Path;

use super::dotenv::{self, DotenvProblemKind};
use super::load::{Loader, absolute, origin_location};
use super::problem::LoadProblem;
use super::value::{Origin, Value};
use crate::location::{FileId, Location};
use crate::source::Span;
use crate::sources::FileKind;

/// An `env_file` entry: its path (absolute, after interpolation), whether
/// it is in the `raw` format, and where it is written.
struct Entry<'a> {
    path: &'a str,
    raw: bool,
    origin: Option<Origin>,
}

impl Loader<'_> {
    /// Reads each linted service's `env_file` that exists inside the
    /// project directory, once, and records the lines Compose cannot read. A
    /// missing file is `env-file-missing`'s to report; a file elsewhere
    /// belongs to the machine the project runs on and is not read.
    pub(crate) fn read_env_files(&mut self, model: &Value) {
        let Some(services) = model.get("services").and_then(Value::as_mapping) else {
            return;
        };
        let directory = absolute(&self.sources.directory);
        // The files read here, and each file checked in each format.
        let mut ours: HashSet<FileId> = HashSet::new();
        let mut checked: HashSet<(FileId, bool)> = HashSet::new();
        // The services of the model: every service unless profiles are
        // selected, then only those they enable, as for every rule.
        for service in services.values() {
            for entry in entries(service) {
                let path = Path::new(entry.path);
                if !path.starts_with(&directory) || !path.is_file() {
                    continue;
                }
                let at = entry
                    .origin
                    .as_ref()
                    .map(origin_location)
                    .unwrap_or_else(|| Location::Unread {
                        path: path.to_path_buf(),
                    });
                let Ok((id, already)) = self.add_file(path, FileKind::Env, at) else {
                    continue;
                };
                if !already {
                    ours.insert(id);
                }
                // A file another stage read (the project's `.env`) was
                // checked then in the default format.
                let read_elsewhere = already && !ours.contains(&id);
                if (read_elsewhere && !entry.raw) || !checked.insert((id, entry.raw)) {
                    continue;
                }
                let text = self
                    .sources
                    .file(id)
                    .map(|f| f.source.text().to_string())
                    .unwrap_or_default();
                let problems: Vec<(Span, String, Option<String>)> = if entry.raw {
                    raw_problems(&text)
                } else {
                    dotenv::parse(&text, &|_| None)
                        .problems
                        .into_iter()
                        .filter_map(|problem| match problem.kind {
                            DotenvProblemKind::Syntax { message, help } => {
                                Some((problem.span, message, help))
                            }
                            DotenvProblemKind::Interpolation(_) => None,
                        })
                        .collect()
                };
                for (span, message, help) in problems {
                    self.problems.push(LoadProblem::DotenvSyntax {
                        at: Location::span(id, span),
                        message,
                        help,
                    });
                }
            }
        }
    }
}

/// The `env_file` entries of a service: a path, a list of paths, or long
/// entries (`path`, `format`).
fn entries(service: &Value) -> Vec<Entry<'_>> {
    let Some(env_file) = service.get("env_file") else {
        return Vec::new();
    };
    let items: Vec<&Value> = match env_file.as_sequence() {
        Some(items) => items.iter().collect(),
        None => vec![env_file],
    };
    items
        .into_iter()
        .filter_map(|item| match item.as_str() {
            Some(path) => Some(Entry {
                path,
                raw: false,
                origin: item.origin,
            }),
            None => {
                let path = item.get("path")?;
                Some(Entry {
                    path: path.as_str()?,
                    raw: item.get("format").and_then(Value::as_str) == Some("raw"),
                    origin: path.origin,
                })
            }
        })
        .collect()
}

/// The lines the `raw` format refuses, as Docker's env-file reader does:
/// a name with a space or a tab, and a line with `=` but no name.
fn raw_problems(text: &str) -> Vec<(Span, String, Option<String>)> {
    let mut problems = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = start + (body.len() - trimmed.len());
        let name = trimmed.split_once('=').map_or(trimmed, |(name, _)| name);
        if trimmed.starts_with('=') {
            problems.push((
                Span::new(at, at + trimmed.len()),
                format!("no variable name on line `{trimmed}`"),
                Some("write `NAME=value`".to_string()),
            ));
        } else if name.contains([' ', '\t']) {
            problems.push((
                Span::new(at, at + name.len()),
                format!("variable `{name}` contains whitespace"),
                Some("a name in a raw env file cannot hold spaces".to_string()),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_lines_are_read_as_docker_reads_them() {
        let text = "# comment\nA=1\n  B = 2\nC D=3\n=4\nLONE\nTWO WORDS\n";
        let found: Vec<String> = raw_problems(text).into_iter().map(|p| p.1).collect();
        assert_eq!(
            found,
            [
                "variable `B ` contains whitespace",
                "variable `C D` contains whitespace",
                "no variable name on line `=4`",
                "variable `TWO WORDS` contains whitespace",
            ]
        );
    }
}
