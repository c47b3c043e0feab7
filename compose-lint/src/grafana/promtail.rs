//! Promtail's configuration (the file `-config.file` names, else the
//! image's default, found through the service's container view): the
//! Loki push URLs of its `clients`.

use serde_json::Value as Json;

/// The `url` of every client of a Promtail configuration (`clients[].url`
/// and the older single `client.url`), with its pointer.
pub(crate) fn client_urls(document: &Json) -> Vec<(String, &str)> {
    let mut found = Vec::new();
    if let Some(clients) = document.get("clients").and_then(Json::as_array) {
        for (index, client) in clients.iter().enumerate() {
            if let Some(url) = client.get("url").and_then(Json::as_str) {
                found.push((format!("/clients/{index}/url"), url));
            }
        }
    }
    if let Some(url) = document
        .get("client")
        .and_then(|c| c.get("url"))
        .and_then(Json::as_str)
    {
        found.push(("/client/url".to_string(), url));
    }
    found
}
