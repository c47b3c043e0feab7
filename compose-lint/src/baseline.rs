//! Baselines: the findings a repository already has, written to a file and
//! accepted, so that adopting compose-lint on a large repository fails only
//! on findings added since (`--write-baseline FILE`, then `--baseline
//! FILE`).
//!
//! A finding is matched by its rule, its file (relative to the baseline's
//! directory, so the baseline works from any working directory and from
//! any checkout) and a fingerprint of the text of its primary line and of
//! what it points at: lines added or removed above it do not change it, as
//! SARIF's `partialFingerprints` do not. Each entry of the baseline accepts one
//! finding: a second identical finding is new.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The format written; a baseline of another version is refused.
const VERSION: u32 = 1;

/// A stable fingerprint of a finding: FNV-1a of its rule, its file as
/// given, its message and its primary line with surrounding blanks
/// removed. Stable across platforms and releases, unlike std's hasher.
pub fn fingerprint(diagnostic: &Diagnostic, path: &str) -> String {
    let primary = diagnostic.primary();
    let line_text = primary
        .source()
        .line_text(primary.start().line)
        .unwrap_or_default()
        .trim();
    fnv1a(&[diagnostic.rule(), path, diagnostic.message(), line_text])
}

/// FNV-1a of `parts`, each ended by a NUL byte, as 16 hex digits.
fn fnv1a(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Entry {
    rule: String,
    path: String,
    fingerprint: String,
    /// For the person reading the file; not matched.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    message: String,
}

/// A baseline read from its file.
#[derive(Clone, Debug)]
pub struct Baseline {
    /// The directory paths in it are relative to.
    directory: PathBuf,
    /// How many findings each (rule, path, fingerprint) accepts.
    accepted: HashMap<(String, String, String), usize>,
}

/// Why a baseline cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read the baseline: {0}")]
    Read(crate::error::Error),
    #[error("{path} is not a compose-lint baseline: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Baseline {
    /// Reads the baseline at `path` (at most 64 MiB).
    pub fn read(path: &Path) -> Result<Self, BaselineError> {
        const MAX: u64 = 64 * 1024 * 1024;
        let bytes = crate::sources::read_file(path, MAX).map_err(BaselineError::Read)?;
        let invalid = |message: String| BaselineError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let file: File = serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
        if file.version != VERSION {
            return Err(invalid(format!(
                "version {} (this compose-lint reads version {VERSION}); write it again with --write-baseline",
                file.version
            )));
        }
        let mut accepted = HashMap::new();
        for entry in file.findings {
            *accepted
                .entry((entry.rule, entry.path, entry.fingerprint))
                .or_insert(0) += 1;
        }
        Ok(Self {
            directory: directory_of(path),
            accepted,
        })
    }

    /// Splits `diagnostics` into the new ones (returned, in order) and the
    /// number the baseline accepts.
    pub fn split(&self, diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, usize) {
        let mut left = self.accepted.clone();
        let mut paths = PathCache::new(&self.directory);
        let mut accepted = 0;
        let new = diagnostics
            .into_iter()
            .filter(|diagnostic| {
                let key = key(diagnostic, &mut paths);
                match left.get_mut(&key) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        accepted += 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect();
        (new, accepted)
    }
}

/// The baseline file for `diagnostics`, to be written at `path`: one entry
/// per finding, sorted, so the file changes only where findings do.
pub fn write_text(diagnostics: &[Diagnostic], path: &Path) -> String {
    let directory = directory_of(path);
    let mut paths = PathCache::new(&directory);
    let mut findings: Vec<Entry> = diagnostics
        .iter()
        .map(|diagnostic| {
            let (rule, path, fingerprint) = key(diagnostic, &mut paths);
            Entry {
                rule,
                path,
                fingerprint,
                message: diagnostic.message().to_string(),
            }
        })
        .collect();
    findings.sort();
    let file = File {
        version: VERSION,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

fn key(diagnostic: &Diagnostic, paths: &mut PathCache) -> (String, String, String) {
    let path = paths.relative(diagnostic.primary().source().path());
    let fingerprint = place_fingerprint(diagnostic, &path);
    (diagnostic.rule().to_string(), path, fingerprint)
}

/// A baseline's fingerprint: FNV-1a of the rule, the file relative to the
/// baseline, the primary line with surrounding blanks removed and the
/// bytes the finding points at. Not the message, which may name an
/// absolute path that differs from one checkout to another.
fn place_fingerprint(diagnostic: &Diagnostic, path: &str) -> String {
    let primary = diagnostic.primary();
    let source = primary.source();
    let line_text = source
        .line_text(primary.start().line)
        .unwrap_or_default()
        .trim();
    let span = primary.span();
    let flagged = source.text().get(span.start..span.end).unwrap_or_default();
    fnv1a(&[diagnostic.rule(), path, line_text, flagged])
}

/// The canonical directory a baseline's paths are relative to.
fn directory_of(path: &Path) -> PathBuf {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::canonicalize(&directory).unwrap_or(directory)
}

/// Each file's path relative to the baseline's directory, with `/`
/// separators, worked out once per file.
struct PathCache<'d> {
    directory: &'d Path,
    known: HashMap<PathBuf, String>,
}

impl<'d> PathCache<'d> {
    fn new(directory: &'d Path) -> Self {
        Self {
            directory,
            known: HashMap::new(),
        }
    }

    fn relative(&mut self, path: &Path) -> String {
        if let Some(known) = self.known.get(path) {
            return known.clone();
        }
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let relative = relative_to(&absolute, self.directory)
            .unwrap_or(absolute)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        self.known.insert(path.to_path_buf(), relative.clone());
        relative
    }
}

/// `path` relative to `base` (both absolute), with `..` where `path` is not
/// inside `base`.
fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    if !path.is_absolute() || !base.is_absolute() {
        return None;
    }
    let path: Vec<_> = path.components().collect();
    let base: Vec<_> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in common..base.len() {
        relative.push("..");
    }
    for part in &path[common..] {
        relative.push(part);
    }
    Some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_baseline() {
        assert_eq!(
            relative_to(Path::new("/a/b/c.yaml"), Path::new("/a")),
            Some(PathBuf::from("b/c.yaml"))
        );
        assert_eq!(
            relative_to(Path::new("/a/c.yaml"), Path::new("/a/b")),
            Some(PathBuf::from("../c.yaml"))
        );
    }
}
