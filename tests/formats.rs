//! Every output format of `compose-lint check`, end to end on one project
//! that has a fix, a secondary label, notes, a non-ASCII line and a
//! directory name that needs escaping; the JSON and SARIF outputs are
//! validated against their schemas in `compose-lint/schemas/`.

mod common;

use std::path::Path;

use common::{Output, collect};
use serde_json::Value;
use tempfile::TempDir;

/// Line 5: a healthcheck with a fix. Line 6: `image` twice, the first one
/// non-ASCII (`𝄞` is two UTF-16 code units, one character).
/// Line 7 on: a bind mount whose missing source gets notes.
const COMPOSE: &str = r#"services:
  api:
    image: example/api:1.0
    healthcheck:
      test: ["CMD", "probe", "&&", "exit", "0"]
  abcd: {image: "𝄞:é", image: "b:1"}
  app:
    image: example/app:1
    volumes:
      - type: bind
        source: ./missing
        target: /data
        bind:
          create_host_path: false
"#;

/// The directory the project lives in, under the temporary directory: its
/// `,` must be escaped in GitHub's properties, and `%2C` in URIs.
const DIR: &str = "stack,1";

fn project() -> TempDir {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let stack = dir.path().join(DIR);
    std::fs::create_dir_all(&stack).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(stack.join("compose.yaml"), COMPOSE).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn check(dir: &Path, format: &str) -> Output {
    let mut command = common::binary();
    command
        .args(["check", "--format", format, &format!("{DIR}/compose.yaml")])
        .current_dir(dir)
        .env_remove("COLUMNS");
    let out = collect(command);
    assert_eq!(out.code, 1, "{format}: {}", out.stderr);
    assert_eq!(out.stderr, "", "{format}");
    out
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"))
}

/// The problems the schema `compose-lint/schemas/{name}` finds in `instance`.
fn schema_errors(name: &str, instance: &Value) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../compose-lint/schemas")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&json(&text))
        .unwrap_or_else(|e| panic!("{name} does not compile: {e}"));
    validator
        .iter_errors(instance)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect()
}

const RULES_FOUND: [&str; 3] = [
    "healthcheck-shell-syntax-in-exec-form",
    "duplicate-key",
    "bind-source-missing",
];

#[test]
fn human_format_matches_its_snapshot() {
    let dir = project();
    let out = check(dir.path(), "human");
    // Notes may name absolute paths; the temporary directory differs per run.
    let root = dir.path().display().to_string();
    let canonical = dir
        .path()
        .canonicalize()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| root.clone());
    let stdout = out
        .stdout
        .replace(&canonical, "[TEMP]")
        .replace(&root, "[TEMP]");
    insta::assert_snapshot!("human", stdout);
}

#[test]
fn compact_format_has_one_line_per_finding() {
    let dir = project();
    let out = check(dir.path(), "compact");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    assert!(lines[0].starts_with(&format!(
        "{DIR}/compose.yaml:5:30: error[healthcheck-shell-syntax-in-exec-form]: "
    )));
    // Compact columns count characters: `𝄞` is one.
    assert_eq!(
        lines[1],
        format!(
            "{DIR}/compose.yaml:6:24: error[duplicate-key]: key `image` is defined twice in the same mapping"
        )
    );
    assert!(lines[2].starts_with(&format!(
        "{DIR}/compose.yaml:11:17: error[bind-source-missing]: "
    )));
}

#[test]
fn json_format_matches_its_schema_with_fixes_labels_and_notes() {
    let dir = project();
    let report = json(&check(dir.path(), "json").stdout);
    let errors = schema_errors("report.schema.json", &report);
    assert!(errors.is_empty(), "{errors:#?}\n{report:#}");
    let diagnostics = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let rules: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert_eq!(rules, RULES_FOUND);
    assert_eq!(diagnostics[0]["fix"]["applicability"], "safe");
    assert_eq!(
        diagnostics[1]["labels"][0]["location"]["column"], 10,
        "{report:#}"
    );
    assert_eq!(diagnostics[2]["notes"].as_array().map(Vec::len), Some(2));
    assert!(report.get("suppressed").is_none());
}

#[test]
fn json_schema_refuses_what_the_output_never_has() {
    let dir = project();
    let mut report = json(&check(dir.path(), "json").stdout);
    report["diagnostics"][0]["severity"] = "fatal".into();
    report["diagnostics"][1]["location"]["column"] = 0.into();
    report["extra"] = true.into();
    assert_eq!(schema_errors("report.schema.json", &report).len(), 3);
}

#[test]
fn sarif_format_matches_its_schema_with_utf16_columns_and_fixes() {
    let dir = project();
    let log = json(&check(dir.path(), "sarif").stdout);
    let errors = schema_errors("sarif-subset.schema.json", &log);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "compose-lint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        driver["rules"].as_array().map(Vec::len),
        Some(compose_lint::RULES.len())
    );
    let results = run["results"].as_array().cloned().unwrap_or_default();
    let rules: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert_eq!(rules, RULES_FOUND);
    for result in &results {
        let index = result["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(driver["rules"][index]["id"], result["ruleId"]);
        assert_eq!(result["level"], "error");
        assert_eq!(result["suppressions"], serde_json::json!([]));
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(
            artifact,
            &serde_json::json!({"uri": "stack%2C1/compose.yaml", "uriBaseId": "%SRCROOT%"})
        );
    }
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap_or_default();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );

    // `𝄞` takes two UTF-16 columns: the second `image` starts at 25, not
    // at the character column 24 the other formats show.
    let duplicate = &results[1];
    assert_eq!(
        duplicate["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({
            "startLine": 6, "startColumn": 25, "endLine": 6, "endColumn": 30,
            "byteOffset": COMPOSE.find("image: \"b").unwrap_or_default(), "byteLength": 5
        })
    );
    let related = &duplicate["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "first defined here");
    // The first `image` comes before `𝄞`: its columns agree.
    assert_eq!(related["physicalLocation"]["region"]["startColumn"], 10);
    assert!(
        duplicate["message"]["text"]
            .as_str()
            .is_some_and(|m| m.contains("\nhelp: keep one of the two"))
    );

    let healthcheck = &results[0];
    let replacement = &healthcheck["fixes"][0]["artifactChanges"][0]["replacements"][0];
    let start = COMPOSE.find("[\"CMD\"").unwrap_or_default();
    assert_eq!(replacement["deletedRegion"]["byteOffset"], start);
    assert_eq!(replacement["deletedRegion"]["startColumn"], 13);
    assert_eq!(
        replacement["insertedContent"]["text"],
        r#"["CMD-SHELL", "probe && exit 0"]"#
    );
    assert!(
        results[2]["message"]["text"]
            .as_str()
            .is_some_and(|m| m.contains("\nnote: with `create_host_path: false`"))
    );
}

#[test]
fn github_format_prints_escaped_workflow_commands() {
    let dir = project();
    let out = check(dir.path(), "github");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    assert_eq!(
        lines[1],
        "::error file=stack%2C1/compose.yaml,line=6,endLine=6,col=24,endColumn=29,\
         title=duplicate-key::key `image` is defined twice in the same mapping\
         %0Ahelp: keep one of the two; Compose refuses files with duplicate keys"
    );
    assert!(lines[0].starts_with(
        "::error file=stack%2C1/compose.yaml,line=5,endLine=5,col=30,endColumn=34,\
         title=healthcheck-shell-syntax-in-exec-form::`&&` is a shell operator"
    ));
    assert!(
        lines[2].contains("title=bind-source-missing::")
            && lines[2].contains("%0Anote: with `create_host_path: false`"),
        "{}",
        lines[2]
    );
}

#[test]
fn github_format_uses_notice_and_warning_by_severity() {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n    privileged: true\nvolumes:\n  unused: {}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut command = common::binary();
    command
        .args(["check", "--format", "github", "--fail-on", "error"])
        .current_dir(dir.path());
    let out = collect(command);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let commands: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|line| line.split(' ').next())
        .collect();
    assert!(commands.contains(&"::warning"), "{}", out.stdout);
    assert!(commands.contains(&"::notice"), "{}", out.stdout);
    assert!(
        out.stdout.contains("file=compose.yaml,line=6,"),
        "{}",
        out.stdout
    );
}
