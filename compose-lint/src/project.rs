//! A project: its sources and what each loading stage made of them, put
//! together once by [`Project::resolve`].

use std::path::{Path, PathBuf};

use crate::build::Build;
use crate::compose::load::{self, ResolveOptions, Resolved};
use crate::compose::problem::LoadProblem;
use crate::compose::value::Value;
use crate::error::Error;
use crate::images::ImageCatalog;
use crate::location::FileId;
use crate::prometheus::files::FileEntry;
use crate::sources::Sources;
pub use crate::sources::{FileKind, LoadedFile, Refused};
use crate::view::ContainerView;
use crate::view::found::FoundConfig;

/// The files compose-lint reasons about together, and what loading made of
/// them. Files are added first ([`Project::add_path`] and kin); then
/// [`Project::resolve`] runs the loading stages one after the other, each
/// taking what the stages before it made and returning its own result:
/// the resolved compose project, the container views, the configurations
/// the services read, the files those configurations name.
#[derive(Clone, Debug)]
pub struct Project {
    sources: Sources,
    /// The project as Compose loads it; `None` until [`Project::resolve`].
    pub resolved: Option<Resolved>,
    /// What each service's container sees, built once the project is
    /// resolved, in the order the services are written.
    pub(crate) views: Vec<ContainerView>,
    /// The index in `views` of each service's view.
    view_index: std::collections::HashMap<String, usize>,
    /// The configurations the services read (Prometheus, Grafana
    /// datasources and dashboard providers, Promtail, Alloy), found through
    /// their views.
    pub(crate) found_configs: Vec<FoundConfig>,
    /// What the patterns of Prometheus configurations (`rule_files`,
    /// `scrape_config_files`, `file_sd_configs`) name, resolved once.
    pub(crate) prometheus_files: Vec<FileEntry>,
    /// The image facts the project was resolved with; discovery and rules
    /// look images up here.
    pub images: ImageCatalog,
    /// Each service's `build:`, with its Dockerfile parsed.
    pub(crate) builds: Vec<Build>,
    /// The index in `builds` of each service's build.
    build_index: std::collections::HashMap<String, usize>,
    /// Whether the project looks like part of another
    /// ([`crate::model::is_partial`]), worked out once: many rules ask,
    /// and the answer looks at the file system.
    pub(crate) partial: std::sync::OnceLock<bool>,
    /// What is at each host path a rule asked about, looked up once: the
    /// rules about bind sources, env files and secrets ask about the same
    /// paths, once per service.
    host_kinds: HostKinds,
}

/// Every `$` of the strings in `value` doubled, as interpolation reads `$$`
/// back as `$`.
fn escape_dollars(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) if text.contains('$') => {
            *text = text.replace('$', "$$");
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(escape_dollars),
        serde_json::Value::Object(map) => map.values_mut().for_each(escape_dollars),
        _ => {}
    }
}

/// What is at a host path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HostKind {
    Missing,
    File,
    Directory,
    /// Something else (a socket, a device), or a path that cannot be
    /// looked at.
    Other,
}

/// A cache of [`HostKind`]s, shared by the rules running in parallel.
#[derive(Debug, Default)]
struct HostKinds(std::sync::Mutex<std::collections::HashMap<PathBuf, HostKind>>);

impl Clone for HostKinds {
    fn clone(&self) -> Self {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Self(std::sync::Mutex::new(map))
    }
}

impl Project {
    /// An empty project rooted at `directory`.
    pub fn new(directory: impl Into<PathBuf>) -> Self {
        Self {
            sources: Sources::new(directory),
            resolved: None,
            views: Vec::new(),
            view_index: std::collections::HashMap::new(),
            found_configs: Vec::new(),
            prometheus_files: Vec::new(),
            images: ImageCatalog::builtin(),
            builds: Vec::new(),
            build_index: std::collections::HashMap::new(),
            partial: std::sync::OnceLock::new(),
            host_kinds: HostKinds::default(),
        }
    }

    /// Reads files only inside `root` (made canonical here; a root that
    /// cannot be resolved is taken as written). `None` reads files
    /// wherever they are, which is also what [`Project::new`] does.
    pub fn with_root(mut self, root: Option<PathBuf>) -> Self {
        self.sources = self.sources.with_root(root);
        self
    }

    /// True when a host path exists: on disk, or as an unsaved document of
    /// the overlay (which the project reads in its place).
    pub fn host_path_exists(&self, path: &Path) -> bool {
        self.host_kind(path) != HostKind::Missing
    }

    /// What is at a host path (links followed): an unsaved document of the
    /// overlay is a file. Each path is looked at once per project.
    pub(crate) fn host_kind(&self, path: &Path) -> HostKind {
        if self
            .sources
            .overlay()
            .is_some_and(|o| o.get(path).is_some())
        {
            return HostKind::File;
        }
        let mut known = self.host_kinds.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(kind) = known.get(path) {
            return *kind;
        }
        let kind = match std::fs::metadata(path) {
            Ok(m) if m.is_file() => HostKind::File,
            Ok(m) if m.is_dir() => HostKind::Directory,
            Ok(_) => HostKind::Other,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HostKind::Missing,
            Err(_) => HostKind::Other,
        };
        known.insert(path.to_path_buf(), kind);
        kind
    }

    /// Reads the texts of `overlay` in place of the files on disk.
    pub fn with_overlay(
        mut self,
        overlay: Option<std::sync::Arc<crate::overlay::Overlay>>,
    ) -> Self {
        self.sources = self.sources.with_overlay(overlay);
        self
    }

    /// Reads files outside the root too; the root still bounds what fixes
    /// write.
    pub fn reading_outside_root(mut self, anywhere: bool) -> Self {
        self.sources = self.sources.reading_outside_root(anywhere);
        self
    }

    /// Every file the project read.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// The directory relative paths in the project are resolved against.
    pub fn directory(&self) -> &Path {
        &self.sources.directory
    }

    /// The files read, by [`FileId`].
    pub fn files(&self) -> &[LoadedFile] {
        &self.sources.files
    }

    /// The file `id`.
    pub fn file(&self, id: FileId) -> Option<&LoadedFile> {
        self.sources.file(id)
    }

    /// The files not read because they resolve outside the root.
    pub fn refused(&self) -> &[Refused] {
        &self.sources.refused
    }

    /// The project root, when the project has one.
    pub fn root(&self) -> Option<&Path> {
        self.sources.root()
    }

    /// The root files are read inside, when reading is limited to one.
    pub fn reading_root(&self) -> Option<&Path> {
        self.sources.reading_root()
    }

    /// True when a compose or environment file of the project was not read
    /// (it resolves outside the root): the services and variables it would
    /// add are unknown, so the project is checked for syntax only.
    pub fn incomplete(&self) -> bool {
        self.sources.incomplete()
    }

    /// `path` relative to the project directory when it is inside it, for
    /// messages.
    pub fn display_path(&self, path: &Path) -> String {
        self.sources.display_path(path)
    }

    /// The text `value` was written as, before interpolation, when it has
    /// an origin.
    pub fn written(&self, value: &Value) -> Option<&str> {
        self.sources.written(value)
    }

    /// Adds a file from its text; `path` is how diagnostics name it.
    pub fn add_text(&mut self, path: impl Into<PathBuf>, kind: FileKind, text: String) -> FileId {
        self.sources.add_text(path, kind, text)
    }

    /// Reads and adds a file, refusing anything but a regular file of at
    /// most `max_size` bytes, and a file resolving outside the root
    /// ([`Error::OutsideRoot`]).
    pub fn add_path(
        &mut self,
        path: &Path,
        kind: FileKind,
        max_size: u64,
    ) -> Result<FileId, Error> {
        self.sources.add_path(path, kind, max_size)
    }

    /// Adds a file read elsewhere (standard input, say). Text that is not
    /// UTF-8 is kept, with the bad byte reported as a syntax problem.
    pub fn add_bytes(
        &mut self,
        path: impl Into<PathBuf>,
        kind: FileKind,
        bytes: Vec<u8>,
    ) -> FileId {
        self.sources.add_bytes(path, kind, bytes)
    }

    /// Records `error` when it is a file refused for resolving outside the
    /// root, read as `kind`; any other error is given back.
    pub(crate) fn refuse(&mut self, error: Error, kind: FileKind) -> Result<(), Error> {
        self.sources.refuse(error, kind, None)
    }

    /// Loads the compose files added so far the way Compose does, then
    /// runs the stages that read what the containers read. Each stage
    /// takes the results of the ones before it and returns its own; the
    /// files it reads are added to the sources:
    ///
    /// 1. the compose project (`compose::load`): interpolation, `include`,
    ///    `extends`, merging, profiles;
    /// 1. the builds (`build::load`): contexts and Dockerfiles;
    /// 2. the container views (`view::build`);
    /// 3. the configurations the services read (`view::found`);
    /// 4. the files those Prometheus configurations name
    ///    (`prometheus::files`).
    ///
    /// The project keeps `options.images` for the rules.
    pub fn resolve(&mut self, options: &ResolveOptions) {
        self.partial = std::sync::OnceLock::new();
        let max = options.max_file_size;
        let resolved = load::resolve(&mut self.sources, options);
        let builds = crate::build::load(&mut self.sources, &resolved, max);
        let views = crate::view::build(&self.sources, &resolved, &builds, &options.images);
        let found = crate::view::found::discover(
            &mut self.sources,
            &resolved,
            &builds,
            &views,
            &options.images,
            max,
        );
        let prometheus_files =
            crate::prometheus::files::load(&mut self.sources, &views, &found, max);
        self.view_index = views
            .iter()
            .enumerate()
            .map(|(index, view)| (view.service.clone(), index))
            .collect();
        self.images = options.images.clone();
        self.resolved = Some(resolved);
        self.views = views;
        self.found_configs = found;
        self.prometheus_files = prometheus_files;
        self.build_index = builds
            .iter()
            .enumerate()
            .map(|(index, build)| (build.service.clone(), index))
            .collect();
        self.builds = builds;
    }

    /// The build of the service called `service`, when it has one.
    pub(crate) fn build(&self, service: &str) -> Option<&Build> {
        self.builds.get(*self.build_index.get(service)?)
    }

    /// The configurations of `kind` the services read, each file once per
    /// service.
    pub fn found(&self, kind: FileKind) -> impl Iterator<Item = &FoundConfig> {
        self.found_configs.iter().filter(move |c| c.kind == kind)
    }

    /// The view of the service called `service`.
    pub fn view(&self, service: &str) -> Option<&ContainerView> {
        self.views.get(*self.view_index.get(service)?)
    }

    /// The merged project, once resolved.
    pub fn model(&self) -> Option<&Value> {
        self.resolved.as_ref().map(|r| &r.model)
    }

    /// The resolved project as YAML, as `compose-lint config` prints it.
    /// Like `docker compose config`, it prints a service's `env_file`
    /// variables in its `environment`, and not the `env_file` itself, and
    /// writes a `$` of a value as `$$`, so that the text loads back as the
    /// same project.
    pub fn config_yaml(&self) -> Option<String> {
        self.model().map(|model| {
            let mut json = model.to_json();
            escape_dollars(&mut json);
            if let Some(services) = json
                .get_mut("services")
                .and_then(serde_json::Value::as_object_mut)
            {
                for service in services.values_mut() {
                    if let Some(service) = service.as_object_mut() {
                        service.shift_remove("env_file");
                    }
                }
            }
            crate::compose::emit::to_yaml(&json)
        })
    }

    /// The problems loading found, once resolved.
    pub fn load_problems(&self) -> &[LoadProblem] {
        self.resolved
            .as_ref()
            .map_or(&[], |r| r.problems.as_slice())
    }
}
