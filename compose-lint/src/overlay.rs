//! Texts that stand in for files on disk: an editor's unsaved documents.
//! Loading reads a file from here when its absolute path is here (a new
//! file not yet saved included), and from disk otherwise; the project root
//! bounds both alike.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The texts, by absolute path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overlay {
    texts: HashMap<PathBuf, Arc<str>>,
}

impl Overlay {
    pub fn new() -> Self {
        Self::default()
    }

    /// `path`'s text is `text` from now on, whatever the disk holds.
    pub fn insert(&mut self, path: &Path, text: impl Into<Arc<str>>) {
        self.texts.insert(absolute(path), text.into());
    }

    /// `path` is read from disk again.
    pub fn remove(&mut self, path: &Path) {
        self.texts.remove(&absolute(path));
    }

    /// The text standing in for `path`, if any.
    pub fn get(&self, path: &Path) -> Option<&Arc<str>> {
        if self.texts.is_empty() {
            return None;
        }
        self.texts.get(&absolute(path))
    }

    /// The names of the files with a text directly in `directory`.
    pub fn names_in(&self, directory: &Path) -> Vec<String> {
        let directory = absolute(directory);
        self.texts
            .keys()
            .filter(|path| path.parent() == Some(directory.as_path()))
            .filter_map(|path| path.file_name()?.to_str().map(str::to_string))
            .collect()
    }
}

fn absolute(path: &Path) -> PathBuf {
    crate::compose::load::absolute(path)
}
