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

criterion_group!(benches, bench_parse, bench_lint);
criterion_main!(benches);
