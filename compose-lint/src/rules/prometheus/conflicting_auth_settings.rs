use serde_json::{Map, Value};

use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::config;
use crate::prometheus::schema::{Event, walk};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports HTTP client settings (of a scrape config, an Alertmanager,
    /// `remote_write` or `remote_read`) that authenticate in more than one
    /// way: `bearer_token` with `bearer_token_file`, more than one of
    /// `basic_auth`, `authorization` and `oauth2`, a bearer token beside
    /// one of them, a secret given twice inside one of them (`password` and
    /// `password_file`, `credentials` and `credentials_file`,
    /// `client_secret` and `client_secret_file`), and `authorization` with
    /// `type: Basic`.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the whole configuration (`at most one of
    /// basic_auth, oauth2 & authorization must be configured`): it does not
    /// start, or keeps the old configuration on a reload. Usually a
    /// credential was moved to a file and the inline one was left behind.
    ///
    /// ## Example
    /// ```yaml
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     bearer_token: s3cr3t
    ///     bearer_token_file: /run/secrets/api-token
    ///     static_configs:
    ///       - targets: ["api:8000"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: api
    ///     authorization:
    ///       credentials_file: /run/secrets/api-token
    ///     static_configs:
    ///       - targets: ["api:8000"]
    /// ```
    pub(crate) struct ConflictingAuthSettings {
        name: "conflicting-auth-settings",
        family: Prometheus,
        severity: Error,
        summary: "HTTP client settings that authenticate in more than one way",
    }
}

/// True when `key` is set: present, not null, not an empty string.
fn is_set(map: &Map<String, Value>, key: &str) -> bool {
    match map.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

impl Rule for ConflictingAuthSettings {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = config(file) else {
            return;
        };
        for event in walk(config, file.kind) {
            let Event::Object {
                pointer,
                value,
                object,
            } = event
            else {
                continue;
            };
            // The objects that hold the HTTP client settings.
            if object.field("bearer_token_file").is_none() {
                continue;
            }
            check(file, &pointer, value, cx);
        }
    }
}

fn check(file: &LoadedFile, pointer: &str, client: &Map<String, Value>, cx: &mut Context<'_>) {
    let key = |name: &str| Location::key(file.id, format!("{pointer}/{name}"));
    let refused = |error: &str| format!("Prometheus refuses the configuration: `{error}`");
    let mut conflict = |first: &str, second: &str, error: &str, help: &str| {
        cx.report(
            Finding::new(
                key(second),
                format!("`{second}` cannot be set together with `{first}`"),
            )
            .primary_label("second way to authenticate")
            .label(key(first), "first set here")
            .help(help.to_string())
            .note(refused(error)),
        );
    };
    let token = is_set(client, "bearer_token");
    let token_file = is_set(client, "bearer_token_file");
    if token && token_file {
        conflict(
            "bearer_token",
            "bearer_token_file",
            "at most one of bearer_token & bearer_token_file must be configured",
            "keep one; a token in a file is better written as `authorization: {credentials_file: …}`",
        );
    }
    let bearer = if token {
        Some("bearer_token")
    } else if token_file {
        Some("bearer_token_file")
    } else {
        None
    };
    let methods: Vec<&str> = ["basic_auth", "authorization", "oauth2"]
        .into_iter()
        .filter(|m| client.get(*m).is_some_and(|v| !v.is_null()))
        .collect();
    if let (Some(bearer), Some(method)) = (bearer, methods.first()) {
        conflict(
            bearer,
            method,
            "at most one of basic_auth, oauth2 & authorization must be configured",
            "remove the bearer token, or the other way of authenticating",
        );
    }
    if let [first, second, ..] = methods.as_slice() {
        conflict(
            first,
            second,
            "at most one of basic_auth, oauth2 & authorization must be configured",
            "keep one way of authenticating",
        );
    }
    let twice: [(&str, &[&str]); 4] = [
        ("basic_auth", &["username", "username_file", "username_ref"]),
        ("basic_auth", &["password", "password_file", "password_ref"]),
        (
            "authorization",
            &["credentials", "credentials_file", "credentials_ref"],
        ),
        (
            "oauth2",
            &["client_secret", "client_secret_file", "client_secret_ref"],
        ),
    ];
    for (section, keys) in twice {
        let Some(inner) = client.get(section).and_then(Value::as_object) else {
            continue;
        };
        let set: Vec<&str> = keys.iter().copied().filter(|k| is_set(inner, k)).collect();
        if let [first, second, ..] = set.as_slice() {
            let at = |name: &str| Location::key(file.id, format!("{pointer}/{section}/{name}"));
            cx.report(
                Finding::new(
                    at(second),
                    format!("`{section}` sets both `{first}` and `{second}`"),
                )
                .primary_label("given again here")
                .label(at(first), "first given here")
                .help("keep one of them")
                .note(refused(&format!(
                    "at most one of {section} {} must be configured",
                    keys.join(", ")
                ))),
            );
        }
    }
    if let Some(kind) = client
        .get("authorization")
        .and_then(|a| a.get("type"))
        .and_then(Value::as_str)
        && kind.eq_ignore_ascii_case("basic")
    {
        cx.report(
            Finding::new(
                Location::value(file.id, format!("{pointer}/authorization/type")),
                "`authorization` cannot use the `Basic` type",
            )
            .help("write `basic_auth: {username: …, password_file: …}` instead")
            .note(refused(
                "authorization type cannot be set to \"basic\", use \"basic_auth\" instead",
            )),
        );
    }
}
