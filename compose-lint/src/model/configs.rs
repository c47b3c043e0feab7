//! Small typed readings of the other configurations the services run:
//! Loki's active schema, a blackbox exporter's modules.

use serde_json::Value;

/// Loki's active schema: the last entry of `schema_config.configs`.
#[derive(Clone, Copy, Debug)]
pub struct LokiSchema<'a> {
    /// The entry's index in `schema_config.configs`.
    pub index: usize,
    pub schema: Option<&'a str>,
    pub store: Option<&'a str>,
    /// `limits_config.allow_structured_metadata`, when written as a bool.
    pub structured_metadata: Option<bool>,
}

/// The active schema of the Loki configuration `document`.
pub fn loki_active_schema(document: &Value) -> Option<LokiSchema<'_>> {
    let configs = document.get("schema_config")?.get("configs")?.as_array()?;
    let index = configs.len().checked_sub(1)?;
    let entry = &configs[index];
    Some(LokiSchema {
        index,
        schema: entry.get("schema").and_then(Value::as_str),
        store: entry.get("store").and_then(Value::as_str),
        structured_metadata: document
            .get("limits_config")
            .and_then(|l| l.get("allow_structured_metadata"))
            .and_then(Value::as_bool),
    })
}

/// The module names of the blackbox exporter configuration `document`.
pub fn blackbox_modules(document: &Value) -> Option<Vec<&str>> {
    Some(
        document
            .get("modules")?
            .as_object()?
            .keys()
            .map(String::as_str)
            .collect(),
    )
}

/// A `develop.watch` entry's `action` and `target`, when strings.
pub fn watch_action(entry: &crate::compose::value::Value) -> (Option<&str>, Option<&str>) {
    (
        entry
            .get("action")
            .and_then(crate::compose::value::Value::as_str),
        entry
            .get("target")
            .and_then(crate::compose::value::Value::as_str),
    )
}
