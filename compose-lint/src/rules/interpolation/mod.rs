//! Rules about variables: `${...}` in compose files and the environment
//! files that give them values.

pub(crate) mod dotenv_syntax_error;
pub(crate) mod env_link_broken;
pub(crate) mod invalid_interpolation;
pub(crate) mod required_variable_missing;
pub(crate) mod variable_unset;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::compose::problem::LoadProblem;
use crate::location::Location;
use crate::model::Stack;
use crate::project::Project;
use crate::rules::Finding;

/// The files projects keep beside `.env` to show which variables it needs.
const EXAMPLE_FILES: [&str; 8] = [
    ".env.example",
    "env.example",
    ".env.sample",
    "env.sample",
    ".env.dist",
    ".env.template",
    "example.env",
    ".env.defaults",
];

/// What is read of a file for the names it sets: a template or an
/// `env_file` is small.
const MAX_NAMES_FILE: u64 = 1024 * 1024;

/// Every use of one variable, in the order the uses were found.
pub(super) struct Uses<'p> {
    pub name: &'p str,
    pub at: Vec<&'p Location>,
}

impl Uses<'_> {
    /// " (used N times)" for a variable used more than once, for messages.
    pub(super) fn times(&self) -> String {
        match self.at.len() {
            0 | 1 => String::new(),
            count => format!(" (used {count} times)"),
        }
    }
}

/// The uses of each variable `select` picks from the load problems, by
/// variable, in the order each was first used.
pub(super) fn uses_by_variable<'p>(
    project: &'p Project,
    select: impl Fn(&'p LoadProblem) -> Option<(&'p str, &'p Location)>,
) -> Vec<Uses<'p>> {
    let mut all: Vec<Uses<'p>> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (name, at) in project.load_problems().iter().filter_map(select) {
        match index.get(name) {
            Some(&i) => all[i].at.push(at),
            None => {
                index.insert(name, all.len());
                all.push(Uses { name, at: vec![at] });
            }
        }
    }
    all
}

/// At most this many other uses are shown as labels.
const SHOWN_USES: usize = 8;

/// `finding` at the first use, with the other uses as labels.
pub(super) fn with_other_uses(mut finding: Finding, uses: &Uses<'_>) -> Finding {
    for at in uses.at.iter().skip(1).take(SHOWN_USES) {
        finding = finding.label((*at).clone(), "also used here");
    }
    let more = uses.at.len().saturating_sub(1 + SHOWN_USES);
    if more > 0 {
        finding = finding.note(format!("and {more} more uses"));
    }
    finding
}

/// Where a missing variable could have come from, for its finding.
pub(super) struct Hints {
    /// The template files beside the project, with the names each sets.
    examples: Vec<(String, BTreeSet<String>)>,
    /// The services' `env_file`s, with the names each sets.
    env_files: Vec<(String, String, BTreeSet<String>)>,
    /// The project's `.env` when it is a link to nothing, and its target.
    broken_env: Option<(String, String)>,
}

impl Hints {
    pub(super) fn of(project: &Project, stack: &Stack<'_>) -> Self {
        let directory = project.directory();
        let examples = EXAMPLE_FILES
            .iter()
            .filter_map(|name| {
                let path = directory.join(name);
                Some((project.display_path(&path), names_in(&path)?))
            })
            .collect();
        let mut env_files = Vec::new();
        for service in &stack.services {
            for env_file in &service.env_files {
                let path = Path::new(env_file.value.path);
                if let Some(names) = names_in(path) {
                    env_files.push((service.name.to_string(), project.display_path(path), names));
                }
            }
        }
        let broken_env = project.load_problems().iter().find_map(|p| match p {
            LoadProblem::EnvLinkBroken { path, target } => {
                Some((project.display_path(path), target.display().to_string()))
            }
            _ => None,
        });
        Self {
            examples,
            env_files,
            broken_env,
        }
    }

    /// True when the project's `.env` is a link to nothing.
    pub(super) fn env_link_broken(&self) -> bool {
        self.broken_env.is_some()
    }

    /// Notes that explain why `name` is missing, or how to set it.
    pub(super) fn notes(&self, name: &str) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some((path, target)) = &self.broken_env {
            notes.push(format!(
                "`{path}` is a link to `{target}`, which does not exist: none of its variables are set"
            ));
        }
        if let Some((example, _)) = self.examples.iter().find(|(_, names)| names.contains(name)) {
            notes.push(format!(
                "`{example}` defines `{name}`: copy it to `.env` and fill in the values"
            ));
        }
        for (service, path, names) in &self.env_files {
            if names.contains(name) {
                notes.push(format!(
                    "`{path}` (the `env_file` of service `{service}`) sets `{name}`, but only inside the container: `env_file` does not feed `${{}}` in the compose file, which reads `.env` and the shell"
                ));
                break;
            }
        }
        notes
    }
}

/// The variable names a `NAME=value` file sets, when it is a small regular
/// file.
fn names_in(path: &Path) -> Option<BTreeSet<String>> {
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > MAX_NAMES_FILE {
        return None;
    }
    let text = std::fs::read_to_string(PathBuf::from(path)).ok()?;
    Some(
        text.lines()
            .filter_map(|line| {
                let line = line.trim();
                let line = line.strip_prefix("export ").unwrap_or(line);
                let (name, _) = line.split_once('=')?;
                let name = name.trim();
                (!name.is_empty()
                    && !name.starts_with('#')
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .then(|| name.to_string())
            })
            .collect(),
    )
}
