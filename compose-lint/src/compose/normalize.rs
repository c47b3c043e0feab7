//! The resolved project in one canonical shape, so rules and `config` read
//! one form of each attribute: list-form `environment`, `labels` and the
//! like become mappings, `depends_on` lists become mappings with their
//! defaults, a `build` string becomes `{context}`, profiles are applied and
//! the project gets its `name`. Forms whose exact text matters to later
//! rules (short `ports` and `volumes`) are kept as written.

use super::value::{Kind, Mapping, Value};

/// Service attributes written either as `KEY=VALUE` lists or as mappings.
const KEY_VALUE_ATTRIBUTES: [&str; 4] = ["environment", "labels", "annotations", "sysctls"];

/// Returns the services the active profiles leave out, normalised too.
pub(crate) fn normalize(model: &mut Value, name: &str, profiles: &[String]) -> Mapping {
    let mut disabled = Mapping::default();
    let Some(map) = model.as_mapping_mut() else {
        return disabled;
    };
    if let Some(services) = map.get_mut("services").and_then(Value::as_mapping_mut) {
        if !profiles.is_empty() {
            let all = std::mem::take(services);
            for (service_name, service) in all {
                if is_enabled(&service, profiles) {
                    services.insert(service_name, service);
                } else {
                    disabled.insert(service_name, service);
                }
            }
            for service in disabled.values_mut() {
                normalize_service(service);
            }
        }
        services.sort_keys();
        for service in services.values_mut() {
            normalize_service(service);
        }
    }
    for section in ["networks", "volumes", "secrets", "configs"] {
        if let Some(items) = map.get_mut(section).and_then(Value::as_mapping_mut) {
            for labels in items.values_mut().filter_map(|item| item.get_mut("labels")) {
                key_value_mapping(labels);
            }
        }
    }
    map.shift_remove("version");
    let mut name_value = Value::string(name);
    if let Some(written) = map.get("name") {
        name_value.origin = written.origin;
    }
    map.shift_insert(0, "name".into(), name_value);
    map.sort_by(|a, _, b, _| section_rank(a).cmp(&section_rank(b)));
    disabled
}

/// Top-level sections in the order `docker compose config` prints them,
/// extensions last; the sort is stable, so extensions keep their order.
fn section_rank(key: &str) -> usize {
    const ORDER: [&str; 8] = [
        "name", "services", "networks", "volumes", "secrets", "configs", "models", "include",
    ];
    ORDER.iter().position(|k| *k == key).unwrap_or(ORDER.len())
}

/// Compose starts a service when it has no profiles, or one of them is
/// active (`*` activates all).
pub(crate) fn is_enabled(service: &Value, active: &[String]) -> bool {
    let Some(profiles) = service.get("profiles").and_then(Value::as_sequence) else {
        return true;
    };
    profiles.is_empty()
        || active.iter().any(|a| a == "*")
        || profiles
            .iter()
            .filter_map(Value::as_str)
            .any(|p| active.iter().any(|a| a == p))
}

fn normalize_service(service: &mut Value) {
    let Some(map) = service.as_mapping_mut() else {
        return;
    };
    for attribute in KEY_VALUE_ATTRIBUTES {
        if let Some(value) = map.get_mut(attribute) {
            key_value_mapping(value);
            // A label, annotation or sysctl without a value is an empty
            // string to Compose; a variable without one is unset.
            if attribute != "environment" {
                empty_for_null(value);
            }
        }
    }
    if let Some(args) = map.get_mut("build").and_then(|b| b.get_mut("args")) {
        key_value_mapping(args);
    }
    if let Some(labels) = map.get_mut("build").and_then(|b| b.get_mut("labels")) {
        key_value_mapping(labels);
        empty_for_null(labels);
    }
    if let Some(build) = map.get_mut("build")
        && let Kind::String(context) = &build.kind
    {
        let mut long = Mapping::default();
        long.insert(
            "context".into(),
            Value::with_origin(Kind::String(context.clone()), build.origin),
        );
        long.insert("dockerfile".into(), Value::string("Dockerfile"));
        build.kind = Kind::Mapping(Box::new(long));
    }
    if let Some(depends_on) = map.get_mut("depends_on") {
        normalize_depends_on(depends_on);
    }
    if let Some(networks) = map.get_mut("networks") {
        names_to_mapping(networks);
    }
}

/// `networks: [front]` → `networks: {front: null}`.
fn names_to_mapping(value: &mut Value) {
    let Kind::Sequence(items) = &value.kind else {
        return;
    };
    let map: Mapping = items
        .iter()
        .filter_map(|item| {
            let name = item.as_str()?;
            Some((name.into(), Value::with_origin(Kind::Null, item.origin)))
        })
        .collect();
    value.kind = Kind::Mapping(Box::new(map));
}

/// The null values of a mapping made empty strings, keeping their origin.
fn empty_for_null(value: &mut Value) {
    if let Some(entries) = value.as_mapping_mut() {
        for entry in entries.values_mut() {
            if matches!(entry.kind, Kind::Null) {
                entry.kind = Kind::String(Default::default());
            }
        }
    }
}

/// `["KEY=VALUE", "FLAG"]` → `{KEY: VALUE, FLAG: null}`; each entry keeps
/// the origin of the list item that wrote it.
fn key_value_mapping(value: &mut Value) {
    let Kind::Sequence(items) = &value.kind else {
        return;
    };
    let mut map = Mapping::with_capacity_and_hasher(items.len(), Default::default());
    for item in items {
        let text = match &item.kind {
            Kind::String(s) => s.clone(),
            Kind::Number(n) => n.to_string().into(),
            Kind::Bool(b) => b.to_string().into(),
            _ => continue,
        };
        let (key, entry) = match text.split_once('=') {
            Some((key, val)) => (key.into(), Kind::String(val.into())),
            None => (text, Kind::Null),
        };
        map.insert(key, Value::with_origin(entry, item.origin));
    }
    value.kind = Kind::Mapping(Box::new(map));
}

/// `depends_on: [db]` → `{db: {condition: service_started, required: true}}`.
fn normalize_depends_on(value: &mut Value) {
    match &mut value.kind {
        Kind::Sequence(items) => {
            let mut map = Mapping::with_capacity_and_hasher(items.len(), Default::default());
            for item in items.iter() {
                if let Some(name) = item.as_str() {
                    let mut entry = Mapping::default();
                    entry.insert("condition".into(), Value::string("service_started"));
                    entry.insert("required".into(), Value::synthetic(Kind::Bool(true)));
                    map.insert(
                        name.into(),
                        Value::with_origin(Kind::Mapping(Box::new(entry)), item.origin),
                    );
                }
            }
            value.kind = Kind::Mapping(Box::new(map));
        }
        Kind::Mapping(map) => {
            for entry in map.values_mut() {
                if let Some(entry) = entry.as_mapping_mut() {
                    if !entry.contains_key("condition") {
                        entry.insert("condition".into(), Value::string("service_started"));
                    }
                    if !entry.contains_key("required") {
                        entry.insert("required".into(), Value::synthetic(Kind::Bool(true)));
                    }
                }
            }
        }
        _ => {}
    }
}
