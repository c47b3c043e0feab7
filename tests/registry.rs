//! Keeps the rule registry honest: names, documentation, and executable
//! documentation examples (each `## Example` triggers its rule, each
//! `## Use instead` is clean).

use compose_lint::{Config, FileKind, Linter, Project, ProjectSpec, RULES};

/// Prefixes that name a fix or an instruction instead of the problem.
const DISALLOWED_PREFIXES: [&str; 6] = ["no-", "avoid-", "prefer-", "use-", "do-not-", "dont-"];

const REQUIRED_HEADINGS: [&str; 4] = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
];

#[test]
fn names_are_unique_sorted_kebab_case_problems() {
    let names: Vec<&str> = RULES.iter().map(|r| r.meta().name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        names, sorted,
        "RULES must be sorted by name, without duplicates"
    );
    for name in names {
        let kebab = !name.is_empty()
            && name.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        assert!(kebab, "`{name}` is not kebab-case");
        for prefix in DISALLOWED_PREFIXES {
            assert!(
                !name.starts_with(prefix),
                "`{name}` names a fix, not the problem"
            );
        }
    }
}

#[test]
fn every_rule_documents_itself_with_the_required_headings() {
    for rule in RULES {
        let meta = rule.meta();
        let docs = meta.documentation();
        let mut last = 0;
        for heading in REQUIRED_HEADINGS {
            let found = docs
                .lines()
                .position(|line| line.trim_end() == heading)
                .unwrap_or_else(|| panic!("{}: missing `{heading}`", meta.name));
            assert!(found >= last, "{}: `{heading}` is out of order", meta.name);
            last = found;
        }
        assert!(!meta.summary.is_empty(), "{}: empty summary", meta.name);
        assert!(
            meta.url().ends_with(&format!("/{}.md", meta.name)),
            "{}: docs link",
            meta.name
        );
    }
}

/// The first ```yaml block after `heading`.
fn yaml_block(docs: &str, heading: &str) -> Option<String> {
    let after = &docs[docs.find(heading)? + heading.len()..];
    let start = after.find("```yaml\n")? + "```yaml\n".len();
    let end = after[start..].find("```")?;
    Some(after[start..start + end].to_string())
}

/// Lints a documentation example. A block with `# file: PATH` lines is a
/// project of several files, written to a fresh directory and loaded as
/// Compose would load that directory (or, when it has a `prometheus.yml`
/// and no compose file, as that Prometheus configuration); other blocks are
/// one compose file.
/// Either way the environment is empty. `\xHH` in an example stands for
/// the byte `HH`, for examples that are not UTF-8 text.
fn rules_fired(text: String, rule: &str) -> Vec<&'static str> {
    // The rule documented runs even when it is opt-in.
    let config = Config::default()
        .enable(rule)
        .unwrap_or_else(|e| panic!("{rule}: {e}"));
    let linter = Linter::new(config);
    if !text.starts_with("# file: ") {
        let mut project = Project::new(".");
        project.add_bytes("example.yaml", FileKind::Compose, with_escaped_bytes(&text));
        let report = linter.check_project(&project);
        return report.diagnostics().iter().map(|d| d.rule()).collect();
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for part in text.split("# file: ").filter(|p| !p.is_empty()) {
        let (name, body) = part.split_once('\n').unwrap_or((part, ""));
        // `# file: NAME -> TARGET` is a symbolic link.
        if let Some((link, target)) = name.trim().split_once(" -> ") {
            #[cfg(unix)]
            std::os::unix::fs::symlink(target, dir.path().join(link))
                .unwrap_or_else(|e| panic!("{e}"));
            #[cfg(not(unix))]
            let _ = (link, target);
            continue;
        }
        let (name, mode) = file_mode(name.trim());
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, body).unwrap_or_else(|e| panic!("{e}"));
        #[cfg(unix)]
        if let Some(mode) = mode {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        #[cfg(not(unix))]
        let _ = mode;
    }
    // A Prometheus configuration without a compose file is linted as
    // `compose-lint check prometheus.yml`.
    let prometheus = dir.path().join("prometheus.yml");
    let spec = if prometheus.is_file() && compose_lint::discover(dir.path()).projects.is_empty() {
        ProjectSpec::from_files([prometheus])
    } else {
        ProjectSpec::in_directory(dir.path())
    }
    .with_environment(Default::default());
    let report = linter.check(&spec).unwrap_or_else(|e| panic!("{e}"));
    report.diagnostics().iter().map(|d| d.rule()).collect()
}

/// `text` with each `\xHH` replaced by the byte it names.
fn with_escaped_bytes(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\\x")
            && let Some(byte) = text
                .get(i + 2..i + 4)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 4;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// `prometheus.yml (mode 0600)`: the file's name and the mode it is
/// created with, for rules about permissions (git keeps no modes, so
/// examples say them).
fn file_mode(name: &str) -> (&str, Option<u32>) {
    if let Some((file, rest)) = name.split_once(" (mode ")
        && let Some(mode) = rest
            .strip_suffix(')')
            .and_then(|m| u32::from_str_radix(m, 8).ok())
    {
        return (file, Some(mode));
    }
    (name, None)
}

#[test]
fn documentation_examples_trigger_and_use_instead_is_clean() {
    for rule in RULES {
        let meta = rule.meta();
        let docs = meta.documentation();
        let example = yaml_block(&docs, "## Example")
            .unwrap_or_else(|| panic!("{}: `## Example` has no yaml block", meta.name));
        let fixed = yaml_block(&docs, "## Use instead")
            .unwrap_or_else(|| panic!("{}: `## Use instead` has no yaml block", meta.name));
        let fired = rules_fired(example, meta.name);
        // Permissions are checked on Unix only.
        if !cfg!(unix) && meta.family == compose_lint::Family::Volumes {
            continue;
        }
        assert!(
            fired.contains(&meta.name),
            "{}: its example does not trigger it (got {fired:?})",
            meta.name
        );
        let fired = rules_fired(fixed, meta.name);
        assert!(
            fired.is_empty(),
            "{}: its `Use instead` block is not clean: {fired:?}",
            meta.name
        );
    }
}

#[test]
fn disabled_rules_stay_silent_and_unknown_names_are_refused() {
    let text = "services:\n  web:\n    image: a:1\n    image: b:2\n";
    let mut project = Project::new(".");
    project.add_text("compose.yaml", FileKind::Compose, text.to_string());
    let config = Config::default()
        .disable("duplicate-key")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        Linter::new(config)
            .check_project(&project)
            .diagnostics()
            .is_empty()
    );
    assert!(Config::default().disable("duplicate-keys").is_err());
}

/// `docs/rules/<name>.md` are generated from the doc comments; set
/// `UPDATE_RULE_DOCS=1` to rewrite them.
#[test]
fn generated_rule_docs_are_up_to_date() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
    let update = std::env::var_os("UPDATE_RULE_DOCS").is_some();
    let mut stale = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        let path = dir.join(format!("{}.md", meta.name));
        let page = meta.markdown_page();
        if update {
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&path, &page).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    let pages = std::fs::read_dir(&dir).into_iter().flatten().flatten();
    for page in pages {
        let name = page
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".md")
            .to_string();
        if !RULES.iter().any(|r| r.meta().name == name) {
            stale.push(format!("{} documents no rule", page.path().display()));
        }
    }
    assert!(
        stale.is_empty(),
        "stale rule docs (run UPDATE_RULE_DOCS=1 cargo test --test registry):\n{}",
        stale.join("\n")
    );
}

#[test]
fn readme_lists_every_rule_with_its_severity() {
    let readme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"),
    )
    .unwrap_or_else(|e| panic!("README.md: {e}"));
    for rule in RULES {
        let meta = rule.meta();
        let row = format!(
            "| [`{name}`](docs/rules/{name}.md) | {severity} | {summary} |",
            name = meta.name,
            severity = meta.default_severity.to_string().to_lowercase(),
            summary = meta.summary
        );
        assert!(readme.contains(&row), "README.md lacks the row:\n{row}");
    }
}

/// The configuration schema lists every rule name for editors; with
/// `UPDATE_RULE_DOCS=1` the list is rewritten in place (the rest of the
/// file keeps its layout). `tests/config.rs` checks the list.
#[test]
fn update_the_rule_names_of_the_config_schema() {
    if std::env::var_os("UPDATE_RULE_DOCS").is_none() {
        return;
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../compose-lint/schemas/compose-lint-config.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let rule = text
        .find("\"rule\": {")
        .unwrap_or_else(|| panic!("no rule definition"));
    let open = rule
        + text[rule..]
            .find("\"enum\": [")
            .unwrap_or_else(|| panic!("no rule enum"))
        + "\"enum\": [".len();
    let close = open
        + text[open..]
            .find(']')
            .unwrap_or_else(|| panic!("unclosed enum"));
    let indent = text[open..close]
        .lines()
        .nth(1)
        .map(|line| &line[..line.len() - line.trim_start().len()])
        .unwrap_or("        ")
        .to_string();
    let names: Vec<String> = RULES
        .iter()
        .map(|r| format!("{indent}\"{}\"", r.meta().name))
        .collect();
    let closing = &indent[..indent.len().saturating_sub(2)];
    let updated = format!(
        "{}\n{}\n{closing}{}",
        &text[..open],
        names.join(",\n"),
        &text[close..]
    );
    std::fs::write(&path, updated).unwrap_or_else(|e| panic!("{e}"));
}
