//! One project to load, described the way `docker compose` flags describe
//! it: [`ProjectSpec`], and how it is read into a [`Project`].

use std::path::{Path, PathBuf};

use crate::compose::environment::{Environment, Variables};
use crate::compose::file_names::{COMPOSE_FILE_NAMES, OVERRIDE_FILE_NAMES};
use crate::compose::load::ResolveOptions;
use crate::compose::problem::LoadProblem;
use crate::error::Error;
use crate::project::{FileKind, Project};
use crate::settings::{Config, RootPolicy};

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
    keep_layers: bool,
    overlay: Option<std::sync::Arc<crate::overlay::Overlay>>,
}

/// The name a compose file read from standard input goes by (`-f -`).
pub const STDIN_PATH: &str = "-";

impl ProjectSpec {
    /// Reads the texts of `overlay` (an editor's unsaved documents) in
    /// place of the files on disk.
    pub fn with_overlay(mut self, overlay: std::sync::Arc<crate::overlay::Overlay>) -> Self {
        self.overlay = Some(overlay);
        self
    }

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

    /// Keeps each interpolated compose document in
    /// [`Resolved::layers`](crate::Resolved) (for tools that validate them
    /// again; linting does not need the copies).
    pub fn keeping_layers(mut self) -> Self {
        self.keep_layers = true;
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
        // The process environment is read once per process and shared by
        // every project (a variable that is not UTF-8 is read lossily, not
        // a panic).
        static PROCESS: std::sync::LazyLock<std::sync::Arc<Variables>> =
            std::sync::LazyLock::new(|| {
                std::sync::Arc::new(
                    std::env::vars_os()
                        .map(|(name, value)| {
                            (
                                name.to_string_lossy().into_owned(),
                                value.to_string_lossy().into_owned(),
                            )
                        })
                        .collect(),
                )
            });
        let process: std::sync::Arc<Variables> = match &self.environment {
            Some(environment) => std::sync::Arc::new(environment.clone()),
            None => std::sync::Arc::clone(&PROCESS),
        };
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
            .with_overlay(self.overlay.clone())
            .with_root(Some(self.root(config)?))
            .reading_outside_root(*config.root() == RootPolicy::Anywhere);
        let mut environment = Environment::shared(std::sync::Arc::clone(&process));
        let mut problems = Vec::new();
        let mut env_files = Vec::new();
        for path in self.env_file_paths(&directory, &process) {
            match project.add_path(&path, FileKind::Env, config.max_file_size()) {
                Ok(id) => {
                    if let Some(file) = project.file(id) {
                        env_files.push((id, file.source.text().to_string()));
                    }
                }
                Err(error) => project.refuse(error, FileKind::Env)?,
            }
        }
        environment.add_files(&env_files, &mut problems);
        if self.env_files.is_empty() {
            let default = directory.join(".env");
            // A link to nothing is skipped as Compose skips it, and said
            // once: every variable it would set is unset.
            if let Ok(target) = std::fs::read_link(&default)
                && !default.exists()
            {
                problems.push(LoadProblem::EnvLinkBroken {
                    path: default,
                    target,
                });
            }
        }
        for path in &files {
            match &self.stdin {
                Some(bytes) if path.as_os_str() == STDIN_PATH => {
                    project.add_bytes(path, FileKind::Compose, bytes.clone());
                }
                _ => {
                    if let Err(error) =
                        project.add_path(path, FileKind::Compose, config.max_file_size())
                    {
                        project.refuse(error, FileKind::Compose)?;
                    }
                }
            }
        }
        project.resolve(&ResolveOptions {
            environment,
            profiles: self.profiles.clone(),
            project_name: self.project_name.clone(),
            max_file_size: config.max_file_size(),
            images: config.images().clone(),
            keep_layers: self.keep_layers,
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
        match config.root() {
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
        process: &std::sync::Arc<Variables>,
        config: &Config,
    ) -> Result<Vec<PathBuf>, Error> {
        let probe = Project::new(directory);
        let mut environment = Environment::shared(std::sync::Arc::clone(process));
        let mut env_files = Vec::new();
        let mut probe = probe
            .with_root(Some(self.root(config)?))
            .reading_outside_root(*config.root() == RootPolicy::Anywhere);
        for path in self.env_file_paths(directory, process) {
            // A file outside the root is reported when the project loads.
            match probe.add_path(&path, FileKind::Env, config.max_file_size()) {
                Ok(id) => {
                    if let Some(file) = probe.file(id) {
                        env_files.push((id, file.source.text().to_string()));
                    }
                }
                Err(error) => probe.refuse(error, FileKind::Env)?,
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
/// outside a work tree, the current directory when it holds `linted` (and
/// is neither `/` nor the home directory), else `linted` itself. Canonical
/// when the paths resolve.
pub fn auto_root(linted: &Path) -> PathBuf {
    let start =
        std::fs::canonicalize(linted).unwrap_or_else(|_| crate::compose::load::absolute(linted));
    if let Some(work_tree) = start
        .ancestors()
        .find(|dir| std::fs::symlink_metadata(dir.join(".git")).is_ok())
    {
        return work_tree.to_path_buf();
    }
    // The file system's root or the home directory is never the project's
    // root, even as the current directory (a container's `/`, a tarball
    // unpacked in `~`).
    let home = std::env::var_os("HOME").and_then(|home| std::fs::canonicalize(home).ok());
    match std::env::current_dir().and_then(std::fs::canonicalize) {
        Ok(current)
            if start.starts_with(&current)
                && current.parent().is_some()
                && Some(&current) != home.as_ref() =>
        {
            current
        }
        _ => start,
    }
}

fn parent_or_dot(file: Option<&PathBuf>) -> PathBuf {
    file.and_then(|file| file.parent())
        .filter(|parent| !parent.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
