//! `extends`: a service built on another one, in the same file or another,
//! possibly through a chain. The base is merged under the extending service
//! with the same rules as override files.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::load::{Loader, Scope, absolute, document_values, origin_location};
use super::merge;
use super::problem::LoadProblem;
use super::substitute::interpolate_document;
use super::value::{Kind, Mapping, Origin, Value};
use crate::location::{FileId, Location};
use crate::source::Span;
use crate::sources::FileKind;

/// What an `extends` names.
struct Reference {
    service: String,
    file: Option<String>,
    /// Where `extends` (or its `service`/`file`) is written.
    origin: Option<Origin>,
    file_origin: Option<Origin>,
}

impl Reference {
    /// Where the file it names is written (else `extends` itself).
    fn file_location(&self) -> Location {
        self.file_origin
            .or(self.origin)
            .map(|o| origin_location(&o))
            .unwrap_or_else(|| Location::span(FileId(0), Span::at(0)))
    }
}

/// The longest `extends` chain followed, counting the services in it. A
/// real project builds a service on a few others; a chain of more than 64
/// is reported by `chain-too-deep`, and the service at which it passes the
/// limit is kept as written, without its base.
pub(crate) const MAX_EXTENDS_DEPTH: usize = 64;

/// One service of an `extends` chain being resolved: its own attributes,
/// without `extends`, and where its `extends` is written.
struct Link {
    key: (PathBuf, String),
    service: Value,
    origin: Option<Origin>,
}

/// A service resolved once and reused by every service built on it.
struct Done {
    value: Value,
    /// How many services its chain holds, itself included.
    depth: usize,
    /// True when its chain passed the depth limit (reported once, there).
    over: bool,
}

/// Where the next service of a chain is defined.
enum Next {
    SameServices,
    Other(Mapping),
    Missing,
}

impl Loader<'_> {
    pub(crate) fn apply_extends(&mut self, document: &mut Value, file: &Path, scope: &Scope) {
        let Some(services) = document.get("services").and_then(Value::as_mapping) else {
            return;
        };
        // A service without `extends` resolves to itself: only the others
        // are resolved (and the services copied only when there are any).
        let names: Vec<String> = services
            .iter()
            .filter(|(_, service)| service.get("extends").is_some())
            .map(|(name, _)| name.to_string())
            .collect();
        if names.is_empty() {
            return;
        }
        let originals = services.clone();
        let mut resolved = Vec::new();
        let mut memo = HashMap::new();
        for name in names {
            if let Some(service) = self.resolve_service(&originals, file, &name, scope, &mut memo) {
                resolved.push((name, service));
            }
        }
        if let Some(services) = document.get_mut("services").and_then(Value::as_mapping_mut) {
            for (name, service) in resolved {
                services.insert(name.into(), service);
            }
        }
    }

    /// The service `name` of `services` (from `file`) with its `extends`
    /// chain applied.
    ///
    /// The chain is walked down without recursion to the service it ends at
    /// (one without `extends`, one already resolved, one whose base is
    /// missing, or the one that closes a cycle), then merged back up. Each
    /// service resolved on the way is kept in `memo`, unless the chain met a
    /// cycle: then what a service resolves to depends on where the chain was
    /// entered, as with Compose.
    fn resolve_service(
        &mut self,
        services: &Mapping,
        file: &Path,
        name: &str,
        scope: &Scope,
        memo: &mut HashMap<(PathBuf, String), Done>,
    ) -> Option<Value> {
        let mut current: Cow<'_, Mapping> = Cow::Borrowed(services);
        let mut key = (file.to_path_buf(), name.to_string());
        let mut links: Vec<Link> = Vec::new();
        // The position in `links` of each service of the chain.
        let mut positions: HashMap<(PathBuf, String), usize> = HashMap::new();
        let mut reusable = true;
        let (mut value, mut depth, mut over, known) = loop {
            if let Some(done) = memo.get(&key) {
                break (done.value.clone(), done.depth, done.over, true);
            }
            let mut service = current.get(key.1.as_str())?.clone();
            let Some(reference) = service.get("extends").and_then(parse_reference) else {
                break (service, 1, false, false);
            };
            if let Some(map) = service.as_mapping_mut() {
                map.shift_remove("extends");
            }
            let target_file = match &reference.file {
                // A remote base cannot be read offline; the service is kept
                // as written.
                Some(other) if super::paths::is_remote(other) => {
                    self.remote_extends.insert(key.1.clone());
                    break (service, 1, false, false);
                }
                Some(other) => absolute(&scope.working_dir.join(other)),
                None => key.0.clone(),
            };
            let target = (target_file.clone(), reference.service.clone());
            positions.insert(key.clone(), links.len());
            if let Some(&start) = positions.get(&target) {
                // This service's `extends` is the edge that closes the cycle.
                let mut chain: Vec<(PathBuf, String)> =
                    links[start..].iter().map(|link| link.key.clone()).collect();
                chain.push(key.clone());
                self.report_cycle(&chain, &target, &reference);
                if chain.len() > MAX_EXTENDS_DEPTH {
                    // A cycle longer than a chain may be is not merged at
                    // all: each of its services is kept as written, once
                    // for every service that reaches it, so that a cycle of
                    // thousands is not walked again from each of them. The
                    // cycle is reported; the depth is not.
                    let over = |value: Value| Done {
                        value,
                        depth: MAX_EXTENDS_DEPTH + 1,
                        over: true,
                    };
                    for link in links.drain(start..) {
                        memo.insert(link.key, over(link.service));
                    }
                    memo.insert(key.clone(), over(service.clone()));
                    break (service, MAX_EXTENDS_DEPTH + 1, true, true);
                }
                reusable = false;
                break (service, 1, false, false);
            }
            let next = match &reference.file {
                Some(_) => {
                    match self.extends_file(&target_file, scope, reference.file_location()) {
                        Ok(other) if other.contains_key(reference.service.as_str()) => {
                            Next::Other(other)
                        }
                        Ok(_) => {
                            let other = self.sources.display_path(&target_file);
                            self.missing(
                                &reference,
                                format!(
                                    "`extends` names service `{}`, which `{other}` does not define",
                                    reference.service
                                ),
                            );
                            Next::Missing
                        }
                        Err(Some(reason)) => {
                            let other = self.sources.display_path(&target_file);
                            self.problems.push(LoadProblem::ExtendsTargetMissing {
                                at: reference.file_location(),
                                message: format!("`extends` cannot read `{other}`: {reason}"),
                            });
                            Next::Missing
                        }
                        // Outside the project root: recorded as refused.
                        Err(None) => Next::Missing,
                    }
                }
                None if current.contains_key(reference.service.as_str()) => Next::SameServices,
                None => {
                    self.missing(
                        &reference,
                        format!(
                            "`extends` names service `{}`, which this file does not define",
                            reference.service
                        ),
                    );
                    Next::Missing
                }
            };
            match next {
                Next::Missing => break (service, 1, false, false),
                Next::Other(other) => current = Cow::Owned(other),
                Next::SameServices => {}
            }
            links.push(Link {
                key,
                service,
                origin: reference.origin,
            });
            key = target;
        };
        // A service that extends nothing and that nothing in this chain
        // extends is cheaper to take again than to keep.
        if reusable && !known && !links.is_empty() {
            memo.insert(
                key,
                Done {
                    value: value.clone(),
                    depth,
                    over,
                },
            );
        }
        while let Some(link) = links.pop() {
            depth += 1;
            if depth > MAX_EXTENDS_DEPTH && !over {
                // Reported once, where the chain passes the limit; the
                // services above are built on this one as it is written.
                over = true;
                self.problems.push(LoadProblem::ChainTooDeep {
                    at: link
                        .origin
                        .map(|o| origin_location(&o))
                        .unwrap_or_else(|| Location::span(FileId(0), Span::at(0))),
                    key: "extends",
                    limit: MAX_EXTENDS_DEPTH,
                });
                value = link.service;
            } else {
                let mut problems = Vec::new();
                // The service is where it is written, not where its base is.
                let origin = link.service.origin;
                value = merge::merge_service(value, link.service, &mut problems);
                value.origin = origin.or(value.origin);
                let prefix = format!(
                    "/services/{}",
                    crate::yaml::escape_pointer_segment(&link.key.1)
                );
                self.record_merge_problems(problems, &prefix);
            }
            if reusable {
                memo.insert(
                    link.key,
                    Done {
                        value: value.clone(),
                        depth,
                        over,
                    },
                );
            }
        }
        Some(value)
    }

    fn missing(&mut self, reference: &Reference, message: String) {
        let at = reference
            .origin
            .map(|o| origin_location(&o))
            .unwrap_or_else(|| Location::span(FileId(0), Span::at(0)));
        self.problems
            .push(LoadProblem::ExtendsTargetMissing { at, message });
    }

    fn report_cycle(
        &mut self,
        links: &[(PathBuf, String)],
        closing: &(PathBuf, String),
        reference: &Reference,
    ) {
        let one_file = links.iter().all(|(f, _)| *f == closing.0);
        let describe = |(file, service): &(PathBuf, String)| {
            if one_file {
                service.clone()
            } else {
                let name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                format!("{name}:{service}")
            }
        };
        let mut chain: Vec<String> = links.iter().map(describe).collect();
        chain.push(describe(closing));
        let mut members: Vec<String> = links
            .iter()
            .map(|(f, s)| format!("{}:{s}", f.display()))
            .collect();
        members.sort();
        if !self.reported_cycles.insert(members) {
            return;
        }
        // The edge that closes the cycle is the `extends` of the last link.
        let at = reference
            .origin
            .map(|o| origin_location(&o))
            .unwrap_or_else(|| Location::span(FileId(0), Span::at(0)));
        self.problems.push(LoadProblem::ExtendsCycle { at, chain });
    }

    /// The services of a file named by `extends: {file}`: interpolated with
    /// the project's variables and its paths resolved against its own
    /// directory, without its own `include` or `extends` applied.
    /// `Err(None)`: the file resolves outside the project root (recorded
    /// as refused at `at`).
    fn extends_file(
        &mut self,
        path: &Path,
        scope: &Scope,
        at: Location,
    ) -> Result<Mapping, Option<String>> {
        if let Some(cached) = self.extends_files.get(path) {
            return cached.clone().map(|(_, services)| services);
        }
        let loaded = self.read_extends_file(path, scope, at);
        self.extends_files
            .insert(path.to_path_buf(), loaded.clone());
        loaded.map(|(_, services)| services)
    }

    fn read_extends_file(
        &mut self,
        path: &Path,
        scope: &Scope,
        at: Location,
    ) -> Result<(FileId, Mapping), Option<String>> {
        let (id, already_loaded) = self.add_file(path, FileKind::Compose, at)?;
        let Some(file) = self.sources.file(id) else {
            return Err(Some("cannot be read".to_string()));
        };
        let documents = document_values(file);
        let directory = path
            .parent()
            .map_or_else(|| scope.working_dir.clone(), Path::to_path_buf);
        let mut services = Mapping::default();
        // A file loaded before (a file extending itself, or one of the
        // project's own files) had its problems reported then.
        let mut discarded = Vec::new();
        for mut document in documents {
            let problems = if already_loaded {
                &mut discarded
            } else {
                &mut self.problems
            };
            interpolate_document(
                &mut document,
                &scope.environment,
                &self.sources.files,
                problems,
            );
            self.resolve_paths(&mut document, &directory);
            if let Some(Value {
                kind: Kind::Mapping(found),
                ..
            }) = document
                .as_mapping_mut()
                .and_then(|m| m.shift_remove("services"))
            {
                services.extend(*found);
            }
        }
        Ok((id, services))
    }
}

fn parse_reference(extends: &Value) -> Option<Reference> {
    match &extends.kind {
        Kind::String(service) => Some(Reference {
            service: service.to_string(),
            file: None,
            origin: extends.origin,
            file_origin: None,
        }),
        Kind::Mapping(map) => {
            let service = map.get("service")?;
            let file = map.get("file");
            Some(Reference {
                service: service.as_str()?.to_string(),
                file: file.and_then(Value::as_str).map(str::to_string),
                origin: service.origin.or(extends.origin),
                file_origin: file.and_then(|f| f.origin),
            })
        }
        _ => None,
    }
}
