//! The loading pipeline: for each compose file, in order, and each of its
//! documents: interpolate, resolve paths, apply `include`, apply `extends`,
//! merge into what was loaded before. Then remove the merge tags, apply
//! profiles and normalise. The order is Compose's.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::environment::Environment;
use super::merge::{self, MergeProblem, MergeProblemKind};
use super::normalize;
use super::paths::{self, PathContext};
use super::problem::LoadProblem;
use super::schema;
use super::substitute::interpolate_document;
use super::value::{self, Kind, Mapping, Origin, Value};
use crate::images::ImageCatalog;
use crate::location::{FileId, Location, Part};
use crate::source::Span;
pub(crate) use crate::sources::absolute;
use crate::sources::{FileKind, LoadedFile, Sources};
use crate::yaml::YamlProblem;

/// One document of a compose file after interpolation, `include` and
/// `extends`, before it is merged with the other files: what Compose
/// validates against the schema.
#[derive(Clone, Debug)]
pub struct Layer {
    pub file: FileId,
    pub value: Value,
}

/// What resolving needs besides the files.
#[derive(Clone, Debug, Default)]
pub struct ResolveOptions {
    pub environment: Environment,
    /// `--profile`; when empty, `COMPOSE_PROFILES`; when that is empty too,
    /// every service is kept.
    pub profiles: Vec<String>,
    /// `-p`; else `COMPOSE_PROJECT_NAME`, the top-level `name`, or the
    /// directory's name.
    pub project_name: Option<String>,
    pub max_file_size: u64,
    /// The image facts the project is loaded and linted with.
    pub images: ImageCatalog,
    /// Keep each interpolated document in [`Resolved::layers`] (a copy of
    /// every document: for tools that validate them again; linting does
    /// not need them).
    pub keep_layers: bool,
}

/// The result of loading the compose files: the first stage.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// The merged, interpolated, normalised project.
    pub model: Value,
    /// The services the active profiles leave out of `model`, normalised.
    pub disabled_services: Mapping,
    /// Each compose document as the schema checked it (interpolated, after
    /// `include` and `extends`), when [`ResolveOptions::keep_layers`] asks
    /// for them; empty otherwise.
    pub layers: Vec<Layer>,
    pub problems: Vec<LoadProblem>,
    pub name: String,
    /// The profiles in effect; empty means every service is kept.
    pub profiles: Vec<String>,
    /// The compose files loaded through `include`.
    pub included_files: Vec<FileId>,
    /// The files services `extends` from, other than their own file.
    pub extended_files: Vec<FileId>,
    /// The project's own compose files, in the order they were merged.
    pub root_files: Vec<FileId>,
    /// The values the files take from the process environment, which
    /// diagnostics never print.
    pub redactions: super::redact::Redactions,
    /// The positions of the services in `model` in the order they were
    /// written (the model keeps them sorted by name).
    pub(crate) service_order: Option<Vec<usize>>,
    /// The services that extend a remote base (not read offline): what
    /// they inherit is unknown.
    pub(crate) remote_extends: HashSet<String>,
}

/// Where a file is loaded from: the directory its relative paths are
/// resolved against, its variables, and the chain of files including it.
#[derive(Clone)]
pub(crate) struct Scope {
    pub working_dir: PathBuf,
    pub environment: Environment,
    pub include_chain: Vec<PathBuf>,
}

pub(crate) struct Loader<'p> {
    pub sources: &'p mut Sources,
    pub max_file_size: u64,
    pub home: Option<String>,
    pub problems: Vec<LoadProblem>,
    pub layers: Vec<Layer>,
    /// Whether [`Layer`]s are kept.
    pub keep_layers: bool,
    /// Files read for `extends`, by absolute path: their services.
    pub extends_files: HashMap<PathBuf, Result<(FileId, Mapping), Option<String>>>,
    /// Cycles already reported, by their sorted members.
    pub reported_cycles: HashSet<Vec<String>>,
    pub included_files: Vec<FileId>,
    /// Schema problems already recorded, by place and kind.
    pub schema_seen: HashSet<(FileId, Span, schema::SchemaProblemKind)>,
    /// Files cut short by a YAML problem: what the schema says of their
    /// values is not reported (only the YAML problem is).
    pub incomplete_files: HashSet<FileId>,
    /// The services that extend a remote base, which is not read.
    pub remote_extends: HashSet<String>,
}

/// Loads the compose files in `sources`, reading into it the files
/// `include` and `extends` name.
pub(crate) fn resolve(sources: &mut Sources, options: &ResolveOptions) -> Resolved {
    let working_dir = absolute(&sources.directory);
    let compose_files: Vec<FileId> = sources
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Compose)
        .map(|f| f.id)
        .collect();
    // Compose knows the name before it interpolates: `${COMPOSE_PROJECT_NAME}`
    // may be used in the files.
    let name = normalize_project_name(
        &options
            .project_name
            .clone()
            .or_else(|| {
                options
                    .environment
                    .setting("COMPOSE_PROJECT_NAME")
                    .map(str::to_string)
            })
            .or_else(|| written_name(sources, &compose_files, &options.environment))
            .unwrap_or_else(|| {
                working_dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            }),
    );
    let mut environment = options.environment.clone();
    environment.set_default("COMPOSE_PROJECT_NAME", &name);
    let mut loader = Loader {
        home: environment.get("HOME").map(str::to_string),
        sources,
        max_file_size: options.max_file_size,
        problems: Vec::new(),
        layers: Vec::new(),
        keep_layers: options.keep_layers,
        extends_files: HashMap::new(),
        reported_cycles: HashSet::new(),
        included_files: Vec::new(),
        schema_seen: HashSet::new(),
        incomplete_files: HashSet::new(),
        remote_extends: HashSet::new(),
    };
    let scope = Scope {
        working_dir: working_dir.clone(),
        environment: environment.clone(),
        include_chain: Vec::new(),
    };
    let mut model = Value::mapping(Mapping::default());
    for &id in &compose_files {
        model = loader.load_file(id, &scope, model);
    }
    merge::strip_tags(&mut model);

    let environment = &environment;
    let profiles: Vec<String> = if options.profiles.is_empty() {
        environment
            .setting("COMPOSE_PROFILES")
            .map(|list| {
                list.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    } else {
        options.profiles.clone()
    };
    let disabled_services = normalize::normalize(&mut model, &name, &profiles);
    // Services the selected profiles disable are out of the model by now.
    let bare = loader.read_env_files(&mut model, environment);
    let mut extended_files: Vec<FileId> = loader
        .extends_files
        .values()
        .filter_map(|loaded| loaded.as_ref().ok().map(|(id, _)| *id))
        .collect();
    extended_files.sort();
    let service_order = model
        .get("services")
        .and_then(Value::as_mapping)
        .map(super::model::written_positions);
    Resolved {
        remote_extends: loader.remote_extends,
        service_order,
        model,
        disabled_services,
        layers: loader.layers,
        problems: loader.problems,
        name,
        profiles,
        included_files: loader.included_files,
        extended_files,
        root_files: compose_files,
        redactions: super::redact::Redactions::of(sources, &options.environment, &bare),
    }
}

impl Loader<'_> {
    /// Loads every document of file `id` and merges each into `model`.
    pub(crate) fn load_file(&mut self, id: FileId, scope: &Scope, mut model: Value) -> Value {
        let Some(file) = self.sources.file(id) else {
            return model;
        };
        let path = absolute(file.source.path());
        let documents = document_values(file);
        // A document cut short by a YAML problem (an alias bomb, a
        // non-string key) is not what its author wrote: only the YAML
        // problem is reported for it.
        let complete = file
            .yaml
            .problems
            .iter()
            .all(|p| matches!(p, YamlProblem::DuplicateKey { .. }));
        let mut chain = scope.include_chain.clone();
        chain.push(path.clone());
        let file_scope = Scope {
            include_chain: chain,
            ..scope.clone()
        };
        for mut document in documents {
            if document.as_mapping().is_none() {
                // Not a configuration; an empty document is reported by
                // `empty-compose-file`, anything else by the schema.
                if complete && !document.is_null() {
                    self.check_schema(&document);
                }
                continue;
            }
            interpolate_document(
                &mut document,
                &scope.environment,
                &self.sources.files,
                &mut self.problems,
            );
            self.resolve_paths(&mut document, &scope.working_dir);
            self.apply_include(&mut document, &file_scope);
            self.apply_extends(&mut document, &path, scope);
            if self.keep_layers {
                self.layers.push(Layer {
                    file: id,
                    value: document.clone(),
                });
            }
            let mut problems = Vec::new();
            model = merge::merge_documents(model, document, &mut problems);
            // Tags act on the files before theirs only.
            merge::strip_tags(&mut model);
            self.record_merge_problems(problems, "");
        }
        // Compose validates the project as merged so far after each file:
        // an override's `image: null` keeps the earlier image and is no
        // error, while a value nothing overrides is checked where it was
        // written. Once per file, not per document, so that a file of many
        // documents is checked once.
        if !complete {
            self.incomplete_files.insert(id);
        }
        self.check_schema(&model);
        model
    }

    /// Validates a document against the schema, as Compose does after
    /// interpolation, and records each problem once: a value that `extends`
    /// or `include` copied into another document, or an anchor several
    /// services merge, is checked there again.
    fn check_schema(&mut self, document: &Value) {
        for problem in schema::validate(document) {
            let Some((origin, exact)) = document.locate(&problem.pointer) else {
                continue;
            };
            let span = match problem.part {
                Part::Key if exact => origin.key().unwrap_or(origin.value()),
                _ => origin.value(),
            };
            if self.incomplete_files.contains(&origin.file) {
                continue;
            }
            // A value shared through an anchor is reported once, under
            // the first service that uses it.
            if !self.schema_seen.insert((origin.file, span, problem.kind)) {
                continue;
            }
            // A value built from variables is shown as Compose saw it.
            let written = self
                .sources
                .file(origin.file)
                .and_then(|f| f.source.text().get(span.start..span.end))
                .unwrap_or_default();
            let label = match document.pointer(&problem.pointer).and_then(Value::as_str) {
                Some(value) if exact && problem.part == Part::Value && written.contains('$') => {
                    Some(format!("`{value}` after interpolation"))
                }
                _ => None,
            };
            let rename = problem
                .replacement
                .filter(|(found, _)| exact && origin.via().is_none() && written == found);
            self.problems.push(LoadProblem::Schema {
                at: Location::span(origin.file, span),
                kind: problem.kind,
                message: problem.message,
                help: problem.help,
                note: problem.note,
                label,
                rename,
                loaded_anyway: schema::loaded_anyway(&problem.pointer),
            });
        }
    }

    pub(crate) fn resolve_paths(&self, document: &mut Value, working_dir: &Path) {
        let cx = PathContext {
            working_dir,
            home: self.home.as_deref(),
        };
        paths::resolve_document(document, &cx);
    }

    /// Turns merge problems into load problems; `prefix` is prepended to
    /// their pointers (for service-level merges).
    pub(crate) fn record_merge_problems(&mut self, problems: Vec<MergeProblem>, prefix: &str) {
        for problem in problems {
            let MergeProblemKind::EmptyDoesNotReset { empty, base } = problem.kind;
            let Some(empty) = empty else {
                continue;
            };
            let written = self
                .sources
                .file(empty.file)
                .and_then(|f| f.source.text().get(empty.value().start..empty.value().end))
                .unwrap_or_default();
            let empty_text = if written.trim_start().starts_with('{') {
                "{}"
            } else {
                "[]"
            };
            let pointer = format!("{prefix}{}", problem.pointer);
            // An empty service or section (`web: {}`, or a service left empty
            // once its `extends` is applied) adds nothing and says so; only
            // an attribute written empty suggests a reset that never happens.
            if pointer.matches('/').count() < 3 {
                continue;
            }
            self.problems.push(LoadProblem::EmptyDoesNotReset {
                at: origin_location(&empty),
                base: base.map(|b| origin_location(&b)),
                path: dotted(&pointer),
                empty: empty_text,
            });
        }
    }
}

/// The value trees of every document of `file`. A document whose aliases
/// expand past the node budget (its JSON value was refused) is not
/// expanded again here: it is null.
pub(crate) fn document_values(file: &LoadedFile) -> Vec<Value> {
    let over_budget = file
        .yaml
        .problems
        .iter()
        .any(|p| matches!(p, crate::yaml::YamlProblem::AliasExpansionLimit { .. }));
    file.yaml
        .documents
        .iter()
        .map(|doc| {
            if over_budget && doc.value().is_null() {
                Value::synthetic(value::Kind::Null)
            } else {
                value::from_yaml(&doc.root, file.id, file.yaml.budget)
            }
        })
        .collect()
}

/// The location of a value's origin.
pub(crate) fn origin_location(origin: &Origin) -> Location {
    Location::span(origin.file, origin.value())
}

/// `/services/web/ports` → `services.web.ports`.
fn dotted(pointer: &str) -> String {
    crate::yaml::pointer_segments(pointer)
        .unwrap_or_default()
        .join(".")
}

/// The top-level `name` of the last compose file that has one, interpolated.
fn written_name(
    sources: &Sources,
    files: &[FileId],
    environment: &super::environment::Environment,
) -> Option<String> {
    let written = files
        .iter()
        .filter_map(|id| sources.file(*id))
        .flat_map(|file| file.yaml.documents.iter())
        .filter_map(|doc| doc.top_string("name"))
        .next_back()?;
    let lookup = |name: &str| environment.get(name).map(str::to_string);
    let name = super::interpolate::substitute(&written, &lookup).text;
    (!name.is_empty()).then_some(name)
}

/// Compose's project-name rule: lowercase letters, digits, `-` and `_`,
/// starting with a letter or digit.
pub(crate) fn normalize_project_name(name: &str) -> String {
    let lowered: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_')
        .collect();
    lowered
        .trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string()
}

/// The entries of a string-or-list attribute, with their origins.
pub(crate) fn string_list(value: &Value) -> Vec<(String, Option<Origin>)> {
    match &value.kind {
        Kind::String(s) => vec![(s.to_string(), value.origin)],
        Kind::Sequence(items) => items
            .iter()
            .filter_map(|item| item.as_str().map(|s| (s.to_string(), item.origin)))
            .collect(),
        _ => Vec::new(),
    }
}
