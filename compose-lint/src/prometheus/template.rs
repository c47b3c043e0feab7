//! Go `text/template` as Prometheus reads alert `labels` and `annotations`
//! and Alertmanager reads its notification templates: the actions between
//! `{{` and `}}`, checked for what makes the template fail to parse
//! (`promtool check rules` and `amtool check-config` report the same): an
//! action that is never closed, a control structure without its `{{end}}`
//! (or an `{{end}}` without one), a function that is not defined, a
//! variable that is not declared. Each program defines its own functions
//! and variables: a [`Dialect`].

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

/// The functions Alertmanager adds for notification templates
/// (prometheus/alertmanager `template/template.go`, `DefaultFuncs`), across
/// the 0.2x releases.
const ALERTMANAGER: [&str; 23] = [
    "toUpper",
    "toLower",
    "title",
    "trimSpace",
    "join",
    "match",
    "safeHtml",
    "safeUrl",
    "urlUnescape",
    "reReplaceAll",
    "stringSlice",
    "routeLabels",
    "date",
    "tz",
    "now",
    "since",
    "humanizeDuration",
    "toDate",
    "mustToDate",
    "toJson",
    "list",
    "append",
    "dict",
];

/// The functions and variables a program defines for its templates.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Dialect {
    functions: &'static [&'static str],
    variables: &'static [&'static str],
}

/// Prometheus's alert `labels` and `annotations`.
pub(crate) static ALERT: Dialect = Dialect {
    functions: &PROMETHEUS,
    variables: &VARIABLES,
};

/// Alertmanager's notification templates: its `templates` files and the
/// templated settings of its receivers.
pub(crate) static NOTIFICATION: Dialect = Dialect {
    functions: &ALERTMANAGER,
    variables: &["$"],
};

/// Why Go cannot parse `text`, and the byte offset of the action at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TemplateError {
    pub(crate) message: String,
    pub(crate) offset: usize,
}

/// The templates Alertmanager defines itself (`template/default.tmpl` and
/// `template/email.tmpl` of prometheus/alertmanager), across the 0.2x
/// releases: what `{{ template "…" . }}` may name without a `templates`
/// file.
pub(crate) const ALERTMANAGER_DEFAULTS: &[&str] = &[
    "__alertmanager",
    "__alertmanagerURL",
    "__subject",
    "__description",
    "__text_alert_list",
    "__text_alert_list_markdown",
    "email.default.subject",
    "email.default.html",
    "slack.default.title",
    "slack.default.username",
    "slack.default.fallback",
    "slack.default.callbackid",
    "slack.default.pretext",
    "slack.default.titlelink",
    "slack.default.iconemoji",
    "slack.default.iconurl",
    "slack.default.text",
    "slack.default.footer",
    "slack.default.color",
    "hipchat.default.from",
    "hipchat.default.message",
    "pagerduty.default.description",
    "pagerduty.default.client",
    "pagerduty.default.clientURL",
    "pagerduty.default.instances",
    "opsgenie.default.message",
    "opsgenie.default.description",
    "opsgenie.default.source",
    "wechat.default.message",
    "wechat.default.to_user",
    "wechat.default.to_party",
    "wechat.default.to_tag",
    "wechat.default.agent_id",
    "victorops.default.state_message",
    "victorops.default.entity_display_name",
    "victorops.default.monitoring_tool",
    "pushover.default.title",
    "pushover.default.message",
    "pushover.default.url",
    "sns.default.subject",
    "sns.default.message",
    "telegram.default.message",
    "discord.default.content",
    "discord.default.title",
    "discord.default.message",
    "webex.default.message",
    "msteams.default.summary",
    "msteams.default.title",
    "msteams.default.text",
    "msteamsv2.default.title",
    "msteamsv2.default.text",
    "jira.default.summary",
    "jira.default.description",
    "rocketchat.default.title",
    "rocketchat.default.alias",
    "rocketchat.default.titlelink",
    "rocketchat.default.emoji",
    "rocketchat.default.iconurl",
    "rocketchat.default.text",
    "mattermost.default.color",
    "mattermost.default.username",
    "mattermost.default.title",
    "mattermost.default.titlelink",
    "mattermost.default.fallback",
    "mattermost.default.text",
];

/// The named templates of `text`: those it defines (`{{define "x"}}`,
/// `{{block "x" .}}`) and those it invokes (`{{template "x" .}}`, with the
/// byte offset of the action). `None` when a name is not written as a
/// string literal: then what is defined cannot be known.
pub(crate) type Named<'t> = (Vec<&'t str>, Vec<(&'t str, usize)>);

pub(crate) fn named_templates(text: &str) -> Option<Named<'_>> {
    let (mut defined, mut invoked) = (Vec::new(), Vec::new());
    for action in actions(text) {
        let Action::Closed { start, inner } = action else {
            break;
        };
        let Ok(words) = tokens(inner) else {
            continue;
        };
        let keyword = words.first().copied();
        if !matches!(keyword, Some("define" | "block" | "template")) {
            continue;
        }
        let name = words.get(1).and_then(|w| {
            w.strip_prefix('"')
                .and_then(|w| w.strip_suffix('"'))
                .or_else(|| w.strip_prefix('`')?.strip_suffix('`'))
        });
        let name = name?;
        if keyword != Some("template") {
            defined.push(name);
        }
        if keyword != Some("define") {
            invoked.push((name, start));
        }
    }
    Some((defined, invoked))
}

/// An action of a template: the text between `{{` and `}}`, trimmed of
/// whitespace and of the `-` markers, with the offset of its `{{`.
enum Action<'t> {
    Closed {
        start: usize,
        inner: &'t str,
    },
    /// A `{{` never closed: the last action.
    Unclosed {
        start: usize,
    },
}

/// The actions of `text`, in order. The `}}` that closes an action is the
/// first one outside a quoted string (`"…"`, `` `…` ``, `'…'`).
fn actions(text: &str) -> impl Iterator<Item = Action<'_>> {
    let mut rest = Some(0);
    std::iter::from_fn(move || {
        let from = rest?;
        let start = from + text[from..].find("{{")?;
        let Some(end) = closing(text, start + 2) else {
            rest = None;
            return Some(Action::Unclosed { start });
        };
        rest = Some(end + 2);
        let inner = text[start + 2..end]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        Some(Action::Closed { start, inner })
    })
}

/// The byte range of the action that opens at `start` (its `{{`) up to
/// and including its `}}`, or to the end of `text` when it is never closed.
pub(crate) fn action_span(text: &str, start: usize) -> std::ops::Range<usize> {
    start..closing(text, start + 2).map_or(text.len(), |end| end + 2)
}

/// The byte offset of the `}}` closing an action whose text starts at
/// `from`, skipping quoted strings.
fn closing(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = from;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) if c == b'\\' && q != b'`' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'`' || c == b'\'' => quote = Some(c),
            None if c == b'}' && bytes.get(i + 1) == Some(&b'}') => return Some(i),
            None => {}
        }
        i += 1;
    }
    None
}

/// Checks `text` as a template of `dialect`.
pub(crate) fn check(text: &str, dialect: &Dialect) -> Option<TemplateError> {
    let fail = |offset: usize, message: String| Some(TemplateError { message, offset });
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut declared: Vec<String> = Vec::new();
    for action in actions(text) {
        let (start, inner) = match action {
            Action::Closed { start, inner } => (start, inner),
            Action::Unclosed { start } => {
                return fail(
                    start,
                    "unclosed action: `{{` is never closed by `}}`".to_string(),
                );
            }
        };
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
                if !dialect.variables.contains(&variable.as_str()) && !declared.contains(&variable)
                {
                    return fail(start, format!("undefined variable `{variable}`"));
                }
            } else if is_identifier(word)
                && !is_keyword(word)
                && !BUILTINS.contains(word)
                && !dialect.functions.contains(word)
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
    use super::{ALERT, NOTIFICATION, check};

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
            assert_eq!(check(ok, &ALERT), None, "{ok}");
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
            ("{{ \"open }}", "never closed"),
        ] {
            let error = check(bad, &ALERT).unwrap_or_else(|| panic!("accepted: {bad}"));
            assert!(error.message.contains(what), "{bad}: {}", error.message);
        }
    }

    #[test]
    fn notification_templates_know_alertmanager_functions() {
        let text = r#"{{ define "slack.team.text" }}{{ range .Alerts }}{{ .Annotations.summary | toUpper }} since {{ .StartsAt | since | humanizeDuration }}{{ end }}{{ end }}"#;
        assert_eq!(check(text, &NOTIFICATION), None);
        let error = check("{{ $value | humanize }}", &NOTIFICATION).expect("refused");
        assert!(error.message.contains("`$value`"), "{}", error.message);
        let error = check("{{ .CommonLabels | tojson }}", &NOTIFICATION).expect("refused");
        assert!(error.message.contains("`tojson`"), "{}", error.message);
    }

    #[test]
    fn named_templates_are_found() {
        let text = r#"{{ define "a" }}x{{ template "b" . }}{{ end }}{{- block "c" . -}}{{ end }}"#;
        let (defined, invoked) = super::named_templates(text).expect("literal names");
        assert_eq!(defined, ["a", "c"]);
        let names: Vec<&str> = invoked.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["b", "c"]);
    }

    #[test]
    fn quoted_braces_do_not_close_an_action() {
        assert_eq!(
            check(r#"{{ reReplaceAll "}}" "" .Value }}"#, &NOTIFICATION),
            None
        );
        let (defined, _) = super::named_templates("{{ define `x` }}y{{ end }}").expect("literal");
        assert_eq!(defined, ["x"]);
        assert!(super::named_templates("{{ template .Name . }}").is_none());
    }
}
