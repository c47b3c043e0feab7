//! Rules about Alertmanager's configuration, as `amtool check-config`
//! reads it: the route tree, the receivers it names, the time intervals.

pub(crate) mod alertmanager_group_by_invalid;
pub(crate) mod alertmanager_invalid_value;
pub(crate) mod alertmanager_matcher_invalid;
pub(crate) mod alertmanager_matchers_deprecated;
pub(crate) mod alertmanager_receiver_duplicate;
pub(crate) mod alertmanager_receiver_incomplete;
pub(crate) mod alertmanager_receiver_undefined;
pub(crate) mod alertmanager_route_invalid;
pub(crate) mod alertmanager_template_invalid;
pub(crate) mod alertmanager_template_undefined;
pub(crate) mod alertmanager_time_interval_invalid;
pub(crate) mod alertmanager_time_interval_undefined;
pub(crate) mod alertmanager_unknown_field;

use serde_json::Value;

use crate::location::Location;
use crate::rules::Finding;
use crate::yaml::escape_pointer_segment;

/// A name a route uses that nothing defines: `what` (`receiver`, `time
/// interval`) `name` at `at`, with the closest defined name as the help,
/// else `define`.
fn undefined(at: Location, what: &str, name: &str, known: &[&str], define: String) -> Finding {
    let finding = Finding::new(at, format!("{what} `{name}` is not defined"))
        .primary_label(format!("no {what} of this name"))
        .note(format!(
            "Alertmanager refuses the configuration: `undefined {what} \"{name}\" used in route`"
        ));
    match crate::compose::schema::closest(name, known.iter().copied()) {
        Some(close) => finding.help(format!("did you mean `{close}`?")),
        None => finding.help(define),
    }
}

/// Every string of a receiver's integrations with an action (`{{`) in it,
/// with its pointer: the settings Alertmanager expands as templates when
/// it sends a notification. `http_config` is left out: its secrets and
/// URLs are not templates.
fn templated_settings<'a>(config: &crate::model::AlertmanagerFile<'a>) -> Vec<(String, &'a str)> {
    fn walk<'a>(node: &'a Value, pointer: String, found: &mut Vec<(String, &'a str)>) {
        match node {
            Value::String(text) if text.contains("{{") => found.push((pointer, text)),
            Value::Object(map) => {
                for (key, child) in map.iter().filter(|(key, _)| *key != "http_config") {
                    walk(
                        child,
                        format!("{pointer}/{}", escape_pointer_segment(key)),
                        found,
                    );
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, format!("{pointer}/{i}"), found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for receiver in &config.receivers {
        for (list, index, node) in &receiver.integrations {
            let base = format!("/receivers/{}/{list}/{index}", receiver.index);
            walk(node, base, &mut found);
        }
    }
    found
}
