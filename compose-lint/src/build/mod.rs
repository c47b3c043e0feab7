//! The builds: each `build:` of the resolved project, its context, its
//! Dockerfile (read from the context or written inline) and the stages the
//! Dockerfile declares. A loading stage: it reads each Dockerfile into the
//! sources once, however many services build from it, and returns what it
//! found.

mod dockerfile;
mod facts;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use dockerfile::{Copy, Dockerfile, Stage, Syntax};
pub(crate) use facts::built_image;

use crate::compose::load::Resolved;
use crate::compose::paths::is_remote;
use crate::compose::value::Value;
use crate::error::Error;
use crate::location::FileId;
use crate::sources::{FileKind, Sources};

/// Where a build's context is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Context {
    /// A directory on the host.
    Directory(PathBuf),
    /// A Git repository, a URL or standard input: not checked.
    Remote,
    /// A directory that does not exist.
    Missing(PathBuf),
    /// A directory outside the project root: not read.
    OutsideRoot(PathBuf),
}

/// Where a build's Dockerfile is.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    /// Read into the sources (a file of the context, or `dockerfile_inline`).
    Read(FileId),
    /// Named, but not there.
    Missing(PathBuf),
    /// Not known: a remote context, a context outside the root, a file that
    /// could not be read.
    Unknown,
}

/// One service's `build:`.
#[derive(Clone, Debug)]
pub(crate) struct Build {
    pub service: String,
    pub context: Context,
    pub dockerfile: Source,
    /// True when `dockerfile` is written (not the default `Dockerfile`).
    pub dockerfile_written: bool,
    /// `target`, when written.
    pub target: Option<String>,
    /// The names of `additional_contexts`.
    pub additional_contexts: Vec<String>,
    /// `args`, the values that are set.
    pub(crate) args: Vec<(String, String)>,
    /// The Dockerfile, parsed (shared by the services that build from it).
    pub parsed: Option<Arc<Dockerfile>>,
}

impl Build {
    /// The stages the image is made of, as indexes: the final stage (or
    /// `target`), then each earlier stage it starts from (`FROM stage`).
    /// Empty when the Dockerfile is unknown, does not parse, is built by
    /// another frontend, or names no such target.
    pub(crate) fn stage_chain(&self) -> Vec<usize> {
        let Some(parsed) = self.parsed.as_deref() else {
            return Vec::new();
        };
        if parsed.error.is_some() || parsed.syntax != Syntax::Docker {
            return Vec::new();
        }
        let last = match &self.target {
            Some(target) => parsed.stage_index(target),
            None => parsed.stages.len().checked_sub(1),
        };
        let Some(mut index) = last else {
            return Vec::new();
        };
        let mut chain = vec![index];
        while let Some(base) = parsed.base_stage(index) {
            if chain.contains(&base) {
                break;
            }
            chain.push(base);
            index = base;
        }
        chain
    }

    /// The files the image gets from the build context, as (container
    /// path, host path): the `COPY`/`ADD`s without `--from` of the final
    /// stage (or `target`) and of the stages it starts from, the earliest
    /// first. Globs, URLs, relative destinations and sources leaving the
    /// context are left out: what they put where is not known.
    pub(crate) fn copied_files(&self) -> Vec<(String, PathBuf)> {
        let (Context::Directory(context), Some(parsed)) = (&self.context, &self.parsed) else {
            return Vec::new();
        };
        let chain = self.stage_chain();
        let mut files = Vec::new();
        for &stage in chain.iter().rev() {
            for copy in &parsed.stages[stage].copies {
                if copy.from.is_some() || !copy.destination.starts_with('/') {
                    continue;
                }
                let into_directory = copy.destination.ends_with('/') || copy.sources.len() > 1;
                for source in &copy.sources {
                    if source.contains(['*', '?', '[', '$']) || source.contains("://") {
                        continue;
                    }
                    let host = crate::compose::paths::clean(&context.join(source));
                    if !host.starts_with(context) {
                        continue;
                    }
                    let target = if into_directory && !host.is_dir() {
                        let name = host
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        format!("{}/{name}", copy.destination.trim_end_matches('/'))
                    } else {
                        copy.destination.trim_end_matches('/').to_string()
                    };
                    files.push((target, host));
                }
            }
        }
        files
    }
}

/// The builds of every service of `resolved` that has one, in the order the
/// services are written; each Dockerfile is read and parsed once.
pub(crate) fn load(sources: &mut Sources, resolved: &Resolved, max_size: u64) -> Vec<Build> {
    let mut parsed: HashMap<FileId, Arc<Dockerfile>> = HashMap::new();
    let mut builds = Vec::new();
    for element in crate::compose::model::elements_of(resolved, "services") {
        let Some(build) = element.value.get("build") else {
            continue;
        };
        let text = |key: &str| build.get(key).and_then(Value::as_str).map(str::to_string);
        let context = match text("context") {
            None => Context::Directory(sources.directory.clone()),
            Some(context) if context == "-" || is_remote(&context) => Context::Remote,
            Some(context) => {
                let path = PathBuf::from(&context);
                if sources.outside_root(&path) {
                    let pointer = format!(
                        "/services/{}/build/context",
                        crate::yaml::escape_pointer_segment(element.name)
                    );
                    sources.refuse_directory(
                        &path,
                        FileKind::Dockerfile,
                        crate::location::Location::model(pointer, crate::location::Part::Value),
                    );
                    Context::OutsideRoot(path)
                } else if path.is_dir() {
                    Context::Directory(path)
                } else {
                    Context::Missing(path)
                }
            }
        };
        let inline_text = build.get("dockerfile_inline");
        let dockerfile_written = build.get("dockerfile").is_some_and(|d| d.origin.is_some());
        let dockerfile = match (inline_text.and_then(Value::as_str), &context) {
            (Some(text), _) => read_inline(sources, inline_text, text),
            (None, Context::Directory(directory)) => {
                let name = text("dockerfile").unwrap_or_else(|| "Dockerfile".to_string());
                read_file(sources, &directory.join(&name), max_size)
            }
            (None, _) => Source::Unknown,
        };
        let dockerfile_parsed = match &dockerfile {
            Source::Read(file) => Some(
                parsed
                    .entry(*file)
                    .or_insert_with(|| {
                        Arc::new(
                            sources
                                .file(*file)
                                .map(|f| Dockerfile::parse(*file, &f.source))
                                .unwrap_or_default(),
                        )
                    })
                    .clone(),
            ),
            _ => None,
        };
        builds.push(Build {
            service: element.name.to_string(),
            context,
            dockerfile,
            dockerfile_written,
            target: text("target").filter(|t| !t.is_empty()),
            additional_contexts: build
                .get("additional_contexts")
                .and_then(Value::as_mapping)
                .map(|map| map.keys().map(|k| k.to_string()).collect())
                .unwrap_or_default(),
            args: build
                .get("args")
                .and_then(Value::as_mapping)
                .map(|map| {
                    map.iter()
                        .filter_map(|(name, value)| {
                            Some((name.to_string(), value.as_str()?.to_string()))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            parsed: dockerfile_parsed,
        });
    }
    builds
}

/// Reads the Dockerfile at `path`.
fn read_file(sources: &mut Sources, path: &Path, max_size: u64) -> Source {
    match sources.add_found(path, FileKind::Dockerfile, max_size) {
        Ok(file) => Source::Read(file),
        Err(Error::NotFound(path)) => Source::Missing(path),
        Err(_) => Source::Unknown,
    }
}

/// Adds `dockerfile_inline`, mapped back into the compose file.
fn read_inline(sources: &mut Sources, value: Option<&Value>, text: &str) -> Source {
    let Some(origin) = value.and_then(|v| v.origin) else {
        return Source::Unknown;
    };
    let Some(host) = sources.file(origin.file) else {
        return Source::Unknown;
    };
    let embedding =
        crate::view::embed::embed(origin.file, host.source.text(), origin.value(), text);
    let key = (origin.file, origin.value().start, usize::MAX);
    Source::Read(sources.add_inline(key, text, &embedding, FileKind::Dockerfile))
}
