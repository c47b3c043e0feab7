//! The public entry point: configure a [`Linter`], give it [`ProjectSpec`]s,
//! read the [`Report`].

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::compose::load::ResolveOptions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine;
use crate::error::Error;
use crate::inventory::ProjectFiles;
use crate::project::Project;
use crate::settings::Config;
use crate::spec::ProjectSpec;

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
                max_file_size: self.config.max_file_size(),
                images: self.config.images().clone(),
                ..ResolveOptions::default()
            });
            return self.check_project(&resolved);
        }
        let (diagnostics, suppressed) = engine::run(project, &self.config);
        Report {
            diagnostics,
            suppressed,
            files_checked: project
                .files()
                .iter()
                .map(|file| file.source.path().to_path_buf())
                .collect(),
            files: vec![crate::inventory::of(project)],
            roots: project.root().map(Path::to_path_buf).into_iter().collect(),
            baselined: 0,
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
        // Each project is loaded, linted and dropped by one worker: memory
        // holds one project per worker, not all of them. What is kept is
        // its report and the paths of its files.
        let checked: Vec<(Result<Report, Error>, SpecFiles)> = specs
            .par_iter()
            .map(|spec| match spec.load(&self.config) {
                Ok(project) => {
                    let files = SpecFiles {
                        own: file_paths(&project, |r| &r.root_files),
                        used: file_paths(&project, |r| &r.included_files)
                            .into_iter()
                            .chain(file_paths(&project, |r| &r.extended_files))
                            .collect(),
                    };
                    (Ok(self.check_project(&project)), files)
                }
                Err(error) => (Err(error), SpecFiles::default()),
            })
            .collect();
        let files: Vec<&SpecFiles> = checked.iter().map(|(_, files)| files).collect();
        let skipped = part_of_another(&files);
        checked
            .into_iter()
            .zip(skipped)
            .map(|((report, _), skipped)| {
                let report = report?;
                Ok(if skipped { Report::default() } else { report })
            })
            .collect()
    }
}

/// For each project, whether it is part of another one: all its own files
/// are files of the other, which includes or extends at least one of them
/// (an override or a fragment linted by the project that uses it). Of two
/// projects part of each other, the first is kept. The candidates are
/// found through an index of the files each project uses, so this is
/// linear in the projects, not quadratic.
fn part_of_another(files: &[&SpecFiles]) -> Vec<bool> {
    let mut users: std::collections::HashMap<&PathBuf, Vec<usize>> =
        std::collections::HashMap::new();
    for (j, project) in files.iter().enumerate() {
        for file in &project.used {
            users.entry(file).or_default().push(j);
        }
    }
    let part_of = |j: usize, i: usize| {
        let (part, whole) = (files[i], files[j]);
        !part.own.is_empty()
            && part
                .own
                .iter()
                .all(|file| whole.used.contains(file) || whole.own.contains(file))
            && part.own.iter().any(|file| whole.used.contains(file))
    };
    (0..files.len())
        .map(|i| {
            let mut candidates: Vec<usize> = files[i]
                .own
                .iter()
                .filter_map(|file| users.get(file))
                .flatten()
                .copied()
                .filter(|&j| j != i)
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            candidates
                .into_iter()
                .any(|j| part_of(j, i) && (j < i || !part_of(i, j)))
        })
        .collect()
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
    /// How many findings a baseline accepted (and are not in
    /// `diagnostics`).
    baselined: usize,
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

    /// The paths of the files read (a text written inside a compose file
    /// is named after it, `compose.yaml:31`).
    pub fn files_read(&self) -> impl Iterator<Item = &Path> {
        self.files_checked.iter().map(PathBuf::as_path)
    }

    /// Leaves out the findings `baseline` accepts; they are only counted
    /// ([`Report::baselined`]).
    pub fn apply_baseline(&mut self, baseline: &crate::baseline::Baseline) {
        let (new, accepted) = baseline.split(std::mem::take(&mut self.diagnostics));
        self.diagnostics = new;
        self.baselined += accepted;
    }

    /// How many findings a baseline accepted.
    pub fn baselined(&self) -> usize {
        self.baselined
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
            combined.baselined += report.baselined;
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
