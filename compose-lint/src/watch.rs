//! `check --watch`: lint, then lint again whenever a file the last run read
//! changes. The files are watched through their directories (an editor
//! that saves by writing a new file and renaming it over the old one
//! replaces the file a direct watch would follow), and the events of a
//! burst of writes are gathered into one run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer};

/// How long events are gathered before a run.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Why watching stopped.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch the files: {0}")]
    Notify(String),
    #[error("nothing to watch: the run read no file")]
    Nothing,
}

/// Runs `lint`, which lints and returns the files to watch (those it read,
/// and those it depends on such as its configuration), then runs it again
/// each time one of those files changes, until `runs` runs were made
/// (`None`: until the process is stopped). The watcher lives across runs,
/// so a change made while a run lints is seen by the next wait.
pub fn watch(
    mut lint: impl FnMut() -> Vec<PathBuf>,
    runs: Option<usize>,
) -> Result<(), WatchError> {
    let (sender, receiver) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, sender).map_err(|e| WatchError::Notify(e.to_string()))?;
    let mut watching: BTreeSet<PathBuf> = BTreeSet::new();
    let mut made = 0;
    loop {
        let files = watched(lint());
        made += 1;
        if runs.is_some_and(|runs| made >= runs) {
            return Ok(());
        }
        if files.is_empty() {
            return Err(WatchError::Nothing);
        }
        let directories: BTreeSet<PathBuf> = files
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        for gone in watching.difference(&directories) {
            let _ = debouncer.watcher().unwatch(gone);
        }
        for directory in directories.difference(&watching) {
            debouncer
                .watcher()
                .watch(directory, RecursiveMode::NonRecursive)
                .map_err(|e| WatchError::Notify(format!("{}: {e}", directory.display())))?;
        }
        watching = directories;
        loop {
            match receiver.recv() {
                Ok(Ok(events)) if events.iter().any(|event| files.contains(&event.path)) => break,
                Ok(Ok(_)) => {}
                Ok(Err(error)) => return Err(WatchError::Notify(error.to_string())),
                Err(_) => return Err(WatchError::Notify("the watcher stopped".to_string())),
            }
        }
    }
}

/// The files a run read, as absolute paths (as events name them), without
/// texts written inside other files (`compose.yaml:31`), which exist only
/// through their file.
fn watched(read: Vec<PathBuf>) -> BTreeSet<PathBuf> {
    read.into_iter()
        .filter_map(|path| std::path::absolute(&path).ok())
        .filter(|path| path.parent().is_some_and(Path::is_dir))
        .collect()
}
