//! Alertmanager's configuration (the file `--config.file` names, else the
//! image's default, found through the service's container view): the
//! webhook URLs its receivers post alerts to.

use serde_json::Value as Json;

/// A webhook URL of a receiver, with its pointer and the receiver's name.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Webhook<'a> {
    pub pointer: String,
    pub receiver: Option<&'a str>,
    pub url: &'a str,
}

/// The `url` of every `webhook_configs` entry of every receiver; entries
/// that read the URL from a file (`url_file`) are left out.
pub(crate) fn webhook_urls(document: &Json) -> Vec<Webhook<'_>> {
    let Some(receivers) = document.get("receivers").and_then(Json::as_array) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (r, receiver) in receivers.iter().enumerate() {
        let Some(webhooks) = receiver.get("webhook_configs").and_then(Json::as_array) else {
            continue;
        };
        for (w, webhook) in webhooks.iter().enumerate() {
            if let Some(url) = webhook.get("url").and_then(Json::as_str) {
                found.push(Webhook {
                    pointer: format!("/receivers/{r}/webhook_configs/{w}/url"),
                    receiver: receiver.get("name").and_then(Json::as_str),
                    url,
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhooks_of_every_receiver_are_found() {
        let document = serde_json::json!({
            "receivers": [
                {"name": "null"},
                {"name": "hooks", "webhook_configs": [
                    {"url": "http://relay:5001/alerts"},
                    {"url_file": "/etc/alertmanager/url"}
                ]}
            ]
        });
        assert_eq!(
            webhook_urls(&document),
            [Webhook {
                pointer: "/receivers/1/webhook_configs/0/url".to_string(),
                receiver: Some("hooks"),
                url: "http://relay:5001/alerts",
            }]
        );
    }
}
