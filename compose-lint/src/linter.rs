//! The public entry point: configure a [`Linter`], give it [`ProjectSpec`]s,
//! read the [`Report`].

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::compose::discover::{COMPOSE_FILE_NAMES, OVERRIDE_FILE_NAMES};
use crate::compose::environment::{Environment, Variables};
use crate::compose::load::ResolveOptions;
use crate::config::PathIgnore;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine;
use crate::error::Error;
use crate::images::ImageCatalog;
use crate::inventory::ProjectFiles;
use crate::project::{FileKind, Project};
use crate::rules::{self, RuleMeta};

/// Files larger than this are refused unless the limit is raised.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Where compose-lint may read files from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RootPolicy {
    /// Each project's own root: the Git work tree holding the linted path;
    /// outside a work tree, the current directory when it holds the
    /// project, else the project directory.
    #[default]
    Auto,
    /// One root for every project (`--root DIR`).
    Directory(PathBuf),
    /// Files are read wherever they are (`--allow-outside-root`).
    Anywhere,
}

/// How the linter runs.
#[derive(Clone, Debug)]
pub struct Config {
    root: RootPolicy,
    max_file_size: u64,
    disabled: BTreeSet<&'static str>,
    severities: BTreeMap<&'static str, Severity>,
    path_ignores: Vec<PathIgnore>,
    fail_on: Option<Severity>,
    images: ImageCatalog,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            root: RootPolicy::Auto,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            disabled: BTreeSet::new(),
            severities: BTreeMap::new(),
            path_ignores: Vec::new(),
            fail_on: None,
            images: ImageCatalog::builtin(),
        }
    }
}

impl Config {
    /// Where files may be read from: a file resolving outside the root is
    /// not read and is reported by `path-outside-root`.
    pub fn with_root(mut self, root: RootPolicy) -> Self {
        self.root = root;
        self
    }

    pub fn root(&self) -> &RootPolicy {
        &self.root
    }

    /// Refuse files over `bytes` bytes (an I/O error, not a diagnostic).
    pub fn with_max_file_size(mut self, bytes: u64) -> Self {
        self.max_file_size = bytes;
        self
    }

    /// Turns the rule called `name` off.
    pub fn disable(mut self, name: &str) -> Result<Self, Error> {
        let rule = rules::find(name).ok_or_else(|| Error::UnknownRule(name.to_string()))?;
        self.disabled.insert(rule.meta().name);
        Ok(self)
    }

    /// Reports the rule called `name` with `severity` instead of its
    /// default.
    pub fn with_severity(mut self, name: &str, severity: Severity) -> Result<Self, Error> {
        let rule = rules::find(name).ok_or_else(|| Error::UnknownRule(name.to_string()))?;
        self.severities.insert(rule.meta().name, severity);
        Ok(self)
    }

    /// Silences, as configured suppressions, what the ignore's rules report
    /// in the files it matches.
    pub fn with_path_ignore(mut self, ignore: PathIgnore) -> Self {
        self.path_ignores.push(ignore);
        self
    }

    /// The severity from which findings fail a run, when the configuration
    /// sets one (`--fail-on` overrides it).
    pub fn with_fail_on(mut self, severity: Severity) -> Self {
        self.fail_on = Some(severity);
        self
    }

    /// Loads and lints projects with `images` instead of the built-in
    /// image facts alone.
    pub fn with_images(mut self, images: ImageCatalog) -> Self {
        self.images = images;
        self
    }

    /// The image facts projects are loaded and linted with.
    pub fn images(&self) -> &ImageCatalog {
        &self.images
    }

    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
    }

    pub fn is_enabled(&self, rule: &str) -> bool {
        !self.disabled.contains(rule)
    }

    /// The severity `rule`'s findings are reported with.
    pub fn severity_of(&self, rule: &RuleMeta) -> Severity {
        self.severities
            .get(rule.name)
            .copied()
            .unwrap_or(rule.default_severity)
    }

    pub fn fail_on(&self) -> Option<Severity> {
        self.fail_on
    }

    /// The first per-path ignore that silences `diagnostic`.
    pub fn path_ignore_for(&self, diagnostic: &Diagnostic) -> Option<&PathIgnore> {
        let path = diagnostic.primary().source().path();
        self.path_ignores
            .iter()
            .find(|ignore| ignore.silences(diagnostic.rule(), path))
    }
}

/// One project to load, described the way `docker compose` flags describe
/// it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectSpec {
    files: Vec<PathBuf>,
    project_directory: Option<PathBuf>,
    search_directory: Option<PathBuf>,
    env_files: Vec<PathBuf>,
    profiles: Vec<String>,
    project_name: Option<String>,
    environment: Option<Variables>,
    stdin: Option<Vec<u8>>,
}

/// The name a compose file read from standard input goes by (`-f -`).
pub const STDIN_PATH: &str = "-";

impl ProjectSpec {
    /// The compose files of the project, in order (`-f`).
    pub fn from_files<I, P>(files: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        Self {
            files: files.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }

    /// The project Compose finds in `directory`: `COMPOSE_FILE`, else the
    /// default compose file and its override file.
    pub fn in_directory(directory: impl Into<PathBuf>) -> Self {
        Self {
            search_directory: Some(directory.into()),
            ..Self::default()
        }
    }

    /// Sets the project directory (`--project-directory`; by default, the
    /// first file's directory).
    pub fn with_directory(mut self, directory: impl Into<PathBuf>) -> Self {
        self.project_directory = Some(directory.into());
        self
    }

    /// Environment files to read instead of `.env` (`--env-file`).
    pub fn with_env_files<I, P>(mut self, files: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        self.env_files = files.into_iter().map(Into::into).collect();
        self
    }

    /// Profiles to enable (`--profile`); without any, every service is
    /// linted unless `COMPOSE_PROFILES` is set.
    pub fn with_profiles<I, S>(mut self, profiles: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.profiles = profiles.into_iter().map(Into::into).collect();
        self
    }

    /// The project name (`-p`).
    pub fn with_project_name(mut self, name: impl Into<String>) -> Self {
        self.project_name = Some(name.into());
        self
    }

    /// The process environment to interpolate with; by default, this
    /// process's own.
    pub fn with_environment(mut self, environment: Variables) -> Self {
        self.environment = Some(environment);
        self
    }

    /// The content of the compose file given as `-` (read from standard
    /// input by the caller). Its relative paths resolve against the
    /// project directory, by default the current one, as with
    /// `docker compose -f -`.
    pub fn with_stdin(mut self, bytes: Vec<u8>) -> Self {
        self.stdin = Some(bytes);
        self
    }

    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// The directory given with [`ProjectSpec::with_directory`] or
    /// [`ProjectSpec::in_directory`], else the first file's directory.
    pub fn directory(&self) -> PathBuf {
        if let Some(directory) = self
            .project_directory
            .as_ref()
            .or(self.search_directory.as_ref())
        {
            return directory.clone();
        }
        parent_or_dot(self.files.first())
    }

    /// Reads the environment files and compose files, then loads the
    /// project the way Compose does.
    pub fn load(&self, config: &Config) -> Result<Project, Error> {
        let process = self
            .environment
            .clone()
            .unwrap_or_else(|| std::env::vars().collect());
        let base = self.directory();
        let files = if self.files.is_empty() {
            self.default_files(&base, &process, config)?
        } else {
            self.files.clone()
        };
        let directory = self
            .project_directory
            .clone()
            .unwrap_or_else(|| parent_or_dot(files.first()));
        let mut project = Project::new(directory.clone())
            .with_root(Some(self.root(config)?))
            .reading_outside_root(config.root == RootPolicy::Anywhere);
        let mut environment = Environment::new(process.clone());
        let mut problems = Vec::new();
        let mut env_files = Vec::new();
        for path in self.env_file_paths(&directory, &process) {
            match project.add_path(&path, FileKind::Env, config.max_file_size) {
                Ok(id) => {
                    if let Some(file) = project.file(id) {
                        env_files.push((id, file.source.text().to_string()));
                    }
                }
                Err(error) => project.refuse(error, FileKind::Env, None)?,
            }
        }
        environment.add_files(&env_files, &mut problems);
        for path in &files {
            match &self.stdin {
                Some(bytes) if path.as_os_str() == STDIN_PATH => {
                    project.add_bytes(path, FileKind::Compose, bytes.clone());
                }
                _ => {
                    if let Err(error) =
                        project.add_path(path, FileKind::Compose, config.max_file_size)
                    {
                        project.refuse(error, FileKind::Compose, None)?;
                    }
                }
            }
        }
        project.resolve(&ResolveOptions {
            environment,
            profiles: self.profiles.clone(),
            project_name: self.project_name.clone(),
            max_file_size: config.max_file_size,
            images: config.images.clone(),
        });
        if let Some(resolved) = project.resolved.as_mut() {
            problems.append(&mut resolved.problems);
            resolved.problems = problems;
        }
        Ok(project)
    }

    /// The project root, canonical: files are read inside it (anywhere
    /// with [`RootPolicy::Anywhere`]) and fixes are written inside it.
    pub fn root(&self, config: &Config) -> Result<PathBuf, Error> {
        match &config.root {
            RootPolicy::Directory(root) => {
                std::fs::canonicalize(root).map_err(|source| Error::Io {
                    path: root.clone(),
                    source,
                })
            }
            RootPolicy::Auto | RootPolicy::Anywhere => {
                let linted = self
                    .search_directory
                    .clone()
                    .or_else(|| {
                        self.files
                            .first()
                            .filter(|f| f.as_os_str() != STDIN_PATH)
                            .map(|_| parent_or_dot(self.files.first()))
                    })
                    .unwrap_or_else(|| self.directory());
                Ok(auto_root(&linted))
            }
        }
    }

    /// The environment files: those given, else `.env` in the project
    /// directory when it is a file (and `COMPOSE_DISABLE_ENV_FILE` is not
    /// set).
    fn env_file_paths(&self, directory: &Path, process: &Variables) -> Vec<PathBuf> {
        if !self.env_files.is_empty() {
            return self.env_files.clone();
        }
        let disabled = process
            .get("COMPOSE_DISABLE_ENV_FILE")
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true"));
        let default = directory.join(".env");
        if disabled || !default.is_file() {
            return Vec::new();
        }
        vec![default]
    }

    /// The files Compose loads when none are given: `COMPOSE_FILE`, else the
    /// first default file in `directory` and the first override file.
    fn default_files(
        &self,
        directory: &Path,
        process: &Variables,
        config: &Config,
    ) -> Result<Vec<PathBuf>, Error> {
        let probe = Project::new(directory);
        let mut environment = Environment::new(process.clone());
        let mut env_files = Vec::new();
        let mut probe = probe
            .with_root(Some(self.root(config)?))
            .reading_outside_root(config.root == RootPolicy::Anywhere);
        for path in self.env_file_paths(directory, process) {
            // A file outside the root is reported when the project loads.
            match probe.add_path(&path, FileKind::Env, config.max_file_size) {
                Ok(id) => {
                    if let Some(file) = probe.file(id) {
                        env_files.push((id, file.source.text().to_string()));
                    }
                }
                Err(error) => probe.refuse(error, FileKind::Env, None)?,
            }
        }
        environment.add_files(&env_files, &mut Vec::new());
        // `compose.yaml` reads better than `./compose.yaml` in diagnostics.
        let join = |name: &str| {
            if directory == Path::new(".") {
                PathBuf::from(name)
            } else {
                directory.join(name)
            }
        };
        if let Some(list) = environment.setting("COMPOSE_FILE") {
            let separator = environment
                .setting("COMPOSE_PATH_SEPARATOR")
                .unwrap_or(if cfg!(windows) { ";" } else { ":" });
            let files: Vec<PathBuf> = list
                .split(separator)
                .filter(|f| !f.is_empty())
                .map(join)
                .collect();
            if !files.is_empty() {
                return Ok(files);
            }
        }
        let first_existing = |names: &[&str]| {
            names
                .iter()
                .map(|name| join(name))
                .find(|path| path.is_file())
        };
        let Some(main) = first_existing(&COMPOSE_FILE_NAMES) else {
            return Err(Error::NoComposeFile(directory.to_path_buf()));
        };
        let mut files = vec![main];
        files.extend(first_existing(&OVERRIDE_FILE_NAMES));
        Ok(files)
    }
}

/// The root of the Git work tree holding `linted` (a directory holding
/// `.git`, a directory or, for a linked work tree or a submodule, a file);
/// outside a work tree, the current directory when it holds `linted`,
/// else `linted` itself. Canonical when the paths resolve.
fn auto_root(linted: &Path) -> PathBuf {
    let start =
        std::fs::canonicalize(linted).unwrap_or_else(|_| crate::compose::load::absolute(linted));
    if let Some(work_tree) = start
        .ancestors()
        .find(|dir| std::fs::symlink_metadata(dir.join(".git")).is_ok())
    {
        return work_tree.to_path_buf();
    }
    match std::env::current_dir().and_then(std::fs::canonicalize) {
        Ok(current) if start.starts_with(&current) => current,
        _ => start,
    }
}

fn parent_or_dot(file: Option<&PathBuf>) -> PathBuf {
    file.and_then(|file| file.parent())
        .filter(|parent| !parent.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Lints projects.
#[derive(Clone, Debug, Default)]
pub struct Linter {
    config: Config,
}

impl Linter {
    pub fn new(config: Config) -> Self {
        Self { config }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Loads and lints one project. Problems in the files are diagnostics;
    /// `Err` means a file could not be read at all.
    pub fn check(&self, spec: &ProjectSpec) -> Result<Report, Error> {
        let project = spec.load(&self.config)?;
        Ok(self.check_project(&project))
    }

    /// Lints an already loaded project (for text that is not on disk). A
    /// project that was not resolved yet is resolved with an empty
    /// environment and the configuration's image facts first; a resolved
    /// project keeps the image facts it was resolved with.
    pub fn check_project(&self, project: &Project) -> Report {
        if project.resolved.is_none() {
            let mut resolved = project.clone();
            resolved.resolve(&ResolveOptions {
                max_file_size: self.config.max_file_size,
                images: self.config.images.clone(),
                ..ResolveOptions::default()
            });
            return self.check_project(&resolved);
        }
        let (diagnostics, suppressed) = engine::run(project, &self.config);
        Report {
            diagnostics,
            suppressed,
            files_checked: project
                .files
                .iter()
                .map(|file| file.source.path().to_path_buf())
                .collect(),
            files: vec![crate::inventory::of(project)],
            roots: project.root().map(Path::to_path_buf).into_iter().collect(),
        }
    }

    /// Lints projects in parallel; results are in the order of `specs`.
    ///
    /// A project that is part of another project of `specs` is linted as
    /// part of that one only, and its report is empty. It is part of it
    /// when each of its own files is one of the other project's files, or
    /// a file the other project includes or extends services from, and at
    /// least one is included or extended from: a sub-project found by a
    /// directory search lacks, on its own, the environment the `include`
    /// gives it, and a file of service templates merged onto its
    /// directory's default file would make each template a service of its
    /// own (whose published port would conflict with the service extending
    /// it, say).
    pub fn check_all(&self, specs: &[ProjectSpec]) -> Vec<Result<Report, Error>> {
        let projects: Vec<Result<Project, Error>> = specs
            .par_iter()
            .map(|spec| spec.load(&self.config))
            .collect();
        let files: Vec<SpecFiles> = projects
            .iter()
            .map(|project| match project {
                Ok(project) => SpecFiles {
                    own: file_paths(project, |r| &r.root_files),
                    used: file_paths(project, |r| &r.included_files)
                        .into_iter()
                        .chain(file_paths(project, |r| &r.extended_files))
                        .collect(),
                },
                Err(_) => SpecFiles::default(),
            })
            .collect();
        let part_of = |j: usize, i: usize| {
            let (part, whole) = (&files[i], &files[j]);
            !part.own.is_empty()
                && part
                    .own
                    .iter()
                    .all(|file| whole.used.contains(file) || whole.own.contains(file))
                && part.own.iter().any(|file| whole.used.contains(file))
        };
        // Two projects part of each other: the first one is kept.
        let skipped: Vec<bool> = (0..files.len())
            .map(|i| (0..files.len()).any(|j| j != i && part_of(j, i) && (j < i || !part_of(i, j))))
            .collect();
        projects
            .into_par_iter()
            .zip(skipped)
            .map(|(project, skipped)| {
                let project = project?;
                if skipped {
                    return Ok(Report::default());
                }
                Ok(self.check_project(&project))
            })
            .collect()
    }
}

/// The absolute paths of a loaded project's files.
#[derive(Debug, Default)]
struct SpecFiles {
    /// Its own compose files.
    own: Vec<PathBuf>,
    /// The files it includes or extends services from.
    used: HashSet<PathBuf>,
}

/// The absolute paths of the files `pick` selects from the resolved project.
fn file_paths(
    project: &Project,
    pick: impl Fn(&crate::compose::load::Resolved) -> &Vec<crate::location::FileId>,
) -> Vec<PathBuf> {
    let Some(resolved) = project.resolved.as_ref() else {
        return Vec::new();
    };
    pick(resolved)
        .iter()
        .filter_map(|id| project.file(*id))
        .map(|file| crate::compose::load::absolute(file.source.path()))
        .collect()
}

/// What linting found, sorted by path, line, column and rule.
#[derive(Clone, Debug, Default)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
    suppressed: Vec<Diagnostic>,
    /// The paths of the files read, so a file several projects share
    /// (a base file merged with several overrides) counts once.
    files_checked: BTreeSet<PathBuf>,
    files: Vec<ProjectFiles>,
    /// The roots of the projects linted: fixes are written inside them.
    roots: BTreeSet<PathBuf>,
}

impl Report {
    /// The diagnostics that count: every finding no suppression silenced.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The findings a suppression silenced, each with its
    /// [`Suppression`](crate::Suppression).
    pub fn suppressed(&self) -> &[Diagnostic] {
        &self.suppressed
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// How many distinct files were read.
    pub fn files_checked(&self) -> usize {
        self.files_checked.len()
    }

    /// Per project, the files read and why, and the files its
    /// configurations name that were not read (`--show-files`).
    pub fn files(&self) -> &[ProjectFiles] {
        &self.files
    }

    /// The roots of the projects linted (canonical): the directories
    /// fixes may be written in. Empty for projects loaded without a root.
    pub fn roots(&self) -> &BTreeSet<PathBuf> {
        &self.roots
    }

    /// How many diagnostics have exactly `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }

    /// True when some diagnostic is at least as severe as `threshold`.
    pub fn has_findings_at(&self, threshold: Severity) -> bool {
        self.diagnostics.iter().any(|d| d.severity() >= threshold)
    }
}

/// Combines the reports of several projects into one, sorted once. A
/// finding several projects report in a file they share (the base file of
/// each override merged onto it) is kept once.
impl FromIterator<Report> for Report {
    fn from_iter<I: IntoIterator<Item = Report>>(reports: I) -> Self {
        let mut combined = Report::default();
        for report in reports {
            combined.diagnostics.extend(report.diagnostics);
            combined.suppressed.extend(report.suppressed);
            combined.files_checked.extend(report.files_checked);
            combined.files.extend(report.files);
            combined.roots.extend(report.roots);
        }
        drop_repeated(&mut combined.diagnostics);
        drop_repeated(&mut combined.suppressed);
        engine::sort(&mut combined.diagnostics);
        engine::sort(&mut combined.suppressed);
        combined
    }
}

/// Keeps the first of diagnostics that say the same thing at the same
/// place.
fn drop_repeated(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    diagnostics.retain(|d| {
        seen.insert((
            d.rule(),
            d.severity(),
            d.message().to_string(),
            d.primary().source().path().to_path_buf(),
            d.primary().span(),
        ))
    });
}
