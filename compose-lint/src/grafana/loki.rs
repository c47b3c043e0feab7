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

/// What Loki refuses in `schema_config` at start
/// (grafana/loki `pkg/storage/config/schema_config.go`, `Validate`): each
/// period's `from` a `YYYY-MM-DD` date, later than the one before; its
/// `schema` one of v9 to v14; its index `period` a multiple of 24h, and
/// exactly 24h on the `tsdb` store. Each with the pointer of the value.
pub(crate) fn schema_refusals(document: &Json) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let Some(configs) = document
        .get("schema_config")
        .and_then(|s| s.get("configs"))
        .and_then(Json::as_array)
    else {
        return found;
    };
    let mut previous: Option<(u32, u32, u32)> = None;
    for (i, period) in configs.iter().enumerate() {
        let at = |key: &str| format!("/schema_config/configs/{i}/{key}");
        if let Some(from) = period.get("from").and_then(Json::as_str) {
            match date(from.trim()) {
                None => found.push((
                    at("from"),
                    format!("`{from}` is not a date in `YYYY-MM-DD` form"),
                )),
                Some(day) => {
                    if previous.is_some_and(|p| p >= day) {
                        found.push((
                            at("from"),
                            "`from` dates must increase from one period to the next".to_string(),
                        ));
                    }
                    previous = Some(day);
                }
            }
        }
        if let Some(schema) = scalar(period.get("schema")) {
            let number = schema.trim_matches('v').parse::<u32>().ok();
            if !number.is_some_and(|n| (9..=14).contains(&n)) && !schema.contains("${") {
                found.push((
                    at("schema"),
                    format!("`{schema}` is not a schema version Loki supports (v9 to v14)"),
                ));
            }
        }
        let period_text = period
            .get("index")
            .and_then(|index| index.get("period"))
            .and_then(Json::as_str);
        if let Some(text) = period_text
            && let Some(hours) = whole_hours(text)
        {
            let tsdb = period.get("store").and_then(Json::as_str) == Some("tsdb");
            let message = if tsdb && hours != 24 {
                Some(format!(
                    "the `tsdb` store needs an index period of `24h`, not `{text}`"
                ))
            } else if hours % 24 != 0 {
                Some(format!(
                    "the index period `{text}` is not a multiple of 24h"
                ))
            } else {
                None
            };
            if let Some(message) = message {
                found.push((format!("/schema_config/configs/{i}/index/period"), message));
            }
        }
    }
    found
}

fn scalar(value: Option<&Json>) -> Option<String> {
    match value? {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Year, month and day of a `YYYY-MM-DD` date Go's `time.Parse` accepts.
fn date(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// A Go duration that is a whole number of hours (`24h`, `168h`, `1440m`);
/// `None` for anything else, which the value checks report.
fn whole_hours(text: &str) -> Option<u64> {
    if !crate::shape::go_duration(text) || text.starts_with('-') {
        return None;
    }
    let nanos = crate::prometheus::duration::parse(text)?;
    let hour = 3_600_000;
    (nanos % hour == 0).then_some(nanos / hour)
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

    #[test]
    fn schema_config_loki_refuses_is_found() {
        let document = serde_json::json!({"schema_config": {"configs": [
            {"from": "2024-01-01", "store": "tsdb", "schema": "v13", "index": {"period": "24h"}},
            {"from": "2023-06-01", "store": "tsdb", "schema": "v8", "index": {"period": "168h"}},
            {"from": "2025-02-30", "store": "boltdb-shipper", "schema": "v12", "index": {"period": "36h"}},
        ]}});
        let pointers: Vec<String> = schema_refusals(&document)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(
            pointers,
            [
                "/schema_config/configs/1/from",
                "/schema_config/configs/1/schema",
                "/schema_config/configs/1/index/period",
                "/schema_config/configs/2/from",
                "/schema_config/configs/2/index/period",
            ]
        );
        let fine = serde_json::json!({"schema_config": {"configs": [
            {"from": "2020-10-24", "store": "boltdb-shipper", "schema": "v11", "index": {"period": "168h"}},
            {"from": "2024-04-01", "store": "tsdb", "schema": "v13", "index": {"period": "24h"}},
        ]}});
        assert!(schema_refusals(&fine).is_empty());
    }
}
