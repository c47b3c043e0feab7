//! Scalar resolution as compose-go reads it.
//!
//! Compose loads files with go-yaml v3 into untyped maps, so a plain scalar
//! becomes what go-yaml's resolver makes of it: YAML 1.2 `true`/`false` and
//! `null` spellings, Go integer literals (including the YAML 1.1 octal `0755`,
//! which go-yaml still reads as 493 and which matters for `mode:` fields),
//! underscores ignored in numbers, and everything else a string. YAML 1.1
//! booleans such as `yes` and `on` stay strings, as in compose-go.

use serde_json::{Number, Value};

use super::tree::{Scalar, ScalarStyle};

/// Resolves one scalar written with `tag` (short form, e.g. `!!str`).
pub fn resolve(scalar: &Scalar, tag: Option<&str>) -> Value {
    let text = scalar.text.as_str();
    match tag {
        None if scalar.style == ScalarStyle::Plain => resolve_plain(text),
        Some("!!null" | "!!bool" | "!!int" | "!!float") => resolve_plain(text),
        // Quoted and block scalars, `!!str`, `!!binary`, the non-specific `!`
        // and custom tags such as `!reset` are strings to go-yaml.
        _ => Value::String(text.to_string()),
    }
}

/// Resolves a plain (unquoted, untagged) scalar.
pub fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return Value::String(text.to_string());
    }
    if is_timestamp(text) {
        // go-yaml makes a time value of it; as text it survives unchanged.
        return Value::String(text.to_string());
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(number) = parse_go_integer(&plain) {
        return Value::Number(number);
    }
    if let Some(float) = parse_yaml_float(&plain) {
        // Infinities and NaN have no JSON form: keep the text the user wrote.
        return Number::from_f64(float)
            .map_or_else(|| Value::String(text.to_string()), Value::Number);
    }
    Value::String(text.to_string())
}

/// Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint` for larger values:
/// `0x`, `0o` and `0b` prefixes, and a leading `0` meaning octal.
fn parse_go_integer(text: &str) -> Option<Number> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (digits, radix) = match unsigned.get(..2) {
        Some("0x" | "0X") => (&unsigned[2..], 16),
        Some("0o" | "0O") => (&unsigned[2..], 8),
        Some("0b" | "0B") => (&unsigned[2..], 2),
        _ if unsigned.len() > 1 && unsigned.starts_with('0') => (&unsigned[1..], 8),
        _ => (unsigned, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if negative {
        let value = 0i64.checked_sub_unsigned(magnitude)?;
        Some(Number::from(value))
    } else {
        Some(Number::from(magnitude))
    }
}

/// go-yaml's float forms: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
/// plus the `.inf`/`.nan` spellings.
fn parse_yaml_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match fraction {
        None => !whole.is_empty() && digits(whole),
        Some(fraction) if whole.is_empty() => !fraction.is_empty() && digits(fraction),
        Some(fraction) => digits(whole) && digits(fraction),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    if mantissa_ok && exponent_ok {
        text.parse().ok()
    } else {
        None
    }
}

/// `2001-12-14`, `2001-12-14t21:59:43.10-05:00` and the like: four digits
/// then a dash is where go-yaml starts trying timestamp layouts.
fn is_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 8 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plain(text: &str) -> Value {
        resolve_plain(text)
    }

    #[test]
    fn yaml_1_1_booleans_stay_strings() {
        for text in ["yes", "no", "on", "off", "y", "n", "Off"] {
            assert_eq!(plain(text), json!(text), "{text}");
        }
        assert_eq!(plain("True"), json!(true));
        assert_eq!(plain("FALSE"), json!(false));
    }

    #[test]
    fn integers_follow_go_literals() {
        assert_eq!(plain("0755"), json!(493));
        assert_eq!(plain("0o755"), json!(493));
        assert_eq!(plain("0x1F"), json!(31));
        assert_eq!(plain("0b101"), json!(5));
        assert_eq!(plain("1_000"), json!(1000));
        assert_eq!(plain("-42"), json!(-42));
        assert_eq!(plain("+7"), json!(7));
        assert_eq!(
            plain("18446744073709551615"),
            json!(18_446_744_073_709_551_615u64)
        );
    }

    #[test]
    fn invalid_octal_digits_fall_back_to_float_like_go_yaml() {
        assert_eq!(plain("08"), json!(8.0));
    }

    #[test]
    fn floats_and_specials() {
        assert_eq!(plain("1.5"), json!(1.5));
        assert_eq!(plain(".5"), json!(0.5));
        assert_eq!(plain("1e3"), json!(1000.0));
        assert_eq!(plain(".inf"), json!(".inf"));
        assert_eq!(plain("1.2.3"), json!("1.2.3"));
    }

    #[test]
    fn nulls_and_strings() {
        for text in ["", "~", "null", "NULL"] {
            assert_eq!(plain(text), Value::Null, "{text}");
        }
        assert_eq!(plain("12:30"), json!("12:30"));
        assert_eq!(plain("8080:80"), json!("8080:80"));
        assert_eq!(plain("2024-01-02"), json!("2024-01-02"));
        assert_eq!(plain("-"), json!("-"));
    }

    #[test]
    fn tags_decide_before_style() {
        let quoted = Scalar {
            text: "0755".into(),
            style: ScalarStyle::DoubleQuoted,
        };
        assert_eq!(resolve(&quoted, None), json!("0755"));
        let tagged = Scalar {
            text: "123".into(),
            style: ScalarStyle::Plain,
        };
        assert_eq!(resolve(&tagged, Some("!!str")), json!("123"));
        assert_eq!(resolve(&tagged, Some("!reset")), json!("123"));
        assert_eq!(resolve(&tagged, None), json!(123));
    }
}
