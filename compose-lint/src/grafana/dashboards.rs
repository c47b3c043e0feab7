//! Grafana's dashboard provisioning: the files Grafana reads from
//! `/etc/grafana/provisioning/dashboards` (or `$GF_PATHS_PROVISIONING`),
//! found through the service's container view. Each provider names the
//! directory Grafana loads dashboards from (`options.path`).

use serde_json::Value as Json;

/// The directory a dashboard provider reads, with its pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ProviderPath<'a> {
    /// The pointer of `options.path` in the document.
    pub pointer: String,
    pub name: Option<&'a str>,
    /// The container path, as written.
    pub path: &'a str,
}

/// The `options.path` of every file provider of a provisioning document:
/// `providers` of the current format, or the list of the old one (no
/// `apiVersion`, the document itself a list of providers). Paths that are
/// not absolute, or that use a variable Grafana expands from its
/// environment (`$VAR`, `${VAR}`), are left out: where they point is not
/// known here.
pub(crate) fn provider_paths(document: &Json) -> Vec<ProviderPath<'_>> {
    let (list, base) = match document {
        Json::Array(list) => (list, ""),
        _ => match document.get("providers").and_then(Json::as_array) {
            Some(list) => (list, "/providers"),
            None => return Vec::new(),
        },
    };
    list.iter()
        .enumerate()
        .filter(|(_, provider)| {
            provider
                .get("type")
                .and_then(Json::as_str)
                .is_none_or(|kind| kind == "file")
        })
        .filter_map(|(i, provider)| {
            let path = provider
                .get("options")
                .and_then(|options| options.get("path"))
                .and_then(Json::as_str)?;
            if !path.starts_with('/') || path.contains('$') {
                return None;
            }
            Some(ProviderPath {
                pointer: format!("{base}/{i}/options/path"),
                name: provider.get("name").and_then(Json::as_str),
                path,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn providers_give_their_paths() {
        let document = json!({
            "apiVersion": 1,
            "providers": [
                {"name": "default", "type": "file", "options": {"path": "/var/lib/grafana/dashboards"}},
                {"name": "untyped", "options": {"path": "/etc/dashboards/team"}},
                {"name": "env", "options": {"path": "$DASHBOARDS"}},
                {"name": "braced", "options": {"path": "${GF_PATHS_DATA}/dashboards"}},
                {"name": "relative", "options": {"path": "dashboards"}},
                {"name": "no-options"},
                {"name": "other", "type": "sql", "options": {"path": "/x"}}
            ]
        });
        assert_eq!(
            provider_paths(&document),
            [
                ProviderPath {
                    pointer: "/providers/0/options/path".to_string(),
                    name: Some("default"),
                    path: "/var/lib/grafana/dashboards",
                },
                ProviderPath {
                    pointer: "/providers/1/options/path".to_string(),
                    name: Some("untyped"),
                    path: "/etc/dashboards/team",
                },
            ]
        );
    }

    #[test]
    fn the_old_format_is_a_list_of_providers() {
        let document = json!([
            {"name": "old", "folder": "", "options": {"path": "/dashboards"}}
        ]);
        let found = provider_paths(&document);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/0/options/path");
        assert_eq!(found[0].path, "/dashboards");
    }

    #[test]
    fn other_documents_give_nothing() {
        assert!(provider_paths(&json!({"datasources": []})).is_empty());
        assert!(provider_paths(&json!("text")).is_empty());
        assert!(provider_paths(&json!({"providers": {"path": "/x"}})).is_empty());
    }
}
