//! End-to-end behaviour of the `compose-lint` binary: output formats, exit
//! codes, project discovery and positions, as a user or a CI job sees them.
//!
//! Every test builds its input in a temporary directory and runs the binary
//! there with relative paths, so the paths in the output are predictable.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Output, collect};
use serde_json::Value;
use tempfile::TempDir;

/// A service whose `image` key is written twice: line 4, column 5.
const DUPLICATE_IMAGE: &str = "services:\n  web:\n    image: nginx:1.27\n    image: httpd:2.4\n";
const CLEAN: &str = "services:\n  web:\n    image: nginx:1.27\n";
const DUPLICATE_MESSAGE: &str = "key `image` is defined twice in the same mapping";

/// A command for the binary in `dir`, without colour (`NO_COLOR=1`);
/// `args` are separated by whitespace.
fn command(dir: &Path, args: &str) -> Command {
    let mut command = common::binary();
    command
        .args(args.split_whitespace())
        .current_dir(dir)
        .env_remove("COLUMNS");
    command
}

fn run(dir: &Path, args: &str) -> Output {
    collect(command(dir, args))
}

/// A temporary directory holding `files` (relative path, contents).
fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    for (path, contents) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
    dir
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{stdout}"))
}

/// The paths of the compact output's lines, in order.
fn compact_paths(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .map(|line| line.split(':').next().unwrap_or_default())
        .collect()
}

fn assert_location(location: &Value, path: &str, line: u64, column: u64, end_column: u64) {
    let expected = serde_json::json!({
        "path": path,
        "line": line,
        "column": column,
        "end_line": line,
        "end_column": end_column,
    });
    assert_eq!(location, &expected);
}

#[test]
fn compact_format_prints_one_line_per_diagnostic() {
    let dir = project(&[("compose.yaml", DUPLICATE_IMAGE)]);
    let out = run(dir.path(), "check --format compact compose.yaml");
    assert_eq!(
        out.stdout,
        format!("compose.yaml:4:5: error[duplicate-key]: {DUPLICATE_MESSAGE}\n")
    );
    assert_eq!(out.stderr, "");
    assert_eq!(out.code, 1);
}

#[test]
fn json_format_reports_every_field_with_one_based_positions() {
    let dir = project(&[("compose.yaml", DUPLICATE_IMAGE)]);
    let out = run(dir.path(), "check --format json compose.yaml");
    assert_eq!(out.code, 1, "{out:?}");
    let report = json(&out.stdout);
    assert_eq!(report["version"], 1);
    let diagnostics = report["diagnostics"]
        .as_array()
        .expect("a diagnostics array");
    let [diagnostic] = diagnostics.as_slice() else {
        panic!("expected one diagnostic: {diagnostics:#?}");
    };
    assert_eq!(diagnostic["rule"], "duplicate-key");
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["message"], DUPLICATE_MESSAGE);
    // `image` on line 4 starts in column 5 and ends before column 10.
    assert_location(&diagnostic["location"], "compose.yaml", 4, 5, 10);
    let labels = diagnostic["labels"].as_array().expect("a labels array");
    let [label] = labels.as_slice() else {
        panic!("expected one label: {labels:#?}");
    };
    assert_eq!(label["message"], "first defined here");
    assert_location(&label["location"], "compose.yaml", 3, 5, 10);
    assert!(diagnostic["help"].as_str().is_some_and(|h| !h.is_empty()));
    assert_eq!(diagnostic["notes"], serde_json::json!([]));
    let url = diagnostic["url"].as_str().expect("a url string");
    assert!(url.starts_with("https://"), "{url}");
    assert!(url.ends_with("docs/rules/duplicate-key.md"), "{url}");
    let fields: Vec<&str> = diagnostic
        .as_object()
        .expect("a diagnostic object")
        .keys()
        .map(String::as_str)
        .collect();
    let expected_fields = [
        "rule", "severity", "message", "location", "labels", "help", "notes", "url",
    ];
    assert_eq!(fields, expected_fields);
}

#[test]
fn human_format_shows_message_labels_and_summary_without_colour() {
    let dir = project(&[("compose.yaml", DUPLICATE_IMAGE)]);
    let out = run(dir.path(), "check compose.yaml");
    assert_eq!(out.code, 1, "{out:?}");
    for expected in [
        "duplicate-key",
        DUPLICATE_MESSAGE,
        "compose.yaml:4:5",
        "first defined here",
        "defined again here",
        "    image: httpd:2.4",
    ] {
        assert!(
            out.stdout.contains(expected),
            "no `{expected}` in:\n{}",
            out.stdout
        );
    }
    assert!(
        out.stdout.ends_with("\n1 error in 1 file (1 checked)\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("\x1b["), "{}", out.stdout);
}

#[test]
fn human_format_has_no_colour_on_a_pipe_even_without_no_color() {
    let dir = project(&[("compose.yaml", DUPLICATE_IMAGE)]);
    let mut command = command(dir.path(), "check compose.yaml");
    command.env_remove("NO_COLOR");
    let out = collect(command);
    assert!(out.stdout.contains(DUPLICATE_MESSAGE), "{}", out.stdout);
    assert!(!out.stdout.contains("\x1b["), "{}", out.stdout);
}

#[test]
fn color_always_colours_human_output() {
    let dir = project(&[("compose.yaml", DUPLICATE_IMAGE)]);
    let out = run(dir.path(), "check --color always compose.yaml");
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("\x1b["), "{}", out.stdout);
    let never = run(dir.path(), "check --color never compose.yaml");
    assert!(!never.stdout.contains("\x1b["), "{}", never.stdout);
}

#[test]
fn clean_project_exits_zero_in_every_format() {
    let dir = project(&[("compose.yaml", CLEAN), ("docker-compose.yml", CLEAN)]);
    let human = run(dir.path(), "check");
    assert_eq!(human.code, 0, "{human:?}");
    assert_eq!(human.stdout, "no problems found in 2 files\n");
    let compact = run(dir.path(), "check --format compact");
    assert_eq!((compact.code, compact.stdout.as_str()), (0, ""));
    let report = run(dir.path(), "check --format json");
    assert_eq!(report.code, 0, "{report:?}");
    assert_eq!(
        json(&report.stdout),
        serde_json::json!({"version": 1, "diagnostics": []})
    );
}

#[test]
fn fail_on_sets_the_severity_that_fails_the_run() {
    let dir = project(&[("bad.yaml", DUPLICATE_IMAGE), ("good.yaml", CLEAN)]);
    let code = |args: &str| run(dir.path(), args).code;
    // Every current rule is an error, so each threshold fails on it.
    assert_eq!(code("check bad.yaml"), 1, "default is warning");
    for threshold in ["error", "warning", "info"] {
        assert_eq!(code(&format!("check --fail-on {threshold} bad.yaml")), 1);
        assert_eq!(code(&format!("check --fail-on {threshold} good.yaml")), 0);
    }
    assert_eq!(code("check --fail-on fatal bad.yaml"), 2);
}

#[test]
fn missing_file_exits_two_and_other_paths_are_still_reported() {
    let dir = project(&[("compose.yaml", DUPLICATE_IMAGE)]);
    let out = run(
        dir.path(),
        "check --format compact missing.yaml compose.yaml",
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stderr,
        "error: missing.yaml: no such file or directory\n"
    );
    assert_eq!(
        out.stdout,
        format!("compose.yaml:4:5: error[duplicate-key]: {DUPLICATE_MESSAGE}\n")
    );
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let dir = project(&[("compose.yaml", CLEAN)]);
    let out = run(dir.path(), "check --no-such-flag");
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--no-such-flag"), "{}", out.stderr);
    assert!(out.stderr.contains("Usage"), "{}", out.stderr);
    assert_eq!(out.stdout, "");
}

#[test]
fn directory_without_compose_files_exits_two() {
    let dir = project(&[("empty/README.md", "nothing here\n")]);
    let out = run(dir.path(), "check empty");
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .starts_with("error: empty: no compose file found"),
        "{}",
        out.stderr
    );
}

#[test]
fn no_arguments_search_the_current_directory() {
    let dir = project(&[("compose.yaml", DUPLICATE_IMAGE)]);
    let out = run(dir.path(), "check --format compact");
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(compact_paths(&out.stdout), ["compose.yaml"]);
}

#[test]
fn directory_search_finds_nested_projects_and_skips_ignored_ones() {
    let dir = project(&[
        ("repo/.gitignore", "vendor/\n"),
        ("repo/compose.yaml", DUPLICATE_IMAGE),
        ("repo/b/docker-compose.yml", DUPLICATE_IMAGE),
        ("repo/a/nested/deeper/compose.yml", DUPLICATE_IMAGE),
        ("repo/.devcontainer/docker-compose.yaml", DUPLICATE_IMAGE),
        ("repo/vendor/compose.yaml", DUPLICATE_IMAGE),
        ("repo/.git/compose.yaml", DUPLICATE_IMAGE),
        ("repo/other/compose.prod.yaml", DUPLICATE_IMAGE),
        ("repo/other/docker-compose.override.yml", DUPLICATE_IMAGE),
        ("repo/other/compose.yaml.bak", DUPLICATE_IMAGE),
    ]);
    let out = run(dir.path(), "check --format compact --timings repo");
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        compact_paths(&out.stdout),
        [
            "repo/.devcontainer/docker-compose.yaml",
            "repo/a/nested/deeper/compose.yml",
            "repo/b/docker-compose.yml",
            "repo/compose.yaml",
            // A compose file of whole services, linted on its own; the
            // override next to it has no base file to be merged onto.
            "repo/other/compose.prod.yaml",
        ]
    );
    assert!(
        out.stderr.starts_with("checked 5 files in 5 projects"),
        "{}",
        out.stderr
    );
}

/// A base file publishing port 8080, and an override that publishes it for
/// another service: the conflict exists only once they are merged.
const BASE_WITH_PORT: &str = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n  api:\n    image: example/api:1.4\n";
const OVERRIDE_WITH_PORT: &str = "services:\n  api:\n    ports:\n      - \"8080:8080\"\n";

#[test]
fn a_search_lints_compose_files_with_other_names_and_counts_those_it_leaves_out() {
    let dir = project(&[
        ("repo/monitoring/compose.monitoring.yaml", DUPLICATE_IMAGE),
        ("repo/app/docker-compose.yml", BASE_WITH_PORT),
        ("repo/app/docker-compose.prod.yml", OVERRIDE_WITH_PORT),
        (
            "repo/app/compose.fragment.yaml",
            "x-logging:\n  driver: local\n",
        ),
        ("repo/dev/compose.override.yaml", OVERRIDE_WITH_PORT),
    ]);
    let out = run(dir.path(), "check --format compact repo");
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        out.stdout,
        format!(
            "repo/app/docker-compose.prod.yml:4:9: error[host-port-conflict]: host port `8080/tcp` is already published by service `web`\n\
             repo/monitoring/compose.monitoring.yaml:4:5: error[duplicate-key]: {DUPLICATE_MESSAGE}\n"
        )
    );
    let human = run(dir.path(), "check repo");
    assert_eq!(human.code, 1, "{human:?}");
    assert!(
        human.stdout.ends_with(
            "2 errors in 2 files (3 checked)\n2 compose-like files not linted (--show-files lists them)\n"
        ),
        "{}",
        human.stdout
    );
    let quiet = run(dir.path(), "check --quiet repo");
    assert!(!quiet.stdout.contains("not linted"), "{}", quiet.stdout);
}

#[test]
fn a_search_that_finds_only_files_it_leaves_out_exits_zero() {
    let dir = project(&[("dev/compose.override.yaml", OVERRIDE_WITH_PORT)]);
    let out = run(dir.path(), "check dev");
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "no problems found in 0 files\n1 compose-like file not linted (--show-files lists them)\n"
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn a_search_leaves_out_files_over_the_size_limit() {
    let big = format!("{CLEAN}# {}\n", "x".repeat(200));
    let dir = project(&[("compose.yaml", CLEAN), ("compose.big.yaml", &big)]);
    let out = run(dir.path(), "check --max-file-size 100");
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "no problems found in 1 file\n1 compose-like file not linted (--show-files lists them)\n"
    );
    // Named as a path, it is read, and refused.
    let named = run(dir.path(), "check --max-file-size 100 compose.big.yaml");
    assert_eq!(named.code, 2, "{named:?}");
}

#[test]
fn output_is_sorted_by_path_then_position() {
    // The inner duplicate (line 4) is found before the outer one (line 2).
    let nested = "x-a: 1\nx-a:\n  b: 1\n  b: 2\n";
    let dir = project(&[
        ("z/compose.yaml", DUPLICATE_IMAGE),
        ("m/compose.yaml", nested),
        ("a/compose.yaml", DUPLICATE_IMAGE),
    ]);
    let out = run(dir.path(), "check --format compact z m a");
    assert_eq!(out.code, 1, "{out:?}");
    let positions: Vec<&str> = out
        .stdout
        .lines()
        .map(|line| line.split(": ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        positions,
        [
            "a/compose.yaml:4:5",
            "m/compose.yaml:2:1",
            "m/compose.yaml:4:3",
            "z/compose.yaml:4:5",
        ]
    );
}

#[test]
fn file_flags_form_one_project() {
    let override_file = "services:\n  web:\n    ports: []\n    ports: []\n";
    let dir = project(&[("a.yaml", DUPLICATE_IMAGE), ("b.yaml", override_file)]);
    let out = run(
        dir.path(),
        "check -f a.yaml -f b.yaml --format compact --timings",
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(compact_paths(&out.stdout), ["a.yaml", "b.yaml"]);
    assert!(
        out.stderr.starts_with("checked 2 files in 1 project"),
        "{}",
        out.stderr
    );
    let human = run(dir.path(), "check -f a.yaml -f b.yaml");
    assert!(
        human
            .stdout
            .ends_with("\n2 errors in 2 files (2 checked)\n"),
        "{}",
        human.stdout
    );
}

/// `é` and `ü` are two bytes each: byte columns would be higher. (A
/// service name may not hold `é`: the image does.)
const NON_ASCII: &str = "# é ü\nservices:\n  web: {image: éü:1,image: b:2}\n";

#[test]
fn columns_count_characters_after_multibyte_text() {
    let dir = project(&[("compose.yaml", NON_ASCII)]);
    let compact = run(dir.path(), "check --format compact compose.yaml");
    assert_eq!(
        compact.stdout,
        format!("compose.yaml:3:21: error[duplicate-key]: {DUPLICATE_MESSAGE}\n")
    );
    let out = run(dir.path(), "check --format json compose.yaml");
    let diagnostic = &json(&out.stdout)["diagnostics"][0];
    assert_location(&diagnostic["location"], "compose.yaml", 3, 21, 26);
    let first = &diagnostic["labels"][0]["location"];
    assert_location(first, "compose.yaml", 3, 9, 14);
}

#[test]
fn human_header_counts_characters_not_bytes() {
    let dir = project(&[
        ("compose.yaml", NON_ASCII),
        ("bom.yaml", "\u{feff}{a: 1, a: 2}\n"),
    ]);
    let out = run(dir.path(), "check compose.yaml bom.yaml");
    assert!(
        out.stdout.contains("--> compose.yaml:3:21\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("--> bom.yaml:1:8\n"), "{}", out.stdout);
}

#[test]
fn human_snippet_breaks_lines_at_a_lone_carriage_return() {
    let text = "services:\r  web:\r    image: a:1\r    image: b:2\r";
    let dir = project(&[("compose.yaml", text)]);
    let compact = run(dir.path(), "check --format compact compose.yaml");
    assert!(
        compact.stdout.starts_with("compose.yaml:4:5:"),
        "{}",
        compact.stdout
    );
    let human = run(dir.path(), "check compose.yaml");
    assert!(
        human.stdout.contains("4 |     image: b:2\n"),
        "{}",
        human.stdout
    );
}

const BASE: &str = "services:\n  web:\n    image: nginx:${TAG:-1.27}\n    ports:\n      - \"8080:80\"\n    environment:\n      MODE: base\n";
const OVERRIDE: &str =
    "services:\n  web:\n    environment:\n      MODE: ${MODE}\n      TOKEN: ${TOKEN:?set TOKEN}\n";

#[test]
fn config_prints_the_interpolated_merged_project() {
    let dir = project(&[
        ("compose.yaml", BASE),
        ("compose.override.yaml", OVERRIDE),
        (".env", "TAG=1.26\nMODE=override\nTOKEN=abc\n"),
    ]);
    let out = run(dir.path(), "config");
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let name = dir
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default()
        .replace('.', "");
    assert!(
        out.stdout
            .starts_with(&format!("name: {name}\nservices:\n  web:\n")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("image: nginx:1.26\n"), "{}", out.stdout);
    assert!(out.stdout.contains("MODE: override\n"), "{}", out.stdout);
    assert!(out.stdout.contains("TOKEN: abc\n"), "{}", out.stdout);
    assert!(out.stdout.contains("- 8080:80\n"), "{}", out.stdout);
}

#[test]
fn config_reports_a_missing_required_variable_in_the_override_file() {
    let dir = project(&[
        ("compose.yaml", BASE),
        ("compose.override.yaml", OVERRIDE),
        (".env", "MODE=override\n"),
    ]);
    let out = run(dir.path(), "config");
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        out.stderr,
        "compose.override.yaml:5:14: error[required-variable-missing]: required variable `TOKEN` is not set\n"
    );
    let check = run(dir.path(), "check --format compact");
    assert_eq!(check.code, 1, "{check:?}");
    assert!(
        check
            .stdout
            .contains("compose.override.yaml:5:14: error[required-variable-missing]"),
        "{}",
        check.stdout
    );
}

#[test]
fn env_file_flag_replaces_dot_env_and_the_process_environment_wins() {
    let dir = project(&[
        ("compose.yaml", BASE),
        (".env", "TAG=from-dot-env\n"),
        ("prod.env", "TAG=from-prod\n"),
    ]);
    let out = run(dir.path(), "config --env-file prod.env");
    assert!(
        out.stdout.contains("image: nginx:from-prod\n"),
        "{}",
        out.stdout
    );
    let mut command = command(dir.path(), "config --env-file prod.env");
    command.env("TAG", "from-process");
    let out = collect(command);
    assert!(
        out.stdout.contains("image: nginx:from-process\n"),
        "{}",
        out.stdout
    );
    let missing = run(dir.path(), "config --env-file nope.env");
    assert_eq!(missing.code, 2, "{missing:?}");
}

#[test]
fn profiles_narrow_the_services_only_when_selected() {
    let text = "services:\n  web:\n    image: nginx:1.27\n  debug:\n    image: busybox:1.37\n    profiles: [debug]\n  tools:\n    image: alpine:3.20\n    profiles: [tools]\n";
    let dir = project(&[("compose.yaml", text)]);
    let all = run(dir.path(), "config");
    for service in ["web:", "debug:", "tools:"] {
        assert!(all.stdout.contains(service), "{}", all.stdout);
    }
    let debug = run(dir.path(), "config --profile debug");
    assert!(
        debug.stdout.contains("  web:") && debug.stdout.contains("  debug:"),
        "{}",
        debug.stdout
    );
    assert!(!debug.stdout.contains("  tools:"), "{}", debug.stdout);
    let mut command = command(dir.path(), "config");
    command.env("COMPOSE_PROFILES", "tools");
    let tools = collect(command);
    assert!(
        tools.stdout.contains("  tools:") && !tools.stdout.contains("  debug:"),
        "{}",
        tools.stdout
    );
}

#[test]
fn compose_file_in_dot_env_selects_the_files_and_project_name_flag_wins() {
    let dir = project(&[
        (
            "compose.yaml",
            "services:\n  ignored:\n    image: nginx:1.27\n",
        ),
        (
            "base.yml",
            "name: from-file\nservices:\n  web:\n    image: nginx:1.27\n",
        ),
        ("extra.yml", "services:\n  web:\n    ports: []\n"),
        (
            ".env",
            "COMPOSE_FILE=base.yml;extra.yml\nCOMPOSE_PATH_SEPARATOR=;\n",
        ),
    ]);
    let out = run(dir.path(), "config");
    assert!(
        out.stdout.starts_with("name: from-file\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("ignored"), "{}", out.stdout);
    let named = run(dir.path(), "config -p chosen");
    assert!(
        named.stdout.starts_with("name: chosen\n"),
        "{}",
        named.stdout
    );
    let check = run(dir.path(), "check --format compact");
    assert_eq!(
        compact_paths(&check.stdout),
        Vec::<&str>::new(),
        "{check:?}"
    );
}

#[test]
fn later_env_files_win_and_the_project_name_is_known_to_interpolation() {
    let text = "name: Billing.App\nservices:\n  api:\n    image: example/api:${TAG}\n    container_name: ${COMPOSE_PROJECT_NAME}-api\n";
    let dir = project(&[
        ("compose.yaml", text),
        ("first.env", "TAG=from-first\n"),
        ("second.env", "TAG=from-second\n"),
    ]);
    let out = run(
        dir.path(),
        "config --env-file first.env --env-file second.env",
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.starts_with("name: billingapp\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("image: example/api:from-second\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("container_name: billingapp-api\n"),
        "{}",
        out.stdout
    );
}

const GRAPH: &str = "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n        required: false\n  db:\n    image: postgres:17\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n  cache:\n    image: redis:7.4\n    volumes_from: [db]\n";

#[test]
fn graph_prints_dot_by_default() {
    let dir = project(&[("compose.yaml", GRAPH)]);
    let out = run(dir.path(), "graph");
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "digraph startup {\n  rankdir=LR;\n  node [shape=box];\n  \"web\";\n  \"db\";\n  \"cache\";\n  \"web\" -> \"db\" [label=\"service_healthy\"];\n  \"web\" -> \"cache\" [label=\"service_started\", style=dashed];\n  \"cache\" -> \"db\" [label=\"volumes_from\"];\n}\n"
    );
}

#[test]
fn graph_prints_mermaid() {
    let dir = project(&[("compose.yaml", GRAPH)]);
    let out = run(dir.path(), "graph --format mermaid");
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "flowchart LR\n  s0[\"web\"]\n  s1[\"db\"]\n  s2[\"cache\"]\n  s0 -->|service_healthy| s1\n  s0 -.->|service_started| s2\n  s2 -->|volumes_from| s1\n"
    );
}

#[test]
fn a_dependency_left_out_by_the_selected_profile_is_not_undefined() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    profiles: [web]\n    depends_on: [debug]\n  debug:\n    image: busybox:1.37\n    profiles: [debug]\n";
    let dir = project(&[("compose.yaml", text)]);
    let out = run(dir.path(), "check --profile web --format compact");
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        out.stdout,
        "compose.yaml:5:18: error[dependency-disabled-by-profile]: `web` depends on `debug`, which is disabled with profile `web`\n"
    );
}

/// A fragment beside a default compose file (or up to two levels below
/// it) may rely on that file: it is checked as a part, silently for what
/// the base may give. The same fragment far from any base gets `rule`.
fn fragment_relies_on_its_base(base: &str, nested: &str, fragment: &str, rule: &str) {
    let dir = project(&[
        ("compose.yaml", base),
        (nested, fragment),
        ("elsewhere/deep/down/stack.yml", fragment),
    ]);
    let out = run(dir.path(), &format!("check -f {nested} --format compact"));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(
        dir.path(),
        "check elsewhere/deep/down/stack.yml --format compact",
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout.contains(&format!("error[{rule}]")),
        "{}",
        out.stdout
    );
}

#[test]
fn a_file_beside_a_default_compose_file_may_depend_on_its_services() {
    fragment_relies_on_its_base(
        "services:\n  db:\n    image: postgres:17\n",
        "extensions/metrics/metrics-compose.yml",
        "services:\n  exporter:\n    image: prometheuscommunity/postgres-exporter:v0.16.0\n    depends_on: [db]\n",
        "undefined-dependency",
    );
}

#[test]
fn a_file_beside_a_default_compose_file_may_take_its_image_from_it() {
    fragment_relies_on_its_base(
        "services:\n  web:\n    image: nginx:1.27\n",
        "extensions/debug/debug-compose.yml",
        "services:\n  web:\n    environment:\n      LOG_LEVEL: debug\n",
        "service-without-image",
    );
}

#[test]
fn a_run_that_reads_nothing_prints_no_clean_summary() {
    let dir = project(&[]);
    let out = run(dir.path(), "check missing.yaml");
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "error: missing.yaml: no such file or directory\n"
    );
}
