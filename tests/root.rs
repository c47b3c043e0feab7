//! What compose-lint must never print. Values interpolation takes from the
//! process environment are quoted as `${NAME}`. And the project root: a
//! file that resolves outside it is named, never read, so what it holds
//! never reaches any output. Each case points a project
//! at a fake secret beside its repository in one of the ways a pull request
//! could; the secret must not appear in any output format, and the file
//! must be named by `path-outside-root`. With `--allow-outside-root` the
//! same cases do read it, which shows the inputs would leak it otherwise.

mod common;

use std::path::Path;

use common::{Output, binary, collect};
use serde_json::Value;

/// What the secret files hold; any rule that quotes a key or a line would
/// print it.
const CANARY: &str = "CANARY_7f3a9c";

/// The name of a file in a directory outside the root: a listing of that
/// directory would print it.
const NAME_CANARY: &str = "NAMECANARY_5d1";

const FORMATS: [&str; 5] = ["human", "json", "sarif", "github", "compact"];

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

#[cfg(unix)]
fn link(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap_or_else(|e| panic!("{e}"));
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let mut command = binary();
    command.args(args).current_dir(dir);
    let output = collect(command);
    assert!(
        matches!(output.code, 0..=2) && !output.stderr.contains("panicked"),
        "{args:?}: {output:?}"
    );
    output
}

/// A temporary directory holding `outside/` (the secrets) and, beside it,
/// one Git work tree per case (a `.git` directory is what makes one a
/// root).
struct Layout {
    dir: tempfile::TempDir,
}

impl Layout {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let secret_yaml = format!(
            "{CANARY}: \"{CANARY}\"\nservices:\n  leak:\n    image: alpine:3.20\n    {CANARY}: 1\n"
        );
        write(&dir.path().join("outside/secret.yaml"), &secret_yaml);
        write(
            &dir.path().join("outside/secret.env"),
            &format!("{CANARY} is not a line of an environment file\nTOKEN={CANARY}\n"),
        );
        write(
            &dir.path().join(format!("outside/rules/{NAME_CANARY}.yml")),
            &format!(
                "groups:\n  - name: {CANARY}\n    rules:\n      - alert: {CANARY}\n        expr: up ==\n"
            ),
        );
        Self { dir }
    }

    fn outside(&self, name: &str) -> String {
        self.dir
            .path()
            .join("outside")
            .join(name)
            .display()
            .to_string()
    }
}

/// One way of pointing a project at the secrets: the files of its work
/// tree.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, String)>,
    /// Symbolic links in the work tree: (link, target under `outside/`).
    links: Vec<(&'static str, &'static str)>,
    args: Vec<&'static str>,
}

/// A case that is one compose file.
fn compose(name: &'static str, text: String) -> Case {
    Case {
        name,
        files: vec![("compose.yaml", text)],
        links: vec![],
        args: vec![],
    }
}

fn prometheus_service(volume: &str) -> String {
    format!(
        "services:\n  prometheus:\n    image: prom/prometheus:v3.0.0\n    volumes:\n      - {volume}\n"
    )
}

const PROMETHEUS_WITH_RULES: &str = "global:\n  scrape_interval: 15s\nrule_files:\n  - /etc/prometheus/rules/*.yml\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: [\"localhost:9090\"]\n";

fn cases(layout: &Layout) -> Vec<Case> {
    let secret = layout.outside("secret.yaml");
    let rules = layout.outside("rules");
    vec![
        compose(
            "include of an absolute path",
            format!("include:\n  - {secret}\nservices:\n  app:\n    image: example/app:2.1\n"),
        ),
        compose(
            "include climbing out with ..",
            "include:\n  - ../outside/secret.yaml\nservices:\n  app:\n    image: example/app:2.1\n"
                .to_string(),
        ),
        Case {
            name: "include's env_file",
            files: vec![
                (
                    "compose.yaml",
                    "include:\n  - path: sub/compose.yaml\n    env_file: ../outside/secret.env\n"
                        .to_string(),
                ),
                (
                    "sub/compose.yaml",
                    "services:\n  app:\n    image: example/app:${TOKEN:-2.1}\n".to_string(),
                ),
            ],
            links: vec![],
            args: vec![],
        },
        compose(
            "extends file",
            format!("services:\n  app:\n    extends:\n      file: {secret}\n      service: leak\n"),
        ),
        Case {
            name: ".env that is a symbolic link",
            files: vec![(
                "compose.yaml",
                "services:\n  app:\n    image: example/app:${TOKEN}\n".to_string(),
            )],
            links: vec![(".env", "secret.env")],
            args: vec![],
        },
        Case {
            name: "--env-file outside",
            files: vec![(
                "compose.yaml",
                "services:\n  app:\n    image: example/app:${TOKEN}\n".to_string(),
            )],
            links: vec![],
            args: vec!["--env-file", "../outside/secret.env"],
        },
        Case {
            name: "compose.yaml that is a symbolic link",
            files: vec![],
            links: vec![("compose.yaml", "secret.yaml")],
            args: vec![],
        },
        Case {
            name: "compose-like file a search finds that is a link",
            files: vec![(
                "compose.yaml",
                "services:\n  app:\n    image: example/app:2.1\n".to_string(),
            )],
            links: vec![("docker-compose.prod.yml", "secret.yaml")],
            args: vec![],
        },
        Case {
            name: "directory link inside the repository",
            files: vec![(
                "compose.yaml",
                "include:\n  - conf/secret.yaml\nservices:\n  app:\n    image: example/app:2.1\n"
                    .to_string(),
            )],
            links: vec![("conf", "")],
            args: vec![],
        },
        compose(
            "Prometheus configuration bind-mounted from outside",
            prometheus_service(&format!("{secret}:/etc/prometheus/prometheus.yml:ro")),
        ),
        Case {
            name: "rule files in a directory mounted from outside",
            files: vec![
                (
                    "compose.yaml",
                    format!(
                        "services:\n  prometheus:\n    image: prom/prometheus:v3.0.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n      - {rules}:/etc/prometheus/rules:ro\n"
                    ),
                ),
                ("prometheus.yml", PROMETHEUS_WITH_RULES.to_string()),
            ],
            links: vec![],
            args: vec![],
        },
        Case {
            name: "rule files of a configuration given alone",
            files: vec![(
                "prometheus.yml",
                format!(
                    "global:\n  scrape_interval: 15s\nrule_files:\n  - {rules}/*.yml\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: [\"localhost:9090\"]\n"
                ),
            )],
            links: vec![],
            args: vec!["prometheus.yml"],
        },
        compose(
            "Grafana datasources directory mounted from outside",
            format!(
                "services:\n  grafana:\n    image: grafana/grafana:11.3.0\n    volumes:\n      - {rules}:/etc/grafana/provisioning/datasources:ro\n"
            ),
        ),
        Case {
            name: "Grafana datasources mounted from outside",
            files: vec![(
                "compose.yaml",
                format!(
                    "services:\n  grafana:\n    image: grafana/grafana:11.3.0\n    volumes:\n      - {secret}:/etc/grafana/provisioning/datasources/ds.yaml:ro\n"
                ),
            )],
            links: vec![],
            args: vec![],
        },
    ]
}

fn set_up(layout: &Layout, case: &Case) -> std::path::PathBuf {
    let repo = layout
        .dir
        .path()
        .join(case.name.replace([' ', '.', '\'', '-'], "_"));
    std::fs::create_dir_all(repo.join(".git")).unwrap_or_else(|e| panic!("{e}"));
    for (name, text) in &case.files {
        write(&repo.join(name), text);
    }
    #[cfg(unix)]
    for (name, target) in &case.links {
        let target = layout.dir.path().join("outside").join(target);
        link(&target, &repo.join(name));
    }
    repo
}

fn check(repo: &Path, case: &Case, format: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--show-files", "--format", format];
    args.extend_from_slice(&case.args);
    args.extend_from_slice(extra);
    run(repo, &args)
}

fn rules_of(json: &str) -> Vec<String> {
    let report: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["rule"].as_str().map(str::to_string))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_file_outside_the_root_is_named_and_never_printed() {
    let layout = Layout::new();
    for case in cases(&layout) {
        let repo = set_up(&layout, &case);
        for format in FORMATS {
            let out = check(&repo, &case, format, &[]);
            assert!(
                !out.stdout.contains(NAME_CANARY) && !out.stderr.contains(NAME_CANARY),
                "{}: {format} output names a file of a directory outside the root:\n{}",
                case.name,
                out.stdout
            );
            assert!(
                !out.stdout.contains(CANARY) && !out.stderr.contains(CANARY),
                "{}: {format} output prints the secret:\n{}\n{}",
                case.name,
                out.stdout,
                out.stderr
            );
            assert_ne!(out.code, 2, "{}: {out:?}", case.name);
        }
        let out = check(&repo, &case, "json", &[]);
        assert!(
            rules_of(&out.stdout)
                .iter()
                .any(|r| r == "path-outside-root"),
            "{}: no path-outside-root in {}",
            case.name,
            out.stdout
        );
        // `--show-files` says the file was left unread, and why.
        let report: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
        let unread: Vec<&str> = report["files"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|project| project["not_read"].as_array().into_iter().flatten())
            .filter_map(|file| file["reason"].as_str())
            .collect();
        assert!(
            unread
                .iter()
                .any(|reason| reason.contains("outside the project root")),
            "{}: {unread:?}",
            case.name
        );
    }
}

/// The same inputs with `--allow-outside-root` do read the secrets, so the
/// test above would catch a leak.
#[cfg(unix)]
#[test]
fn allow_outside_root_reads_them() {
    let layout = Layout::new();
    for case in cases(&layout) {
        let repo = set_up(&layout, &case);
        let out = check(&repo, &case, "json", &["--allow-outside-root"]);
        assert!(
            !rules_of(&out.stdout)
                .iter()
                .any(|r| r == "path-outside-root"),
            "{}: {}",
            case.name,
            out.stdout
        );
        let files = check(&repo, &case, "human", &["--allow-outside-root"]);
        // Each secret is quoted by some diagnostic once read, but for the
        // datasources, which `--show-files` lists as read.
        let listed_as_read = files
            .stdout
            .lines()
            .any(|l| l.trim_start().starts_with("read") && l.contains(NAME_CANARY));
        let read = out.stdout.contains(CANARY)
            || files.stdout.contains(CANARY)
            || listed_as_read
            || (case.name.starts_with("Grafana")
                && (files.stdout.contains("secret.yaml") || files.stdout.contains(NAME_CANARY)));
        assert!(
            read,
            "{}: the file outside is not read with --allow-outside-root:\n{}",
            case.name, files.stdout
        );
    }
}

/// `--root DIR` sets the root: the files beside the repository are inside
/// a root above it.
#[cfg(unix)]
#[test]
fn root_sets_where_files_may_be_read() {
    let layout = Layout::new();
    let case = &cases(&layout)[1];
    let repo = set_up(&layout, case);
    let root = layout.dir.path().display().to_string();
    let out = check(&repo, case, "json", &["--root", &root]);
    assert!(
        !rules_of(&out.stdout)
            .iter()
            .any(|r| r == "path-outside-root"),
        "{}",
        out.stdout
    );
    // The root itself must exist.
    let out = check(&repo, case, "json", &["--root", "/no/such/root"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("/no/such/root"), "{}", out.stderr);
}

/// Outside a Git work tree, the current directory is the root when it holds
/// the project: a subdirectory's project may read files beside it.
#[cfg(unix)]
#[test]
fn outside_a_work_tree_the_current_directory_is_the_root() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        &dir.path().join("shared/base.yaml"),
        "services:\n  base:\n    image: example/app:2.1\n",
    );
    write(
        &dir.path().join("app/compose.yaml"),
        "services:\n  app:\n    extends:\n      file: ../shared/base.yaml\n      service: base\n",
    );
    let out = run(dir.path(), &["check", "--format", "json", "app"]);
    assert!(
        !rules_of(&out.stdout)
            .iter()
            .any(|r| r == "path-outside-root"),
        "{}",
        out.stdout
    );
    // From inside `app`, the root is `app`: `../shared` is outside it.
    let out = run(&dir.path().join("app"), &["check", "--format", "json"]);
    assert!(
        rules_of(&out.stdout)
            .iter()
            .any(|r| r == "path-outside-root"),
        "{}",
        out.stdout
    );
}

/// A value from the process environment (a CI secret) is never printed,
/// whole or in part, in any format: diagnostics quote `${NAME}`.
#[test]
fn process_environment_values_are_quoted_as_expressions() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(dir.path().join(".git")).unwrap_or_else(|e| panic!("{e}"));
    write(
        &dir.path().join("compose.yaml"),
        "services:\n  app:\n    image: \"registry.example.com/app:${TAG}\"\n    ports:\n      - \"${BIND}:80\"\n    healthcheck:\n      test: [\"CMD\", \"curl -f http://localhost/${TOKEN} || exit 1\"]\n    environment:\n      - DB_PASSWORD\n    build:\n      context: .\n      args: [NPM_TOKEN]\n",
    );
    // `DB_PASSWORD` and `NPM_TOKEN` are listed bare: they take the
    // process's values, which are never printed either.
    let secrets = [
        ("TAG", "tagvalue-61d2"),
        ("BIND", "bindpart-5ec7e7-99"),
        ("TOKEN", "tokenvalue-77ab"),
        ("DB_PASSWORD", "pgpass-8d1e"),
        ("NPM_TOKEN", "npmtoken-3c9e"),
    ];
    let mut seen = Vec::new();
    for format in FORMATS {
        let mut command = binary();
        command
            .args(["check", "--format", format])
            .current_dir(dir.path());
        for (name, value) in secrets {
            command.env(name, value);
        }
        let out = collect(command);
        assert_eq!(out.code, 1, "{format}: {out:?}");
        for (_, value) in secrets {
            // Parts shorter than three characters are not hidden (`80`
            // cannot be told from the text around it).
            for part in value.split('-').chain([value]).filter(|p| p.len() >= 3) {
                assert!(
                    !out.stdout.contains(part) && !out.stderr.contains(part),
                    "{format} prints `{part}`:\n{}",
                    out.stdout
                );
            }
        }
        seen.push(out.stdout);
    }
    // The findings are there, with the expression in place of the value.
    assert!(
        seen[4].contains("the host port `${BIND}` is not a number"),
        "{}",
        seen[4]
    );
}

/// A configuration file that is a link out of the work tree is refused
/// with a word, never read: its unknown keys would be quoted.
#[cfg(unix)]
#[test]
fn a_configuration_linked_from_outside_is_not_read() {
    let layout = Layout::new();
    write(
        &layout.dir.path().join("outside/secret.toml"),
        &format!("{CANARY} = 1\n"),
    );
    let case = compose(
        "configuration link",
        "services:\n  app:\n    image: example/app:2.1\n".to_string(),
    );
    let repo = set_up(&layout, &case);
    link(
        &layout.dir.path().join("outside/secret.toml"),
        &repo.join("compose-lint.toml"),
    );
    let out = run(&repo, &["check"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("resolves outside the project root"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(CANARY) && !out.stdout.contains(CANARY));
    // A link inside the work tree is read.
    write(
        &repo.join("lint/compose-lint.toml"),
        "fail-on = \"error\"\n",
    );
    std::fs::remove_file(repo.join("compose-lint.toml")).unwrap_or_else(|e| panic!("{e}"));
    link(
        &repo.join("lint/compose-lint.toml"),
        &repo.join("compose-lint.toml"),
    );
    let out = run(&repo, &["check"]);
    assert_eq!(out.code, 0, "{out:?}");
}
