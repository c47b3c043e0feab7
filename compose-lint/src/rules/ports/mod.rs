//! Rules about what services bind on the host and how they share network
//! namespaces: published ports, container names, replicas and
//! `network_mode`.

pub(crate) mod container_name_with_replicas;
pub(crate) mod duplicate_container_name;
pub(crate) mod fixed_host_port_with_replicas;
pub(crate) mod host_port_conflict;
pub(crate) mod network_mode_conflict;
pub(crate) mod port_base_60;
pub(crate) mod ports_ignored_by_network_mode;

use std::ops::RangeInclusive;

/// A port range for messages: `8080` or `8000-8010`.
pub(crate) fn show_range(range: &RangeInclusive<u16>) -> String {
    if range.start() == range.end() {
        range.start().to_string()
    } else {
        format!("{}-{}", range.start(), range.end())
    }
}
