//! Alertmanager's time intervals (`time_intervals`, and the older
//! `mute_time_intervals`), checked as Alertmanager reads them at load
//! (prometheus/alertmanager `timeinterval/timeinterval.go`): times of day
//! as `HH:MM` with the start before the end, and ranges `a:b` of weekdays,
//! days of the month, months and years with the start not after the end.

use serde_json::Value;

use crate::yaml::escape_pointer_segment;

const WEEKDAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Why Alertmanager refuses a value, at its pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    pub pointer: String,
    pub message: String,
}

/// Every value of the time intervals of the Alertmanager configuration
/// `document` that Alertmanager refuses.
pub(crate) fn refusals(document: &Value) -> Vec<Refused> {
    let mut found = Vec::new();
    for list in ["time_intervals", "mute_time_intervals"] {
        let named = document.get(list).and_then(Value::as_array);
        for (n, interval) in named.into_iter().flatten().enumerate() {
            let periods = interval.get("time_intervals").and_then(Value::as_array);
            for (p, period) in periods.into_iter().flatten().enumerate() {
                let base = format!("/{list}/{n}/time_intervals/{p}");
                check_period(period, &base, &mut found);
            }
        }
    }
    found
}

fn check_period(period: &Value, base: &str, found: &mut Vec<Refused>) {
    let mut push = |pointer: String, message: String| found.push(Refused { pointer, message });
    let times = period.get("times").and_then(Value::as_array);
    for (i, range) in times.into_iter().flatten().enumerate() {
        let pointer = format!("{base}/times/{i}");
        let text = |key: &str| range.get(key).and_then(scalar);
        match (text("start_time"), text("end_time")) {
            (Some(start), Some(end)) if !start.is_empty() && !end.is_empty() => {
                match (minutes(&start), minutes(&end)) {
                    (Err(m), _) => push(format!("{pointer}/start_time"), m),
                    (_, Err(m)) => push(format!("{pointer}/end_time"), m),
                    (Ok(s), Ok(e)) if s >= e => push(
                        format!("{pointer}/start_time"),
                        format!("start time {start} is not before end time {end}"),
                    ),
                    _ => {}
                }
            }
            _ if range.is_object() => push(
                pointer,
                "both start_time and end_time must be given".to_string(),
            ),
            _ => {}
        }
    }
    for (key, check) in [
        ("weekdays", weekdays as fn(&str) -> Result<(), String>),
        ("days_of_month", days_of_month),
        ("months", months),
        ("years", years),
    ] {
        let items = period.get(key).and_then(Value::as_array);
        for (i, item) in items.into_iter().flatten().enumerate() {
            let Some(text) = scalar(item) else {
                continue;
            };
            if let Err(message) = check(&text) {
                push(
                    format!("{base}/{}/{i}", escape_pointer_segment(key)),
                    message,
                );
            }
        }
    }
}

/// A scalar as the text yaml.v2 gives a string setting.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Minutes since midnight of `HH:MM` (00:00 to 24:00).
fn minutes(text: &str) -> Result<u32, String> {
    let invalid = || format!("`{text}` is not a time of day (`HH:MM`, 00:00 to 24:00)");
    if text == "24:00" {
        return Ok(24 * 60);
    }
    let (h, m) = text.split_once(':').ok_or_else(invalid)?;
    let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return Err(invalid());
    }
    let (h, m): (u32, u32) = (
        h.parse().map_err(|_| invalid())?,
        m.parse().map_err(|_| invalid())?,
    );
    if h > 23 || m > 59 {
        return Err(invalid());
    }
    Ok(h * 60 + m)
}

/// Splits `a:b` (or `a`, both ends the same), lower-cased, reading each end
/// with `member`.
fn range(text: &str, member: impl Fn(&str) -> Result<i64, String>) -> Result<(i64, i64), String> {
    let lower = text.to_lowercase();
    if lower.contains(':') {
        let parts: Vec<&str> = lower.split(':').collect();
        if parts.len() != 2 {
            return Err(format!("`{text}` is not a range (`start:end`)"));
        }
        Ok((member(parts[0])?, member(parts[1])?))
    } else {
        let one = member(&lower)?;
        Ok((one, one))
    }
}

fn integer(text: &str) -> Result<i64, String> {
    text.parse::<i64>()
        .map_err(|_| format!("`{text}` is not a whole number"))
}

fn weekdays(text: &str) -> Result<(), String> {
    let (begin, end) = range(text, |s| {
        WEEKDAYS
            .iter()
            .position(|d| *d == s)
            .map(|i| i as i64)
            .ok_or_else(|| format!("`{s}` is not a weekday"))
    })?;
    if begin > end {
        return Err(format!(
            "`{text}` starts after it ends: weeks run from sunday to saturday"
        ));
    }
    Ok(())
}

fn days_of_month(text: &str) -> Result<(), String> {
    let (begin, end) = range(text, integer)?;
    for day in [begin, end] {
        if day == 0 || !(-31..=31).contains(&day) {
            return Err(format!(
                "{day} is not a day of the month (1 to 31, or -31 to -1 from the end)"
            ));
        }
    }
    if begin < 0 && end > 0 {
        return Err(format!(
            "`{text}`: the end must be negative when the start is"
        ));
    }
    let at = |d: i64| if d < 0 { 28 + d } else { d };
    if at(begin) > at(end) {
        return Err(format!("`{text}`: the end is always before the start"));
    }
    Ok(())
}

fn months(text: &str) -> Result<(), String> {
    let (begin, end) = range(text, |s| match MONTHS.iter().position(|m| *m == s) {
        Some(i) => Ok(i as i64 + 1),
        None => s
            .parse::<i64>()
            .map_err(|_| format!("`{s}` is not a month")),
    })?;
    if begin > end {
        return Err(format!("`{text}`: the end month is before the start month"));
    }
    Ok(())
}

fn years(text: &str) -> Result<(), String> {
    let (begin, end) = range(text, integer)?;
    if begin > end {
        return Err(format!("`{text}`: the end year is before the start year"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn intervals_alertmanager_accepts_pass() {
        let document = json!({"time_intervals": [{"name": "office", "time_intervals": [{
            "times": [{"start_time": "09:00", "end_time": "17:30"}, {"start_time": "22:00", "end_time": "24:00"}],
            "weekdays": ["monday:friday", "Saturday"],
            "days_of_month": ["1:5", "-3:-1", 15],
            "months": ["january:march", "11", "may:12"],
            "years": ["2024:2026"],
            "location": "Europe/Berlin"
        }]}]});
        assert_eq!(refusals(&document), []);
    }

    #[test]
    fn intervals_alertmanager_refuses_are_found() {
        let document = json!({"mute_time_intervals": [{"name": "x", "time_intervals": [{
            "times": [{"start_time": "17:00", "end_time": "09:00"}, {"start_time": "9:00", "end_time": "10:00"}, {"start_time": "08:00"}],
            "weekdays": ["friday:monday", "mondays"],
            "days_of_month": ["0", "-1:5", "10:2"],
            "months": ["march:january", "janury"],
            "years": ["2026:2024"]
        }]}]});
        let pointers: Vec<String> = refusals(&document).into_iter().map(|r| r.pointer).collect();
        let base = "/mute_time_intervals/0/time_intervals/0";
        let expected: Vec<String> = [
            "times/0/start_time",
            "times/1/start_time",
            "times/2",
            "weekdays/0",
            "weekdays/1",
            "days_of_month/0",
            "days_of_month/1",
            "days_of_month/2",
            "months/0",
            "months/1",
            "years/0",
        ]
        .iter()
        .map(|p| format!("{base}/{p}"))
        .collect();
        assert_eq!(pointers, expected);
    }
}
