//! Project fixtures: `fixtures/projects/<case>/`, each a small Compose
//! project loaded the way `docker compose` loads it.
//!
//! A case may hold a plain-text file `args` with one setting a line (blank
//! lines and `#` comments are skipped):
//!
//! - `file: NAME` (repeatable): the compose files, in order, as `-f`;
//!   without any, the project Compose finds in the directory;
//! - `profile: NAME` (repeatable): `--profile`;
//! - `env: NAME=VALUE` (repeatable): the process environment, which is
//!   otherwise empty;
//! - `project-name: NAME`: `-p`;
//! - `project-directory: DIR`: the directory relative paths resolve
//!   against, relative to the case; without it, the case directory
//!   (`--project-directory .`);
//! - `env-file: NAME` (repeatable): `--env-file`;
//! - `search: DIR`: instead of one project, every project a search of DIR
//!   (relative to the case) finds, as `compose-lint check DIR` lints them;
//! - `not-linted: NAME: REASON` (repeatable, with `search`): a file the
//!   search lists as not linted, and why; the list must be complete.
//!
//! Diagnostics are expected as in `tests/fixtures.rs`: a trailing
//! `# expect: rule-name[:COL]` comment on the line the diagnostic points at,
//! or a line `# expect-next-line: rule-name` above it, in whichever file of
//! the case (compose, override, included or `.env` file). Every other
//! diagnostic fails the case.
//!
//! When the case holds `expected-config.yaml`, the resolved project
//! (`Project::config_yaml`, with the case's absolute path written
//! `<project>`) must equal it; `UPDATE_EXPECTED=1` rewrites it instead.

mod expectations;

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use compose_lint::{Config, Linter, Project, ProjectSpec, Report};
use expectations::{Actual, Expectations, parse_expectations, walk};

const EXPECTED_CONFIG: &str = "expected-config.yaml";

fn projects_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/projects")
}

/// The case directory, absolute and without `..`, as the loader writes it.
fn case_directory(case: &Path) -> PathBuf {
    std::fs::canonicalize(case).unwrap_or_else(|e| panic!("{}: {e}", case.display()))
}

/// The settings of a case's `args` file.
#[derive(Clone, Debug, Default)]
struct Args {
    files: Vec<String>,
    profiles: Vec<String>,
    environment: BTreeMap<String, String>,
    project_name: Option<String>,
    project_directory: Option<String>,
    env_files: Vec<String>,
    search: Option<String>,
    /// `(path relative to the case, reason)`.
    not_linted: Vec<(String, String)>,
}

fn parse_args(text: &str) -> Result<Args, String> {
    let mut args = Args::default();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(format!("args:{}: expected `key: value`", index + 1));
        };
        let value = value.trim().to_string();
        match key.trim() {
            "file" => args.files.push(value),
            "profile" => args.profiles.push(value),
            "env" => {
                let Some((name, value)) = value.split_once('=') else {
                    return Err(format!("args:{}: expected `env: NAME=value`", index + 1));
                };
                args.environment.insert(name.to_string(), value.to_string());
            }
            "project-name" => args.project_name = Some(value),
            "project-directory" => args.project_directory = Some(value),
            "env-file" => args.env_files.push(value),
            "search" => args.search = Some(value),
            "not-linted" => {
                let Some((path, reason)) = value.split_once(": ") else {
                    return Err(format!(
                        "args:{}: expected `not-linted: NAME: REASON`",
                        index + 1
                    ));
                };
                args.not_linted.push((path.to_string(), reason.to_string()));
            }
            other => return Err(format!("args:{}: unknown setting `{other}`", index + 1)),
        }
    }
    Ok(args)
}

fn spec_for(directory: &Path, args: Args) -> ProjectSpec {
    let spec = if args.files.is_empty() {
        ProjectSpec::in_directory(directory)
    } else {
        ProjectSpec::from_files(args.files.iter().map(|f| directory.join(f))).with_directory(
            match &args.project_directory {
                Some(sub) => directory.join(sub),
                None => directory.to_path_buf(),
            },
        )
    };
    with_settings(spec, directory, args)
}

/// `spec` with the case's environment, profiles, name and env files.
fn with_settings(mut spec: ProjectSpec, directory: &Path, args: Args) -> ProjectSpec {
    spec = spec.with_environment(args.environment);
    if !args.profiles.is_empty() {
        spec = spec.with_profiles(args.profiles);
    }
    if let Some(name) = args.project_name {
        spec = spec.with_project_name(name);
    }
    if !args.env_files.is_empty() {
        spec = spec.with_env_files(args.env_files.iter().map(|f| directory.join(f)));
    }
    spec
}

fn read_args(directory: &Path) -> Result<Args, String> {
    let args_path = directory.join("args");
    if !args_path.is_file() {
        return Ok(Args::default());
    }
    let text = std::fs::read_to_string(&args_path).map_err(|e| e.to_string())?;
    parse_args(&text).map_err(|e| format!("{}: {e}", directory.display()))
}

fn load_case(directory: &Path, args: Args) -> Result<Project, String> {
    spec_for(directory, args)
        .load(&Config::default())
        .map_err(|e| format!("{}: {e}", directory.display()))
}

fn lint(project: &Project) -> Vec<Actual> {
    let report = Linter::new(Config::default()).check_project(project);
    report.diagnostics().iter().map(Actual::from).collect()
}

/// The resolved project with the case directory written `<project>`.
fn config_text(project: &Project, directory: &Path) -> String {
    let yaml = project.config_yaml().unwrap_or_default();
    yaml.replace(&directory.display().to_string(), "<project>")
}

/// Compares one case; returns what differs, in readable lines.
fn check_case(case: &Path) -> Result<Vec<String>, String> {
    let directory = case_directory(case);
    let mut expected = Expectations::new();
    for file in walk(&directory) {
        if file.file_name().is_some_and(|n| n == EXPECTED_CONFIG) {
            continue;
        }
        let text =
            String::from_utf8_lossy(&std::fs::read(&file).map_err(|e| e.to_string())?).into_owned();
        parse_expectations(&file, &text, &mut expected)?;
    }
    let args = read_args(&directory)?;
    let golden = directory.join(EXPECTED_CONFIG);
    if let Some(searched) = args.search.clone() {
        if golden.is_file() {
            return Err(format!(
                "{}: a search finds several projects, so no {EXPECTED_CONFIG}",
                case.display()
            ));
        }
        return check_search(&directory, &searched, args, expected);
    }
    let project = load_case(&directory, args)?;

    let mut problems = expectations::compare(expected, lint(&project));
    let update = std::env::var_os("UPDATE_EXPECTED").is_some_and(|v| v == "1");
    if golden.is_file() {
        let actual = config_text(&project, &directory);
        if update {
            std::fs::write(&golden, &actual).map_err(|e| e.to_string())?;
        } else {
            let wanted = std::fs::read_to_string(&golden).map_err(|e| e.to_string())?;
            if wanted != actual {
                problems.push(format!(
                    "config of {} differs from {EXPECTED_CONFIG} (UPDATE_EXPECTED=1 rewrites it):\n{}",
                    case.display(),
                    line_diff(&wanted, &actual)
                ));
            }
        }
    }
    Ok(problems)
}

/// Compares a `search` case: the diagnostics of every project found, and
/// the files listed as not linted.
fn check_search(
    directory: &Path,
    searched: &str,
    args: Args,
    expected: Expectations,
) -> Result<Vec<String>, String> {
    // Without `.` components, so paths agree with those the files have.
    let root: PathBuf = directory.join(searched).components().collect();
    let found = compose_lint::discover(&root);
    if let Some(error) = found.errors.first() {
        return Err(format!("{}: {error}", directory.display()));
    }
    let wanted_not_linted = args.not_linted.clone();
    let specs: Vec<ProjectSpec> = found
        .projects
        .into_iter()
        .map(|spec| with_settings(spec, directory, args.clone()))
        .collect();
    let mut reports = Vec::new();
    for result in Linter::new(Config::default()).check_all(&specs) {
        reports.push(result.map_err(|e| format!("{}: {e}", directory.display()))?);
    }
    let report: Report = reports.into_iter().collect();
    let actual = report.diagnostics().iter().map(Actual::from).collect();
    let mut problems = expectations::compare(expected, actual);
    let not_linted: Vec<(String, String)> = found
        .not_linted
        .iter()
        .map(|file| {
            let path = file.path.strip_prefix(directory).unwrap_or(&file.path);
            (path.display().to_string(), file.reason.to_string())
        })
        .collect();
    if not_linted != wanted_not_linted {
        problems.push(format!(
            "{}: files not linted:\n  expected: {wanted_not_linted:?}\n  actual:   {not_linted:?}",
            directory.display()
        ));
    }
    Ok(problems)
}

/// The lines of `wanted` and `actual` that differ, position by position.
fn line_diff(wanted: &str, actual: &str) -> String {
    let wanted: Vec<&str> = wanted.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    for index in 0..wanted.len().max(actual.len()) {
        let (w, a) = (wanted.get(index), actual.get(index));
        if w != a {
            let _ = writeln!(
                out,
                "  line {}:\n    expected: {}\n    actual:   {}",
                index + 1,
                w.copied().unwrap_or("<none>"),
                a.copied().unwrap_or("<none>")
            );
        }
    }
    out
}

fn cases() -> Vec<PathBuf> {
    let root = projects_root();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_project_gets_its_expected_diagnostics_and_config() {
    let mut report = String::new();
    let cases = cases();
    assert!(
        !cases.is_empty(),
        "no cases under {}",
        projects_root().display()
    );
    for case in &cases {
        match check_case(case) {
            Ok(problems) => {
                for problem in problems {
                    let _ = writeln!(report, "{problem}");
                }
            }
            Err(error) => {
                let _ = writeln!(report, "broken case: {error}");
            }
        }
    }
    assert!(
        report.is_empty(),
        "project fixtures disagree with the loader:\n{report}"
    );
}

#[test]
fn args_files_are_read_strictly() {
    let args = parse_args("# c\nfile: a.yaml\nfile: b.yaml\nprofile: debug\nenv: A=b=c\nproject-name: p\nenv-file: x.env\n")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(args.files, ["a.yaml", "b.yaml"]);
    assert_eq!(args.profiles, ["debug"]);
    assert_eq!(args.environment.get("A").map(String::as_str), Some("b=c"));
    assert_eq!(args.project_name.as_deref(), Some("p"));
    assert_eq!(args.env_files, ["x.env"]);
    let search =
        parse_args("search: .\nnot-linted: a/compose.x.yaml: an override without a base file\n")
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(search.search.as_deref(), Some("."));
    assert_eq!(
        search.not_linted,
        [(
            "a/compose.x.yaml".to_string(),
            "an override without a base file".to_string()
        )]
    );
    assert!(parse_args("not-linted: compose.x.yaml").is_err());
    assert!(parse_args("flie: a.yaml").is_err());
    assert!(parse_args("env: NOVALUE").is_err());
}
