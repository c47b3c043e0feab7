use serde_json::Value;

use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a route tree Alertmanager refuses: a configuration without a
    /// `route`; a root route with `continue`, with matchers (`matchers`,
    /// `match`, `match_re`), or with `mute_time_intervals` or
    /// `active_time_intervals`; and a `group_interval` or
    /// `repeat_interval` of zero on any route.
    ///
    /// ## Why is this bad?
    /// The root route is the fallback for every alert, so Alertmanager
    /// refuses the configuration (`root route must not have any
    /// matchers`, `cannot have continue in root route`, `repeat_interval
    /// cannot be zero`): the container does not start, and a reload keeps
    /// the old routing. Matchers meant for the root usually belong on a
    /// child route.
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: team
    ///   matchers: ['severity="critical"']
    ///   repeat_interval: 0s
    /// receivers:
    ///   - name: team
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: team
    ///   repeat_interval: 4h
    ///   routes:
    ///     - receiver: team
    ///       matchers: ['severity="critical"']
    /// receivers:
    ///   - name: team
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    pub(crate) struct AlertmanagerRouteInvalid {
        name: "alertmanager-route-invalid",
        family: Alertmanager,
        severity: Error,
        summary: "an Alertmanager route tree Alertmanager refuses (root route with matchers or continue, zero intervals, no route)",
    }
}

/// True when `value` is set: not null, not false (Alertmanager reads the
/// YAML 1.1 words `no`, `off`, `n` as false too), not an empty list or
/// mapping.
fn set(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::String(word)) => {
            !word.is_empty() && crate::shape::yaml11_bool(word) != Some(false)
        }
        Some(Value::Array(items)) => !items.is_empty(),
        Some(Value::Object(map)) => !map.is_empty(),
        Some(_) => true,
    }
}

impl Rule for AlertmanagerRouteInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = cx.stack().alertmanager_file(file.id) else {
            return;
        };
        let Some(document) = file.yaml.clean_document() else {
            return;
        };
        let note = "Alertmanager refuses the configuration at start and on reload";
        let mut findings = Vec::new();
        match document.get("route").filter(|r| r.is_object()) {
            None if document.get("route").is_none_or(Value::is_null) => findings.push(
                Finding::new(
                    Location::key(file.id, ""),
                    "the configuration has no `route`",
                )
                .help("add a root `route:` with a default `receiver`")
                .note(format!("{note}: `no route provided in config`")),
            ),
            None => {}
            Some(root) => {
                for (key, says) in [
                    ("continue", "cannot have continue in root route"),
                    ("matchers", "root route must not have any matchers"),
                    ("match", "root route must not have any matchers"),
                    ("match_re", "root route must not have any matchers"),
                    (
                        "mute_time_intervals",
                        "root route must not have any mute time intervals",
                    ),
                    (
                        "active_time_intervals",
                        "root route must not have any active time intervals",
                    ),
                ] {
                    if set(root.get(key)) {
                        findings.push(
                            Finding::new(
                                Location::key(file.id, format!("/route/{key}")),
                                format!("the root route cannot have `{key}`"),
                            )
                            .primary_label("on the root route")
                            .help("the root route catches every alert: move this to a child route under `routes`")
                            .note(format!("{note}: `{says}`")),
                        );
                    }
                }
            }
        }
        for route in &config.routes {
            for key in ["group_interval", "repeat_interval"] {
                let zero = route
                    .node
                    .get(key)
                    .and_then(Value::as_str)
                    .and_then(crate::prometheus::duration::parse)
                    == Some(0)
                    || route.node.get(key).and_then(Value::as_u64) == Some(0);
                if zero {
                    findings.push(
                        Finding::new(
                            Location::value(file.id, format!("{}/{key}", route.pointer)),
                            format!("`{key}` cannot be zero"),
                        )
                        .primary_label("zero")
                        .help(format!(
                            "give `{key}` a positive duration, or remove it to inherit the parent's"
                        ))
                        .note(format!("{note}: `{key} cannot be zero`")),
                    );
                }
            }
        }
        for finding in findings {
            cx.report(finding);
        }
    }
}
