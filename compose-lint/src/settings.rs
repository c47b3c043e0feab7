//! How the linter runs: [`Config`], built by the command line or a
//! library user, read by every stage above the rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};

use crate::compose::load::absolute;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::images::ImageCatalog;
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
            // The default selection: every rule but the opt-in ones.
            disabled: rules::RULES
                .iter()
                .map(|rule| rule.meta())
                .filter(|meta| meta.opt_in)
                .map(|meta| meta.name)
                .collect(),
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

    /// Turns the rule called `name` on, an opt-in one included.
    pub fn enable(mut self, name: &str) -> Result<Self, Error> {
        let rule = rules::find(name).ok_or_else(|| Error::UnknownRule(name.to_string()))?;
        self.disabled.remove(rule.meta().name);
        Ok(self)
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

/// One `[[per-path-ignores]]` entry: rules silenced in the files its
/// globs match, relative to the configuration file's directory.
#[derive(Clone, Debug)]
pub struct PathIgnore {
    base: PathBuf,
    globs: GlobSet,
    rules: BTreeSet<&'static str>,
    reason: Option<String>,
}

impl PathIgnore {
    /// `globs` are matched against paths relative to `base`; `*` stays
    /// within one directory, `**` crosses them, and a glob matching a
    /// directory covers every file below it. `rules` are rule or family
    /// names.
    pub fn new(
        base: impl AsRef<Path>,
        globs: &[&str],
        rules: &[&str],
        reason: Option<String>,
    ) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        for glob in globs {
            let glob = glob.trim_end_matches('/');
            let compiled = globset::GlobBuilder::new(glob)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("invalid glob `{glob}`: {}", e.kind()))?;
            builder.add(compiled);
        }
        let globs = builder.build().map_err(|e| e.to_string())?;
        let mut names = BTreeSet::new();
        for rule in rules {
            names.extend(
                rules::selected(rule).ok_or_else(|| format!("unknown rule or family `{rule}`"))?,
            );
        }
        Ok(Self {
            base: absolute(base.as_ref()),
            globs,
            rules: names,
            reason,
        })
    }

    /// The reason the configuration gives, if any.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// True when this entry silences `rule` in the file at `path`.
    pub fn silences(&self, rule: &str, path: &Path) -> bool {
        if !self.rules.contains(rule) {
            return false;
        }
        let path = absolute(path);
        let Ok(relative) = path.strip_prefix(&self.base) else {
            return false;
        };
        relative
            .ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .any(|p| self.globs.is_match(p))
    }
}
