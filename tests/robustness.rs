//! Bad input never crashes the linter: whatever the bytes, the binary exits
//! 0, 1 or 2 without a panic, and says what it found, either as a diagnostic
//! with a position or as an error on stderr.
//!
//! No test here measures time: speed belongs to the benchmarks.

mod common;

use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::path::Path;
use std::process::Command;

use common::{Output, collect};
use serde_json::Value;
use tempfile::TempDir;

/// One diagnostic of the JSON output, reduced to what these tests check.
#[derive(Debug, PartialEq)]
struct Found {
    rule: String,
    line: u64,
    column: u64,
}

/// Runs the binary in `dir` and checks it ended the way a program should:
/// an exit code of 0, 1 or 2, and no panic.
fn run(dir: &Path, args: &[&str]) -> Output {
    let mut command = common::binary();
    command.args(args).current_dir(dir);
    let output = collect(command);
    let code = output.code;
    let stderr = &output.stderr;
    assert!(
        matches!(code, 0..=2),
        "{args:?} exited {code}\nstderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
    output
}

fn temp_dir() -> TempDir {
    tempfile::tempdir().expect("create a temporary directory")
}

fn write(dir: &Path, name: &str, contents: &[u8]) {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Lints `contents` as `compose.yaml` in every format (each must survive)
/// and returns the JSON report's diagnostics and the exit code.
fn lint(contents: impl AsRef<[u8]>, extra_args: &[&str]) -> (Vec<Found>, i32) {
    let dir = temp_dir();
    write(dir.path(), "compose.yaml", contents.as_ref());
    let args = |format: &'static str| {
        let mut args = vec!["check", "--format", format, "compose.yaml"];
        args.extend_from_slice(extra_args);
        args
    };
    let human = run(dir.path(), &args("human"));
    let compact = run(dir.path(), &args("compact"));
    let out = run(dir.path(), &args("json"));
    assert_eq!((human.code, compact.code), (out.code, out.code));
    (diagnostics(&out.stdout), out.code)
}

fn diagnostics(stdout: &str) -> Vec<Found> {
    let report: Value =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{stdout}"));
    let list = report["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no diagnostics array:\n{stdout}"));
    list.iter()
        .map(|d| Found {
            rule: d["rule"].as_str().unwrap_or_default().to_string(),
            line: d["location"]["line"].as_u64().unwrap_or_default(),
            column: d["location"]["column"].as_u64().unwrap_or_default(),
        })
        .collect()
}

/// Lints `contents` and expects exactly one diagnostic: `rule` at `line:column`.
fn assert_only(contents: impl AsRef<[u8]>, rule: &str, line: u64, column: u64) {
    let (found, code) = lint(contents, &[]);
    let expected = Found {
        rule: rule.to_string(),
        line,
        column,
    };
    assert_eq!((code, found), (1, vec![expected]));
}

fn assert_clean(contents: impl AsRef<[u8]>) {
    let (found, code) = lint(contents, &[]);
    assert_eq!((code, found), (0, Vec::new()));
}

#[test]
fn unterminated_quote_is_a_syntax_error_at_the_quote() {
    let text = "services:\n  web:\n    image: \"nginx\n";
    assert_only(text, "yaml-syntax-error", 3, 12);
}

#[test]
fn bad_indentation_is_a_syntax_error_on_its_line() {
    let text = "services:\n    web:\n      image: nginx:1.27\n  db: {}\n";
    assert_only(text, "yaml-syntax-error", 4, 3);
}

#[test]
fn mapping_inside_a_plain_value_is_a_syntax_error() {
    assert_only("a: b: c\n", "yaml-syntax-error", 1, 5);
}

#[test]
fn duplicate_key_is_reported_at_the_second_key() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    image: httpd:2.4\n";
    assert_only(text, "duplicate-key", 4, 5);
}

#[test]
fn alias_bomb_stops_at_the_expansion_limit() {
    // Nine levels of nine aliases each: 9^9 strings if fully expanded.
    let mut text = String::from("x-0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..9 {
        let items = vec![format!("*l{}", level - 1); 9].join(", ");
        let _ = writeln!(text, "x-{level}: &l{level} [{items}]");
    }
    text.push_str("services: {}\n");
    let (found, code) = lint(text, &[]);
    assert_eq!(code, 1, "{found:?}");
    assert!(
        found
            .iter()
            .any(|f| f.rule == "alias-expansion-limit" && f.line > 1),
        "{found:?}"
    );
}

#[test]
fn byte_order_mark_is_clean_and_does_not_shift_columns() {
    assert_clean("\u{feff}services:\n  web:\n    image: nginx:1.27\n");
    assert_only("\u{feff}{x-a: 1, x-a: 2}\n", "duplicate-key", 1, 10);
}

#[test]
fn tab_indentation_points_at_the_tab() {
    assert_only(b"services:\n\tweb:\n", "yaml-syntax-error", 2, 1);
}

#[test]
fn invalid_utf8_is_reported_at_the_bad_byte() {
    assert_only(
        b"services:\n  web:\n    image: ng\xffinx\n",
        "invalid-utf8",
        3,
        14,
    );
}

#[test]
fn binary_file_is_a_diagnostic() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let (found, code) = lint(&bytes, &[]);
    assert_eq!(code, 1, "{found:?}");
    assert!(
        found
            .iter()
            .any(|f| f.rule == "invalid-utf8" && f.line >= 1 && f.column >= 1),
        "{found:?}"
    );
}

#[test]
fn empty_file_is_an_empty_compose_file_at_the_start() {
    assert_only(b"", "empty-compose-file", 1, 1);
}

#[test]
fn large_file_with_anchors_and_merges_is_clean() {
    let mut text = String::from(
        "x-common: &common\n  restart: unless-stopped\n  logging:\n    driver: json-file\n    options:\n      max-size: \"10m\"\n  labels: &labels\n    team: platform\nservices:\n",
    );
    let mut service = 0;
    while text.len() < 5_000_000 {
        let _ = write!(
            text,
            "  svc-{service}:\n    <<: *common\n    image: \"registry.example.com/svc-{service}:1.{service}\"\n    labels: *labels\n    environment:\n      SERVICE: svc-{service}\n      PORT: \"{}\"\n    ports:\n      - \"{}:80\"\n",
            8000 + service % 1000,
            10000 + service % 50000,
        );
        service += 1;
    }
    assert_clean(text.as_bytes());
}

#[test]
fn file_over_the_size_limit_is_refused_by_name() {
    let dir = temp_dir();
    write(
        dir.path(),
        "big.yaml",
        "services: {}\n".repeat(20).as_bytes(),
    );
    let out = run(
        dir.path(),
        &[
            "check",
            "--max-file-size",
            "100",
            "--format",
            "json",
            "big.yaml",
        ],
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("error: big.yaml:"), "{}", out.stderr);
    assert!(
        out.stderr.contains("over the limit of 100 bytes"),
        "{}",
        out.stderr
    );
    assert_eq!(diagnostics(&out.stdout), Vec::new());
}

/// Lints `contents` and expects one syntax error, somewhere in `lines`.
fn assert_one_syntax_error(contents: &str, extra_args: &[&str], lines: RangeInclusive<u64>) {
    let (found, code) = lint(contents, extra_args);
    assert_eq!(code, 1, "{found:?}");
    let [diagnostic] = found.as_slice() else {
        panic!("expected one diagnostic: {found:?}");
    };
    assert_eq!(diagnostic.rule, "yaml-syntax-error");
    assert!(lines.contains(&diagnostic.line), "{diagnostic:?}");
}

#[test]
fn deeply_nested_flow_sequences_are_a_syntax_error() {
    let depth = 200_000;
    let text = format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    assert_one_syntax_error(&text, &[], 1..=1);
}

#[test]
fn deeply_nested_block_mappings_are_a_syntax_error() {
    let levels = 5000;
    let mut text = String::new();
    for level in 0..levels {
        let _ = writeln!(text, "{:indent$}k:", "", indent = 2 * level);
    }
    // 25 MB: over the default size limit, so raise it.
    let raised = ["--max-file-size", "100000000"];
    assert_one_syntax_error(&text, &raised, 2..=levels as u64);
}

#[test]
fn recursive_alias_is_a_syntax_error() {
    assert_only(b"a: &a [*a]\n", "yaml-syntax-error", 1, 8);
}

#[test]
fn crlf_line_endings_are_clean_and_keep_lines() {
    assert_clean(b"services:\r\n  web:\r\n    image: nginx:1.27\r\n");
    assert_only(
        b"services:\r\n  web:\r\n    image: a:1\r\n    image: b:2\r\n",
        "duplicate-key",
        4,
        5,
    );
}

#[test]
fn missing_file_exits_two() {
    let dir = temp_dir();
    let out = run(dir.path(), &["check", "--format", "json", "missing.yaml"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("missing.yaml: no such file"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn dev_null_is_not_a_regular_file() {
    let dir = temp_dir();
    let out = run(dir.path(), &["check", "/dev/null"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("/dev/null: not a regular file"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
#[expect(clippy::print_stderr, reason = "tell why the test is skipped")]
fn fifo_is_not_a_regular_file_and_is_never_opened() {
    let dir = temp_dir();
    let fifo = dir.path().join("compose.yaml");
    match Command::new("mkfifo").arg(&fifo).status() {
        Ok(status) if status.success() => {}
        other => {
            eprintln!("skipped: mkfifo is not available ({other:?})");
            return;
        }
    }
    // Should the linter open the FIFO to read it, this writer lets the open
    // return and then closes: the run ends (with the wrong result) instead
    // of blocking forever. Opening for reading and writing at the end never
    // blocks on Linux and releases the writer when the linter left it alone.
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        drop(std::fs::OpenOptions::new().write(true).open(writer_path));
    });
    let out = run(dir.path(), &["check", "compose.yaml"]);
    drop(
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&fifo),
    );
    writer.join().expect("the writer thread ends");
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("compose.yaml: not a regular file"),
        "{}",
        out.stderr
    );
}

/// A directory made unreadable (mode 000) until this is dropped, so that the
/// temporary directory can be deleted even when an assertion fails.
#[cfg(unix)]
struct Locked(std::path::PathBuf);

#[cfg(unix)]
impl Locked {
    fn new(path: std::path::PathBuf) -> Self {
        Self::set_mode(&path, 0o000);
        Self(path)
    }

    fn set_mode(path: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            .unwrap_or_else(|e| panic!("chmod {mode:o} {}: {e}", path.display()));
    }
}

#[cfg(unix)]
impl Drop for Locked {
    fn drop(&mut self) {
        Self::set_mode(&self.0, 0o755);
    }
}

#[cfg(unix)]
#[test]
#[expect(clippy::print_stderr, reason = "tell why the assertion is skipped")]
fn unreadable_directory_is_an_error_and_other_projects_are_still_linted() {
    let dir = temp_dir();
    let locked = dir.path().join("locked");
    std::fs::create_dir_all(locked.join("sub")).expect("create locked/sub");
    write(&locked, "compose.yaml", b"services: {}\n");
    let open = dir.path().join("open");
    std::fs::create_dir(&open).expect("create open");
    write(&open, "compose.yaml", b"a: 1\na: 2\n");
    let locked = Locked::new(locked);
    if std::fs::read_dir(&locked.0).is_ok() {
        eprintln!("skipped: a chmod 000 directory is still readable (running as root?)");
        return;
    }
    let out = run(dir.path(), &["check", "--format", "compact", "."]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("error: ./locked") && out.stderr.contains("ermission denied"),
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stdout,
        "./open/compose.yaml:2:1: error[duplicate-key]: key `a` is defined twice in the same mapping\n"
    );
}

/// The files a compose project's services mount (target files, Promtail,
/// Alloy and Grafana provisioning) get the same care as compose files:
/// binary, truncated or unreadable content is a diagnostic with a position
/// in that file, never a crash, and the rest of the project is still linted.
#[test]
fn broken_mounted_configs_are_diagnostics_in_their_own_files() {
    let dir = temp_dir();
    for sub in ["targets", "alloy", "promtail", "prov/datasources"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap_or_else(|e| panic!("{e}"));
    }
    write(
        dir.path(),
        "compose.yaml",
        br#"services:
  prometheus:
    image: prom/prometheus:v3.5.0
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
      - ./targets:/etc/prometheus/targets:ro
  alloy:
    image: grafana/alloy:v1.9.0
    command: run /etc/alloy/config.alloy
    volumes:
      - ./alloy/config.alloy:/etc/alloy/config.alloy:ro
  promtail:
    image: grafana/promtail:3.5.0
    volumes:
      - ./promtail/config.yml:/etc/promtail/config.yml:ro
  grafana:
    image: grafana/grafana:11.1.0
    volumes:
      - ./prov:/etc/grafana/provisioning:ro
"#,
    );
    write(
        dir.path(),
        "prometheus.yml",
        b"scrape_configs:\n  - job_name: sd\n    file_sd_configs:\n      - files: [/etc/prometheus/targets/*.json]\n",
    );
    write(dir.path(), "targets/binary.json", b"\x00\x01\xff binary");
    write(
        dir.path(),
        "targets/truncated.json",
        br#"[{"targets": ["api:80""#,
    );
    write(
        dir.path(),
        "alloy/config.alloy",
        b"loki.write \"x\" { endpoint { url = \"http://\xff /* unterminated",
    );
    write(dir.path(), "promtail/config.yml", b"\xff\xfe");
    write(dir.path(), "prov/datasources/ds.yml", b"- a\n- [b\n");
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.code, 1, "{out:?}");
    let report: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let mut found: Vec<(String, String, u64)> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["location"]["path"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["location"]["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    found.sort();
    let expected: Vec<(String, String, u64)> = [
        ("alloy/config.alloy", "invalid-utf8", 1),
        ("promtail/config.yml", "invalid-utf8", 1),
        ("prov/datasources/ds.yml", "yaml-syntax-error", 2),
        ("targets/binary.json", "invalid-utf8", 1),
        ("targets/truncated.json", "yaml-syntax-error", 1),
    ]
    .into_iter()
    .map(|(path, rule, line)| (path.to_string(), rule.to_string(), line))
    .collect();
    assert_eq!(found, expected, "{}", out.stdout);
}

/// Every service takes the volumes of every service before it: a view
/// follows each service once, so this ends, and the rule file the first
/// service mounts is still found by the last one, which runs Prometheus.
#[test]
fn volumes_from_fanning_in_is_followed_once_per_service() {
    let dir = temp_dir();
    let mut text = String::from(
        "services:\n  s0:\n    image: busybox:1.37\n    volumes:\n      - ./prometheus:/etc/prometheus:ro\n",
    );
    let count = 60;
    for i in 1..count {
        let before: Vec<String> = (0..i).map(|j| format!("s{j}")).collect();
        let _ = write!(
            text,
            "  s{i}:\n    image: busybox:1.37\n    volumes_from: [{}]\n",
            before.join(", ")
        );
    }
    let before: Vec<String> = (0..count).map(|j| format!("s{j}")).collect();
    let _ = write!(
        text,
        "  prometheus:\n    image: prom/prometheus:v3.5.0\n    volumes_from: [{}]\n",
        before.join(", ")
    );
    write(dir.path(), "compose.yaml", text.as_bytes());
    std::fs::create_dir_all(dir.path().join("prometheus")).unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "prometheus/prometheus.yml",
        b"rule_files:\n  - alerts.yml\n",
    );
    write(
        dir.path(),
        "prometheus/alerts.yml",
        b"groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: sum(rate(x[5m])\n",
    );
    let out = run(dir.path(), &["check", "--format", "json", "compose.yaml"]);
    let found = diagnostics(&out.stdout);
    assert_eq!(
        found,
        [Found {
            rule: "promql-syntax-error".to_string(),
            line: 5,
            column: 15,
        }],
        "{}",
        out.stdout
    );
}

/// A heredoc of 50,000 lines in an entrypoint: read, mapped back to the
/// compose file, and clean.
#[test]
fn a_long_entrypoint_heredoc_is_read_whole() {
    let mut text = String::from(
        "services:\n  grafana:\n    image: grafana/grafana:12.1.0\n    entrypoint:\n      - sh\n      - -c\n      - |\n        cat <<'EOF' > /etc/grafana/provisioning/datasources/ds.yaml\n        apiVersion: 1\n        datasources:\n",
    );
    for i in 0..50_000 {
        let _ = writeln!(text, "          # datasource {i}");
    }
    text.push_str("        EOF\n        exec /run.sh\n");
    assert_clean(text.as_bytes());
}

/// The rules found in a JSON report, in order.
fn rules_of(found: &[Found]) -> Vec<&str> {
    found.iter().map(|f| f.rule.as_str()).collect()
}

/// `count` services `s0`, `s1`, … in one file, each naming the next under
/// `key` (`depends_on` as a list, `extends` as a name); the last names none.
fn chain(count: usize, key: &str) -> String {
    let mut text = String::from("services:\n");
    for i in 0..count {
        let _ = write!(text, "  s{i}:\n    image: busybox:1.37\n");
        if i + 1 < count {
            let next = format!("s{}", i + 1);
            let value = if key == "depends_on" {
                format!("[{next}]")
            } else {
                next
            };
            let _ = writeln!(text, "    {key}: {value}");
        }
    }
    text
}

/// 30,000 services in one file, each depending on the next: the startup
/// graph is searched for cycles without recursion, here in a directory
/// search, whose projects are linted on worker threads with smaller stacks.
#[test]
fn a_long_depends_on_chain_is_followed_without_recursion() {
    let dir = temp_dir();
    let count = 30_000;
    let text = chain(count, "depends_on");
    write(dir.path(), "compose.yaml", text.as_bytes());
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    assert!(matches!(out.code, 0 | 1), "{}", out.stderr);
    assert!(
        !rules_of(&diagnostics(&out.stdout)).contains(&"dependency-cycle"),
        "{}",
        out.stdout
    );
}

/// 3,000 services in one file, each extending the next: resolved once
/// each, and the chain is reported once, where it passes the limit.
#[test]
fn a_deep_extends_chain_stops_at_the_limit() {
    let dir = temp_dir();
    let count = 3_000;
    let text = chain(count, "extends");
    write(dir.path(), "compose.yaml", text.as_bytes());
    let out = run(dir.path(), &["check", "--format", "json", "compose.yaml"]);
    assert!(matches!(out.code, 0 | 1), "{}", out.stderr);
    let found = diagnostics(&out.stdout);
    // The 65th service from the bottom of the chain, `s2935`, is written
    // at line 2 + 3 × 2935; its `extends` is two lines below.
    assert_eq!(
        found
            .iter()
            .filter(|f| f.rule == "chain-too-deep")
            .map(|f| f.line)
            .collect::<Vec<_>>(),
        [2 + 3 * 2935 + 2],
        "{}",
        out.stdout
    );
}

/// 3,000 services in one file extending each other in one cycle: reported
/// once, as a cycle, and not walked again from each of its services.
#[test]
fn a_long_extends_cycle_is_reported_once() {
    let dir = temp_dir();
    let count = 3_000;
    let mut text = String::from("services:\n");
    for i in 0..count {
        let _ = writeln!(
            text,
            "  s{i}:\n    image: busybox:1.37\n    extends: s{}",
            (i + 1) % count
        );
    }
    write(dir.path(), "compose.yaml", text.as_bytes());
    let out = run(dir.path(), &["check", "--format", "json", "compose.yaml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let found = diagnostics(&out.stdout);
    // The last service's `extends` closes the cycle that starts at `s0`.
    assert_eq!(
        found
            .iter()
            .filter(|f| f.rule.starts_with("extends-") || f.rule == "chain-too-deep")
            .map(|f| (f.rule.as_str(), f.line))
            .collect::<Vec<_>>(),
        [("extends-cycle", 1 + 3 * count)],
        "{}",
        out.stdout
    );
}

/// 1,000 files, each including the next: loaded as far as the limit, and
/// the entry that passes it is reported.
#[test]
fn a_deep_include_chain_stops_at_the_limit() {
    let dir = temp_dir();
    let count = 1_000;
    for i in 0..count {
        let name = if i == 0 {
            "compose.yaml".to_string()
        } else {
            format!("part-{i}.yaml")
        };
        let mut text = String::new();
        if i + 1 < count {
            let _ = write!(text, "include:\n  - part-{}.yaml\n", i + 1);
        }
        let _ = write!(text, "services:\n  s{i}:\n    image: busybox:1.37\n");
        write(dir.path(), &name, text.as_bytes());
    }
    let out = run(dir.path(), &["check", "--format", "json", "compose.yaml"]);
    assert!(matches!(out.code, 0 | 1), "{}", out.stderr);
    let found = diagnostics(&out.stdout);
    assert_eq!(
        found
            .iter()
            .filter(|f| f.rule == "chain-too-deep")
            .map(|f| f.line)
            .collect::<Vec<_>>(),
        [2],
        "{}",
        out.stdout
    );
}

/// A line of a megabyte is shown in part around the finding, with the
/// file's own line and column, not reprinted whole for each finding.
#[test]
fn a_long_line_is_shown_in_part() {
    let long = "A".repeat(1_000_000);
    let text = format!(
        "services:\n  app:\n    image: nginx:1.27\n    labels:\n      long: \"{long}\"\n    bogus: 1\n    environment: {{A: \"{long}\", bogus2: [1]}}\n"
    );
    let dir = temp_dir();
    write(dir.path(), "compose.yaml", text.as_bytes());
    let out = run(dir.path(), &["check", "compose.yaml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.len() < 10_000, "{} bytes", out.stdout.len());
    // `[` of `bogus2: [1]` is character 1,000,034 of line 7.
    assert!(
        out.stdout.contains("--> compose.yaml:7:1000034\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("--> compose.yaml:6:5\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("...AAAA"), "{}", out.stdout);
    assert!(out.stdout.contains("bogus2: [1]}"), "{}", out.stdout);
    // The other formats name positions, never the text.
    let (found, _) = lint(&text, &[]);
    assert!(
        found.iter().any(|f| f.line == 7 && f.column == 1_000_034),
        "{found:?}"
    );
}

/// Thousands of `${` never closed on one line are one problem (each later
/// one is inside the first), and a text of thousands of such lines is read
/// once: every line says it once. The input is a `.env` file, whose values
/// are interpolated one by one.
#[test]
fn unclosed_expressions_are_reported_once_per_line() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join(".git")).unwrap_or_else(|e| panic!("{e}"));
    let mut env = format!("A={}\n", "${A:-".repeat(20_000));
    for i in 0..2_000 {
        env.push_str(&format!("X{i}=${{B{i}\n"));
    }
    write(dir.path(), ".env", env.as_bytes());
    write(
        dir.path(),
        "compose.yaml",
        b"services:\n  app:\n    image: nginx:1.27\n",
    );
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    let found = diagnostics(&out.stdout);
    let invalid: Vec<&Found> = found
        .iter()
        .filter(|f| f.rule == "invalid-interpolation")
        .collect();
    assert_eq!(invalid.len(), 2_001, "{}", out.stdout.len());
    assert_eq!((invalid[0].line, invalid[0].column), (1, 3));
    assert_eq!(invalid[2_000].line, 2_001);
}
