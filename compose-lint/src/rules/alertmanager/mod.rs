//! Rules about Alertmanager's configuration, as `amtool check-config`
//! reads it: the route tree, the receivers it names, the time intervals.

pub(crate) mod alertmanager_group_by_invalid;
pub(crate) mod alertmanager_matchers_deprecated;
pub(crate) mod alertmanager_receiver_duplicate;
pub(crate) mod alertmanager_receiver_incomplete;
pub(crate) mod alertmanager_receiver_undefined;
pub(crate) mod alertmanager_time_interval_undefined;

use serde_json::Value as Json;

use crate::project::LoadedFile;
use crate::sources::FileKind;

/// The document of an Alertmanager configuration that parsed as a mapping.
fn config(file: &LoadedFile) -> Option<&Json> {
    if file.kind != FileKind::Alertmanager || !file.yaml.is_clean() {
        return None;
    }
    let document = &file.yaml.documents.first()?.value;
    document.is_object().then_some(document)
}

/// Every route of the tree, with its JSON pointer: the root `route`, then
/// its `routes`, depth first.
fn routes(document: &Json) -> Vec<(String, &Json)> {
    let mut found = Vec::new();
    let Some(root) = document.get("route").filter(|r| r.is_object()) else {
        return found;
    };
    let mut stack = vec![("/route".to_string(), root)];
    while let Some((pointer, route)) = stack.pop() {
        if let Some(children) = route.get("routes").and_then(Json::as_array) {
            for (index, child) in children.iter().enumerate().rev() {
                if child.is_object() {
                    stack.push((format!("{pointer}/routes/{index}"), child));
                }
            }
        }
        found.push((pointer, route));
    }
    found
}

/// The names of the entries of the list `key` (`receivers`,
/// `time_intervals`), each with its pointer.
fn names<'a>(document: &'a Json, key: &str) -> Vec<(String, &'a str)> {
    document
        .get(key)
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, entry)| {
            Some((format!("/{key}/{index}/name"), entry.get("name")?.as_str()?))
        })
        .collect()
}
