//! Rules about how the files of a project combine: overrides, `extends`
//! and `include`.

pub mod extends_cycle;
pub mod extends_target_missing;
pub mod include_cycle;
pub mod include_file_missing;
pub mod override_empty_does_not_reset;

use std::path::Path;

use crate::project::Project;

/// `path` relative to the project directory when it is inside it.
pub(crate) fn display_path(project: &Project, path: &Path) -> String {
    let base = crate::compose::load::absolute(&project.directory);
    path.strip_prefix(&base)
        .unwrap_or(path)
        .display()
        .to_string()
}
