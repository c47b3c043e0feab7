//! The public entry point: configure a [`Linter`], give it [`ProjectSpec`]s,
//! read the [`Report`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine;
use crate::error::Error;
use crate::project::{FileKind, Project};
use crate::rules;

/// Files larger than this are refused unless the limit is raised.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// How the linter runs.
#[derive(Clone, Debug)]
pub struct Config {
    max_file_size: u64,
    disabled: BTreeSet<&'static str>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            disabled: BTreeSet::new(),
        }
    }
}

impl Config {
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

    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
    }

    pub fn is_enabled(&self, rule: &str) -> bool {
        !self.disabled.contains(rule)
    }
}

/// The files of one project, in the order Compose would load them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectSpec {
    files: Vec<PathBuf>,
    directory: Option<PathBuf>,
}

impl ProjectSpec {
    pub fn from_files<I, P>(files: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        Self {
            files: files.into_iter().map(Into::into).collect(),
            directory: None,
        }
    }

    /// Sets the project directory (by default, the first file's directory).
    pub fn with_directory(mut self, directory: impl Into<PathBuf>) -> Self {
        self.directory = Some(directory.into());
        self
    }

    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    pub fn directory(&self) -> PathBuf {
        if let Some(directory) = &self.directory {
            return directory.clone();
        }
        self.files
            .first()
            .and_then(|file| file.parent())
            .filter(|parent| !parent.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    /// Reads and parses every file.
    pub fn load(&self, config: &Config) -> Result<Project, Error> {
        let mut project = Project {
            directory: self.directory(),
            files: Vec::with_capacity(self.files.len()),
        };
        for path in &self.files {
            project.add_path(path, FileKind::Compose, config.max_file_size)?;
        }
        Ok(project)
    }
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

    /// Lints an already loaded project (for text that is not on disk).
    pub fn check_project(&self, project: &Project) -> Report {
        Report {
            diagnostics: engine::run(project, &self.config),
            files_checked: project.files.len(),
        }
    }

    /// Lints projects in parallel; results are in the order of `specs`.
    pub fn check_all(&self, specs: &[ProjectSpec]) -> Vec<Result<Report, Error>> {
        specs.par_iter().map(|spec| self.check(spec)).collect()
    }
}

/// What linting found, sorted by path, line, column and rule.
#[derive(Clone, Debug, Default)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
    files_checked: usize,
}

impl Report {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    pub fn files_checked(&self) -> usize {
        self.files_checked
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

/// Combines the reports of several projects into one, sorted once.
impl FromIterator<Report> for Report {
    fn from_iter<I: IntoIterator<Item = Report>>(reports: I) -> Self {
        let mut combined = Report::default();
        for report in reports {
            combined.diagnostics.extend(report.diagnostics);
            combined.files_checked += report.files_checked;
        }
        engine::sort(&mut combined.diagnostics);
        combined
    }
}
