//! `extends`: a service built on another one, in the same file or another,
//! possibly through a chain. The base is merged under the extending service
//! with the same rules as override files.

use std::path::{Path, PathBuf};

use super::load::{Loader, Scope, absolute, document_values, origin_location};
use super::merge;
use super::problem::LoadProblem;
use super::substitute::interpolate_document;
use super::value::{Kind, Mapping, Origin, Value};
use crate::location::{FileId, Location};
use crate::project::FileKind;
use crate::source::Span;

/// What an `extends` names.
struct Reference {
    service: String,
    file: Option<String>,
    /// Where `extends` (or its `service`/`file`) is written.
    origin: Option<Origin>,
    file_origin: Option<Origin>,
}

impl Loader<'_> {
    pub(crate) fn apply_extends(&mut self, document: &mut Value, file: &Path, scope: &Scope) {
        let Some(services) = document.get("services").and_then(Value::as_mapping) else {
            return;
        };
        let originals = services.clone();
        let names: Vec<String> = originals.keys().cloned().collect();
        let mut resolved = Vec::new();
        for name in names {
            let mut chain = Vec::new();
            if let Some(service) = self.resolve_service(&originals, file, &name, scope, &mut chain)
            {
                resolved.push((name, service));
            }
        }
        if let Some(services) = document.get_mut("services").and_then(Value::as_mapping_mut) {
            for (name, service) in resolved {
                services.insert(name, service);
            }
        }
    }

    /// The service `name` of `services` (from `file`) with its `extends`
    /// chain applied. `chain` holds the services being resolved, to find
    /// cycles.
    fn resolve_service(
        &mut self,
        services: &Mapping,
        file: &Path,
        name: &str,
        scope: &Scope,
        chain: &mut Vec<(PathBuf, String)>,
    ) -> Option<Value> {
        let mut service = services.get(name)?.clone();
        let Some(reference) = service.get("extends").and_then(parse_reference) else {
            return Some(service);
        };
        if let Some(map) = service.as_mapping_mut() {
            map.shift_remove("extends");
        }
        let key = (file.to_path_buf(), name.to_string());
        let target_file = match &reference.file {
            // A remote base cannot be read offline; the service is kept as
            // written.
            Some(other) if super::paths::is_remote(other) => return Some(service),
            Some(other) => absolute(&scope.working_dir.join(other)),
            None => file.to_path_buf(),
        };
        let target = (target_file.clone(), reference.service.clone());
        chain.push(key);
        if let Some(start) = chain.iter().position(|link| *link == target) {
            // This service's `extends` is the edge that closes the cycle.
            let links = chain[start..].to_vec();
            self.report_cycle(&links, &target, &reference);
            chain.pop();
            return Some(service);
        }
        let base = match &reference.file {
            Some(_) => match self.extends_file(&target_file, scope) {
                Ok(other_services) if other_services.contains_key(&reference.service) => self
                    .resolve_service(
                        &other_services,
                        &target_file,
                        &reference.service,
                        scope,
                        chain,
                    ),
                Ok(_) => {
                    let other = self.project.display_path(&target_file);
                    self.missing(
                        &reference,
                        format!(
                            "`extends` names service `{}`, which `{other}` does not define",
                            reference.service
                        ),
                    );
                    None
                }
                Err(reason) => {
                    let other = self.project.display_path(&target_file);
                    let at = reference.file_origin.or(reference.origin);
                    self.problems.push(LoadProblem::ExtendsTargetMissing {
                        at: at
                            .map(|o| origin_location(&o))
                            .unwrap_or_else(|| Location::span(FileId(0), Span::at(0))),
                        message: format!("`extends` cannot read `{other}`: {reason}"),
                    });
                    None
                }
            },
            None if services.contains_key(&reference.service) => {
                self.resolve_service(services, file, &reference.service, scope, chain)
            }
            None => {
                self.missing(
                    &reference,
                    format!(
                        "`extends` names service `{}`, which this file does not define",
                        reference.service
                    ),
                );
                None
            }
        };
        chain.pop();
        let Some(base) = base else {
            return Some(service);
        };
        let mut problems = Vec::new();
        let merged = merge::merge_service(base, service, &mut problems);
        let prefix = format!("/services/{}", crate::yaml::escape_pointer_segment(name));
        self.record_merge_problems(problems, &prefix);
        Some(merged)
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
    fn extends_file(&mut self, path: &Path, scope: &Scope) -> Result<Mapping, String> {
        if let Some(cached) = self.extends_files.get(path) {
            return cached.clone().map(|(_, services)| services);
        }
        let loaded = self.read_extends_file(path, scope);
        self.extends_files
            .insert(path.to_path_buf(), loaded.clone());
        loaded.map(|(_, services)| services)
    }

    fn read_extends_file(
        &mut self,
        path: &Path,
        scope: &Scope,
    ) -> Result<(FileId, Mapping), String> {
        let (id, already_loaded) = self.add_file(path, FileKind::Compose)?;
        let Some(file) = self.project.file(id) else {
            return Err("cannot be read".to_string());
        };
        let documents = document_values(file);
        let directory = path
            .parent()
            .map_or_else(|| scope.working_dir.clone(), Path::to_path_buf);
        let mut services = Mapping::new();
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
                &self.project.files,
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
                services.extend(found);
            }
        }
        Ok((id, services))
    }
}

fn parse_reference(extends: &Value) -> Option<Reference> {
    match &extends.kind {
        Kind::String(service) => Some(Reference {
            service: service.clone(),
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
