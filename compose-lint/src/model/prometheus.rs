//! Prometheus configurations, typed: each scrape config with where its
//! fields are written in its file.

use serde_json::{Map, Value};

use super::{At, InFile};
use crate::location::FileId;
use crate::project::Project;
use crate::sources::FileKind;

/// A Prometheus configuration, or a file of scrape configs one includes
/// (`scrape_config_files`), whose document is one mapping without YAML
/// problems.
#[derive(Clone, Debug)]
pub struct PrometheusFile<'a> {
    pub file: FileId,
    /// `FileKind::Prometheus` or `FileKind::PrometheusScrapeConfigs`.
    pub kind: FileKind,
    /// The document.
    pub node: &'a Value,
    /// `global`, when it is a mapping.
    pub global: Option<InFile<'a, &'a Map<String, Value>>>,
    /// `global.external_labels`, as written.
    pub external_labels: Option<InFile<'a, &'a Value>>,
    pub scrape_configs: Vec<ScrapeConfig<'a>>,
}

/// One entry of `scrape_configs` that is a mapping.
#[derive(Clone, Debug)]
pub struct ScrapeConfig<'a> {
    /// The whole entry, at `/scrape_configs/N`.
    pub entry: InFile<'a, &'a Map<String, Value>>,
    /// `job_name` as Prometheus reads it: a string, or a number or boolean
    /// as text; `None` when missing or null, `Some` of `None` when it is
    /// something else (a list, a mapping).
    pub job_name: Option<InFile<'a, Option<String>>>,
    pub metrics_path: Option<InFile<'a, &'a str>>,
    pub scheme: Option<InFile<'a, &'a str>>,
    /// `scrape_interval` and `scrape_timeout`, as written.
    pub scrape_interval: Option<InFile<'a, &'a Value>>,
    pub scrape_timeout: Option<InFile<'a, &'a Value>>,
    /// The `targets` of each `static_configs` entry that are strings.
    pub static_targets: Vec<InFile<'a, &'a str>>,
    /// The `static_configs` entries.
    pub static_configs: Vec<TargetGroup<'a>>,
    /// `params.module`: the exporter modules the job asks for (blackbox).
    pub modules: Vec<InFile<'a, &'a str>>,
    /// The fixed address a relabelling writes to `__address__` (the
    /// exporter every target is sent to), when one does.
    pub address_replacement: Option<&'a str>,
    /// Every service discovery entry (`<kind>_sd_configs`) that is a
    /// mapping.
    pub sd_configs: Vec<SdConfig<'a>>,
}

/// One service discovery entry of a scrape config.
#[derive(Clone, Debug)]
pub struct SdConfig<'a> {
    /// `azure`, `kubernetes`, `ec2`…: the key without `_sd_configs`.
    pub kind: &'a str,
    /// Its JSON pointer in the file.
    pub pointer: String,
    pub node: &'a Map<String, Value>,
}

/// A group of targets with their labels: an entry of `static_configs`, or
/// of a file that `file_sd_configs` names.
#[derive(Clone, Debug)]
pub struct TargetGroup<'a> {
    /// The `targets` that are strings.
    pub targets: Vec<InFile<'a, &'a str>>,
    /// `labels`, as written.
    pub labels: Option<InFile<'a, &'a Value>>,
}

impl<'a> TargetGroup<'a> {
    fn of(file: FileId, group: &'a Value, at: At<'a>) -> Self {
        let targets = group
            .get("targets")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(t, target)| {
                Some(InFile::new(
                    target.as_str()?,
                    file,
                    target,
                    at.key("targets").index(t),
                ))
            })
            .collect();
        Self {
            targets,
            labels: written(group, file, at, "labels"),
        }
    }
}

/// A file of target groups that a `file_sd_configs` entry names (JSON or
/// YAML), whose document reads cleanly.
#[derive(Clone, Debug)]
pub struct TargetFile<'a> {
    pub file: FileId,
    /// The list's entries.
    pub groups: Vec<TargetGroup<'a>>,
}

impl<'a> TargetFile<'a> {
    pub(crate) fn of(project: &'a Project, file: FileId) -> Option<Self> {
        let loaded = project.file(file)?;
        if loaded.kind != FileKind::PrometheusTargets || !loaded.yaml.is_clean() {
            return None;
        }
        let document = loaded.yaml.documents.first()?;
        let groups = document
            .value()
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(g, group)| TargetGroup::of(file, group, At::root().index(g)))
            .collect();
        Some(Self { file, groups })
    }
}

impl<'a> PrometheusFile<'a> {
    /// The configuration file `file` of `project`, when it is one that
    /// reads cleanly.
    pub(crate) fn of(project: &'a Project, file: FileId) -> Option<Self> {
        let loaded = project.file(file)?;
        let node = crate::prometheus::config(loaded)?;
        let root = At::root();
        let global = node.get("global").and_then(|global| {
            Some(InFile::new(
                global.as_object()?,
                file,
                global,
                root.key("global"),
            ))
        });
        let scrape_configs = node
            .get("scrape_configs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(index, entry)| {
                ScrapeConfig::of(file, entry, root.key("scrape_configs").index(index))
            })
            .collect();
        let external_labels = node
            .get("global")
            .and_then(|global| written(global, file, root.key("global"), "external_labels"));
        Some(Self {
            file,
            kind: loaded.kind,
            node,
            global,
            external_labels,
            scrape_configs,
        })
    }
}

impl<'a> ScrapeConfig<'a> {
    fn of(file: FileId, node: &'a Value, at: At<'a>) -> Option<Self> {
        let map = node.as_object()?;
        let string = |key: &'static str| {
            let value = map.get(key)?;
            Some(InFile::new(value.as_str()?, file, value, at.key(key)))
        };
        let job_name = map.get("job_name").filter(|v| !v.is_null()).map(|value| {
            let text = match value {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            };
            InFile::new(text, file, value, at.key("job_name"))
        });
        let static_configs: Vec<TargetGroup<'a>> = map
            .get("static_configs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(g, group)| TargetGroup::of(file, group, at.key("static_configs").index(g)))
            .collect();
        let static_targets = static_configs
            .iter()
            .flat_map(|group| group.targets.iter().copied())
            .collect();
        Some(Self {
            entry: InFile::new(map, file, node, at),
            job_name,
            metrics_path: string("metrics_path"),
            scheme: string("scheme"),
            scrape_interval: written(node, file, at, "scrape_interval"),
            scrape_timeout: written(node, file, at, "scrape_timeout"),
            static_targets,
            static_configs,
            modules: map
                .get("params")
                .and_then(|p| p.get("module"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
                .filter_map(|(i, m)| {
                    Some(InFile::new(
                        m.as_str()?,
                        file,
                        m,
                        at.key("params").key("module").index(i),
                    ))
                })
                .collect(),
            sd_configs: map
                .iter()
                .filter_map(|(key, value)| {
                    Some((key.strip_suffix("_sd_configs")?, value.as_array()?))
                })
                .flat_map(|(kind, entries)| {
                    entries
                        .iter()
                        .enumerate()
                        .filter_map(move |(index, entry)| {
                            Some(SdConfig {
                                kind,
                                pointer: format!("{}/{kind}_sd_configs/{index}", at.pointer()),
                                node: entry.as_object()?,
                            })
                        })
                })
                .collect(),
            address_replacement: map
                .get("relabel_configs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|rc| rc.get("target_label").and_then(Value::as_str) == Some("__address__"))
                .filter_map(|rc| rc.get("replacement")?.as_str())
                .rfind(|r| !r.contains('$')),
        })
    }
}

/// A Prometheus rule file whose document reads cleanly.
#[derive(Clone, Debug)]
pub struct RuleFile<'a> {
    pub file: FileId,
    /// The `groups` entries that are mappings.
    pub groups: Vec<RuleGroup<'a>>,
}

/// A group of a rule file.
#[derive(Clone, Debug)]
pub struct RuleGroup<'a> {
    /// The whole entry, at `/groups/N`.
    pub entry: InFile<'a, &'a Map<String, Value>>,
    /// `name`, when a string.
    pub name: Option<InFile<'a, &'a str>>,
    /// The `rules` entries that are mappings.
    pub rules: Vec<PromRule<'a>>,
}

/// A recording or alerting rule.
#[derive(Clone, Debug)]
pub struct PromRule<'a> {
    /// The whole entry, at `/groups/N/rules/M`.
    pub entry: InFile<'a, &'a Map<String, Value>>,
    /// `record` or `alert`, whichever is written (`record` first), with
    /// its value when a string.
    pub kind: Option<RuleKind<'a>>,
    /// `expr` as text, when a string or a number.
    pub expr: Option<InFile<'a, String>>,
    /// `labels`, as written.
    pub labels: Option<InFile<'a, &'a Value>>,
    /// `annotations`, as written.
    pub annotations: Option<InFile<'a, &'a Value>>,
}

/// What a rule is named by.
#[derive(Clone, Copy, Debug)]
pub enum RuleKind<'a> {
    /// `record`, with its name when a string.
    Record(InFile<'a, Option<&'a str>>),
    /// `alert`, with its name when a string.
    Alert(InFile<'a, Option<&'a str>>),
}

impl<'a> RuleFile<'a> {
    /// The rule file `file` of `project`, when it reads cleanly.
    pub(crate) fn of(project: &'a Project, file: FileId) -> Option<Self> {
        let content = crate::prometheus::rule_file(project.file(file)?)?;
        let root = At::root();
        let groups = content
            .get("groups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(g, node)| {
                let map = node.as_object()?;
                let at = root.key("groups").index(g);
                let rules = map
                    .get("rules")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .filter_map(|(r, node)| PromRule::of(file, node, at.key("rules").index(r)))
                    .collect();
                Some(RuleGroup {
                    entry: InFile::new(map, file, node, at),
                    name: map
                        .get("name")
                        .and_then(|n| Some(InFile::new(n.as_str()?, file, n, at.key("name")))),
                    rules,
                })
            })
            .collect();
        Some(Self { file, groups })
    }
}

impl<'a> PromRule<'a> {
    fn of(file: FileId, node: &'a Value, at: At<'a>) -> Option<Self> {
        let map = node.as_object()?;
        let named = |key: &'static str| {
            let value = map.get(key)?;
            Some(InFile::new(value.as_str(), file, value, at.key(key)))
        };
        let kind = match named("record") {
            Some(record) => Some(RuleKind::Record(record)),
            None => named("alert").map(RuleKind::Alert),
        };
        let expr = map.get("expr").and_then(|value| {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return None,
            };
            Some(InFile::new(text, file, value, at.key("expr")))
        });
        Some(Self {
            entry: InFile::new(map, file, node, at),
            kind,
            expr,
            labels: written(node, file, at, "labels"),
            annotations: written(node, file, at, "annotations"),
        })
    }
}

/// The value at `key` of `parent`, as written.
fn written<'a>(
    parent: &'a Value,
    file: FileId,
    at: At<'a>,
    key: &'static str,
) -> Option<InFile<'a, &'a Value>> {
    let value = parent.get(key)?;
    Some(InFile::new(value, file, value, at.key(key)))
}
