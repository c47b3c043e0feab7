//! The `env_file`s of services, read as Compose reads them when it loads
//! the project: a line it cannot read stops it (`failed to read
//! app.env: line 1: key cannot contain a space`).

use std::collections::HashSet;
use std::path::Path;

use super::dotenv::{self, Dotenv, DotenvEntry, DotenvProblem, DotenvProblemKind};
use super::environment::{Environment, interpolation_problem};
use super::load::{Loader, absolute, origin_location};
use super::problem::LoadProblem;
use super::value::{Kind, Origin, Value};
use crate::location::{FileId, Location};
use crate::source::Span;
use crate::sources::FileKind;

/// An `env_file` entry: its path (absolute, after interpolation), whether
/// it is in the `raw` format, and where it is written.
struct Entry {
    path: String,
    raw: bool,
    origin: Option<Origin>,
}

impl Loader<'_> {
    /// Reads each linted service's `env_file` that exists inside the
    /// project directory, records the lines Compose cannot read, and adds
    /// the variables the files set to the service's `environment`, as
    /// Compose does: a variable `environment` sets wins, and of two files
    /// the later one. A missing file is `env-file-missing`'s to report; a
    /// file elsewhere belongs to the machine the project runs on and is not
    /// read.
    ///
    /// Returns the names `environment` or build arguments list bare, whose
    /// values come from the process or `.env`: the process's are never
    /// printed.
    pub(crate) fn read_env_files(
        &mut self,
        model: &mut Value,
        environment: &Environment,
    ) -> Vec<String> {
        let mut bare = Vec::new();
        let Some(services) = model
            .as_mapping_mut()
            .and_then(|m| m.get_mut("services"))
            .and_then(Value::as_mapping_mut)
        else {
            return bare;
        };
        let directory = absolute(&self.sources.directory);
        // The files read here, and each file checked in each format.
        let mut ours: HashSet<FileId> = HashSet::new();
        let mut checked: HashSet<(FileId, bool)> = HashSet::new();
        // The services of the model: every service unless profiles are
        // selected, then only those they enable, as for every rule.
        for service in services.values_mut() {
            // The variables the service's files set so far, by file.
            let mut variables: Vec<(FileId, DotenvEntry)> = Vec::new();
            for Entry { path, raw, origin } in entries(service) {
                let path = Path::new(&path);
                if !path.starts_with(&directory) || !path.is_file() {
                    continue;
                }
                let at = origin
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
                let text = self
                    .sources
                    .file(id)
                    .map(|f| f.source.text().to_string())
                    .unwrap_or_default();
                // Earlier files' variables, then the project's environment.
                let lookup = |name: &str| {
                    variables
                        .iter()
                        .rev()
                        .find(|(_, v)| v.name == name)
                        .map(|(_, v)| v.value.clone())
                        .or_else(|| environment.get(name).map(str::to_string))
                };
                let parsed = if raw {
                    raw_file(&text, &lookup)
                } else {
                    dotenv::parse(&text, &lookup)
                };
                variables.extend(
                    parsed
                        .entries
                        .into_iter()
                        .filter(|entry| !entry.name.is_empty())
                        .map(|entry| (id, entry)),
                );
                // A file another stage read (the project's `.env`) was
                // checked then in the default format.
                let read_elsewhere = already && !ours.contains(&id);
                if (read_elsewhere && !raw) || !checked.insert((id, raw)) {
                    continue;
                }
                for problem in parsed.problems {
                    let at = Location::span(id, problem.span);
                    match problem.kind {
                        DotenvProblemKind::Syntax { message, help } => {
                            self.problems
                                .push(LoadProblem::DotenvSyntax { at, message, help });
                        }
                        // A `${...}` Compose cannot substitute (a bad one,
                        // a required variable unset) stops it as a bad
                        // line does; an unset variable is empty here
                        // without a word.
                        DotenvProblemKind::Interpolation(kind) if kind.is_error() => {
                            self.problems
                                .push(interpolation_problem(at, kind, environment));
                        }
                        DotenvProblemKind::Interpolation(_) => {}
                    }
                }
            }
            add_to_environment(service, variables);
            resolve_bare_names(service, environment, &mut bare);
        }
        bare
    }
}

/// Gives a name `environment` lists without a value (`- NAME`, `NAME:`)
/// the project environment's value (the process, then `.env`), as Compose
/// does; a name the project environment does not set stays without one,
/// and still wins over an env file's value. A build argument without a
/// value takes the environment's too, and one it does not set is dropped.
fn resolve_bare_names(service: &mut Value, environment: &Environment, bare: &mut Vec<String>) {
    let Some(map) = service.as_mapping_mut() else {
        return;
    };
    if let Some(variables) = map.get_mut("environment").and_then(Value::as_mapping_mut) {
        for (name, value) in variables.iter_mut() {
            if matches!(value.kind, Kind::Null)
                && let Some(found) = environment.get(name)
            {
                value.kind = Kind::String(found.into());
                bare.push(name.to_string());
            }
        }
    }
    if let Some(args) = map
        .get_mut("build")
        .and_then(|b| b.get_mut("args"))
        .and_then(Value::as_mapping_mut)
    {
        args.retain(|name, value| {
            if !matches!(value.kind, Kind::Null) {
                return true;
            }
            match environment.get(name) {
                Some(found) => {
                    value.kind = Kind::String(found.into());
                    bare.push(name.to_string());
                    true
                }
                None => false,
            }
        });
        if args.is_empty()
            && let Some(build) = map.get_mut("build").and_then(Value::as_mapping_mut)
        {
            build.shift_remove("args");
        }
    }
}

/// Adds `variables` to the service's `environment` mapping, the later of
/// two with one name winning, and none that `environment` sets itself.
fn add_to_environment(service: &mut Value, variables: Vec<(FileId, DotenvEntry)>) {
    if variables.is_empty() {
        return;
    }
    let Some(map) = service.as_mapping_mut() else {
        return;
    };
    let environment = map
        .entry("environment".into())
        .or_insert_with(|| Value::synthetic(Kind::Mapping(Box::default())));
    let Some(environment) = environment.as_mapping_mut() else {
        return;
    };
    let written: HashSet<String> = environment.keys().map(|k| k.to_string()).collect();
    for (file, variable) in variables {
        if written.contains(&variable.name) {
            continue;
        }
        let origin = Origin::new(file, Some(variable.name_span), variable.value_span, None);
        environment.insert(
            variable.name.into(),
            Value::with_origin(Kind::String(variable.value.into()), Some(origin)),
        );
    }
}

/// The `env_file` entries of a service: a path, a list of paths, or long
/// entries (`path`, `format`).
fn entries(service: &Value) -> Vec<Entry> {
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
                path: path.to_string(),
                raw: false,
                origin: item.origin,
            }),
            None => {
                let path = item.get("path")?;
                Some(Entry {
                    path: path.as_str()?.to_string(),
                    raw: item.get("format").and_then(Value::as_str) == Some("raw"),
                    origin: path.origin,
                })
            }
        })
        .collect()
}

/// What the `raw` format, read as Docker reads raw env files, refuses and
/// sets: `NAME=value` with the value as written, a lone `NAME` from the
/// environment; a name with a space or a tab, and a line with `=` but no
/// name, are refused.
fn raw_file(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Dotenv {
    let mut raw = Dotenv::default();
    let refuse = |span: Span, message: String, help: &str| DotenvProblem {
        span,
        kind: DotenvProblemKind::Syntax {
            message,
            help: Some(help.to_string()),
        },
    };
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
        let (name, value) = match trimmed.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (trimmed, None),
        };
        let name_span = Span::new(at, at + name.len());
        if name.is_empty() {
            raw.problems.push(refuse(
                Span::new(at, at + trimmed.len()),
                format!("no variable name on line `{trimmed}`"),
                "write `NAME=value`",
            ));
        } else if name.contains([' ', '\t']) {
            raw.problems.push(refuse(
                name_span,
                format!("variable `{name}` contains whitespace"),
                "a name in a raw env file cannot hold spaces",
            ));
        } else {
            let (value, value_span) = match value {
                Some(value) => {
                    let value_start = at + name.len() + 1;
                    (
                        value.to_string(),
                        Span::new(value_start, value_start + value.len()),
                    )
                }
                None => match lookup(name) {
                    Some(value) => (value, name_span),
                    None => continue,
                },
            };
            raw.entries.push(DotenvEntry {
                name: name.to_string(),
                value,
                name_span,
                value_span,
            });
        }
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_lines_are_read_as_docker_reads_them() {
        let text = "# comment\nA=1\n  B = 2\nC D=3\n=4\nLONE\nTWO WORDS\n";
        let found: Vec<String> = raw_file(text, &|_| None)
            .problems
            .into_iter()
            .filter_map(|p| match p.kind {
                DotenvProblemKind::Syntax { message, .. } => Some(message),
                DotenvProblemKind::Interpolation(_) => None,
            })
            .collect();
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
