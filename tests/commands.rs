//! The commands and flags around `check`: `--fix` (a diff, or `--write`),
//! `--diff`, `--quiet`, a compose file on standard input, rule selection,
//! `--statistics`, baselines, `rules`, `rule NAME`, `init`, completions
//! and the manual page.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Output, collect};

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = common::binary();
    command.args(args).current_dir(dir).env_remove("COLUMNS");
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    collect(command(dir, args))
}

fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = command(dir, args);
    command.envs(env.iter().copied());
    collect(command)
}

fn seed_healthcheck() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/rules/healthcheck-shell-syntax-in-exec-form/seed-monitoring-stack.yaml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn temp_with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
    dir
}

const RULE: &str = "healthcheck-shell-syntax-in-exec-form";

#[test]
fn fix_shows_a_diff_and_changes_nothing() {
    let text = format!("version: \"3.8\"\n{}", seed_healthcheck());
    let dir = temp_with("compose.yaml", &text);
    let out = run(dir.path(), &["check", "--fix", "compose.yaml"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout.starts_with(
            "--- a/compose.yaml\n+++ b/compose.yaml\n@@ -1,4 +1,3 @@\n-version: \"3.8\"\n"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("\n+      test: [\"CMD-SHELL\", \"wget --no-verbose --tries=1 --spider http://localhost:9090/-/healthy || exit 1\"]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("2 fixes would change 1 file"),
        "{}",
        out.stderr
    );
    let after = std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap_or_default();
    assert_eq!(after, text, "--fix without --write must not write");
}

#[test]
fn fix_write_repairs_the_seed_healthcheck_and_keeps_every_other_byte() {
    let text = seed_healthcheck();
    let dir = temp_with("compose.yaml", &text);
    let before = run(
        dir.path(),
        &["check", "--format", "compact", "compose.yaml"],
    );
    assert!(before.stdout.contains(RULE), "{}", before.stdout);

    let out = run(
        dir.path(),
        &[
            "check",
            "--fix",
            "--write",
            "--format",
            "compact",
            "compose.yaml",
        ],
    );
    assert!(
        out.stderr.contains("applied 1 fix to 1 file"),
        "{}",
        out.stderr
    );
    // What is left is reported, and the healthcheck is not among it.
    assert!(!out.stdout.contains(RULE), "{}", out.stdout);
    assert!(out.stdout.contains("default-credential"), "{}", out.stdout);

    let after = std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap_or_default();
    let old = r#"["CMD", "wget", "--no-verbose", "--tries=1", "--spider", "http://localhost:9090/-/healthy", "||", "exit", "1"]"#;
    let new = r#"["CMD-SHELL", "wget --no-verbose --tries=1 --spider http://localhost:9090/-/healthy || exit 1"]"#;
    assert_eq!(after, text.replacen(old, new, 1));
    let again = run(
        dir.path(),
        &["check", "--format", "compact", "compose.yaml"],
    );
    assert!(!again.stdout.contains(RULE), "{}", again.stdout);
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["compose.yaml"]);
}

#[test]
fn fix_with_nothing_to_fix_exits_zero_and_prints_no_diff() {
    let dir = temp_with("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n");
    let out = run(dir.path(), &["check", "--fix", "compose.yaml"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "");
}

#[test]
fn write_without_fix_is_a_usage_error() {
    let dir = temp_with("compose.yaml", "services: {}\n");
    let out = run(dir.path(), &["check", "--write", "compose.yaml"]);
    assert_eq!(out.code, 2, "{out:?}");
}

#[test]
fn quiet_prints_findings_without_the_summary_and_nothing_when_clean() {
    let dir = temp_with(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n    image: httpd:2.4\n",
    );
    let loud = run(dir.path(), &["check", "compose.yaml"]);
    let quiet = run(dir.path(), &["check", "-q", "compose.yaml"]);
    assert_eq!(quiet.code, 1);
    assert!(loud.stdout.contains("1 error"), "{}", loud.stdout);
    assert!(quiet.stdout.contains("duplicate-key"), "{}", quiet.stdout);
    assert!(!quiet.stdout.contains("1 error"), "{}", quiet.stdout);

    let clean = temp_with("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n");
    let out = run(clean.path(), &["check", "--quiet", "compose.yaml"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{out:?}");
}

fn run_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut command = command(dir, args);
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input).unwrap_or_else(|e| panic!("{e}"));
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn a_compose_file_on_stdin_is_linted_with_the_current_directory_as_project_directory() {
    let dir = temp_with(".env", "TAG=1.27\n");
    let input =
        b"services:\n  web:\n    image: nginx:${TAG}\n    healtcheck: {}\n    env_file: web.env\n";
    let out = run_with_stdin(
        dir.path(),
        &["check", "-f", "-", "--format", "compact"],
        input,
    );
    assert_eq!(out.code, 1, "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines.contains(&"-:4:5: error[unknown-key]: unknown key `healtcheck` in service `web`; did you mean `healthcheck`?"),
        "{}",
        out.stdout
    );
    // `.env` of the current directory was read: no unset variable.
    assert!(!out.stdout.contains("variable-unset"), "{}", out.stdout);
    // `web.env` is looked for in the current directory.
    assert!(out.stdout.contains("env-file-missing"), "{}", out.stdout);

    let binary = run_with_stdin(
        dir.path(),
        &["check", "-f", "-", "--format", "compact"],
        b"\x00\xff\xfe",
    );
    assert_eq!(binary.code, 1, "{binary:?}");
    assert!(binary.stdout.contains("invalid UTF-8"), "{}", binary.stdout);

    let config = run_with_stdin(dir.path(), &["config", "-f", "-"], input);
    assert!(config.stdout.contains("image: nginx:1.27"), "{config:?}");
}

#[test]
fn rules_lists_every_rule_with_its_fix_column() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = run_with_env(dir.path(), &["rules"], &[("COLUMNS", "140")]);
    assert_eq!(out.code, 0);
    let row = out
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("obsolete-version "))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(&cells[..3], ["obsolete-version", "info", "*"]);
    for rule in compose_lint::RULES {
        let name = rule.meta().name;
        assert!(
            out.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{name} "))),
            "{name} missing"
        );
    }
    let narrow = run_with_env(dir.path(), &["rules"], &[("COLUMNS", "60")]);
    assert!(
        narrow
            .stdout
            .lines()
            .all(|l| l.chars().count() <= 60 || !l.trim().contains(' ')),
        "{}",
        narrow.stdout
    );

    let json = run(
        dir.path(),
        &["rules", "--format", "json", "--family", "schema"],
    );
    assert_eq!(json.code, 0, "{json:?}");
    let listed: serde_json::Value =
        serde_json::from_str(&json.stdout).unwrap_or_else(|e| panic!("{e}: {}", json.stdout));
    let listed = listed.as_array().cloned().unwrap_or_default();
    assert!(
        listed
            .iter()
            .any(|r| r["name"] == "obsolete-version" && r["fixable"] == true)
    );
    assert!(listed.iter().all(|r| r["family"] == "schema"));

    let wrong = run(dir.path(), &["rules", "--family", "securty"]);
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("did you mean `security`?"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn rule_prints_the_documentation_offline_and_suggests_a_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = run(dir.path(), &["rule", RULE]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.starts_with(&format!("{RULE} (healthcheck, ")),
        "{}",
        out.stdout
    );
    for part in [
        "What it does\n",
        "    services:\n",
        "Documentation: https://",
    ] {
        assert!(out.stdout.contains(part), "no {part:?} in {}", out.stdout);
    }
    for raw in ["<!--", "## ", "```"] {
        assert!(!out.stdout.contains(raw), "{raw:?} in {}", out.stdout);
    }

    let out = run(
        dir.path(),
        &["rule", "healthcheck-shel-syntax-in-exec-form"],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains(&format!("did you mean `{RULE}`?")),
        "{}",
        out.stderr
    );
}

#[test]
fn command_line_selection_statistics_and_timings() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = "version: \"3\"\nservices:\n  web:\n    image: a:1\n    image: b:1\n";
    std::fs::write(dir.path().join("compose.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    let rules_of = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "compact", "compose.yaml"];
        all.extend_from_slice(args);
        let out = run(dir.path(), &all);
        out.stdout
            .lines()
            .filter_map(|l| l.split('[').nth(1)?.split(']').next().map(str::to_string))
            .collect()
    };
    assert_eq!(rules_of(&[]), ["obsolete-version", "duplicate-key"]);
    assert_eq!(rules_of(&["--select", "syntax"]), ["duplicate-key"]);
    assert_eq!(
        rules_of(&["--ignore", "duplicate-key"]),
        ["obsolete-version"]
    );
    assert_eq!(
        rules_of(&["--select", "syntax", "--extend-select", "obsolete-version"]),
        ["obsolete-version", "duplicate-key"]
    );
    let wrong = run(
        dir.path(),
        &["check", "--select", "duplicat-key", "compose.yaml"],
    );
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("did you mean `duplicate-key`?"),
        "{}",
        wrong.stderr
    );

    let stats = run(dir.path(), &["check", "--statistics", "compose.yaml"]);
    assert_eq!(stats.code, 1, "{stats:?}");
    assert_eq!(stats.stdout.lines().count(), 2, "{}", stats.stdout);
    assert!(
        stats.stdout.contains("1  obsolete-version  [*] "),
        "{}",
        stats.stdout
    );
    assert!(
        stats.stdout.contains("1  duplicate-key     [ ] "),
        "{}",
        stats.stdout
    );
    let timings = run(dir.path(), &["check", "--timings", "compose.yaml"]);
    assert!(
        timings
            .stderr
            .starts_with("checked 1 file in 1 project in "),
        "{}",
        timings.stderr
    );
}

#[test]
fn a_usage_error_prints_no_success_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = run(dir.path(), &["check", "missing.yaml"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(!out.stdout.contains("no problems found"), "{}", out.stdout);
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
}

#[test]
fn a_baseline_accepts_the_findings_it_holds_and_survives_moved_lines() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("compose.yaml");
    let text = "services:\n  web:\n    image: a:1\n    image: b:1\n";
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    let write = run(dir.path(), &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(write.code, 0, "{write:?}");
    assert!(write.stderr.contains("with 1 finding"), "{}", write.stderr);
    let again = run(dir.path(), &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(again.code, 2, "an existing baseline is kept: {again:?}");
    assert!(again.stderr.contains("--force"), "{}", again.stderr);

    let clean = run(dir.path(), &["check", "--baseline", "baseline.json"]);
    assert_eq!(clean.code, 0, "{clean:?}");
    assert!(
        clean.stdout.contains("(1 in the baseline)"),
        "{}",
        clean.stdout
    );

    // Lines added above move the finding; a new finding is reported.
    let moved = format!("name: demo\n{text}  api:\n    image: c:1\n    image: d:1\n");
    std::fs::write(&file, moved).unwrap_or_else(|e| panic!("{e}"));
    let new = run(
        dir.path(),
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "compact",
        ],
    );
    assert_eq!(new.code, 1, "{new:?}");
    assert_eq!(new.stdout.lines().count(), 1, "{}", new.stdout);
    assert!(
        new.stdout.starts_with("compose.yaml:8:5:"),
        "{}",
        new.stdout
    );

    // `--fix --write` keeps the errors of the search: a missing path is
    // exit 2 still.
    let missing = run(
        dir.path(),
        &[
            "check",
            "--fix",
            "--write",
            "compose.yaml",
            "missing-dir/compose.yaml",
        ],
    );
    assert_eq!(missing.code, 2, "{missing:?}");

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{").unwrap_or_else(|e| panic!("{e}"));
    let bad = run(dir.path(), &["check", "--baseline", "broken.json"]);
    assert_eq!(bad.code, 2, "{bad:?}");
}

#[test]
fn init_writes_a_starter_configuration_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = run(dir.path(), &["init"]);
    assert_eq!(out.code, 0, "{out:?}");
    let written = std::fs::read_to_string(dir.path().join("compose-lint.toml")).unwrap_or_default();
    assert_eq!(written, compose_lint::starter());
    std::fs::write(dir.path().join("compose-lint.toml"), "# mine\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let again = run(dir.path(), &["init"]);
    assert_eq!(again.code, 2, "{again:?}");
    let kept = std::fs::read_to_string(dir.path().join("compose-lint.toml")).unwrap_or_default();
    assert_eq!(kept, "# mine\n");
    let forced = run(dir.path(), &["init", "--force"]);
    assert_eq!(forced.code, 0, "{forced:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::remove_file(dir.path().join("compose-lint.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(run(dir.path(), &["init"]).code, 0);
        let mode = std::fs::metadata(dir.path().join("compose-lint.toml"))
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o644, "a new file is readable by others");
    }
    #[cfg(unix)]
    {
        std::fs::remove_file(dir.path().join("compose-lint.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink("/tmp/elsewhere.toml", dir.path().join("compose-lint.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let link = run(dir.path(), &["init", "--force"]);
        assert_eq!(link.code, 2, "never through a link: {link:?}");
    }
}

#[test]
fn completions_and_the_manual_page() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(dir.path(), &["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {out:?}");
        assert!(out.stdout.contains("compose-lint"), "{shell}");
        assert!(out.stdout.contains("baseline"), "{shell}");
    }
    let man = run(dir.path(), &["man"]);
    assert_eq!(man.code, 0, "{man:?}");
    assert!(
        man.stdout.starts_with(".ie"),
        "{}",
        &man.stdout[..man.stdout.len().min(200)]
    );
    assert!(man.stdout.contains("compose\\-lint"), "{}", man.stdout);
}

fn repository_file(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The one document of a YAML file of the repository, as JSON.
fn yaml_document(path: &str) -> serde_json::Value {
    let parsed = compose_lint::yaml::parse(&repository_file(path));
    assert!(parsed.is_clean(), "{path}: {:?}", parsed.problems);
    parsed
        .documents
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{path} is empty"))
        .value()
        .clone()
}

#[test]
fn the_pre_commit_hook_runs_an_executable_script_on_compose_and_monitoring_files() {
    let hooks = yaml_document(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "compose-lint");
    assert_eq!(hook["language"], "script");
    let entry = hook["entry"].as_str().unwrap_or_default();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(entry);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&script)
            .unwrap_or_else(|e| panic!("{}: {e}", script.display()))
            .permissions()
            .mode();
        assert_ne!(mode & 0o111, 0, "{} is not executable", script.display());
    }
    assert!(repository_file(entry).contains("compose-lint-cli"));
    let files = regex::Regex::new(hook["files"].as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    for name in [
        "compose.yaml",
        "docker-compose.yml",
        "deploy/docker-compose.prod.yaml",
        "compose.override.yml",
        ".env",
        "monitoring/prometheus.yml",
        "monitoring/rules/alert_rules.yml",
        "alloy/config.alloy",
    ] {
        assert!(files.is_match(name), "{name} does not run the hook");
    }
    for name in ["README.md", "src/main.rs"] {
        assert!(!files.is_match(name), "{name} runs the hook");
    }
    let docker = &hooks[1];
    assert_eq!(docker["id"], "compose-lint-docker");
    assert_eq!(docker["language"], "docker_image");
    assert_eq!(docker["files"], hook["files"]);
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        docker["entry"],
        format!("ghcr.io/compose-lint/compose-lint:{version} check")
    );
    assert!(repository_file(entry).contains("building"));
}

#[test]
fn the_action_installs_from_this_repository_and_reports_in_both_formats() {
    let action = yaml_document("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let scripts: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(scripts.contains("--path \"$GITHUB_ACTION_PATH/compose-lint-cli\""));
    // The release binary first, checked against its SHA-256.
    assert!(scripts.contains("releases/download/v$version/$archive"));
    assert!(
        scripts.contains("$url.sha256") && scripts.contains("does not match its published SHA-256")
    );
    // Third-party actions are pinned by commit.
    for step in &steps {
        if let Some(uses) = step["uses"].as_str() {
            let commit = uses.rsplit('@').next().unwrap_or_default();
            assert!(
                commit.len() == 40 && commit.chars().all(|c| c.is_ascii_hexdigit()),
                "{uses} is not pinned by commit"
            );
        }
    }
    assert!(scripts.contains("--format sarif") && scripts.contains("--format github"));
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
    }));
    for input in ["paths", "args", "sarif", "sarif-file"] {
        assert!(
            action["inputs"][input]["description"].is_string(),
            "{input}"
        );
    }
}

/// The seed's Prometheus service with its healthcheck, and nothing else to
/// report: after `--fix --write` the project is clean.
const SEED_PROMETHEUS: &str = r#"# The seed's Prometheus service, as its stack wrote it.
services:
  prometheus:
    image: prom/prometheus:v3.5.0
    volumes:
      - prometheus_data:/prometheus
    healthcheck:
      test: ["CMD", "wget", "--no-verbose", "--tries=1", "--spider", "http://localhost:9090/-/healthy", "||", "exit", "1"]
      interval: 15s
      timeout: 5s
      retries: 5
volumes:
  prometheus_data:
"#;

#[test]
fn the_fixed_seed_healthcheck_is_reported_clean() {
    let dir = temp_with("compose.yaml", SEED_PROMETHEUS);
    let before = run(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(before.code, 1, "{before:?}");
    assert_eq!(before.stdout.lines().count(), 1, "{}", before.stdout);
    assert!(before.stdout.contains(RULE), "{}", before.stdout);

    let fixed = run(dir.path(), &["check", "--fix", "--write"]);
    assert_eq!(fixed.code, 0, "{fixed:?}");
    let after = run(dir.path(), &["check", "--format", "compact"]);
    assert_eq!((after.code, after.stdout.as_str()), (0, ""), "{after:?}");
    let text = std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap_or_default();
    assert_eq!(
        text,
        SEED_PROMETHEUS.replacen(
            r#"["CMD", "wget", "--no-verbose", "--tries=1", "--spider", "http://localhost:9090/-/healthy", "||", "exit", "1"]"#,
            r#"["CMD-SHELL", "wget --no-verbose --tries=1 --spider http://localhost:9090/-/healthy || exit 1"]"#,
            1
        )
    );
}

#[test]
fn the_human_summary_counts_suppressed_findings() {
    let dir = temp_with(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n    privileged: true  # compose-lint: ignore[privileged-container] needs raw sockets\n",
    );
    let out = run(dir.path(), &["check", "compose.yaml"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "no problems found in 1 file (1 suppressed)\n");
}

#[test]
fn unsafe_fixes_are_applied_only_when_asked() {
    // The `*` would be expanded by the shell: the fix is unsafe.
    let text = "services:\n  app:\n    image: alpine:3.20\n    healthcheck:\n      test: [\"CMD\", \"ls\", \"/tmp/*.ready\", \"||\", \"exit\", \"1\"]\n";
    let dir = temp_with("compose.yaml", text);
    let safe_only = run(dir.path(), &["check", "--fix", "compose.yaml"]);
    assert_eq!(
        (safe_only.code, safe_only.stdout.as_str()),
        (0, ""),
        "{safe_only:?}"
    );
    let all = run(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "compose.yaml"],
    );
    assert_eq!(all.code, 1, "{all:?}");
    assert!(
        all.stdout
            .contains("+      test: [\"CMD-SHELL\", \"ls /tmp/*.ready || exit 1\"]"),
        "{}",
        all.stdout
    );
    let usage = run(dir.path(), &["check", "--unsafe-fixes", "compose.yaml"]);
    assert_eq!(usage.code, 2, "{usage:?}");
    let diff = run(
        dir.path(),
        &["check", "--diff", "--unsafe-fixes", "compose.yaml"],
    );
    assert_eq!(diff.stdout, all.stdout, "`--diff` previews as `--fix` does");
}

/// `SEED_PROMETHEUS` as `--fix --write` leaves it.
#[cfg(unix)]
fn seed_prometheus_fixed() -> String {
    SEED_PROMETHEUS.replacen(
        r#"["CMD", "wget", "--no-verbose", "--tries=1", "--spider", "http://localhost:9090/-/healthy", "||", "exit", "1"]"#,
        r#"["CMD-SHELL", "wget --no-verbose --tries=1 --spider http://localhost:9090/-/healthy || exit 1"]"#,
        1,
    )
}

#[cfg(unix)]
fn sorted_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Links planted beside the compose file, at names a temporary file might
/// have (the fixed-pattern name earlier versions used among them), are not
/// followed: the file outside the project they point to keeps its text.
#[cfg(unix)]
#[test]
fn fix_write_follows_no_link_planted_beside_the_file() {
    let dir = temp_with("compose.yaml", SEED_PROMETHEUS);
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "precious\n").unwrap_or_else(|e| panic!("{e}"));
    let mut planted: Vec<String> = [
        ".compose.yaml.tmp",
        "compose.yaml.tmp",
        ".compose.yaml.swp",
        "compose.yaml~",
        ".compose-lint-.tmp",
        ".tmp",
    ]
    .map(String::from)
    .to_vec();
    let pid = std::process::id();
    planted.extend((1..=32).map(|k| format!(".compose.yaml.compose-lint-{}.tmp", pid + k)));
    for name in &planted {
        std::os::unix::fs::symlink(&victim, dir.path().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }

    let out = run(dir.path(), &["check", "--fix", "--write", "compose.yaml"]);
    assert_eq!(out.code, 0, "{out:?}");
    let text = std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap_or_default();
    assert_eq!(text, seed_prometheus_fixed());
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap_or_default(),
        "precious\n"
    );
    // The links are still links to the victim, and nothing else is left.
    for name in &planted {
        let link = std::fs::read_link(dir.path().join(name)).unwrap_or_default();
        assert_eq!(link, victim, "{name}");
    }
    let mut expected = planted.clone();
    expected.push("compose.yaml".to_string());
    expected.sort();
    assert_eq!(sorted_names(dir.path()), expected);
    assert_eq!(sorted_names(outside.path()), ["victim"]);
}

/// A compose file that is a symbolic link is not written through, nor
/// replaced by a regular file.
#[cfg(unix)]
#[test]
fn fix_write_refuses_a_compose_file_that_is_a_symbolic_link() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // The link leads to a file inside the project root (a link leading out
    // of it is not even read: `path-outside-root`).
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap_or_else(|e| panic!("{e}"));
    let target = shared.join("compose.yaml");
    std::fs::write(&target, SEED_PROMETHEUS).unwrap_or_else(|e| panic!("{e}"));
    let link = dir.path().join("compose.yaml");
    std::os::unix::fs::symlink(&target, &link).unwrap_or_else(|e| panic!("{e}"));

    let out = run(dir.path(), &["check", "--fix", "--write", "compose.yaml"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains(
            "cannot write the fix: compose.yaml is a symbolic link: compose-lint does not write through links; fix the file it points to"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_link(&link).unwrap_or_default(),
        target,
        "the link is kept"
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap_or_default(),
        SEED_PROMETHEUS
    );
    assert_eq!(sorted_names(dir.path()), ["compose.yaml", "shared"]);
    assert_eq!(sorted_names(&shared), ["compose.yaml"]);
}

/// A compose file with a second hard link is not written: a new file would
/// leave the other name with the old text.
#[cfg(unix)]
#[test]
fn fix_write_refuses_a_compose_file_with_another_hard_link() {
    let dir = temp_with("compose.yaml", SEED_PROMETHEUS);
    let other = dir.path().join("backup.yaml");
    std::fs::hard_link(dir.path().join("compose.yaml"), &other).unwrap_or_else(|e| panic!("{e}"));

    let out = run(dir.path(), &["check", "--fix", "--write", "compose.yaml"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains(
            "cannot write the fix: compose.yaml has 2 hard links: writing a new file would split them"
        ),
        "{}",
        out.stderr
    );
    for path in [dir.path().join("compose.yaml"), other] {
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            SEED_PROMETHEUS,
            "{}",
            path.display()
        );
    }
    use std::os::unix::fs::MetadataExt;
    let links = std::fs::metadata(dir.path().join("compose.yaml")).map(|m| m.nlink());
    assert_eq!(links.ok(), Some(2));
    assert_eq!(sorted_names(dir.path()), ["backup.yaml", "compose.yaml"]);
}

/// The fixed file keeps the original's mode, owner and group. Run as root,
/// the original is first given to another user and group so that keeping
/// them takes a change; otherwise they are the runner's own.
#[cfg(unix)]
#[test]
fn fix_write_keeps_the_mode_owner_and_group() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = temp_with("compose.yaml", SEED_PROMETHEUS);
    let path = dir.path().join("compose.yaml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640))
        .unwrap_or_else(|e| panic!("{e}"));
    let root = std::fs::metadata(&path)
        .map(|m| m.uid() == 0)
        .unwrap_or(false);
    if root {
        std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap_or_else(|e| panic!("{e}"));
    }
    let before = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{e}"));

    let out = run(dir.path(), &["check", "--fix", "--write", "compose.yaml"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        seed_prometheus_fixed()
    );
    let after = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(after.ino(), before.ino(), "a new file replaced the old one");
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    if root {
        assert_eq!((after.uid(), after.gid()), (65534, 65534));
    }
    assert_eq!(sorted_names(dir.path()), ["compose.yaml"]);
}

/// Copies the README's example stack into a temporary directory.
fn example_stack() -> tempfile::TempDir {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/examples/monitoring");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for file in ["compose.yaml", "prometheus.yml", "grafana/datasources.yaml"] {
        let to = dir.path().join(file);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::copy(source.join(file), &to).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    // A work tree of its own: the project root.
    std::fs::create_dir(dir.path().join(".git")).unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn the_example_stack_fixes_what_has_one_right_answer() {
    let dir = example_stack();
    let before = run(dir.path(), &["check", "--statistics"]);
    assert_eq!(before.code, 1, "{before:?}");
    for rule in [
        "obsolete-version",
        "healthcheck-tool-missing-in-image",
        "client-url-localhost",
        "scrape-target-port-not-listening",
    ] {
        assert!(
            before.stdout.contains(rule),
            "{rule} missing:\n{}",
            before.stdout
        );
    }
    let write = run(
        dir.path(),
        &["check", "--fix", "--write", "--format", "compact"],
    );
    assert_eq!(write.code, 1, "{write:?}");
    assert!(
        write.stderr.contains("applied 3 fixes to 3 files"),
        "{}",
        write.stderr
    );
    // What needs a person is left: the image has no `curl`.
    let rules: Vec<&str> = write
        .stdout
        .lines()
        .filter_map(|l| l.split('[').nth(1)?.split(']').next())
        .collect();
    assert_eq!(
        rules,
        ["healthcheck-tool-missing-in-image"],
        "{}",
        write.stdout
    );
    let read = |file: &str| std::fs::read_to_string(dir.path().join(file)).unwrap_or_default();
    assert!(read("grafana/datasources.yaml").contains("url: http://prometheus:9090\n"));
    assert!(read("prometheus.yml").contains("targets: [\"node-exporter:9100\"]"));
    assert!(!read("compose.yaml").contains("version:"));
}

#[test]
fn a_localhost_url_is_not_fixed_when_two_services_listen_on_its_port() {
    let dir = example_stack();
    let compose = std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap_or_default();
    let second = compose.replace(
        "  node-exporter:\n",
        "  prometheus-2:\n    image: prom/prometheus:v2.53.0\n\n  node-exporter:\n",
    );
    std::fs::write(dir.path().join("compose.yaml"), second).unwrap_or_else(|e| panic!("{e}"));
    let out = run(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_default();
    let localhost = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["rule"] == "client-url-localhost")
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(localhost.get("fix").is_none(), "{localhost}");
}

/// The README's first picture is what its first command prints.
#[test]
fn the_readme_shows_what_the_example_command_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap_or_default();
    let start = readme
        .find("```text\n")
        .unwrap_or_else(|| panic!("no text block in the README"))
        + "```text\n".len();
    let end = start + readme[start..].find("```\n").unwrap_or(0);
    let shown = &readme[start..end];
    let out = run(&root, &["check", "fixtures/examples/monitoring"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        shown, out.stdout,
        "the README's picture is not what `compose-lint check fixtures/examples/monitoring` prints; paste its output into the README"
    );
}

/// `--watch` lints again when a file it read changes, until stopped.
#[test]
fn watch_lints_again_when_a_file_it_read_changes() {
    use std::io::{BufRead, BufReader, Read};
    use std::sync::mpsc;
    use std::time::Duration;

    let dir = temp_with(
        "compose.yaml",
        "services:\n  web:\n    image: a:1\n    image: b:1\n",
    );
    let mut child = command(dir.path(), &["check", "--watch", "compose.yaml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let (runs, ran) = mpsc::channel();
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.starts_with("watching for changes") {
                let _ = runs.send(());
            }
        }
    });
    let mut stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let printed = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    // Generous bounds: this waits for file-system events, it times nothing.
    let wait = Duration::from_secs(60);
    ran.recv_timeout(wait)
        .unwrap_or_else(|e| panic!("no first run: {e}"));
    // Let the watcher settle, then change the file as an editor would: a
    // new file renamed over it.
    std::thread::sleep(Duration::from_millis(500));
    let fresh = dir.path().join(".compose.yaml.swp");
    std::fs::write(&fresh, "services:\n  web:\n    image: a:1\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(&fresh, dir.path().join("compose.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let second = ran.recv_timeout(wait);
    let _ = child.kill();
    let _ = child.wait();
    let stdout = printed.join().unwrap_or_default();
    assert!(second.is_ok(), "no second run:\n{stdout}");
    assert!(stdout.contains("1 error in 1 file (1 checked)"), "{stdout}");
    assert!(stdout.contains("no problems found in 1 file"), "{stdout}");
}

/// The pre-commit hook runs whenever a commit touches a file compose-lint
/// may read, whatever its name, and not for source code or prose.
#[test]
fn the_pre_commit_pattern_covers_every_file_the_linter_reads() {
    let hooks = repository_file(".pre-commit-hooks.yaml");
    let pattern = hooks
        .lines()
        .find_map(|line| line.trim().strip_prefix("files: &files "))
        .unwrap_or_else(|| panic!("no `files: &files` in .pre-commit-hooks.yaml"));
    let files = regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{e}"));
    for path in [
        "compose.yaml",
        "deploy/docker-compose.prod.yml",
        "monitoring/prometheus/prometheus.yml",
        "monitoring/prometheus/rules/node.rules.yml",
        "alertmanager/alertmanager.yml",
        "grafana/provisioning/datasources/datasources.yaml",
        "grafana/provisioning/datasources/ds.yml",
        "loki/local-config.yaml",
        "promtail/config.yml",
        "blackbox/blackbox.yml",
        "prometheus/targets/nodes.json",
        "alloy/config.alloy",
        "alertmanager/templates/slack.tmpl",
        ".env",
        ".env.production",
        "config/app.env",
        "Dockerfile",
        "services/api/Dockerfile.dev",
        "api.Dockerfile",
        "compose-lint.toml",
        ".compose-lint.toml",
    ] {
        assert!(files.is_match(path), "{path} does not trigger the hook");
    }
    for path in [
        "src/main.rs",
        "README.md",
        "scripts/deploy.sh",
        "docs/env.md",
    ] {
        assert!(!files.is_match(path), "{path} triggers the hook");
    }
}
