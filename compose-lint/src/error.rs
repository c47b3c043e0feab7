//! Errors: what stops the linter from checking something at all. Problems in
//! the files themselves are diagnostics, never errors.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: no such file or directory", .0.display())]
    NotFound(PathBuf),
    /// A file that resolves (through `..` or symbolic links) outside the
    /// project root: not read.
    #[error(
        "{}: resolves to {}, outside the project root {}: not read (`--root DIR` or `--allow-outside-root` reads it)",
        path.display(),
        target.display(),
        root.display()
    )]
    OutsideRoot {
        /// The path as it was written or given.
        path: PathBuf,
        /// Where it resolves to.
        target: PathBuf,
        root: PathBuf,
    },
    #[error("{}: not a regular file", .0.display())]
    NotRegularFile(PathBuf),
    #[error("{}: file is {size} bytes, over the limit of {limit} bytes", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "{}: no compose file found (looked for compose.yaml, compose.yml, docker-compose.yaml and docker-compose.yml)",
        .0.display()
    )]
    NoComposeFile(PathBuf),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("unknown rule `{0}`")]
    UnknownRule(String),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl Error {
    /// The error with the path it names replaced by `path` (a file read
    /// under its resolved name is reported under the name it was given).
    pub(crate) fn with_path(self, path: &std::path::Path) -> Self {
        let path = path.to_path_buf();
        match self {
            Self::NotFound(_) => Self::NotFound(path),
            Self::NotRegularFile(_) => Self::NotRegularFile(path),
            Self::TooLarge { size, limit, .. } => Self::TooLarge { path, size, limit },
            Self::Io { source, .. } => Self::Io { path, source },
            other => other,
        }
    }
}

/// A configuration file that cannot be used, with the place that says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and column; `None` when the file could not be read.
    pub position: Option<(usize, usize)>,
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}
