//! Prometheus durations (`model.Duration` of the Prometheus common library):
//! an integer and a unit, repeated, with units from largest to smallest,
//! each at most once: `y`, `w`, `d`, `h`, `m`, `s`, `ms`. `0` alone needs no
//! unit. There are no fractions, no signs and no `us`/`ns`.

/// Units and their length in milliseconds, largest first.
const UNITS: [(&str, u64); 7] = [
    ("y", 365 * 24 * 3_600_000),
    ("w", 7 * 24 * 3_600_000),
    ("d", 24 * 3_600_000),
    ("h", 3_600_000),
    ("m", 60_000),
    ("s", 1_000),
    ("ms", 1),
];

/// The duration `text` stands for, in milliseconds; `None` when Prometheus
/// refuses it.
pub(crate) fn parse(text: &str) -> Option<u64> {
    if text == "0" {
        return Some(0);
    }
    let mut rest = text;
    let mut total: u64 = 0;
    let mut next_unit = 0;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let number: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(|b| !b.is_ascii_digit()).count();
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let position = UNITS[next_unit..].iter().position(|(u, _)| *u == unit)?;
        let (_, millis) = UNITS[next_unit + position];
        next_unit += position + 1;
        total = total.checked_add(number.checked_mul(millis)?)?;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn accepts_prometheus_durations() {
        assert_eq!(parse("0"), Some(0));
        assert_eq!(parse("15s"), Some(15_000));
        assert_eq!(parse("1m30s"), Some(90_000));
        assert_eq!(parse("1h0m"), Some(3_600_000));
        assert_eq!(parse("500ms"), Some(500));
        assert_eq!(parse("2w1d"), Some(15 * 86_400_000));
        assert_eq!(parse("1y"), Some(365 * 86_400_000));
    }

    #[test]
    fn refuses_the_rest() {
        for text in [
            "", "15", "1.5s", "-1h", "10us", "5ns", "1s1m", "1m1m", "1 m", "m", "1M",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
