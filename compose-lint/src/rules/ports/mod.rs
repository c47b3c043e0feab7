//! Rules about what services bind on the host and how they share network
//! namespaces: published ports, container names, replicas and
//! `network_mode`.

pub mod container_name_with_replicas;
pub mod duplicate_container_name;
pub mod fixed_host_port_with_replicas;
pub mod host_port_conflict;
pub mod network_mode_conflict;
pub mod port_base_60;
pub mod ports_ignored_by_network_mode;

use std::net::IpAddr;
use std::ops::RangeInclusive;

pub(crate) use crate::compose::model::network_mode;
use crate::compose::port_spec;
use crate::compose::value::{Kind, Value};

/// A fixed host port range a service publishes.
#[derive(Clone, Debug)]
pub(crate) struct Binding {
    /// The index of the entry in the service's `ports`.
    pub(crate) index: usize,
    pub(crate) host_ip: Option<IpAddr>,
    pub(crate) published: RangeInclusive<u16>,
    pub(crate) protocol: String,
}

impl Binding {
    /// True when both bindings could take the same address and port.
    pub(crate) fn collides_with(&self, other: &Binding) -> bool {
        self.protocol == other.protocol
            && self.published.start() <= other.published.end()
            && other.published.start() <= self.published.end()
            && addresses_overlap(self.host_ip, other.host_ip)
    }

    /// The first port both bindings publish.
    pub(crate) fn first_shared_port(&self, other: &Binding) -> u16 {
        *self.published.start().max(other.published.start())
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

/// Text of a scalar written as a string or a number.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match &value.kind {
        Kind::String(s) => Some(s.clone()),
        Kind::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The fixed host ports of a service's `ports`, short or long syntax;
/// entries that do not parse or let Docker pick the port are skipped.
pub(crate) fn bindings(service: &Value) -> Vec<Binding> {
    let Some(ports) = service.get("ports").and_then(Value::as_sequence) else {
        return Vec::new();
    };
    ports
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| binding(index, entry))
        .collect()
}

fn binding(index: usize, entry: &Value) -> Option<Binding> {
    let (host_ip, published, protocol) = match &entry.kind {
        Kind::String(text) => {
            let spec = port_spec::parse(text).ok()?;
            (spec.host_ip, spec.published?, spec.protocol)
        }
        Kind::Mapping(_) => {
            let published = published_range(&scalar_text(entry.get("published")?)?)?;
            let host_ip = match entry.get("host_ip").and_then(Value::as_str) {
                None | Some("") => None,
                Some(text) => Some(text.trim_matches(['[', ']']).parse().ok()?),
            };
            let protocol = entry
                .get("protocol")
                .and_then(Value::as_str)
                .filter(|p| !p.is_empty())
                .unwrap_or("tcp")
                .to_ascii_lowercase();
            (host_ip, published, protocol)
        }
        _ => return None,
    };
    if *published.start() == 0 {
        return None;
    }
    Some(Binding {
        index,
        host_ip,
        published,
        protocol,
    })
}

/// A long-syntax `published`: `8080` or `8000-8010`.
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

/// A whole number written as a number or a string of digits.
fn count(value: &Value) -> Option<u64> {
    match &value.kind {
        Kind::Number(n) => n.as_u64(),
        Kind::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// How many containers a service runs when more than one, and the path of
/// the key that says so (`scale` wins over `deploy.replicas`, as in Compose).
pub(crate) fn replicas(service: &Value) -> Option<(u64, &'static [&'static str])> {
    if let Some(scale) = service.get("scale") {
        return count(scale).filter(|n| *n > 1).map(|n| (n, &["scale"][..]));
    }
    let replicas = service.get("deploy")?.get("replicas")?;
    count(replicas)
        .filter(|n| *n > 1)
        .map(|n| (n, &["deploy", "replicas"][..]))
}

/// True when both services can run at once: one has no profiles, or they
/// share one.
pub(crate) fn can_run_together(a: &Value, b: &Value) -> bool {
    let profiles = |service: &Value| -> Vec<String> {
        service
            .get("profiles")
            .and_then(Value::as_sequence)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let (a, b) = (profiles(a), profiles(b));
    a.is_empty() || b.is_empty() || a.iter().any(|p| b.contains(p))
}

/// A port range for messages: `8080` or `8000-8010`.
pub(crate) fn show_range(range: &RangeInclusive<u16>) -> String {
    if range.start() == range.end() {
        range.start().to_string()
    } else {
        format!("{}-{}", range.start(), range.end())
    }
}
