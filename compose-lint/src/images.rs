//! What compose-lint knows about well-known images: the programs they ship,
//! their built-in healthcheck, ports, user and metrics endpoint.
//!
//! Every entry names its source (the upstream Dockerfile or issue the fact
//! was read from). A fact that is not known is `None`, and rules never
//! guess from it. Entries are matched by repository name, with the
//! `docker.io/library/` prefix, the tag and the digest removed; some facts
//! depend on the tag (`alpine` variants ship busybox `wget`, `-distroless`
//! variants have no shell).

/// The parts of an image reference that facts depend on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ImageRef<'a> {
    /// The repository, without `docker.io/`, `library/`, tag or digest:
    /// `prom/prometheus`, `redis`, `gcr.io/cadvisor/cadvisor`.
    pub repository: String,
    /// The tag, if one is written (`None` means `latest`).
    pub tag: Option<&'a str>,
}

/// Splits an image reference into repository and tag.
pub(crate) fn parse_reference(reference: &str) -> Option<ImageRef<'_>> {
    let reference = reference.trim();
    let without_digest = reference.split('@').next().unwrap_or(reference);
    if without_digest.is_empty() {
        return None;
    }
    let last_slash = without_digest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match without_digest[last_slash..].rfind(':') {
        Some(colon) => {
            let at = last_slash + colon;
            (&without_digest[..at], Some(&without_digest[at + 1..]))
        }
        None => (without_digest, None),
    };
    let mut name = name.to_ascii_lowercase();
    for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            name = rest.to_string();
            break;
        }
    }
    if let Some(rest) = name.strip_prefix("library/") {
        name = rest.to_string();
    }
    if name.is_empty() {
        return None;
    }
    Some(ImageRef {
        repository: name,
        tag: tag.filter(|t| !t.is_empty()),
    })
}

/// Facts about one image (or one variant of it): an entry of the built-in
/// table (`ImageFacts<'static>`), or a configured image seen through
/// [`ImageCatalog::lookup`].
#[derive(Clone, Copy, Debug)]
pub struct ImageFacts<'a> {
    /// The repositories these facts are for (empty for a configured image:
    /// the catalog keys it by its repository).
    pub repositories: &'a [&'a str],
    /// Which tags they apply to.
    pub variant: Variant,
    /// Whether the image ships `curl`.
    pub curl: Option<bool>,
    /// Whether the image ships `wget`.
    pub wget: Option<bool>,
    /// Whether the image has `/bin/sh`.
    pub shell: Option<bool>,
    /// Whether the image's Dockerfile declares a `HEALTHCHECK`.
    pub builtin_healthcheck: Option<bool>,
    /// The ports the image listens on by default.
    pub ports: &'a [u16],
    /// For ports of `ports`, the command-line flag whose `host:port`
    /// value moves that listener (`--web.listen-address`). When every
    /// port has one, the service's `command` says exactly where the image
    /// listens.
    pub listen_flags: &'a [(u16, &'a str)],
    /// Ports of `ports` that speak no HTTP: they serve neither Prometheus
    /// metrics nor an HTTP API, whatever path is asked for.
    pub non_http_ports: &'a [NonHttpPort<'a>],
    /// The user id the main process runs as.
    pub uid: Option<u32>,
    /// The primary group id the main process runs as.
    pub gid: Option<u32>,
    /// Whether the entrypoint starts as root, takes ownership of its data
    /// directory and then switches to `uid` (`gosu`, `su-exec`).
    pub drops_privileges: Option<bool>,
    /// The directory the image writes its data to, for a volume.
    pub data_dir: Option<&'a str>,
    /// Native Prometheus metrics: port and path.
    pub metrics: Option<(u16, &'a str)>,
    /// A healthcheck that works with what the image ships, as a `test:` value.
    pub healthcheck: Option<&'a str>,
    /// The program the image runs, when compose-lint reads its
    /// configuration or another configuration names it.
    pub program: Option<Program>,
    /// The configuration file the image's default command reads.
    pub config_path: Option<&'a str>,
    /// Where the facts come from.
    pub source: &'a str,
    /// True for an image described in the configuration file. Such an
    /// entry says nothing of the program the image runs, so guesses from
    /// the image's name still apply to it, as to an unknown image.
    pub configured: bool,
}

/// A port an image listens on that speaks no HTTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NonHttpPort<'a> {
    pub port: u16,
    /// What the port is to the image, for messages: `cluster gossip port`.
    pub what: &'a str,
    /// The protocol spoken there: `memberlist gossip (TCP and UDP)`.
    pub protocol: &'a str,
}

/// Programs whose configuration compose-lint finds through a service's
/// mounts, or that other configurations name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    Prometheus,
    /// Prometheus Alertmanager: Prometheus's `alerting` targets must name
    /// its API.
    Alertmanager,
    /// Grafana Promtail: YAML, `-config.file`.
    Promtail,
    /// Grafana Alloy: the Alloy syntax, `run <path>`.
    Alloy,
    /// Grafana Loki: YAML, `-config.file`.
    Loki,
    /// The Prometheus blackbox exporter: YAML modules, `--config.file`.
    Blackbox,
}

/// Which tags of a repository an entry covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// Every tag not matched by an earlier entry.
    Any,
    /// Tags containing this text (`alpine`, `distroless`).
    TagContains(&'static str),
    /// Tags whose leading `major.minor` version is below this one.
    VersionBelow(u32, u32),
    /// Tags whose leading `major.minor` version is at least `from` and
    /// below `to`.
    VersionRange((u32, u32), (u32, u32)),
    /// Dated tags (`RELEASE.2023-10-25T06-33-25Z`) before this one.
    ReleaseBefore(&'static str),
}

impl Variant {
    fn matches(self, tag: Option<&str>) -> bool {
        match self {
            Self::Any => true,
            Self::TagContains(text) => tag.is_some_and(|t| t.contains(text)),
            Self::VersionBelow(major, minor) => {
                tag.and_then(version).is_some_and(|v| v < (major, minor))
            }
            Self::VersionRange(from, to) => {
                tag.and_then(version).is_some_and(|v| v >= from && v < to)
            }
            Self::ReleaseBefore(release) => {
                tag.is_some_and(|t| t.starts_with("RELEASE.") && t < release)
            }
        }
    }
}

/// The leading `major.minor` of a tag: `v2.53.0` → (2, 53), `9-alpine` → (9, 0).
pub(crate) fn version(tag: &str) -> Option<(u32, u32)> {
    let tag = tag.strip_prefix('v').unwrap_or(tag);
    let leading = |text: &str| {
        let end = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        text[..end].parse::<u32>().ok().map(|n| (n, end))
    };
    let (major, end) = leading(tag)?;
    let minor = tag[end..]
        .strip_prefix('.')
        .and_then(leading)
        .map_or(0, |(n, _)| n);
    Some((major, minor))
}

/// The distroless images (GoogleContainerTools/distroless README).
const DISTROLESS: &[&str] = &[
    "gcr.io/distroless/static",
    "gcr.io/distroless/static-debian12",
    "gcr.io/distroless/base",
    "gcr.io/distroless/base-debian12",
    "gcr.io/distroless/cc",
    "gcr.io/distroless/cc-debian12",
    "gcr.io/distroless/java17-debian12",
    "gcr.io/distroless/java21-debian12",
    "gcr.io/distroless/python3-debian12",
    "gcr.io/distroless/nodejs20-debian12",
    "gcr.io/distroless/nodejs22-debian12",
];

/// Facts that no entry overrides start from this.
const UNKNOWN: ImageFacts<'static> = ImageFacts {
    repositories: &[],
    variant: Variant::Any,
    curl: None,
    wget: None,
    shell: None,
    builtin_healthcheck: None,
    ports: &[],
    listen_flags: &[],
    non_http_ports: &[],
    uid: None,
    gid: None,
    drops_privileges: None,
    data_dir: None,
    metrics: None,
    healthcheck: None,
    program: None,
    config_path: None,
    source: "",
    configured: false,
};

/// RabbitMQ's ports that speak no HTTP, besides AMQP's 5672 (a
/// [`PROTOCOL_PORTS`] entry).
const RABBITMQ_NON_HTTP: &[NonHttpPort<'static>] = &[
    NonHttpPort {
        port: 4369,
        what: "epmd port",
        protocol: "the Erlang port mapper (epmd) protocol",
    },
    NonHttpPort {
        port: 5671,
        what: "AMQP over TLS port",
        protocol: "AMQP over TLS",
    },
    NonHttpPort {
        port: 25672,
        what: "Erlang distribution port",
        protocol: "Erlang distribution (inter-node and CLI tool traffic)",
    },
];

const PROMETHEUS_PROBE: &str =
    r#"["CMD", "wget", "-q", "--spider", "http://localhost:9090/-/healthy"]"#;

/// The table. For each repository, more specific variants come first.
#[allow(clippy::needless_update)] // every entry is written the same way
pub(crate) static IMAGES: &[ImageFacts<'static>] = &[
    ImageFacts {
        repositories: &["prom/prometheus", "quay.io/prometheus/prometheus"],
        variant: Variant::TagContains("distroless"),
        curl: Some(false),
        wget: Some(false),
        shell: Some(false),
        builtin_healthcheck: Some(false),
        ports: &[9090],
        listen_flags: &[(9090, "web.listen-address")],
        uid: Some(65532),
        gid: Some(65532),
        data_dir: Some("/prometheus"),
        metrics: Some((9090, "/metrics")),
        program: Some(Program::Prometheus),
        config_path: Some("/etc/prometheus/prometheus.yml"),
        source: "prometheus/prometheus `Dockerfile.distroless` @d15adb9 (distroless `nonroot` user 65532:65532, `VOLUME /prometheus`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["prom/prometheus", "quay.io/prometheus/prometheus"],
        variant: Variant::Any,
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[9090],
        listen_flags: &[(9090, "web.listen-address")],
        uid: Some(65534),
        gid: Some(65534),
        data_dir: Some("/prometheus"),
        metrics: Some((9090, "/metrics")),
        healthcheck: Some(PROMETHEUS_PROBE),
        program: Some(Program::Prometheus),
        config_path: Some("/etc/prometheus/prometheus.yml"),
        source: "prometheus/prometheus `Dockerfile` @d15adb9 (busybox base, `USER nobody` = 65534:65534, `VOLUME /prometheus`, `CMD --config.file=/etc/prometheus/prometheus.yml`); prometheus/prometheus#5976 (bind-mounted data dir not writable); prometheus/prometheus `cmd/prometheus/main.go` (`--web.listen-address`, default `0.0.0.0:9090`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["bitnami/prometheus"],
        ports: &[9090],
        metrics: Some((9090, "/metrics")),
        program: Some(Program::Prometheus),
        config_path: Some("/opt/bitnami/prometheus/conf/prometheus.yml"),
        source: "bitnami/containers `bitnami/prometheus` Dockerfile (`EXPOSE 9090`, `CMD --config.file=/opt/bitnami/prometheus/conf/prometheus.yml`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["prom/alertmanager", "quay.io/prometheus/alertmanager"],
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[9093, 9094],
        listen_flags: &[
            (9093, "web.listen-address"),
            (9094, "cluster.listen-address"),
        ],
        non_http_ports: &[NonHttpPort {
            port: 9094,
            what: "cluster gossip port",
            protocol: "memberlist gossip (TCP and UDP)",
        }],
        uid: Some(65534),
        gid: Some(65534),
        data_dir: Some("/alertmanager"),
        metrics: Some((9093, "/metrics")),
        healthcheck: Some(
            r#"["CMD", "wget", "-q", "--spider", "http://localhost:9093/-/healthy"]"#,
        ),
        program: Some(Program::Alertmanager),
        config_path: Some("/etc/alertmanager/alertmanager.yml"),
        source: "prometheus/alertmanager `Dockerfile` @68fb2d5 (`USER nobody` = 65534:65534, `VOLUME /alertmanager`, `CMD --config.file=/etc/alertmanager/alertmanager.yml`); prometheus/alertmanager `cmd/alertmanager/main.go` @00077d7 (HTTP API and metrics on `--web.listen-address`, default `:9093`, repeatable through exporter-toolkit `web/kingpinflag`; cluster gossip on `--cluster.listen-address`, default `0.0.0.0:9094`, an empty value turns clustering off; no environment variable sets either)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["prom/node-exporter", "quay.io/prometheus/node-exporter"],
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[9100],
        listen_flags: &[(9100, "web.listen-address")],
        uid: Some(65534),
        metrics: Some((9100, "/metrics")),
        healthcheck: Some(r#"["CMD", "wget", "-q", "--spider", "http://localhost:9100/metrics"]"#),
        source: "prometheus/node_exporter `Dockerfile` @a7dcc3a; prometheus/exporter-toolkit `web/kingpinflag` (`--web.listen-address`, node_exporter's default `:9100`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["prom/pushgateway"],
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[9091],
        listen_flags: &[(9091, "web.listen-address")],
        metrics: Some((9091, "/metrics")),
        source: "busybox base like the other prom/ images; Prometheus default port allocations; prometheus/pushgateway `main.go` (exporter-toolkit `--web.listen-address`, default `:9091`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &[
            "grafana/grafana",
            "grafana/grafana-oss",
            "grafana/grafana-enterprise",
        ],
        variant: Variant::VersionBelow(9, 4),
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[3000],
        uid: Some(472),
        gid: Some(0),
        data_dir: Some("/var/lib/grafana"),
        healthcheck: Some(
            r#"["CMD", "wget", "-q", "--spider", "http://localhost:3000/api/health"]"#,
        ),
        source: "grafana/grafana#60805, grafana/grafana#60915 (no curl before grafana/grafana#65547)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &[
            "grafana/grafana",
            "grafana/grafana-oss",
            "grafana/grafana-enterprise",
        ],
        variant: Variant::VersionBelow(9, 5),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[3000],
        uid: Some(472),
        gid: Some(0),
        data_dir: Some("/var/lib/grafana"),
        source: "grafana/grafana#65547 added curl around 9.5; earlier 9.x is uncertain",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &[
            "grafana/grafana",
            "grafana/grafana-oss",
            "grafana/grafana-enterprise",
        ],
        variant: Variant::Any,
        curl: Some(true),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[3000],
        uid: Some(472),
        gid: Some(0),
        data_dir: Some("/var/lib/grafana"),
        metrics: Some((3000, "/metrics")),
        source: "grafana/grafana `Dockerfile` @78515af (apk add curl bash; uid 472, gid 0, `GF_PATHS_DATA=/var/lib/grafana`); grafana/grafana#51931 (bind-mounted data dir not writable)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["grafana/loki"],
        variant: Variant::VersionRange((3, 0), (3, 6)),
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[3100, 9095],
        uid: Some(10001),
        data_dir: Some("/loki"),
        metrics: Some((3100, "/metrics")),
        healthcheck: Some(r#"["CMD", "wget", "-q", "--spider", "http://localhost:3100/ready"]"#),
        program: Some(Program::Loki),
        config_path: Some("/etc/loki/local-config.yaml"),
        source: "grafana/loki `cmd/loki/Dockerfile` @0230065 (busybox from the distroless debug base); grafana/loki `cmd/loki/Dockerfile` (`CMD -config.file=/etc/loki/local-config.yaml`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["grafana/loki"],
        variant: Variant::VersionBelow(3, 0),
        ports: &[3100, 9095],
        metrics: Some((3100, "/metrics")),
        program: Some(Program::Loki),
        config_path: Some("/etc/loki/local-config.yaml"),
        source: "grafana/loki: versions before 3.0 are not covered; grafana/loki `cmd/loki/Dockerfile` (`CMD -config.file=/etc/loki/local-config.yaml`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["grafana/loki"],
        variant: Variant::Any,
        curl: Some(false),
        wget: Some(false),
        shell: Some(false),
        builtin_healthcheck: Some(false),
        ports: &[3100, 9095],
        uid: Some(10001),
        data_dir: Some("/loki"),
        metrics: Some((3100, "/metrics")),
        healthcheck: Some(r#"["CMD", "/usr/bin/loki", "-health"]"#),
        program: Some(Program::Loki),
        config_path: Some("/etc/loki/local-config.yaml"),
        source: "grafana/loki#20149 (no shell since 3.6), grafana/loki#20313 (`-health` flag); grafana/loki `cmd/loki/Dockerfile` (`CMD -config.file=/etc/loki/local-config.yaml`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["grafana/promtail"],
        curl: Some(false),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[9080, 9095],
        uid: Some(0),
        metrics: Some((9080, "/metrics")),
        program: Some(Program::Promtail),
        config_path: Some("/etc/promtail/config.yml"),
        source: "grafana/loki#11590 (promtail is Debian based, no wget); grafana/loki `clients/cmd/promtail/Dockerfile` @072f705 (`CMD [\"-config.file=/etc/promtail/config.yml\"]`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["grafana/alloy"],
        program: Some(Program::Alloy),
        config_path: Some("/etc/alloy/config.alloy"),
        source: "grafana/alloy `Dockerfile` @0198f18 (`CMD [\"run\", \"/etc/alloy/config.alloy\", \"--storage.path=/var/lib/alloy/data\"]`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["gcr.io/cadvisor/cadvisor", "google/cadvisor"],
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(true),
        ports: &[8080],
        listen_flags: &[(8080, "port")],
        uid: Some(0),
        metrics: Some((8080, "/metrics")),
        healthcheck: Some(r#"["CMD", "wget", "-q", "--spider", "http://localhost:8080/healthz"]"#),
        source: "google/cadvisor `deploy/Dockerfile` @6a0c4f2; google/cadvisor `cmd/cadvisor.go` (`-port`, default 8080)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["redis"],
        variant: Variant::TagContains("alpine"),
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[6379],
        uid: Some(999),
        drops_privileges: Some(true),
        healthcheck: Some(r#"["CMD", "redis-cli", "ping"]"#),
        source: "docker-library/redis `7.2/alpine/Dockerfile` (entrypoint: root, chown of `/data`, then `su-exec redis`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["redis"],
        curl: Some(false),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[6379],
        uid: Some(999),
        drops_privileges: Some(true),
        healthcheck: Some(r#"["CMD", "redis-cli", "ping"]"#),
        source: "docker-library/redis `7.2/debian/Dockerfile` @e920499 (wget purged; entrypoint: root, chown of `/data`, then `gosu redis`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["postgres"],
        variant: Variant::TagContains("alpine"),
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[5432],
        uid: Some(70),
        drops_privileges: Some(true),
        healthcheck: Some(r#"["CMD", "pg_isready", "-U", "postgres"]"#),
        source: "docker-library/postgres `17/alpine3.22/Dockerfile` (entrypoint: root, chown of `PGDATA`, then `su-exec postgres`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["postgres"],
        curl: Some(false),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[5432],
        uid: Some(999),
        drops_privileges: Some(true),
        healthcheck: Some(r#"["CMD", "pg_isready", "-U", "postgres"]"#),
        source: "docker-library/postgres `17/bookworm`, `18/trixie` Dockerfiles @6edb0a8 (entrypoint: root, chown of `PGDATA`, then `gosu postgres`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["mysql"],
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[3306, 33060],
        non_http_ports: &[NonHttpPort {
            port: 33060,
            what: "X Protocol port",
            protocol: "the MySQL X Protocol",
        }],
        uid: Some(999),
        drops_privileges: Some(true),
        healthcheck: Some(r#"["CMD", "mysqladmin", "ping", "-h", "localhost"]"#),
        source: "docker-library/mysql `8.4/Dockerfile.oracle` @7f30fdb (root→999 via `gosu`); MySQL Port Reference, \"Client - Server Connection Ports\" (33060: X Protocol, `mysqlx_port`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["mariadb"],
        curl: Some(false),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[3306],
        drops_privileges: Some(true),
        healthcheck: Some(r#"["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]"#),
        source: "MariaDB/mariadb-docker `11.8/Dockerfile` @1b6429b (root→mysql via `gosu`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["mongo"],
        curl: Some(false),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[27017],
        uid: Some(999),
        drops_privileges: Some(true),
        healthcheck: Some(r#"["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand('ping')"]"#),
        source: "docker-library/mongo `8.0/Dockerfile` @2c69a57 (root→999 via `gosu`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["rabbitmq"],
        variant: Variant::TagContains("management"),
        curl: Some(false),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[5672, 5671, 4369, 25672, 15692, 15691, 15672, 15671],
        non_http_ports: RABBITMQ_NON_HTTP,
        uid: Some(999),
        drops_privileges: Some(true),
        metrics: Some((15692, "/metrics")),
        healthcheck: Some(r#"["CMD", "rabbitmq-diagnostics", "-q", "ping"]"#),
        source: "docker-library/rabbitmq `4.1/ubuntu/management/Dockerfile` (root→999 via `gosu`); rabbitmq.com networking guide, \"Port Access\" (4369 epmd, 5671 AMQP over TLS, 25672 Erlang distribution)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["rabbitmq"],
        curl: Some(false),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[5672, 5671, 4369, 25672, 15692, 15691],
        non_http_ports: RABBITMQ_NON_HTTP,
        uid: Some(999),
        drops_privileges: Some(true),
        metrics: Some((15692, "/metrics")),
        healthcheck: Some(r#"["CMD", "rabbitmq-diagnostics", "-q", "ping"]"#),
        source: "docker-library/rabbitmq `4.1/ubuntu/Dockerfile` @9193c1d (root→999 via `gosu`); rabbitmq.com networking guide, \"Port Access\" (4369 epmd, 5671 AMQP over TLS, 25672 Erlang distribution)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &[
            "elasticsearch",
            "docker.elastic.co/elasticsearch/elasticsearch",
        ],
        curl: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[9200, 9300],
        uid: Some(1000),
        data_dir: Some("/usr/share/elasticsearch/data"),
        source: "widespread `curl` healthchecks in public compose files; rules.md CL-VOL-003 (uid 1000, data dir `/usr/share/elasticsearch/data`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["nginx"],
        variant: Variant::TagContains("alpine-slim"),
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[80],
        source: "nginxinc/docker-nginx `mainline/alpine-slim/Dockerfile`",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["nginx"],
        variant: Variant::TagContains("alpine"),
        curl: Some(true),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[80],
        source: "nginxinc/docker-nginx `mainline/alpine/Dockerfile`",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["nginx"],
        curl: Some(true),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[80],
        source: "nginxinc/docker-nginx `mainline/debian/Dockerfile` @b430bec",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["traefik"],
        variant: Variant::TagContains("scratch"),
        curl: Some(false),
        wget: Some(false),
        shell: Some(false),
        builtin_healthcheck: Some(false),
        ports: &[80],
        healthcheck: Some(r#"["CMD", "traefik", "healthcheck", "--ping"]"#),
        source: "traefik/traefik-library-image `tmpl/scratch/tmplv3.Dockerfile`",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["traefik"],
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[80],
        uid: Some(0),
        healthcheck: Some(r#"["CMD", "traefik", "healthcheck", "--ping"]"#),
        source: "traefik/traefik-library-image `tmpl/alpine/tmplv3.Dockerfile` @6973938",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["caddy"],
        curl: Some(true),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[80, 443, 2019],
        uid: Some(0),
        source: "caddyserver/caddy-docker `2.11/alpine/Dockerfile` @62d1326",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["minio/minio", "quay.io/minio/minio"],
        variant: Variant::ReleaseBefore("RELEASE.2023-11"),
        ports: &[9000],
        source: "minio/minio#18371: curl was removed from releases of November 2023 on",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["minio/minio", "quay.io/minio/minio"],
        curl: Some(false),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[9000],
        uid: Some(0),
        healthcheck: Some(r#"["CMD", "mc", "ready", "local"]"#),
        source: "minio/minio#18371, minio/minio#18373, minio/minio#18389",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["quay.io/keycloak/keycloak"],
        curl: Some(false),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[8080, 8443, 9000],
        uid: Some(1000),
        metrics: Some((9000, "/metrics")),
        source: "keycloak/keycloak#17438, keycloak/keycloak#21941, keycloak/keycloak#39373",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["mailhog/mailhog"],
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[1025, 8025],
        uid: Some(1000),
        source: "mailhog/MailHog `Dockerfile` @01ce555",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["oliver006/redis_exporter"],
        curl: Some(false),
        wget: Some(false),
        shell: Some(false),
        builtin_healthcheck: Some(false),
        ports: &[9121],
        listen_flags: &[(9121, "web.listen-address")],
        metrics: Some((9121, "/metrics")),
        source: "OpenDigitalProductFactory/opendigitalproductfactory#1677 (FROM scratch); oliver006/redis_exporter README (`-web.listen-address`, default `:9121`, also set by `REDIS_EXPORTER_WEB_LISTEN_ADDRESS`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &[
            "openzipkin/zipkin",
            "ghcr.io/openzipkin/zipkin",
            "openzipkin/zipkin-slim",
            "ghcr.io/openzipkin/zipkin-slim",
            "openzipkin/zipkin-activemq",
            "ghcr.io/openzipkin/zipkin-activemq",
            "openzipkin/zipkin-cassandra",
            "ghcr.io/openzipkin/zipkin-cassandra",
            "openzipkin/zipkin-dependencies",
            "ghcr.io/openzipkin/zipkin-dependencies",
            "openzipkin/zipkin-elasticsearch7",
            "ghcr.io/openzipkin/zipkin-elasticsearch7",
            "openzipkin/zipkin-elasticsearch8",
            "ghcr.io/openzipkin/zipkin-elasticsearch8",
            "openzipkin/zipkin-elasticsearch9",
            "ghcr.io/openzipkin/zipkin-elasticsearch9",
            "openzipkin/zipkin-eureka",
            "ghcr.io/openzipkin/zipkin-eureka",
            "openzipkin/zipkin-kafka",
            "ghcr.io/openzipkin/zipkin-kafka",
            "openzipkin/zipkin-mysql",
            "ghcr.io/openzipkin/zipkin-mysql",
            "openzipkin/zipkin-pulsar",
            "ghcr.io/openzipkin/zipkin-pulsar",
            "openzipkin/zipkin-rabbitmq",
            "ghcr.io/openzipkin/zipkin-rabbitmq",
            "openzipkin/zipkin-ui",
            "ghcr.io/openzipkin/zipkin-ui",
            "openzipkin/zipkin-uiproxy",
            "ghcr.io/openzipkin/zipkin-uiproxy",
        ],
        builtin_healthcheck: Some(true),
        source: "openzipkin/zipkin `docker/Dockerfile` and the images built from it (`HEALTHCHECK` running `docker-healthcheck`)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &[
            "openzipkin/brave-example",
            "ghcr.io/openzipkin/brave-example",
        ],
        builtin_healthcheck: Some(true),
        source: "openzipkin/zipkin `docker/examples`: services wait on these images with `service_healthy` and no compose healthcheck, so the images declare one",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["rediscommander/redis-commander"],
        builtin_healthcheck: Some(true),
        source: "research notes (rules.md CL-DEP-001: redis-commander declares a HEALTHCHECK)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["vaultwarden/server"],
        builtin_healthcheck: Some(true),
        source: "dani-garcia/vaultwarden `docker/Dockerfile` (`HEALTHCHECK` running `/healthcheck.sh`)",
        ..UNKNOWN
    },
    // Base images people build from. None declares a HEALTHCHECK; the
    // tools are what the image's own Dockerfile installs.
    ImageFacts {
        repositories: &["scratch"],
        curl: Some(false),
        wget: Some(false),
        shell: Some(false),
        builtin_healthcheck: Some(false),
        source: "Docker documentation, \"Create a minimal base image using scratch\" (an empty image: no files at all)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["alpine", "busybox"],
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        source: "alpinelinux/docker-alpine and docker-library/busybox (a busybox userland: `sh` and the `wget` applet, no curl; no HEALTHCHECK)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["debian", "ubuntu"],
        curl: Some(false),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        source: "debuerreotype/docker-debian-artifacts and the Ubuntu cloud images (minimal root file systems: neither curl nor wget; no HEALTHCHECK)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: DISTROLESS,
        variant: Variant::TagContains("debug"),
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        source: "GoogleContainerTools/distroless README (`:debug` images add a busybox shell)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: DISTROLESS,
        curl: Some(false),
        wget: Some(false),
        shell: Some(false),
        builtin_healthcheck: Some(false),
        source: "GoogleContainerTools/distroless README (no shell, no package manager, no other programs)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["python", "node", "golang", "ruby", "php", "rust"],
        variant: Variant::TagContains("alpine"),
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        source: "docker-library `*-alpine` Dockerfiles (FROM alpine: busybox `sh` and `wget`, no curl; no HEALTHCHECK)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["python", "node", "ruby", "php", "rust"],
        variant: Variant::TagContains("slim"),
        curl: Some(false),
        wget: Some(false),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        source: "docker-library `*-slim` Dockerfiles (FROM debian:*-slim; curl and wget are installed only for the build and purged; no HEALTHCHECK)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &["python", "node", "golang", "ruby", "rust", "buildpack-deps"],
        curl: Some(true),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        source: "docker-library Dockerfiles (FROM buildpack-deps, which installs curl and wget; no HEALTHCHECK)",
        ..UNKNOWN
    },
    ImageFacts {
        repositories: &[
            "prom/blackbox-exporter",
            "quay.io/prometheus/blackbox-exporter",
        ],
        curl: Some(false),
        wget: Some(true),
        shell: Some(true),
        builtin_healthcheck: Some(false),
        ports: &[9115],
        listen_flags: &[(9115, "web.listen-address")],
        metrics: Some((9115, "/metrics")),
        program: Some(Program::Blackbox),
        config_path: Some("/etc/blackbox_exporter/config.yml"),
        source: "prometheus/blackbox_exporter `Dockerfile` (busybox base like the other prom/ images, `EXPOSE 9115`, `CMD [\"--config.file=/etc/blackbox_exporter/config.yml\"]`)",
        ..UNKNOWN
    },
];

/// A port that speaks a protocol other than Prometheus's text format, and
/// the exporter that serves its metrics.
#[derive(Debug)]
pub(crate) struct ProtocolPort {
    pub port: u16,
    /// What listens there: `Redis`, `PostgreSQL`.
    pub protocol: &'static str,
    /// The exporter to scrape instead, and the port it serves metrics on.
    pub exporter: (&'static str, u16),
}

/// Well-known non-metrics ports a scrape target should not name.
///
/// Sources: oliver006/redis_exporter issues #20 and #391 (Redis speaks RESP
/// on 6379; its exporter serves 9121); docker-library/rabbitmq's Dockerfile
/// (`EXPOSE 15692`, the built-in Prometheus plugin); each exporter's README
/// for its default port; the Prometheus wiki's default port allocations.
pub(crate) static PROTOCOL_PORTS: &[ProtocolPort] = &[
    ProtocolPort {
        port: 6379,
        protocol: "Redis",
        exporter: ("redis_exporter", 9121),
    },
    ProtocolPort {
        port: 5432,
        protocol: "PostgreSQL",
        exporter: ("postgres_exporter", 9187),
    },
    ProtocolPort {
        port: 3306,
        protocol: "MySQL",
        exporter: ("mysqld_exporter", 9104),
    },
    ProtocolPort {
        port: 27017,
        protocol: "MongoDB",
        exporter: ("mongodb_exporter", 9216),
    },
    ProtocolPort {
        port: 5672,
        protocol: "AMQP (RabbitMQ)",
        exporter: ("RabbitMQ's built-in `rabbitmq_prometheus` plugin", 15692),
    },
    ProtocolPort {
        port: 11211,
        protocol: "Memcached",
        exporter: ("memcached_exporter", 9150),
    },
    ProtocolPort {
        port: 9300,
        protocol: "Elasticsearch transport",
        exporter: ("elasticsearch_exporter", 9114),
    },
    ProtocolPort {
        port: 9092,
        protocol: "Kafka",
        exporter: ("kafka_exporter", 9308),
    },
    ProtocolPort {
        port: 2181,
        protocol: "ZooKeeper",
        exporter: ("ZooKeeper's metrics provider", 7000),
    },
    ProtocolPort {
        port: 4222,
        protocol: "NATS",
        exporter: ("NATS's monitoring port with prometheus-nats-exporter", 7777),
    },
];

/// The non-metrics protocol on `port`, if it is a well-known one.
pub(crate) fn protocol_port(port: u16) -> Option<&'static ProtocolPort> {
    PROTOCOL_PORTS.iter().find(|p| p.port == port)
}

/// What a configuration file says about one image (every tag of one
/// repository). It replaces the built-in entry for that repository: a fact
/// it leaves out is unknown, and rules do not guess from it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfiguredImage {
    /// The container ports the image listens on.
    pub ports: Vec<u16>,
    /// The user id the main process runs as.
    pub uid: Option<u32>,
    /// The primary group id the main process runs as.
    pub gid: Option<u32>,
    pub curl: Option<bool>,
    pub wget: Option<bool>,
    pub shell: Option<bool>,
    /// Whether the image declares a `HEALTHCHECK`.
    pub builtin_healthcheck: Option<bool>,
    /// Native Prometheus metrics: port and path.
    pub metrics: Option<(u16, String)>,
    /// The directory the image writes its data to.
    pub data_dir: Option<String>,
    /// Where the facts come from, for notes: the configuration file.
    pub source: String,
}

impl ConfiguredImage {
    fn facts(&self) -> ImageFacts<'_> {
        ImageFacts {
            curl: self.curl,
            wget: self.wget,
            shell: self.shell,
            builtin_healthcheck: self.builtin_healthcheck,
            ports: &self.ports,
            uid: self.uid,
            gid: self.gid,
            data_dir: self.data_dir.as_deref(),
            metrics: self
                .metrics
                .as_ref()
                .map(|(port, path)| (*port, path.as_str())),
            source: &self.source,
            configured: true,
            ..UNKNOWN
        }
    }
}

/// The repository an image is described under: `docker.io/library/redis`
/// and `redis` are one repository. `None` for a reference with a tag or a
/// digest (facts apply to every tag), and for an empty name, an empty path
/// segment or a space.
pub(crate) fn repository_key(name: &str) -> Option<String> {
    if name.contains('@')
        || name.ends_with(':')
        || name.chars().any(char::is_whitespace)
        || name.split('/').any(str::is_empty)
    {
        return None;
    }
    parse_reference(name)
        .filter(|image| image.tag.is_none())
        .map(|image| image.repository)
}

/// The image facts a project is linted with: the built-in table, with the
/// images a configuration file describes in place of the built-in entries
/// for their repositories. Cheap to clone; shared by every project linted
/// with one configuration.
#[derive(Clone, Debug, Default)]
pub struct ImageCatalog {
    configured: std::sync::Arc<std::collections::BTreeMap<String, ConfiguredImage>>,
}

impl ImageCatalog {
    /// The built-in table alone.
    pub fn builtin() -> Self {
        Self::default()
    }

    /// The built-in table with `images` (repository, facts) in place of
    /// its entries for their repositories. A repository is normalised as
    /// image references are (`prom/prometheus` and
    /// `docker.io/prom/prometheus` are one); one with a tag or a digest is
    /// an error.
    pub fn with_configured<I, S>(images: I) -> Result<Self, String>
    where
        I: IntoIterator<Item = (S, ConfiguredImage)>,
        S: AsRef<str>,
    {
        let mut configured = std::collections::BTreeMap::new();
        for (name, image) in images {
            let name = name.as_ref();
            let key = repository_key(name).ok_or_else(|| {
                format!("`{name}` is not a repository name without a tag or digest")
            })?;
            if configured.insert(key.clone(), image).is_some() {
                return Err(format!("repository `{key}` is described twice"));
            }
        }
        Ok(Self {
            configured: std::sync::Arc::new(configured),
        })
    }

    /// True when no configured image changes the built-in table.
    pub fn is_builtin(&self) -> bool {
        self.configured.is_empty()
    }

    /// The facts for an image reference such as `prom/prometheus:v2.53.0`,
    /// if the image is known: a configured image first, else the built-in
    /// entry that matches the repository and tag.
    pub fn lookup(&self, reference: &str) -> Option<ImageFacts<'_>> {
        let image = parse_reference(reference)?;
        if let Some(configured) = self.configured.get(&image.repository) {
            return Some(configured.facts());
        }
        facts_of(&image)
    }
}

/// The built-in facts of `reference`, without the configuration's images.
pub(crate) fn builtin_facts(reference: &str) -> Option<ImageFacts<'static>> {
    facts_of(&parse_reference(reference)?)
}

/// The first entry of [`IMAGES`] for `image`'s repository whose variant
/// matches its tag, through an index by repository built once.
pub(crate) fn facts_of(image: &ImageRef<'_>) -> Option<ImageFacts<'static>> {
    static BY_REPOSITORY: std::sync::LazyLock<std::collections::HashMap<&'static str, Vec<usize>>> =
        std::sync::LazyLock::new(|| {
            let mut index: std::collections::HashMap<&'static str, Vec<usize>> =
                std::collections::HashMap::new();
            for (i, facts) in IMAGES.iter().enumerate() {
                for repository in facts.repositories {
                    index.entry(*repository).or_default().push(i);
                }
            }
            index
        });
    BY_REPOSITORY
        .get(image.repository.as_str())?
        .iter()
        .map(|&i| IMAGES[i])
        .find(|facts| facts.variant.matches(image.tag))
}

/// What kind of program an image runs, for rules that treat some kinds
/// differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Category {
    /// A database, cache or message broker: other services connect to it,
    /// people rarely should.
    Datastore,
}

/// The images of each category, with the source of the classification.
pub(crate) static CATEGORIES: &[(Category, &[&str], &str)] = &[(
    Category::Datastore,
    &[
        "postgres",
        "postgis/postgis",
        "timescale/timescaledb",
        "timescale/timescaledb-ha",
        "bitnami/postgresql",
        "mysql",
        "bitnami/mysql",
        "mariadb",
        "bitnami/mariadb",
        "mongo",
        "bitnami/mongodb",
        "mongodb/mongodb-community-server",
        "redis",
        "bitnami/redis",
        "redis/redis-stack",
        "redis/redis-stack-server",
        "valkey/valkey",
        "bitnami/valkey",
        "eqalpha/keydb",
        "memcached",
        "bitnami/memcached",
        "rabbitmq",
        "bitnami/rabbitmq",
        "elasticsearch",
        "docker.elastic.co/elasticsearch/elasticsearch",
        "bitnami/elasticsearch",
        "opensearchproject/opensearch",
        "apache/kafka",
        "bitnami/kafka",
        "confluentinc/cp-kafka",
        "wurstmeister/kafka",
        "zookeeper",
        "bitnami/zookeeper",
        "confluentinc/cp-zookeeper",
        "wurstmeister/zookeeper",
        "nats",
        "cassandra",
        "bitnami/cassandra",
        "influxdb",
        "bitnami/influxdb",
        "quay.io/coreos/etcd",
        "bitnami/etcd",
        "gcr.io/etcd-development/etcd",
        "couchdb",
        "neo4j",
        "clickhouse/clickhouse-server",
        "yandex/clickhouse-server",
        "mcr.microsoft.com/mssql/server",
        "cockroachdb/cockroach",
        "bitnami/redis-cluster",
        "percona",
        "percona/percona-server",
        "scylladb/scylla",
        "arangodb",
        "rethinkdb",
        "questdb/questdb",
        "qdrant/qdrant",
        "docker.dragonflydb.io/dragonflydb/dragonfly",
        "apachepulsar/pulsar",
        "redpandadata/redpanda",
        "docker.redpanda.com/redpandadata/redpanda",
        "eclipse-mosquitto",
        "emqx/emqx",
        "hashicorp/consul",
    ],
    "research notes rules.md CL-PORT-005 (database, cache and broker ports published on all interfaces; moby/moby#4737, moby/moby#22054) and each image's Docker Hub description",
)];

/// The category of an image reference, if the image is classified.
pub(crate) fn category(reference: &str) -> Option<Category> {
    let image = parse_reference(reference)?;
    CATEGORIES
        .iter()
        .find(|(_, repositories, _)| repositories.contains(&image.repository.as_str()))
        .map(|(category, _, _)| *category)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(reference: &str) -> Option<(String, Option<&str>)> {
        parse_reference(reference).map(|r| (r.repository, r.tag))
    }

    #[test]
    fn references_are_split_into_repository_and_tag() {
        assert_eq!(
            parts("prom/prometheus:v2.53.0"),
            Some(("prom/prometheus".into(), Some("v2.53.0")))
        );
        assert_eq!(
            parts("docker.io/prom/prometheus@sha256:0123abcd"),
            Some(("prom/prometheus".into(), None))
        );
        assert_eq!(
            parts("docker.io/library/redis:7-alpine"),
            Some(("redis".into(), Some("7-alpine")))
        );
        assert_eq!(
            parts("redis:7-alpine"),
            Some(("redis".into(), Some("7-alpine")))
        );
        assert_eq!(
            parts("localhost:5000/x"),
            Some(("localhost:5000/x".into(), None))
        );
        assert_eq!(
            parts("localhost:5000/x:1.0@sha256:ff"),
            Some(("localhost:5000/x".into(), Some("1.0")))
        );
        assert_eq!(parts(""), None);
    }

    #[test]
    fn variants_follow_the_tag() {
        let catalog = ImageCatalog::builtin();
        let facts = |r| catalog.lookup(r).map(|f| (f.curl, f.wget, f.shell));
        assert_eq!(
            facts("prom/prometheus:v2.53.0"),
            Some((Some(false), Some(true), Some(true)))
        );
        assert_eq!(
            facts("prom/prometheus:v3.5.0-distroless"),
            Some((Some(false), Some(false), Some(false)))
        );
        assert_eq!(facts("redis:7-alpine").and_then(|f| f.1), Some(true));
        assert_eq!(facts("redis:7").and_then(|f| f.1), Some(false));
        assert_eq!(
            facts("grafana/grafana:9.3.2").and_then(|f| f.0),
            Some(false)
        );
        assert_eq!(facts("grafana/grafana:9.4.7").and_then(|f| f.0), None);
        assert_eq!(
            facts("grafana/grafana:11.3.0").and_then(|f| f.0),
            Some(true)
        );
        assert_eq!(facts("grafana/grafana").and_then(|f| f.0), Some(true));
        assert_eq!(facts("grafana/loki:3.4.2").and_then(|f| f.2), Some(true));
        assert_eq!(facts("grafana/loki:2.9.0").and_then(|f| f.2), None);
        assert_eq!(facts("grafana/loki:3.6.0").and_then(|f| f.2), Some(false));
        assert_eq!(
            facts("minio/minio:RELEASE.2023-10-25T06-33-25Z").and_then(|f| f.0),
            None
        );
        assert_eq!(
            facts("minio/minio:RELEASE.2024-01-01T00-00-00Z").and_then(|f| f.0),
            Some(false)
        );
        assert!(catalog.lookup("example/app:1.0").is_none());
        assert!(catalog.lookup("localhost:5000/prom/prometheus").is_none());
    }

    #[test]
    fn every_entry_names_its_source() {
        assert!(IMAGES.iter().all(|f| !f.source.is_empty()));
        assert!(CATEGORIES.iter().all(|(_, _, source)| !source.is_empty()));
        assert_eq!(
            category("docker.io/library/postgres:17"),
            Some(Category::Datastore)
        );
        assert_eq!(category("grafana/grafana:11.3.0"), None);
    }

    #[test]
    fn non_http_ports_and_listen_flags_are_ports_of_their_entry() {
        for facts in IMAGES {
            let name = facts.repositories.first().copied().unwrap_or_default();
            for non_http in facts.non_http_ports {
                let port = non_http.port;
                assert!(facts.ports.contains(&port), "{name}: {port} not in ports");
                assert!(
                    facts.metrics.is_none_or(|(metrics, _)| metrics != port),
                    "{name}: {port} serves metrics"
                );
                // A store's own port is scrape-target-non-metrics-port's.
                assert!(protocol_port(port).is_none(), "{name}: {port}");
                assert!(!non_http.what.is_empty() && !non_http.protocol.is_empty());
            }
            for (port, flag) in facts.listen_flags {
                assert!(facts.ports.contains(port), "{name}: {port} not in ports");
                assert!(!flag.starts_with('-'), "{name}: `{flag}` without dashes");
            }
        }
        let catalog = ImageCatalog::builtin();
        let alertmanager = catalog.lookup("quay.io/prometheus/alertmanager:v0.28.1");
        assert_eq!(
            alertmanager.map(|f| (f.ports, f.non_http_ports.first().map(|n| n.port))),
            Some((&[9093, 9094][..], Some(9094)))
        );
        assert_eq!(
            alertmanager.and_then(|f| f.program),
            Some(Program::Alertmanager)
        );
    }

    #[test]
    fn configured_images_replace_the_builtin_entry_for_every_tag() {
        let api = ConfiguredImage {
            ports: vec![8080],
            curl: Some(false),
            source: "compose-lint.toml".into(),
            ..ConfiguredImage::default()
        };
        let redis = ConfiguredImage {
            wget: Some(true),
            source: "compose-lint.toml".into(),
            ..ConfiguredImage::default()
        };
        let catalog = ImageCatalog::with_configured([
            ("Registry.example.com/team/api", api),
            ("docker.io/library/redis", redis),
        ]);
        let Ok(catalog) = catalog else {
            panic!("refused: {catalog:?}")
        };
        let api = catalog.lookup("registry.example.com/team/api:1.2@sha256:ff");
        assert_eq!(
            api.map(|f| (f.ports, f.curl)),
            Some((&[8080][..], Some(false)))
        );
        assert!(api.is_some_and(|f| f.configured));
        // Nothing of the built-in entry is kept: not its ports, not its
        // healthcheck.
        let redis = catalog.lookup("redis:7");
        assert_eq!(
            redis.map(|f| (f.ports, f.wget, f.healthcheck)),
            Some((&[][..], Some(true), None))
        );
        assert!(
            catalog
                .lookup("grafana/grafana")
                .is_some_and(|f| !f.configured)
        );
        assert!(
            ImageCatalog::with_configured([("team/api:1.0", ConfiguredImage::default())]).is_err()
        );
        assert!(
            ImageCatalog::with_configured([("team/api@sha256:ff", ConfiguredImage::default())])
                .is_err()
        );
        assert!(
            ImageCatalog::with_configured([
                ("redis", ConfiguredImage::default()),
                ("library/redis", ConfiguredImage::default()),
            ])
            .is_err()
        );
        assert_eq!(
            repository_key("localhost:5000/x").as_deref(),
            Some("localhost:5000/x")
        );
        assert_eq!(repository_key("x:"), None);
    }
}
