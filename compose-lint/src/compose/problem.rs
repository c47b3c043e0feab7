//! What can go wrong while loading a project. Each problem is reported by
//! the rule named after it; the loader only records what it found and where.

use std::path::PathBuf;

use super::schema::SchemaProblemKind;
use crate::location::Location;

/// A problem found while loading, with the place that caused it.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadProblem {
    /// `${VAR:?message}` or `${VAR?message}` with the variable missing.
    RequiredVariableMissing {
        at: Location,
        name: String,
        message: Option<String>,
        /// True when the variable is set, but empty (refused by `:?`).
        set_but_empty: bool,
    },
    /// `${VAR}` or `$VAR` with the variable unset and no default.
    VariableUnset { at: Location, name: String },
    /// Text that is not a valid interpolation template.
    InvalidInterpolation { at: Location, message: String },
    /// The project's `.env` is a symbolic link to nothing: Compose skips
    /// it, so none of its variables are set.
    EnvLinkBroken {
        /// The link, as the project names it.
        path: PathBuf,
        /// What it points to.
        target: PathBuf,
    },
    /// A line of an environment file that cannot be read.
    DotenvSyntax {
        at: Location,
        message: String,
        help: Option<String>,
    },
    /// An override file's empty list or mapping that leaves the earlier
    /// file's entries in place.
    EmptyDoesNotReset {
        at: Location,
        /// Where the entries that stay were written.
        base: Option<Location>,
        /// The attribute, as a dotted path (`services.web.ports`).
        path: String,
        /// `[]` or `{}`.
        empty: &'static str,
    },
    /// A service that extends itself through a chain of `extends`.
    ExtendsCycle {
        at: Location,
        /// The chain, as `file:service` names, ending where it started.
        chain: Vec<String>,
    },
    /// `extends` names a service or file that does not exist.
    ExtendsTargetMissing { at: Location, message: String },
    /// An `extends` or `include` chain longer than compose-lint follows.
    ChainTooDeep {
        /// The `extends` or `include` entry that passes the limit.
        at: Location,
        /// `extends` or `include`.
        key: &'static str,
        /// How many services or files the chain may hold.
        limit: usize,
    },
    /// A file that includes itself through a chain of `include`.
    IncludeCycle { at: Location, chain: Vec<PathBuf> },
    /// `include` names a file that cannot be read.
    IncludeFileMissing {
        at: Location,
        path: PathBuf,
        reason: String,
    },
    /// A resource defined both by a file and, differently, by a file it
    /// includes.
    IncludeConflict {
        /// The including file's definition (its name).
        at: Location,
        /// The included file's definition.
        included: Location,
        /// `services`, `networks`, `volumes`, `secrets` or `configs`.
        section: &'static str,
        name: String,
    },
    /// A value the schema of the Compose Specification does not allow.
    Schema {
        at: Location,
        kind: SchemaProblemKind,
        message: String,
        help: Option<String>,
        /// What Compose says about the value, when it checks it itself.
        note: Option<String>,
        /// What the value became after interpolation, when it used
        /// variables.
        label: Option<String>,
        /// The text written at `at` and the one allowed name it misspells,
        /// when the file writes it plainly (not through a variable, an
        /// alias or quotes): a safe fix.
        rename: Option<(String, String)>,
        /// Why the value is no certain error, when Compose loads and runs
        /// the project with it anyway: reported as a warning.
        loaded_anyway: Option<&'static str>,
    },
}
