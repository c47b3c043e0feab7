//! What each container sees, end to end: `check --show-files` lists every
//! file read and why, and every file a configuration names that was not
//! read; the JSON output carries the same list, valid against its schema.

mod common;

use std::path::Path;

use common::collect;
use serde_json::Value;
use tempfile::TempDir;

const COMPOSE: &str = r#"services:
  prometheus:
    image: prom/prometheus:v3.5.0
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
      - ./alerts.yml:/etc/prometheus/alerts.yml:ro
      - generated:/etc/prometheus/generated
  grafana:
    image: grafana/grafana:12.1.0
    entrypoint:
      - sh
      - -euc
      - |
        cat <<'EOF' > /etc/grafana/provisioning/datasources/ds.yaml
        apiVersion: 1
        datasources:
          - name: Prometheus
            type: prometheus
            url: http://prometheus:9090
        EOF
        exec /run.sh
volumes:
  generated:
"#;

const PROMETHEUS: &str = "rule_files:\n  - alerts.yml\n  - missing.yml\n  - generated/*.yml\n";

const ALERTS: &str =
    "groups:\n  - name: up\n    rules:\n      - alert: Down\n        expr: up == 0\n";

fn project() -> TempDir {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    for (name, text) in [
        ("compose.yaml", COMPOSE),
        ("prometheus.yml", PROMETHEUS),
        ("alerts.yml", ALERTS),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

fn check(dir: &Path, extra: &[&str]) -> common::Output {
    let mut command = common::binary();
    command
        .args(["check", "--show-files", "compose.yaml"])
        .args(extra)
        .current_dir(dir)
        .env_remove("COLUMNS");
    collect(command)
}

#[test]
fn show_files_lists_what_was_read_and_what_was_not() {
    let dir = project();
    let out = check(dir.path(), &["--quiet"]);
    // `missing.yml` is a finding (rule-file-missing): exit 1.
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "project .:", "{}", out.stdout);
    let expected = [
        "  read       compose.yaml (compose file)",
        "  read       prometheus.yml (Prometheus configuration of service `prometheus`, mounted at `/etc/prometheus/prometheus.yml`)",
        "  read       compose.yaml:15 (Grafana datasources of service `grafana` at `/etc/grafana/provisioning/datasources/ds.yaml`, written by its entrypoint script)",
        "  read       alerts.yml (Prometheus rule file of service `prometheus`, mounted at `/etc/prometheus/alerts.yml`)",
        "  not read   missing.yml (rule file named by prometheus.yml: not found at `/etc/prometheus/missing.yml` in the container, where nothing provides it)",
        "  not read   generated/*.yml (rule file named by prometheus.yml: service `prometheus` mounts volume `generated` at `/etc/prometheus/generated`: its files are only known at run time)",
    ];
    for line in expected {
        assert!(lines.contains(&line), "missing {line:?} in\n{}", out.stdout);
    }
    assert!(out.stdout.contains("rule-file-missing"), "{}", out.stdout);
}

#[test]
fn json_carries_the_files_only_when_asked() {
    let dir = project();
    let out = check(dir.path(), &["--format", "json"]);
    let report: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let files = &report["files"][0];
    assert_eq!(files["directory"], ".");
    let read: Vec<&str> = files["read"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(
        read,
        [
            "compose.yaml",
            "prometheus.yml",
            "compose.yaml:15",
            "alerts.yml"
        ]
    );
    assert_eq!(files["not_read"].as_array().map(Vec::len), Some(2));
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../compose-lint/schemas/report.schema.json");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(schema_path).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let mut command = common::binary();
    command
        .args(["check", "--format", "json", "compose.yaml"])
        .current_dir(dir.path());
    let plain: Value =
        serde_json::from_str(&collect(command).stdout).unwrap_or_else(|e| panic!("{e}"));
    assert!(plain.get("files").is_none());
}

/// A directory search lists the compose-like files it passes over, in the
/// human listing and under `not_linted` in JSON.
#[test]
fn files_a_search_passes_over_are_listed_with_their_reason() {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    std::fs::write(
        dir.path().join("compose.override.yaml"),
        "services:\n  web:\n    ports: [\"8080:80\"]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut command = common::binary();
    command
        .args(["check", "--show-files", "--format", "json", "."])
        .current_dir(dir.path());
    let out = collect(command);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        report["not_linted"],
        serde_json::json!([{"path": "compose.override.yaml", "reason": "an override without a base file"}])
    );
    let mut command = common::binary();
    command
        .args(["check", "--show-files", "."])
        .current_dir(dir.path());
    let out = collect(command);
    assert!(
        out.stdout
            .contains("not linted   compose.override.yaml (an override without a base file)"),
        "{}",
        out.stdout
    );
}
