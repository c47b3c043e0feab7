//! A service's `volumes`, short and long syntax, read into one shape.
//!
//! In the resolved project, relative bind sources are already absolute
//! (resolved against the directory of the file that wrote them, `~`
//! expanded), as `docker compose config` prints them.

use super::model::Element;
use super::paths::{is_host_path, split_volume_source};
use super::value::Value;
use crate::location::{Location, Part};

/// What a mount attaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MountKind {
    /// A host path.
    Bind,
    /// A named volume, or an anonymous one when the source is empty.
    Volume,
    Tmpfs,
    /// Another image's filesystem (`type: image`).
    Image,
    /// A Windows named pipe.
    Npipe,
    Cluster,
}

/// One entry of a service's `volumes`.
#[derive(Clone, Debug)]
pub struct Mount<'a> {
    /// The index of the entry in the service's `volumes`.
    pub index: usize,
    pub kind: MountKind,
    /// The host path (absolute for binds) or the volume name; empty for an
    /// anonymous volume or a tmpfs.
    pub source: String,
    /// The path in the container.
    pub target: String,
    pub read_only: bool,
    /// The value as written: a string (short syntax) or a mapping.
    pub value: &'a Value,
}

impl Mount<'_> {
    /// The pointer of this entry in `service`.
    pub fn pointer(&self, service: &Element<'_>) -> String {
        service.pointer("services", &["volumes", &self.index.to_string()])
    }

    /// Where the source is written: `source` of the long syntax, else the
    /// whole short entry.
    pub fn source_location(&self, service: &Element<'_>) -> Location {
        self.part_location(service, "source")
    }

    /// Where the target is written: `target` of the long syntax, else the
    /// whole short entry.
    pub fn target_location(&self, service: &Element<'_>) -> Location {
        self.part_location(service, "target")
    }

    fn part_location(&self, service: &Element<'_>, key: &str) -> Location {
        let pointer = self.pointer(service);
        match self.value.as_mapping() {
            Some(map) if map.contains_key(key) => {
                Location::model(format!("{pointer}/{key}"), Part::Value)
            }
            _ => Location::model(pointer, Part::Value),
        }
    }

    /// True when a bind mount sets `bind.create_host_path: false`: the
    /// engine refuses a missing source instead of creating a directory.
    pub fn refuses_missing_source(&self) -> bool {
        self.value
            .as_mapping()
            .and_then(|map| map.get("bind"))
            .and_then(Value::as_mapping)
            .and_then(|bind| bind.get("create_host_path"))
            .and_then(Value::as_bool)
            == Some(false)
    }
}

/// The value a mount's source is written in: the entry itself for the
/// short syntax, its `source` for the long one.
pub(crate) fn source_node(entry: &Value) -> &Value {
    entry
        .as_mapping()
        .and_then(|map| map.get("source"))
        .unwrap_or(entry)
}

/// The mounts of a service, in the order written; entries that cannot be
/// read (the schema reports them) are skipped.
pub(crate) fn mounts<'a>(service: &'a Value) -> Vec<Mount<'a>> {
    let Some(items) = service.get("volumes").and_then(Value::as_sequence) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, value)| match value.as_str() {
            Some(spec) => short(index, spec, value),
            None => long(index, value),
        })
        .collect()
}

/// `SOURCE:TARGET[:MODE]`, or `TARGET` for an anonymous volume.
fn short<'a>(index: usize, spec: &str, value: &'a Value) -> Option<Mount<'a>> {
    // A spec Compose refuses is the schema rules' to report.
    if crate::compose::schema::formats::volume_problem(spec).is_some() {
        return None;
    }
    let (source, target, mode) = match split_volume_source(spec) {
        Some((source, rest)) => {
            let rest = rest.strip_prefix(':').unwrap_or(rest);
            match rest.split_once(':') {
                Some((target, mode)) => (source, target, mode),
                None => (source, rest, ""),
            }
        }
        None => ("", spec, ""),
    };
    if target.is_empty() {
        return None;
    }
    let kind = if source.is_empty() || !is_host_path(source) {
        MountKind::Volume
    } else {
        MountKind::Bind
    };
    Some(Mount {
        index,
        kind,
        source: source.to_string(),
        target: target.to_string(),
        read_only: mode.split(',').any(|option| option == "ro"),
        value,
    })
}

fn long(index: usize, value: &Value) -> Option<Mount<'_>> {
    let kind = match value.get("type").and_then(Value::as_str)? {
        "bind" => MountKind::Bind,
        "volume" => MountKind::Volume,
        "tmpfs" => MountKind::Tmpfs,
        "image" => MountKind::Image,
        "npipe" => MountKind::Npipe,
        "cluster" => MountKind::Cluster,
        _ => return None,
    };
    let target = value.get("target").and_then(Value::as_str)?;
    Some(Mount {
        index,
        kind,
        source: value
            .get("source")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        target: target.to_string(),
        read_only: value.get("read_only").and_then(Value::as_bool) == Some(true),
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::value::{Kind, Mapping};

    fn service(volumes: Vec<Value>) -> Value {
        let mut map = Mapping::default();
        map.insert("volumes".into(), Value::synthetic(Kind::Sequence(volumes)));
        Value::mapping(map)
    }

    #[test]
    fn short_and_long_syntax_read_alike() {
        let mut long = Mapping::default();
        long.insert("type".into(), Value::string("bind"));
        long.insert("source".into(), Value::string("/srv/conf"));
        long.insert("target".into(), Value::string("/etc/app"));
        long.insert("read_only".into(), Value::synthetic(Kind::Bool(true)));
        let service = service(vec![
            Value::string("/srv/data:/data:ro,z"),
            Value::string("cache:/var/cache"),
            Value::string("/tmp/anonymous"),
            Value::string(r"C:\data:/data"),
            Value::mapping(long),
        ]);
        let list = mounts(&service);
        let found: Vec<(MountKind, &str, &str, bool)> = list
            .iter()
            .map(|m| (m.kind, m.source.as_str(), m.target.as_str(), m.read_only))
            .collect();
        assert_eq!(
            found,
            [
                (MountKind::Bind, "/srv/data", "/data", true),
                (MountKind::Volume, "cache", "/var/cache", false),
                (MountKind::Volume, "", "/tmp/anonymous", false),
                (MountKind::Bind, r"C:\data", "/data", false),
                (MountKind::Bind, "/srv/conf", "/etc/app", true),
            ]
        );
    }
}
