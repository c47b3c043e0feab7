//! What each fuzz target does with its input, through the library's public
//! API only: the bytes become one file of a project, the project is loaded
//! and linted, and the report is rendered in every output format, with the
//! fix plan and the resolved configuration (`compose-lint config`).
//!
//! The workspace's `tests/fuzz_regressions.rs` includes this file, so the
//! inputs saved under `fixtures/fuzz/<target>/` are replayed through the very
//! code path their target runs.
//!
//! The project lives in `fuzz/project/`: its compose file is given in
//! memory, and the files the services mount there (`prometheus/`,
//! `alloy/`) exist on disk only so the bind mounts name files; the project
//! is given their content in memory before it is loaded, so nothing is
//! written while fuzzing.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use compose_lint::Environment;
use compose_lint::ResolveOptions;
use compose_lint::render::{self, HumanOptions};
use compose_lint::{FileKind, Linter, Project, Report};

/// The project a compose file, a Prometheus configuration, its rule file
/// and an Alloy configuration are read in: a node exporter scraped by
/// Prometheus, and an Alloy pushing to Loki.
pub const MONITORING_COMPOSE: &str = r#"name: fuzz
services:
  app:
    image: nginx:1.27
    ports:
      - "8080:80"
    networks: [front]
  node-exporter:
    image: prom/node-exporter:v1.8.2
    networks: [back]
  loki:
    image: grafana/loki:3.4.2
    networks: [back]
  prometheus:
    image: prom/prometheus:v3.5.0
    volumes:
      - ./prometheus:/etc/prometheus:ro
    ports:
      - "9090:9090"
    networks: [front, back]
  alloy:
    image: grafana/alloy:v1.10.0
    command: ["run", "--server.http.listen-addr=0.0.0.0:12345", "/etc/alloy/config.alloy"]
    volumes:
      - ./alloy:/etc/alloy:ro
    networks: [back]
networks:
  front: {}
  back: {}
"#;

/// The Prometheus configuration the `rules` target's rule file is named by.
pub const PROMETHEUS_CONFIG: &str = r#"global:
  scrape_interval: 15s
  evaluation_interval: 15s
rule_files:
  - /etc/prometheus/rules.yml
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["node-exporter:9100"]
"#;

/// The compose file the `dotenv` target's environment file interpolates:
/// defaults, required and alternative values, nesting, escapes, and
/// variables in the project name, profiles, ports and mounts.
pub const INTERPOLATED_COMPOSE: &str = r#"name: ${PROJECT:-fuzz}
services:
  web:
    image: "nginx:${TAG:-1.27}"
    ports:
      - "${PORT:?PORT must be set}:80"
    environment:
      GREETING: ${GREETING}
      LITERAL: $${NOT_INTERPOLATED}
      NESTED: ${OUTER:-${INNER:-fallback}}
    volumes:
      - ${DATA_DIR-./data}:/data
    profiles: ["${PROFILE:-web}"]
  worker:
    image: ${REGISTRY:+${REGISTRY}/}worker:${TAG:?}
    command: ["run", "--level=${LEVEL:-info}"]
    depends_on:
      web:
        condition: ${CONDITION:-service_started}
    deploy:
      replicas: ${REPLICAS:-1}
"#;

/// `fuzz/project/`, absolute: the directory the projects are rooted at.
pub fn project_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // This file is built both as the fuzz crate (whose manifest is in
        // `fuzz/`) and inside the workspace's tests (`compose-lint-cli/`):
        // from either, `../fuzz/project` is the same directory.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/project");
        std::fs::canonicalize(&dir).unwrap_or(dir)
    })
}

/// The options `Linter::check_project` resolves an unresolved project with:
/// no process variables, the linter's file size limit and image facts.
fn options(linter: &Linter, environment: Environment) -> ResolveOptions {
    ResolveOptions {
        environment,
        max_file_size: linter.config().max_file_size(),
        images: linter.config().images().clone(),
        ..ResolveOptions::default()
    }
}

/// A project rooted at `fuzz/project/` with `compose` as its compose file.
fn project_with(compose: &str) -> Project {
    let dir = project_dir();
    let mut project = Project::new(dir);
    project.add_text(
        dir.join("compose.yaml"),
        FileKind::Compose,
        compose.to_string(),
    );
    project
}

/// Resolves `project`, lints it and renders the report every way the
/// command line can.
fn lint(mut project: Project, linter: &Linter, environment: Environment) -> Report {
    project.resolve(&options(linter, environment));
    check(&project, linter)
}

/// Lints a resolved project and renders the report every way the command
/// line can: human (plain and coloured), JSON with the files read, SARIF,
/// GitHub annotations, compact, `--show-files`; then plans every fix,
/// unsafe ones too, with its diff, and prints the resolved configuration.
/// Returns the report, so tests can see what the input reached.
fn check(project: &Project, linter: &Linter) -> Report {
    let report = linter.check_project(project);
    let base = project.directory();
    let diagnostics = report.diagnostics();
    let suppressed = report.suppressed();
    black_box(render::human::render_report(
        &report,
        HumanOptions::default(),
    ));
    black_box(render::human::render_report(
        &report,
        HumanOptions {
            color: true,
            hyperlinks: true,
            width: 40,
            summary: true,
            not_linted: 1,
        },
    ));
    black_box(render::json::render_with_files(
        diagnostics,
        suppressed,
        Some((report.files(), &[])),
    ));
    black_box(render::sarif::render(diagnostics, suppressed, base));
    black_box(render::github::render(diagnostics, base));
    black_box(render::compact::render(diagnostics));
    black_box(render::files::render(report.files(), &[]));
    let plan = compose_lint::fix::plan(diagnostics, true);
    for file in &plan.files {
        black_box(file.diff());
    }
    black_box(project.config_yaml());
    report
}

/// The bytes as the project's compose file.
pub fn compose(data: &[u8]) -> Report {
    let dir = project_dir();
    let mut project = Project::new(dir);
    project.add_bytes(dir.join("compose.yaml"), FileKind::Compose, data.to_vec());
    let linter = Linter::default();
    lint(project, &linter, Environment::default())
}

/// The bytes as the Prometheus configuration the `prometheus` service
/// mounts (`./prometheus/prometheus.yml`), read in that service's view.
pub fn prometheus(data: &[u8]) -> Report {
    let mut project = project_with(MONITORING_COMPOSE);
    project.add_bytes(
        project_dir().join("prometheus/prometheus.yml"),
        FileKind::Prometheus,
        data.to_vec(),
    );
    let linter = Linter::default();
    lint(project, &linter, Environment::default())
}

/// The bytes as the rule file (`./prometheus/rules.yml`) that the mounted
/// Prometheus configuration names in `rule_files`.
pub fn rules(data: &[u8]) -> Report {
    let dir = project_dir();
    let mut project = project_with(MONITORING_COMPOSE);
    project.add_text(
        dir.join("prometheus/prometheus.yml"),
        FileKind::Prometheus,
        PROMETHEUS_CONFIG.to_string(),
    );
    project.add_bytes(
        dir.join("prometheus/rules.yml"),
        FileKind::PrometheusRules,
        data.to_vec(),
    );
    let linter = Linter::default();
    lint(project, &linter, Environment::default())
}

/// The bytes as the project's `.env`, interpolating a compose file that
/// uses its variables; loaded as `ProjectSpec::load` loads a project whose
/// directory has a `.env`, without the disk.
pub fn dotenv(data: &[u8]) -> Report {
    let dir = project_dir();
    let mut project = Project::new(dir);
    let id = project.add_bytes(dir.join(".env"), FileKind::Env, data.to_vec());
    let mut env_files = Vec::new();
    if let Some(file) = project.file(id) {
        env_files.push((id, file.source.text().to_string()));
    }
    let mut environment = Environment::default();
    let mut problems = Vec::new();
    environment.add_files(&env_files, &mut problems);
    project.add_text(
        dir.join("compose.yaml"),
        FileKind::Compose,
        INTERPOLATED_COMPOSE.to_string(),
    );
    let linter = Linter::default();
    project.resolve(&options(&linter, environment));
    if let Some(resolved) = project.resolved.as_mut() {
        problems.append(&mut resolved.problems);
        resolved.problems = problems;
    }
    check(&project, &linter)
}

/// The bytes as the Alloy configuration the `alloy` service runs
/// (`./alloy/config.alloy`).
pub fn alloy(data: &[u8]) -> Report {
    let mut project = project_with(MONITORING_COMPOSE);
    project.add_bytes(
        project_dir().join("alloy/config.alloy"),
        FileKind::Alloy,
        data.to_vec(),
    );
    let linter = Linter::default();
    lint(project, &linter, Environment::default())
}
