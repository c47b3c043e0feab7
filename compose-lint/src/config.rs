//! The configuration file, `compose-lint.toml` (or `.compose-lint.toml`):
//! which rules run, their severities, per-path ignores and the default
//! `--fail-on`.
//!
//! ```toml
//! fail-on = "error"
//! select = ["security", "ports", "unused-volume"]
//! extend-select = ["config-mounted-writable"]
//! ignore = ["hardcoded-credential"]
//!
//! [severity]
//! security = "error"
//! hardcoded-credential = "off"
//!
//! [[per-path-ignores]]
//! paths = ["legacy/**"]
//! rules = ["security"]
//! reason = "the legacy stack is retired next quarter"
//!
//! [images."registry.example.com/team/api"]
//! ports = [8080]
//! user = "10001:10001"
//! curl = false
//! metrics = { port = 9102, path = "/metrics" }
//! ```
//!
//! `[images."<repository>"]` describes an image the built-in facts do not
//! know (or know differently), for every tag of the repository; it replaces
//! the built-in entry for that repository entirely.
//!
//! Every list takes rule names and family names. A file with an unknown
//! key, an unknown name or a bad value is refused with its line and column;
//! nothing is linted with a configuration that says something else than
//! its author meant. `compose-lint/schemas/compose-lint-config.schema.json` describes the
//! same format for editors.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::compose::load::absolute;
use crate::compose::schema::closest;
use crate::diagnostic::Severity;
use crate::images::{ConfiguredImage, ImageCatalog, repository_key};
use crate::rules::{Family, RULES};
use crate::settings::{Config, PathIgnore};
use crate::spec::ProjectSpec;

/// The names the configuration file is found under, in order of preference
/// within one directory.
pub(crate) const FILE_NAMES: [&str; 2] = ["compose-lint.toml", ".compose-lint.toml"];

/// The keys of the top level of the file.
pub(crate) const TOP_LEVEL_KEYS: [&str; 7] = [
    "extend-select",
    "fail-on",
    "ignore",
    "images",
    "per-path-ignores",
    "select",
    "severity",
];

/// The keys of one `[[per-path-ignores]]` entry.
pub(crate) const PER_PATH_IGNORE_KEYS: [&str; 3] = ["paths", "reason", "rules"];

/// The keys of one `[images."<repository>"]` entry.
pub(crate) const IMAGE_KEYS: [&str; 8] = [
    "curl",
    "data-dir",
    "healthcheck",
    "metrics",
    "ports",
    "shell",
    "user",
    "wget",
];

/// The keys of an image's `metrics`.
pub(crate) const IMAGE_METRICS_KEYS: [&str; 2] = ["path", "port"];

/// The values a `[severity]` entry takes.
pub(crate) const SEVERITY_VALUES: [&str; 4] = ["error", "warning", "info", "off"];

pub use crate::error::ConfigError;

/// The largest configuration file read, in bytes.
pub(crate) const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

/// A parsed configuration file.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    path: PathBuf,
    /// The rules that `select` and `ignore` leave on.
    enabled: BTreeSet<&'static str>,
    /// Per rule, the configured severity (`None`: off).
    severities: BTreeMap<&'static str, Option<Severity>>,
    per_path_ignores: Vec<PathIgnore>,
    fail_on: Option<Severity>,
    /// The built-in image facts with the file's `[images]` in place.
    images: ImageCatalog,
}

impl ConfigFile {
    /// Reads and parses the file at `path`.
    /// Only a regular file of at most 1 MiB is read: a
    /// device, a FIFO or a huge file is an error, not a hang.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let error = |message: String| ConfigError {
            path: path.to_path_buf(),
            position: None,
            message,
            help: None,
        };
        let metadata = std::fs::metadata(path)
            .map_err(|e| error(format!("cannot read the configuration: {e}")))?;
        if !metadata.is_file() {
            return Err(error(
                "cannot read the configuration: it is not a regular file".to_string(),
            ));
        }
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| {
                use std::io::Read;
                file.take(MAX_CONFIG_SIZE + 1).read_to_end(&mut bytes)
            })
            .map_err(|e| error(format!("cannot read the configuration: {e}")))?;
        if bytes.len() as u64 > MAX_CONFIG_SIZE {
            return Err(error(format!(
                "cannot read the configuration: it is larger than {MAX_CONFIG_SIZE} bytes"
            )));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            error(format!(
                "cannot read the configuration: it is not UTF-8 ({e})"
            ))
        })?;
        Self::parse(path, &text)
    }

    /// Parses `text` as the file at `path`; per-path globs are relative to
    /// `path`'s directory.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let fail = |span: Range<usize>, message: String, help: Option<String>| ConfigError {
            path: path.to_path_buf(),
            position: Some(line_col(text, span.start)),
            message,
            help,
        };
        let root = DeTable::parse(text).map_err(|error| {
            let span = error.span().unwrap_or(0..0);
            fail(span, error.message().trim().to_string(), None)
        })?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let mut file = Self {
            path: path.to_path_buf(),
            enabled: RULES
                .iter()
                .map(|r| r.meta())
                .filter(|meta| !meta.opt_in)
                .map(|meta| meta.name)
                .collect(),
            severities: BTreeMap::new(),
            per_path_ignores: Vec::new(),
            fail_on: None,
            images: ImageCatalog::builtin(),
        };
        let root = root.get_ref();
        check_keys(root, &TOP_LEVEL_KEYS, "", &fail)?;
        if let Some(select) = root.get("select") {
            let mut selected = BTreeSet::new();
            for (name, span) in string_list(select, "select", &fail)? {
                selected.extend(selector(&name, span, &fail)?);
            }
            file.enabled = selected;
        }
        if let Some(extend) = root.get("extend-select") {
            for (name, span) in string_list(extend, "extend-select", &fail)? {
                file.enabled.extend(selector(&name, span, &fail)?);
            }
        }
        if let Some(ignore) = root.get("ignore") {
            for (name, span) in string_list(ignore, "ignore", &fail)? {
                for rule in selector(&name, span, &fail)? {
                    file.enabled.remove(rule);
                }
            }
        }
        if let Some(fail_on) = root.get("fail-on") {
            let (value, span) = string(fail_on, "fail-on", &fail)?;
            file.fail_on = Some(value.parse::<Severity>().map_err(|_| {
                fail(
                    span,
                    format!("`fail-on` must be error, warning or info, not `{value}`"),
                    None,
                )
            })?);
        }
        if let Some(severity) = root.get("severity") {
            file.severities = severities(severity, &fail)?;
        }
        if let Some(ignores) = root.get("per-path-ignores") {
            let DeValue::Array(entries) = ignores.get_ref() else {
                return Err(fail(
                    ignores.span(),
                    format!(
                        "`per-path-ignores` must be an array of tables (`[[per-path-ignores]]`), not a {}",
                        ignores.get_ref().type_str()
                    ),
                    None,
                ));
            };
            for entry in entries.iter() {
                file.per_path_ignores
                    .push(per_path_ignore(entry, &base, &fail)?);
            }
        }
        if let Some(images) = root.get("images") {
            file.images = image_catalog(images, path, &fail)?;
        }
        Ok(file)
    }

    /// The image facts the file describes, over the built-in table.
    pub fn images(&self) -> &ImageCatalog {
        &self.images
    }

    /// The configuration file that applies to `start` (a file or a
    /// directory): the first of `compose-lint.toml` and `.compose-lint.toml` in it or in a directory
    /// above. The search stops at the root of the Git repository (the
    /// directory holding `.git`, which is still searched) or at the root of
    /// the file system, so a configuration outside the repository never
    /// applies to it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = absolute(start);
        let first = if start.is_file() {
            start.parent()?
        } else {
            &start
        };
        for directory in first.ancestors() {
            for name in FILE_NAMES {
                let candidate = directory.join(name);
                // Anything at the name is the configuration: one that is
                // not a regular file is refused when it is loaded, with a
                // word, rather than passed over.
                if std::fs::symlink_metadata(&candidate).is_ok() {
                    return Some(candidate);
                }
            }
            if directory.join(".git").exists() {
                return None;
            }
        }
        None
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `config` with this file's settings applied.
    pub fn apply(&self, mut config: Config) -> Config {
        for rule in RULES {
            let name = rule.meta().name;
            let configured = self.severities.get(name);
            let on = self.enabled.contains(name) && configured != Some(&None);
            // Every name here comes from RULES.
            config = if on {
                config.enable(name)
            } else {
                config.disable(name)
            }
            .unwrap_or_else(|_| Config::default());
            if on && let Some(Some(severity)) = configured {
                config = config
                    .with_severity(name, *severity)
                    .unwrap_or_else(|_| Config::default());
            }
        }
        for ignore in &self.per_path_ignores {
            config = config.with_path_ignore(ignore.clone());
        }
        if let Some(fail_on) = self.fail_on {
            config = config.with_fail_on(fail_on);
        }
        if !self.images.is_builtin() {
            config = config.with_images(self.images.clone());
        }
        config
    }
}

/// Where the configuration comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ConfigSource {
    /// Found from each project's directory ([`ConfigFile::discover`]).
    #[default]
    Discover,
    /// This file, for every project (`--config FILE`).
    File(PathBuf),
    /// None: the defaults (`--no-config`).
    Disabled,
}

/// Projects that share one configuration file (or none).
#[derive(Clone, Debug)]
pub struct ConfigGroup {
    pub file: Option<Arc<ConfigFile>>,
    pub specs: Vec<ProjectSpec>,
}

impl ConfigGroup {
    /// `base` with the group's configuration file applied.
    pub fn config(&self, base: Config) -> Config {
        match &self.file {
            Some(file) => file.apply(base),
            None => base,
        }
    }
}

/// A configuration found by the search that is a symbolic link leading out
/// of the project root (the Git work tree it was found in) is refused, not
/// read: its lines would be quoted in the errors.
fn refuse_link_out_of_root(path: &Path) -> Result<(), ConfigError> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let directory = path.parent().unwrap_or(Path::new("."));
    let root = crate::spec::auto_root(directory);
    if std::fs::canonicalize(path).is_ok_and(|target| target.starts_with(&root)) {
        return Ok(());
    }
    Err(ConfigError {
        path: path.to_path_buf(),
        position: None,
        message: format!(
            "the configuration is a symbolic link that resolves outside the project root `{}`: not read",
            root.display()
        ),
        help: Some("replace the link with the file, or pass it with `--config`".to_string()),
    })
}

/// Groups `specs` by the configuration that applies to each, in the order
/// of their first project; each file is read once.
pub fn group_by_config(
    specs: Vec<ProjectSpec>,
    source: &ConfigSource,
) -> Result<Vec<ConfigGroup>, ConfigError> {
    match source {
        ConfigSource::Disabled => Ok(vec![ConfigGroup { file: None, specs }]),
        ConfigSource::File(path) => Ok(vec![ConfigGroup {
            file: Some(Arc::new(ConfigFile::load(path)?)),
            specs,
        }]),
        ConfigSource::Discover => {
            let mut groups: Vec<(Option<PathBuf>, ConfigGroup)> = Vec::new();
            for spec in specs {
                let found = spec
                    .files()
                    .first()
                    .map_or_else(|| spec.directory(), Clone::clone);
                let path = ConfigFile::discover(&found);
                if let Some((_, group)) = groups.iter_mut().find(|(p, _)| *p == path) {
                    group.specs.push(spec);
                    continue;
                }
                if let Some(path) = &path {
                    refuse_link_out_of_root(path)?;
                }
                let file = match &path {
                    Some(path) => Some(Arc::new(ConfigFile::load(path)?)),
                    None => None,
                };
                groups.push((
                    path,
                    ConfigGroup {
                        file,
                        specs: vec![spec],
                    },
                ));
            }
            Ok(groups.into_iter().map(|(_, group)| group).collect())
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

type Fail<'a> = dyn Fn(Range<usize>, String, Option<String>) -> ConfigError + 'a;

fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

fn check_keys(
    table: &DeTable<'_>,
    allowed: &[&str],
    within: &str,
    fail: &Fail<'_>,
) -> Result<(), ConfigError> {
    for (key, _) in table.iter() {
        let name: &str = key.get_ref();
        if !allowed.contains(&name) {
            let place = if within.is_empty() {
                String::new()
            } else {
                format!(" in `{within}`")
            };
            return Err(fail(
                key.span(),
                format!("unknown key `{name}`{place}"),
                did_you_mean(name, allowed.iter().copied()).or_else(|| {
                    Some(format!(
                        "the keys are {}",
                        allowed
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }),
            ));
        }
    }
    Ok(())
}

fn string(
    value: &Spanned<DeValue<'_>>,
    key: &str,
    fail: &Fail<'_>,
) -> Result<(String, Range<usize>), ConfigError> {
    match value.get_ref() {
        DeValue::String(text) => Ok((text.to_string(), value.span())),
        other => Err(fail(
            value.span(),
            format!("`{key}` must be a string, not a {}", other.type_str()),
            None,
        )),
    }
}

fn string_list(
    value: &Spanned<DeValue<'_>>,
    key: &str,
    fail: &Fail<'_>,
) -> Result<Vec<(String, Range<usize>)>, ConfigError> {
    let DeValue::Array(items) = value.get_ref() else {
        return Err(fail(
            value.span(),
            format!(
                "`{key}` must be an array of strings, not a {}",
                value.get_ref().type_str()
            ),
            None,
        ));
    };
    items.iter().map(|item| string(item, key, fail)).collect()
}

/// The file `compose-lint init` writes: the default settings, each key
/// commented with what it does, ready to edit.
pub fn starter() -> String {
    format!(
        r#"# compose-lint configuration ({version}).
# Every key is optional; what is left out keeps its default.
# Rules: `compose-lint rules` lists them; `compose-lint rule NAME` explains one.

# Exit with 1 when a finding is at least this severe: "error", "warning" or "info".
fail-on = "warning"

# Which rules run: rule names or family names. Without `select`, every rule
# runs except the opt-in ones; `extend-select` adds to that, `ignore` removes.
# select = ["security", "ports"]
# extend-select = ["config-mounted-writable"]
# ignore = ["hardcoded-credential"]

# A rule's severity ("error", "warning", "info" or "off"), by rule or family.
[severity]
# security = "error"

# Rules silenced in some files, with the reason (a glob per path, relative
# to this file).
# [[per-path-ignores]]
# paths = ["legacy/**"]
# rules = ["security"]
# reason = "the legacy stack is retired next quarter"

# Facts about an image compose-lint does not know, for every tag.
# [images."registry.example.com/team/api"]
# ports = [8080]
# user = "10001:10001"
# curl = false
# metrics = {{ port = 9102, path = "/metrics" }}
"#,
        version = env!("CARGO_PKG_VERSION")
    )
}

/// The rule selection given on the command line (`--select`,
/// `--extend-select`, `--ignore`), applied over the configuration file's as
/// ruff applies its own: `select` replaces the selection, `extend-select`
/// adds to it, `ignore` then removes. Each name is a rule or a family.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSelection {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

impl RuleSelection {
    /// True when no flag was given.
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.extend_select.is_empty() && self.ignore.is_empty()
    }

    /// Every name resolved; the first unknown one is an error naming the
    /// closest rule or family.
    pub fn check(&self) -> Result<(), String> {
        let names = self
            .select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&self.ignore);
        for name in names {
            if let Err((message, help)) = resolve_selector(name) {
                return Err(match help {
                    Some(help) => format!("{message}; {help}"),
                    None => message,
                });
            }
        }
        Ok(())
    }

    /// `config` with the selection applied; unknown names are skipped
    /// ([`RuleSelection::check`] reports them first).
    pub fn apply(&self, mut config: Config) -> Config {
        let rules = |names: &[String]| -> Vec<&'static str> {
            names
                .iter()
                .filter_map(|name| resolve_selector(name).ok())
                .flatten()
                .collect()
        };
        if let Some(select) = &self.select {
            let chosen = rules(select);
            for rule in RULES {
                let name = rule.meta().name;
                let on = chosen.contains(&name);
                config = if on {
                    config.enable(name)
                } else {
                    config.disable(name)
                }
                .unwrap_or_else(|_| Config::default());
            }
        }
        for name in rules(&self.extend_select) {
            config = config.enable(name).unwrap_or_else(|_| Config::default());
        }
        for name in rules(&self.ignore) {
            config = config.disable(name).unwrap_or_else(|_| Config::default());
        }
        config
    }
}

/// The rules a rule or family name stands for; an error message and a
/// suggestion otherwise.
fn resolve_selector(name: &str) -> Result<Vec<&'static str>, (String, Option<String>)> {
    crate::rules::selected(name).ok_or_else(|| {
        let candidates = RULES
            .iter()
            .map(|r| r.meta().name)
            .chain(Family::ALL.iter().map(|f| f.as_str()));
        (
            format!("unknown rule or family `{name}`"),
            did_you_mean(name, candidates),
        )
    })
}

fn selector(
    name: &str,
    span: Range<usize>,
    fail: &Fail<'_>,
) -> Result<Vec<&'static str>, ConfigError> {
    resolve_selector(name).map_err(|(message, help)| fail(span, message, help))
}

/// `[severity]`: family entries first, then rule entries, so a rule's own
/// entry wins over its family's.
fn severities(
    value: &Spanned<DeValue<'_>>,
    fail: &Fail<'_>,
) -> Result<BTreeMap<&'static str, Option<Severity>>, ConfigError> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err(fail(
            value.span(),
            format!(
                "`severity` must be a table of rule or family names, not a {}",
                value.get_ref().type_str()
            ),
            None,
        ));
    };
    let mut by_family = Vec::new();
    let mut by_rule = Vec::new();
    for (key, entry) in table.iter() {
        let name: &str = key.get_ref();
        let rules = selector(name, key.span(), fail)?;
        let (text, span) = string(entry, &format!("severity.{name}"), fail)?;
        let severity = match text.as_str() {
            "off" => None,
            other => Some(other.parse::<Severity>().map_err(|_| {
                fail(
                    span,
                    format!("unknown severity `{other}`"),
                    did_you_mean(other, SEVERITY_VALUES).or_else(|| {
                        Some("a severity is `error`, `warning`, `info` or `off`".to_string())
                    }),
                )
            })?),
        };
        if Family::ALL.iter().any(|f| f.as_str() == name) {
            by_family.push((rules, severity));
        } else {
            by_rule.push((rules, severity));
        }
    }
    let mut severities = BTreeMap::new();
    for (rules, severity) in by_family.into_iter().chain(by_rule) {
        for rule in rules {
            severities.insert(rule, severity);
        }
    }
    Ok(severities)
}

fn per_path_ignore(
    entry: &Spanned<DeValue<'_>>,
    base: &Path,
    fail: &Fail<'_>,
) -> Result<PathIgnore, ConfigError> {
    let DeValue::Table(table) = entry.get_ref() else {
        return Err(fail(
            entry.span(),
            format!(
                "a `per-path-ignores` entry must be a table, not a {}",
                entry.get_ref().type_str()
            ),
            None,
        ));
    };
    check_keys(table, &PER_PATH_IGNORE_KEYS, "per-path-ignores", fail)?;
    let required = |key: &str| {
        table.get(key).ok_or_else(|| {
            fail(
                entry.span(),
                format!("a `per-path-ignores` entry needs `{key}`"),
                None,
            )
        })
    };
    let paths = string_list(required("paths")?, "paths", fail)?;
    let rules = string_list(required("rules")?, "rules", fail)?;
    for (name, span) in &rules {
        selector(name, span.clone(), fail)?;
    }
    let reason = match table.get("reason") {
        Some(reason) => Some(string(reason, "reason", fail)?.0),
        None => None,
    };
    let globs: Vec<&str> = paths.iter().map(|(p, _)| p.as_str()).collect();
    let names: Vec<&str> = rules.iter().map(|(r, _)| r.as_str()).collect();
    PathIgnore::new(base, &globs, &names, reason).map_err(|message| {
        let span = paths.first().map_or(entry.span(), |(_, span)| span.clone());
        fail(span, message, None)
    })
}

/// `[images]`: one table per repository.
fn image_catalog(
    value: &Spanned<DeValue<'_>>,
    path: &Path,
    fail: &Fail<'_>,
) -> Result<ImageCatalog, ConfigError> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err(fail(
            value.span(),
            format!(
                "`images` must be a table of repositories (`[images.\"registry.example.com/team/api\"]`), not a {}",
                value.get_ref().type_str()
            ),
            None,
        ));
    };
    let mut entries: Vec<(String, ConfiguredImage)> = Vec::new();
    let mut keys: Vec<(String, Range<usize>)> = Vec::new();
    for (key, entry) in table.iter() {
        let name: &str = key.get_ref();
        let Some(repository) = repository_key(name) else {
            return Err(fail(
                key.span(),
                format!("`{name}` is not a repository name without a tag or digest"),
                Some(
                    "name the repository alone (`registry.example.com/team/api`): its facts apply to every tag"
                        .to_string(),
                ),
            ));
        };
        if let Some((_, first)) = keys.iter().find(|(k, _)| *k == repository) {
            // The table is not kept in written order: point at the later key.
            let later = if first.start > key.span().start {
                first.clone()
            } else {
                key.span()
            };
            return Err(fail(
                later,
                format!("repository `{repository}` is described twice in `images`"),
                Some(
                    "`docker.io/library/redis`, `library/redis` and `redis` are one repository"
                        .to_string(),
                ),
            ));
        }
        let source = format!("{} `[images.\"{name}\"]`", path.display());
        entries.push((
            repository.clone(),
            configured_image(entry, name, source, fail)?,
        ));
        keys.push((repository, key.span()));
    }
    // Keys were checked above, one by one with their position.
    ImageCatalog::with_configured(entries).map_err(|message| fail(value.span(), message, None))
}

fn configured_image(
    entry: &Spanned<DeValue<'_>>,
    name: &str,
    source: String,
    fail: &Fail<'_>,
) -> Result<ConfiguredImage, ConfigError> {
    let within = format!("images.\"{name}\"");
    let DeValue::Table(table) = entry.get_ref() else {
        return Err(fail(
            entry.span(),
            format!(
                "`{within}` must be a table of image facts, not a {}",
                entry.get_ref().type_str()
            ),
            None,
        ));
    };
    check_keys(table, &IMAGE_KEYS, &within, fail)?;
    let flag = |key: &str| -> Result<Option<bool>, ConfigError> {
        let Some(value) = table.get(key) else {
            return Ok(None);
        };
        match value.get_ref() {
            DeValue::Boolean(b) => Ok(Some(*b)),
            other => Err(fail(
                value.span(),
                format!("`{key}` must be true or false, not a {}", other.type_str()),
                None,
            )),
        }
    };
    let mut image = ConfiguredImage {
        curl: flag("curl")?,
        wget: flag("wget")?,
        shell: flag("shell")?,
        builtin_healthcheck: flag("healthcheck")?,
        source,
        ..ConfiguredImage::default()
    };
    if let Some(ports) = table.get("ports") {
        let DeValue::Array(items) = ports.get_ref() else {
            return Err(fail(
                ports.span(),
                format!(
                    "`ports` must be an array of port numbers, not a {}",
                    ports.get_ref().type_str()
                ),
                None,
            ));
        };
        for item in items.iter() {
            image.ports.push(port(item, "ports", fail)?);
        }
    }
    if let Some(user) = table.get("user") {
        let (uid, gid) = image_user(user, fail)?;
        image.uid = Some(uid);
        image.gid = gid;
    }
    if let Some(metrics) = table.get("metrics") {
        let DeValue::Table(metrics_table) = metrics.get_ref() else {
            return Err(fail(
                metrics.span(),
                format!(
                    "`metrics` must be a table such as `{{ port = 9100, path = \"/metrics\" }}`, not a {}",
                    metrics.get_ref().type_str()
                ),
                None,
            ));
        };
        check_keys(metrics_table, &IMAGE_METRICS_KEYS, "metrics", fail)?;
        let Some(metrics_port) = metrics_table.get("port") else {
            return Err(fail(
                metrics.span(),
                "`metrics` needs `port`".to_string(),
                None,
            ));
        };
        let metrics_port = port(metrics_port, "metrics.port", fail)?;
        let metrics_path = match metrics_table.get("path") {
            Some(value) => absolute_path(value, "metrics.path", fail)?,
            None => "/metrics".to_string(),
        };
        image.metrics = Some((metrics_port, metrics_path));
    }
    if let Some(data_dir) = table.get("data-dir") {
        image.data_dir = Some(absolute_path(data_dir, "data-dir", fail)?);
    }
    Ok(image)
}

/// A TOML integer in `range`.
fn integer_in(
    value: &Spanned<DeValue<'_>>,
    key: &str,
    range: std::ops::RangeInclusive<u64>,
    fail: &Fail<'_>,
) -> Result<u64, ConfigError> {
    let DeValue::Integer(integer) = value.get_ref() else {
        return Err(fail(
            value.span(),
            format!(
                "`{key}` must be an integer, not a {}",
                value.get_ref().type_str()
            ),
            None,
        ));
    };
    u64::from_str_radix(integer.as_str(), integer.radix())
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            fail(
                value.span(),
                format!(
                    "`{key}` must be between {} and {}, not {}",
                    range.start(),
                    range.end(),
                    integer.as_str()
                ),
                None,
            )
        })
}

fn port(value: &Spanned<DeValue<'_>>, key: &str, fail: &Fail<'_>) -> Result<u16, ConfigError> {
    let n = integer_in(value, key, 1..=u64::from(u16::MAX), fail)?;
    u16::try_from(n).map_err(|_| fail(value.span(), format!("`{key}` is not a port"), None))
}

/// `user`: a uid, or `"uid"` / `"uid:gid"` with numeric ids, as the image's
/// `USER` instruction sets them.
fn image_user(
    value: &Spanned<DeValue<'_>>,
    fail: &Fail<'_>,
) -> Result<(u32, Option<u32>), ConfigError> {
    let id_range = 0..=u64::from(u32::MAX);
    if let DeValue::Integer(_) = value.get_ref() {
        let uid = integer_in(value, "user", id_range, fail)?;
        return Ok((u32::try_from(uid).unwrap_or(u32::MAX), None));
    }
    let (text, span) = string(value, "user", fail)?;
    let refuse = || {
        fail(
            span.clone(),
            format!("`user` must be a numeric uid or `\"uid:gid\"`, not `{text}`"),
            Some(
                "user and group names depend on the image's /etc/passwd: write the ids".to_string(),
            ),
        )
    };
    let (uid, gid) = match text.split_once(':') {
        Some((uid, gid)) => (uid, Some(gid)),
        None => (text.as_str(), None),
    };
    let id = |part: &str| {
        (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let uid = id(uid).ok_or_else(refuse)?;
    let gid = match gid {
        Some(gid) => Some(id(gid).ok_or_else(refuse)?),
        None => None,
    };
    Ok((uid, gid))
}

/// A container path: a string starting with `/`.
fn absolute_path(
    value: &Spanned<DeValue<'_>>,
    key: &str,
    fail: &Fail<'_>,
) -> Result<String, ConfigError> {
    let (text, span) = string(value, key, fail)?;
    if !text.starts_with('/') {
        return Err(fail(
            span,
            format!("`{key}` must be an absolute path in the container, not `{text}`"),
            None,
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(value: &serde_json::Value) -> Vec<String> {
        let mut keys: Vec<String> = value
            .as_object()
            .into_iter()
            .flat_map(|o| o.keys().cloned())
            .collect();
        keys.sort();
        keys
    }

    /// `compose-lint/schemas/compose-lint-config.schema.json` names the keys the
    /// parser knows, table by table, and the severities it accepts.
    #[test]
    fn the_schema_names_every_key_the_parser_knows() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schemas/compose-lint-config.schema.json");
        let text = std::fs::read_to_string(&path).expect("read the schema");
        let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
        assert_eq!(keys(&schema["properties"]), TOP_LEVEL_KEYS);
        assert_eq!(
            keys(&schema["properties"]["per-path-ignores"]["items"]["properties"]),
            PER_PATH_IGNORE_KEYS
        );
        let image = &schema["properties"]["images"]["additionalProperties"];
        assert_eq!(keys(&image["properties"]), IMAGE_KEYS);
        assert_eq!(
            keys(&image["properties"]["metrics"]["properties"]),
            IMAGE_METRICS_KEYS
        );
        let severities: Vec<&str> =
            schema["properties"]["severity"]["additionalProperties"]["enum"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .collect();
        assert_eq!(severities, SEVERITY_VALUES);
    }

    fn parse(text: &str) -> Result<ConfigFile, ConfigError> {
        ConfigFile::parse(Path::new("/project/compose-lint.toml"), text)
    }

    fn error(text: &str) -> String {
        match parse(text) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn an_empty_file_changes_nothing() {
        let config = parse("").map(|f| f.apply(Config::default()));
        let Ok(config) = config else {
            panic!("refused")
        };
        assert!(
            RULES
                .iter()
                .all(|r| config.is_enabled(r.meta().name) != r.meta().opt_in)
        );
        assert_eq!(config.fail_on(), None);
    }

    #[test]
    fn the_starter_file_parses() {
        assert!(parse(&starter()).is_ok());
    }

    #[test]
    fn command_line_selection_layers_over_the_file() {
        let selection = RuleSelection {
            select: Some(vec!["volumes".to_string()]),
            extend_select: vec!["duplicate-key".to_string()],
            ignore: vec!["unused-volume".to_string()],
        };
        assert!(selection.check().is_ok());
        let config = selection.apply(Config::default());
        assert!(config.is_enabled("bind-source-missing"));
        assert!(config.is_enabled("duplicate-key"));
        assert!(!config.is_enabled("unused-volume"));
        assert!(!config.is_enabled("obsolete-version"));
        let wrong = RuleSelection {
            ignore: vec!["duplicate-kye".to_string()],
            ..RuleSelection::default()
        };
        assert!(wrong.check().is_err_and(|e| e.contains("duplicate-key")));
    }

    #[test]
    fn opt_in_rules_run_only_when_selected() {
        let on = |text: &str| {
            let Ok(file) = parse(text) else {
                panic!("refused: {text}")
            };
            file.apply(Config::default())
                .is_enabled("config-mounted-writable")
        };
        assert!(!Config::default().is_enabled("config-mounted-writable"));
        assert!(!on(""));
        assert!(on("extend-select = [\"config-mounted-writable\"]"));
        assert!(on("select = [\"volumes\"]"));
        assert!(!on(
            "select = [\"volumes\"]\nignore = [\"config-mounted-writable\"]"
        ));
        // `extend-select` adds to the default selection: the rest stays on.
        let Ok(file) = parse("extend-select = [\"volumes\"]") else {
            panic!("refused")
        };
        let config = file.apply(Config::default());
        assert!(config.is_enabled("privileged-container"));
        assert!(config.is_enabled("config-mounted-writable"));
    }

    #[test]
    fn select_ignore_and_severity_combine() {
        let text = r#"
fail-on = "error"
select = ["security", "unused-volume"]
ignore = ["image-tag-floating"]

[severity]
security = "error"
privileged-container = "info"
unused-volume = "off"
"#;
        let Ok(file) = parse(text) else {
            panic!("refused")
        };
        let config = file.apply(Config::default());
        assert!(config.is_enabled("docker-socket-mounted"));
        assert!(!config.is_enabled("image-tag-floating"));
        assert!(!config.is_enabled("unused-volume"));
        assert!(!config.is_enabled("duplicate-key"));
        let severity =
            |name: &str| crate::rules::find(name).map(|rule| config.severity_of(rule.meta()));
        assert_eq!(severity("docker-socket-mounted"), Some(Severity::Error));
        assert_eq!(severity("privileged-container"), Some(Severity::Info));
        assert_eq!(config.fail_on(), Some(Severity::Error));
    }

    #[test]
    fn per_path_ignores_match_relative_to_the_file() {
        let text = r#"
[[per-path-ignores]]
paths = ["legacy", "*.env"]
rules = ["volumes", "image-tag-floating"]
reason = "retired soon"
"#;
        let Ok(file) = parse(text) else {
            panic!("refused")
        };
        let ignore = &file.per_path_ignores[0];
        assert!(ignore.silences(
            "image-tag-floating",
            Path::new("/project/legacy/compose.yaml")
        ));
        assert!(ignore.silences("unused-volume", Path::new("/project/legacy/a/b.yaml")));
        assert!(ignore.silences("unused-volume", Path::new("/project/prod.env")));
        assert!(!ignore.silences("unused-volume", Path::new("/project/sub/prod.env")));
        assert!(!ignore.silences("duplicate-key", Path::new("/project/legacy/compose.yaml")));
        assert!(!ignore.silences("unused-volume", Path::new("/elsewhere/legacy/compose.yaml")));
        assert_eq!(ignore.reason(), Some("retired soon"));
    }

    #[test]
    fn errors_say_where_and_suggest() {
        assert_eq!(
            error("selct = []\n"),
            "/project/compose-lint.toml:1:1: unknown key `selct`\n  help: did you mean `select`?"
        );
        assert_eq!(
            error("ignore = [\"image-tag-floatin\"]\n"),
            "/project/compose-lint.toml:1:11: unknown rule or family `image-tag-floatin`\n  help: did you mean `image-tag-floating`?"
        );
        assert!(
            error("[severity]\nsecurity = \"warn\"\n").contains("2:12: unknown severity `warn`")
        );
        assert!(error("select = [\n").starts_with("/project/compose-lint.toml:"));
        assert!(
            error("select = \"security\"\n").contains("must be an array of strings, not a string")
        );
        assert!(error("fail-on = \"never\"\n").contains("1:11: `fail-on` must be"));
        assert!(error("[[per-path-ignores]]\npaths = [\"a\"]\n").contains("needs `rules`"));
        assert!(
            error("[[per-path-ignores]]\npaths = [\"a\"]\nrules = [\"x\"]\n")
                .contains("unknown rule or family `x`")
        );
        assert!(
            error("[[per-path-ignores]]\npaths = [\"a\"]\nrules = [\"security\"]\nreson = \"\"\n")
                .contains(
                    "4:1: unknown key `reson` in `per-path-ignores`\n  help: did you mean `reason`?"
                )
        );
        assert!(
            error("[[per-path-ignores]]\npaths = [\"a[\"]\nrules = [\"security\"]\n")
                .contains("invalid glob")
        );
    }

    #[test]
    fn images_describe_every_tag_of_a_repository() {
        let text = r#"
[images."Registry.example.com/team/api"]
ports = [8080, 9000]
user = "10001:10002"
curl = false
wget = true
shell = true
healthcheck = true
metrics = { port = 9102 }
data-dir = "/var/lib/api"

[images."docker.io/library/redis"]
user = 999
"#;
        let Ok(file) = parse(text) else {
            panic!("refused")
        };
        let config = file.apply(Config::default());
        let api = config
            .images()
            .lookup("registry.example.com/team/api:2.1")
            .map(|f| {
                (
                    f.ports.to_vec(),
                    f.uid,
                    f.gid,
                    (f.curl, f.wget, f.shell, f.builtin_healthcheck),
                    f.metrics,
                    f.data_dir,
                )
            });
        assert_eq!(
            api,
            Some((
                vec![8080, 9000],
                Some(10001),
                Some(10002),
                (Some(false), Some(true), Some(true), Some(true)),
                Some((9102, "/metrics")),
                Some("/var/lib/api"),
            ))
        );
        let redis = config.images().lookup("redis:7-alpine");
        assert_eq!(
            redis.map(|f| (f.uid, f.gid, f.wget)),
            Some((Some(999), None, None))
        );
        assert!(redis.is_some_and(|f| f.source.contains("/project/compose-lint.toml")));
        assert!(config.images().lookup("grafana/grafana").is_some());
    }

    #[test]
    fn bad_images_are_refused_where_they_are_written() {
        assert!(error("[images.\"team/api\"]\ncrul = false\n").contains(
            "2:1: unknown key `crul` in `images.\"team/api\"`\n  help: did you mean `curl`?"
        ));
        assert!(
            error("[images.\"team/api:1.0\"]\n")
                .contains("1:9: `team/api:1.0` is not a repository")
        );
        assert!(error("[images.\"team/api@sha256:ff\"]\n").contains("is not a repository"));
        assert!(
            error("[images.\"redis\"]\n[images.\"library/redis\"]\n")
                .contains("2:9: repository `redis` is described twice")
        );
        assert!(
            error("[images.\"a\"]\nports = [0]\n")
                .contains("2:10: `ports` must be between 1 and 65535")
        );
        assert!(error("[images.\"a\"]\nports = [\"80\"]\n").contains("`ports` must be an integer"));
        assert!(error("[images.\"a\"]\nports = 80\n").contains("`ports` must be an array"));
        assert!(
            error("[images.\"a\"]\ncurl = \"no\"\n").contains("2:8: `curl` must be true or false")
        );
        assert!(
            error("[images.\"a\"]\nuser = \"app\"\n").contains("2:8: `user` must be a numeric uid")
        );
        assert!(error("[images.\"a\"]\nuser = \"1:\"\n").contains("`user` must be a numeric uid"));
        assert!(error("[images.\"a\"]\nuser = -1\n").contains("`user` must be between"));
        assert!(error("[images.\"a\"]\nmetrics = 9100\n").contains("`metrics` must be a table"));
        assert!(
            error("[images.\"a\"]\nmetrics = { path = \"/m\" }\n")
                .contains("`metrics` needs `port`")
        );
        assert!(
            error("[images.\"a\"]\nmetrics = { port = 9100, paht = \"/m\" }\n")
                .contains("unknown key `paht` in `metrics`")
        );
        assert!(
            error("[images.\"a\"]\nmetrics = { port = 9100, path = \"m\" }\n")
                .contains("must be an absolute path")
        );
        assert!(
            error("[images.\"a\"]\ndata-dir = \"data\"\n")
                .contains("`data-dir` must be an absolute path")
        );
        assert!(error("images = 1\n").contains("`images` must be a table of repositories"));
        assert!(error("[images]\na = 1\n").contains("`images.\"a\"` must be a table"));
    }
}
