//! Rule fixtures: `fixtures/rules/<rule-name>/`.
//!
//! Every line a diagnostic must point at carries a trailing comment
//! `# expect: rule-name` (several rules separated by commas; `rule-name:COL`
//! also pins the 1-based column). Where the flagged line cannot hold a comment
//! (inside an unterminated quote, say), a line of its own
//! `# expect-next-line: rule-name` puts the expectation on the line below.
//! Every other line must stay clean, under every rule; files named `ok*` must
//! produce nothing at all. A directory inside a rule's folder is a
//! multi-file case, searched for projects like `compose-lint check DIR`;
//! one holding `prometheus.yml` and no compose file is linted like
//! `compose-lint check DIR/prometheus.yml`.

mod expectations;

use std::fmt::Write;
use std::path::{Path, PathBuf};

use compose_lint::{Config, Linter, ProjectSpec, RULES};
use expectations::{Actual, Expectations, parse_expectations, walk};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/rules")
}

fn case_files(case: &Path) -> Vec<PathBuf> {
    if case.is_file() {
        return vec![case.to_path_buf()];
    }
    let mut files: Vec<PathBuf> = walk(case).into_iter().filter(|p| p.is_file()).collect();
    files.sort();
    files
}

fn lint_case(case: &Path) -> Vec<Actual> {
    lint_diagnostics(case).iter().map(Actual::from).collect()
}

/// Every diagnostic of a case, as `compose-lint check` reports them.
fn lint_diagnostics(case: &Path) -> Vec<compose_lint::Diagnostic> {
    // The rule a fixture is about runs even when it is opt-in.
    let rule = case
        .parent()
        .and_then(Path::file_name)
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let config = Config::default();
    let config = config.clone().enable(rule).unwrap_or(config);
    let linter = Linter::new(config);
    let prometheus = case.join("prometheus.yml");
    let specs = if prometheus.is_file() && compose_lint::discover(case).projects.is_empty() {
        vec![ProjectSpec::from_files([prometheus])]
    } else if case.is_dir() {
        compose_lint::discover(case).projects
    } else {
        vec![ProjectSpec::from_files([case.to_path_buf()])]
    };
    let mut diagnostics = Vec::new();
    // Fixtures see only the variables of their own `.env` files.
    let specs: Vec<ProjectSpec> = specs
        .into_iter()
        .map(|s| s.with_environment(Default::default()))
        .collect();
    // As `compose-lint check` does: a sub-project that another includes is
    // linted as part of it.
    for result in linter.check_all(&specs) {
        let report = result.unwrap_or_else(|error| panic!("{}: {error}", case.display()));
        diagnostics.extend(report.diagnostics().iter().cloned());
    }
    diagnostics
}

/// Compares one case; returns what differs, in readable lines.
fn check_case(case: &Path) -> Result<Vec<String>, String> {
    let mut expected = Expectations::new();
    for file in case_files(case) {
        let text =
            String::from_utf8_lossy(&std::fs::read(&file).map_err(|e| e.to_string())?).into_owned();
        parse_expectations(&file, &text, &mut expected)?;
        let is_ok_file = file
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("ok"));
        if is_ok_file && expected.keys().any(|(path, ..)| *path == file) {
            return Err(format!(
                "{}: an ok file must not expect diagnostics",
                file.display()
            ));
        }
    }
    Ok(expectations::compare(expected, lint_case(case)))
}

/// Every case: each file or directory in a rule's folder, in order.
fn all_cases() -> Vec<PathBuf> {
    let root = fixtures_root();
    let mut rule_dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    rule_dirs.sort();
    let mut cases = Vec::new();
    for dir in rule_dirs {
        let mut case_paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        case_paths.sort();
        cases.extend(case_paths);
    }
    cases
}

/// The whole output of every fixture (messages, labels, help, notes,
/// fixes: the JSON format), kept in `tests/snapshots/fixtures.json`, so a
/// change meant to keep the output as it is shows any byte it changes.
/// `UPDATE_EXPECTED=1` rewrites the file.
#[test]
fn fixture_outputs_match_the_golden_file() {
    let root = fixtures_root();
    let prefix = format!("{}/", root.display());
    // Messages that name an absolute path name the canonical one.
    let canonical = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
    let canonical = canonical.display().to_string();
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let repository = std::fs::canonicalize(&repository).unwrap_or(repository);
    let repository = format!("`{}`", repository.display());
    let mut actual = String::new();
    for case in all_cases() {
        let name = case
            .strip_prefix(&root)
            .unwrap_or(&case)
            .display()
            .to_string();
        let json = compose_lint::render::json::render(&lint_diagnostics(&case));
        let _ = writeln!(
            actual,
            "== {name}\n{}",
            json.replace(&prefix, "")
                .replace(&canonical, "<fixtures>")
                .replace(&repository, "`<repository>`")
        );
    }
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/snapshots/fixtures.json");
    if std::env::var_os("UPDATE_EXPECTED").is_some_and(|v| v == "1") {
        std::fs::write(&golden, &actual).unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
        return;
    }
    let wanted = std::fs::read_to_string(&golden).unwrap_or_default();
    if wanted != actual {
        let first = wanted
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(wanted.lines().count().min(actual.lines().count()));
        let line = |text: &str| text.lines().nth(first).unwrap_or("(end)").to_owned();
        panic!(
            "fixture output differs from {} at line {}:\n  golden: {}\n  actual: {}\n(UPDATE_EXPECTED=1 rewrites it after a change meant to alter output)",
            golden.display(),
            first + 1,
            line(&wanted),
            line(&actual)
        );
    }
}

#[test]
fn every_fixture_gets_exactly_its_expected_diagnostics() {
    let root = fixtures_root();
    let mut report = String::new();
    let mut cases = 0;
    {
        for case in all_cases() {
            cases += 1;
            match check_case(&case) {
                Ok(problems) => {
                    for problem in problems {
                        let _ = writeln!(report, "{problem}");
                    }
                }
                Err(error) => {
                    let _ = writeln!(report, "broken fixture: {error}");
                }
            }
        }
    }
    assert!(cases > 0, "no fixtures found under {}", root.display());
    assert!(
        report.is_empty(),
        "fixtures disagree with the linter:\n{report}"
    );
}

/// Rules whose triggering cases cannot be kept in git, and the test that
/// covers them instead: git keeps no file modes but the executable bit, so
/// a file only its owner can read is made at test time.
const TRIGGERED_ELSEWHERE: &[(&str, &str)] = &[("mount-not-readable-by-user", "permissions.rs")];

#[test]
fn every_rule_has_triggering_and_clean_fixtures() {
    let root = fixtures_root();
    let mut missing = Vec::new();
    for rule in RULES {
        let name = rule.meta().name;
        let dir = root.join(name);
        let files: Vec<PathBuf> = walk(&dir);
        // A file named `ok*`, or a file of a case directory named so.
        let has_ok = files.iter().any(|f| {
            f.strip_prefix(&dir).is_ok_and(|inside| {
                inside
                    .components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with("ok"))
            })
        });
        let mut expected = Expectations::new();
        for file in &files {
            let text =
                String::from_utf8_lossy(&std::fs::read(file).unwrap_or_default()).into_owned();
            let _ = parse_expectations(file, &text, &mut expected);
        }
        let elsewhere = TRIGGERED_ELSEWHERE
            .iter()
            .find(|(rule, _)| *rule == name)
            .map(|(_, test)| {
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../tests")
                    .join(test)
            });
        if let Some(test) = &elsewhere {
            let text = std::fs::read_to_string(test).unwrap_or_default();
            assert!(
                text.contains(&format!("\"{name}\"")),
                "{name}: {} does not test it",
                test.display()
            );
        }
        let triggers = elsewhere.is_some() || expected.keys().any(|(_, _, r)| r == name);
        if !has_ok {
            missing.push(format!("{name}: no ok* fixture in {}", dir.display()));
        }
        if !triggers {
            missing.push(format!(
                "{name}: no fixture expects it in {}",
                dir.display()
            ));
        }
    }
    for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !RULES.iter().any(|r| r.meta().name == name) {
            missing.push(format!("fixtures/rules/{name} names no rule"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_harness_catches_missing_and_unexpected_diagnostics() {
    let dir = std::env::temp_dir().join(format!("compose-lint-harness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    // A duplicate key with no expectation, and an expectation nothing meets.
    let file = dir.join("compose.yaml");
    std::fs::write(&file, "services:\n  web:\n    image: a:1\n    image: b:2\n  db:  # expect: duplicate-key\n    image: c:3\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let problems = check_case(&file).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].starts_with("unexpected") && problems[0].contains(":4:5:"));
    assert!(problems[1].starts_with("missing") && problems[1].contains(":5:"));
}
