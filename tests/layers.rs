//! The library's layers import downwards only (ARCHITECTURE.md): the
//! loading stages, the models and the shared types never reach up to the
//! rules, the settings, the engine or the linter. A test, so that an
//! import running the wrong way is caught where it is written.

use std::path::{Path, PathBuf};

/// The modules above the loading stages and the models.
const UPPER: [&str; 8] = [
    "crate::rules",
    "crate::linter",
    "crate::settings",
    "crate::spec",
    "crate::engine",
    "crate::discover",
    "crate::config",
    "crate::suppress",
];

fn source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../compose-lint/src")
}

fn rust_files(path: &Path, found: &mut Vec<PathBuf>) {
    if path.is_file() {
        found.push(path.to_path_buf());
        return;
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .flatten()
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() || entry.extension().is_some_and(|e| e == "rs") {
            rust_files(&entry, found);
        }
    }
}

/// The lines of the files under `parts` that name one of `forbidden`,
/// comments aside.
fn offending(parts: &[&str], forbidden: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    for part in parts {
        rust_files(&source().join(part), &mut files);
    }
    assert!(!files.is_empty(), "no source under {parts:?}");
    offending_in(&files, forbidden)
}

fn offending_in(files: &[PathBuf], forbidden: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            // `crate::rules` names the module, `crate::rulesets` does not.
            let named = |module: &&str| {
                code.match_indices(*module).any(|(at, _)| {
                    !code[at + module.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
            };
            if forbidden.iter().any(named) {
                found.push(format!("{}:{}", file.display(), number + 1));
            }
        }
    }
    found
}

#[test]
fn loading_models_and_shared_types_do_not_import_upwards() {
    let lower = [
        "build",
        "compose",
        "yaml",
        "view",
        "model",
        "prometheus",
        "grafana",
        "project.rs",
        "sources.rs",
        "images.rs",
        "source.rs",
        "location.rs",
        "error.rs",
    ];
    let found = offending(&lower, &UPPER);
    assert!(
        found.is_empty(),
        "imports that run upwards:\n{}",
        found.join("\n")
    );
}

/// The loading stages read and add to the sources and return what they
/// made; none of them reaches the project they are assembled into, or the
/// typed models built on it.
#[test]
fn loading_stages_do_not_reach_the_assembled_project() {
    let found = offending(
        &[
            "build",
            "compose",
            "view",
            "prometheus",
            "grafana",
            "yaml",
            "sources.rs",
        ],
        &["crate::project", "crate::model"],
    );
    assert!(
        found.is_empty(),
        "imports that run upwards:\n{}",
        found.join("\n")
    );
}

#[test]
fn diagnostics_and_rule_metadata_sit_at_the_bottom() {
    let found = offending(
        &["diagnostic.rs", "meta.rs"],
        &["crate::rules", "crate::project", "crate::compose"],
    );
    assert!(
        found.is_empty(),
        "imports that run upwards:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_catches_an_upward_import() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("x.rs");
    std::fs::write(
        &file,
        "// crate::linter in a comment\nuse crate::rulesets;\nuse crate::rules::RULES;\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let found = offending_in(std::slice::from_ref(&file), &UPPER);
    assert_eq!(found, [format!("{}:3", file.display())]);
}
