//! Merging compose files the way Compose does.
//!
//! A project made of several files (`-f a.yaml -f b.yaml`, `compose.override.yaml`)
//! and a service that `extends` another are both resolved by merging value trees.
//! The Compose Specification gives the general rules (mappings merge, sequences
//! append, `!reset` and `!override`), but the result users actually get is the one
//! compose-go computes, with per-attribute exceptions. This module reproduces those
//! exceptions so that rules lint the same model `docker compose config` shows, and
//! it keeps every value's [`Origin`] so a problem in the merged model still points at
//! the file that wrote the value.
//!
//! Known, deliberate differences from compose-go:
//! - compose-go rewrites the whole model into its long syntax after every file and
//!   de-duplicates every sequence of the model. We keep the syntax the user wrote and
//!   only de-duplicate sequences a merge produced, computing the de-duplication keys so
//!   that the short and long syntax of the same entry agree (compose-go does the same
//!   by first rewriting the earlier files).
//! - A `!reset` inside an overlay `environment`-like mapping also removes a list-form
//!   `KEY=VALUE` entry of the base; compose-go only removes mapping-form entries.
//! - `networks.*.ipam.config` entries are merged by subnet; a base entry whose subnet
//!   the overlay does not mention is dropped, and an overlay with an empty base is
//!   kept as is (compose-go drops it).

use std::collections::HashMap;

use super::value::{Kind, Mapping, Origin, Tag, Value};
use crate::yaml::escape_pointer_segment;

/// A problem merging found.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MergeProblem {
    /// Where in the merged document (for [`merge_service`], in the merged service).
    pub pointer: String,
    pub kind: MergeProblemKind,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum MergeProblemKind {
    /// An override file's empty list/mapping (e.g. `ports: []`, `environment: {}`) that
    /// does not remove what the earlier file set (Compose appends/merges, so the earlier
    /// entries stay). `empty` is where the empty value is written, `base` where the kept value is.
    EmptyDoesNotReset {
        empty: Option<Origin>,
        base: Option<Origin>,
    },
}

/// Merges the top-level document `overlay` (a later compose file) into `base`
/// (everything loaded before it), following the Compose Specification and compose-go.
///
/// `base` is expected to be tag-free already (the first file went through
/// [`strip_tags`], later ones through this function); the tags of `overlay` are
/// consumed here, so the result is tag-free too.
pub(crate) fn merge_documents(
    base: Value,
    overlay: Value,
    problems: &mut Vec<MergeProblem>,
) -> Value {
    let mut merger = Merger {
        path: Vec::new(),
        hidden: 0,
        problems,
    };
    merger.merge_root(base, overlay)
}

/// Merges one service definition over another, as `extends` does (the extending
/// service is `overlay`).
///
/// The service-level rules apply (`ports` de-duplication, `command` replacing, …),
/// exactly as for a service of two merged files. Problem pointers are relative to
/// the service (`/ports`), since this function does not know the service's name.
pub(crate) fn merge_service(
    base: Value,
    overlay: Value,
    problems: &mut Vec<MergeProblem>,
) -> Value {
    // The rules are keyed by document paths; placing the service under a hidden
    // `services.<name>` prefix selects them without exposing the prefix in pointers.
    let mut merger = Merger {
        path: vec!["services".to_owned(), String::new()],
        hidden: 2,
        problems,
    };
    merger.merge_root(base, overlay)
}

/// Removes every `!reset` value that merging did not consume (a `!reset` in the first
/// file, or in a file with nothing to reset), and clears the `tag`s, as Compose does
/// after loading.
///
/// A `!reset` document root cannot be removed from its parent, so it becomes null.
pub(crate) fn strip_tags(value: &mut Value) {
    if value.tag.take() == Some(Tag::Reset) {
        value.kind = Kind::Null;
        return;
    }
    match &mut value.kind {
        Kind::Mapping(map) => {
            map.retain(|_, v| v.tag != Some(Tag::Reset));
            map.values_mut().for_each(strip_tags);
        }
        Kind::Sequence(items) => {
            items.retain(|v| v.tag != Some(Tag::Reset));
            items.iter_mut().for_each(strip_tags);
        }
        _ => {}
    }
}

fn stripped(mut value: Value) -> Value {
    strip_tags(&mut value);
    value
}

/// How the value at a path merges, from compose-go's table of exceptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Mappings merge, sequences append, anything else is replaced.
    Default,
    /// The overlay replaces the base, whatever both are (`command`, ...).
    Replace,
    /// List or `KEY: value` mapping, merged into a list of `KEY=value` strings.
    KeyValueList,
    /// Like [`Rule::KeyValueList`], but overlay entries equal to a base entry are
    /// dropped instead of de-duplicated by key.
    ExtraHosts,
    /// A string (the context) or a mapping.
    Build,
    /// A list of service names or a mapping of conditions.
    DependsOn,
    /// A list of names or a mapping of per-name options.
    NameMapping,
    /// Options merge only when the driver stays the same.
    Logging,
    /// Entries merged by subnet.
    IpamConfig,
}

/// How entries of a merged sequence are identified, so that a later entry with
/// the same key replaces the earlier one in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unique {
    /// The text before `=`, or the whole string.
    KeyValue,
    /// The container path of a volume.
    Volume,
    /// The container path of a device.
    Device,
    /// The container path of a secret or config, defaulting to `<dir>/<source>`.
    Mount(&'static str),
    /// Host IP, published port, container port and protocol.
    Port,
    Expose,
    EnvFile,
}

/// True when `path` matches `pattern`, whose `*` segments match any one segment.
fn matches(path: &[String], pattern: &[&str]) -> bool {
    path.len() == pattern.len()
        && path
            .iter()
            .zip(pattern)
            .all(|(segment, want)| *want == "*" || segment == want)
}

fn rule_for(path: &[String]) -> Rule {
    const RULES: &[(&[&str], Rule)] = &[
        (&["services", "*", "command"], Rule::Replace),
        (&["services", "*", "entrypoint"], Rule::Replace),
        (&["services", "*", "healthcheck", "test"], Rule::Replace),
        (&["services", "*", "ulimits", "*"], Rule::Replace),
        (&["services", "*", "annotations"], Rule::KeyValueList),
        (&["services", "*", "build", "args"], Rule::KeyValueList),
        (
            &["services", "*", "build", "additional_contexts"],
            Rule::KeyValueList,
        ),
        (&["services", "*", "build", "labels"], Rule::KeyValueList),
        (&["services", "*", "deploy", "labels"], Rule::KeyValueList),
        (&["services", "*", "dns"], Rule::KeyValueList),
        (&["services", "*", "dns_opt"], Rule::KeyValueList),
        (&["services", "*", "dns_search"], Rule::KeyValueList),
        (&["services", "*", "env_file"], Rule::KeyValueList),
        (&["services", "*", "label_file"], Rule::KeyValueList),
        (&["services", "*", "environment"], Rule::KeyValueList),
        (&["services", "*", "labels"], Rule::KeyValueList),
        (&["services", "*", "sysctls"], Rule::KeyValueList),
        (&["services", "*", "tmpfs"], Rule::KeyValueList),
        (&["networks", "*", "labels"], Rule::KeyValueList),
        (&["volumes", "*", "labels"], Rule::KeyValueList),
        (&["services", "*", "extra_hosts"], Rule::ExtraHosts),
        (&["services", "*", "build", "extra_hosts"], Rule::ExtraHosts),
        (&["services", "*", "build"], Rule::Build),
        (&["services", "*", "depends_on"], Rule::DependsOn),
        (&["services", "*", "networks"], Rule::NameMapping),
        (&["services", "*", "models"], Rule::NameMapping),
        (&["services", "*", "logging"], Rule::Logging),
        (&["networks", "*", "ipam", "config"], Rule::IpamConfig),
    ];
    RULES
        .iter()
        .find(|(pattern, _)| matches(path, pattern))
        .map_or(Rule::Default, |(_, rule)| *rule)
}

fn unique_for(path: &[String]) -> Option<Unique> {
    const UNIQUE: &[(&[&str], Unique)] = &[
        (&["services", "*", "annotations"], Unique::KeyValue),
        (&["services", "*", "build", "args"], Unique::KeyValue),
        (
            &["services", "*", "build", "additional_contexts"],
            Unique::KeyValue,
        ),
        (&["services", "*", "build", "tags"], Unique::KeyValue),
        (&["services", "*", "build", "labels"], Unique::KeyValue),
        (&["services", "*", "cap_add"], Unique::KeyValue),
        (&["services", "*", "cap_drop"], Unique::KeyValue),
        (&["services", "*", "devices"], Unique::Device),
        (&["services", "*", "configs"], Unique::Mount("")),
        (&["services", "*", "deploy", "labels"], Unique::KeyValue),
        (&["services", "*", "dns"], Unique::KeyValue),
        (&["services", "*", "dns_opt"], Unique::KeyValue),
        (&["services", "*", "dns_search"], Unique::KeyValue),
        (&["services", "*", "environment"], Unique::KeyValue),
        (&["services", "*", "env_file"], Unique::EnvFile),
        (&["services", "*", "expose"], Unique::Expose),
        (&["services", "*", "labels"], Unique::KeyValue),
        (&["services", "*", "links"], Unique::KeyValue),
        (
            &["services", "*", "networks", "*", "aliases"],
            Unique::KeyValue,
        ),
        (
            &["services", "*", "networks", "*", "link_local_ips"],
            Unique::KeyValue,
        ),
        (&["services", "*", "ports"], Unique::Port),
        (&["services", "*", "profiles"], Unique::KeyValue),
        (&["services", "*", "secrets"], Unique::Mount("/run/secrets")),
        (&["services", "*", "sysctls"], Unique::KeyValue),
        (&["services", "*", "tmpfs"], Unique::KeyValue),
        (&["services", "*", "volumes"], Unique::Volume),
        (&["networks", "*", "labels"], Unique::KeyValue),
        // compose-go leaves these unindexed, so a relabelled volume would list the
        // label twice; the later value wins when Compose reads the list anyway.
        (&["volumes", "*", "labels"], Unique::KeyValue),
    ];
    UNIQUE
        .iter()
        .find(|(pattern, _)| matches(path, pattern))
        .map(|(_, unique)| *unique)
}

struct Merger<'p> {
    /// The document path of the value being merged, matched against the rules.
    path: Vec<String>,
    /// How many leading segments of `path` are left out of problem pointers.
    hidden: usize,
    problems: &'p mut Vec<MergeProblem>,
}

impl Merger<'_> {
    fn merge_root(&mut self, base: Value, overlay: Value) -> Value {
        match overlay.tag {
            // Nothing holds the document, so there is nothing to remove it from.
            Some(Tag::Reset) => base,
            _ => self
                .merge_value(base, overlay)
                .unwrap_or_else(|| Value::synthetic(Kind::Null)),
        }
    }

    fn pointer(&self) -> String {
        self.path
            .iter()
            .skip(self.hidden)
            .map(|segment| format!("/{}", escape_pointer_segment(segment)))
            .collect()
    }

    /// Merges two values found at the same path. `None` removes the entry.
    fn merge_value(&mut self, base: Value, overlay: Value) -> Option<Value> {
        match overlay.tag {
            Some(Tag::Reset) => return None,
            Some(Tag::Override) => return Some(stripped(overlay)),
            None => {}
        }
        let empty_overlay = is_collection(&overlay) && overlay.is_empty_collection();
        // A scalar base counts too: `build: .` or `dns: 1.1.1.1` survive an empty
        // overlay in their list or mapping form.
        let full_base = !base.is_null() && !base.is_empty_collection();
        let (empty_origin, base_origin) = (overlay.origin, base.origin);

        let merged = self.merge_by_rule(base, overlay);

        if empty_overlay
            && full_base
            && merged
                .as_ref()
                .is_some_and(|m| is_collection(m) && !m.is_empty_collection())
        {
            self.problems.push(MergeProblem {
                pointer: self.pointer(),
                kind: MergeProblemKind::EmptyDoesNotReset {
                    empty: empty_origin,
                    base: base_origin,
                },
            });
        }
        merged
    }

    fn merge_by_rule(&mut self, base: Value, overlay: Value) -> Option<Value> {
        let rule = rule_for(&self.path);
        if rule == Rule::Replace {
            return Some(stripped(overlay));
        }
        // compose-go keeps the earlier value when a later file leaves a key empty.
        if overlay.is_null() {
            return Some(base);
        }
        match rule {
            Rule::Default | Rule::Replace => {}
            Rule::KeyValueList | Rule::ExtraHosts => {
                if let (Some(base_items), Some(overlay_items)) =
                    (key_value_list(&base), key_value_list(&overlay))
                {
                    return Some(self.merge_key_value_lists(
                        &base,
                        base_items,
                        &overlay,
                        overlay_items,
                        rule,
                    ));
                }
            }
            Rule::Build => {
                let base = build_mapping(base);
                let overlay = build_mapping(overlay);
                return self.merge_value_default(base, overlay);
            }
            Rule::DependsOn => {
                let base = name_mapping(base, true);
                let overlay = name_mapping(overlay, true);
                return self.merge_value_default(base, overlay);
            }
            Rule::NameMapping => {
                let base = name_mapping(base, false);
                let overlay = name_mapping(overlay, false);
                return self.merge_value_default(base, overlay);
            }
            Rule::Logging => {
                let base_driver = base.get("driver").map(Value::to_json);
                let overlay_driver = overlay.get("driver").map(Value::to_json);
                if let (Some(a), Some(b)) = (&base_driver, &overlay_driver)
                    && a != b
                    && base.as_mapping().is_some()
                    && overlay.as_mapping().is_some()
                {
                    return Some(stripped(overlay));
                }
            }
            Rule::IpamConfig => {
                if base.as_sequence().is_some() && overlay.as_sequence().is_some() {
                    return Some(self.merge_ipam_config(base, overlay));
                }
            }
        }
        self.merge_value_default(base, overlay)
    }

    /// The Specification's general rules: mappings merge, sequences append (with
    /// compose-go's de-duplication), anything else is replaced by the overlay.
    fn merge_value_default(&mut self, base: Value, overlay: Value) -> Option<Value> {
        let origin = base.origin.or(overlay.origin);
        match (base.kind, overlay.kind) {
            (Kind::Mapping(base_map), Kind::Mapping(overlay_map)) => Some(Value::with_origin(
                Kind::Mapping(Box::new(self.merge_mappings(*base_map, *overlay_map))),
                origin,
            )),
            (Kind::Sequence(mut items), Kind::Sequence(more)) => {
                items.extend(more.into_iter().filter_map(stripped_item));
                let items = match unique_for(&self.path) {
                    Some(unique) => deduplicate(items, unique),
                    None => items,
                };
                Some(Value::with_origin(Kind::Sequence(items), origin))
            }
            (_, kind) => Some(stripped(Value {
                kind,
                origin: overlay.origin,
                tag: overlay.tag,
            })),
        }
    }

    fn merge_mappings(&mut self, mut base: Mapping, overlay: Mapping) -> Mapping {
        for (key, value) in overlay {
            if value.tag == Some(Tag::Reset) {
                base.shift_remove(&key);
                continue;
            }
            match base.get_mut(&key) {
                Some(slot) => {
                    let earlier = std::mem::replace(slot, Value::synthetic(Kind::Null));
                    self.path.push(key.to_string());
                    let merged = self.merge_value(earlier, value);
                    self.path.pop();
                    match merged {
                        Some(merged) => *slot = merged,
                        None => {
                            base.shift_remove(&key);
                        }
                    }
                }
                None => {
                    base.insert(key, stripped(value));
                }
            }
        }
        base
    }

    /// `environment`-like attributes: both sides become `KEY=value` lists, as
    /// compose-go outputs them, so list and mapping forms combine.
    fn merge_key_value_lists(
        &mut self,
        base: &Value,
        mut base_items: Vec<Value>,
        overlay: &Value,
        overlay_items: Vec<Value>,
        rule: Rule,
    ) -> Value {
        // `KEY: !reset` removes the key the earlier files set, in either form.
        if let Some(map) = overlay.as_mapping() {
            for (key, _) in map.iter().filter(|(_, v)| v.tag == Some(Tag::Reset)) {
                base_items.retain(|item| key_value_key(item).as_deref() != Some(key.as_str()));
            }
        }
        let mut items = base_items;
        if rule == Rule::ExtraHosts {
            let earlier: Vec<serde_json::Value> = items.iter().map(Value::to_json).collect();
            items.extend(
                overlay_items
                    .into_iter()
                    .filter(|item| !earlier.contains(&item.to_json())),
            );
        } else {
            items.extend(overlay_items);
            if let Some(unique) = unique_for(&self.path) {
                items = deduplicate(items, unique);
            }
        }
        Value::with_origin(Kind::Sequence(items), base.origin.or(overlay.origin))
    }

    /// Overlay entries replace the whole list, each merged with the base entry of
    /// the same subnet.
    fn merge_ipam_config(&mut self, base: Value, overlay: Value) -> Value {
        let origin = base.origin.or(overlay.origin);
        let (Kind::Sequence(mut earlier), Kind::Sequence(later)) = (base.kind, overlay.kind) else {
            return Value::with_origin(Kind::Sequence(Vec::new()), origin);
        };
        let mut result: Vec<Value> = Vec::new();
        for entry in later {
            let entry = match entry.tag {
                Some(Tag::Reset) => continue,
                Some(Tag::Override) => stripped(entry),
                None => {
                    let subnet = subnet(&entry);
                    match earlier.iter().position(|e| subnet_matches(e, &subnet)) {
                        Some(found) if entry.as_mapping().is_some() => {
                            let base_entry = earlier.remove(found);
                            self.path.push(result.len().to_string());
                            let merged = self.merge_value_default(base_entry, entry);
                            self.path.pop();
                            merged.unwrap_or_else(|| Value::synthetic(Kind::Null))
                        }
                        _ => stripped(entry),
                    }
                }
            };
            let subnet = subnet(&entry);
            match result.iter().position(|e| subnet_matches(e, &subnet)) {
                Some(found) => result[found] = entry,
                None => result.push(entry),
            }
        }
        Value::with_origin(Kind::Sequence(result), origin)
    }
}

fn is_collection(value: &Value) -> bool {
    matches!(value.kind, Kind::Sequence(_) | Kind::Mapping(_))
}

/// An overlay sequence item, without its tag; `None` for a `!reset` item, which
/// compose-go drops from the file before merging.
fn stripped_item(item: Value) -> Option<Value> {
    (item.tag != Some(Tag::Reset)).then(|| stripped(item))
}

fn subnet(entry: &Value) -> Option<serde_json::Value> {
    entry.get("subnet").map(Value::to_json)
}

fn subnet_matches(entry: &Value, subnet: &Option<serde_json::Value>) -> bool {
    entry.as_mapping().is_some() && self::subnet(entry) == *subnet
}

/// Keeps the first position of each key, holding the last entry with that key.
fn deduplicate(items: Vec<Value>, unique: Unique) -> Vec<Value> {
    let mut result: Vec<Value> = Vec::with_capacity(items.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for item in items {
        let Some(key) = unique_key(&item, unique) else {
            result.push(item);
            continue;
        };
        match seen.get(&key) {
            Some(&at) => result[at] = item,
            None => {
                seen.insert(key, result.len());
                result.push(item);
            }
        }
    }
    result
}

/// The text of a scalar, as Compose prints it into a string.
fn scalar_text(value: &Value) -> Option<String> {
    match &value.kind {
        Kind::String(s) => Some(s.to_string()),
        Kind::Number(n) => Some(n.to_string()),
        Kind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn key_value_key(item: &Value) -> Option<String> {
    let text = item.as_str()?;
    Some(text.split_once('=').map_or(text, |(key, _)| key).to_owned())
}

fn unique_key(item: &Value, unique: Unique) -> Option<String> {
    match unique {
        Unique::KeyValue => key_value_key(item),
        Unique::Expose => scalar_text(item),
        Unique::EnvFile => match &item.kind {
            Kind::String(s) => Some(s.to_string()),
            Kind::Mapping(_) => item.get("path").and_then(scalar_text),
            _ => None,
        },
        Unique::Volume => match &item.kind {
            Kind::String(s) => volume_target(s).map(|t| clean_path(&t)),
            Kind::Mapping(_) => item.get("target")?.as_str().map(clean_path),
            _ => None,
        },
        Unique::Device => match &item.kind {
            Kind::String(s) => {
                let mut parts = s.split(':');
                let first = parts.next().unwrap_or_default();
                Some(parts.next().unwrap_or(first).to_owned())
            }
            Kind::Mapping(_) => item.get("target")?.as_str().map(str::to_owned),
            _ => None,
        },
        Unique::Mount(dir) => match &item.kind {
            Kind::String(s) => Some(format!("{dir}/{s}")),
            Kind::Mapping(_) => match item.get("target") {
                Some(target) => scalar_text(target),
                None => Some(format!(
                    "{dir}/{}",
                    item.get("source").and_then(scalar_text)?
                )),
            },
            _ => None,
        },
        Unique::Port => port_key(item),
    }
}

/// `host_ip:published:target/protocol` of a port in either syntax, with compose-go's
/// defaults (`0.0.0.0`, `tcp`), so `"8080:80"` and `{target: 80, published: 8080}`
/// are the same port. compose-go formats a number `published` differently from a
/// string one; we compare the text, as the Specification's unique key intends.
fn port_key(item: &Value) -> Option<String> {
    let (host, published, target, protocol) = match &item.kind {
        Kind::Number(n) => (String::new(), String::new(), n.to_string(), String::new()),
        Kind::Mapping(_) => (
            item.get("host_ip")
                .and_then(scalar_text)
                .unwrap_or_default(),
            item.get("published")
                .and_then(scalar_text)
                .unwrap_or_default(),
            item.get("target").and_then(scalar_text)?,
            item.get("protocol")
                .and_then(scalar_text)
                .unwrap_or_default(),
        ),
        Kind::String(s) => {
            let (rest, protocol) = s.rsplit_once('/').unwrap_or((s.as_str(), ""));
            let (host, published, target) = split_port(rest);
            // A range of container ports stands for several ports; only the same
            // range written the same way is recognised as a duplicate.
            if target.contains('-') {
                return Some(format!("range {s}"));
            }
            (host, published, target, protocol.to_owned())
        }
        _ => return None,
    };
    let host = if host.is_empty() {
        "0.0.0.0".to_owned()
    } else {
        host
    };
    let protocol = if protocol.is_empty() {
        "tcp".to_owned()
    } else {
        protocol
    };
    Some(format!("{host}:{published}:{target}/{protocol}"))
}

/// Splits `[HOST_IP:][PUBLISHED:]TARGET` as Docker does: the last part is the
/// target, the one before it the published port, and anything earlier the host IP
/// (which may be a bracketed IPv6 address containing colons).
fn split_port(spec: &str) -> (String, String, String) {
    let parts: Vec<&str> = spec.split(':').collect();
    let (host, published, target) = match parts.as_slice() {
        [] => ("".to_owned(), "", ""),
        [target] => ("".to_owned(), "", *target),
        [published, target] => ("".to_owned(), *published, *target),
        [host @ .., published, target] => (host.join(":"), *published, *target),
    };
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .map_or(host.clone(), str::to_owned);
    (host, published.to_owned(), target.to_owned())
}

/// The container path of a short-syntax volume (`[SOURCE:]TARGET[:MODE]`), keeping
/// a Windows drive letter (`C:\data`) and `${...}` with its colons in one part.
fn volume_target(spec: &str) -> Option<String> {
    if spec.chars().count() <= 2 {
        return Some(spec.to_owned());
    }
    let mut parts: Vec<String> = Vec::new();
    let mut buffer = String::new();
    let mut depth = 0usize;
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek() == Some(&'{') {
            depth += 1;
            buffer.push(c);
        } else if c == '}' && depth > 0 {
            depth -= 1;
            buffer.push(c);
        } else if c == ':' && buffer.chars().count() == 1 && buffer.chars().all(char::is_alphabetic)
        {
            buffer.push(c);
        } else if c == ':' && depth == 0 {
            parts.push(std::mem::take(&mut buffer));
        } else {
            buffer.push(c);
        }
    }
    parts.push(buffer);
    match parts.as_slice() {
        [target] => Some(target.clone()),
        [_, target, ..] => Some(target.clone()),
        [] => None,
    }
}

/// Lexically cleans a slash-separated path, as Go's `path.Clean` does, so `/data/`
/// and `/data` are the same mount target.
fn clean_path(path: &str) -> String {
    if path.is_empty() {
        return String::new();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// A `KEY=value` list for an `environment`-like value: a list as is (without
/// `!reset` items), a mapping as sorted `KEY=value` strings (`KEY` alone for a null
/// value, one string per item for a list value), a single string as a one-item
/// list. `None` for a value of no such form.
fn key_value_list(value: &Value) -> Option<Vec<Value>> {
    match &value.kind {
        Kind::Sequence(items) => Some(items.iter().cloned().filter_map(stripped_item).collect()),
        Kind::String(_) => Some(vec![Value {
            tag: None,
            ..value.clone()
        }]),
        Kind::Mapping(map) => {
            let mut items = Vec::with_capacity(map.len());
            for (key, entry) in map.iter() {
                if entry.tag == Some(Tag::Reset) {
                    continue;
                }
                let text = |v: &Value| match &v.kind {
                    Kind::Null => key.to_string(),
                    _ => format!(
                        "{key}={}",
                        scalar_text(v).unwrap_or_else(|| v.to_json().to_string())
                    ),
                };
                match &entry.kind {
                    Kind::Sequence(values) => items.extend(values.iter().map(|v| {
                        Value::with_origin(Kind::String(text(v).into()), v.origin.or(entry.origin))
                    })),
                    _ => items.push(Value::with_origin(
                        Kind::String(text(entry).into()),
                        entry.origin,
                    )),
                }
            }
            items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            Some(items)
        }
        _ => None,
    }
}

/// `build: ./dir` as the mapping `{context: ./dir}` it stands for.
fn build_mapping(value: Value) -> Value {
    match value.kind {
        Kind::String(_) => {
            let origin = value.origin;
            let context = Value { tag: None, ..value };
            let mut map = Mapping::default();
            map.insert("context".into(), context);
            Value {
                kind: Kind::Mapping(Box::new(map)),
                origin,
                tag: None,
            }
        }
        _ => value,
    }
}

/// A list of names as a mapping by name: null values for `networks`, Compose's
/// defaults (`condition: service_started`, `required: true`) for `depends_on`. Each
/// entry keeps the origin of the list item that named it.
fn name_mapping(value: Value, depends_on: bool) -> Value {
    let Kind::Sequence(items) = value.kind else {
        return value;
    };
    let mut map = Mapping::with_capacity_and_hasher(items.len(), Default::default());
    for item in items.into_iter().filter(|i| i.tag != Some(Tag::Reset)) {
        let Some(name) = scalar_text(&item) else {
            continue;
        };
        let kind = if depends_on {
            let mut defaults = Mapping::default();
            defaults.insert("condition".into(), Value::string("service_started"));
            defaults.insert("required".into(), Value::synthetic(Kind::Bool(true)));
            Kind::Mapping(Box::new(defaults))
        } else {
            Kind::Null
        };
        map.insert(name.into(), Value::with_origin(kind, item.origin));
    }
    Value {
        kind: Kind::Mapping(Box::new(map)),
        origin: value.origin,
        tag: value.tag,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::location::FileId;
    use crate::source::Span;

    fn v(json: serde_json::Value) -> Value {
        Value::from_json(&json)
    }

    fn merge(
        base: serde_json::Value,
        overlay: serde_json::Value,
    ) -> (serde_json::Value, Vec<MergeProblem>) {
        let mut problems = Vec::new();
        let merged = merge_documents(v(base), v(overlay), &mut problems);
        (merged.to_json(), problems)
    }

    /// Merges two `services.web` definitions and returns the merged `web`.
    fn web(base: serde_json::Value, overlay: serde_json::Value) -> serde_json::Value {
        let (merged, problems) = merge(
            json!({"services": {"web": base}}),
            json!({"services": {"web": overlay}}),
        );
        assert!(problems.is_empty(), "unexpected problems: {problems:?}");
        merged["services"]["web"].clone()
    }

    fn origin(file: usize, start: usize) -> Origin {
        Origin::new(FileId(file), None, Span::new(start, start + 1), None)
    }

    fn tagged(mut value: Value, tag: Tag) -> Value {
        value.tag = Some(tag);
        value
    }

    fn service(entries: Vec<(&str, Value)>) -> Value {
        let map: Mapping = entries.into_iter().map(|(k, v)| (k.into(), v)).collect();
        let mut services = Mapping::default();
        services.insert("web".into(), Value::mapping(map));
        let mut root = Mapping::default();
        root.insert("services".into(), Value::mapping(services));
        Value::mapping(root)
    }

    fn empty_does_not_reset(problems: &[MergeProblem]) -> Vec<&str> {
        problems
            .iter()
            .filter(|p| matches!(p.kind, MergeProblemKind::EmptyDoesNotReset { .. }))
            .map(|p| p.pointer.as_str())
            .collect()
    }

    #[test]
    fn mappings_merge_and_scalars_are_replaced() {
        let merged = web(
            json!({"key1": "value1", "key2": "value2", "deploy": {"replicas": 1, "mode": "replicated"}}),
            json!({"key2": "VALUE", "key3": "value3", "deploy": {"replicas": 3}}),
        );
        assert_eq!(
            merged,
            json!({"key1": "value1", "key2": "VALUE", "key3": "value3",
                   "deploy": {"replicas": 3, "mode": "replicated"}})
        );
    }

    #[test]
    fn null_overlay_keeps_the_earlier_value_except_for_replaced_attributes() {
        let merged = web(
            json!({"image": "nginx", "command": ["a"], "ports": ["80"]}),
            json!({"image": null, "command": null, "ports": null}),
        );
        assert_eq!(
            merged,
            json!({"image": "nginx", "command": null, "ports": ["80"]})
        );
    }

    #[test]
    fn type_changes_take_the_overlay() {
        let merged = web(
            json!({"healthcheck": {"disable": true}, "x": "text", "y": ["a"]}),
            json!({"healthcheck": "none", "x": {"a": 1}, "y": {"b": 2}}),
        );
        assert_eq!(
            merged,
            json!({"healthcheck": "none", "x": {"a": 1}, "y": {"b": 2}})
        );
    }

    #[test]
    fn sequences_append() {
        let merged = web(
            json!({"DNS": ["1.1.1.1"], "develop": {"watch": [{"path": "a"}]}}),
            json!({"DNS": ["8.8.8.8", "1.1.1.1"], "develop": {"watch": [{"path": "a"}]}}),
        );
        assert_eq!(merged["DNS"], json!(["1.1.1.1", "8.8.8.8", "1.1.1.1"]));
        assert_eq!(
            merged["develop"]["watch"],
            json!([{"path": "a"}, {"path": "a"}])
        );
    }

    #[test]
    fn shell_commands_are_replaced() {
        let merged = web(
            json!({"command": ["echo", "foo"], "entrypoint": "sh -c", "healthcheck": {"test": ["CMD", "a"], "interval": "1s"}}),
            json!({"command": ["echo", "bar"], "entrypoint": ["bash"], "healthcheck": {"test": "b"}}),
        );
        assert_eq!(merged["command"], json!(["echo", "bar"]));
        assert_eq!(merged["entrypoint"], json!(["bash"]));
        assert_eq!(
            merged["healthcheck"],
            json!({"test": "b", "interval": "1s"})
        );
    }

    #[test]
    fn simple_lists_are_deduplicated() {
        let merged = web(
            json!({"cap_add": ["NET_ADMIN"], "cap_drop": ["ALL"], "profiles": ["a"], "links": ["db"],
                   "dns_search": "example.com", "dns_opt": ["use-vc"], "build": {"tags": ["x:1"]},
                   "networks": {"front": {"aliases": ["a"]}}}),
            json!({"cap_add": ["NET_ADMIN", "SYS_TIME"], "cap_drop": ["ALL"], "profiles": ["b", "a"],
                   "links": ["db", "db:alias"], "dns_search": ["example.com", "b.org"], "dns_opt": ["use-vc"],
                   "build": {"tags": ["x:1", "x:2"]}, "networks": {"front": {"aliases": ["a", "b"]}}}),
        );
        assert_eq!(merged["cap_add"], json!(["NET_ADMIN", "SYS_TIME"]));
        assert_eq!(merged["cap_drop"], json!(["ALL"]));
        assert_eq!(merged["profiles"], json!(["a", "b"]));
        assert_eq!(merged["links"], json!(["db", "db:alias"]));
        assert_eq!(merged["dns_search"], json!(["example.com", "b.org"]));
        assert_eq!(merged["dns_opt"], json!(["use-vc"]));
        assert_eq!(merged["build"]["tags"], json!(["x:1", "x:2"]));
        assert_eq!(merged["networks"]["front"]["aliases"], json!(["a", "b"]));
    }

    #[test]
    fn dns_accepts_a_single_string() {
        let merged = web(json!({"dns": "1.1.1.1"}), json!({"dns": "8.8.8.8"}));
        assert_eq!(merged["dns"], json!(["1.1.1.1", "8.8.8.8"]));
    }

    #[test]
    fn ports_are_unique_by_ip_target_published_and_protocol() {
        let merged = web(
            json!({"ports": ["8080:80", "9081:81", "5000", 6000, "127.0.0.1:7000:70", "9000-9001:90-91"]}),
            json!({"ports": [
                {"target": 80, "published": 8080, "mode": "host"},
                {"target": 81, "published": "9081", "protocol": "udp"},
                {"target": 5000},
                "6000",
                "7000:70",
                "[::1]:7000:70",
                "9000-9001:90-91"
            ]}),
        );
        assert_eq!(
            merged["ports"],
            json!([
                {"target": 80, "published": 8080, "mode": "host"},
                "9081:81",
                {"target": 5000},
                "6000",
                "127.0.0.1:7000:70",
                "9000-9001:90-91",
                {"target": 81, "published": "9081", "protocol": "udp"},
                "7000:70",
                "[::1]:7000:70"
            ])
        );
    }

    #[test]
    fn ports_keys_follow_the_short_syntax() {
        let same = |a: serde_json::Value, b: serde_json::Value| port_key(&v(a)) == port_key(&v(b));
        assert!(same(
            json!("8080:80/tcp"),
            json!({"target": 80, "published": "8080"})
        ));
        assert!(same(json!("0.0.0.0:8080:80"), json!("8080:80")));
        assert!(same(
            json!("[::1]:8080:80"),
            json!({"host_ip": "::1", "target": 80, "published": 8080})
        ));
        assert!(!same(json!("8080:80/udp"), json!("8080:80")));
        assert!(!same(json!("80"), json!("8080:80")));
        assert_eq!(port_key(&v(json!({"published": 80}))), None);
    }

    #[test]
    fn expose_is_unique_by_text() {
        let merged = web(
            json!({"expose": ["80", 443]}),
            json!({"expose": [80, "443", "8080/udp"]}),
        );
        assert_eq!(merged["expose"], json!([80, "443", "8080/udp"]));
    }

    #[test]
    fn volumes_are_unique_by_target_replacing_in_place() {
        let merged = web(
            json!({"volumes": ["foo:/work", "logs:/var/log:ro", "/anonymous"]}),
            json!({"volumes": [
                "bar:/work",
                {"type": "volume", "source": "other", "target": "/var/log/"},
                "/new:/new:rw"
            ]}),
        );
        assert_eq!(
            merged["volumes"],
            json!([
                "bar:/work",
                {"type": "volume", "source": "other", "target": "/var/log/"},
                "/anonymous",
                "/new:/new:rw"
            ])
        );
    }

    #[test]
    fn volume_targets_of_the_short_syntax() {
        assert_eq!(volume_target("/data").as_deref(), Some("/data"));
        assert_eq!(volume_target("src:/data:ro").as_deref(), Some("/data"));
        assert_eq!(volume_target(r"C:\data:/data").as_deref(), Some("/data"));
        assert_eq!(
            volume_target(r"C:\data:D:\data").as_deref(),
            Some(r"D:\data")
        );
        assert_eq!(volume_target("${SRC:-./x}:/data").as_deref(), Some("/data"));
        // Compose reads a one-letter source as a Windows drive, so this is a single
        // anonymous volume path.
        assert_eq!(volume_target("x:/data").as_deref(), Some("x:/data"));
        assert_eq!(clean_path("/a//b/./c/../"), "/a/b");
        assert_eq!(clean_path("a/.."), ".");
    }

    #[test]
    fn secrets_and_configs_are_unique_by_target() {
        let merged = web(
            json!({"secrets": ["token", "other"], "configs": ["app", {"source": "x", "target": "/etc/x"}]}),
            json!({"secrets": [{"source": "token", "mode": 0o400}, {"source": "b", "target": "/run/secrets/other"}],
                   "configs": [{"source": "app", "target": "/app"}, {"source": "y", "target": "/etc/x"}]}),
        );
        assert_eq!(
            merged["secrets"],
            json!([{"source": "token", "mode": 256}, {"source": "b", "target": "/run/secrets/other"}])
        );
        assert_eq!(
            merged["configs"],
            json!([{"source": "app", "target": "/app"}, {"source": "y", "target": "/etc/x"}])
        );
    }

    #[test]
    fn devices_are_unique_by_container_path() {
        let merged = web(
            json!({"devices": ["/dev/a:/dev/x", "/dev/b"]}),
            json!({"devices": [{"source": "/dev/c", "target": "/dev/x"}, "/dev/b:/dev/b:r"]}),
        );
        assert_eq!(
            merged["devices"],
            json!([{"source": "/dev/c", "target": "/dev/x"}, "/dev/b:/dev/b:r"])
        );
    }

    #[test]
    fn environment_merges_by_key_into_list_form() {
        let merged = web(
            json!({"environment": {"B": "2", "A": 1, "C": null, "D": true}}),
            json!({"environment": ["A=10", "E=5", "C"]}),
        );
        assert_eq!(
            merged["environment"],
            json!(["A=10", "B=2", "C", "D=true", "E=5"])
        );

        let merged = web(
            json!({"environment": ["FOO=BAR", "ZOT"]}),
            json!({"environment": {"FOO": "QIX", "NEW": ""}}),
        );
        assert_eq!(merged["environment"], json!(["FOO=QIX", "ZOT", "NEW="]));
    }

    #[test]
    fn environment_duplicates_in_one_list_keep_the_last_value_at_the_first_place() {
        let merged = web(
            json!({"environment": ["FOO=BAR", "BAR=QIX", "QIX="]}),
            json!({"environment": ["ZOT", "FOO=ZOT", "QIX", "ZOT="]}),
        );
        assert_eq!(
            merged["environment"],
            json!(["FOO=ZOT", "BAR=QIX", "QIX", "ZOT="])
        );
    }

    #[test]
    fn key_value_attributes_merge_by_key() {
        let merged = web(
            json!({"labels": {"a": "1", "b": "2"}, "annotations": ["x=1"], "sysctls": {"net.core.somaxconn": 1024},
                   "build": {"args": {"V": "1"}, "labels": ["l=1"]}, "deploy": {"labels": {"d": "1"}}}),
            json!({"labels": {"b": "3"}, "annotations": {"x": "2", "y": "3"}, "sysctls": ["net.core.somaxconn=2048"],
                   "build": {"args": ["V=2", "W"]}, "deploy": {"labels": ["e=2"]}}),
        );
        assert_eq!(merged["labels"], json!(["a=1", "b=3"]));
        assert_eq!(merged["annotations"], json!(["x=2", "y=3"]));
        assert_eq!(merged["sysctls"], json!(["net.core.somaxconn=2048"]));
        assert_eq!(merged["build"]["args"], json!(["V=2", "W"]));
        assert_eq!(merged["build"]["labels"], json!(["l=1"]));
        assert_eq!(merged["deploy"]["labels"], json!(["d=1", "e=2"]));

        let (merged, _) = merge(
            json!({"networks": {"n": {"labels": {"a": "1"}}}, "volumes": {"v": {"labels": ["a=1"]}}}),
            json!({"networks": {"n": {"labels": ["a=2"]}}, "volumes": {"v": {"labels": {"a": "2"}}}}),
        );
        assert_eq!(merged["networks"]["n"]["labels"], json!(["a=2"]));
        assert_eq!(merged["volumes"]["v"]["labels"], json!(["a=2"]));
    }

    #[test]
    fn extra_hosts_drop_exact_repeats_only() {
        let merged = web(
            json!({"extra_hosts": {"db": "10.0.0.1", "many": ["10.0.0.2", "::1"]}}),
            json!({"extra_hosts": ["db=10.0.0.1", "db=10.0.0.9", "other:10.0.0.3"]}),
        );
        assert_eq!(
            merged["extra_hosts"],
            json!([
                "db=10.0.0.1",
                "many=10.0.0.2",
                "many=::1",
                "db=10.0.0.9",
                "other:10.0.0.3"
            ])
        );
    }

    #[test]
    fn env_file_and_tmpfs_accept_strings() {
        let merged = web(
            json!({"env_file": "a.env", "tmpfs": "/run"}),
            json!({"env_file": [{"path": "a.env", "required": false}, "b.env"], "tmpfs": ["/tmp", "/run"]}),
        );
        assert_eq!(
            merged["env_file"],
            json!([{"path": "a.env", "required": false}, "b.env"])
        );
        assert_eq!(merged["tmpfs"], json!(["/run", "/tmp"]));
    }

    #[test]
    fn depends_on_merges_by_service_in_mapping_form() {
        let merged = web(
            json!({"depends_on": ["db", "cache"]}),
            json!({"depends_on": {"db": {"condition": "service_healthy"}, "queue": {"condition": "service_started"}}}),
        );
        assert_eq!(
            merged["depends_on"],
            json!({
                "db": {"condition": "service_healthy", "required": true},
                "cache": {"condition": "service_started", "required": true},
                "queue": {"condition": "service_started"}
            })
        );
        // The list form stands for the default condition, which replaces the earlier one.
        let merged = web(
            json!({"depends_on": {"db": {"condition": "service_healthy", "restart": true}}}),
            json!({"depends_on": ["db"]}),
        );
        assert_eq!(
            merged["depends_on"],
            json!({"db": {"condition": "service_started", "restart": true, "required": true}})
        );
    }

    #[test]
    fn service_networks_and_models_merge_by_name() {
        let merged = web(
            json!({"networks": ["front", "back"], "models": {"llm": {"endpoint_var": "URL"}}}),
            json!({"networks": {"back": {"ipv4_address": "10.0.0.2"}, "extra": null}, "models": ["llm", "other"]}),
        );
        assert_eq!(
            merged["networks"],
            json!({"front": null, "back": {"ipv4_address": "10.0.0.2"}, "extra": null})
        );
        assert_eq!(
            merged["models"],
            json!({"llm": {"endpoint_var": "URL"}, "other": null})
        );
    }

    #[test]
    fn logging_options_merge_only_for_the_same_driver() {
        let base = json!({"image": "foo", "logging": {"driver": "syslog", "options": {"syslog-address": "tcp://192.168.0.42:123"}}});
        let same = web(
            base.clone(),
            json!({"logging": {"driver": "syslog", "options": {"syslog-address": "tcp://127.0.0.1:123"}}}),
        );
        assert_eq!(
            same["logging"],
            json!({"driver": "syslog", "options": {"syslog-address": "tcp://127.0.0.1:123"}})
        );

        let other = web(
            json!({"logging": {"driver": "local", "options": {"max-size": "10m"}}}),
            json!({"logging": {"driver": "syslog", "options": {"syslog-address": "tcp://127.0.0.1:123"}}}),
        );
        assert_eq!(
            other["logging"],
            json!({"driver": "syslog", "options": {"syslog-address": "tcp://127.0.0.1:123"}})
        );

        let implicit = web(
            json!({"logging": {"options": {"max-size": "10m"}}}),
            json!({"logging": {"options": {"max-file": 3}}}),
        );
        assert_eq!(
            implicit["logging"],
            json!({"options": {"max-size": "10m", "max-file": 3}})
        );

        let one_side = web(base, json!({"logging": {"options": {"tag": "x"}}}));
        assert_eq!(
            one_side["logging"],
            json!({"driver": "syslog", "options": {"syslog-address": "tcp://192.168.0.42:123", "tag": "x"}})
        );
    }

    #[test]
    fn build_string_and_mapping_forms_merge() {
        let merged = web(
            json!({"build": "./dir"}),
            json!({"build": {"dockerfile": "Other", "args": ["A=1"]}}),
        );
        assert_eq!(
            merged["build"],
            json!({"context": "./dir", "dockerfile": "Other", "args": ["A=1"]})
        );
        let merged = web(
            json!({"build": {"context": ".", "target": "dev"}}),
            json!({"build": "./other"}),
        );
        assert_eq!(
            merged["build"],
            json!({"context": "./other", "target": "dev"})
        );
    }

    #[test]
    fn each_ulimit_is_replaced() {
        let merged = web(
            json!({"ulimits": {"nofile": {"soft": 20000, "hard": 40000}, "nproc": 65535, "locks": {"soft": 20000, "hard": 40000}, "core": 0}}),
            json!({"ulimits": {"nofile": {"soft": 10000, "hard": 40000}, "nproc": {"soft": 65535}, "locks": {"hard": 65535}}}),
        );
        assert_eq!(
            merged["ulimits"],
            json!({"nofile": {"soft": 10000, "hard": 40000}, "nproc": {"soft": 65535}, "locks": {"hard": 65535}, "core": 0})
        );
    }

    #[test]
    fn ipam_config_merges_by_subnet() {
        let (merged, problems) = merge(
            json!({"networks": {"n": {"ipam": {"driver": "default", "config": [
                {"subnet": "10.0.0.0/24", "gateway": "10.0.0.1"},
                {"subnet": "10.1.0.0/24"}
            ]}}}}),
            json!({"networks": {"n": {"ipam": {"config": [
                {"subnet": "10.0.0.0/24", "ip_range": "10.0.0.0/25"},
                {"subnet": "10.2.0.0/24"}
            ]}}}}),
        );
        assert_eq!(
            merged["networks"]["n"]["ipam"],
            json!({"driver": "default", "config": [
                {"subnet": "10.0.0.0/24", "gateway": "10.0.0.1", "ip_range": "10.0.0.0/25"},
                {"subnet": "10.2.0.0/24"}
            ]})
        );
        assert!(problems.is_empty());

        // An empty list really clears the configuration, so it is not reported.
        let (merged, problems) = merge(
            json!({"networks": {"n": {"ipam": {"config": [{"subnet": "10.0.0.0/24"}]}}}}),
            json!({"networks": {"n": {"ipam": {"config": []}}}}),
        );
        assert_eq!(merged["networks"]["n"]["ipam"]["config"], json!([]));
        assert!(problems.is_empty());
    }

    #[test]
    fn reset_removes_the_earlier_value() {
        // The Specification's example.
        let base = v(
            json!({"services": {"app": {"image": "myapp", "ports": ["8080:80"], "environment": {"FOO": "BAR"}}}}),
        );
        let mut overlay = v(json!({"services": {"app": {"image": "myapp"}}}));
        let Some(app) = overlay.pointer("/services/app").cloned() else {
            panic!("no app");
        };
        let mut app = app;
        let Some(map) = app.as_mapping_mut() else {
            panic!("app is not a mapping");
        };
        map.insert("ports".into(), tagged(v(json!([])), Tag::Reset));
        let mut env = Mapping::default();
        env.insert("FOO".into(), tagged(v(json!(null)), Tag::Reset));
        map.insert("environment".into(), Value::mapping(env));
        let Some(services) = overlay.get_mut("services").and_then(Value::as_mapping_mut) else {
            panic!("no services");
        };
        services.insert("app".into(), app);

        let mut problems = Vec::new();
        let merged = merge_documents(base, overlay, &mut problems);
        assert_eq!(
            merged.to_json(),
            json!({"services": {"app": {"image": "myapp", "environment": []}}})
        );
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn reset_of_any_type_removes_the_key() {
        for reset in [json!([]), json!({}), json!(null), json!("x"), json!(["a"])] {
            let base = service(vec![("ports", v(json!(["80"]))), ("image", v(json!("a")))]);
            let overlay = service(vec![("ports", tagged(v(reset), Tag::Reset))]);
            let mut problems = Vec::new();
            let merged = merge_documents(base, overlay, &mut problems);
            assert_eq!(
                merged.to_json(),
                json!({"services": {"web": {"image": "a"}}})
            );
            assert!(problems.is_empty());
        }
    }

    #[test]
    fn reset_in_list_form_environment_and_depends_on() {
        let mut env = Mapping::default();
        env.insert("A".into(), tagged(v(json!(null)), Tag::Reset));
        env.insert("C".into(), v(json!("3")));
        let mut deps = Mapping::default();
        deps.insert("db".into(), tagged(v(json!({})), Tag::Reset));
        let base = service(vec![
            ("environment", v(json!(["A=1", "B=2"]))),
            ("depends_on", v(json!(["db", "cache"]))),
        ]);
        let overlay = service(vec![
            ("environment", Value::mapping(env)),
            ("depends_on", Value::mapping(deps)),
        ]);
        let mut problems = Vec::new();
        let merged = merge_documents(base, overlay, &mut problems).to_json();
        assert_eq!(
            merged["services"]["web"]["environment"],
            json!(["B=2", "C=3"])
        );
        assert_eq!(
            merged["services"]["web"]["depends_on"],
            json!({"cache": {"condition": "service_started", "required": true}})
        );
    }

    #[test]
    fn reset_without_anything_to_reset_disappears() {
        let base = v(json!({"services": {"web": {"image": "a"}}}));
        let overlay = service(vec![
            ("ports", tagged(v(json!(["80"])), Tag::Reset)),
            ("cap_add", v(json!(["A"]))),
        ]);
        let Some(seq) = Some(vec![v(json!("X")), tagged(v(json!("Y")), Tag::Reset)]) else {
            panic!()
        };
        let overlay = {
            let mut overlay = overlay;
            if let Some(web) = overlay
                .get_mut("services")
                .and_then(|s| s.get_mut("web"))
                .and_then(Value::as_mapping_mut)
            {
                web.insert("cap_drop".into(), Value::synthetic(Kind::Sequence(seq)));
            }
            overlay
        };
        let mut problems = Vec::new();
        let merged = merge_documents(base, overlay, &mut problems);
        assert_eq!(
            merged.to_json(),
            json!({"services": {"web": {"image": "a", "cap_add": ["A"], "cap_drop": ["X"]}}})
        );
        assert_no_tags(&merged);
    }

    #[test]
    fn reset_sequence_items_are_dropped_from_the_overlay() {
        let base = service(vec![("cap_add", v(json!(["A"])))]);
        let items = vec![tagged(v(json!("A")), Tag::Reset), v(json!("B"))];
        let overlay = service(vec![("cap_add", Value::synthetic(Kind::Sequence(items)))]);
        let mut problems = Vec::new();
        let merged = merge_documents(base, overlay, &mut problems);
        assert_eq!(
            merged.to_json()["services"]["web"]["cap_add"],
            json!(["A", "B"])
        );
    }

    #[test]
    fn override_replaces_without_merging() {
        let base = service(vec![
            ("image", v(json!("myapp"))),
            ("ports", v(json!(["8080:80"]))),
            ("environment", v(json!({"A": "1"}))),
        ]);
        let mut nested = v(json!({"B": "2"}));
        if let Some(map) = nested.as_mapping_mut() {
            map.insert("C".into(), tagged(v(json!("3")), Tag::Reset));
        }
        let overlay = service(vec![
            ("ports", tagged(v(json!(["8443:443"])), Tag::Override)),
            ("environment", tagged(nested, Tag::Override)),
            ("command", tagged(v(json!([])), Tag::Override)),
        ]);
        let mut problems = Vec::new();
        let merged = merge_documents(base, overlay, &mut problems);
        assert_eq!(
            merged.to_json(),
            json!({"services": {"web": {"image": "myapp", "ports": ["8443:443"], "environment": {"B": "2"}, "command": []}}})
        );
        assert!(problems.is_empty());
        assert_no_tags(&merged);
    }

    fn assert_no_tags(value: &Value) {
        assert!(value.tag.is_none(), "tag left on {value:?}");
        match &value.kind {
            Kind::Mapping(map) => map.values().for_each(assert_no_tags),
            Kind::Sequence(items) => items.iter().for_each(assert_no_tags),
            _ => {}
        }
    }

    #[test]
    fn strip_tags_removes_resets_and_clears_overrides() {
        let mut env = Mapping::default();
        env.insert("A".into(), tagged(v(json!("1")), Tag::Reset));
        env.insert("B".into(), tagged(v(json!("2")), Tag::Override));
        let items = vec![
            tagged(v(json!("x")), Tag::Reset),
            tagged(v(json!("y")), Tag::Override),
        ];
        let mut value = service(vec![
            ("environment", Value::mapping(env)),
            ("cap_add", Value::synthetic(Kind::Sequence(items))),
            ("ports", tagged(v(json!([])), Tag::Reset)),
        ]);
        strip_tags(&mut value);
        assert_eq!(
            value.to_json(),
            json!({"services": {"web": {"environment": {"B": "2"}, "cap_add": ["y"]}}})
        );
        assert_no_tags(&value);

        let mut root = tagged(v(json!({"a": 1})), Tag::Reset);
        strip_tags(&mut root);
        assert!(root.is_null() && root.tag.is_none());
    }

    #[test]
    fn origins_follow_the_file_that_wrote_the_value() {
        let at = |json: serde_json::Value, file: usize, start: usize| {
            Value::with_origin(v(json).kind, Some(origin(file, start)))
        };
        let mut base_ports = at(json!([]), 1, 10);
        if let Some(items) = base_ports.as_sequence_mut() {
            items.push(at(json!("80"), 1, 11));
        }
        let mut base_env = at(json!({}), 1, 20);
        if let Some(map) = base_env.as_mapping_mut() {
            map.insert("A".into(), at(json!("1"), 1, 21));
        }
        let base = service(vec![
            ("image", at(json!("a"), 1, 1)),
            ("user", at(json!("root"), 1, 2)),
            ("ports", base_ports),
            ("deploy", v(json!({"replicas": 1}))),
        ]);
        let mut overlay_ports = at(json!([]), 2, 30);
        if let Some(items) = overlay_ports.as_sequence_mut() {
            items.push(at(json!("443"), 2, 31));
        }
        let overlay = service(vec![
            ("image", at(json!("b"), 2, 3)),
            ("ports", overlay_ports),
            ("deploy", at(json!({"mode": "global"}), 2, 40)),
            ("environment", base_env),
        ]);
        let mut problems = Vec::new();
        let merged = merge_documents(base, overlay, &mut problems);
        let origin_at = |p: &str| merged.pointer(p).and_then(|v| v.origin);
        assert_eq!(origin_at("/services/web/image"), Some(origin(2, 3)));
        assert_eq!(origin_at("/services/web/user"), Some(origin(1, 2)));
        assert_eq!(origin_at("/services/web/ports"), Some(origin(1, 10)));
        assert_eq!(origin_at("/services/web/ports/0"), Some(origin(1, 11)));
        assert_eq!(origin_at("/services/web/ports/1"), Some(origin(2, 31)));
        // The base mapping had no origin, so the merged one takes the overlay's.
        assert_eq!(origin_at("/services/web/deploy"), Some(origin(2, 40)));
        assert_eq!(origin_at("/services/web/deploy/replicas"), None);
        assert_eq!(
            origin_at("/services/web/environment/A"),
            Some(origin(1, 21))
        );
    }

    #[test]
    fn origins_of_converted_forms() {
        let at = |json: serde_json::Value, file: usize, start: usize| {
            Value::with_origin(v(json).kind, Some(origin(file, start)))
        };
        let mut env = at(json!({}), 1, 1);
        if let Some(map) = env.as_mapping_mut() {
            map.insert("A".into(), at(json!("1"), 1, 2));
        }
        let deps = Value::with_origin(
            Kind::Sequence(vec![at(json!("db"), 1, 5)]),
            Some(origin(1, 4)),
        );
        let base = service(vec![
            ("environment", env),
            ("depends_on", deps),
            ("build", at(json!("."), 1, 7)),
        ]);
        let overlay = service(vec![
            (
                "environment",
                Value::with_origin(
                    Kind::Sequence(vec![at(json!("B=2"), 2, 3)]),
                    Some(origin(2, 9)),
                ),
            ),
            ("depends_on", v(json!({"cache": {}}))),
            ("build", v(json!({"target": "x"}))),
        ]);
        let mut problems = Vec::new();
        let merged = merge_documents(base, overlay, &mut problems);
        let origin_at = |p: &str| merged.pointer(p).and_then(|v| v.origin);
        assert_eq!(origin_at("/services/web/environment"), Some(origin(1, 1)));
        assert_eq!(origin_at("/services/web/environment/0"), Some(origin(1, 2)));
        assert_eq!(origin_at("/services/web/environment/1"), Some(origin(2, 3)));
        assert_eq!(origin_at("/services/web/depends_on"), Some(origin(1, 4)));
        assert_eq!(origin_at("/services/web/depends_on/db"), Some(origin(1, 5)));
        assert_eq!(origin_at("/services/web/depends_on/db/condition"), None);
        assert_eq!(origin_at("/services/web/build"), Some(origin(1, 7)));
        assert_eq!(origin_at("/services/web/build/context"), Some(origin(1, 7)));
    }

    #[test]
    fn empty_collections_that_do_not_reset_are_reported() {
        let (_, problems) = merge(
            json!({"services": {"web": {
                "ports": ["80"], "environment": {"A": "1"}, "labels": ["a=1"], "volumes": ["/data"],
                "depends_on": ["db"], "logging": {"driver": "local"}, "build": ".", "networks": ["front"],
                "deploy": {"resources": {"limits": {"cpus": "1"}}}, "dns": "1.1.1.1"
            }}, "x-common": {"a": 1}}),
            json!({"services": {"web": {
                "ports": [], "environment": {}, "labels": {}, "volumes": [],
                "depends_on": [], "logging": {}, "build": {}, "networks": {},
                "deploy": {"resources": {}}, "dns": []
            }}, "x-common": {}}),
        );
        let mut pointers = empty_does_not_reset(&problems);
        pointers.sort_unstable();
        assert_eq!(
            pointers,
            [
                "/services/web/build",
                "/services/web/depends_on",
                "/services/web/deploy/resources",
                "/services/web/dns",
                "/services/web/environment",
                "/services/web/labels",
                "/services/web/logging",
                "/services/web/networks",
                "/services/web/ports",
                "/services/web/volumes",
                "/x-common",
            ]
        );
    }

    #[test]
    fn empty_does_not_reset_carries_both_origins() {
        let base = service(vec![(
            "ports",
            Value::with_origin(v(json!(["80"])).kind, Some(origin(1, 5))),
        )]);
        let overlay = service(vec![(
            "ports",
            Value::with_origin(Kind::Sequence(Vec::new()), Some(origin(2, 7))),
        )]);
        let mut problems = Vec::new();
        let merged = merge_documents(base, overlay, &mut problems);
        assert_eq!(merged.to_json()["services"]["web"]["ports"], json!(["80"]));
        assert_eq!(
            problems,
            [MergeProblem {
                pointer: "/services/web/ports".to_owned(),
                kind: MergeProblemKind::EmptyDoesNotReset {
                    empty: Some(origin(2, 7)),
                    base: Some(origin(1, 5)),
                },
            }]
        );
    }

    #[test]
    fn empty_collections_that_reset_or_have_nothing_to_keep_are_not_reported() {
        let (merged, problems) = merge(
            json!({"services": {"web": {
                "command": ["a"], "entrypoint": ["b"], "healthcheck": {"test": ["CMD", "x"]},
                "ports": [], "environment": {}, "ulimits": {"nofile": {"soft": 1}},
                "logging": {"driver": "local", "options": {"a": "1"}}, "user": "root"
            }}}),
            json!({"services": {"web": {
                "command": [], "entrypoint": [], "healthcheck": {"test": []},
                "ports": [], "environment": [], "ulimits": {"nofile": {}}, "volumes": [],
                "logging": {"driver": "syslog", "options": {}}, "user": {}
            }}}),
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(merged["services"]["web"]["command"], json!([]));
        assert_eq!(merged["services"]["web"]["ulimits"], json!({"nofile": {}}));
    }

    #[test]
    fn tagged_empty_collections_are_not_reported() {
        let base = service(vec![
            ("ports", v(json!(["80"]))),
            ("labels", v(json!({"a": "1"}))),
        ]);
        let overlay = service(vec![
            ("ports", tagged(v(json!([])), Tag::Reset)),
            ("labels", tagged(v(json!({})), Tag::Override)),
        ]);
        let mut problems = Vec::new();
        let merged = merge_documents(base, overlay, &mut problems);
        assert_eq!(
            merged.to_json(),
            json!({"services": {"web": {"labels": {}}}})
        );
        assert!(problems.is_empty());
    }

    #[test]
    fn pointers_escape_segments() {
        let (_, problems) = merge(
            json!({"services": {"a/b~c": {"ports": ["80"]}}}),
            json!({"services": {"a/b~c": {"ports": []}}}),
        );
        assert_eq!(empty_does_not_reset(&problems), ["/services/a~1b~0c/ports"]);
    }

    #[test]
    fn top_level_sections() {
        let (merged, problems) = merge(
            json!({"version": "3.8", "name": "one", "include": ["a.yaml"],
                   "networks": {"front": {"driver": "bridge"}}, "volumes": {"data": {}},
                   "secrets": {"s": {"file": "a"}}, "configs": {"c": {"file": "a"}},
                   "models": {"m": {"model": "ai/a"}}, "x-defaults": {"a": 1, "list": [1]}}),
            json!({"version": "3.9", "name": "two", "include": ["b.yaml"],
                   "networks": {"front": {"internal": true}, "back": null}, "volumes": {"data": {"driver": "local"}},
                   "secrets": {"s": {"environment": "S"}}, "configs": {"d": {"file": "b"}},
                   "models": {"m": {"context_size": 1}}, "x-defaults": {"b": 2, "list": [2]}}),
        );
        assert!(problems.is_empty());
        assert_eq!(
            merged,
            json!({"version": "3.9", "name": "two", "include": ["a.yaml", "b.yaml"],
                   "networks": {"front": {"driver": "bridge", "internal": true}, "back": null},
                   "volumes": {"data": {"driver": "local"}},
                   "secrets": {"s": {"file": "a", "environment": "S"}},
                   "configs": {"c": {"file": "a"}, "d": {"file": "b"}},
                   "models": {"m": {"model": "ai/a", "context_size": 1}},
                   "x-defaults": {"a": 1, "list": [1, 2], "b": 2}})
        );
    }

    #[test]
    fn new_services_are_added_as_written() {
        let (merged, _) = merge(
            json!({"services": {"web": {"image": "a"}}}),
            json!({"services": {"db": {"image": "b", "ports": ["80", "80"]}}}),
        );
        assert_eq!(
            merged["services"],
            json!({"web": {"image": "a"}, "db": {"image": "b", "ports": ["80", "80"]}})
        );
    }

    #[test]
    fn merge_service_applies_service_rules_with_relative_pointers() {
        let mut problems = Vec::new();
        let merged = merge_service(
            v(
                json!({"image": "base", "ports": ["8080:80"], "command": ["a"], "environment": {"A": "1"}, "volumes": ["old:/data"]}),
            ),
            v(
                json!({"ports": [], "command": ["b"], "environment": ["B=2"], "volumes": ["new:/data"], "extends": "base"}),
            ),
            &mut problems,
        );
        assert_eq!(
            merged.to_json(),
            json!({"image": "base", "ports": ["8080:80"], "command": ["b"], "environment": ["A=1", "B=2"],
                   "volumes": ["new:/data"], "extends": "base"})
        );
        assert_eq!(empty_does_not_reset(&problems), ["/ports"]);
    }

    #[test]
    fn merge_service_consumes_resets() {
        let base = v(json!({"image": "base", "ports": ["80"]}));
        let mut overlay = v(json!({}));
        if let Some(map) = overlay.as_mapping_mut() {
            map.insert("ports".into(), tagged(v(json!(null)), Tag::Reset));
        }
        let mut problems = Vec::new();
        let merged = merge_service(base, overlay, &mut problems);
        assert_eq!(merged.to_json(), json!({"image": "base"}));
    }
}
