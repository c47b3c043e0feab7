//! `include`: other compose projects loaded with their own directory and
//! environment, whose resources are added to the including file. A resource
//! the including file also defines is merged, the including file winning.

use std::path::{Path, PathBuf};

use super::load::{Loader, Scope, absolute, origin_location, string_list};
use super::merge;
use super::paths;
use super::problem::LoadProblem;
use super::value::{Mapping, Origin, Value};
use crate::location::{FileId, Location};
use crate::source::Span;
use crate::sources::FileKind;

/// The top-level sections an included project contributes.
const IMPORTED_SECTIONS: [&str; 6] = [
    "services", "volumes", "networks", "secrets", "configs", "models",
];

/// The longest `include` chain loaded, counting the files in it, the
/// project's own file included. A real project includes a few levels deep;
/// each level is loaded by recursion, and 64 levels keep the call stack
/// well inside the 2 MiB of a worker thread. A longer chain is reported by
/// `chain-too-deep`, and the entry that passes the limit is not loaded.
pub(crate) const MAX_INCLUDE_DEPTH: usize = 64;

struct IncludeEntry {
    paths: Vec<(String, Option<Origin>)>,
    project_directory: Option<String>,
    env_files: Vec<(String, Option<Origin>)>,
    origin: Option<Origin>,
}

impl Loader<'_> {
    pub(crate) fn apply_include(&mut self, document: &mut Value, scope: &Scope) {
        let Some(include) = document
            .as_mapping_mut()
            .and_then(|map| map.shift_remove("include"))
        else {
            return;
        };
        let Some(items) = include.as_sequence() else {
            return;
        };
        for item in items {
            let Some(entry) = parse_entry(item) else {
                continue;
            };
            if let Some(imported) = self.load_include(&entry, scope) {
                import_resources(document, imported, &mut self.problems);
            }
        }
    }

    fn load_include(&mut self, entry: &IncludeEntry, scope: &Scope) -> Option<Value> {
        let (first, first_origin) = entry.paths.first()?;
        let home = self.home.clone();
        let resolve = |path: &str| -> PathBuf {
            absolute(
                &scope
                    .working_dir
                    .join(paths::expand_home(path, home.as_deref())),
            )
        };
        let first_path = resolve(first);
        let at = |origin: &Option<Origin>| {
            origin
                .map(|o| origin_location(&o))
                .or(entry.origin.map(|o| origin_location(&o)))
                .unwrap_or_else(|| Location::span(FileId(0), Span::at(0)))
        };
        if let Some(start) = scope.include_chain.iter().position(|p| *p == first_path) {
            let mut chain = scope.include_chain[start..].to_vec();
            chain.push(first_path);
            self.problems.push(LoadProblem::IncludeCycle {
                at: at(first_origin),
                chain,
            });
            return None;
        }
        if scope.include_chain.len() >= MAX_INCLUDE_DEPTH {
            self.problems.push(LoadProblem::ChainTooDeep {
                at: at(first_origin),
                key: "include",
                limit: MAX_INCLUDE_DEPTH,
            });
            return None;
        }
        let project_dir = match &entry.project_directory {
            Some(dir) => resolve(dir),
            None => first_path
                .parent()
                .map_or_else(|| scope.working_dir.clone(), Path::to_path_buf),
        };

        let mut environment = scope.environment.clone();
        let explicit_env: Vec<_> = entry
            .env_files
            .iter()
            .filter(|(f, _)| f != "/dev/null")
            .map(|(f, o)| (resolve(f), *o))
            .collect();
        let env_files = if entry.env_files.is_empty() {
            let default = project_dir.join(".env");
            if default.is_file() {
                vec![(default, None)]
            } else {
                Vec::new()
            }
        } else {
            explicit_env
        };
        let mut texts = Vec::new();
        for (path, origin) in env_files {
            match self.add_file(&path, FileKind::Env, at(&origin)) {
                Ok((id, _)) => {
                    let text = self
                        .sources
                        .file(id)
                        .map(|f| f.source.text().to_string())
                        .unwrap_or_default();
                    texts.push((id, text));
                }
                Err(Some(reason)) => self.problems.push(LoadProblem::IncludeFileMissing {
                    at: at(&origin),
                    path,
                    reason,
                }),
                Err(None) => {}
            }
        }

        environment.add_files(&texts, &mut self.problems);
        let include_scope = Scope {
            working_dir: project_dir,
            environment,
            include_chain: scope.include_chain.clone(),
        };
        let mut model = Value::mapping(Mapping::default());
        for (path, origin) in &entry.paths {
            let path = resolve(path);
            match self.add_file(&path, FileKind::Compose, at(origin)) {
                Ok((id, _)) => {
                    self.included_files.push(id);
                    model = self.load_file(id, &include_scope, model);
                }
                Err(Some(reason)) => {
                    self.problems.push(LoadProblem::IncludeFileMissing {
                        at: at(origin),
                        path,
                        reason,
                    });
                    return None;
                }
                Err(None) => return None,
            }
        }
        merge::strip_tags(&mut model);
        Some(model)
    }

    /// The id of the file at `path` (absolute), reading it unless it is
    /// loaded already, and whether it was loaded already. The file is named
    /// relative to the project directory when it is inside it, like the
    /// files given on the command line.
    ///
    /// `Err(None)`: the file resolves outside the project root; it is not
    /// read, and is recorded as refused where `at` names it.
    pub(crate) fn add_file(
        &mut self,
        path: &Path,
        kind: FileKind,
        at: Location,
    ) -> Result<(FileId, bool), Option<String>> {
        // Found by path in constant time; a path loaded as another kind
        // first (rare) is looked for among every file.
        if let Some(first) = self.sources.loaded_from(path) {
            if self.sources.file(first).is_some_and(|f| f.kind == kind) {
                return Ok((first, true));
            }
            if let Some(file) = self
                .sources
                .files
                .iter()
                .find(|f| f.kind == kind && absolute(f.source.path()) == path)
            {
                return Ok((file.id, true));
            }
        }
        let base = absolute(&self.sources.directory);
        // Spelled from the project directory as the user gave it.
        let display = match path.strip_prefix(&base) {
            Ok(inside) if self.sources.directory == Path::new(".") => inside.to_path_buf(),
            Ok(inside) => self.sources.directory.join(inside),
            Err(_) => path.to_path_buf(),
        };
        match self.sources.add_path(&display, kind, self.max_file_size) {
            Ok(id) => Ok((id, false)),
            Err(error) => match self.sources.refuse(error, kind, Some(at)) {
                Ok(()) => Err(None),
                Err(error) => Err(Some(reason(&error))),
            },
        }
    }
}

/// What went wrong reading a file, without the path (messages name it).
pub(crate) fn reason(error: &crate::error::Error) -> String {
    use crate::error::Error;
    match error {
        Error::NotFound(_) => "no such file or directory".to_string(),
        Error::NotRegularFile(_) => "not a regular file".to_string(),
        Error::TooLarge { size, limit, .. } => {
            format!("the file is {size} bytes, over the limit of {limit} bytes")
        }
        Error::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

fn parse_entry(item: &Value) -> Option<IncludeEntry> {
    if let Some(path) = item.as_str() {
        return Some(IncludeEntry {
            paths: vec![(path.to_string(), item.origin)],
            project_directory: None,
            env_files: Vec::new(),
            origin: item.origin,
        });
    }
    let map = item.as_mapping()?;
    Some(IncludeEntry {
        paths: map.get("path").map(string_list).unwrap_or_default(),
        project_directory: map
            .get("project_directory")
            .and_then(Value::as_str)
            .map(str::to_string),
        env_files: map.get("env_file").map(string_list).unwrap_or_default(),
        origin: item.origin,
    })
}

/// Adds the included project's resources to `document`. Where both define
/// one, they must be the same, as Compose requires: a different one is a
/// conflict, and the including document's definition is kept.
fn import_resources(document: &mut Value, imported: Value, problems: &mut Vec<LoadProblem>) {
    let Some(target) = document.as_mapping_mut() else {
        return;
    };
    let Value {
        kind: super::value::Kind::Mapping(mut imported),
        ..
    } = imported
    else {
        return;
    };
    for section in IMPORTED_SECTIONS {
        let Some(from) = imported.shift_remove(section) else {
            continue;
        };
        let origin = from.origin;
        let Value {
            kind: super::value::Kind::Mapping(from),
            ..
        } = from
        else {
            continue;
        };
        let to = target.entry(section.into()).or_insert_with(|| {
            Value::with_origin(super::value::Kind::Mapping(Box::default()), origin)
        });
        let Some(to) = to.as_mapping_mut() else {
            continue;
        };
        for (name, resource) in *from {
            match to.get(&name) {
                None => {
                    to.insert(name, resource);
                }
                Some(local) => {
                    if local.to_json() != resource.to_json()
                        && let (Some(here), Some(there)) = (local.origin, resource.origin)
                    {
                        problems.push(LoadProblem::IncludeConflict {
                            at: key_location(&here),
                            included: key_location(&there),
                            section,
                            name: name.to_string(),
                        });
                    }
                }
            }
        }
    }
}

/// Where a resource's name is written.
fn key_location(origin: &Origin) -> Location {
    Location::span(origin.file, origin.key().unwrap_or(origin.value()))
}
