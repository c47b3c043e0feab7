//! Who answers at `host:port` when a service of the project dials it: the
//! service a name resolves to on Compose's networks, whether both services
//! share a network, and what the port is to that service (a port it
//! listens on, the host side of a published port, a well-known non-metrics
//! protocol).

use std::collections::BTreeSet;

use super::{is_partial, services};
use crate::compose::model::{Element, network_mode};
use crate::compose::port_spec;
use crate::compose::value::{Kind, Value};
use crate::images::ImageCatalog;
use crate::project::Project;

/// The services of a resolved project, with the names each answers to.
pub struct Endpoints<'a> {
    project: &'a Project,
    /// The project name, for the `<project>-<service>-1` container names.
    project_name: String,
    services: Vec<Element<'a>>,
}

/// A client and the service it names sharing no network.
#[derive(Clone, Debug)]
pub struct Unshared<'a> {
    pub named: Named<'a>,
    /// For a network alias: the only network it resolves on.
    pub alias_network: Option<&'a str>,
    /// The networks of the named service, as `` `a`, `b` ``.
    pub theirs: String,
    /// The networks of the client, likewise.
    pub ours: String,
}

/// How a name reaches a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Service,
    ContainerName,
    Hostname,
    /// A network alias (`networks.<net>.aliases`) or a `links` alias.
    Alias,
    /// The container name Compose generates: `<project>-<service>-1`.
    Generated,
}

/// A service a name resolves to.
#[derive(Clone, Copy, Debug)]
pub struct Named<'a> {
    pub service: Element<'a>,
    pub kind: NameKind,
    /// For an alias: the network it is declared on.
    pub network: Option<&'a str>,
}

/// The networks a service is attached to, as far as they are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attachment {
    /// The named networks (the implicit `default` when none is written).
    Networks(BTreeSet<String>),
    /// `network_mode: host`: the host's network stack, no service names.
    Host,
    /// `network_mode: none`.
    Isolated,
    /// `network_mode: container:…` or something unreadable.
    Unknown,
}

/// What a port of a service is to a client in another container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortUse {
    /// The container listens there (container side of `ports`, `expose`,
    /// or the image's known ports).
    Listening,
    /// Only the host side of `ports`: the container port is this one.
    Published { container: u16, index: usize },
    /// Neither, and the service's ports are known (image facts or written
    /// `ports`/`expose`).
    NotListening,
    /// Nothing is known about what the service listens on.
    Unknown,
}

impl<'a> Endpoints<'a> {
    pub fn new(project: &'a Project) -> Self {
        let project_name = project
            .resolved
            .as_ref()
            .map(|r| r.name.clone())
            .unwrap_or_default();
        Self {
            project,
            project_name,
            services: services(project),
        }
    }

    pub fn services(&self) -> &[Element<'a>] {
        &self.services
    }

    pub fn service(&self, name: &str) -> Option<Element<'a>> {
        self.services.iter().copied().find(|s| s.name == name)
    }

    /// The service `host` names, and how. Names are compared without case,
    /// as DNS does.
    pub fn resolve(&self, host: &str) -> Option<Named<'a>> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let same = |name: &str| name.eq_ignore_ascii_case(&host);
        let found = |service, kind, network| {
            Some(Named {
                service,
                kind,
                network,
            })
        };
        for service in &self.services {
            if same(service.name) {
                return found(*service, NameKind::Service, None);
            }
        }
        for service in &self.services {
            let value = service.value;
            if value
                .get("container_name")
                .and_then(Value::as_str)
                .is_some_and(same)
            {
                return found(*service, NameKind::ContainerName, None);
            }
            if value
                .get("hostname")
                .and_then(Value::as_str)
                .is_some_and(same)
            {
                return found(*service, NameKind::Hostname, None);
            }
            if let Some(networks) = value.get("networks").and_then(Value::as_mapping) {
                for (network, settings) in networks {
                    let aliases = settings
                        .get("aliases")
                        .and_then(Value::as_sequence)
                        .unwrap_or_default();
                    if aliases.iter().filter_map(Value::as_str).any(same) {
                        return found(*service, NameKind::Alias, Some(network.as_str()));
                    }
                }
            }
            for separator in ["-", "_"] {
                let generated = format!(
                    "{}{separator}{}{separator}1",
                    self.project_name, service.name
                );
                if same(&generated) {
                    return found(*service, NameKind::Generated, None);
                }
            }
        }
        // `links: [db:database]` makes `database` resolve to `db` in the
        // linking service; accept it anywhere rather than guess.
        for service in &self.services {
            let links = service
                .value
                .get("links")
                .and_then(Value::as_sequence)
                .unwrap_or_default();
            for link in links.iter().filter_map(Value::as_str) {
                if let Some((target, alias)) = link.split_once(':')
                    && same(alias)
                    && let Some(target) = self.service(target)
                {
                    return found(target, NameKind::Alias, None);
                }
            }
        }
        None
    }

    /// Every name a service answers to, for "did you mean".
    pub fn names(&self) -> Vec<&'a str> {
        let mut names = Vec::new();
        for service in &self.services {
            names.push(service.name);
            for key in ["container_name", "hostname"] {
                if let Some(name) = service.value.get(key).and_then(Value::as_str) {
                    names.push(name);
                }
            }
            if let Some(networks) = service.value.get("networks").and_then(Value::as_mapping) {
                for settings in networks.values() {
                    let aliases = settings
                        .get("aliases")
                        .and_then(Value::as_sequence)
                        .unwrap_or_default();
                    names.extend(aliases.iter().filter_map(Value::as_str));
                }
            }
        }
        names
    }

    /// The networks `service` is attached to; `network_mode: service:X`
    /// follows X.
    pub fn attachment(&self, service: &Element<'_>) -> Attachment {
        let mut current = service.value;
        for _ in 0..8 {
            match current.get("network_mode").and_then(Value::as_str) {
                None => {
                    let networks = current
                        .get("networks")
                        .and_then(Value::as_mapping)
                        .map(|m| {
                            m.keys()
                                .map(|k| k.to_string())
                                .collect::<BTreeSet<String>>()
                        })
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| BTreeSet::from(["default".to_string()]));
                    return Attachment::Networks(networks);
                }
                Some("host") => return Attachment::Host,
                Some("none") => return Attachment::Isolated,
                Some("bridge") => return Attachment::Unknown,
                Some(mode) => match mode.strip_prefix("service:") {
                    Some(other) => match self.service(other) {
                        Some(other) => current = other.value,
                        None => return Attachment::Unknown,
                    },
                    None => return Attachment::Unknown,
                },
            }
        }
        Attachment::Unknown
    }

    /// Whether a client in `from` reaches `to` by name: `Some(false)` only
    /// when both are on known networks and share none; `alias_network` is
    /// the network a network alias is declared on (only resolvable there).
    pub fn shares_network(
        &self,
        from: &Element<'_>,
        to: &Element<'_>,
        alias_network: Option<&str>,
    ) -> Option<bool> {
        if from.name == to.name {
            return Some(true);
        }
        match (self.attachment(from), self.attachment(to)) {
            (Attachment::Networks(a), Attachment::Networks(b)) => Some(match alias_network {
                Some(network) => a.contains(network) && b.contains(network),
                None => a.intersection(&b).next().is_some(),
            }),
            // Services sharing another's network stack share its networks.
            (Attachment::Isolated, _) | (_, Attachment::Isolated) => Some(false),
            _ => None,
        }
    }

    /// True when `host`, dialled from `client`, is a bare name (no dot, not
    /// an address) that nothing of the project answers to: no service,
    /// `container_name`, `hostname`, network or `links` alias, no entry of
    /// the client's `extra_hosts`, no service left out by profiles. Clients
    /// with their own `network_mode` and projects that are part of a larger
    /// one are never judged.
    pub fn is_unknown_name(&self, client: &Element<'_>, host: &str) -> bool {
        let disabled = self.project.resolved.as_ref().map(|r| &r.disabled_services);
        !(host.is_empty()
            || host.contains(['.', ':'])
            || is_loopback(host)
            || host.parse::<std::net::IpAddr>().is_ok()
            || self.resolve(host).is_some()
            || extra_host(client.value, host).is_some()
            || network_mode(client.value).is_some()
            || disabled.is_some_and(|d| d.contains_key(host))
            || is_partial(self.project))
    }

    /// The service `host` names when it shares no network with `client`
    /// (a network alias only resolves on the network that declares it).
    pub fn unshared(&self, client: &Element<'_>, host: &str) -> Option<Unshared<'a>> {
        let named = self.resolve(host)?;
        let alias_network = (named.kind == NameKind::Alias)
            .then_some(named.network)
            .flatten();
        if self.shares_network(client, &named.service, alias_network) != Some(false) {
            return None;
        }
        Some(Unshared {
            named,
            alias_network,
            theirs: self.attachment(&named.service).describe(),
            ours: self.attachment(client).describe(),
        })
    }

    /// The ports `service` listens on, with the project's image facts and,
    /// for a built image, the ports its Dockerfile `EXPOSE`s.
    pub fn listening(&self, service: &Element<'_>) -> Listening {
        let mut listening = listening_ports(&self.project.images, service.value);
        if let Some(build) = self.project.build(service.name) {
            listening.ports.extend(build.exposed_ports());
        }
        listening
    }

    /// The service `host` names and the ports it listens on, when `port`
    /// is known not to be one of them: the service's ports are known, it
    /// shares no other's network stack and no sidecar shares its own.
    pub fn not_listening(&self, host: &str, port: u16) -> Option<(Element<'a>, BTreeSet<u16>)> {
        let service = self.resolve(host)?.service;
        if network_mode(service.value).is_some()
            || self.port_use(&service, port) != PortUse::NotListening
            || !self.sidecars(&service).is_empty()
        {
            return None;
        }
        Some((service, self.listening(&service).ports))
    }

    /// The service `host` names, when `port` is only the host side of one
    /// of its `ports`: the container port and the entry's index.
    pub fn published(&self, host: &str, port: u16) -> Option<(Element<'a>, u16, usize)> {
        let service = self.resolve(host)?.service;
        if network_mode(service.value).is_some() {
            return None;
        }
        match self.port_use(&service, port) {
            PortUse::Published { container, index } => Some((service, container, index)),
            _ => None,
        }
    }

    /// The services that run in `service`'s network namespace
    /// (`network_mode: service:<name>`).
    pub fn sidecars(&self, service: &Element<'_>) -> Vec<Element<'a>> {
        self.services
            .iter()
            .filter(|other| {
                network_mode(other.value)
                    .and_then(|mode| mode.strip_prefix("service:"))
                    .is_some_and(|name| name == service.name)
            })
            .copied()
            .collect()
    }

    /// The ports reachable on `localhost` inside `client`'s container: its
    /// `own` ports and those of its sidecars; `None` when a sidecar's are
    /// not known.
    pub fn loopback_ports(&self, client: &Element<'_>, own: &[u16]) -> Option<BTreeSet<u16>> {
        let mut ports: BTreeSet<u16> = own.iter().copied().collect();
        for sidecar in self.sidecars(client) {
            let listening = self.listening(&sidecar);
            if !listening.known {
                return None;
            }
            ports.extend(listening.ports);
        }
        Some(ports)
    }

    /// The service other than `client` most likely meant by
    /// `localhost:port`, and its container port: the one service listening
    /// on it, else one publishing it on the host.
    pub fn likely_server(&self, client: &Element<'_>, port: u16) -> Option<(&'a str, u16)> {
        let others = || self.services.iter().filter(|s| s.name != client.name);
        let listening: Vec<_> = others()
            .filter(|s| self.listening(s).ports.contains(&port))
            .collect();
        match listening.as_slice() {
            [one] => Some((one.name, port)),
            _ => others().find_map(|s| match self.port_use(s, port) {
                PortUse::Published { container, .. } => Some((s.name, container)),
                _ => None,
            }),
        }
    }

    /// The one service other than `client` that listens on `port` and
    /// certainly shares a network with it: the name a `localhost:port`
    /// can be replaced with. `None` when there is no such service or more
    /// than one, or when a service's ports or networks are unknown.
    pub fn sole_server(&self, client: &Element<'_>, port: u16) -> Option<&'a str> {
        let mut found = None;
        for service in self.services.iter().filter(|s| s.name != client.name) {
            let listening = self.listening(service);
            if !listening.known {
                return None;
            }
            if !listening.ports.contains(&port) {
                continue;
            }
            if self.shares_network(client, service, None) != Some(true) || found.is_some() {
                return None;
            }
            found = Some(service.name);
        }
        found
    }

    /// What `port` is to a client of `service` in another container.
    pub fn port_use(&self, service: &Element<'_>, port: u16) -> PortUse {
        let listening = self.listening(service);
        if listening.ports.contains(&port) {
            return PortUse::Listening;
        }
        if let Some((container, index)) = published_as(service.value, port) {
            return PortUse::Published { container, index };
        }
        if listening.known {
            PortUse::NotListening
        } else {
            PortUse::Unknown
        }
    }
}

impl Attachment {
    /// The networks as `` `a`, `b` `` for messages; empty when not named.
    pub fn describe(&self) -> String {
        match self {
            Self::Networks(names) => names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        }
    }
}

/// Ports as `` `80`, `443` `` for messages, or "no known port".
pub fn describe_ports(ports: &BTreeSet<u16>) -> String {
    if ports.is_empty() {
        return "no known port".to_string();
    }
    ports
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// True for a loopback host: `localhost`, `127.0.0.0/8`, `::1`.
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The entry of the service's `extra_hosts` for `host`, if any.
pub fn extra_host<'v>(service: &'v Value, host: &str) -> Option<&'v Value> {
    let hosts = service.get("extra_hosts")?;
    if let Some(map) = hosts.as_mapping() {
        return map
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(host))
            .map(|(_, value)| value);
    }
    hosts.as_sequence()?.iter().find(|entry| {
        entry.as_str().is_some_and(|text| {
            text.split_once([':', '='])
                .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case(host))
        })
    })
}

/// The ports a service listens on, and whether that list can be trusted.
#[derive(Debug, Default)]
pub struct Listening {
    pub ports: BTreeSet<u16>,
    /// True when the image is known or the service writes `ports` or
    /// `expose`: a port outside `ports` is then likely not served.
    pub known: bool,
}

/// The container ports of `ports`, the ports of `expose` and the image's
/// known ports. A `command`, an `entrypoint` or an environment variable
/// about ports or addresses can move a server to any port, so a service
/// that sets one and writes no ports is not known.
pub fn listening_ports(images: &ImageCatalog, service: &Value) -> Listening {
    let written = written_ports(service);
    let mut listening = Listening {
        known: written.is_some(),
        ports: written.unwrap_or_default(),
    };
    // What its own flags and variables name is served too.
    listening.ports.extend(configured_ports(service));
    // A built image is whatever its Dockerfile makes it, even when `image`
    // names a known one (the tag the build is given).
    let facts = service
        .get("image")
        .filter(|_| service.get("build").is_none())
        .and_then(Value::as_str)
        .and_then(|image| images.lookup(image))
        .filter(|facts| !facts.ports.is_empty());
    if let Some(facts) = facts {
        listening.ports.extend(facts.ports.iter().copied());
        if let Some((port, _)) = facts.metrics {
            listening.ports.insert(port);
        }
        listening.known |= !moves_ports(service);
    }
    listening
}

/// The container ports of the service's `ports` and the ports of its
/// `expose`, or `None` when it writes neither.
pub fn written_ports(service: &Value) -> Option<BTreeSet<u16>> {
    let mut ports = BTreeSet::new();
    let mut written = false;
    for entry in service
        .get("ports")
        .and_then(Value::as_sequence)
        .unwrap_or_default()
    {
        written = true;
        match &entry.kind {
            Kind::String(text) => {
                if let Ok(spec) = port_spec::parse(text) {
                    ports.extend(spec.target);
                }
            }
            Kind::Number(n) => {
                if let Some(port) = n.as_u64().and_then(|n| u16::try_from(n).ok()) {
                    ports.insert(port);
                }
            }
            Kind::Mapping(_) => {
                if let Some(port) = entry.get("target").and_then(number) {
                    ports.insert(port);
                }
            }
            _ => {}
        }
    }
    for entry in service
        .get("expose")
        .and_then(Value::as_sequence)
        .unwrap_or_default()
    {
        written = true;
        let text = match &entry.kind {
            Kind::String(text) => text.clone(),
            Kind::Number(n) => n.to_string().into(),
            _ => continue,
        };
        let text = text.split('/').next().unwrap_or_default();
        let (start, end) = text.split_once('-').unwrap_or((text, text));
        if let (Ok(start), Ok(end)) = (start.parse::<u16>(), end.parse::<u16>()) {
            ports.extend(start..=end);
        }
    }
    written.then_some(ports)
}

/// True when the service sets what can move a server off its image's
/// default ports: a `command`, an `entrypoint`, or an environment variable
/// naming a port or an address.
pub fn moves_ports(service: &Value) -> bool {
    service.get("command").is_some()
        || service.get("entrypoint").is_some()
        || sets_port_variable(service)
}

/// True for a variable name about ports or addresses.
fn names_a_port(name: &str) -> bool {
    let name = name.to_ascii_uppercase();
    ["PORT", "LISTEN", "ADDR"]
        .iter()
        .any(|word| name.contains(word))
}

/// The service's environment variables, as (name, value) pairs.
fn variables(service: &Value) -> Vec<(&str, Option<&str>)> {
    let Some(environment) = service.get("environment") else {
        return Vec::new();
    };
    if let Some(map) = environment.as_mapping() {
        return map
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
    }
    environment
        .as_sequence()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|item| match item.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (item, None),
        })
        .collect()
}

/// True when the service sets an environment variable about ports or
/// addresses (`GF_SERVER_HTTP_PORT`, `LISTEN_ADDR`).
pub fn sets_port_variable(service: &Value) -> bool {
    variables(service)
        .iter()
        .any(|(name, _)| names_a_port(name))
}

/// The ports the service's own settings name for its servers: values of
/// command-line flags about ports or addresses (`--web.listen-address=:9191`,
/// `--metrics.port 6060`, `-listen-address=0.0.0.0:8081`) and of
/// environment variables about them (`GF_SERVER_HTTP_PORT=3001`). A target
/// on one of them is served.
pub fn configured_ports(service: &Value) -> BTreeSet<u16> {
    let port_of = |value: &str| -> Option<u16> {
        let value = value.trim_matches(['"', '\'']);
        value
            .rsplit_once(':')
            .map_or(value, |(_, port)| port)
            .parse()
            .ok()
    };
    let about_ports = |flag: &str| {
        let flag = flag.to_ascii_lowercase();
        ["listen", "port", "addr", "bind"]
            .iter()
            .any(|word| flag.contains(word))
    };
    let mut ports = BTreeSet::new();
    let mut words: Vec<String> = Vec::new();
    for key in ["entrypoint", "command"] {
        match service.get(key).map(|v| &v.kind) {
            Some(Kind::String(text)) => words.extend(text.split_whitespace().map(str::to_string)),
            Some(Kind::Sequence(items)) => words.extend(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .flat_map(|item| item.split_whitespace().map(str::to_string)),
            ),
            _ => {}
        }
    }
    let mut iter = words.iter().peekable();
    while let Some(word) = iter.next() {
        let Some(flag) = word.strip_prefix("--").or_else(|| word.strip_prefix('-')) else {
            continue;
        };
        match flag.split_once('=') {
            Some((name, value)) if about_ports(name) => ports.extend(port_of(value)),
            None if about_ports(flag) => {
                if let Some(value) = iter.peek().filter(|v| !v.starts_with('-')) {
                    ports.extend(port_of(value));
                }
            }
            _ => {}
        }
    }
    for (name, value) in variables(service) {
        if names_a_port(name) {
            ports.extend(value.and_then(port_of));
        }
    }
    ports
}

/// The container port a fixed host port `port` of `ports` maps to, with the
/// entry's index.
pub fn published_as(service: &Value, port: u16) -> Option<(u16, usize)> {
    let entries = service.get("ports").and_then(Value::as_sequence)?;
    entries.iter().enumerate().find_map(|(index, entry)| {
        let (published, target) = match &entry.kind {
            Kind::String(text) => {
                let spec = port_spec::parse(text).ok()?;
                (spec.published?, spec.target)
            }
            Kind::Mapping(_) => {
                let published = entry.get("published").and_then(number)?;
                let target = entry.get("target").and_then(number)?;
                (published..=published, target..=target)
            }
            _ => return None,
        };
        if !published.contains(&port) {
            return None;
        }
        let offset = port - published.start();
        let container = if target.start() == target.end() {
            *target.start()
        } else {
            target.start().checked_add(offset)?
        };
        (container != port).then_some((container, index))
    })
}

fn number(value: &Value) -> Option<u16> {
    match &value.kind {
        Kind::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Kind::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("127.0.0.1") && is_loopback("::1") && is_loopback("LOCALHOST"));
        assert!(!is_loopback("api") && !is_loopback("10.0.0.1"));
    }
    use crate::sources::FileKind;

    fn project(text: &str) -> Project {
        let mut project = Project::new(".");
        project.add_text("compose.yaml", FileKind::Compose, text.to_string());
        project.resolve(&Default::default());
        project
    }

    #[test]
    fn names_networks_and_ports() {
        let project = project(
            "name: demo\nservices:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    ports: [\"9091:9090\"]\n    networks: [monitoring]\n  api:\n    image: example/api:1\n    container_name: api-main\n    expose: [\"8000\"]\n    networks:\n      monitoring:\n        aliases: [backend]\n  db:\n    image: postgres:17\n    networks: [data]\nnetworks:\n  monitoring: {}\n  data: {}\n",
        );
        let endpoints = Endpoints::new(&project);
        let kind = |host| endpoints.resolve(host).map(|n| (n.service.name, n.kind));
        assert_eq!(kind("api"), Some(("api", NameKind::Service)));
        assert_eq!(kind("api-main"), Some(("api", NameKind::ContainerName)));
        assert_eq!(kind("backend"), Some(("api", NameKind::Alias)));
        assert_eq!(kind("demo-db-1"), Some(("db", NameKind::Generated)));
        assert_eq!(kind("apii"), None);
        let service = |name| endpoints.service(name).unwrap_or_else(|| panic!("{name}"));
        let prometheus = service("prometheus");
        assert_eq!(
            endpoints.shares_network(&prometheus, &service("api"), None),
            Some(true)
        );
        assert_eq!(
            endpoints.shares_network(&prometheus, &service("db"), None),
            Some(false)
        );
        assert_eq!(
            endpoints.port_use(&prometheus, 9091),
            PortUse::Published {
                container: 9090,
                index: 0
            }
        );
        assert_eq!(endpoints.port_use(&prometheus, 9090), PortUse::Listening);
        assert_eq!(
            endpoints.port_use(&service("api"), 8000),
            PortUse::Listening
        );
        assert_eq!(
            endpoints.port_use(&service("api"), 8001),
            PortUse::NotListening
        );
        assert_eq!(endpoints.port_use(&service("db"), 5432), PortUse::Listening);
    }
}
