//! Grafana's datasource provisioning: the files Grafana reads from
//! `/etc/grafana/provisioning/datasources` (or `$GF_PATHS_PROVISIONING`),
//! found through the service's container view.

use serde_json::Value as Json;

/// A datasource URL of a provisioning file, with its pointer.
pub(crate) struct DatasourceUrl<'a> {
    pub pointer: String,
    pub name: Option<&'a str>,
    pub url: &'a str,
}

/// The `url` of every datasource in a provisioning document that Grafana
/// dials itself: `access: direct` URLs are dialled by the browser.
pub(crate) fn datasource_urls(document: &Json) -> Vec<DatasourceUrl<'_>> {
    let Some(list) = document.get("datasources").and_then(Json::as_array) else {
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .filter(|(_, source)| source.get("access").and_then(Json::as_str) != Some("direct"))
        .filter_map(|(i, source)| {
            Some(DatasourceUrl {
                pointer: format!("/datasources/{i}/url"),
                name: source.get("name").and_then(Json::as_str),
                url: source.get("url").and_then(Json::as_str)?,
            })
        })
        .collect()
}
