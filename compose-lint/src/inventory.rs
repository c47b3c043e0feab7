//! Which files a check read, and why; and which files a configuration
//! names that were not read, and why not (`check --show-files`). Users need
//! to know that their rule files were checked, not guess it.

use crate::project::Project;
use crate::prometheus::files::Reference;
use crate::prometheus::rule_files::Resolution;

/// A file that was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadFile {
    /// As diagnostics name it; `compose.yaml:31` for a text written inside
    /// a compose file.
    pub path: String,
    pub reason: String,
}

/// A file a configuration names that was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadFile {
    /// The pattern or path as the configuration writes it.
    pub path: String,
    pub reason: String,
}

/// The files of one project.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectFiles {
    /// The project directory.
    pub directory: String,
    pub read: Vec<ReadFile>,
    pub unread: Vec<UnreadFile>,
}

/// What `project` read, and what its configurations name that it did not.
pub(crate) fn of(project: &Project) -> ProjectFiles {
    let read = project
        .files()
        .iter()
        .map(|file| ReadFile {
            path: file.source.path().display().to_string(),
            reason: file
                .purpose
                .clone()
                .unwrap_or_else(|| file.kind.what().to_string()),
        })
        .collect();
    let mut unread = Vec::new();
    for entry in &project.prometheus_files {
        let what = match entry.reference {
            Reference::RuleFiles => "rule file",
            Reference::ScrapeConfigFiles => "scrape config file",
            Reference::FileSd => "target file",
            Reference::AlertmanagerTemplates => "Alertmanager template file",
        };
        let named_in = project
            .file(entry.file)
            .map(|f| f.source.path().display().to_string())
            .unwrap_or_default();
        let why = match &entry.resolution {
            Resolution::Missing { path } => {
                format!("not found at {}", path.place(project.sources()))
            }
            Resolution::NoMatch { path } => {
                let name = entry.pattern.rsplit('/').next().unwrap_or_default();
                format!(
                    "no file matches `{name}` in {}",
                    path.place(project.sources())
                )
            }
            Resolution::Unknown(why) => why.clone(),
            Resolution::InvalidPattern => "Prometheus refuses the pattern".to_string(),
            // Named among the files refused below.
            Resolution::Files(_) | Resolution::OutsideRoot { .. } => continue,
        };
        unread.push(UnreadFile {
            path: entry.pattern.clone(),
            reason: format!("{what} named by {named_in}: {why}"),
        });
    }
    for refused in project.refused() {
        let what = if refused.directory {
            format!("directory of {}", refused.kind.what())
        } else {
            refused.kind.what().to_string()
        };
        let file = UnreadFile {
            path: refused.path.display().to_string(),
            reason: if refused.path == refused.target {
                format!("{what} outside the project root")
            } else {
                format!(
                    "{what} resolving outside the project root, to {}",
                    refused.target.display()
                )
            },
        };
        if !unread.contains(&file) {
            unread.push(file);
        }
    }
    ProjectFiles {
        directory: project.directory().display().to_string(),
        read,
        unread,
    }
}
