//! Prometheus configuration files: the ones compose services mount
//! (`discover`), what they scrape (`targets`), and what Prometheus accepts,
//! as data the `prometheus` rules share. Files are the project's
//! [`FileKind::Prometheus`] files; values are read from their converted
//! JSON and reported by JSON pointer, so every finding has its line and
//! column.

pub(crate) mod alertmanager;
pub(crate) mod alertmanager_keys;
pub(crate) mod blackbox_keys;
pub(crate) mod duration;
pub(crate) mod files;
pub(crate) mod http_client_keys;
pub(crate) mod matchers;
pub(crate) mod rule_files;
pub(crate) mod schema;
pub(crate) mod targets;
pub(crate) mod template;
pub(crate) mod time_interval;

use serde_json::Value;

use crate::sources::{FileKind, LoadedFile};
use crate::yaml::escape_pointer_segment;

/// The configuration of a Prometheus file (a configuration or a scrape
/// config file it includes): its one document, when it is a mapping that
/// parsed cleanly. Multi-document files are not configurations Prometheus
/// loads, so they are left alone.
pub(crate) fn config(file: &LoadedFile) -> Option<&Value> {
    let kinds = [FileKind::Prometheus, FileKind::PrometheusScrapeConfigs];
    if !kinds.contains(&file.kind) || !file.yaml.is_clean() {
        return None;
    }
    match file.yaml.documents.as_slice() {
        [doc] if doc.value().is_object() => Some(doc.value()),
        _ => None,
    }
}

/// The text of a scalar as Prometheus reads it into a string.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `base` extended by one segment.
pub(crate) fn child(base: &str, segment: &str) -> String {
    format!("{base}/{}", escape_pointer_segment(segment))
}

/// The scrape configurations of a configuration, each with its pointer.
pub(crate) fn scrape_configs(config: &Value) -> Vec<(String, &Value)> {
    let mut jobs = Vec::new();
    if let Some(list) = config.get("scrape_configs").and_then(Value::as_array) {
        for (i, job) in list.iter().enumerate() {
            if job.is_object() {
                jobs.push((format!("/scrape_configs/{i}"), job));
            }
        }
    }
    jobs
}

/// True for label names Prometheus accepts under its legacy validation:
/// `[a-zA-Z_][a-zA-Z0-9_]*`.
pub(crate) fn is_legacy_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// True when `object` (or else `fallback`) asks for legacy name validation
/// (`metric_name_validation_scheme: legacy`).
pub(crate) fn legacy(object: Option<&Value>, fallback: bool) -> bool {
    match object
        .and_then(|o| o.get("metric_name_validation_scheme"))
        .and_then(Value::as_str)
    {
        Some("legacy") => true,
        Some("utf8") => false,
        _ => fallback,
    }
}

/// True when the relabel config or label set at `pointer` of `config` is
/// validated with legacy names: its scrape config's scheme, else the one of
/// `global` (the main file's, for an included scrape config file).
pub(crate) fn legacy_at(config: &Value, global: Option<&Value>, pointer: &str) -> bool {
    let global = legacy(global, false);
    let job = pointer
        .strip_prefix("/scrape_configs/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|index| index.parse::<usize>().ok())
        .and_then(|index| config.get("scrape_configs")?.get(index));
    match job {
        Some(job) => legacy(Some(job), global),
        None => global,
    }
}

/// The content of a Prometheus rule file: its one document, when it parsed
/// cleanly.
pub(crate) fn rule_file(file: &LoadedFile) -> Option<&Value> {
    if file.kind != FileKind::PrometheusRules || !file.yaml.is_clean() {
        return None;
    }
    match file.yaml.documents.as_slice() {
        [doc] => Some(doc.value()),
        _ => None,
    }
}

/// The rule groups of a rule file, each with its pointer.
pub(crate) fn rule_groups(rules: &Value) -> Vec<(String, &serde_json::Map<String, Value>)> {
    rules
        .get("groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, g)| Some((format!("/groups/{i}"), g.as_object()?)))
        .collect()
}

/// The rules of a group, each with its pointer.
pub(crate) fn group_rules<'a>(
    pointer: &str,
    group: &'a serde_json::Map<String, Value>,
) -> Vec<(String, &'a serde_json::Map<String, Value>)> {
    group
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, r)| Some((format!("{pointer}/rules/{i}"), r.as_object()?)))
        .collect()
}

/// Why Go's `regexp.Compile` refuses `pattern` anchored as Prometheus and
/// Alertmanager anchor it (`^(?:pattern)$`), if it does. Rust's regex and
/// Go's RE2 disagree at the edges (`a{,5}` and `\Q…\E` are fine in Go), so
/// only the errors both make are reported.
pub(crate) fn go_regex_error(pattern: &str) -> Option<String> {
    // Each distinct pattern is compiled once per process: a configuration
    // of thousands of jobs repeats the same few relabelling patterns.
    static SEEN: std::sync::LazyLock<
        std::sync::Mutex<std::collections::HashMap<String, Option<String>>>,
    > = std::sync::LazyLock::new(Default::default);
    if let Ok(seen) = SEEN.lock()
        && let Some(known) = seen.get(pattern)
    {
        return known.clone();
    }
    let verdict = compile_verdict(pattern);
    if let Ok(mut seen) = SEEN.lock() {
        if seen.len() >= 10_000 {
            seen.clear();
        }
        seen.insert(pattern.to_string(), verdict.clone());
    }
    verdict
}

fn compile_verdict(pattern: &str) -> Option<String> {
    let error = regex::Regex::new(&format!("^(?:{pattern})$")).err()?;
    let reason = match &error {
        regex::Error::Syntax(detail) => detail
            .lines()
            .rev()
            .find(|l| l.starts_with("error:"))
            .map(|l| l.trim_start_matches("error:").trim().to_string())
            .unwrap_or_else(|| "invalid syntax".to_string()),
        _ => return None,
    };
    const SHARED: [&str; 5] = [
        "unclosed group",
        "unopened group",
        "unclosed character class",
        "invalid character class range",
        "repetition operator missing expression",
    ];
    // Go takes a `{` that starts no valid repeat count as a literal, and a
    // `[` inside a class as a character, where Rust refuses both: those
    // two errors count only when neither can be the cause.
    let unescaped = |c: char| {
        let mut escaped = false;
        pattern.chars().any(|ch| {
            let hit = ch == c && !escaped;
            escaped = ch == '\\' && !escaped;
            hit
        })
    };
    if reason.starts_with("repetition operator missing expression") && unescaped('{') {
        return None;
    }
    if reason.starts_with("unclosed character class") && pattern.matches('[').count() > 1 {
        return None;
    }
    SHARED
        .iter()
        .any(|s| reason.starts_with(s))
        .then_some(reason)
}
