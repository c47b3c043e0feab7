//! Applying the fixes rules offer: which fixes go together, the text each
//! file becomes, a unified diff of the change, and an atomic write.
//!
//! Fixes are byte-range edits on the text that was linted, so everything
//! they do not touch (comments, anchors, blank lines, quoting) stays as it
//! was. Two fixes whose edits overlap cannot both be applied; the later one
//! is left for a second run.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Applicability, Diagnostic, Edit, apply_edits};
use crate::source::SourceFile;

/// The fixes applied to one file.
#[derive(Clone, Debug)]
pub struct FileFix {
    /// The file as it was linted.
    pub source: Arc<SourceFile>,
    /// Its text with the fixes applied.
    pub fixed: String,
    /// The rules whose fixes were applied, once per fix.
    pub rules: Vec<&'static str>,
}

impl FileFix {
    pub fn path(&self) -> &Path {
        self.source.path()
    }

    /// A unified diff from the linted text to the fixed one.
    pub fn diff(&self) -> String {
        let name = self.source.display_name();
        unified_diff(&name, self.source.text(), &self.fixed)
    }
}

/// What applying the fixes of a report gives.
#[derive(Clone, Debug, Default)]
pub struct FixPlan {
    /// The files that change, in path order.
    pub files: Vec<FileFix>,
    /// Fixes left out because they overlap an applied one or their edits
    /// do not fit the text.
    pub skipped: usize,
}

/// A file's accepted edits so far, and the rules they come from.
type Pending = (Arc<SourceFile>, Vec<Edit>, Vec<&'static str>);

/// The fixes of `diagnostics` at `Safe` applicability (or any, with
/// `include_unsafe`), grouped by file. A fix is applied whole or not at
/// all.
pub fn plan(diagnostics: &[Diagnostic], include_unsafe: bool) -> FixPlan {
    let mut accepted: BTreeMap<PathBuf, Pending> = BTreeMap::new();
    let mut skipped = 0;
    for diagnostic in diagnostics {
        let Some(fix) = diagnostic.fix() else {
            continue;
        };
        if fix.applicability() != Applicability::Safe && !include_unsafe {
            continue;
        }
        // The same fix reported twice (a file two projects share) is
        // applied once.
        let already = fix.edits().iter().all(|edit| {
            accepted
                .get(edit.source().path())
                .is_some_and(|(_, edits, _)| {
                    edits
                        .iter()
                        .any(|e| e.span() == edit.span() && e.replacement() == edit.replacement())
                })
        });
        if already && !fix.edits().is_empty() {
            continue;
        }
        let fits = fix.edits().iter().all(|edit| {
            let text = edit.source().text();
            let span = edit.span();
            span.start <= span.end
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end)
                && accepted
                    .get(edit.source().path())
                    .is_none_or(|(_, edits, _)| edits.iter().all(|e| !overlaps(e, edit)))
        });
        if !fits || fix.edits().is_empty() {
            skipped += 1;
            continue;
        }
        let mut files_touched = Vec::new();
        for edit in fix.edits() {
            let entry = accepted
                .entry(edit.source().path().to_path_buf())
                .or_insert_with(|| (Arc::clone(edit.source()), Vec::new(), Vec::new()));
            entry.1.push(edit.clone());
            if !files_touched.contains(&edit.source().path()) {
                files_touched.push(edit.source().path());
                entry.2.push(diagnostic.rule());
            }
        }
    }
    let files = accepted
        .into_values()
        .filter_map(|(source, mut edits, rules)| {
            edits.sort_by_key(|e| (e.span().start, e.span().end));
            let fixed = apply_edits(source.text(), &edits)?;
            (fixed != source.text()).then_some(FileFix {
                source,
                fixed,
                rules,
            })
        })
        .collect();
    FixPlan { files, skipped }
}

/// Two edits overlap when their ranges share a byte, or both insert at
/// the same place (their order would be a guess).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (a.span(), b.span());
    if a.start == a.end || b.start == b.end {
        return a.start == b.start || (a.start < b.end && b.start < a.end);
    }
    a.start < b.end && b.start < a.end
}

/// Lines of unchanged text shown around each change.
const CONTEXT: usize = 3;

/// A unified diff (`--- a/name`, `+++ b/name`, hunks with three lines of
/// context) from `old` to `new`; empty when they are equal.
///
/// The changed region is found by trimming the common leading and trailing
/// lines, then each run of differing lines inside it is matched by a
/// longest common subsequence, bounded so huge rewrites stay cheap.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = line_ops(&old_lines, &new_lines);
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    // Indexes of ops that change something, grouped into hunks.
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Same(..)))
        .map(|(i, _)| i)
        .collect();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &i in &changed {
        match groups.last_mut() {
            Some((_, end)) if i - *end <= 2 * CONTEXT + 1 => *end = i,
            _ => groups.push((i, i)),
        }
    }
    for (first, last) in groups {
        let start = first.saturating_sub(CONTEXT);
        let end = (last + CONTEXT + 1).min(ops.len());
        let hunk = &ops[start..end];
        let (old_start, new_start) = positions(&ops[..start]);
        let old_count = hunk.iter().filter(|op| !matches!(op, Op::Add(_))).count();
        let new_count = hunk
            .iter()
            .filter(|op| !matches!(op, Op::Remove(_)))
            .count();
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(old_start, old_count),
            range(new_start, new_count)
        ));
        for op in hunk {
            let (mark, line) = match op {
                Op::Same(i, _) => (' ', old_lines[*i]),
                Op::Remove(i) => ('-', old_lines[*i]),
                Op::Add(j) => ('+', new_lines[*j]),
            };
            out.push(mark);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// `start,count` as unified diffs write it (1-based; the line before an
/// empty range).
fn range(start: usize, count: usize) -> String {
    if count == 0 {
        format!("{start},0")
    } else {
        format!("{},{count}", start + 1)
    }
}

/// The 0-based old and new line numbers after `ops`.
fn positions(ops: &[Op]) -> (usize, usize) {
    ops.iter().fold((0, 0), |(o, n), op| match op {
        Op::Same(..) => (o + 1, n + 1),
        Op::Remove(_) => (o + 1, n),
        Op::Add(_) => (o, n + 1),
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// Line `i` of the old text is line `j` of the new one.
    Same(usize, usize),
    Remove(usize),
    Add(usize),
}

/// Runs longer than this (old × new lines) are shown as a whole removal and
/// addition instead of being matched line by line.
const MATCH_BUDGET: usize = 4_000_000;

fn line_ops(old: &[&str], new: &[&str]) -> Vec<Op> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Same(i, i)).collect();
    let old_mid = &old[prefix..old.len() - suffix];
    let new_mid = &new[prefix..new.len() - suffix];
    if old_mid.len().saturating_mul(new_mid.len()) <= MATCH_BUDGET {
        ops.extend(lcs_ops(old_mid, new_mid, prefix));
    } else {
        ops.extend((0..old_mid.len()).map(|i| Op::Remove(prefix + i)));
        ops.extend((0..new_mid.len()).map(|j| Op::Add(prefix + j)));
    }
    let (old_base, new_base) = (old.len() - suffix, new.len() - suffix);
    ops.extend((0..suffix).map(|k| Op::Same(old_base + k, new_base + k)));
    ops
}

/// A longest-common-subsequence alignment of two short runs of lines.
fn lcs_ops(old: &[&str], new: &[&str], offset: usize) -> Vec<Op> {
    let (n, m) = (old.len(), new.len());
    // lengths[i][j]: the LCS of old[i..] and new[j..].
    let mut lengths = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[at(i, j)] = if old[i] == new[j] {
                lengths[at(i + 1, j + 1)] + 1
            } else {
                lengths[at(i + 1, j)].max(lengths[at(i, j + 1)])
            };
        }
    }
    let mut ops = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            ops.push(Op::Same(offset + i, offset + j));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lengths[at(i + 1, j)] >= lengths[at(i, j + 1)]) {
            // Removals first, as diff(1) shows a replaced line.
            ops.push(Op::Remove(offset + i));
            i += 1;
        } else {
            ops.push(Op::Add(offset + j));
            j += 1;
        }
    }
    ops
}

/// Why a fixed file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: changed since it was linted; run compose-lint again")]
    Changed { path: PathBuf },
    #[error(
        "{path} is a symbolic link: compose-lint does not write through links; fix the file it points to"
    )]
    SymbolicLink { path: PathBuf },
    #[error(
        "{path} has {links} hard links: writing a new file would split them; fix it by hand or remove the other links"
    )]
    HardLinks { path: PathBuf, links: u64 },
    #[error(
        "{path}: the owner and group (uid {uid}, gid {gid}) could not be kept, so the file was not changed: {source}"
    )]
    Owner {
        path: PathBuf,
        uid: u32,
        gid: u32,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} is outside the project root: compose-lint writes only inside it (`--root DIR` sets it)"
    )]
    OutsideRoot { path: PathBuf },
    #[error("{path} exists: add `--force` to replace it")]
    Exists { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes the fixed text over the file, atomically: a new temporary file
/// with a random name in the same directory (created exclusively, so
/// nothing already at a name is followed or overwritten), given the
/// original's permissions and, on unix, its owner and group, then renamed
/// over it.
///
/// Refuses, leaving the file as it is, when it no longer holds the text
/// that was linted, when it is a symbolic link (renaming over it would
/// replace the link and leave the file it points to unfixed), when it has
/// more than one hard link (the other names would keep the old text), and
/// when its owner and group cannot be given to the new file, and when it
/// is outside every one of `roots` (the [`Report::roots`] of the run that
/// found the fixes; an empty set bounds nothing).
///
/// [`Report::roots`]: crate::Report::roots
pub fn write(fix: &FileFix, roots: &std::collections::BTreeSet<PathBuf>) -> Result<(), WriteError> {
    let path = fix.path();
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    if !roots.is_empty() {
        let resolved = std::fs::canonicalize(path).map_err(io)?;
        if !roots.iter().any(|root| resolved.starts_with(root)) {
            return Err(WriteError::OutsideRoot {
                path: path.to_path_buf(),
            });
        }
    }
    let metadata = std::fs::symlink_metadata(path).map_err(io)?;
    refuse_links(path, &metadata)?;
    let mut original = std::fs::File::open(path).map_err(io)?;
    #[cfg(unix)]
    {
        // The file opened is the one looked at, not a link put in its place
        // since.
        use std::os::unix::fs::MetadataExt;
        let opened = original.metadata().map_err(io)?;
        if (opened.dev(), opened.ino()) != (metadata.dev(), metadata.ino()) {
            return Err(WriteError::Changed {
                path: path.to_path_buf(),
            });
        }
    }
    let mut current = Vec::new();
    std::io::Read::read_to_end(&mut original, &mut current).map_err(io)?;
    drop(original);
    if current != fix.source.text().as_bytes() {
        return Err(WriteError::Changed {
            path: path.to_path_buf(),
        });
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let temporary = temporary_with(directory, &fix.fixed).map_err(io)?;
    #[cfg(unix)]
    keep_owner(temporary.as_file(), &metadata, path)?;
    // After the owner: changing it can clear the set-user-ID and
    // set-group-ID bits.
    temporary
        .as_file()
        .set_permissions(metadata.permissions())
        .map_err(io)?;
    temporary.as_file().sync_all().map_err(io)?;
    temporary.persist(path).map_err(|error| io(error.error))?;
    Ok(())
}

/// `diff` (unified) with ANSI colours: removed lines red, added green,
/// hunk headers cyan, file headers bold.
pub fn colored_diff(diff: &str) -> String {
    let mut out = String::with_capacity(diff.len() + diff.len() / 4);
    for line in diff.split_inclusive('\n') {
        let (text, end) = match line.strip_suffix('\n') {
            Some(text) => (text, "\n"),
            None => (line, ""),
        };
        let style = if text.starts_with("+++") || text.starts_with("---") {
            "\x1b[1m"
        } else if text.starts_with("@@") {
            "\x1b[36m"
        } else if text.starts_with('+') {
            "\x1b[32m"
        } else if text.starts_with('-') {
            "\x1b[31m"
        } else {
            ""
        };
        if style.is_empty() {
            out.push_str(line);
        } else {
            out.push_str(style);
            out.push_str(text);
            out.push_str("\x1b[0m");
            out.push_str(end);
        }
    }
    out
}

/// Writes `contents` to a file compose-lint creates (`init`,
/// `--write-baseline`), atomically: a temporary file in the same directory,
/// renamed over the path. An existing file is replaced only with `force`,
/// and never when it is a symbolic link or has other hard links; the
/// directory must be inside one of `roots` (when there are any).
pub fn write_new(
    path: &Path,
    contents: &str,
    force: bool,
    roots: &std::collections::BTreeSet<PathBuf>,
) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !roots.is_empty() {
        let resolved = std::fs::canonicalize(directory).map_err(io)?;
        if !roots.iter().any(|root| resolved.starts_with(root)) {
            return Err(WriteError::OutsideRoot {
                path: path.to_path_buf(),
            });
        }
    }
    let existing = std::fs::symlink_metadata(path).ok();
    if let Some(metadata) = &existing {
        if metadata.is_dir() {
            return Err(WriteError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::other("it is a directory"),
            });
        }
        if !force && !metadata.file_type().is_symlink() {
            return Err(WriteError::Exists {
                path: path.to_path_buf(),
            });
        }
        refuse_links(path, metadata)?;
    }
    let temporary = temporary_with(directory, contents).map_err(io)?;
    match &existing {
        Some(metadata) => temporary
            .as_file()
            .set_permissions(metadata.permissions())
            .map_err(io)?,
        // A temporary file is private; the file it becomes is a normal
        // one, readable by others (CI users, containers).
        #[cfg(unix)]
        None => {
            use std::os::unix::fs::PermissionsExt;
            temporary
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(io)?;
        }
        #[cfg(not(unix))]
        None => {}
    }
    temporary.as_file().sync_all().map_err(io)?;
    if existing.is_some() {
        temporary.persist(path).map_err(|error| io(error.error))?;
    } else {
        // Created in the meantime: not replaced.
        temporary.persist_noclobber(path).map_err(|error| {
            if error.error.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                io(error.error)
            }
        })?;
    }
    Ok(())
}

/// A new temporary file in `directory` (created exclusively, with a random
/// name) holding `contents`. Dropped without being persisted, it is
/// removed.
fn temporary_with(directory: &Path, contents: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let mut temporary = tempfile::Builder::new()
        .prefix(".compose-lint-")
        .suffix(".tmp")
        .tempfile_in(directory)?;
    temporary.as_file_mut().write_all(contents.as_bytes())?;
    Ok(temporary)
}

/// A file is never written through a symbolic link, nor replaced when it
/// has other hard links (a new file would split them).
fn refuse_links(path: &Path, metadata: &std::fs::Metadata) -> Result<(), WriteError> {
    if metadata.file_type().is_symlink() {
        return Err(WriteError::SymbolicLink {
            path: path.to_path_buf(),
        });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if metadata.nlink() > 1 {
            return Err(WriteError::HardLinks {
                path: path.to_path_buf(),
                links: metadata.nlink(),
            });
        }
    }
    Ok(())
}

/// Gives the new file the original's owner and group, where they differ.
#[cfg(unix)]
fn keep_owner(
    file: &std::fs::File,
    original: &std::fs::Metadata,
    path: &Path,
) -> Result<(), WriteError> {
    use std::os::unix::fs::MetadataExt;
    let (uid, gid) = (original.uid(), original.gid());
    let new = file.metadata().map_err(|source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let uid_change = (new.uid() != uid).then_some(uid);
    let gid_change = (new.gid() != gid).then_some(gid);
    if uid_change.is_none() && gid_change.is_none() {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, uid_change, gid_change).map_err(|source| WriteError::Owner {
        path: path.to_path_buf(),
        uid,
        gid,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_line_change_has_three_lines_of_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assert_eq!(
            unified_diff("x.yml", old, new),
            "--- a/x.yml\n+++ b/x.yml\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn a_deleted_first_line_and_a_missing_final_newline() {
        assert_eq!(
            unified_diff("x", "version: '3'\nservices: {}\n", "services: {}\n"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,1 @@\n-version: '3'\n services: {}\n"
        );
        assert_eq!(
            unified_diff("x", "a\nb", "a\nc"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
        assert_eq!(unified_diff("x", "same\n", "same\n"), "");
    }

    #[test]
    fn distant_changes_get_separate_hunks() {
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new: String = (1..=20)
            .map(|i| match i {
                2 => "two\n".to_string(),
                19 => "nineteen\n".to_string(),
                _ => format!("{i}\n"),
            })
            .collect();
        let diff = unified_diff("x", &old, &new);
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        assert!(diff.contains("@@ -16,5 +16,5 @@\n"), "{diff}");
    }

    #[test]
    fn a_fix_reported_twice_is_applied_once() {
        use crate::{Config, FileKind, Linter, Project};
        let mut project = Project::new(".");
        project.add_text(
            "compose.yaml",
            FileKind::Compose,
            "version: '3'\nservices:\n  web:\n    image: nginx:1.27\n".to_string(),
        );
        let report = Linter::new(Config::default()).check_project(&project);
        let twice: Vec<Diagnostic> = report
            .diagnostics()
            .iter()
            .chain(report.diagnostics())
            .cloned()
            .collect();
        let plan = plan(&twice, false);
        assert_eq!(plan.skipped, 0);
        assert_eq!(plan.files.len(), 1);
        assert_eq!(plan.files[0].rules, ["obsolete-version"]);
        assert_eq!(
            plan.files[0].fixed,
            "services:\n  web:\n    image: nginx:1.27\n"
        );
    }

    #[test]
    fn overlapping_and_same_place_insertions_conflict() {
        let source = Arc::new(SourceFile::new("x", "abcdef".to_string()));
        let edit = |start, end| {
            Edit::new(
                Arc::clone(&source),
                crate::source::Span { start, end },
                String::new(),
            )
        };
        assert!(overlaps(&edit(0, 3), &edit(2, 4)));
        assert!(!overlaps(&edit(0, 3), &edit(3, 4)));
        assert!(overlaps(&edit(3, 3), &edit(3, 3)));
        assert!(!overlaps(&edit(3, 3), &edit(0, 3)));
    }

    fn file_fix(path: &Path, old: &str, new: &str) -> FileFix {
        FileFix {
            source: Arc::new(SourceFile::new(path, old)),
            fixed: new.to_string(),
            rules: vec!["obsolete-version"],
        }
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn write_refuses_a_file_outside_the_roots() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path().join("repo");
        std::fs::create_dir(&root).unwrap_or_else(|e| panic!("{e}"));
        let roots = std::collections::BTreeSet::from([
            std::fs::canonicalize(&root).unwrap_or_else(|e| panic!("{e}"))
        ]);
        let outside = dir.path().join("compose.yaml");
        std::fs::write(&outside, "old\n").unwrap_or_else(|e| panic!("{e}"));
        let error = write(&file_fix(&outside, "old\n", "new\n"), &roots).err();
        assert!(
            matches!(error, Some(WriteError::OutsideRoot { .. })),
            "{error:?}"
        );
        assert_eq!(
            std::fs::read_to_string(&outside).unwrap_or_default(),
            "old\n"
        );
        // `..` out of the root is outside too.
        let escaping = root.join("../compose.yaml");
        let error = write(&file_fix(&escaping, "old\n", "new\n"), &roots).err();
        assert!(matches!(error, Some(WriteError::OutsideRoot { .. })));
        let inside = root.join("compose.yaml");
        std::fs::write(&inside, "old\n").unwrap_or_else(|e| panic!("{e}"));
        write(&file_fix(&inside, "old\n", "new\n"), &roots).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            std::fs::read_to_string(&inside).unwrap_or_default(),
            "new\n"
        );
    }

    #[test]
    fn write_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("compose.yaml");
        std::fs::write(&path, "old\n").unwrap_or_else(|e| panic!("{e}"));
        write(&file_fix(&path, "old\n", "new\n"), &Default::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), "new\n");
        assert_eq!(names_in(dir.path()), ["compose.yaml"]);
    }

    #[test]
    fn write_refuses_a_file_changed_since_it_was_linted() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("compose.yaml");
        std::fs::write(&path, "edited\n").unwrap_or_else(|e| panic!("{e}"));
        let error = write(&file_fix(&path, "old\n", "new\n"), &Default::default()).err();
        assert!(
            matches!(error, Some(WriteError::Changed { .. })),
            "{error:?}"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            "edited\n"
        );
        assert_eq!(names_in(dir.path()), ["compose.yaml"]);
    }

    #[cfg(unix)]
    #[test]
    fn write_refuses_a_symbolic_link_and_changes_neither_it_nor_its_target() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("real.yaml");
        let link = dir.path().join("compose.yaml");
        std::fs::write(&target, "old\n").unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink("real.yaml", &link).unwrap_or_else(|e| panic!("{e}"));
        let error = write(&file_fix(&link, "old\n", "new\n"), &Default::default()).err();
        assert!(
            matches!(error, Some(WriteError::SymbolicLink { .. })),
            "{error:?}"
        );
        let message = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("is a symbolic link"), "{message}");
        assert!(
            std::fs::symlink_metadata(&link)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false)
        );
        assert_eq!(
            std::fs::read_to_string(&target).unwrap_or_default(),
            "old\n"
        );
        assert_eq!(names_in(dir.path()), ["compose.yaml", "real.yaml"]);
    }

    #[cfg(unix)]
    #[test]
    fn write_refuses_a_file_with_another_hard_link() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("compose.yaml");
        let other = dir.path().join("other.yaml");
        std::fs::write(&path, "old\n").unwrap_or_else(|e| panic!("{e}"));
        std::fs::hard_link(&path, &other).unwrap_or_else(|e| panic!("{e}"));
        let error = write(&file_fix(&path, "old\n", "new\n"), &Default::default()).err();
        assert!(
            matches!(error, Some(WriteError::HardLinks { links: 2, .. })),
            "{error:?}"
        );
        for name in [&path, &other] {
            assert_eq!(std::fs::read_to_string(name).unwrap_or_default(), "old\n");
        }
        assert_eq!(names_in(dir.path()), ["compose.yaml", "other.yaml"]);
    }
}
