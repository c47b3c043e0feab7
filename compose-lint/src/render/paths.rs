//! How renderers for other tools name files: relative to the directory the
//! tool runs in where possible, so a CI service can match them with the
//! files of the repository.

use std::path::{Component, Path, PathBuf};

/// Where a file is, as the renderers that need a stable name see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FilePlace {
    /// Under the base directory: its path from there, `/`-separated.
    Relative(String),
    /// Outside it: the absolute path.
    Absolute(PathBuf),
}

/// `path` (as shown in diagnostics: relative to the working directory, or
/// absolute) placed against `base`, the directory the linter ran in.
pub(crate) fn place(path: &Path, base: &Path) -> FilePlace {
    if path.is_relative() && !has_parent_segment(path) {
        return FilePlace::Relative(segments(path).join("/"));
    }
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    // `..` after a symbolic link leads elsewhere than the lexical parent,
    // so such paths are resolved on disk when they can be.
    let absolute = if has_parent_segment(&absolute) {
        std::fs::canonicalize(&absolute).unwrap_or_else(|_| lexically_normal(&absolute))
    } else {
        lexically_normal(&absolute)
    };
    let canonical_base = std::fs::canonicalize(base).ok();
    for base in std::iter::once(lexically_normal(base)).chain(canonical_base) {
        if let Ok(rest) = absolute.strip_prefix(&base)
            && !rest.as_os_str().is_empty()
        {
            return FilePlace::Relative(segments(rest).join("/"));
        }
    }
    FilePlace::Absolute(absolute)
}

/// The path a person or a CI service should see: relative to `base` with
/// `/` separators, or absolute when the file lies outside it.
pub(crate) fn display_path(path: &Path, base: &Path) -> String {
    match place(path, base) {
        FilePlace::Relative(relative) => relative,
        FilePlace::Absolute(absolute) => absolute.display().to_string(),
    }
}

/// A URI reference for `place`: a relative reference of percent-encoded
/// segments, or an absolute `file:` URI.
pub(crate) fn uri(place: &FilePlace) -> String {
    match place {
        FilePlace::Relative(relative) => relative
            .split('/')
            .map(encode_segment)
            .collect::<Vec<_>>()
            .join("/"),
        FilePlace::Absolute(absolute) => file_uri(absolute, false),
    }
}

/// The `file:` URI of an absolute path; `directory` adds the trailing `/`
/// that makes it a base other references resolve against.
pub(crate) fn file_uri(absolute: &Path, directory: bool) -> String {
    let mut parts = Vec::new();
    for component in absolute.components() {
        match component {
            // A Windows drive (`C:`) keeps its colon, as `file:///C:/src`.
            Component::Prefix(prefix) => {
                parts.push(prefix.as_os_str().to_string_lossy().replace('\\', "/"));
            }
            Component::Normal(name) => parts.push(encode_segment(&name.to_string_lossy())),
            Component::RootDir | Component::CurDir | Component::ParentDir => {}
        }
    }
    let mut uri = format!("file:///{}", parts.join("/"));
    if directory && !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

fn has_parent_segment(path: &Path) -> bool {
    path.components().any(|c| c == Component::ParentDir)
}

fn segments(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|component| match component {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// `path` without `.` segments and with each `..` taking away the segment
/// before it.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so a
/// `:` in a first segment cannot read as a scheme and `#`, `?` and spaces
/// stay part of the name.
fn encode_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_relative_and_are_encoded() {
        let base = Path::new("/work/repo");
        assert_eq!(
            uri(&place(Path::new("./stack/compose.yaml"), base)),
            "stack/compose.yaml"
        );
        assert_eq!(
            uri(&place(Path::new("my stack/ü#1.yaml"), base)),
            "my%20stack/%C3%BC%231.yaml"
        );
    }

    #[cfg(unix)]
    #[test]
    fn absolute_paths_under_the_base_become_relative() {
        let base = Path::new("/nonexistent-base/repo");
        assert_eq!(
            place(Path::new("/nonexistent-base/repo/a/compose.yaml"), base),
            FilePlace::Relative("a/compose.yaml".to_string())
        );
        let outside = place(Path::new("../other/compose.yaml"), base);
        assert_eq!(uri(&outside), "file:///nonexistent-base/other/compose.yaml");
        assert_eq!(
            display_path(Path::new("../other/compose.yaml"), base),
            "/nonexistent-base/other/compose.yaml"
        );
        assert_eq!(file_uri(base, true), "file:///nonexistent-base/repo/");
    }
}
