//! `compose-lint server`: a Language Server over stdio.
//!
//! It lints the project an opened file belongs to (the compose file and its
//! override, or, for a configuration, every project whose containers read
//! it), reading the unsaved text of every open document in place of the
//! file on disk (an [`Overlay`]), and publishes the diagnostics of every
//! file of the project, clearing them when they go away. Changes are
//! gathered for a short while before a project is linted again. Each fix is
//! a quick fix; every finding can also be suppressed on its line. Hovering
//! a rule name in a suppression comment shows the rule's summary.
//!
//! Built on `lsp-server` and `lsp-types`, as rust-analyzer is: a
//! synchronous loop over one connection, which keeps the state (the
//! overlay, the projects, the published diagnostics) in one place. A panic
//! while linting is caught, logged to the client, and the server keeps
//! serving.

mod convert;

use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use compose_lint::overlay::Overlay;
use compose_lint::{
    COMPOSE_FILE_NAMES, Config, ConfigSource, Diagnostic, Linter, OVERRIDE_FILE_NAMES, ProjectSpec,
    default_compose_file, is_compose_like_name,
};
use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionProviderCapability, HoverProviderCapability, InitializeParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};

/// How long changes are gathered before the projects they touch are linted.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// How many directories above a configuration are searched for the
/// projects that read it.
const SEARCH_DEPTH: usize = 6;

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Serves one client on standard input and output until it exits.
pub fn run_stdio() -> Result<(), Failure> {
    let (connection, io_threads) = Connection::stdio();
    run(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}

/// Serves one client on `connection` until it asks to exit.
pub fn run(connection: &Connection) -> Result<(), Failure> {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let initialize = connection.initialize(serde_json::to_value(capabilities)?)?;
    let params: InitializeParams = serde_json::from_value(initialize).unwrap_or_default();
    #[allow(deprecated)]
    let workspace = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .and_then(|folder| folder.uri.to_file_path().ok())
        .or_else(|| {
            params
                .root_uri
                .as_ref()
                .and_then(|uri| uri.to_file_path().ok())
        });
    let watches = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if watches {
        // Files a project reads that are not open (a rule file, `.env`)
        // are reported by the client when they change on disk.
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String("**/*".to_string()),
                kind: None,
            }],
        };
        let registration = lsp_types::Registration {
            id: "compose-lint-watch".to_string(),
            method: lsp_types::notification::DidChangeWatchedFiles::METHOD.to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        let request = Request::new(
            lsp_server::RequestId::from("compose-lint-watch".to_string()),
            lsp_types::request::RegisterCapability::METHOD.to_string(),
            lsp_types::RegistrationParams {
                registrations: vec![registration],
            },
        );
        connection.sender.send(Message::Request(request))?;
    }
    let mut server = Server::new(connection, workspace);
    server.serve()
}

/// A project the server lints, and what it published for it.
struct Tracked {
    spec: ProjectSpec,
    /// The compose file or directory that names it, to find it again.
    key: PathBuf,
    /// The files its last run read.
    files: BTreeSet<PathBuf>,
    /// The files it published diagnostics for (to clear them).
    published: BTreeSet<PathBuf>,
    /// What its last run found, by file.
    found: HashMap<PathBuf, Vec<Diagnostic>>,
}

struct Server<'c> {
    connection: &'c Connection,
    /// The directory the editor opened; configurations are searched for
    /// their projects up to it.
    workspace: Option<PathBuf>,
    overlay: Overlay,
    projects: Vec<Tracked>,
    /// Files changed since the last run, and when to run.
    pending: BTreeSet<PathBuf>,
    deadline: Option<Instant>,
    /// The diagnostics last published, by file, for code actions.
    diagnostics: HashMap<PathBuf, Vec<Diagnostic>>,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, workspace: Option<PathBuf>) -> Self {
        Self {
            connection,
            workspace,
            overlay: Overlay::new(),
            projects: Vec::new(),
            pending: BTreeSet::new(),
            deadline: None,
            diagnostics: HashMap::new(),
        }
    }

    fn serve(&mut self) -> Result<(), Failure> {
        loop {
            let message = match self.deadline {
                Some(deadline) => {
                    let wait = deadline.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(message) => Some(message),
                        Err(error) if error.is_timeout() => None,
                        Err(_) => return Ok(()),
                    }
                }
                None => match self.connection.receiver.recv() {
                    Ok(message) => Some(message),
                    Err(_) => return Ok(()),
                },
            };
            match message {
                None => self.lint_pending(),
                Some(Message::Request(request)) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    self.request(request);
                }
                Some(Message::Notification(notification)) => self.notification(notification),
                Some(Message::Response(_)) => {}
            }
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            lsp_types::request::CodeActionRequest::METHOD => {
                serde_json::from_value::<lsp_types::CodeActionParams>(request.params)
                    .ok()
                    .map(|params| serde_json::to_value(self.code_actions(&params)))
            }
            lsp_types::request::HoverRequest::METHOD => {
                serde_json::from_value::<lsp_types::HoverParams>(request.params)
                    .ok()
                    .map(|params| serde_json::to_value(self.hover(&params)))
            }
            _ => {
                self.respond(Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("compose-lint does not answer `{}`", request.method),
                ));
                return;
            }
        };
        match result {
            Some(Ok(value)) => self.respond(Response::new_ok(id, value)),
            _ => self.respond(Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                "invalid parameters".to_string(),
            )),
        }
    }

    fn respond(&self, response: Response) {
        let _ = self.connection.sender.send(Message::Response(response));
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        if let Ok(params) = serde_json::to_value(params) {
            let _ = self
                .connection
                .sender
                .send(Message::Notification(Notification::new(
                    method.to_string(),
                    params,
                )));
        }
    }

    fn log(&self, kind: lsp_types::MessageType, message: String) {
        self.notify(
            lsp_types::notification::LogMessage::METHOD,
            lsp_types::LogMessageParams { typ: kind, message },
        );
    }

    fn notification(&mut self, notification: Notification) {
        use lsp_types::notification as n;
        let params = notification.params;
        match notification.method.as_str() {
            n::DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(params)
                    && let Ok(path) = p.text_document.uri.to_file_path()
                {
                    self.overlay.insert(&path, p.text_document.text);
                    self.changed(path, Duration::ZERO);
                }
            }
            n::DidChangeTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(params)
                    && let Ok(path) = p.text_document.uri.to_file_path()
                    && let Some(change) = p.content_changes.into_iter().last()
                {
                    self.overlay.insert(&path, change.text);
                    // Their positions are the old text's: no quick fix is
                    // offered from them until the next run.
                    self.diagnostics.remove(&absolute(&path));
                    self.changed(path, DEBOUNCE);
                }
            }
            n::DidSaveTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(params)
                    && let Ok(path) = p.text_document.uri.to_file_path()
                {
                    self.changed(path, DEBOUNCE);
                }
            }
            n::DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(params)
                    && let Ok(path) = p.text_document.uri.to_file_path()
                {
                    // From now on the file on disk is what counts.
                    self.overlay.remove(&path);
                    self.changed(path, DEBOUNCE);
                }
            }
            n::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(params)
                {
                    for change in p.changes {
                        if let Ok(path) = change.uri.to_file_path() {
                            self.changed(path, DEBOUNCE);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Notes that `path` changed; its projects are linted once `wait` has
    /// passed without another change (an opened document at once).
    fn changed(&mut self, path: PathBuf, wait: Duration) {
        self.pending.insert(absolute(&path));
        let at = Instant::now() + wait;
        self.deadline = Some(match self.deadline {
            Some(deadline) if wait.is_zero() => deadline.min(at),
            Some(deadline) => deadline.max(at),
            None => at,
        });
    }

    /// Lints every project a pending file belongs to, finding the projects
    /// of files not seen before.
    fn lint_pending(&mut self) {
        self.deadline = None;
        let pending = std::mem::take(&mut self.pending);
        let mut due: BTreeSet<usize> = BTreeSet::new();
        // Projects found for a new file were linted to learn what they
        // read: they are not linted again in this round.
        let mut linted: BTreeSet<usize> = BTreeSet::new();
        for path in &pending {
            let known: Vec<usize> = self
                .projects
                .iter()
                .enumerate()
                .filter(|(_, p)| p.files.contains(path) || p.key == *path)
                .map(|(i, _)| i)
                .collect();
            if known.is_empty() {
                due.extend(self.find_projects(path, &mut linted));
            } else {
                due.extend(known);
            }
        }
        for index in due.difference(&linted) {
            self.lint(*index);
        }
    }

    /// The projects `path` belongs to, tracked from now on: a compose file's
    /// own; for another file, the projects above it whose run reads it.
    /// Projects linted here to learn what they read are added to `linted`.
    fn find_projects(&mut self, path: &Path, linted: &mut BTreeSet<usize>) -> Vec<usize> {
        if is_compose_like_name(path) {
            let spec = compose_spec(path);
            let key = project_key(path);
            if let Some(index) = self.projects.iter().position(|p| p.key == key) {
                return vec![index];
            }
            return vec![self.track(spec, key)];
        }
        let mut found = Vec::new();
        let stop = self.workspace.clone();
        for directory in path.ancestors().skip(1).take(SEARCH_DEPTH) {
            if let Some(compose) = default_compose_file(directory) {
                let key = project_key(&compose);
                let index = match self.projects.iter().position(|p| p.key == key) {
                    Some(index) => index,
                    None => {
                        let index = self.track(compose_spec(&compose), key);
                        self.lint(index);
                        linted.insert(index);
                        index
                    }
                };
                if self.projects[index].files.contains(path) {
                    found.push(index);
                }
            }
            if stop.as_deref() == Some(directory) {
                break;
            }
        }
        found
    }

    fn track(&mut self, spec: ProjectSpec, key: PathBuf) -> usize {
        self.projects.push(Tracked {
            spec,
            key,
            files: BTreeSet::new(),
            published: BTreeSet::new(),
            found: HashMap::new(),
        });
        self.projects.len() - 1
    }

    /// Lints project `index` with the open documents' texts and publishes
    /// the diagnostics of each file it read, clearing those that went away.
    fn lint(&mut self, index: usize) {
        let overlay = Arc::new(self.overlay.clone());
        let spec = self.projects[index].spec.clone().with_overlay(overlay);
        let linted = catch_unwind(AssertUnwindSafe(|| lint_project(spec)));
        let (diagnostics, files) = match linted {
            Ok(Ok(result)) => result,
            Ok(Err(error)) => {
                self.log(
                    lsp_types::MessageType::WARNING,
                    format!("compose-lint: {error}"),
                );
                (Vec::new(), BTreeSet::new())
            }
            Err(panic) => {
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                    .unwrap_or_default();
                self.log(
                    lsp_types::MessageType::ERROR,
                    format!(
                        "compose-lint panicked while linting {}: {what}",
                        self.projects[index].key.display()
                    ),
                );
                return;
            }
        };
        // A text written inside a compose file is named after it
        // (`compose.yaml:31`): only files (on disk or open) are published.
        let files: BTreeSet<PathBuf> = files
            .into_iter()
            .filter(|path| path.is_file() || self.overlay.get(path).is_some())
            .collect();
        let mut by_file: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
        for diagnostic in diagnostics {
            let path = absolute(diagnostic.primary().source().path());
            by_file.entry(path).or_default().push(diagnostic);
        }
        // Every file this run or the last one touched is published again:
        // a file whose findings went away is cleared.
        let mut touched: BTreeSet<PathBuf> = by_file.keys().cloned().collect();
        touched.extend(std::mem::take(&mut self.projects[index].published));
        touched.extend(files.iter().cloned());
        let tracked = &mut self.projects[index];
        tracked.published = by_file.keys().cloned().collect();
        tracked.found = by_file;
        tracked.files = files;
        for path in &touched {
            self.publish(path);
        }
    }

    /// Publishes what every project found in `path` (a file two projects
    /// read shows the findings of both, each once).
    fn publish(&mut self, path: &Path) {
        let mut found: Vec<Diagnostic> = Vec::new();
        let mut seen = BTreeSet::new();
        for project in &self.projects {
            for diagnostic in project.found.get(path).into_iter().flatten() {
                let key = (
                    diagnostic.rule(),
                    diagnostic.message().to_string(),
                    diagnostic.primary().span().start,
                    diagnostic.primary().span().end,
                );
                if seen.insert(key) {
                    found.push(diagnostic.clone());
                }
            }
        }
        let Ok(uri) = Url::from_file_path(path) else {
            return;
        };
        let lsp: Vec<lsp_types::Diagnostic> = found.iter().map(convert::diagnostic).collect();
        self.notify(
            lsp_types::notification::PublishDiagnostics::METHOD,
            lsp_types::PublishDiagnosticsParams {
                uri,
                diagnostics: lsp,
                version: None,
            },
        );
        self.diagnostics.insert(path.to_path_buf(), found);
    }

    fn code_actions(
        &self,
        params: &lsp_types::CodeActionParams,
    ) -> Vec<lsp_types::CodeActionOrCommand> {
        let Ok(path) = params.text_document.uri.to_file_path() else {
            return Vec::new();
        };
        let Some(diagnostics) = self.diagnostics.get(&absolute(&path)) else {
            return Vec::new();
        };
        let mut actions = Vec::new();
        for diagnostic in diagnostics {
            if !convert::overlaps(diagnostic, &params.range) {
                continue;
            }
            if let Some(action) = convert::fix_action(diagnostic) {
                actions.push(lsp_types::CodeActionOrCommand::CodeAction(action));
            }
            if let Some(action) = convert::suppress_action(diagnostic, &params.text_document.uri) {
                actions.push(lsp_types::CodeActionOrCommand::CodeAction(action));
            }
        }
        actions
    }

    fn hover(&self, params: &lsp_types::HoverParams) -> Option<lsp_types::Hover> {
        let position = &params.text_document_position_params;
        let path = position.text_document.uri.to_file_path().ok()?;
        let text = match self.overlay.get(&path) {
            Some(text) => text.to_string(),
            None => std::fs::read_to_string(&path).ok()?,
        };
        convert::hover(&text, position.position)
    }
}

/// Lints one project (with the configuration file found from it) and
/// returns its diagnostics and the files it read.
fn lint_project(spec: ProjectSpec) -> Result<(Vec<Diagnostic>, BTreeSet<PathBuf>), String> {
    let groups = compose_lint::group_by_config(vec![spec], &ConfigSource::Discover)
        .map_err(|e| e.to_string())?;
    let mut diagnostics = Vec::new();
    let mut files = BTreeSet::new();
    for group in &groups {
        let config = group.config(Config::default());
        for report in Linter::new(config).check_all(&group.specs) {
            let report = report.map_err(|e| e.to_string())?;
            files.extend(report.files_read().map(absolute));
            diagnostics.extend(report.into_diagnostics());
        }
    }
    Ok((diagnostics, files))
}

/// The project of a compose file: its directory's default project when it
/// is the default file or its override (both are loaded), else the file
/// alone.
fn compose_spec(path: &Path) -> ProjectSpec {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let directory = path.parent().unwrap_or(Path::new("."));
    if (COMPOSE_FILE_NAMES.contains(&name) || OVERRIDE_FILE_NAMES.contains(&name))
        && default_compose_file(directory).is_some()
    {
        ProjectSpec::in_directory(directory)
    } else {
        ProjectSpec::from_files([path.to_path_buf()])
    }
}

/// What identifies a compose file's project: its directory for the default
/// project, else the file.
fn project_key(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if COMPOSE_FILE_NAMES.contains(&name) || OVERRIDE_FILE_NAMES.contains(&name) {
        absolute(path.parent().unwrap_or(Path::new(".")))
    } else {
        absolute(path)
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
