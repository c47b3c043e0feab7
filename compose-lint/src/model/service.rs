//! A service of the resolved project, typed.

use std::net::IpAddr;
use std::ops::RangeInclusive;

use super::{At, Healthcheck, Located, NetworkAttachment};
use crate::compose::model::Element;
use crate::compose::port_spec;
use crate::compose::value::{Kind, Value};
use crate::location::{Location, Part};

/// A service as Compose runs it, after interpolation, `extends`, merging
/// and profiles.
#[derive(Clone, Debug)]
pub struct Service<'a> {
    pub name: &'a str,
    /// The whole service node.
    pub node: &'a Value,
    pub image: Option<Located<'a, &'a str>>,
    /// `container_name`, when set and not empty.
    pub container_name: Option<Located<'a, &'a str>>,
    pub network_mode: Option<Located<'a, &'a str>>,
    /// How many containers the service runs, as Compose counts them:
    /// `scale`, else `deploy.replicas`; `None` when neither is written as
    /// a whole number.
    pub replicas: Option<Located<'a, u64>>,
    /// The `ports` entries that parse, short or long syntax, each at its
    /// entry (entries that do not parse are the schema rules' to report).
    pub ports: Vec<Located<'a, PortBinding>>,
    /// The profiles that enable the service; empty: always enabled.
    pub profiles: Vec<&'a str>,
    /// The networks the service names under `networks`.
    pub networks: Vec<NetworkAttachment<'a>>,
    /// `build`, in whatever form it is written.
    pub build: Option<Located<'a, &'a Value>>,
    /// `privileged`, when written as a boolean.
    pub privileged: Option<Located<'a, bool>>,
    /// The `cap_add` entries that are strings.
    pub cap_add: Vec<Located<'a, &'a str>>,
    /// The `security_opt` entries that are strings.
    pub security_opt: Vec<Located<'a, &'a str>>,
    /// `healthcheck`, when written.
    pub healthcheck: Option<Box<Healthcheck<'a>>>,
    /// The `volumes` entries, short or long syntax, as written.
    pub volumes: Vec<Located<'a, &'a Value>>,
    /// The `environment` entries whose value is a string or a number.
    pub environment: Vec<Located<'a, EnvVar<'a>>>,
    /// `user`, unless empty (null).
    pub user: Option<Located<'a, &'a Value>>,
    /// The `group_add` entries.
    pub group_add: Vec<Located<'a, &'a Value>>,
    /// `command` and `entrypoint`, as written.
    pub command: Option<Located<'a, &'a Value>>,
    pub entrypoint: Option<Located<'a, &'a Value>>,
    /// The `ports` list as written, every entry, parsed or not.
    pub ports_list: Option<Located<'a, &'a [Value]>>,
    /// `networks` as written: a list or a mapping.
    pub networks_written: Option<Located<'a, &'a Value>>,
    /// The secrets and configs the service uses, each at its name.
    pub secrets: Vec<Located<'a, &'a str>>,
    pub configs: Vec<Located<'a, &'a str>>,
    /// The `env_file` entries whose path is a string, each at its path.
    pub env_files: Vec<Located<'a, EnvFile<'a>>>,
    /// The `label_file` entries that are strings, each at its path.
    pub label_files: Vec<Located<'a, &'a str>>,
    /// `cpus`, `scale` and `platform`, as written.
    pub cpus: Option<Located<'a, &'a Value>>,
    pub scale: Option<Located<'a, &'a Value>>,
    pub platform: Option<Located<'a, &'a Value>>,
    /// `deploy.replicas`, `deploy.resources.limits` and its `cpus`, as
    /// written.
    pub deploy_replicas: Option<Located<'a, &'a Value>>,
    pub deploy_limits: Option<Located<'a, &'a Value>>,
    pub deploy_limits_cpus: Option<Located<'a, &'a Value>>,
    /// `build.dockerfile`, `build.dockerfile_inline` and `build.platforms`
    /// of the long form of `build`, as written.
    pub dockerfile: Option<Located<'a, &'a Value>>,
    pub dockerfile_inline: Option<Located<'a, &'a Value>>,
    pub build_platforms: Option<Located<'a, &'a Value>>,
    /// The `develop.watch` entries, as written.
    pub watch: Vec<Located<'a, &'a Value>>,
    at: At<'a>,
}

/// An entry of a service's `env_file`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnvFile<'a> {
    pub path: &'a str,
    /// False for `required: false`: a missing file is skipped.
    pub required: bool,
}

/// A variable a service's `environment` sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar<'a> {
    pub name: &'a str,
    /// The value as text (a number as written).
    pub value: String,
}

/// One entry of a service's `ports`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortBinding {
    /// The host address; `None` means every address.
    pub host_ip: Option<IpAddr>,
    /// The published host ports; `None` when Docker picks them (no host
    /// port, or `0`).
    pub published: Option<RangeInclusive<u16>>,
    /// The container ports, when written as numbers.
    pub target: Option<RangeInclusive<u16>>,
    /// `tcp`, `udp` or `sctp`, lower case.
    pub protocol: String,
}

impl PortBinding {
    /// True when the port is published on every host address (no address,
    /// `0.0.0.0` or `::`).
    pub fn on_all_interfaces(&self) -> bool {
        self.host_ip.is_none_or(|ip| ip.is_unspecified())
    }

    /// True when the port is published on a loopback address only.
    pub fn is_loopback(&self) -> bool {
        self.host_ip.is_some_and(|ip| ip.is_loopback())
    }

    /// True when both could take the same host address and port.
    pub fn collides_with(&self, other: &PortBinding) -> bool {
        let (Some(a), Some(b)) = (&self.published, &other.published) else {
            return false;
        };
        self.protocol == other.protocol
            && a.start() <= b.end()
            && b.start() <= a.end()
            && addresses_overlap(self.host_ip, other.host_ip)
    }
}

/// No address means every address; `0.0.0.0` and `::` mean every address of
/// their family.
fn addresses_overlap(a: Option<IpAddr>, b: Option<IpAddr>) -> bool {
    match (a, b) {
        (None, _) | (_, None) => true,
        (Some(a), Some(b)) => {
            a == b || (a.is_ipv4() == b.is_ipv4() && (a.is_unspecified() || b.is_unspecified()))
        }
    }
}

impl<'a> Service<'a> {
    pub(crate) fn of(element: Element<'a>) -> Self {
        let node = element.value;
        let at = At::entry("services", element.name, element.value);
        let string = |key: &'static str| {
            let value = node.get(key)?;
            Some(Located::new(value.as_str()?, value, at.key(key)))
        };
        Self {
            name: element.name,
            node,
            image: string("image"),
            container_name: string("container_name").filter(|name| !name.value.is_empty()),
            network_mode: string("network_mode"),
            replicas: replicas(node, at),
            ports: ports(node, at),
            profiles: node
                .get("profiles")
                .and_then(Value::as_sequence)
                .map(|items| items.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
            networks: NetworkAttachment::all(node, at),
            build: node
                .get("build")
                .map(|b| Located::new(b, b, at.key("build"))),
            privileged: node
                .get("privileged")
                .and_then(|p| Some(Located::new(p.as_bool()?, p, at.key("privileged")))),
            cap_add: strings(node, at, "cap_add"),
            healthcheck: node
                .get("healthcheck")
                .map(|h| Box::new(Healthcheck::of(h, at.key("healthcheck")))),
            volumes: items(node, at, "volumes"),
            security_opt: strings(node, at, "security_opt"),
            environment: node
                .get("environment")
                .and_then(Value::as_mapping)
                .into_iter()
                .flatten()
                .filter_map(|(name, value)| {
                    Some(Located::new(
                        EnvVar {
                            name,
                            value: value.scalar_text()?,
                        },
                        value,
                        at.key("environment").key(name),
                    ))
                })
                .collect(),
            user: written(node, at, "user").filter(|u| !u.value.is_null()),
            group_add: items(node, at, "group_add"),
            env_files: env_files(node, at),
            label_files: label_files(node, at),
            command: written(node, at, "command"),
            entrypoint: written(node, at, "entrypoint"),
            ports_list: node
                .get("ports")
                .and_then(|p| Some(Located::new(p.as_sequence()?, p, at.key("ports")))),
            networks_written: written(node, at, "networks"),
            secrets: super::resource::references(node, at, "secrets"),
            configs: super::resource::references(node, at, "configs"),
            cpus: nested(node, at, &["cpus"]),
            scale: nested(node, at, &["scale"]),
            platform: nested(node, at, &["platform"]),
            deploy_replicas: nested(node, at, &["deploy", "replicas"]),
            deploy_limits: nested(node, at, &["deploy", "resources", "limits"]),
            deploy_limits_cpus: nested(node, at, &["deploy", "resources", "limits", "cpus"]),
            dockerfile: nested(node, at, &["build", "dockerfile"]),
            dockerfile_inline: nested(node, at, &["build", "dockerfile_inline"]),
            build_platforms: nested(node, at, &["build", "platforms"]),
            watch: node
                .get("develop")
                .and_then(|d| d.get("watch"))
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(index, item)| {
                    Located::new(item, item, at.key("develop").key("watch").index(index))
                })
                .collect(),
            at,
        }
    }

    /// The service as an entry of the resolved project's `services`.
    pub fn element(&self) -> Element<'a> {
        Element {
            name: self.name,
            value: self.node,
        }
    }

    /// The service's mounts, short and long syntax, read into one shape.
    pub fn mounts(&self) -> Vec<super::Mount<'a>> {
        crate::compose::mounts::mounts(self.node)
    }

    /// Where the service is written (its whole mapping).
    pub fn location(&self) -> Location {
        Location::model(self.at.pointer(), Part::Value)
    }

    /// Where the service's name is written.
    pub fn key_location(&self) -> Location {
        Location::model(self.at.pointer(), Part::Key)
    }

    /// True when both services can run at once: one has no profiles, or
    /// they share one.
    pub fn can_run_with(&self, other: &Service<'_>) -> bool {
        self.profiles.is_empty()
            || other.profiles.is_empty()
            || self.profiles.iter().any(|p| other.profiles.contains(p))
    }
}

/// `env_file`: a path, or a list of paths and `{path, required}` entries.
/// `label_file`: one path, or a list of paths.
fn label_files<'a>(node: &'a Value, at: At<'a>) -> Vec<Located<'a, &'a str>> {
    let Some(label_file) = node.get("label_file") else {
        return Vec::new();
    };
    let at = at.key("label_file");
    match label_file.as_sequence() {
        Some(items) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| Some(Located::new(item.as_str()?, item, at.index(index))))
            .collect(),
        None => label_file
            .as_str()
            .map(|path| Located::new(path, label_file, at))
            .into_iter()
            .collect(),
    }
}

fn env_files<'a>(node: &'a Value, at: At<'a>) -> Vec<Located<'a, EnvFile<'a>>> {
    let Some(env_file) = node.get("env_file") else {
        return Vec::new();
    };
    let at = at.key("env_file");
    let Some(items) = env_file.as_sequence() else {
        return env_file
            .as_str()
            .map(|path| {
                Located::new(
                    EnvFile {
                        path,
                        required: true,
                    },
                    env_file,
                    at,
                )
            })
            .into_iter()
            .collect();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| {
            let at = at.index(index);
            match item.get("path") {
                Some(path) => Some(Located::new(
                    EnvFile {
                        path: path.as_str()?,
                        required: item.get("required").and_then(Value::as_bool) != Some(false),
                    },
                    path,
                    at.key("path"),
                )),
                None => Some(Located::new(
                    EnvFile {
                        path: item.as_str()?,
                        required: true,
                    },
                    item,
                    at,
                )),
            }
        })
        .collect()
}

/// The value at the end of `path`, as written; `None` when a step is
/// missing or the value is empty (null).
fn nested<'a>(
    node: &'a Value,
    at: At<'a>,
    path: &[&'static str],
) -> Option<Located<'a, &'a Value>> {
    let mut value = node;
    let mut at = at;
    for key in path {
        value = value.get(key)?;
        at = at.key(key);
    }
    (!value.is_null()).then(|| Located::new(value, value, at))
}

/// The value at `key`, as written.
fn written<'a>(node: &'a Value, at: At<'a>, key: &'static str) -> Option<Located<'a, &'a Value>> {
    let value = node.get(key)?;
    Some(Located::new(value, value, at.key(key)))
}

/// The items of the list at `key`, as written, each at its index.
fn items<'a>(node: &'a Value, at: At<'a>, key: &'static str) -> Vec<Located<'a, &'a Value>> {
    node.get(key)
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(index, item)| Located::new(item, item, at.key(key).index(index)))
        .collect()
}

/// The string items of the list at `key`, each at its index.
fn strings<'a>(node: &'a Value, at: At<'a>, key: &'static str) -> Vec<Located<'a, &'a str>> {
    node.get(key)
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, item)| {
            Some(Located::new(item.as_str()?, item, at.key(key).index(index)))
        })
        .collect()
}

/// `scale` wins over `deploy.replicas`, as in Compose.
fn replicas<'a>(node: &'a Value, at: At<'a>) -> Option<Located<'a, u64>> {
    if let Some(scale) = node.get("scale") {
        return Some(Located::new(count(scale)?, scale, at.key("scale")));
    }
    let replicas = node.get("deploy")?.get("replicas")?;
    Some(Located::new(
        count(replicas)?,
        replicas,
        at.key("deploy").key("replicas"),
    ))
}

/// A whole number written as a number or a string of digits.
fn count(value: &Value) -> Option<u64> {
    match &value.kind {
        Kind::Number(n) => n.as_u64(),
        Kind::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn ports<'a>(node: &'a Value, at: At<'a>) -> Vec<Located<'a, PortBinding>> {
    let Some(entries) = node.get("ports").and_then(Value::as_sequence) else {
        return Vec::new();
    };
    entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            let binding = port(entry)?;
            Some(Located::new(binding, entry, at.key("ports").index(index)))
        })
        .collect()
}

fn port(entry: &Value) -> Option<PortBinding> {
    let binding = match &entry.kind {
        Kind::String(text) => {
            let spec = port_spec::parse(text).ok()?;
            PortBinding {
                host_ip: spec.host_ip,
                published: spec.published,
                target: Some(spec.target),
                protocol: spec.protocol,
            }
        }
        Kind::Number(n) => {
            let port = u16::try_from(n.as_u64()?).ok()?;
            PortBinding {
                host_ip: None,
                published: None,
                target: Some(port..=port),
                protocol: "tcp".to_string(),
            }
        }
        Kind::Mapping(_) => PortBinding {
            published: entry
                .get("published")
                .and_then(Value::scalar_text)
                .and_then(|text| published_range(&text)),
            host_ip: match entry.get("host_ip").and_then(Value::as_str) {
                None | Some("") => None,
                Some(text) => Some(text.trim_matches(['[', ']']).parse().ok()?),
            },
            target: entry
                .get("target")
                .and_then(Value::scalar_text)
                .and_then(|t| published_range(&t)),
            protocol: entry
                .get("protocol")
                .and_then(Value::as_str)
                .filter(|p| !p.is_empty())
                .unwrap_or("tcp")
                .to_ascii_lowercase(),
        },
        _ => return None,
    };
    Some(PortBinding {
        // Port 0 lets Docker pick one.
        published: binding.published.filter(|p| *p.start() != 0),
        ..binding
    })
}

/// `8080` or `8000-8010`; `None` when empty or not a range of ports.
fn published_range(text: &str) -> Option<RangeInclusive<u16>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let (start, end) = text.split_once('-').unwrap_or((text, text));
    let start: u16 = start.parse().ok()?;
    let end: u16 = end.parse().ok()?;
    (start <= end).then_some(start..=end)
}
