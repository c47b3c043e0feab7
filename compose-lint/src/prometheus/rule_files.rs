//! `rule_files` (and the same for any list of file patterns): which files a
//! pattern names, the way Prometheus resolves it. Relative patterns are
//! resolved against the directory of the configuration file; a glob may be
//! used in the last path element only (`rules/*.yml`, not `*/rules.yml`).
//! Prometheus skips a file that is not there, silently; `promtool check
//! config` refuses a missing file named without `*`.
//!
//! Paths are as Prometheus sees them: in its container's view (see
//! [`crate::view`]), or on the host for a configuration given on the
//! command line, which sees the host through a view of `/`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::sources::Sources;
use crate::view::{ContainerView, InlineFile, Seen, clean};

/// A file a pattern names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Named {
    /// A host file.
    Host(PathBuf),
    /// A text of the compose file the container sees as a file.
    Inline(Arc<InlineFile>),
}

/// What a pattern names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// The files it names, sorted by name (a literal path names one), with
    /// the path Prometheus reads each at.
    Files(Vec<(String, Named)>),
    /// A literal path with nothing there: `path` as a message shows it, and
    /// the sources that were looked at.
    Missing { path: Missing },
    /// A glob that matches no file in its directory.
    NoMatch { path: Missing },
    /// A `*` before the last path element: Prometheus refuses it.
    InvalidPattern,
    /// What is there cannot be known: a volume, a tmpfs, an image's own
    /// files, a glob in a directory name; the text says which.
    Unknown(String),
    /// The host directory the pattern lists resolves outside the project
    /// root: not read (recorded as refused).
    OutsideRoot { directory: PathBuf },
}

/// Where nothing was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Missing {
    /// The path Prometheus reads.
    pub seen: String,
    /// The host path behind it, when a mount covers it.
    pub host: Option<PathBuf>,
    /// The sources of the container that were looked at, as notes.
    pub looked_at: Vec<String>,
}

impl Missing {
    /// Where nothing was found, for messages: the host path (relative to
    /// the project directory), with the path the container reads when they
    /// differ.
    pub(crate) fn place(&self, sources: &Sources) -> String {
        match &self.host {
            Some(host) if Path::new(&self.seen) == host.as_path() => {
                format!("`{}`", sources.display_path(host))
            }
            Some(host) => format!(
                "`{}` (`{}` in the container)",
                sources.display_path(host),
                self.seen
            ),
            None => format!(
                "`{}` in the container, where nothing provides it",
                self.seen
            ),
        }
    }
}

/// True when `text` holds a glob metacharacter Go's `filepath.Match` knows.
fn is_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// True for the patterns Prometheus accepts in `rule_files`: a `*` only in
/// the last path element (`^[^*]*(\*[^/]*)?$`).
pub(crate) fn is_valid_pattern(pattern: &str) -> bool {
    pattern
        .split_once('*')
        .is_none_or(|(_, after)| !after.contains('/'))
}

/// Why what is at `path` cannot be known, for `--show-files`.
fn unknown_because(view: &ContainerView, path: &str, sources: &Sources) -> String {
    match view.provider_of(path) {
        Some((entry, _)) => format!(
            "{} at `{}`: its files are only known at run time",
            entry.describe(sources),
            entry.target
        ),
        None => format!(
            "`{path}` is in the image of service `{}`, whose files are not known",
            view.service
        ),
    }
}

/// Resolves one pattern written in the configuration that Prometheus reads
/// at `config_path` (absolute), in `view`.
pub(crate) fn resolve(
    sources: &Sources,
    view: &ContainerView,
    config_path: &str,
    pattern: &str,
) -> Resolution {
    if !is_valid_pattern(pattern) {
        return Resolution::InvalidPattern;
    }
    let written = Path::new(pattern);
    let (dir, name) = match (written.parent(), written.file_name()) {
        (Some(dir), Some(name)) => (dir, name.to_string_lossy().into_owned()),
        _ => return Resolution::Unknown("the pattern names no file".to_string()),
    };
    let dir = dir.to_string_lossy();
    if is_glob(&dir) {
        // Prometheus accepts `?` and `[…]` there; they are not resolved here.
        return Resolution::Unknown("a glob in a directory name is not followed".to_string());
    }
    let base = Path::new(config_path)
        .parent()
        .map_or_else(|| "/".to_string(), |p| p.to_string_lossy().into_owned());
    let seen_dir = if dir.starts_with('/') {
        clean(&dir)
    } else {
        clean(&format!("{base}/{dir}"))
    };
    let missing = |seen: String, host: Option<PathBuf>| Missing {
        looked_at: view.looked_at(&seen, sources),
        seen,
        host,
    };
    if !is_glob(&name) {
        let path = clean(&format!("{seen_dir}/{name}"));
        return match view.lookup(&path) {
            Seen::HostFile(host, _) => Resolution::Files(vec![(path, Named::Host(host))]),
            Seen::Inline(file, _) => {
                Resolution::Files(vec![(path, Named::Inline(Arc::clone(file)))])
            }
            Seen::Unknown | Seen::ImageDefault => {
                Resolution::Unknown(unknown_because(view, &path, sources))
            }
            Seen::HostDir(host, _) => Resolution::Missing {
                path: missing(path, Some(host)),
            },
            Seen::Nothing { host } => Resolution::Missing {
                path: missing(path, host),
            },
        };
    }
    let Ok(glob) = globset::GlobBuilder::new(&name)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
    else {
        return Resolution::Unknown("the glob cannot be read".to_string());
    };
    let matcher = glob.compile_matcher();
    let listing = view.list(&seen_dir, sources.reading_root());
    if let Some(directory) = &listing.outside_root {
        return Resolution::OutsideRoot {
            directory: directory.clone(),
        };
    }
    let files: Vec<(String, Named)> = listing
        .files
        .into_iter()
        .filter(|(file_name, _)| matcher.is_match(file_name))
        .filter_map(|(file_name, seen)| {
            let path = clean(&format!("{seen_dir}/{file_name}"));
            match seen {
                Seen::HostFile(host, _) => Some((path, Named::Host(host))),
                Seen::Inline(file, _) => Some((path, Named::Inline(Arc::clone(file)))),
                _ => None,
            }
        })
        .collect();
    if !files.is_empty() {
        return Resolution::Files(files);
    }
    if !listing.complete || matches!(view.lookup(&seen_dir), Seen::Unknown) {
        return Resolution::Unknown(unknown_because(view, &seen_dir, sources));
    }
    let host = match view.lookup(&seen_dir) {
        Seen::HostDir(host, _) => Some(host),
        Seen::Nothing { host } => host,
        _ => None,
    };
    if name.contains('*') {
        Resolution::NoMatch {
            path: missing(seen_dir, host),
        }
    } else {
        // promtool treats a pattern without `*` as a file that must exist.
        let path = clean(&format!("{seen_dir}/{name}"));
        let host = host.map(|h| h.join(&name));
        Resolution::Missing {
            path: missing(path, host),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_pattern;

    #[test]
    fn patterns() {
        for ok in [
            "a.yml",
            "rules/*.yml",
            "/etc/prometheus/*.rules",
            "rules/a*b*.yml",
        ] {
            assert!(is_valid_pattern(ok), "{ok}");
        }
        for bad in ["my/*/rule", "*/a.yml"] {
            assert!(!is_valid_pattern(bad), "{bad}");
        }
    }
}
