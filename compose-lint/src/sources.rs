//! The sources: every file a check reads, parsed once. Each loading
//! stage may read more files into it (an `include`, a mounted
//! configuration, a rule file) and gets their ids back; a file, once
//! added, never changes. What a stage finds is its own return value.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::compose::value::Value;
use crate::error::Error;
use crate::location::{FileId, Location};
use crate::source::{SourceFile, Span};
use crate::view::embed::Embedding;
use crate::yaml::{self, ParsedYaml, YamlProblem};

/// What a file is to the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A compose file: given, found by default, included or extended.
    Compose,
    /// An environment file the project is interpolated with (`.env`).
    Env,
    /// A Prometheus configuration given where a compose file was expected:
    /// recognised by its top-level keys, and not loaded as compose.
    Prometheus,
    /// A Prometheus rule file named by a Prometheus configuration's
    /// `rule_files`; never loaded as compose.
    PrometheusRules,
    /// A file of scrape configs named by a Prometheus configuration's
    /// `scrape_config_files`.
    PrometheusScrapeConfigs,
    /// A file of target groups named by a `file_sd_configs` entry (JSON or
    /// YAML).
    PrometheusTargets,
    /// A Grafana datasource provisioning file a Grafana service mounts.
    GrafanaDatasources,
    /// A Grafana dashboard provisioning file (the providers that name the
    /// directories dashboards are loaded from) a Grafana service mounts.
    GrafanaDashboards,
    /// A Promtail configuration a Promtail service runs.
    Promtail,
    /// A Grafana Alloy configuration an Alloy service runs; not YAML.
    Alloy,
    /// An Alertmanager configuration an Alertmanager service runs.
    Alertmanager,
    /// A Grafana Loki configuration a Loki service runs.
    Loki,
    /// A Dockerfile a service builds from (or its `dockerfile_inline`).
    Dockerfile,
    /// A blackbox exporter configuration (its probe modules).
    Blackbox,
    /// A notification template file an Alertmanager configuration's
    /// `templates` names; Go template text, not YAML.
    AlertmanagerTemplates,
}

impl FileKind {
    /// What a file of this kind is, for messages and `--show-files`:
    /// "Prometheus rule file".
    pub fn what(self) -> &'static str {
        match self {
            Self::Compose => "compose file",
            Self::Env => "environment file",
            Self::Prometheus => "Prometheus configuration",
            Self::PrometheusRules => "Prometheus rule file",
            Self::PrometheusScrapeConfigs => "Prometheus scrape config file",
            Self::PrometheusTargets => "Prometheus target file",
            Self::GrafanaDatasources => "Grafana datasources",
            Self::GrafanaDashboards => "Grafana dashboard providers",
            Self::Promtail => "Promtail configuration",
            Self::Alloy => "Alloy configuration",
            Self::Alertmanager => "Alertmanager configuration",
            Self::Loki => "Loki configuration",
            Self::Dockerfile => "Dockerfile",
            Self::Blackbox => "blackbox exporter configuration",
            Self::AlertmanagerTemplates => "Alertmanager template file",
        }
    }
}

/// One file of a project, read and parsed.
#[derive(Clone, Debug)]
pub struct LoadedFile {
    pub id: FileId,
    pub kind: FileKind,
    pub source: Arc<SourceFile>,
    pub yaml: ParsedYaml,
    /// For a text written inside a compose file (a config's `content:`, a
    /// heredoc of an entrypoint): where its bytes are written there.
    /// Diagnostics in it are shown in the compose file.
    pub embedded: Option<Embedding>,
    /// Why the file was read, when a service reads it ("Prometheus rule
    /// file of service `prometheus`, mounted at …").
    pub purpose: Option<String>,
}

/// A file compose-lint did not read because it resolves outside the
/// project root (through `..`, an absolute path or a symbolic link).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The path as it was written or given.
    pub path: PathBuf,
    /// Where it resolves to.
    pub target: PathBuf,
    pub kind: FileKind,
    /// Where the project names it; `None` for a file given on the command
    /// line or found by default (`compose.yaml`, `.env`).
    pub at: Option<Location>,
    /// True for a directory that would have been listed for files of
    /// `kind`.
    pub directory: bool,
}

/// The files of one project, by id and by path, and the files refused for
/// resolving outside the project root.
#[derive(Clone, Debug)]
pub struct Sources {
    /// The directory relative paths in the project are resolved against.
    pub directory: PathBuf,
    pub files: Vec<LoadedFile>,
    /// The files read from disk, by absolute path: a file many patterns
    /// name is found in constant time.
    by_path: HashMap<PathBuf, FileId>,
    /// `directory`, absolute (made once: it asks the system for the
    /// current directory).
    absolute_directory: PathBuf,
    /// The inline texts loaded as files, by what identifies them.
    inline_files: HashMap<(FileId, usize, usize), FileId>,
    /// The project root (canonical): a file resolving outside it is not
    /// read (unless `read_outside_root`) and never written. `None`: files
    /// are read wherever they are.
    root: Option<PathBuf>,
    /// True when files outside `root` are read all the same
    /// (`--allow-outside-root`); fixes still stay inside it.
    read_outside_root: bool,
    /// The files not read because they resolve outside `root`.
    pub refused: Vec<Refused>,
    /// Texts read instead of the files on disk (an editor's unsaved
    /// documents).
    overlay: Option<std::sync::Arc<crate::overlay::Overlay>>,
}

impl Sources {
    /// No files yet, relative paths resolved against `directory`.
    pub fn new(directory: impl Into<PathBuf>) -> Self {
        let directory = directory.into();
        Self {
            absolute_directory: absolute(&directory),
            by_path: HashMap::new(),
            directory,
            files: Vec::new(),
            inline_files: HashMap::new(),
            root: None,
            read_outside_root: false,
            refused: Vec::new(),
            overlay: None,
        }
    }

    /// The texts read in place of the files on disk, if any.
    pub fn overlay(&self) -> Option<&std::sync::Arc<crate::overlay::Overlay>> {
        self.overlay.as_ref()
    }

    /// Reads the texts of `overlay` in place of the files on disk.
    pub fn with_overlay(
        mut self,
        overlay: Option<std::sync::Arc<crate::overlay::Overlay>>,
    ) -> Self {
        self.overlay = overlay;
        self
    }

    /// Reads files only inside `root` (made canonical here; a root that
    /// cannot be resolved is taken as written). `None` reads files
    /// wherever they are, which is also what [`Sources::new`] does.
    pub fn with_root(mut self, root: Option<PathBuf>) -> Self {
        self.root = root.map(|root| std::fs::canonicalize(&root).unwrap_or(root));
        self
    }

    /// Reads files outside the root too; the root still bounds what fixes
    /// write.
    pub fn reading_outside_root(mut self, anywhere: bool) -> Self {
        self.read_outside_root = anywhere;
        self
    }

    /// The project root, when the project has one.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// The root files are read inside, when reading is limited to one.
    pub fn reading_root(&self) -> Option<&Path> {
        self.root.as_deref().filter(|_| !self.read_outside_root)
    }

    /// Records that the host directory `directory`, mounted where the
    /// project looks for files of `kind`, was not listed because it
    /// resolves outside the root.
    pub(crate) fn refuse_directory(&mut self, directory: &Path, kind: FileKind, at: Location) {
        let target = std::fs::canonicalize(directory).unwrap_or_else(|_| directory.to_path_buf());
        let refused = Refused {
            path: directory.to_path_buf(),
            target,
            kind,
            at: Some(at),
            directory: true,
        };
        if !self.refused.contains(&refused) {
            self.refused.push(refused);
        }
    }

    /// Records `error` when it is a file refused for resolving outside the
    /// root, read as `kind` and named at `at`; any other error is given
    /// back.
    pub(crate) fn refuse(
        &mut self,
        error: Error,
        kind: FileKind,
        at: Option<Location>,
    ) -> Result<(), Error> {
        match error {
            Error::OutsideRoot { path, target, .. } => {
                self.refused.push(Refused {
                    path,
                    target,
                    kind,
                    at,
                    directory: false,
                });
                Ok(())
            }
            other => Err(other),
        }
    }

    /// True when `path` exists and resolves outside the root files are read
    /// inside (never when reading is not limited).
    pub(crate) fn outside_root(&self, path: &Path) -> bool {
        self.reading_root().is_some_and(|root| {
            std::fs::canonicalize(path).is_ok_and(|target| !target.starts_with(root))
        })
    }

    /// True when a compose or environment file of the project was not read
    /// (it resolves outside the root): the services and variables it would
    /// add are unknown, so the project is checked for syntax only.
    pub fn incomplete(&self) -> bool {
        self.refused
            .iter()
            .any(|r| matches!(r.kind, FileKind::Compose | FileKind::Env))
    }

    /// Adds `text`, written inside a compose file where `embedding` says,
    /// read as `kind`; `key` identifies the text (the file and offset of
    /// the value holding it, and which part of it), so the same text
    /// reached twice is one file.
    pub(crate) fn add_inline(
        &mut self,
        key: (FileId, usize, usize),
        text: &str,
        embedding: &Embedding,
        kind: FileKind,
    ) -> FileId {
        if let Some(&file) = self.inline_files.get(&key) {
            return file;
        }
        let host = self
            .file(embedding.host)
            .map(|f| {
                let line = f.source.line_col(embedding.fallback.start).line;
                format!("{}:{line}", f.source.path().display())
            })
            .unwrap_or_else(|| "-".to_string());
        let id = self.push(SourceFile::new(host, text.to_string()), kind, None);
        if let Some(file) = self.files.get_mut(id.0) {
            file.embedded = Some(embedding.clone());
        }
        self.inline_files.insert(key, id);
        id
    }

    /// Records why `file` was read, keeping the first reason.
    pub(crate) fn set_purpose(&mut self, file: FileId, purpose: String) {
        if let Some(file) = self.files.get_mut(file.0)
            && file.purpose.is_none()
        {
            file.purpose = Some(purpose);
        }
    }

    /// `path` relative to the project directory when it is inside it, for
    /// messages.
    pub fn display_path(&self, path: &Path) -> String {
        path.strip_prefix(&self.absolute_directory)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// The text `value` was written as, before interpolation, when it has
    /// an origin.
    pub fn written(&self, value: &Value) -> Option<&str> {
        let origin = value.origin?;
        self.file(origin.file)?
            .source
            .text()
            .get(origin.value().start..origin.value().end)
    }

    /// The first file loaded from `path` (absolute), whatever its kind.
    pub(crate) fn loaded_from(&self, path: &Path) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    /// A file found through a service's mounts: the one already loaded from
    /// that path, or the file read as `kind` and named like the compose
    /// files (under the project directory as it was given).
    pub(crate) fn add_found(
        &mut self,
        path: &Path,
        kind: FileKind,
        max_size: u64,
    ) -> Result<FileId, Error> {
        let wanted = absolute(path);
        if let Some(&file) = self.by_path.get(&wanted) {
            return Ok(file);
        }
        let display = wanted.strip_prefix(&self.absolute_directory).map_or_else(
            |_| path.to_path_buf(),
            |rest| {
                if self.directory == Path::new(".") {
                    rest.to_path_buf()
                } else {
                    self.directory.join(rest)
                }
            },
        );
        self.add_path(&display, kind, max_size)
    }

    /// The file `id`.
    pub fn file(&self, id: FileId) -> Option<&LoadedFile> {
        self.files.get(id.0)
    }

    /// Adds a file from its text; `path` is how diagnostics name it.
    pub fn add_text(&mut self, path: impl Into<PathBuf>, kind: FileKind, text: String) -> FileId {
        self.push(SourceFile::new(path, text), kind, None)
    }

    /// Reads and adds a file, refusing anything but a regular file of at
    /// most `max_size` bytes, and a file resolving outside the root
    /// ([`Error::OutsideRoot`], which callers record with
    /// `Project::refuse`).
    pub fn add_path(
        &mut self,
        path: &Path,
        kind: FileKind,
        max_size: u64,
    ) -> Result<FileId, Error> {
        // The resolved path is read, so a link swapped after the check is
        // not followed; errors name the path as given.
        let root = self.root.as_ref().filter(|_| !self.read_outside_root);
        let target = match root {
            Some(root) => Some(inside(path, root)?),
            None => None,
        };
        // An open document stands in for the file: the same root (on the
        // path with `..` resolved) and the same size limit.
        if let Some(text) = self.overlay.as_ref().and_then(|o| o.get(path)) {
            if let Some(root) = root.filter(|root| !resolved_parent(path).starts_with(root)) {
                return Err(Error::OutsideRoot {
                    path: path.to_path_buf(),
                    target: absolute(path),
                    root: root.to_path_buf(),
                });
            }
            if text.len() as u64 > max_size {
                return Err(Error::TooLarge {
                    path: path.to_path_buf(),
                    size: text.len() as u64,
                    limit: max_size,
                });
            }
            let bytes = text.as_bytes().to_vec();
            return Ok(self.add_bytes(path, kind, bytes));
        }
        let bytes = match target {
            Some(target) => read_file(&target, max_size).map_err(|error| error.with_path(path))?,
            None => read_file(path, max_size)?,
        };
        Ok(self.add_bytes(path, kind, bytes))
    }

    /// Adds a file read elsewhere (standard input, say). Text that is not
    /// UTF-8 is kept, with the bad byte reported as a syntax problem.
    pub fn add_bytes(
        &mut self,
        path: impl Into<PathBuf>,
        kind: FileKind,
        bytes: Vec<u8>,
    ) -> FileId {
        let path = path.into();
        match String::from_utf8(bytes) {
            Ok(text) => self.push(SourceFile::new(path, text), kind, None),
            Err(error) => {
                let offset = error.utf8_error().valid_up_to();
                let invalid = error.as_bytes()[offset];
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                let utf16 = error.as_bytes().starts_with(&[0xFF, 0xFE])
                    || error.as_bytes().starts_with(&[0xFE, 0xFF]);
                let binary = error.as_bytes().iter().take(8192).any(|&b| b == 0);
                let message = if utf16 {
                    // Editors on Windows save UTF-16 with a byte order mark.
                    "the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8"
                        .to_string()
                } else {
                    let hint = if binary {
                        " (the file contains NUL bytes: is it a binary file?)"
                    } else {
                        ""
                    };
                    format!(
                        "invalid UTF-8: byte 0x{invalid:02X} cannot start or continue a character{hint}"
                    )
                };
                let problem = YamlProblem::Encoding {
                    // The lossy text keeps the valid prefix byte for byte,
                    // and shows the bad byte as one replacement character.
                    span: Span::new(offset, offset + '\u{fffd}'.len_utf8()),
                    message,
                };
                self.push(SourceFile::new(path, text), kind, Some(problem))
            }
        }
    }

    fn push(
        &mut self,
        source: SourceFile,
        kind: FileKind,
        encoding: Option<YamlProblem>,
    ) -> FileId {
        let id = FileId(self.files.len());
        self.by_path.entry(absolute(source.path())).or_insert(id);
        let yaml = match (encoding, kind) {
            (Some(problem), _) => ParsedYaml {
                documents: Vec::new(),
                problems: vec![problem],
                budget: 0,
            },
            (
                None,
                FileKind::Compose
                | FileKind::Prometheus
                | FileKind::PrometheusRules
                | FileKind::PrometheusScrapeConfigs
                | FileKind::PrometheusTargets
                | FileKind::GrafanaDatasources
                | FileKind::GrafanaDashboards
                | FileKind::Promtail
                | FileKind::Alertmanager
                | FileKind::Loki
                | FileKind::Blackbox,
            ) => yaml::parse(source.text()),
            (
                None,
                FileKind::Env
                | FileKind::Alloy
                | FileKind::Dockerfile
                | FileKind::AlertmanagerTemplates,
            ) => ParsedYaml::default(),
        };
        let kind = if kind == FileKind::Compose && looks_like_prometheus(&yaml) {
            FileKind::Prometheus
        } else {
            kind
        };
        self.files.push(LoadedFile {
            id,
            kind,
            source: Arc::new(source),
            yaml,
            embedded: None,
            purpose: None,
        });
        id
    }
}

/// `path` made absolute against the current directory, with `.` and `..`
/// removed.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    crate::compose::paths::clean(&joined)
}

/// True when every document is a mapping with Prometheus's top-level keys
/// and none of Compose's.
fn looks_like_prometheus(yaml: &ParsedYaml) -> bool {
    const PROMETHEUS_KEYS: [&str; 11] = [
        "global",
        "runtime",
        "scrape_configs",
        "scrape_config_files",
        "rule_files",
        "alerting",
        "remote_write",
        "remote_read",
        "storage",
        "tracing",
        "otlp",
    ];
    const COMPOSE_KEYS: [&str; 9] = [
        "services", "networks", "volumes", "secrets", "configs", "include", "models", "name",
        "version",
    ];
    !yaml.documents.is_empty()
        && yaml.documents.iter().all(|doc| {
            doc.is_mapping() && {
                let keys = doc.top_keys();
                keys.iter().any(|k| PROMETHEUS_KEYS.contains(k))
                    && !keys.iter().any(|k| COMPOSE_KEYS.contains(k))
            }
        })
}

/// `path` with its symbolic links and `..` resolved, when it is inside
/// `root` (canonical). A path that does not exist is given back as it is
/// (reading it then says so); any other failure to resolve it is an error,
/// so nothing unresolved is read.
fn inside(path: &Path, root: &Path) -> Result<PathBuf, Error> {
    match std::fs::canonicalize(path) {
        Ok(target) if target.starts_with(root) => Ok(target),
        Ok(target) => Err(Error::OutsideRoot {
            path: path.to_path_buf(),
            target,
            root: root.to_path_buf(),
        }),
        Err(source) if source.kind() == std::io::ErrorKind::NotFound => Ok(path.to_path_buf()),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// `path` made absolute with its directory resolved (links and `..`), for
/// a file that may not exist yet (an unsaved document).
fn resolved_parent(path: &Path) -> PathBuf {
    let path = absolute(path);
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|parent| parent.join(name))
            .unwrap_or(path),
        _ => path,
    }
}

/// The bytes of the regular file at `path`, refused when over `max_size`.
pub(crate) fn read_file(path: &Path, max_size: u64) -> Result<Vec<u8>, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound(path.to_path_buf()),
        _ => io(source),
    })?;
    if !metadata.is_file() {
        return Err(Error::NotRegularFile(path.to_path_buf()));
    }
    if metadata.len() > max_size {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: metadata.len(),
            limit: max_size,
        });
    }
    std::fs::read(path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_text_is_named_as_such() {
        let mut sources = Sources::new(".");
        let text: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("services: {}\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let id = sources.add_bytes("compose.yaml", FileKind::Compose, text);
        let problems = &sources
            .file(id)
            .map(|f| f.yaml.problems.clone())
            .unwrap_or_default();
        assert!(
            matches!(&problems[..], [YamlProblem::Encoding { message, .. }] if message.contains("UTF-16")),
            "{problems:?}"
        );
    }
}
