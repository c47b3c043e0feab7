//! compose-lint's schema (`compose-lint/schemas/compose.schema.json`) against the official
//! Compose Specification schema, used as a black-box oracle: over the shared
//! corpus (`../shared/corpus` beside the checkout; the corpus tests pass
//! without it), both must accept and reject the same compose files, except
//! for the disagreements listed, and explained, in [`DISAGREEMENTS`].
//!
//! Each file is loaded the way `compose-lint check -f FILE` loads it, run in
//! the file's directory with an empty process environment; each of its
//! layers (one interpolated document after `include` and `extends`, what
//! Compose validates) is validated with both schemas. A file is accepted by
//! a schema when all of its layers are valid.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use compose_lint::schema::{formats, instance};
use compose_lint::{Config, ProjectSpec};
use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::{Value as Json, json};

/// Corpus files (relative to the corpus root) the two schemas disagree on,
/// and why. The test fails when an entry no longer disagrees.
const DISAGREEMENTS: &[(&str, &str)] = &[
    (
        "compose/docker-compose-v2/pkg/e2e/fixtures/logs-test/cat.yaml",
        "ours reads a short-syntax mount as Compose's ParseVolume does; with `FILE` unset the \
         mount is `:/text_file.txt`, which Compose v2 refuses when it decodes the file \
         (\"invalid spec: :/text_file.txt: empty section between colons\"); the official schema \
         does not check the short syntax",
    ),
    (
        "compose/compose-go/inline/loader/TestServiceDeviceRequestCountInvalidStringType.yaml",
        "ours requires a device `count` to be a number or `all`, as the spec says; the official \
         schema takes any string, and compose-go rejects `some_string` when it decodes the \
         count (\"the only value allowed is 'all' or a number\")",
    ),
    (
        "compose/docker-compose-linter/tests/mocks/docker-compose.correct.yml",
        "our `ports` format rejects `127.0.0.1:3001` (a host IP with no published port: \
         `127.0.0.1` is read as the host port); the official schema does not check the short \
         syntax, and Compose rejects it when it parses the port (go-connections \
         ParsePortSpec: invalid hostPort)",
    ),
];

/// Our schema, compiled with compose-lint's formats, as the library uses it.
fn our_validator() -> &'static Validator {
    compose_lint::schema::validator()
}

/// The official schema, read from the corpus at test time, with the one
/// custom format Compose (compose-go) registers: `duration`, which it checks
/// with Go's `time.ParseDuration`, as compose-lint's `duration` does.
fn official_validator(corpus: &Path) -> Validator {
    let path = corpus.join("schema/compose-spec.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Json =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let duration = formats::find("duration")
        .unwrap_or_else(|| panic!("compose-lint has no `duration` format"))
        .check;
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .with_format("duration", move |text: &str| duration(text).is_ok())
        .build(&schema)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    (root.join("MANIFEST.tsv").is_file() && root.join("schema/compose-spec.json").is_file())
        .then_some(root)
}

/// (path relative to the corpus, verdict) of the compose rows of the
/// manifest: Compose v2's verdict where the manifest has one, else the
/// earlier one.
fn compose_rows(corpus: &Path) -> Vec<(String, String)> {
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv"))
        .unwrap_or_else(|e| panic!("MANIFEST.tsv: {e}"));
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields.get(1) == Some(&"compose")).then(|| {
                let v2 = fields.get(9).copied().filter(|v| !v.is_empty());
                (
                    fields[0].to_string(),
                    v2.or(fields.get(6).copied())
                        .unwrap_or_default()
                        .to_string(),
                )
            })
        })
        .collect()
}

/// The first error `validator` finds in `value`, with its place.
fn first_error(validator: &Validator, value: &Json) -> Option<String> {
    validator.iter_errors(value).next().map(|error| {
        let error = most_specific(&error);
        let at = error.instance_path().to_string();
        let at = if at.is_empty() { "/".to_string() } else { at };
        format!("{at}: {error}")
    })
}

/// Inside a failed `oneOf` or `anyOf`, the deepest error of the branches
/// that do not fail only on the value's type; else the error itself.
fn most_specific<'e>(error: &'e ValidationError<'e>) -> &'e ValidationError<'e> {
    let branches = match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            context
        }
        _ => return error,
    };
    let only_type = |errors: &Vec<ValidationError<'static>>| {
        errors.iter().all(|e| {
            matches!(e.kind(), ValidationErrorKind::Type { .. })
                && e.instance_path() == error.instance_path()
        })
    };
    branches
        .iter()
        .filter(|errors| !only_type(errors))
        .flatten()
        .map(|e| most_specific(e))
        .max_by_key(|e| e.instance_path().into_iter().count())
        .unwrap_or(error)
}

/// How one schema judged one file: `None` when every layer is valid, else
/// the first error.
type Verdict = Option<String>;

struct Judged {
    path: String,
    manifest_verdict: String,
    layers: usize,
    ours: Verdict,
    official: Verdict,
}

/// The corpus judged once for all the tests: `None` without a corpus.
fn judged() -> Option<&'static [Judged]> {
    static JUDGED: OnceLock<Option<Vec<Judged>>> = OnceLock::new();
    JUDGED
        .get_or_init(|| corpus().map(|corpus| judge_corpus(&corpus)))
        .as_deref()
}

/// Loads each compose file of the corpus and validates its layers with both
/// schemas.
fn judge_corpus(corpus: &Path) -> Vec<Judged> {
    let ours = our_validator();
    let official = official_validator(corpus);
    let config = Config::default();
    let mut judged = Vec::new();
    for (path, manifest_verdict) in compose_rows(corpus) {
        let file = corpus.join(&path);
        let directory = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let spec = ProjectSpec::from_files([file.clone()])
            .with_directory(directory)
            .with_environment(Default::default())
            .keeping_layers();
        let project = spec
            .load(&config)
            .unwrap_or_else(|e| panic!("{path}: cannot load: {e}"));
        let layers = project
            .resolved
            .as_ref()
            .map(|resolved| resolved.layers.as_slice())
            .unwrap_or_default();
        let mut verdicts: (Verdict, Verdict) = (None, None);
        for layer in layers {
            let value = instance(&layer.value);
            let name = project
                .file(layer.file)
                .map(|f| {
                    let path = f.source.path();
                    path.strip_prefix(corpus)
                        .unwrap_or(path)
                        .display()
                        .to_string()
                })
                .unwrap_or_default();
            if verdicts.0.is_none() {
                verdicts.0 = first_error(ours, &value).map(|e| format!("{name}: {e}"));
            }
            if verdicts.1.is_none() {
                verdicts.1 = first_error(&official, &value).map(|e| format!("{name}: {e}"));
            }
        }
        judged.push(Judged {
            path,
            manifest_verdict,
            layers: layers.len(),
            ours: verdicts.0,
            official: verdicts.1,
        });
    }
    judged
}

/// Counts of what each schema did (seen with `--nocapture`); every file's
/// verdicts too when `SCHEMA_AGREEMENT_VERBOSE` is set.
#[expect(clippy::print_stderr, reason = "a summary of the comparison")]
fn report(judged: &[Judged]) {
    let ours = judged.iter().filter(|j| j.ours.is_none()).count();
    let official = judged.iter().filter(|j| j.official.is_none()).count();
    let empty = judged.iter().filter(|j| j.layers == 0).count();
    eprintln!(
        "{} compose files ({empty} without any layer to validate): \
         ours accepts {ours}, rejects {}; official accepts {official}, rejects {}",
        judged.len(),
        judged.len() - ours,
        judged.len() - official
    );
    if std::env::var_os("SCHEMA_AGREEMENT_VERBOSE").is_some() {
        for j in judged {
            eprintln!(
                "{} [{}]\n    ours:     {}\n    official: {}",
                j.path,
                j.manifest_verdict,
                describe(&j.ours),
                describe(&j.official)
            );
        }
    }
}

fn describe(verdict: &Verdict) -> String {
    match verdict {
        None => "accepts".to_string(),
        Some(error) => format!("rejects: {error}"),
    }
}

#[test]
fn our_schema_agrees_with_the_official_schema_over_the_corpus() {
    let Some(judged) = judged() else {
        return;
    };
    report(judged);
    assert!(
        judged.len() >= 200,
        "only {} compose files in the corpus",
        judged.len()
    );
    let mut failures = Vec::new();
    for j in judged {
        let disagree = j.ours.is_some() != j.official.is_some();
        let allowed = DISAGREEMENTS.iter().find(|(path, _)| *path == j.path);
        match (disagree, allowed) {
            (true, None) => failures.push(format!(
                "{}\n    ours:     {}\n    official: {}",
                j.path,
                describe(&j.ours),
                describe(&j.official)
            )),
            (false, Some((_, why))) => failures.push(format!(
                "{}: listed in DISAGREEMENTS ({why}) but both schemas {}",
                j.path,
                if j.ours.is_none() {
                    "accept it"
                } else {
                    "reject it"
                }
            )),
            _ => {}
        }
    }
    for (path, _) in DISAGREEMENTS {
        if !judged.iter().any(|j| j.path == *path) {
            failures.push(format!(
                "{path}: listed in DISAGREEMENTS but not a compose file of the corpus"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files:\n{}",
        failures.len(),
        judged.len(),
        failures.join("\n")
    );
}

#[test]
fn our_schema_accepts_every_corpus_file_compose_accepted() {
    let Some(judged) = judged() else {
        return;
    };
    let failures: Vec<String> = judged
        .iter()
        .filter(|j| j.manifest_verdict == "valid")
        .filter_map(|j| Some(format!("{}: {}", j.path, j.ours.as_ref()?)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------- sanity checks

fn ours_accept(value: &Json) -> Result<(), String> {
    match first_error(our_validator(), value) {
        None => Ok(()),
        Some(error) => Err(error),
    }
}

#[track_caller]
fn assert_accepted(value: Json) {
    if let Err(error) = ours_accept(&value) {
        panic!("rejected {value}: {error}");
    }
}

#[track_caller]
fn assert_rejected(value: Json) {
    assert!(ours_accept(&value).is_err(), "accepted {value}");
}

#[test]
fn a_minimal_project_is_valid() {
    assert_accepted(json!({"services": {"web": {"image": "nginx"}}}));
    assert_accepted(json!({}));
    assert_accepted(json!({"version": "3.8", "name": "demo", "x-anything": [1, 2]}));
}

#[test]
fn unknown_keys_are_rejected_but_extensions_are_not() {
    assert_rejected(json!({"services": {"web": {"image": "nginx", "imgae": "x"}}}));
    assert_rejected(json!({"servces": {}}));
    assert_rejected(json!({"networks": {"n": {"subnet": "10.0.0.0/24"}}}));
    assert_accepted(json!({"services": {"web": {"image": "nginx", "x-note": "ok"}}}));
    assert_accepted(json!({"networks": {"n": {"x-note": 1}}, "volumes": {"v": {"x-note": 1}}}));
    assert_accepted(json!({"services": {"web": {"deploy": {"placement": {"x-aws-role": "r"}}}}}));
}

#[test]
fn resource_entries_may_be_empty() {
    assert_accepted(json!({
        "services": {"web": {"image": "nginx", "networks": {"front": null}}},
        "networks": {"front": null},
        "volumes": {"data": null}
    }));
}

/// A project of one service `web` with the given keys.
fn web(service: Json) -> Json {
    json!({"services": {"web": service}})
}

#[test]
fn durations_are_checked() {
    let healthcheck = |interval: &str| web(json!({"healthcheck": {"interval": interval}}));
    assert_accepted(healthcheck("1m30s"));
    assert_accepted(healthcheck("500ms"));
    assert_accepted(healthcheck("0"));
    assert_rejected(healthcheck("1x"));
    assert_rejected(healthcheck("10"));
}

#[test]
fn ports_are_checked() {
    let ports = |port: Json| web(json!({"image": "nginx", "ports": [port]}));
    assert_accepted(ports(json!("8080:80")));
    assert_accepted(ports(json!("127.0.0.1:5000-5010:5000-5010/udp")));
    assert_accepted(ports(json!("[::1]:6001:6001")));
    assert_accepted(ports(json!(80)));
    assert_accepted(ports(
        json!({"target": 80, "published": "8000-8010", "protocol": "tcp", "mode": "host"}),
    ));
    assert_rejected(ports(json!("99999999:80")));
    assert_rejected(ports(json!({"target": 80, "protocol": "tcpp"})));
    assert_rejected(ports(json!({"target": 80, "public": "8080"})));
}

#[test]
fn long_forms_and_alternatives_are_accepted() {
    assert_accepted(json!({"services": {
        "web": {
            "image": "nginx",
            "depends_on": {"db": {"condition": "service_healthy", "restart": true}},
            "restart": "on-failure:3",
            "pull_policy": "every_12h",
            "env_file": [".env", {"path": "opt.env", "required": false, "format": "raw"}],
            "volumes": ["data:/data:ro", {"type": "tmpfs", "target": "/tmp", "tmpfs": {"size": "64m"}}],
            "secrets": ["token", {"source": "cert", "target": "cert.pem", "mode": 288}],
            "extends": {"service": "base", "file": "common.yml"},
            "develop": {"watch": [{"path": "./src", "action": "sync+exec", "target": "/app", "exec": {"command": "reload"}}]},
            "gpus": "all",
            "models": {"llm": {"endpoint_var": "LLM_URL"}},
            "post_start": [{"command": ["./ready.sh"], "user": "root"}],
        },
        "db": {"image": "postgres", "depends_on": ["cache"], "mem_limit": "512m", "cpus": 0.5},
    }}));
    assert_rejected(json!({"services": {"web": {"depends_on": {"db": {"condition": "healthy"}}}}}));
    assert_rejected(json!({"services": {"web": {"restart": "sometimes"}}}));
    assert_rejected(json!({"services": {"web": {"extends": {"file": "common.yml"}}}}));
    assert_rejected(json!({"services": {"web": {"secrets": [{"target": "x"}]}}}));
    assert_rejected(json!({"services": {"web": {"develop": {"watch": [{"path": "."}]}}}}));
}

#[test]
fn compose_behaviour_the_spec_leaves_open_is_followed() {
    // Compose refuses repeated entries in most lists.
    assert_rejected(web(json!({"cap_add": ["NET_ADMIN", "NET_ADMIN"]})));
    assert_rejected(web(json!({"environment": ["A=1", "A=1"]})));
    assert_accepted(web(json!({"command": ["echo", "echo"]})));
    // It converts strings to booleans where it does not cast them while
    // interpolating.
    assert_accepted(web(
        json!({"attach": "false", "build": {"no_cache": "TRUE"}}),
    ));
    assert_rejected(web(json!({"attach": "maybe"})));
    // A long-form dependency names its condition; ulimits give both limits.
    assert_rejected(web(json!({"depends_on": {"db": {"required": false}}})));
    assert_rejected(web(json!({"ulimits": {"nofile": {"soft": 1024}}})));
    // Devices are reserved, not limited; the PIDs limit is not reserved.
    assert_rejected(web(
        json!({"deploy": {"resources": {"limits": {"devices": [{"capabilities": ["gpu"]}]}}}}),
    ));
    assert_rejected(web(
        json!({"deploy": {"resources": {"reservations": {"pids": 10}}}}),
    ));
    // `deploy` and `develop` may be empty.
    assert_accepted(web(json!({"deploy": null, "develop": null})));
    // Extensions are refused where compose-go has nowhere to keep them.
    assert_rejected(web(json!({"extends": {"service": "base", "x-note": 1}})));
    assert_rejected(web(json!({"blkio_config": {"x-note": 1}})));
}
