//! Checks against the shared corpus of real projects, when it is present
//! (`../shared/corpus` beside the checkout; the tests pass without it).

use std::path::{Path, PathBuf};

use compose_lint::{Config, Linter, ProjectSpec};

fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    root.join("MANIFEST.tsv").is_file().then_some(root)
}

/// (path, notes) of the compose rows of the manifest.
fn compose_rows(corpus: &Path) -> Vec<(PathBuf, String)> {
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv"))
        .unwrap_or_else(|e| panic!("MANIFEST.tsv: {e}"));
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields.get(1) == Some(&"compose")).then(|| {
                (
                    corpus.join(fields[0]),
                    fields.get(8).copied().unwrap_or_default().to_string(),
                )
            })
        })
        .collect()
}

/// The base file an `oracle-mode=merged-with-X` or `merged-after-X` note
/// names: `X` in the file's directory or the nearest ancestor holding it.
fn merge_base(file: &Path, notes: &str) -> Option<PathBuf> {
    let mode = notes
        .split(';')
        .map(str::trim)
        .find_map(|note| note.strip_prefix("oracle-mode="))?;
    let base = mode
        .strip_prefix("merged-with-")
        .or_else(|| mode.strip_prefix("merged-after-"))?;
    file.ancestors()
        .skip(1)
        .map(|dir| dir.join(base))
        .find(|candidate| candidate.is_file())
}

/// The file sets the oracle merged load without a loading error: no YAML,
/// interpolation, `extends` or `include` error.
#[test]
fn merged_corpus_file_sets_load_without_loading_errors() {
    let Some(corpus) = corpus() else {
        return;
    };
    let linter = Linter::new(Config::default());
    let mut checked = 0;
    let mut failures = Vec::new();
    for (file, notes) in compose_rows(&corpus) {
        if !notes.contains("oracle-mode=merged-") {
            continue;
        }
        let Some(base) = merge_base(&file, &notes) else {
            failures.push(format!(
                "{}: base file of `{notes}` not found",
                file.display()
            ));
            continue;
        };
        let directory = base.parent().map(Path::to_path_buf).unwrap_or_default();
        let spec = ProjectSpec::from_files([base.clone(), file.clone()])
            .with_directory(directory)
            .with_environment(Default::default());
        let report = match linter.check(&spec) {
            Ok(report) => report,
            Err(error) => {
                failures.push(format!("{}: {error}", file.display()));
                continue;
            }
        };
        checked += 1;
        for d in report.diagnostics() {
            if d.rule_meta().family.affects_loading()
                && d.severity() == compose_lint::Severity::Error
            {
                let at = d.primary().start();
                failures.push(format!(
                    "{} + {}: {}:{}:{}: [{}] {}",
                    base.display(),
                    file.display(),
                    d.primary().source().path().display(),
                    at.line,
                    at.column,
                    d.rule(),
                    d.message()
                ));
            }
        }
    }
    assert!(
        checked >= 17,
        "only {checked} merged file sets found in the corpus"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Error findings on files Docker Compose v2 accepts that are true all the
/// same (Compose does not run what it checks): (file, rule, why).
const TRUE_ERRORS_COMPOSE_ACCEPTS: &[(&str, &str, &str)] = &[
    (
        "compose/temporal-docker-compose/docker-compose-multirole.yaml",
        "loki-schema-lacks-structured-metadata",
        "`grafana/loki:latest` is Loki 3, which refuses to start on its schema `v9` on \
         `boltdb` while structured metadata is on (Loki 3.0 upgrade notes); Compose does not \
         read Loki's configuration",
    ),
    (
        "compose/loki/examples/getting-started/docker-compose.yaml",
        "healthcheck-tool-missing-in-image",
        "the health check runs `curl`, which `minio/minio` images have not shipped since late 2023 \
     (minio/minio#18373): the service never becomes healthy",
    ),
];

/// Files Docker Compose v2 rejects that compose-lint passes, on purpose:
/// (file, why).
const ACCEPTED_MISSES: &[(&str, &str)] = &[(
    "compose/docker-compose-v2/pkg/e2e/fixtures/env_file/compose.yaml",
    "its `env_file` is the absolute path `/doesnotexist/.env`: a file of the machine the project \
     runs on, which the checkout cannot tell about",
)];

/// Rules whose errors are about files next to the compose file, which the
/// corpus does not hold (it keeps single files).
const SIBLING_FILE_RULES: &[&str] = &[
    "bind-source-missing",
    "bind-source-type-mismatch",
    "env-file-missing",
    "resource-file-missing",
    "include-file-missing",
    "extends-target-missing",
    "rule-file-missing",
    "scrape-config-file-missing",
    "file-sd-file-missing",
    "mount-not-readable-by-user",
    "mount-not-writable-by-user",
    "path-outside-root",
    "build-context-missing",
    "dockerfile-missing",
    "build-target-missing",
];

/// (path, compose_v2 verdict) of the compose rows of the manifest.
fn compose_v2_rows(corpus: &Path) -> Vec<(String, String)> {
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv"))
        .unwrap_or_else(|e| panic!("MANIFEST.tsv: {e}"));
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name);
    let (Some(kind), Some(verdict)) = (column("kind"), column("compose_v2")) else {
        return Vec::new();
    };
    lines
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields.get(kind) == Some(&"compose")).then(|| {
                (
                    fields[0].to_string(),
                    fields.get(verdict).copied().unwrap_or_default().to_string(),
                )
            })
        })
        .collect()
}

/// Docker Compose v2's verdict on each compose file of the corpus (the
/// manifest's `compose_v2`) holds: no error on a file it accepts, other
/// than sibling-file errors and the true findings listed; every file it
/// rejects gets an error, but for the misses listed.
#[test]
fn compose_v2_verdicts_hold() {
    let Some(corpus) = corpus() else {
        return;
    };
    let rows = compose_v2_rows(&corpus);
    if rows.iter().all(|(_, verdict)| verdict.is_empty()) {
        // A manifest without the Compose v2 column.
        return;
    }
    let linter = Linter::new(Config::default());
    let (mut valid, mut invalid, mut detected) = (0, 0, 0);
    let mut failures = Vec::new();
    for (path, verdict) in &rows {
        if verdict != "valid" && verdict != "invalid" {
            continue;
        }
        let file = corpus.join(path);
        let directory = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let spec = ProjectSpec::from_files([file.clone()])
            .with_directory(directory)
            .with_environment(Default::default());
        let errors: Vec<(String, String)> = match linter.check(&spec) {
            Ok(report) => report
                .diagnostics()
                .iter()
                .filter(|d| d.severity() == compose_lint::Severity::Error)
                .map(|d| (d.rule().to_string(), d.message().to_string()))
                .collect(),
            Err(error) => vec![("load".to_string(), error.to_string())],
        };
        if verdict == "valid" {
            valid += 1;
            for (rule, message) in errors {
                let allowed = SIBLING_FILE_RULES.contains(&rule.as_str())
                    || TRUE_ERRORS_COMPOSE_ACCEPTS
                        .iter()
                        .any(|(f, r, _)| f == path && *r == rule);
                if !allowed {
                    failures.push(format!("{path}: Compose accepts it: [{rule}] {message}"));
                }
            }
        } else {
            invalid += 1;
            let accepted = ACCEPTED_MISSES.iter().any(|(f, _)| f == path);
            match (errors.is_empty(), accepted) {
                (false, false) => detected += 1,
                (true, true) => {}
                (true, false) => failures.push(format!("{path}: Compose rejects it, no error")),
                (false, true) => failures.push(format!(
                    "{path}: detected now: remove it from ACCEPTED_MISSES"
                )),
            }
        }
    }
    assert!(
        valid >= 200 && invalid >= 20,
        "only {valid} valid and {invalid} invalid compose files"
    );
    assert!(
        failures.is_empty(),
        "{} of {invalid} rejected files detected; {} disagreements:\n{}",
        detected,
        failures.len(),
        failures.join("\n")
    );
}

/// The Loki configurations of the corpus (Loki's own examples and the
/// stacks that run Loki) are valid for Loki: mounted into an unpinned Loki
/// service, none gets a finding from the Loki configuration rules.
#[test]
fn real_loki_configurations_fit_the_loki_tables() {
    let Some(corpus) = corpus() else {
        return;
    };
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(corpus.join("compose/loki/docs/sources/configure/examples/yaml"))
            .map(|entries| {
                entries
                    .filter_map(|e| Some(e.ok()?.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                    .collect()
            })
            .unwrap_or_default();
    for path in [
        "compose/loki/examples/ha-monolithic/config/loki.yaml",
        "compose/loki/examples/getting-started/loki-config.yaml",
        "compose/loki/production/docker/config/loki.yaml",
        "compose/loki/tools/dev/loki-tsdb-storage-s3/config/loki.yaml",
        "compose/temporal-docker-compose/deployment/loki/local-config.yaml",
    ] {
        files.push(corpus.join(path));
    }
    files.retain(|f| f.is_file());
    files.sort();
    assert!(
        files.len() >= 15,
        "only {} Loki configurations",
        files.len()
    );
    let linter = Linter::new(Config::default());
    let mut failures = Vec::new();
    for file in &files {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("loki.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
        let compose = "services:\n  loki:\n    image: grafana/loki\n    command: [\"-config.file=/etc/loki/loki.yaml\"]\n    volumes:\n      - ./loki.yaml:/etc/loki/loki.yaml:ro\n";
        let compose_file = dir.path().join("compose.yaml");
        std::fs::write(&compose_file, compose).unwrap_or_else(|e| panic!("{e}"));
        let spec = ProjectSpec::from_files([compose_file])
            .with_directory(dir.path().to_path_buf())
            .with_environment(Default::default());
        let report = linter.check(&spec).unwrap_or_else(|e| panic!("{e}"));
        for d in report.diagnostics() {
            if matches!(
                d.rule(),
                "loki-unknown-field" | "loki-invalid-value" | "loki-schema-config-invalid"
            ) {
                failures.push(format!(
                    "{}: [{}] {}",
                    file.display(),
                    d.rule(),
                    d.message()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
