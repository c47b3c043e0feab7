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
