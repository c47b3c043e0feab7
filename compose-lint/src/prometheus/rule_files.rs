//! `rule_files` (and the same for any list of file patterns): which files a
//! pattern names, the way Prometheus resolves it. Relative patterns are
//! resolved against the directory of the configuration file; a glob may be
//! used in the last path element only (`rules/*.yml`, not `*/rules.yml`).
//! Prometheus skips a file that is not there, silently; `promtool check
//! config` refuses a missing file named without `*`.
//!
//! Paths are as Prometheus sees them. A configuration given on the command
//! line sees the host; one mounted into a container sees the container's
//! paths, so the caller passes a function that maps a path Prometheus sees
//! to the host path holding it (`None` when nothing is mounted there).

use std::path::{Path, PathBuf};

/// What a pattern names on the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// The files it names, sorted (a literal path names one).
    Files(Vec<PathBuf>),
    /// A literal path with no file there.
    Missing(PathBuf),
    /// A glob that matches no file in this directory.
    NoMatch(PathBuf),
    /// A `*` before the last path element: Prometheus refuses it.
    InvalidPattern,
    /// The path is not visible on the host (not mounted).
    Unknown,
}

/// True when `text` holds a glob metacharacter Go's `filepath.Match` knows.
fn is_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// True for the patterns Prometheus accepts in `rule_files`: a `*` only in
/// the last path element (`^[^*]*(\*[^/]*)?$`).
pub fn is_valid_pattern(pattern: &str) -> bool {
    pattern
        .split_once('*')
        .is_none_or(|(_, after)| !after.contains('/'))
}

/// Resolves one pattern written in the configuration at `config_path`.
pub fn resolve(
    config_path: &Path,
    pattern: &str,
    map: &dyn Fn(&Path) -> Option<PathBuf>,
) -> Resolution {
    if !is_valid_pattern(pattern) {
        return Resolution::InvalidPattern;
    }
    let written = Path::new(pattern);
    let (dir, name) = match (written.parent(), written.file_name()) {
        (Some(dir), Some(name)) => (dir, name.to_string_lossy().into_owned()),
        _ => return Resolution::Unknown,
    };
    if is_glob(&dir.to_string_lossy()) {
        // Prometheus accepts `?` and `[…]` there; they are not resolved here.
        return Resolution::Unknown;
    }
    let base = config_path.parent().unwrap_or(Path::new(""));
    let seen_dir = base.join(dir);
    let Some(host_dir) = map(&seen_dir) else {
        return Resolution::Unknown;
    };
    if !is_glob(&name) {
        let path = host_dir.join(&name);
        return if path.is_file() {
            Resolution::Files(vec![path])
        } else {
            Resolution::Missing(path)
        };
    }
    let Ok(glob) = globset::GlobBuilder::new(&name)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
    else {
        return Resolution::Unknown;
    };
    let matcher = glob.compile_matcher();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&host_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| matcher.is_match(entry.file_name()))
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    if !files.is_empty() {
        Resolution::Files(files)
    } else if name.contains('*') {
        Resolution::NoMatch(host_dir)
    } else {
        // promtool treats a pattern without `*` as a file that must exist.
        Resolution::Missing(host_dir.join(&name))
    }
}

/// A Prometheus configuration given on the command line sees the host's
/// paths as they are.
pub fn host_paths(path: &Path) -> Option<PathBuf> {
    Some(path.to_path_buf())
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
