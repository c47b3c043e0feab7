//! Alertmanager's label matchers (`matchers:` of routes, `source_matchers`
//! and `target_matchers` of inhibit rules), parsed as Alertmanager 0.27 and
//! later parse them by default: with the UTF-8 parser
//! (`matcher/parse`), falling back to the classic one (`pkg/labels`) when
//! that fails. A matcher list is refused only when both parsers refuse it,
//! with the classic parser's reason, as Alertmanager reports it.

/// A matcher's operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

/// One parsed matcher: label name, operator, value.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Matcher {
    name: String,
    op: Op,
    value: String,
}

/// Why Alertmanager refuses `input` as a matcher list, if it does.
pub(crate) fn refusal(input: &str) -> Option<String> {
    let utf8 = utf8_matchers(input).and_then(|list| compile(&list));
    if utf8.is_ok() {
        return None;
    }
    classic_matchers(input)
        .and_then(|list| compile(&list))
        .err()
}

/// Why Alertmanager refuses `pattern` as the value of a regular
/// expression setting (`match_re`, anchored at both ends), if it does.
pub(crate) fn regex_refusal(pattern: &str) -> Option<String> {
    super::go_regex_error(pattern)
}

/// Compiles the regular expressions of `list`, as `labels.NewMatcher` does.
fn compile(list: &[Matcher]) -> Result<(), String> {
    for m in list {
        if matches!(m.op, Op::Regex | Op::NotRegex)
            && let Some(reason) = super::go_regex_error(&m.value)
        {
            return Err(format!(
                "the regular expression of `{}` does not compile: {reason}",
                m.name
            ));
        }
    }
    Ok(())
}

/// The classic parser (`pkg/labels.ParseMatchers`): braces trimmed, split at
/// commas outside quotes, each part `name op value` with a classic label
/// name and an optionally quoted value.
fn classic_matchers(input: &str) -> Result<Vec<Matcher>, String> {
    let s = input.strip_prefix('{').unwrap_or(input);
    let s = s.strip_suffix('}').unwrap_or(s);
    let mut tokens = Vec::new();
    let (mut inside_quotes, mut escaped) = (false, false);
    let mut token = String::new();
    for c in s.chars() {
        match c {
            ',' if !inside_quotes => {
                tokens.push(std::mem::take(&mut token));
                continue;
            }
            // A comma inside quotes leaves an escape pending, as in Go.
            ',' => {}
            '"' => {
                if escaped {
                    escaped = false;
                } else {
                    inside_quotes = !inside_quotes;
                }
            }
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
        token.push(c);
    }
    if !token.trim().is_empty() {
        tokens.push(token);
    }
    tokens.iter().map(|t| classic_matcher(t)).collect()
}

fn classic_matcher(s: &str) -> Result<Matcher, String> {
    let bad = || format!("bad matcher format: {s}");
    let text = s.trim_start();
    let name_end = text
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit()))
        })
        .map_or(text.len(), |(i, _)| i);
    if name_end == 0 {
        return Err(bad());
    }
    let name = &text[..name_end];
    let rest = text[name_end..].trim_start();
    let (op, rest) = if let Some(r) = rest.strip_prefix("=~") {
        (Op::Regex, r)
    } else if let Some(r) = rest.strip_prefix("!=") {
        (Op::NotEqual, r)
    } else if let Some(r) = rest.strip_prefix("!~") {
        (Op::NotRegex, r)
    } else if let Some(r) = rest.strip_prefix('=') {
        (Op::Equal, r)
    } else {
        return Err(bad());
    };
    let raw = rest.trim();
    let quote_error = || format!("matcher value contains unescaped double quote: {raw}");
    let (body, mut expect_quote) = match raw.strip_prefix('"') {
        Some(body) => (body, true),
        None => (raw, false),
    };
    let mut value = String::new();
    let mut escaped = false;
    let last = body.char_indices().last().map(|(i, _)| i);
    for (i, c) in body.char_indices() {
        if escaped {
            escaped = false;
            match c {
                'n' => value.push('\n'),
                '"' | '\\' => value.push(c),
                _ => {
                    value.push('\\');
                    value.push(c);
                }
            }
            continue;
        }
        match c {
            '\\' if Some(i) != last => escaped = true,
            '\\' => value.push('\\'),
            '"' => {
                if !expect_quote || Some(i) != last {
                    return Err(quote_error());
                }
                expect_quote = false;
            }
            _ => value.push(c),
        }
    }
    if expect_quote {
        return Err(quote_error());
    }
    Ok(Matcher {
        name: name.to_string(),
        op,
        value,
    })
}

/// A token of the UTF-8 parser's lexer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    Comma,
    Op(Op),
    /// A double-quoted string, already unquoted.
    Text(String),
}

fn reserved(c: char) -> bool {
    c.is_whitespace() || "{}!=~,\\\"'`".contains(c)
}

fn lex(input: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            '{' => tokens.push(Token::Open),
            '}' => tokens.push(Token::Close),
            ',' => tokens.push(Token::Comma),
            '=' => {
                if chars.next_if(|&(_, c)| c == '~').is_some() {
                    tokens.push(Token::Op(Op::Regex));
                } else {
                    tokens.push(Token::Op(Op::Equal));
                }
            }
            '!' => match chars.next() {
                Some((_, '=')) => tokens.push(Token::Op(Op::NotEqual)),
                Some((_, '~')) => tokens.push(Token::Op(Op::NotRegex)),
                _ => return Err("expected `=` or `~` after `!`".into()),
            },
            '"' => {
                let mut escaped = false;
                let mut end = None;
                for (i, c) in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        end = Some(i);
                        break;
                    }
                }
                let end = end.ok_or("unterminated quoted string")?;
                tokens.push(Token::Text(go_unquote(&input[start + 1..end])?));
            }
            c if c.is_whitespace() => {}
            c if !reserved(c) => {
                let mut end = input.len();
                while let Some(&(i, c)) = chars.peek() {
                    if reserved(c) {
                        end = i;
                        break;
                    }
                    chars.next();
                }
                tokens.push(Token::Text(input[start..end].to_string()));
            }
            c => return Err(format!("invalid input `{c}`")),
        }
    }
    Ok(tokens)
}

/// The body of a Go double-quoted string literal, unescaped as
/// `strconv.Unquote` does.
fn go_unquote(body: &str) -> Result<String, String> {
    let invalid = || format!("invalid escape in \"{body}\"");
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '\n' {
            return Err(invalid());
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::str::Chars<'_>, n: usize| -> Result<u32, String> {
            let digits: String = chars.by_ref().take(n).collect();
            if digits.len() != n {
                return Err(invalid());
            }
            u32::from_str_radix(&digits, 16).map_err(|_| invalid())
        };
        match chars.next().ok_or_else(invalid)? {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            'x' => out.push(char::from_u32(hex(&mut chars, 2)?).ok_or_else(invalid)?),
            'u' => out.push(char::from_u32(hex(&mut chars, 4)?).ok_or_else(invalid)?),
            'U' => out.push(char::from_u32(hex(&mut chars, 8)?).ok_or_else(invalid)?),
            d @ '0'..='7' => {
                let rest: String = chars.by_ref().take(2).collect();
                let code = u32::from_str_radix(&format!("{d}{rest}"), 8).map_err(|_| invalid())?;
                if rest.len() != 2 || code > 255 {
                    return Err(invalid());
                }
                out.push(char::from_u32(code).ok_or_else(invalid)?);
            }
            _ => return Err(invalid()),
        }
    }
    Ok(out)
}

/// The UTF-8 parser (`matcher/parse.Matchers`): an optional `{…}`, matchers
/// separated by commas (one trailing comma allowed), each a quoted or
/// unquoted name, an operator and a quoted or unquoted value.
fn utf8_matchers(input: &str) -> Result<Vec<Matcher>, String> {
    let tokens = lex(input)?;
    let mut at = 0;
    let open = tokens.first() == Some(&Token::Open);
    if open {
        at = 1;
    }
    let mut list = Vec::new();
    loop {
        match tokens.get(at) {
            None | Some(Token::Close) => break,
            Some(Token::Text(name)) => {
                let Some(Token::Op(op)) = tokens.get(at + 1) else {
                    return Err("expected an operator".into());
                };
                let Some(Token::Text(value)) = tokens.get(at + 2) else {
                    return Err("expected a label value".into());
                };
                list.push(Matcher {
                    name: name.clone(),
                    op: *op,
                    value: value.clone(),
                });
                at += 3;
                match tokens.get(at) {
                    Some(Token::Comma) => at += 1,
                    None | Some(Token::Close) => {}
                    Some(_) => return Err("expected a comma or close brace".into()),
                }
            }
            Some(_) => return Err("expected a label name".into()),
        }
    }
    match (open, tokens.get(at)) {
        (true, Some(Token::Close)) | (false, None) => {}
        (true, _) => return Err("expected close brace".into()),
        (false, Some(_)) => return Err("expected opening brace".into()),
    }
    if at + 1 < tokens.len() && open {
        return Err("expected end of input".into());
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_alertmanager_accepts_pass() {
        for ok in [
            "alertname = Watchdog",
            r#"severity=~"warning|critical""#,
            r#"{team="a", env!="dev"}"#,
            r#"{team="a",}"#,
            "service.name=checkout",
            r#""service name"="checkout""#,
            r#"instance=~"host\d+""#,
            r#"msg="a \"quoted\" word""#,
            "",
            "{}",
        ] {
            assert_eq!(refusal(ok), None, "{ok}");
        }
    }

    #[test]
    fn matchers_both_parsers_refuse_are_found() {
        for bad in [
            "alertname Watchdog",
            r#"severity=~"(warning""#,
            r#"team="a"#,
            r#"team="a"b""#,
            "=value",
        ] {
            assert!(refusal(bad).is_some(), "{bad}");
        }
        assert_eq!(
            refusal("alertname Watchdog").as_deref(),
            Some("bad matcher format: alertname Watchdog")
        );
    }
}
