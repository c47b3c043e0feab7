//! Parsing and linting throughput on generated compose files: one large
//! file heavy with anchors and merge keys, and a batch of typical small ones.

use std::hint::black_box;

use compose_lint::{Config, FileKind, Linter, Project, yaml};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A compose file with `services` services, each merging shared anchors.
fn compose_text(services: usize) -> String {
    let mut text = String::from(
        "x-logging: &logging\n  driver: json-file\n  options: {max-size: 10m, max-file: \"3\"}\n\
         x-health: &health\n  interval: 30s\n  timeout: 5s\n  retries: 3\n\
         x-base: &base\n  restart: unless-stopped\n  logging: *logging\n  environment: &env\n    TZ: UTC\n    LOG_LEVEL: info\n\
         services:\n",
    );
    for i in 0..services {
        text.push_str(&format!(
            "  service-{i}:\n    <<: *base\n    image: \"registry.example.com/team/app-{i}:1.{i}\"\n    ports:\n      - \"{port}:8080\"\n      - target: 9090\n        published: \"{metrics}\"\n    environment:\n      <<: *env\n      SERVICE_ID: \"{i}\"\n    healthcheck:\n      <<: *health\n      test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/health\"]\n    labels:\n      com.example.team: platform\n      com.example.index: \"{i}\"\n    volumes:\n      - ./config/{i}:/etc/app:ro\n      - data-{i}:/var/lib/app\n    depends_on: [service-{prev}]\n",
            port = 20000 + i,
            metrics = 40000 + i,
            prev = i.saturating_sub(1),
        ));
    }
    text
}

fn bench_parse(c: &mut Criterion) {
    let large = compose_text(4500);
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(large.len() as u64));
    group.sample_size(10);
    group.bench_function("large_5mb", |b| b.iter(|| yaml::parse(black_box(&large))));
    group.finish();

    let small: Vec<String> = (0..200).map(|i| compose_text(4 + i % 8)).collect();
    let bytes: usize = small.iter().map(String::len).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("small_200_files", |b| {
        b.iter(|| {
            small
                .iter()
                .map(|t| yaml::parse(black_box(t)).documents.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

/// A Dockerfile of `stages` build stages, each with the instructions real
/// ones hold: ARGs, RUN with continuations and a heredoc, COPY with flags.
fn dockerfile_text(stages: usize) -> String {
    let mut text = String::from("# syntax=docker/dockerfile:1\nARG BASE=alpine:3.20\n");
    for i in 0..stages {
        text.push_str(&format!(
            "FROM ${{BASE}} AS stage-{i}\nENV APP_HOME=/srv/app-{i} PATH=/srv/app-{i}/bin:$PATH\nRUN --mount=type=cache,target=/var/cache/apk \\\n    apk add --no-cache \\\n      ca-certificates \\\n      curl \\\n      tzdata\nRUN <<EOF\nset -e\nmkdir -p /srv/app-{i}\necho ready > /srv/app-{i}/state\nEOF\nCOPY --link --chown=1000:1000 --chmod=0644 ./config/{i}/ /srv/app-{i}/config/\nWORKDIR /srv/app-{i}\nUSER 1000:1000\nEXPOSE {port}\nHEALTHCHECK --interval=30s CMD [\"wget\", \"-q\", \"--spider\", \"http://localhost:{port}/\"]\nCMD [\"/srv/app-{i}/bin/app\", \"--port\", \"{port}\"]\n",
            port = 8000 + i % 1000,
        ));
    }
    text
}

/// Dockerfile parsing against the compose parser, per byte: a Dockerfile
/// should cost no more to read than a compose file of the same size.
fn bench_dockerfile(c: &mut Criterion) {
    let dockerfile = dockerfile_text(2000);
    let compose = compose_text(1000);
    let mut group = c.benchmark_group("parse_per_byte");
    group.throughput(Throughput::Bytes(dockerfile.len() as u64));
    group.sample_size(10);
    group.bench_function("dockerfile", |b| {
        b.iter(|| {
            compose_lint::model::Dockerfile::from_text(black_box(&dockerfile))
                .stages
                .len()
        })
    });
    group.throughput(Throughput::Bytes(compose.len() as u64));
    group.bench_function("compose", |b| b.iter(|| yaml::parse(black_box(&compose))));
    group.finish();
}

fn bench_lint(c: &mut Criterion) {
    let small: Vec<String> = (0..200).map(|i| compose_text(4 + i % 8)).collect();
    let linter = Linter::new(Config::default());
    let mut group = c.benchmark_group("lint");
    group.throughput(Throughput::Elements(small.len() as u64));
    group.bench_function("small_200_projects", |b| {
        b.iter(|| {
            small
                .iter()
                .map(|text| {
                    let mut project = Project::new(".");
                    project.add_text("compose.yaml", FileKind::Compose, text.clone());
                    linter.check_project(&project).diagnostics().len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

/// What the language server does after a keystroke: lint a 50-service
/// project on disk with the edited compose file's text from the overlay.
fn bench_relint(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let compose = dir.path().join("compose.yaml");
    let text = compose_text(50);
    std::fs::write(&compose, &text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(dir.path().join(".git")).unwrap_or_else(|e| panic!("{e}"));
    let linter = Linter::new(Config::default());
    let mut group = c.benchmark_group("server");
    group.bench_function("relint_50_services_after_a_keystroke", |b| {
        let mut edit = 0;
        b.iter(|| {
            edit += 1;
            let mut overlay = compose_lint::overlay::Overlay::new();
            overlay.insert(&compose, format!("{text}# edit {edit}\n"));
            let spec = compose_lint::ProjectSpec::from_files([compose.clone()])
                .with_overlay(std::sync::Arc::new(overlay));
            linter.check_all(black_box(&[spec])).len()
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_parse,
    bench_dockerfile,
    bench_lint,
    bench_relint
);
criterion_main!(benches);
