//! Inputs the fuzz targets (`fuzz/`) crashed on, and hostile inputs made by
//! hand, replayed through the same code path as their target: every file
//! of `fixtures/fuzz/<target>/` must be linted and rendered without a
//! panic. The harness is the fuzz crate's own `fuzz/src/lib.rs`.
//!
//! The last tests check that each target's input reaches the checks it is
//! meant for, so the targets keep fuzzing what they say they do.

#[allow(unreachable_pub)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use compose_lint::Report;

/// Runs every file of `fixtures/fuzz/<target>/` through `run`; fails
/// naming each input that panicked, and when the directory has none.
fn replay(target: &str, run: fn(&[u8]) -> Report) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../fixtures/fuzz/{target}"));
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    inputs.sort();
    assert!(!inputs.is_empty(), "{} holds no input", dir.display());
    let panicked: Vec<String> = inputs
        .iter()
        .filter(|path| {
            let bytes = std::fs::read(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            catch_unwind(AssertUnwindSafe(|| run(&bytes))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(panicked.is_empty(), "panicked on: {panicked:#?}");
}

#[test]
fn compose_inputs_do_not_panic() {
    replay("compose", harness::compose);
}

#[test]
fn prometheus_inputs_do_not_panic() {
    replay("prometheus", harness::prometheus);
}

#[test]
fn rules_inputs_do_not_panic() {
    replay("rules", harness::rules);
}

#[test]
fn dotenv_inputs_do_not_panic() {
    replay("dotenv", harness::dotenv);
}

#[test]
fn alloy_inputs_do_not_panic() {
    replay("alloy", harness::alloy);
}

/// The rules `report` found in the file whose path ends with `file`.
fn rules_in(report: &Report, file: &str) -> Vec<&'static str> {
    report
        .diagnostics()
        .iter()
        .filter(|d| d.primary().source().path().ends_with(file))
        .map(|d| d.rule())
        .collect()
}

#[test]
fn compose_target_lints_the_input() {
    let report =
        harness::compose(b"services:\n  web:\n    image: nginx:1.27\n    image: httpd:2.4\n");
    assert!(
        rules_in(&report, "compose.yaml").contains(&"duplicate-key"),
        "{:?}",
        report.diagnostics()
    );
}

#[test]
fn prometheus_target_reads_the_input_in_the_service_view() {
    let input = b"scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [\"nowhere:9100\"]\n  - job_name: a\n    static_configs:\n      - targets: [\"node-exporter:9100\"]\n";
    let report = harness::prometheus(input);
    let found = rules_in(&report, "prometheus/prometheus.yml");
    // A host no service is called needs the compose project around the
    // configuration: the service's view, not the file alone.
    for rule in ["duplicate-job-name", "scrape-target-unknown-host"] {
        assert!(found.contains(&rule), "{rule} not in {found:?}");
    }
}

#[test]
fn rules_target_reaches_the_rule_checks() {
    let input =
        b"groups:\n  - name: g\n    rules:\n      - alert: Broken\n        expr: rate(x[5m]\n";
    let report = harness::rules(input);
    let found = rules_in(&report, "prometheus/rules.yml");
    assert!(found.contains(&"promql-syntax-error"), "{found:?}");
}

#[test]
fn dotenv_target_interpolates_the_compose_file() {
    let unset = harness::dotenv(b"");
    assert!(
        rules_in(&unset, "compose.yaml").contains(&"required-variable-missing"),
        "{:?}",
        unset.diagnostics()
    );
    let set = harness::dotenv(b"PORT=8080\nTAG=1.27\n");
    assert!(
        !rules_in(&set, "compose.yaml").contains(&"required-variable-missing"),
        "{:?}",
        set.diagnostics()
    );
    let bad = harness::dotenv(b"PORT=8080\nTAG=1.27\nNOT A LINE\n");
    assert!(
        rules_in(&bad, ".env").contains(&"dotenv-syntax-error"),
        "{:?}",
        bad.diagnostics()
    );
}

#[test]
fn alloy_target_reaches_the_client_checks() {
    let input =
        b"loki.write \"default\" {\n  endpoint {\n    url = \"http://127.0.0.1:3100/loki/api/v1/push\"\n  }\n}\n";
    let report = harness::alloy(input);
    let found = rules_in(&report, "alloy/config.alloy");
    assert!(found.contains(&"client-url-localhost"), "{found:?}");
}
