//! `--show-files` as text: per project, each file read and why, then each
//! file a configuration names that was not read; and the compose-like
//! files a search passed over.

use std::fmt::Write;

use crate::discover::NotLinted;
use crate::inventory::ProjectFiles;

/// One block per project; paths as diagnostics name them. Then the
/// compose-like files a directory search found and did not lint.
pub fn render(projects: &[ProjectFiles], not_linted: &[NotLinted]) -> String {
    let mut out = String::new();
    for project in projects {
        let _ = writeln!(out, "project {}:", project.directory);
        for file in &project.read {
            let _ = writeln!(out, "  read       {} ({})", file.path, file.reason);
        }
        for file in &project.unread {
            let _ = writeln!(out, "  not read   {} ({})", file.path, file.reason);
        }
    }
    for file in not_linted {
        let _ = writeln!(
            out,
            "not linted   {} ({})",
            file.path.display(),
            file.reason
        );
    }
    out
}
