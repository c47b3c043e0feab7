//! The repairs rules offer: applied to the original text, they fix what
//! was reported and change no other byte.

use std::path::Path;

use compose_lint::ResolveOptions;
use compose_lint::{Applicability, Config, Diagnostic, FileKind, Linter, Project};

/// The diagnostics of `text`, leaving out the rules that look for the
/// files it mounts: the text is linted away from its directory.
fn lint(text: &str) -> Vec<Diagnostic> {
    let mut project = Project::new(".");
    project.add_text("compose.yaml", FileKind::Compose, text.to_string());
    project.resolve(&ResolveOptions::default());
    Linter::new(Config::default())
        .check_project(&project)
        .into_diagnostics()
        .into_iter()
        .filter(|d| {
            !matches!(
                d.rule(),
                "bind-source-missing" | "bind-source-directory-missing"
            )
        })
        .collect()
}

#[test]
fn the_seed_healthcheck_fix_leaves_a_clean_file_and_every_other_byte() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/rules/healthcheck-shell-syntax-in-exec-form/seed-monitoring-stack.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    // The seed's security findings (its published admin API, Grafana's
    // default password) are not the healthcheck's and stay after the fix.
    let lint = |text: &str| -> Vec<Diagnostic> {
        lint(text)
            .into_iter()
            .filter(|d| d.rule_meta().family != compose_lint::Family::Security)
            .collect()
    };
    let diagnostics = lint(&text);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let fix = diagnostics[0]
        .fix()
        .unwrap_or_else(|| panic!("no fix offered"));
    assert_eq!(fix.applicability(), Applicability::Safe);
    let fixed = fix
        .apply_to(diagnostics[0].primary().source())
        .unwrap_or_else(|| panic!("the edits do not apply"));
    assert_eq!(lint(&fixed).len(), 0, "{fixed}");
    let edit = &fix.edits()[0];
    let span = edit.span();
    assert_eq!(fixed[..span.start], text[..span.start]);
    assert_eq!(
        fixed[span.start + edit.replacement().len()..],
        text[span.end..]
    );
    assert!(
        edit.replacement().contains(
            "wget --no-verbose --tries=1 --spider http://localhost:9090/-/healthy || exit 1"
        ),
        "{}",
        edit.replacement()
    );
}

#[test]
fn a_block_list_is_replaced_whole_and_the_comment_after_it_kept() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      test:\n        - CMD\n        - curl\n        - -f\n        - http://localhost/\n        - \"||\"\n        - exit\n        - \"1\"\n      # checked every 30s\n      interval: 30s\n";
    let diagnostics = lint(text);
    let fix = diagnostics[0]
        .fix()
        .unwrap_or_else(|| panic!("no fix offered: {diagnostics:#?}"));
    let fixed = fix
        .apply_to(diagnostics[0].primary().source())
        .unwrap_or_else(|| panic!("the edits do not apply"));
    assert!(fixed.contains("# checked every 30s"), "{fixed}");
    assert_eq!(lint(&fixed).len(), 0, "{fixed}");
}

#[test]
fn no_fix_where_the_rewrite_would_lose_a_comment_or_a_variable() {
    for text in [
        "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      test:\n        - CMD\n        # probe the front page\n        - curl\n        - \"||\"\n        - \"true\"\n",
        "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"http://localhost:${PORT:-80}/\", \"||\", \"true\"]\n",
    ] {
        let diagnostics = lint(text);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert!(diagnostics[0].fix().is_none(), "{text}");
    }
}

#[test]
fn a_fix_that_changes_other_words_is_marked_unsafe() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"http://localhost/?a=*\", \"||\", \"exit\", \"1\"]\n";
    let diagnostics = lint(text);
    let fix = diagnostics[0]
        .fix()
        .unwrap_or_else(|| panic!("no fix offered"));
    assert_eq!(fix.applicability(), Applicability::Unsafe);
}

#[test]
fn the_version_fix_deletes_exactly_its_line() {
    let text =
        "# Compose 1 stack\nversion: '2.4'   # old\nservices:\n  web:\n    image: nginx:1.27\n";
    let diagnostics = lint(text);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].rule(), "obsolete-version");
    let fix = diagnostics[0]
        .fix()
        .unwrap_or_else(|| panic!("no fix offered"));
    assert_eq!(fix.applicability(), Applicability::Safe);
    let fixed = fix
        .apply_to(diagnostics[0].primary().source())
        .unwrap_or_else(|| panic!("the edits do not apply"));
    assert_eq!(
        fixed,
        "# Compose 1 stack\nservices:\n  web:\n    image: nginx:1.27\n"
    );
    assert!(lint(&fixed).is_empty());
}

#[test]
fn a_version_sharing_its_line_gets_no_fix() {
    let diagnostics = lint("{version: '3', services: {web: {image: 'nginx:1.27'}}}\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(diagnostics[0].fix().is_none());
}

/// The one fix of `text`'s only finding of `rule`, applied.
fn fixed_by(rule: &str, text: &str) -> Option<String> {
    let diagnostics: Vec<Diagnostic> = lint(text)
        .into_iter()
        .filter(|d| d.rule() == rule)
        .collect();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let fix = diagnostics[0].fix()?;
    assert_eq!(fix.applicability(), Applicability::Safe);
    fix.apply_to(diagnostics[0].primary().source())
}

#[test]
fn a_misspelt_key_or_word_with_one_close_match_is_renamed() {
    let key = "services:\n  web:\n    image: nginx:1.27\n    healtcheck:\n      test: [\"CMD\", \"true\"]\n";
    let fixed = fixed_by("unknown-key", key).unwrap_or_else(|| panic!("no fix"));
    assert_eq!(fixed, key.replace("healtcheck", "healthcheck"));
    assert!(
        lint(&fixed).iter().all(|d| d.rule() != "unknown-key"),
        "{fixed}"
    );

    let word = "services:\n  web:\n    image: nginx:1.27\n    restart: unless-stoped\n";
    let fixed = fixed_by("invalid-value", word).unwrap_or_else(|| panic!("no fix"));
    assert_eq!(fixed, word.replace("unless-stoped", "unless-stopped"));

    // Quoted, through a variable, or with no single closest name: no fix.
    let quoted = "services:\n  web:\n    image: nginx:1.27\n    restart: \"unless-stoped\"\n";
    assert_eq!(fixed_by("invalid-value", quoted), None);
    let variable = "services:\n  web:\n    image: nginx:1.27\n    restart: ${R:-unless-stoped}\n";
    assert_eq!(fixed_by("invalid-value", variable), None);
    let far = "services:\n  web:\n    image: nginx:1.27\n    flavour: x\n";
    assert_eq!(fixed_by("unknown-key", far), None);
    // The name is taken already, or two keys would become it: no rename.
    let taken = "services:\n  web:\n    image: nginx:1.27\n    imgae: nginx:1.27\n";
    assert_eq!(fixed_by("unknown-key", taken), None);
    let twice = "services:\n  web:\n    imgae: a:1\n    imag: b:1\n";
    let fixes: Vec<bool> = lint(twice)
        .iter()
        .filter(|d| d.rule() == "unknown-key")
        .map(|d| d.fix().is_some())
        .collect();
    assert_eq!(fixes, [false, false]);
}

#[test]
fn a_writable_configuration_mount_gets_ro_only_in_its_plain_short_form() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(dir.path().join(".git")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("prometheus.yml"), "global: {}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let text = "services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n      - \"./prometheus.yml:/etc/prometheus/other.yml\"\n      - ./prometheus.yml:/etc/prometheus/third.yml:rw\n      - >-\n        ./prometheus.yml:/etc/prometheus/fourth.yml\n";
    std::fs::write(dir.path().join("compose.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    let config = Config::default()
        .enable("config-mounted-writable")
        .unwrap_or_else(|e| panic!("{e}"));
    let spec = compose_lint::ProjectSpec::from_files([dir.path().join("compose.yaml")]);
    let report = Linter::new(config)
        .check_all(&[spec])
        .pop()
        .unwrap_or_else(|| panic!("no report"))
        .unwrap_or_else(|e| panic!("{e}"));
    let fixes: Vec<String> = report
        .diagnostics()
        .iter()
        .filter(|d| d.rule() == "config-mounted-writable")
        .map(|d| {
            d.fix()
                .and_then(|f| f.apply_to(d.primary().source()))
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(fixes.len(), 4, "{fixes:?}");
    assert_eq!(
        fixes[0],
        text.replace(
            "/etc/prometheus/prometheus.yml\n",
            "/etc/prometheus/prometheus.yml:ro\n"
        )
    );
    assert_eq!(fixes[1], text.replace("other.yml\"", "other.yml:ro\""));
    assert_eq!(fixes[2], "", "a mount with a mode is left to a person");
    assert_eq!(fixes[3], "", "a block scalar is left to a person");
}

#[test]
fn a_key_yaml_reads_as_a_number_is_quoted_in_place() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    sysctls:\n      1: 0  # why\n";
    let fixed = fixed_by("non-string-key", text).unwrap_or_else(|| panic!("no fix"));
    assert_eq!(fixed, text.replace("      1: 0", "      \"1\": 0"));
    assert!(
        lint(&fixed).iter().all(|d| d.rule() != "non-string-key"),
        "{fixed}"
    );
    // Through an alias or a tag, or empty: reported, but not rewritten.
    let tagged = "services:\n  web:\n    image: nginx:1.27\n    sysctls:\n      !!int 1: 0\n";
    assert_eq!(fixed_by("non-string-key", tagged), None);
    let empty = "services:\n  web:\n    image: nginx:1.27\n    sysctls:\n      ? \n      : 0\n";
    assert_eq!(fixed_by("non-string-key", empty), None);
}
