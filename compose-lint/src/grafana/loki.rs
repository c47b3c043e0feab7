//! Loki's configuration (the file `-config.file` names, else the image's
//! default, found through the service's container view): the Alertmanager
//! URLs its ruler sends alerts to.

use serde_json::Value as Json;

/// Each URL of `ruler.alertmanager_url` (a comma-separated list), with the
/// pointer of the value it is written in.
pub(crate) fn alertmanager_urls(document: &Json) -> Vec<(String, &str)> {
    document
        .get("ruler")
        .and_then(|ruler| ruler.get("alertmanager_url"))
        .and_then(Json::as_str)
        .map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|url| !url.is_empty())
                .map(|url| ("/ruler/alertmanager_url".to_string(), url))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_url_of_the_list_is_read() {
        let document = serde_json::json!({
            "ruler": {"alertmanager_url": "http://am-1:9093, http://am-2:9093"}
        });
        let urls: Vec<&str> = alertmanager_urls(&document)
            .into_iter()
            .map(|(_, url)| url)
            .collect();
        assert_eq!(urls, ["http://am-1:9093", "http://am-2:9093"]);
    }
}
