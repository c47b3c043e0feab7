//! Go `text/template` as Prometheus reads alert `labels` and `annotations`:
//! the actions between `{{` and `}}`, checked for what makes the template
//! fail to parse (`promtool check rules` reports the same): an action that
//! is never closed, a control structure without its `{{end}}` (or an
//! `{{end}}` without one), a function that is not defined, a variable that
//! is not declared.

/// Go's own template functions.
const BUILTINS: [&str; 19] = [
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];

/// The functions Prometheus adds for alert and console templates
/// (prometheus/prometheus `template/template.go`, and
/// `docs/configuration/template_reference.md`), across the 2.x and 3.x
/// releases.
const PROMETHEUS: [&str; 29] = [
    "query",
    "first",
    "label",
    "value",
    "strvalue",
    "sortByLabel",
    "humanize",
    "humanize1024",
    "humanizeDuration",
    "humanizePercentage",
    "humanizeTimestamp",
    "toTime",
    "toDuration",
    "parseDuration",
    "title",
    "toUpper",
    "toLower",
    "match",
    "reReplaceAll",
    "graphLink",
    "tableLink",
    "args",
    "tmpl",
    "safeHtml",
    "pathPrefix",
    "externalURL",
    "stripPort",
    "stripDomain",
    "now",
];

/// The variables Prometheus defines for an alert template.
const VARIABLES: [&str; 4] = ["$", "$labels", "$value", "$externalLabels"];

/// Why Go cannot parse `text`, and the byte offset of the action at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TemplateError {
    pub(crate) message: String,
    pub(crate) offset: usize,
}

/// Checks `text` as an alert template.
pub(crate) fn check(text: &str) -> Option<TemplateError> {
    let fail = |offset: usize, message: String| Some(TemplateError { message, offset });
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut declared: Vec<String> = Vec::new();
    let mut rest = 0;
    while let Some(found) = text[rest..].find("{{") {
        let start = rest + found;
        let Some(length) = text[start + 2..].find("}}") else {
            return fail(
                start,
                "unclosed action: `{{` is never closed by `}}`".to_string(),
            );
        };
        let end = start + 2 + length;
        rest = end + 2;
        let inner = text[start + 2..end]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        if inner.starts_with("/*") {
            if !inner.ends_with("*/") {
                return fail(start, "unclosed comment".to_string());
            }
            continue;
        }
        let words = match tokens(inner) {
            Ok(words) => words,
            Err(message) => return fail(start, message),
        };
        let Some(first) = words.first().copied() else {
            return fail(
                start,
                "missing value for command: `{{}}` is empty".to_string(),
            );
        };
        match first {
            "if" | "range" | "with" | "define" | "block" => open.push((first, start)),
            "end" => {
                if open.pop().is_none() {
                    return fail(start, "unexpected `{{end}}`: nothing is open".to_string());
                }
                continue;
            }
            "else" if open.is_empty() => {
                return fail(start, "unexpected `{{else}}`: nothing is open".to_string());
            }
            _ => {}
        }
        // `$x := …`, `range $i, $x := …`: the variables before `:=` (or
        // `=`) are declared by this action.
        let assign = words.iter().position(|w| *w == ":=" || *w == "=");
        if let Some(assign) = assign {
            for word in &words[..assign] {
                if let Some(name) = word.strip_prefix('$') {
                    declared.push(format!("${name}"));
                }
            }
        }
        for word in &words[assign.map_or(0, |a| a + 1)..] {
            if let Some(name) = word.strip_prefix('$') {
                let variable = format!("${}", name.split('.').next().unwrap_or_default());
                if !VARIABLES.contains(&variable.as_str()) && !declared.contains(&variable) {
                    return fail(start, format!("undefined variable `{variable}`"));
                }
            } else if is_identifier(word)
                && !is_keyword(word)
                && !BUILTINS.contains(word)
                && !PROMETHEUS.contains(word)
            {
                return fail(start, format!("function `{word}` is not defined"));
            }
        }
    }
    if let Some((keyword, start)) = open.pop() {
        return fail(
            start,
            format!("`{{{{{keyword}}}}}` is never closed by `{{{{end}}}}`"),
        );
    }
    None
}

/// The words of an action: quoted strings and raw strings kept whole, `(`
/// `)` `|` and `,` apart.
fn tokens(inner: &str) -> Result<Vec<&str>, String> {
    let mut words = Vec::new();
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        match c {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= bytes.len() {
                    return Err("unterminated quoted string".to_string());
                }
                i += 1;
            }
            b'`' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'`' {
                    i += 1;
                }
                if i >= bytes.len() {
                    return Err("unterminated raw quoted string".to_string());
                }
                i += 1;
            }
            b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(bytes.len());
            }
            b'(' | b')' | b'|' | b',' => i += 1,
            _ => {
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !matches!(bytes[i], b'(' | b')' | b'|' | b',' | b'"' | b'`')
                {
                    i += 1;
                }
            }
        }
        words.push(&inner[start..i]);
    }
    Ok(words)
}

/// A bare identifier: what Go takes for a function name.
fn is_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "if" | "else"
            | "end"
            | "range"
            | "with"
            | "define"
            | "block"
            | "template"
            | "break"
            | "continue"
            | "true"
            | "false"
            | "nil"
    )
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn valid_templates() {
        for ok in [
            "{{ $labels.instance }} is down",
            "{{ $value | humanize }}% used on {{ $labels.device }}",
            "{{- if gt $value 0.9 -}}critical{{- else -}}warning{{- end -}}",
            "{{ range $i, $s := query \"up\" }}{{ $s.Labels.job }}{{ end }}",
            "{{ with query \"up\" }}{{ . | first | value | humanize }}{{ end }}",
            "{{/* a comment */}}plain",
            "{{ printf \"%.2f\" $value }} and {{ $externalLabels.cluster }}",
            "{{ $x := 1 }}{{ $x }}",
            "no actions at all",
            "{{ .Labels.instance }} {{ .Value }}",
        ] {
            assert_eq!(check(ok), None, "{ok}");
        }
    }

    #[test]
    fn broken_templates() {
        for (bad, what) in [
            ("{{ $labels.instance ", "unclosed action"),
            ("{{ .Value | nosuchfunc }}", "`nosuchfunc` is not defined"),
            ("{{ if $value }}high", "never closed"),
            ("done{{ end }}", "unexpected `{{end}}`"),
            ("{{ $lables.instance }}", "undefined variable `$lables`"),
            ("{{ humanise $value }}", "`humanise` is not defined"),
            ("{{ \"open }}", "unterminated quoted string"),
        ] {
            let error = check(bad).unwrap_or_else(|| panic!("accepted: {bad}"));
            assert!(error.message.contains(what), "{bad}: {}", error.message);
        }
    }
}
