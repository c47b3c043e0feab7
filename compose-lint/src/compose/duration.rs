//! Go durations (`time.ParseDuration`), as Compose reads `interval`,
//! `timeout` and the other healthcheck timings.

use std::time::Duration;

/// Parses a Go duration such as `1m30s`, `500ms` or `0`. Negative
/// durations, and text Go would refuse, give `None`.
pub(crate) fn parse(text: &str) -> Option<Duration> {
    let (negative, nanos) = read(text).ok()?;
    if negative || !nanos.is_finite() || nanos > u64::MAX as f64 {
        return None;
    }
    Some(Duration::from_nanos(nanos.round() as u64))
}

/// Reads Go's `time.ParseDuration` grammar: `[-+]` then `0`, or numbers
/// each followed by a unit. Gives the sign and the length in nanoseconds;
/// `Err` says what is wrong when there is more to say than "not a
/// duration".
pub(crate) fn read(text: &str) -> Result<(bool, f64), Option<String>> {
    let negative = text.starts_with('-');
    let mut rest = text.strip_prefix(['-', '+']).unwrap_or(text);
    if rest == "0" {
        return Ok((negative, 0.0));
    }
    if rest.is_empty() {
        return Err(None);
    }
    let mut total = 0f64;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(None);
        }
        let value: f64 = number.parse().map_err(|_| None)?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        let nanos_per_unit = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err(Some(format!("`{number}` has no unit"))),
            _ => return Err(Some(format!("`{unit}` is not a unit of time"))),
        };
        total += value * nanos_per_unit;
        rest = &rest[unit_len..];
    }
    Ok((negative, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_durations() {
        assert_eq!(parse("0"), Some(Duration::ZERO));
        assert_eq!(parse("30s"), Some(Duration::from_secs(30)));
        assert_eq!(parse("1m30s"), Some(Duration::from_secs(90)));
        assert_eq!(parse("1h"), Some(Duration::from_secs(3600)));
        assert_eq!(parse("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(parse("10us"), Some(Duration::from_micros(10)));
        assert_eq!(parse("10µs"), Some(Duration::from_micros(10)));
        assert_eq!(parse("7ns"), Some(Duration::from_nanos(7)));
        assert_eq!(parse("+2m"), Some(Duration::from_secs(120)));
    }

    #[test]
    fn refuses_what_go_refuses_and_negatives() {
        for text in ["", "s", "10", "1d", "1.2.3s", "-5s", "abc", "5 s", "."] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
