//! `compose-lint server`, driven over stdio as an editor drives it:
//! initialize, open and change documents, ask for a code action, shut down.

#[allow(dead_code, reason = "this test starts the server itself")]
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{Value, json};

/// Generous: this waits for the server's answers, it times nothing.
const WAIT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

impl Client {
    fn start(dir: &std::path::Path) -> Self {
        let mut child = common::binary()
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the server: {e}"));
        let stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if let Ok(message) = serde_json::from_slice(&body) {
                    let _ = sender.send(message);
                }
            }
        });
        Self {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .unwrap_or_else(|e| panic!("cannot write to the server: {e}"));
        self.stdin.flush().unwrap_or_else(|e| panic!("{e}"));
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == id)
    }

    /// The first message `wanted` accepts; the others are passed over.
    fn wait_for(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(WAIT)
                .unwrap_or_else(|e| panic!("no awaited message from the server: {e}"));
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The next diagnostics published for `uri` that `wanted` accepts.
    fn diagnostics_for(&self, uri: &str, wanted: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && wanted(
                    m["params"]["diagnostics"]
                        .as_array()
                        .map_or(&[], Vec::as_slice),
                )
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect()
}

const DUPLICATE: &str = "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    image: prom/prometheus:v2.53.1\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n";
const CLEAN: &str = "version: \"3.8\"\nservices:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n";
const PROMETHEUS: &str = "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [\"nosuchhost:9100\"]\n";

#[test]
fn an_editor_sees_findings_as_it_types_and_gets_quick_fixes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = std::fs::canonicalize(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(root.join(".git")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(root.join("compose.yaml"), CLEAN).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(root.join("prometheus.yml"), PROMETHEUS).unwrap_or_else(|e| panic!("{e}"));
    let compose_uri = format!("file://{}", root.join("compose.yaml").display());
    let prometheus_uri = format!("file://{}", root.join("prometheus.yml").display());

    let mut client = Client::start(&root);
    let initialized = client.request(
        1,
        "initialize",
        json!({
            "processId": null,
            "rootUri": format!("file://{}", root.display()),
            "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}
        }),
    );

    assert!(
        initialized["result"]["capabilities"]["codeActionProvider"].as_bool() == Some(true),
        "{initialized}"
    );
    client.notify("initialized", json!({}));
    // Files the projects read but the editor has not opened are watched.
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );

    // Open the compose file with a duplicate key (unsaved: the disk holds
    // the clean text).
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": compose_uri, "languageId": "yaml", "version": 1, "text": DUPLICATE}}),
    );
    let found = client.diagnostics_for(&compose_uri, |d| codes(d).contains(&"duplicate-key"));
    let duplicate = found
        .iter()
        .find(|d| d["code"] == "duplicate-key")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(duplicate["range"]["start"]["line"], 3, "{duplicate}");
    assert_eq!(duplicate["severity"], 1);
    assert!(
        duplicate["codeDescription"]["href"]
            .as_str()
            .is_some_and(|h| h.ends_with("/duplicate-key.md")),
        "{duplicate}"
    );
    assert!(duplicate["relatedInformation"][0]["location"]["uri"] == compose_uri.as_str());

    // Change it clean: the duplicate key's diagnostic is cleared.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": compose_uri, "version": 2}, "contentChanges": [{"text": CLEAN}]}),
    );
    let found = client.diagnostics_for(&compose_uri, |d| !codes(d).contains(&"duplicate-key"));
    assert_eq!(codes(&found), ["obsolete-version"], "{found:?}");

    // The Prometheus configuration the project mounts, with an unknown host.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": prometheus_uri, "languageId": "yaml", "version": 1, "text": PROMETHEUS}}),
    );
    let found = client.diagnostics_for(&prometheus_uri, |d| {
        codes(d).contains(&"scrape-target-unknown-host")
    });
    let unknown = found
        .iter()
        .find(|d| d["code"] == "scrape-target-unknown-host")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(unknown["range"]["start"]["line"], 3, "{unknown}");

    // A quick fix on the obsolete `version:` line removes it.
    let actions = client.request(
        2,
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": compose_uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}},
            "context": {"diagnostics": []}
        }),
    );
    let actions = actions["result"].as_array().cloned().unwrap_or_default();
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("no preferred fix in {actions:?}"));
    assert_eq!(fix["kind"], "quickfix");
    let edits = fix["edit"]["changes"][compose_uri.as_str()]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(edits.len(), 1, "{fix}");
    assert_eq!(edits[0]["newText"], "");
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    assert_eq!(edits[0]["range"]["end"], json!({"line": 1, "character": 0}));
    let suppress = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("suppress"))
        })
        .unwrap_or_else(|| panic!("no suppression in {actions:?}"));
    let inserted = &suppress["edit"]["changes"][compose_uri.as_str()][0]["newText"];
    assert!(
        inserted
            .as_str()
            .is_some_and(|t| t.starts_with("# compose-lint: ignore[obsolete-version]")),
        "{suppress}"
    );

    // Hover on a rule name in a suppression comment.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": compose_uri, "version": 3}, "contentChanges": [{"text": format!("# compose-lint: ignore[obsolete-version] kept\n{CLEAN}")}]}),
    );
    let hover = client.request(
        3,
        "textDocument/hover",
        json!({"textDocument": {"uri": compose_uri}, "position": {"line": 0, "character": 26}}),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.starts_with("**obsolete-version**")),
        "{hover}"
    );

    let shutdown = client.request(4, "shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success(), "{status}");
}

/// The overlay stands in for files on disk, new unsaved files included:
/// loading, the container view and the existence checks all see it.
#[test]
fn unsaved_texts_are_read_in_place_of_the_disk() {
    use compose_lint::overlay::Overlay;
    use compose_lint::{Config, Linter, ProjectSpec};

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = std::fs::canonicalize(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(root.join(".git")).unwrap_or_else(|e| panic!("{e}"));
    let compose = root.join("compose.yaml");
    std::fs::write(&compose, "services: {}\n").unwrap_or_else(|e| panic!("{e}"));
    let mut overlay = Overlay::new();
    overlay.insert(&compose, CLEAN.replace("version: \"3.8\"\n", ""));
    // Not on disk at all: a new file not yet saved.
    overlay.insert(&root.join("prometheus.yml"), PROMETHEUS);
    let spec = ProjectSpec::from_files([compose]).with_overlay(std::sync::Arc::new(overlay));
    let report = Linter::new(Config::default())
        .check_all(&[spec])
        .pop()
        .unwrap_or_else(|| panic!("no report"))
        .unwrap_or_else(|e| panic!("{e}"));
    let rules: Vec<&str> = report.diagnostics().iter().map(|d| d.rule()).collect();
    assert!(rules.contains(&"scrape-target-unknown-host"), "{rules:?}");
    assert!(!rules.contains(&"bind-source-missing"), "{rules:?}");
}
