//! Which configurations a service's program reads, and where in its
//! container: the image facts name the program and its default path; the
//! flags and variables that move it (`--config.file`, `-config.file`,
//! `alloy run PATH`, `GF_PATHS_PROVISIONING`) are read from the service.
//! Every configuration kind is found the same way: its container path is
//! looked up in the service's [`ContainerView`](super::ContainerView).

use crate::compose::value::{Kind, Value};
use crate::images::{self, ImageCatalog, Program};
use crate::sources::FileKind;

/// A configuration a service reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ConfigPath {
    pub kind: FileKind,
    /// The absolute container path.
    pub path: String,
    /// True when the program reads every file of a directory with one of
    /// `extensions`.
    pub directory: bool,
    pub extensions: &'static [&'static str],
}

impl ConfigPath {
    /// What it is, for messages: "Prometheus configuration".
    pub(crate) fn what(&self) -> &'static str {
        self.kind.what()
    }
}

/// The words of a `command` or `entrypoint`: a list as written, a string
/// split on whitespace.
pub(crate) fn words(value: Option<&Value>) -> Vec<String> {
    match value.map(|v| &v.kind) {
        Some(Kind::String(text)) => text.split_whitespace().map(str::to_string).collect(),
        Some(Kind::Sequence(items)) => items
            .iter()
            .filter_map(|item| match &item.kind {
                Kind::String(s) => Some(s.to_string()),
                Kind::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The value of a `--NAME=VALUE` or `--NAME VALUE` flag (one or two
/// dashes) in a service's `entrypoint` and `command`.
/// A script given as one list item (`["sh", "-c", "exec prometheus
/// --config.file=…"]`) is read word by word too.
pub(crate) fn flag(service: &Value, name: &str) -> Option<String> {
    scan_flag(service, name, true).values.into_iter().next()
}

/// Every value of a flag that may be repeated, in order, or `None` when
/// `NAME` is also written in the `entrypoint` or `command` in a way these
/// words do not show (inside a `sh -c` script, say): then its values are
/// not known.
pub(crate) fn flag_values(service: &Value, name: &str) -> Option<Vec<String>> {
    let scan = scan_flag(service, name, false);
    (!scan.hidden).then_some(scan.values)
}

struct FlagScan {
    values: Vec<String>,
    /// A word mentions the flag without being it.
    hidden: bool,
}

fn scan_flag(service: &Value, name: &str, split_scripts: bool) -> FlagScan {
    let mut all = words(service.get("entrypoint"));
    all.extend(words(service.get("command")));
    if split_scripts {
        all = all
            .iter()
            .flat_map(|word| word.split_whitespace().map(str::to_string))
            .collect();
    }
    let unquote = |text: &str| text.trim_matches(['"', '\'']).to_string();
    let mut scan = FlagScan {
        values: Vec::new(),
        hidden: false,
    };
    let mut iter = all.iter();
    while let Some(word) = iter.next() {
        let word = word.trim_matches(['"', '\'']);
        let rest = word
            .strip_prefix("--")
            .or_else(|| word.strip_prefix('-'))
            .and_then(|rest| rest.strip_prefix(name));
        match rest.map(|rest| rest.strip_prefix('=').ok_or(rest)) {
            Some(Ok(value)) => scan.values.push(unquote(value)),
            Some(Err("")) => match iter.next() {
                Some(value) => scan.values.push(unquote(value)),
                None => scan.hidden = true,
            },
            _ => scan.hidden |= word.contains(name),
        }
    }
    scan
}

fn image(service: &Value) -> Option<&str> {
    service.get("image").and_then(Value::as_str)
}

/// True when the service runs a Prometheus image of the image table.
pub(crate) fn is_prometheus_image(images: &ImageCatalog, service: &Value) -> bool {
    image(service)
        .and_then(|image| images.lookup(image))
        .is_some_and(|facts| facts.program == Some(Program::Prometheus))
}

/// True when the service runs Prometheus: a Prometheus image, or — since
/// Loki, Promtail and Alertmanager take `-config.file` too — an image whose
/// program the facts do not know (unknown, or described by the
/// configuration), given `--config.file`, for a service or image named
/// after Prometheus.
pub(crate) fn runs_prometheus(images: &ImageCatalog, name: &str, service: &Value) -> bool {
    if is_prometheus_image(images, service) {
        return true;
    }
    let explicit = flag(service, "config.file").is_some();
    let named =
        name.contains("prometheus") || image(service).is_some_and(|i| i.contains("prometheus"));
    let unknown = image(service)
        .is_none_or(|image| images.lookup(image).is_none_or(|facts| facts.configured));
    explicit && unknown && named
}

/// Where the service reads its Prometheus configuration, when it runs
/// Prometheus: `--config.file`, else the image's default.
pub(crate) fn prometheus_config(images: &ImageCatalog, service: &Value) -> Option<String> {
    let default = image(service)
        .and_then(|image| images.lookup(image))
        .filter(|facts| facts.program == Some(Program::Prometheus))
        .and_then(|facts| facts.config_path);
    match flag(service, "config.file") {
        Some(path) if path.starts_with('/') => Some(path),
        // Relative to the image's working directory, `/prometheus`.
        Some(path) if default.is_some() => {
            Some(format!("/prometheus/{}", path.trim_start_matches("./")))
        }
        Some(_) => None,
        None => default.map(str::to_string),
    }
}

/// Where a service reads its Promtail configuration, when it runs
/// Promtail: the `grafana/promtail` image, or an image whose program the
/// facts do not know (unknown, or described by the configuration) that is
/// named after Promtail and given `-config.file`.
pub(crate) fn promtail_config(images: &ImageCatalog, service: &Value) -> Option<String> {
    let image = image(service);
    let facts = image
        .and_then(|image| images.lookup(image))
        .filter(|facts| !facts.configured);
    let explicit = flag(service, "config.file");
    let default = match facts {
        Some(facts) if facts.program == Some(Program::Promtail) => facts.config_path,
        Some(_) => return None,
        None if image.is_some_and(|i| i.contains("promtail")) => None,
        None => return None,
    };
    match explicit {
        // Relative paths depend on a working directory the image does not
        // promise.
        Some(path) => path.starts_with('/').then_some(path),
        None => default.map(str::to_string),
    }
}

/// Where a service running `program` reads its configuration:
/// `-config.file` or `--config.file` when it names an absolute path, else
/// the image's default. Alertmanager and Loki take the flag this way. An
/// image whose program the facts do not know (unknown, or described by the
/// configuration) counts when its name says it (`loki`, `alertmanager`) and
/// the flag is given.
pub(crate) fn flagged_config(
    images: &ImageCatalog,
    service: &Value,
    program: Program,
) -> Option<String> {
    let reference = image(service)?;
    let explicit = flag(service, "config.file").filter(|path| path.starts_with('/'));
    match images.lookup(reference).filter(|facts| !facts.configured) {
        Some(facts) if facts.program == Some(program) => match explicit {
            // A relative path depends on a working directory the image
            // does not promise.
            Some(path) => Some(path),
            None if flag(service, "config.file").is_some() => None,
            // A `command` or `entrypoint` without the flag replaces the
            // image's default arguments: the program then reads a file
            // relative to its working directory, or none.
            None if service.get("command").is_some() || service.get("entrypoint").is_some() => None,
            None => facts.config_path.map(str::to_string),
        },
        Some(_) => None,
        None => {
            let word = match program {
                Program::Alertmanager => "alertmanager",
                Program::Loki => "loki",
                Program::Blackbox => "blackbox",
                _ => return None,
            };
            let name = images::parse_reference(reference)?;
            let last = name.repository.rsplit('/').next().unwrap_or_default();
            if last.contains(word) { explicit } else { None }
        }
    }
}

/// True for a service running Alloy: the `grafana/alloy` image, or an image
/// whose program the facts do not know (unknown, or described by the
/// configuration) whose last path segment is `alloy`.
pub(crate) fn runs_alloy(images: &ImageCatalog, service: &Value) -> bool {
    let Some(image) = image(service) else {
        return false;
    };
    match images.lookup(image).filter(|facts| !facts.configured) {
        Some(facts) => facts.program == Some(Program::Alloy),
        None => images::parse_reference(image)
            .is_some_and(|r| r.repository.rsplit('/').next() == Some("alloy")),
    }
}

/// The path after `run` in the service's `entrypoint` and `command`; the
/// image's default when neither is written.
pub(crate) fn alloy_config(images: &ImageCatalog, service: &Value) -> Option<String> {
    if service.get("entrypoint").is_none() && service.get("command").is_none() {
        return image(service)
            .and_then(|image| images.lookup(image))
            .and_then(|facts| facts.config_path)
            .map(str::to_string);
    }
    let mut all = words(service.get("entrypoint"));
    all.extend(words(service.get("command")));
    let run = all.iter().position(|word| word == "run")?;
    // A flag without `=` may take the next word as its value: such a word
    // counts only when it names an `.alloy` file.
    let mut after_bare_flag = false;
    for word in &all[run + 1..] {
        if word.starts_with('-') {
            after_bare_flag = !word.contains('=');
            continue;
        }
        if !after_bare_flag || word.ends_with(".alloy") {
            return word.starts_with('/').then(|| word.clone());
        }
        after_bare_flag = false;
    }
    None
}

/// True for the Grafana images (`grafana/grafana`, `grafana/grafana-oss`,
/// `grafana/grafana-enterprise`, with or without a registry).
pub(crate) fn is_grafana(service: &Value) -> bool {
    image(service)
        .and_then(images::parse_reference)
        .is_some_and(|image| {
            let name = image.repository.rsplit('/').next().unwrap_or_default();
            image.repository.contains("grafana/") && name.starts_with("grafana")
        })
}

/// Grafana's provisioning directory: `GF_PATHS_PROVISIONING`, else
/// `/etc/grafana/provisioning`.
pub(crate) fn grafana_provisioning(service: &Value) -> Option<String> {
    let environment = service.get("environment");
    match environment
        .and_then(|env| env.get("GF_PATHS_PROVISIONING"))
        .map(|v| &v.kind)
    {
        Some(Kind::String(path)) if path.starts_with('/') && !path.contains('$') => {
            Some(path.trim_end_matches('/').to_string())
        }
        // Set to something that cannot be followed: a relative path, or a
        // variable left for run time.
        Some(Kind::String(_)) => None,
        _ => Some("/etc/grafana/provisioning".to_string()),
    }
}

/// Every configuration `service` (named `name`) reads.
pub(crate) fn config_paths(images: &ImageCatalog, name: &str, service: &Value) -> Vec<ConfigPath> {
    let mut found = Vec::new();
    let reference = image(service).unwrap_or_default();
    let named = |word: &str| reference.contains(word) || name.contains(word);
    let known = images.lookup(reference);
    let guessed = [
        "prometheus",
        "promtail",
        "alloy",
        "grafana",
        "alertmanager",
        "loki",
        "blackbox",
    ]
    .iter()
    .any(|word| named(word));
    if known.is_none_or(|facts| facts.configured) && !guessed {
        // Only the name of an image the table does not describe says
        // what it runs, and this one names nothing whose configuration
        // is read.
        return found;
    }
    if runs_prometheus(images, name, service)
        && let Some(path) = prometheus_config(images, service)
    {
        found.push(ConfigPath {
            kind: FileKind::Prometheus,
            path,
            directory: false,
            extensions: &[],
        });
    }
    if let Some(path) = promtail_config(images, service) {
        found.push(ConfigPath {
            kind: FileKind::Promtail,
            path,
            directory: false,
            extensions: &[],
        });
    }
    for (program, kind) in [
        (Program::Alertmanager, FileKind::Alertmanager),
        (Program::Loki, FileKind::Loki),
        (Program::Blackbox, FileKind::Blackbox),
    ] {
        if let Some(path) = flagged_config(images, service, program) {
            found.push(ConfigPath {
                kind,
                path,
                directory: false,
                extensions: &[],
            });
        }
    }
    if runs_alloy(images, service)
        && let Some(path) = alloy_config(images, service)
    {
        // `alloy run` takes a file or a directory of `.alloy` files.
        found.push(ConfigPath {
            kind: FileKind::Alloy,
            path,
            directory: false,
            extensions: &["alloy"],
        });
    }
    if is_grafana(service)
        && let Some(provisioning) = grafana_provisioning(service)
    {
        found.push(ConfigPath {
            kind: FileKind::GrafanaDatasources,
            path: format!("{provisioning}/datasources"),
            directory: true,
            extensions: &["yml", "yaml"],
        });
        found.push(ConfigPath {
            kind: FileKind::GrafanaDashboards,
            path: format!("{provisioning}/dashboards"),
            directory: true,
            extensions: &["yml", "yaml"],
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_path_is_read_from_the_command() {
        let service = |command: &str| {
            let mut map = crate::compose::value::Mapping::default();
            map.insert("image".into(), Value::string("grafana/alloy:v1.10.0"));
            if !command.is_empty() {
                map.insert("command".into(), Value::string(command));
            }
            Value::mapping(map)
        };
        let path = |command: &str| alloy_config(&ImageCatalog::builtin(), &service(command));
        assert_eq!(path(""), Some("/etc/alloy/config.alloy".to_string()));
        assert_eq!(
            path("run --server.http.listen-addr=0.0.0.0:12345 /etc/alloy/x.alloy"),
            Some("/etc/alloy/x.alloy".to_string())
        );
        assert_eq!(
            path("run --storage.path /var/lib/alloy/data /etc/alloy"),
            Some("/etc/alloy".to_string())
        );
        assert_eq!(path("run --disable-reporting /etc/alloy"), None);
        assert_eq!(
            path("run --storage.path /var/lib/alloy/data /etc/alloy/config.alloy"),
            Some("/etc/alloy/config.alloy".to_string())
        );
        assert_eq!(path("run /etc/alloy"), Some("/etc/alloy".to_string()));
        assert_eq!(path("fmt /etc/alloy/config.alloy"), None);
    }

    #[test]
    fn the_prometheus_config_flag_is_read_in_both_forms() {
        let service = |command: &str| {
            let mut map = crate::compose::value::Mapping::default();
            map.insert("command".into(), Value::string(command));
            map.insert("image".into(), Value::string("prom/prometheus:v3.5.0"));
            Value::mapping(map)
        };
        let path = |command: &str| prometheus_config(&ImageCatalog::builtin(), &service(command));
        assert_eq!(
            path("--config.file=/etc/p/main.yml --web.enable-lifecycle"),
            Some("/etc/p/main.yml".to_string())
        );
        assert_eq!(
            path("--config.file /etc/p/x.yml"),
            Some("/etc/p/x.yml".to_string())
        );
        assert_eq!(
            path("--web.enable-lifecycle"),
            Some("/etc/prometheus/prometheus.yml".to_string())
        );
        assert_eq!(
            path("--config.file=conf/p.yml"),
            Some("/prometheus/conf/p.yml".to_string())
        );
    }

    #[test]
    fn grafana_provisioning_moves_with_its_variable() {
        let service = |value: Option<&str>| {
            let mut map = crate::compose::value::Mapping::default();
            map.insert("image".into(), Value::string("grafana/grafana:12.1.0"));
            if let Some(value) = value {
                let mut env = crate::compose::value::Mapping::default();
                env.insert("GF_PATHS_PROVISIONING".into(), Value::string(value));
                map.insert("environment".into(), Value::mapping(env));
            }
            Value::mapping(map)
        };
        assert_eq!(
            grafana_provisioning(&service(None)),
            Some("/etc/grafana/provisioning".to_string())
        );
        assert_eq!(
            grafana_provisioning(&service(Some("/srv/prov/"))),
            Some("/srv/prov".to_string())
        );
        assert_eq!(grafana_provisioning(&service(Some("prov"))), None);
    }

    #[test]
    fn repeated_flags_give_every_value_and_hidden_ones_none() {
        let service = |key: &str, words: &[&str]| {
            let mut map = crate::compose::value::Mapping::default();
            let items = words.iter().map(|w| Value::string(*w)).collect();
            map.insert(key.into(), Value::synthetic(Kind::Sequence(items)));
            Value::mapping(map)
        };
        let command = service(
            "command",
            &[
                "--web.listen-address=:9093",
                "--web.listen-address",
                "[::]:9095",
                "--web.listen-addresses=x",
            ],
        );
        assert_eq!(
            flag_values(&command, "web.listen-address"),
            None,
            "a longer flag that contains the name is not read"
        );
        let command = service(
            "command",
            &[
                "--web.listen-address=:9093",
                "--web.listen-address",
                "[::]:9095",
            ],
        );
        assert_eq!(
            flag_values(&command, "web.listen-address"),
            Some(vec![":9093".to_string(), "[::]:9095".to_string()])
        );
        assert_eq!(
            flag(&command, "web.listen-address").as_deref(),
            Some(":9093")
        );
        assert_eq!(
            flag_values(&command, "cluster.listen-address"),
            Some(vec![])
        );
        let script = service(
            "entrypoint",
            &[
                "/bin/sh",
                "-c",
                "exec alertmanager --cluster.listen-address=",
            ],
        );
        assert_eq!(flag_values(&script, "cluster.listen-address"), None);
        assert_eq!(
            flag(&script, "cluster.listen-address").as_deref(),
            Some(""),
            "the first value, read inside the script"
        );
        let off = service("command", &["--cluster.listen-address="]);
        assert_eq!(
            flag_values(&off, "cluster.listen-address"),
            Some(vec![String::new()])
        );
    }

    #[test]
    fn alertmanager_and_loki_read_their_flag_or_the_default() {
        let service = |image: &str, command: Option<&str>| {
            let mut map = crate::compose::value::Mapping::default();
            map.insert("image".into(), Value::string(image));
            if let Some(command) = command {
                map.insert("command".into(), Value::string(command));
            }
            Value::mapping(map)
        };
        let path = |image: &str, command: Option<&str>, program: Program| {
            flagged_config(&ImageCatalog::builtin(), &service(image, command), program)
        };
        let alertmanager = "prom/alertmanager:v0.28.1";
        assert_eq!(
            path(alertmanager, None, Program::Alertmanager).as_deref(),
            Some("/etc/alertmanager/alertmanager.yml")
        );
        assert_eq!(
            path(
                alertmanager,
                Some("--config.file=/etc/am/am.yml"),
                Program::Alertmanager
            )
            .as_deref(),
            Some("/etc/am/am.yml")
        );
        assert_eq!(
            path(
                alertmanager,
                Some("--storage.path=/alertmanager"),
                Program::Alertmanager
            ),
            None,
            "a replaced command without the flag reads no default"
        );
        assert_eq!(path(alertmanager, None, Program::Loki), None);
        assert_eq!(
            path("grafana/loki:3.4.2", None, Program::Loki).as_deref(),
            Some("/etc/loki/local-config.yaml")
        );
        assert_eq!(
            path(
                "example/loki-custom:1",
                Some("-config.file=/etc/loki/x.yaml"),
                Program::Loki
            )
            .as_deref(),
            Some("/etc/loki/x.yaml")
        );
        assert_eq!(path("example/loki-custom:1", None, Program::Loki), None);
    }
}
