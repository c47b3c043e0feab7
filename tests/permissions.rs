//! `mount-not-writable-by-user` and `mount-not-readable-by-user` on
//! projects built at test time: git keeps no file modes but the executable
//! bit, so the modes these rules read are set here.
//!
//! The files a test creates belong to the user running it (root in many CI
//! jobs). The containers here run as uid 65534 or 4242, which own none of
//! them, so the results are the same either way; a run as one of those
//! users skips the checks.
#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use compose_lint::{Config, Linter, ProjectSpec};

const WRITABLE: &str = "mount-not-writable-by-user";
const READABLE: &str = "mount-not-readable-by-user";

/// What the two rules say about `compose` in `dir`: `(rule, line, message,
/// help)`.
fn lint(dir: &Path, compose: &str) -> Vec<(String, usize, String, String)> {
    let file = dir.join("compose.yaml");
    std::fs::write(&file, compose).unwrap_or_else(|e| panic!("{e}"));
    let spec = ProjectSpec::from_files([file])
        .with_directory(dir)
        .with_environment(Default::default());
    let report = Linter::new(Config::default())
        .check(&spec)
        .unwrap_or_else(|e| panic!("{e}"));
    report
        .diagnostics()
        .iter()
        .filter(|d| d.rule() == WRITABLE || d.rule() == READABLE)
        .map(|d| {
            (
                d.rule().to_string(),
                d.primary().start().line,
                d.message().to_string(),
                d.help().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// A fresh project directory, or `None` when the test runs as one of the
/// container users the tests use.
fn project() -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let uid = std::fs::metadata(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .uid();
    (uid != 65534 && uid != 4242).then_some(dir)
}

fn make_dir(dir: &Path, name: &str, mode: u32) {
    let path = dir.join(name);
    std::fs::create_dir(&path).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("{e}"));
}

fn make_file(dir: &Path, name: &str, mode: u32) {
    let path = dir.join(name);
    std::fs::write(&path, "global: {}\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The name of `id` in an account database, else the number: how the
/// messages show owners.
fn account_name(database: &str, id: u32) -> String {
    let text = std::fs::read_to_string(database).unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.len() > 2 && fields[2] == id.to_string() && !fields[0].is_empty())
                .then(|| fields[0].to_string())
        })
        .next()
        .unwrap_or_else(|| id.to_string())
}

/// `0755 root:root` for `path`, as the messages show it.
fn described(path: &Path) -> String {
    let metadata = std::fs::metadata(path).unwrap_or_else(|e| panic!("{e}"));
    format!(
        "{:04o} {}:{}",
        metadata.mode() & 0o777,
        account_name("/etc/passwd", metadata.uid()),
        account_name("/etc/group", metadata.gid())
    )
}

#[test]
fn a_data_directory_the_image_user_cannot_write() {
    let Some(dir) = project() else { return };
    make_dir(dir.path(), "prometheus_data", 0o755);
    let found = lint(
        dir.path(),
        "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus_data:/prometheus\n",
    );
    let host = described(&dir.path().join("prometheus_data"));
    assert_eq!(
        found,
        vec![(
            WRITABLE.to_string(),
            5,
            format!(
                "service `prometheus` runs as uid `65534`, which cannot write to `./prometheus_data` (`{host}`)"
            ),
            "run `sudo chown -R 65534:65534 ./prometheus_data`, or mount a named volume instead"
                .to_string(),
        )]
    );
}

#[test]
fn a_directory_neither_readable_nor_writable_is_reported_once() {
    let Some(dir) = project() else { return };
    make_dir(dir.path(), "data", 0o700);
    let found = lint(
        dir.path(),
        "services:\n  alertmanager:\n    image: prom/alertmanager:v0.27.0\n    volumes:\n      - type: bind\n        source: ./data\n        target: /alertmanager\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0.as_str(), found[0].1), (WRITABLE, 6));
}

#[test]
fn an_explicit_user_is_checked_on_data_directories_of_the_project() {
    let Some(dir) = project() else { return };
    make_dir(dir.path(), "cache", 0o755);
    make_dir(dir.path(), "shared", 0o775);
    make_dir(dir.path(), "config", 0o555);
    let found = lint(
        dir.path(),
        "services:\n  app:\n    image: example/app:1.0\n    user: \"4242\"\n    volumes:\n      - ./cache:/var/cache/app\n      - ./shared:/srv/data\n      - ./config:/etc/app/data\n      - ./config:/srv/app/config\n",
    );
    let host = described(&dir.path().join("cache"));
    // `shared` may be writable through its group: the user's groups are
    // not known. `config` is mounted where programs read, not write.
    assert_eq!(
        found,
        vec![(
            WRITABLE.to_string(),
            6,
            format!("service `app` runs as uid `4242`, which cannot write to `./cache` (`{host}`)"),
            "run `sudo chown -R 4242 ./cache`, or mount a named volume instead".to_string(),
        )]
    );
}

#[test]
fn a_config_file_only_its_owner_can_read() {
    let Some(dir) = project() else { return };
    make_file(dir.path(), "prometheus.yml", 0o600);
    let found = lint(
        dir.path(),
        "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n",
    );
    let host = described(&dir.path().join("prometheus.yml"));
    assert_eq!(
        found,
        vec![(
            READABLE.to_string(),
            5,
            format!(
                "service `prometheus` runs as uid `65534`, which cannot read the file `./prometheus.yml` (`{host}`)"
            ),
            "run `chmod a+r ./prometheus.yml`, or `sudo chown 65534:65534 ./prometheus.yml`"
                .to_string(),
        )]
    );
}

#[test]
fn a_config_directory_others_cannot_enter() {
    let Some(dir) = project() else { return };
    make_dir(dir.path(), "provisioning", 0o744);
    let found = lint(
        dir.path(),
        "services:\n  app:\n    image: example/app:1.0\n    user: \"4242:4242\"\n    volumes:\n      - ./provisioning:/etc/app/provisioning:ro\n",
    );
    let host = described(&dir.path().join("provisioning"));
    assert_eq!(
        found,
        vec![(
            READABLE.to_string(),
            6,
            format!(
                "service `app` runs as uid `4242`, which cannot read the directory `./provisioning` (`{host}`)"
            ),
            "run `chmod a+rx ./provisioning`, or `sudo chown 4242:4242 ./provisioning`".to_string(),
        )]
    );
}

#[test]
fn paths_the_user_can_use_are_clean() {
    let Some(dir) = project() else { return };
    make_dir(dir.path(), "open", 0o777);
    make_dir(dir.path(), "sticky", 0o1777);
    make_dir(dir.path(), "data", 0o755);
    make_file(dir.path(), "prometheus.yml", 0o644);
    let found = lint(
        dir.path(),
        "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./open:/prometheus\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n  alertmanager:\n    image: prom/alertmanager:v0.27.0\n    volumes:\n      - ./sticky:/alertmanager\n  read-only:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./data:/prometheus:ro\n  elsewhere:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./data:/etc/prometheus/rules\n",
    );
    assert_eq!(found, vec![]);
}

#[test]
fn users_and_images_that_are_not_checked() {
    let Some(dir) = project() else { return };
    make_dir(dir.path(), "private", 0o700);
    make_file(dir.path(), "secret.yml", 0o600);
    let found = lint(
        dir.path(),
        "services:
  root:
    image: prom/prometheus:v2.53.0
    user: root
    volumes:
      - ./private:/prometheus
      - ./secret.yml:/etc/prometheus/prometheus.yml
  uid-0:
    image: grafana/grafana:11.3.0
    user: \"0:0\"
    volumes:
      - ./private:/var/lib/grafana
  by-name:
    image: grafana/grafana:11.3.0
    user: grafana
    volumes:
      - ./private:/var/lib/grafana
  named-volume:
    image: prom/prometheus:v2.53.0
    volumes:
      - prometheus_data:/prometheus
  unknown-image:
    image: example/app:1.0
    volumes:
      - ./private:/data
      - ./secret.yml:/etc/app/config.yml
  postgres:
    image: postgres:16
    volumes:
      - ./private:/var/lib/postgresql/data
  redis:
    image: redis:7-alpine
    volumes:
      - ./private:/data
  built:
    image: prom/prometheus:v2.53.0
    build: .
    volumes:
      - ./private:/prometheus
volumes:
  prometheus_data:
",
    );
    assert_eq!(found, vec![]);
}

#[test]
fn the_owner_is_checked_with_the_owner_bits() {
    let Some(dir) = project() else { return };
    let uid = std::fs::metadata(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .uid();
    make_dir(dir.path(), "mine", 0o755);
    make_dir(dir.path(), "locked", 0o555);
    let found = lint(
        dir.path(),
        &format!(
            "services:\n  app:\n    image: example/app:1.0\n    user: \"{uid}\"\n    volumes:\n      - ./mine:/data\n      - ./locked:/srv/data\n"
        ),
    );
    if uid == 0 {
        // Root is never checked.
        assert_eq!(found, vec![]);
    } else {
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].0.as_str(), found[0].1), (WRITABLE, 7));
    }
}
