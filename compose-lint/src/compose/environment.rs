//! The variables a project is interpolated with: the process environment,
//! which always wins, over the project's environment files.

use std::collections::BTreeMap;

use super::dotenv::{self, DotenvProblemKind};
use super::interpolate::ProblemKind;
use super::problem::LoadProblem;
use crate::location::{FileId, Location};

/// Variable names and values.
pub type Variables = BTreeMap<String, String>;

/// The environment of a project: process variables over file variables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    /// Shared: every project of a run reads the same process environment.
    process: std::sync::Arc<Variables>,
    files: Variables,
}

impl Environment {
    /// An environment with only process variables.
    pub fn new(process: Variables) -> Self {
        Self::shared(std::sync::Arc::new(process))
    }

    /// An environment with only process variables, shared with others.
    pub fn shared(process: std::sync::Arc<Variables>) -> Self {
        Self {
            process,
            files: Variables::new(),
        }
    }

    /// The variable's value: the process environment first, then the files.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.process
            .get(name)
            .or_else(|| self.files.get(name))
            .map(String::as_str)
    }

    /// The process variables.
    pub fn process(&self) -> &Variables {
        &self.process
    }

    /// A non-empty value of a `COMPOSE_*` setting.
    pub fn setting(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|value| !value.is_empty())
    }

    /// Adds the variables of a group of environment files (`(id, text)`,
    /// in order), as Compose reads `--env-file` lists and an `include`'s
    /// `env_file`: within the group a later file wins, and variables this
    /// environment already has (the process's, or a parent project's) win
    /// over the group. Problems in the files are appended to `problems`.
    pub fn add_files(&mut self, files: &[(FileId, String)], problems: &mut Vec<LoadProblem>) {
        let mut group = Variables::new();
        for (id, text) in files {
            let parsed = {
                let lookup = |name: &str| {
                    self.get(name)
                        .or_else(|| group.get(name).map(String::as_str))
                        .map(str::to_string)
                };
                dotenv::parse(text, &lookup)
            };
            for problem in parsed.problems {
                let at = Location::span(*id, problem.span);
                problems.push(match problem.kind {
                    DotenvProblemKind::Syntax { message, help } => {
                        LoadProblem::DotenvSyntax { at, message, help }
                    }
                    DotenvProblemKind::Interpolation(kind) => interpolation_problem(at, kind, self),
                });
            }
            for entry in parsed.entries {
                group.insert(entry.name, entry.value);
            }
        }
        for (name, value) in group {
            self.files.entry(name).or_insert(value);
        }
    }

    /// Sets a variable unless the process or a file already does.
    pub fn set_default(&mut self, name: &str, value: &str) {
        if self.get(name).is_none() {
            self.files.insert(name.to_string(), value.to_string());
        }
    }

    /// Every variable, process values winning.
    pub fn variables(&self) -> Variables {
        let mut all = self.files.clone();
        all.extend(
            self.process
                .iter()
                .map(|(name, value)| (name.clone(), value.clone())),
        );
        all
    }
}

/// The load problem for an interpolation problem found at `at`.
pub(crate) fn interpolation_problem(
    at: Location,
    kind: ProblemKind,
    environment: &Environment,
) -> LoadProblem {
    match kind {
        ProblemKind::RequiredMissing { name, message } => LoadProblem::RequiredVariableMissing {
            set_but_empty: environment.get(&name).is_some(),
            at,
            name,
            message,
        },
        ProblemKind::Unset { name } => LoadProblem::VariableUnset { at, name },
        ProblemKind::Invalid { message } => LoadProblem::InvalidInterpolation { at, message },
    }
}
