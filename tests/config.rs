//! The configuration file and inline suppressions, end to end: what they
//! silence (exactly what they name), where silenced findings go, how bad
//! configurations are refused, the image facts a configuration adds, and
//! that the JSON schema of the file agrees with the parser.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Output, collect};
use compose_lint::Family;
use compose_lint::{Config, ConfigFile, FileKind, Linter, Project, RULES, SuppressionKind};
use serde_json::Value;
use tempfile::TempDir;

/// Two findings on separate lines: a floating tag (info) and a privileged
/// container (warning), plus a floating tag in a second service.
const COMPOSE: &str = "\
services:
  web:
    image: nginx
    privileged: true
  cache:
    image: redis
";

/// A temporary directory holding `files`, with a `.git` directory so that
/// the configuration search stops there.
fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    std::fs::create_dir(dir.path().join(".git")).expect("create .git");
    for (path, contents) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create a directory");
        }
        std::fs::write(&path, contents).expect("write a file");
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let mut command: Command = common::binary();
    command.args(args).current_dir(dir);
    collect(command)
}

/// `rule@line` for each finding of the compact output.
fn findings(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| {
            let mut parts = line.split(':');
            let path = parts.next()?;
            let line_number = parts.next()?;
            let rule = line.split('[').nth(1)?.split(']').next()?;
            Some(format!("{path}:{line_number} {rule}"))
        })
        .collect()
}

#[test]
fn without_configuration_every_finding_counts() {
    let dir = project(&[("compose.yaml", COMPOSE)]);
    let out = run(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        findings(&out.stdout),
        [
            "compose.yaml:3 image-tag-floating",
            "compose.yaml:4 privileged-container",
            "compose.yaml:6 image-tag-floating",
        ]
    );
}

#[test]
fn inline_suppression_silences_exactly_the_named_rule_on_its_line() {
    let compose = "\
services:
  web:
    image: nginx  # compose-lint: ignore[privileged-container, image-tag-floating] dev image
    # compose-lint: ignore[image-tag-floating] the next line is not an image
    privileged: true
  cache:
    image: redis
";
    let dir = project(&[("compose.yaml", compose)]);
    let out = run(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        findings(&out.stdout),
        [
            // `privileged-container` is named on line 3, not line 5.
            "compose.yaml:3 unused-suppression",
            "compose.yaml:4 unused-suppression",
            "compose.yaml:5 privileged-container",
            "compose.yaml:7 image-tag-floating",
        ]
    );

    let mut project = Project::new(dir.path());
    project.add_text(
        dir.path().join("compose.yaml"),
        FileKind::Compose,
        compose.to_string(),
    );
    let report = Linter::new(Config::default()).check_project(&project);
    let suppressed = report.suppressed();
    assert_eq!(suppressed.len(), 1, "{suppressed:?}");
    assert_eq!(suppressed[0].rule(), "image-tag-floating");
    assert_eq!(suppressed[0].primary().start().line, 3);
    let suppression = suppressed[0].suppression().expect("a suppression");
    assert_eq!(suppression.kind, SuppressionKind::InSource);
    assert_eq!(suppression.justification.as_deref(), Some("dev image"));
}

#[test]
fn configuration_silences_exactly_what_it_names() {
    let config = r#"
fail-on = "error"

[severity]
privileged-container = "error"

[[per-path-ignores]]
paths = ["legacy"]
rules = ["privileged-container"]
reason = "retired next quarter"
"#;
    let dir = project(&[
        ("compose-lint.toml", config),
        ("compose.yaml", COMPOSE),
        ("legacy/compose.yaml", COMPOSE),
    ]);
    let out = run(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        findings(&out.stdout),
        [
            "compose.yaml:3 image-tag-floating",
            "compose.yaml:4 privileged-container",
            "compose.yaml:6 image-tag-floating",
            "legacy/compose.yaml:3 image-tag-floating",
            "legacy/compose.yaml:6 image-tag-floating",
        ]
    );
    assert!(
        out.stdout
            .contains("compose.yaml:4:17: error[privileged-container]")
    );

    // Only the infos are left: `fail-on = "error"` passes, the flag still
    // overrides it.
    let out = run(dir.path(), &["check", "--format", "compact", "legacy"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        findings(&out.stdout),
        [
            "legacy/compose.yaml:3 image-tag-floating",
            "legacy/compose.yaml:6 image-tag-floating",
        ]
    );
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "compact",
            "--fail-on",
            "info",
            "legacy",
        ],
    );
    assert_eq!(out.code, 1, "{out:?}");

    // Suppressed findings are kept, with the reason.
    let file = ConfigFile::load(&dir.path().join("compose-lint.toml")).expect("load");
    let linter = Linter::new(file.apply(Config::default()));
    let spec = compose_lint::ProjectSpec::from_files([dir.path().join("legacy/compose.yaml")])
        .with_environment(Default::default());
    let report = linter.check(&spec).expect("check");
    let suppressed: Vec<_> = report.suppressed().iter().map(|d| d.rule()).collect();
    assert_eq!(suppressed, ["privileged-container"]);
    let suppression = report.suppressed()[0].suppression().expect("a suppression");
    assert_eq!(suppression.kind, SuppressionKind::Configuration);
    assert_eq!(
        suppression.justification.as_deref(),
        Some("retired next quarter")
    );
}

#[test]
fn config_flags_choose_the_file() {
    let dir = project(&[
        ("compose-lint.toml", "ignore = [\"privileged-container\"]\n"),
        ("other.toml", "ignore = [\"image-tag-floating\"]\n"),
        ("compose.yaml", COMPOSE),
    ]);
    let rules = |args: &[&str]| {
        let mut all = vec!["check", "--format", "compact"];
        all.extend_from_slice(args);
        findings(&run(dir.path(), &all).stdout)
    };
    assert_eq!(
        rules(&[]),
        [
            "compose.yaml:3 image-tag-floating",
            "compose.yaml:6 image-tag-floating"
        ]
    );
    assert_eq!(
        rules(&["--config", "other.toml"]),
        ["compose.yaml:4 privileged-container"]
    );
    assert_eq!(rules(&["--no-config"]).len(), 3);
    assert_eq!(rules(&["--isolated"]).len(), 3);
}

#[test]
fn a_disabled_rule_makes_its_suppressions_inert_not_unused() {
    let compose =
        "services:\n  web:\n    image: nginx:1.27  # compose-lint: ignore[image-tag-floating]\n";
    let dir = project(&[
        ("compose-lint.toml", "ignore = [\"image-tag-floating\"]\n"),
        ("compose.yaml", compose),
    ]);
    let out = run(dir.path(), &["check", "--format", "compact"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{out:?}");
    let out = run(dir.path(), &["check", "--format", "compact", "--no-config"]);
    assert_eq!(findings(&out.stdout), ["compose.yaml:3 unused-suppression"]);
}

#[test]
fn suppression_rules_are_silenced_only_by_the_configuration() {
    let compose = "services:\n  web:\n    image: nginx:1.27  # compose-lint: ignore[image-tag-floating] # compose-lint: ignore[unused-suppression]\n";
    let dir = project(&[("compose.yaml", compose)]);
    let out = run(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(findings(&out.stdout), ["compose.yaml:3 unused-suppression"]);
    std::fs::write(
        dir.path().join("compose-lint.toml"),
        "[severity]\nunused-suppression = \"off\"\n",
    )
    .expect("write");
    let out = run(dir.path(), &["check", "--format", "compact"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{out:?}");
}

#[test]
fn bad_configurations_exit_2_with_the_place_and_a_suggestion() {
    let cases = [
        (
            "selct = []\n",
            "compose-lint.toml:1:1: unknown key `selct`",
            Some("did you mean `select`?"),
        ),
        ("select = [\n", "compose-lint.toml:", None),
        (
            "ignore = [\"privileged-containr\"]\n",
            "compose-lint.toml:1:11: unknown rule or family `privileged-containr`",
            Some("did you mean `privileged-container`?"),
        ),
        (
            "[severity]\nsecurty = \"error\"\n",
            "compose-lint.toml:2:1: unknown rule or family `securty`",
            Some("did you mean `security`?"),
        ),
        (
            "[severity]\nsecurity = \"fatal\"\n",
            "compose-lint.toml:2:12: unknown severity `fatal`",
            None,
        ),
    ];
    for (text, message, help) in cases {
        let dir = project(&[("compose-lint.toml", text), ("compose.yaml", COMPOSE)]);
        let out = run(dir.path(), &["check", "--format", "compact"]);
        assert_eq!(out.code, 2, "{text}: {out:?}");
        assert!(out.stdout.is_empty(), "{text}: {out:?}");
        assert!(out.stderr.contains(message), "{text}: {}", out.stderr);
        if let Some(help) = help {
            assert!(out.stderr.contains(help), "{text}: {}", out.stderr);
        }
    }
    let dir = project(&[("compose.yaml", COMPOSE)]);
    let out = run(dir.path(), &["check", "--config", "missing.toml"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("missing.toml: cannot read"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_search_goes_up_to_the_repository_root_and_no_further() {
    let dir = project(&[
        ("compose-lint.toml", "ignore = [\"image-tag-floating\"]\n"),
        ("stacks/app/compose.yaml", COMPOSE),
        ("nested/.git/HEAD", ""),
        ("nested/compose.yaml", COMPOSE),
    ]);
    let found = ConfigFile::discover(&dir.path().join("stacks/app/compose.yaml"));
    assert_eq!(found, Some(dir.path().join("compose-lint.toml")));
    assert_eq!(ConfigFile::discover(&dir.path().join("nested")), None);
}

/// A private image compose-lint cannot know, a Prometheus that scrapes it
/// and waits for its healthcheck.
const PRIVATE_IMAGE: &str = "\
services:
  api:
    image: registry.example.com/team/api:1.4
    healthcheck:
      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/health\"]
  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    depends_on:
      api:
        condition: service_healthy
";

const SCRAPES_THE_API: &str = "\
scrape_configs:
  - job_name: api
    static_configs:
      - targets: [\"api:9100\"]
";

#[test]
fn configured_images_are_checked_like_known_ones() {
    let config = r#"
[images."registry.example.com/team/api"]
ports = [8080]
curl = false
"#;
    let dir = project(&[
        ("compose-lint.toml", config),
        ("compose.yaml", PRIVATE_IMAGE),
        ("prometheus.yml", SCRAPES_THE_API),
    ]);
    let out = run(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        findings(&out.stdout),
        [
            "compose.yaml:5 healthcheck-tool-missing-in-image",
            "prometheus.yml:4 scrape-target-port-not-listening",
        ]
    );
    // The note names the configuration as the source of the facts.
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert!(
        out.stdout
            .contains(r#"compose-lint.toml `[images.\"registry.example.com/team/api\"]`"#),
        "{}",
        out.stdout
    );

    // Without the configuration the image is unknown, and nothing is said
    // about it.
    let out = run(dir.path(), &["check", "--format", "compact", "--no-config"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{out:?}");

    // A configuration that says the image listens on the scraped port and
    // ships curl clears both.
    std::fs::write(
        dir.path().join("compose-lint.toml"),
        "[images.\"registry.example.com/team/api\"]\nports = [8080]\ncurl = true\nmetrics = { port = 9100 }\n",
    )
    .expect("write");
    let out = run(dir.path(), &["check", "--format", "compact"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{out:?}");

    // The library: the configuration file's catalog travels with the
    // linter's configuration into each project.
    let file = ConfigFile::parse(&dir.path().join("compose-lint.toml"), config).expect("parse");
    let linter = Linter::new(file.apply(Config::default()));
    let spec =
        compose_lint::ProjectSpec::in_directory(dir.path()).with_environment(Default::default());
    let rules: Vec<&str> = linter
        .check(&spec)
        .expect("check")
        .diagnostics()
        .iter()
        .map(|d| d.rule())
        .collect();
    assert_eq!(
        rules,
        [
            "healthcheck-tool-missing-in-image",
            "scrape-target-port-not-listening"
        ]
    );
}

#[test]
fn bad_image_entries_exit_2_with_the_place() {
    let cases = [
        (
            "[images.\"team/api\"]\nport = [80]\n",
            "compose-lint.toml:2:1: unknown key `port` in `images.\"team/api\"`",
            Some("did you mean `ports`?"),
        ),
        (
            "[images.\"team/api:1.0\"]\ncurl = false\n",
            "compose-lint.toml:1:9: `team/api:1.0` is not a repository name without a tag or digest",
            Some("its facts apply to every tag"),
        ),
        (
            "[images.\"team/api\"]\nuser = \"app\"\n",
            "compose-lint.toml:2:8: `user` must be a numeric uid",
            None,
        ),
        (
            "[images.\"team/api\"]\nports = [70000]\n",
            "compose-lint.toml:2:10: `ports` must be between 1 and 65535",
            None,
        ),
    ];
    for (text, message, help) in cases {
        let dir = project(&[("compose-lint.toml", text), ("compose.yaml", COMPOSE)]);
        let out = run(dir.path(), &["check", "--format", "compact"]);
        assert_eq!(out.code, 2, "{text}: {out:?}");
        assert!(out.stdout.is_empty(), "{text}: {out:?}");
        assert!(out.stderr.contains(message), "{text}: {}", out.stderr);
        if let Some(help) = help {
            assert!(out.stderr.contains(help), "{text}: {}", out.stderr);
        }
    }
}

fn schema() -> Value {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../compose-lint/schemas/compose-lint-config.schema.json"),
    )
    .expect("read the schema");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

#[test]
fn the_schema_names_every_rule_family_and_key_the_parser_knows() {
    let schema = schema();
    let rules: Vec<String> = RULES.iter().map(|r| r.meta().name.to_string()).collect();
    assert_eq!(
        strings(&schema["$defs"]["rule"]["enum"]),
        rules,
        "schemas/compose-lint-config.schema.json must list every rule, sorted (UPDATE_RULE_DOCS=1 cargo test --test registry rewrites it)"
    );
    let families: Vec<String> = Family::ALL.iter().map(|f| f.as_str().to_string()).collect();
    assert_eq!(strings(&schema["$defs"]["family"]["enum"]), families);
    // The keys of each table are checked against the parser's lists by
    // the library's own tests (config.rs).
}

#[test]
fn the_schema_and_the_parser_accept_and_refuse_the_same_files() {
    let validator = jsonschema::validator_for(&schema()).expect("the schema compiles");
    let samples = [
        ("", true),
        ("fail-on = \"info\"\n", true),
        ("fail-on = \"never\"\n", false),
        (
            "select = [\"security\", \"unused-volume\"]\nignore = [\"grafana\"]\n",
            true,
        ),
        ("select = \"security\"\n", false),
        ("ignore = [\"no-such-rule\"]\n", false),
        (
            "[severity]\nsecurity = \"off\"\nunused-volume = \"info\"\n",
            true,
        ),
        ("[severity]\nsecurity = \"fatal\"\n", false),
        ("[severity]\nno-such-family = \"info\"\n", false),
        (
            "[[per-path-ignores]]\npaths = [\"a/**\"]\nrules = [\"ports\"]\nreason = \"x\"\n",
            true,
        ),
        ("[[per-path-ignores]]\npaths = [\"a\"]\n", false),
        (
            "[[per-path-ignores]]\npaths = [\"a\"]\nrules = [\"ports\"]\nwhy = \"x\"\n",
            false,
        ),
        (
            "[per-path-ignores]\npaths = [\"a\"]\nrules = [\"ports\"]\n",
            false,
        ),
        ("unknown = 1\n", false),
        (
            "[images.\"registry.example.com/team/api\"]\nports = [8080, 9000]\nuser = \"10001:10001\"\ncurl = false\nwget = true\nshell = true\nhealthcheck = false\nmetrics = { port = 9102, path = \"/metrics\" }\ndata-dir = \"/data\"\n",
            true,
        ),
        ("[images.\"localhost:5000/api\"]\nuser = 0\n", true),
        ("[images.\"redis\"]\nmetrics = { port = 9121 }\n", true),
        ("[images.\"api:1.0\"]\n", false),
        ("[images.\"api@sha256:ff\"]\n", false),
        ("[images.\"team/\"]\n", false),
        ("[images.\"api\"]\nport = [80]\n", false),
        ("[images.\"api\"]\nports = [0]\n", false),
        ("[images.\"api\"]\nports = 80\n", false),
        ("[images.\"api\"]\ncurl = \"no\"\n", false),
        ("[images.\"api\"]\nuser = \"app\"\n", false),
        ("[images.\"api\"]\nuser = \"1:x\"\n", false),
        ("[images.\"api\"]\nuser = -1\n", false),
        ("[images.\"api\"]\nmetrics = { path = \"/m\" }\n", false),
        (
            "[images.\"api\"]\nmetrics = { port = 9100, path = \"m\" }\n",
            false,
        ),
        (
            "[images.\"api\"]\nmetrics = { port = 9100, scheme = \"http\" }\n",
            false,
        ),
        ("[images.\"api\"]\ndata-dir = \"data\"\n", false),
        ("images = 1\n", false),
        ("[images]\napi = 1\n", false),
    ];
    for (text, valid) in samples {
        let parsed = ConfigFile::parse(Path::new("compose-lint.toml"), text);
        assert_eq!(parsed.is_ok(), valid, "parser on {text:?}: {parsed:?}");
        let json: Value = toml::from_str(text).expect("the samples are TOML");
        assert_eq!(validator.is_valid(&json), valid, "schema on {text:?}");
    }
}

/// A configuration that is a device, a FIFO or too large is refused with a
/// word (exit 2), never read without end nor passed over.
#[cfg(unix)]
#[test]
fn configurations_that_are_not_regular_files_are_refused() {
    let dir = project(&[("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")]);
    let out = run(
        dir.path(),
        &["check", "--config", "/dev/zero", "compose.yaml"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);

    let fifo = dir.path().join("compose-lint.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|status| status.success()) {
        let out = run(dir.path(), &["check", "compose.yaml"]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
        std::fs::remove_file(&fifo).unwrap_or_else(|e| panic!("{e}"));
    }

    let large = format!("# {}\n", "x".repeat(2 * 1024 * 1024));
    std::fs::write(&fifo, large).unwrap_or_else(|e| panic!("{e}"));
    let out = run(dir.path(), &["check", "compose.yaml"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("larger than"), "{}", out.stderr);
}
