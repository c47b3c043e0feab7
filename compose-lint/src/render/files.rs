//! `--show-files` as text: per project, each file read and why, then each
//! file a configuration names that was not read.

use std::fmt::Write;

use crate::inventory::ProjectFiles;

/// One block per project; paths as diagnostics name them.
pub fn render(projects: &[ProjectFiles]) -> String {
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
    out
}
