//! The exact message, place and help of each shape of schema problem: the
//! fixtures check where problems are found, these check what they say.

use compose_lint::ResolveOptions;
use compose_lint::{Config, FileKind, Linter, Project};

/// What compose-lint says about `yaml`: `(rule, line:column, message, help)`.
fn lint(yaml: &str) -> Vec<(String, String, String, String)> {
    let mut project = Project::new(".");
    project.add_text("compose.yaml", FileKind::Compose, yaml.to_string());
    project.resolve(&ResolveOptions::default());
    let report = Linter::new(Config::default()).check_project(&project);
    report
        .diagnostics()
        .iter()
        .map(|d| {
            let at = d.primary().start();
            (
                d.rule().to_string(),
                format!("{}:{}", at.line, at.column),
                d.message().to_string(),
                d.help().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Asserts that `yaml` gets exactly one diagnostic, and returns its help.
#[track_caller]
fn only(yaml: &str, rule: &str, at: &str, message: &str) -> String {
    let found = lint(yaml);
    assert_eq!(found.len(), 1, "expected one diagnostic, got {found:#?}");
    let (r, a, m, help) = found.into_iter().next().unwrap_or_default();
    assert_eq!((r.as_str(), a.as_str(), m.as_str()), (rule, at, message));
    help
}

#[test]
fn unknown_key_names_the_service_and_the_closest_key() {
    let help = only(
        "services:\n  web:\n    image: nginx:1.27\n    healtcheck:\n      test: [\"CMD\", \"true\"]\n",
        "unknown-key",
        "4:5",
        "unknown key `healtcheck` in service `web`; did you mean `healthcheck`?",
    );
    assert_eq!(help, "rename it to `healthcheck`");
}

#[test]
fn unknown_key_deep_in_a_service() {
    only(
        "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - target: 80\n        publish: 8080\n",
        "unknown-key",
        "6:9",
        "unknown key `publish` in `ports[0]` of service `web`; did you mean `published`?",
    );
}

#[test]
fn unknown_key_without_a_close_match_lists_the_allowed_keys() {
    let help = only(
        "services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n      rotate: true\n",
        "unknown-key",
        "6:7",
        "unknown key `rotate` in `logging` of service `web`",
    );
    assert!(help.contains("`driver` and `options`"), "{help}");
}

#[test]
fn a_subnet_outside_ipam_config_gets_one_message_naming_ipam_config() {
    let help = only(
        "services:\n  app:\n    image: app:1.0\n    networks: [back]\nnetworks:\n  back:\n    subnet: 10.1.0.0/16\n",
        "unknown-key",
        "7:5",
        "unknown key `subnet` in network `back`",
    );
    assert!(help.contains("`ipam.config`"), "{help}");
    assert!(help.contains("- subnet:"), "{help}");
}

#[test]
fn a_service_outside_services_is_explained() {
    let help = only(
        "services:\n  db:\n    image: postgres:16\nweb:\n  image: nginx:1.27\n",
        "unknown-key",
        "4:1",
        "unknown key `web` at the top level",
    );
    assert!(help.contains("under `services:`"), "{help}");
}

#[test]
fn invalid_type_says_what_was_expected_and_found() {
    only(
        "services:\n  web:\n    image: nginx:1.27\n    ports:\n      http: \"8080:80\"\n",
        "invalid-type",
        "5:7",
        "`ports` of service `web` must be a list, found a mapping",
    );
}

#[test]
fn invalid_type_merges_the_alternatives() {
    only(
        "services:\n  web:\n    image: nginx:1.27\n    depends_on: 5\n",
        "invalid-type",
        "4:17",
        "`depends_on` of service `web` must be a list or a mapping, found the number `5`",
    );
}

#[test]
fn invalid_type_names_the_value_found() {
    only(
        "services:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: many\n",
        "invalid-type",
        "5:17",
        "`deploy.replicas` of service `web` must be a whole number, found the string `many`",
    );
}

#[test]
fn yaml_1_1_booleans_are_read_as_compose_reads_them() {
    // Compose turns `yes` into `true` where a boolean belongs (and warns).
    assert_eq!(
        lint("services:\n  web:\n    image: nginx:1.27\n    read_only: yes\n"),
        []
    );
}

#[test]
fn invalid_value_lists_the_allowed_values() {
    let help = only(
        "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healty\n  db:\n    image: postgres:16\n",
        "invalid-value",
        "6:20",
        "`depends_on.db.condition` of service `web` must be one of `service_started`, `service_healthy` or `service_completed_successfully`, found `service_healty`",
    );
    assert_eq!(help, "did you mean `service_healthy`?");
}

#[test]
fn invalid_value_explains_durations() {
    let help = only(
        "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 1m30\n",
        "invalid-value",
        "6:17",
        "`healthcheck.interval` of service `web` is not a valid duration: `30` has no unit",
    );
    assert!(help.contains("`1m30s`"), "{help}");
}

#[test]
fn invalid_value_checks_the_interpolated_value_at_the_written_place() {
    only(
        "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: ${INTERVAL:-30}\n",
        "invalid-value",
        "6:17",
        "`healthcheck.interval` of service `web` is not a valid duration: `30` has no unit",
    );
}

#[test]
fn invalid_value_explains_port_mappings() {
    only(
        "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"99999:80\"\n",
        "invalid-value",
        "5:9",
        "`ports[0]` of service `web` is not a valid port mapping: the host port `99999` is out of range: ports go from 0 to 65535",
    );
}

#[test]
fn invalid_value_explains_sizes_and_subnets() {
    only(
        "services:\n  db:\n    image: postgres:16\n    shm_size: 1 gigabyte\n",
        "invalid-value",
        "4:15",
        "`shm_size` of service `db` is not a valid size: `1 gigabyte`",
    );
    only(
        "services:\n  app:\n    image: app:1.0\nnetworks:\n  back:\n    ipam:\n      config:\n        - subnet: 10.1.0.0/33\n",
        "invalid-value",
        "8:19",
        "`ipam.config[0].subnet` of network `back` is not a valid subnet: the prefix length `33` must be a number from 0 to 32",
    );
}

#[test]
fn invalid_value_points_at_the_repeated_entry() {
    only(
        "services:\n  app:\n    image: app:1.0\n    cap_add: [NET_ADMIN, SYS_TIME, NET_ADMIN]\n",
        "invalid-value",
        "4:36",
        "`cap_add` of service `app` lists `NET_ADMIN` more than once",
    );
}

#[test]
fn missing_key_points_at_the_mapping() {
    only(
        "services:\n  base:\n    image: nginx:1.27\n  web:\n    extends:\n      file: compose.yaml\n",
        "missing-key",
        "5:5",
        "`extends` of service `web` is missing the required key `service`",
    );
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let found = lint(
        "services:\n  web:\n    image: nginx:1.27\n    restart: alwys\n    contianer_name: web\n    ports: 80\n    volumes: [\"data:/data\"]\nvolumes:\n  data:\n    drivr: local\n",
    );
    let rules: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        rules,
        [
            "invalid-value",
            "unknown-key",
            "invalid-type",
            "unknown-key"
        ],
        "{found:#?}"
    );
}
