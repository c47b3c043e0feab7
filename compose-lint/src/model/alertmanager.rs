//! Alertmanager's configuration as the rules read it: the route tree, the
//! receivers and their integrations, the time intervals, the inhibit rules.

use serde_json::Value;

use crate::location::FileId;
use crate::project::Project;
use crate::sources::FileKind;

/// An Alertmanager configuration that parsed as a mapping.
#[derive(Clone, Debug)]
pub struct AlertmanagerFile<'a> {
    pub file: FileId,
    /// `global`, or null.
    pub global: &'a Value,
    /// Every route, depth first from the root `route`.
    pub routes: Vec<Route<'a>>,
    pub receivers: Vec<Receiver<'a>>,
    /// The names of `time_intervals` and of the older `mute_time_intervals`.
    pub time_interval_names: Vec<&'a str>,
    /// The deprecated matcher keys of each inhibit rule, with its pointer.
    pub inhibit_deprecated: Vec<(String, &'static str, &'static str)>,
    /// Every matcher list entry and `*match_re` value of the routes and
    /// inhibit rules.
    pub matching: Vec<Matching<'a>>,
}

/// A string Alertmanager parses to match alerts' labels.
#[derive(Clone, Debug)]
pub struct Matching<'a> {
    pub pointer: String,
    pub text: &'a str,
    pub form: MatchForm,
}

/// How Alertmanager reads a [`Matching`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchForm {
    /// An entry of `matchers`, `source_matchers` or `target_matchers`: one
    /// or more matchers (`severity=~"warn|crit"`).
    Matchers,
    /// A value of `match_re`, `source_match_re` or `target_match_re`: a
    /// regular expression, anchored.
    Regex,
}

/// The matchers (`key` a list) or regular expressions (`key` a mapping) of
/// `node` under `key`, at `pointer`.
fn matching<'a>(node: &'a Value, pointer: &str, key: &str, out: &mut Vec<Matching<'a>>) {
    match node.get(key) {
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                if let Some(text) = item.as_str() {
                    out.push(Matching {
                        pointer: format!("{pointer}/{key}/{index}"),
                        text,
                        form: MatchForm::Matchers,
                    });
                }
            }
        }
        Some(Value::Object(map)) => {
            for (label, value) in map {
                if let Some(text) = value.as_str() {
                    out.push(Matching {
                        pointer: format!(
                            "{pointer}/{key}/{}",
                            crate::yaml::escape_pointer_segment(label)
                        ),
                        text,
                        form: MatchForm::Regex,
                    });
                }
            }
        }
        _ => {}
    }
}

/// One route of the tree.
#[derive(Clone, Debug)]
pub struct Route<'a> {
    /// `/route`, `/route/routes/0`, …
    pub pointer: String,
    /// The route's mapping.
    pub node: &'a Value,
    /// `receiver`, as written.
    pub receiver: Option<&'a Value>,
    /// `group_by`'s string entries.
    pub group_by: Vec<&'a str>,
    /// The names `mute_time_intervals` and `active_time_intervals` use,
    /// each with its key and index.
    pub time_intervals: Vec<(&'static str, usize, &'a str)>,
    /// `match` and `match_re`, when written, with the key replacing them.
    pub deprecated: Vec<(&'static str, &'static str)>,
}

/// One entry of `receivers`.
#[derive(Clone, Debug)]
pub struct Receiver<'a> {
    pub index: usize,
    pub name: Option<&'a str>,
    /// Each integration: its list (`email_configs`…), index and node.
    pub integrations: Vec<(&'static str, usize, &'a Value)>,
}

/// The integrations of a receiver (the `<integration>_configs` lists of
/// Alertmanager's `docs/configuration.md`, across the 0.2x releases).
const INTEGRATIONS: [&str; 18] = [
    "email_configs",
    "slack_configs",
    "pagerduty_configs",
    "webhook_configs",
    "opsgenie_configs",
    "telegram_configs",
    "msteams_configs",
    "msteamsv2_configs",
    "discord_configs",
    "pushover_configs",
    "victorops_configs",
    "wechat_configs",
    "sns_configs",
    "webex_configs",
    "jira_configs",
    "rocketchat_configs",
    "incidentio_configs",
    "mattermost_configs",
];

impl<'a> AlertmanagerFile<'a> {
    pub(crate) fn of(project: &'a Project, file: FileId) -> Option<Self> {
        let loaded = project.file(file)?;
        if loaded.kind != FileKind::Alertmanager {
            return None;
        }
        let document = loaded.yaml.clean_document()?;
        let map = document.as_object()?;
        let names = |key: &str| -> Vec<&'a str> {
            map.get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|entry| entry.get("name")?.as_str())
                .collect()
        };
        let receivers = map
            .get("receivers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(index, receiver)| Receiver {
                index,
                name: receiver.get("name").and_then(Value::as_str),
                integrations: INTEGRATIONS
                    .iter()
                    .flat_map(|list| {
                        receiver
                            .get(*list)
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                            .enumerate()
                            .map(move |(i, node)| (*list, i, node))
                    })
                    .collect(),
            })
            .collect();
        let mut inhibit_deprecated = Vec::new();
        let routes = routes(map.get("route"));
        let mut found = Vec::new();
        for route in &routes {
            matching(route.node, &route.pointer, "matchers", &mut found);
            matching(route.node, &route.pointer, "match_re", &mut found);
        }
        for (index, rule) in map
            .get("inhibit_rules")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            for (key, new) in [
                ("source_match", "source_matchers"),
                ("source_match_re", "source_matchers"),
                ("target_match", "target_matchers"),
                ("target_match_re", "target_matchers"),
            ] {
                let pointer = format!("/inhibit_rules/{index}");
                if key.ends_with("_re") {
                    matching(rule, &pointer, key, &mut found);
                    matching(rule, &pointer, new, &mut found);
                }
                if rule.get(key).is_some() {
                    inhibit_deprecated.push((format!("/inhibit_rules/{index}/{key}"), key, new));
                }
            }
        }
        let mut time_interval_names = names("time_intervals");
        time_interval_names.extend(names("mute_time_intervals"));
        Some(Self {
            file,
            global: map.get("global").unwrap_or(&Value::Null),
            routes,
            receivers,
            time_interval_names,
            inhibit_deprecated,
            matching: found,
        })
    }

    /// The receivers' names.
    pub fn receiver_names(&self) -> Vec<&'a str> {
        self.receivers.iter().filter_map(|r| r.name).collect()
    }
}

/// Every route of the tree under `root`, depth first.
fn routes(root: Option<&Value>) -> Vec<Route<'_>> {
    let mut found = Vec::new();
    let Some(root) = root.filter(|r| r.is_object()) else {
        return found;
    };
    let mut stack = vec![("/route".to_string(), root)];
    while let Some((pointer, route)) = stack.pop() {
        if let Some(children) = route.get("routes").and_then(Value::as_array) {
            for (index, child) in children.iter().enumerate().rev() {
                if child.is_object() {
                    stack.push((format!("{pointer}/routes/{index}"), child));
                }
            }
        }
        let mut time_intervals = Vec::new();
        for key in ["mute_time_intervals", "active_time_intervals"] {
            for (index, name) in route
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                if let Some(name) = name.as_str() {
                    time_intervals.push((key, index, name));
                }
            }
        }
        found.push(Route {
            receiver: route.get("receiver"),
            group_by: route
                .get("group_by")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect(),
            time_intervals,
            deprecated: [("match", "matchers"), ("match_re", "matchers")]
                .into_iter()
                .filter(|(key, _)| route.get(*key).is_some())
                .collect(),
            pointer,
            node: route,
        });
    }
    found
}
