use serde_json::{Map, Value};

use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a service discovery entry (`<kind>_sd_configs`) of a
    /// Prometheus scrape config that Prometheus refuses when it loads the
    /// configuration: two settings that exclude each other
    /// (`bearer_token` and `bearer_token_file`; more than one of
    /// `basic_auth`, `authorization` and `oauth2`; Kubernetes'
    /// `kubeconfig_file` with `api_server` or `namespaces.own_namespace`;
    /// Marathon's `auth_token` and `auth_token_file`), a setting a kind
    /// requires (Azure's `client_id`, `client_secret` and `tenant_id` with
    /// OAuth, Eureka's `server`, Marathon's `servers`, Outscale's `region`
    /// and secret key, Uyuni's `server`), a Kubernetes client setting
    /// without `api_server`, and Kubernetes selectors whose role the
    /// discovery role does not support or that repeat a role.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the whole configuration, as `promtool check
    /// config` does: nothing is scraped until it is fixed.
    ///
    /// ## Example
    /// ```yaml
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: nodes
    ///     ec2_sd_configs:
    ///       - region: us-east-1
    ///         bearer_token: secret
    ///         bearer_token_file: /etc/prometheus/token
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: nodes
    ///     ec2_sd_configs:
    ///       - region: us-east-1
    ///         authorization:
    ///           credentials_file: /etc/prometheus/token
    /// ```
    pub(crate) struct SdConfigInvalid {
        name: "sd-config-invalid",
        family: Prometheus,
        severity: Error,
        summary: "a service discovery entry Prometheus refuses to load",
    }
}

/// Settings that exclude each other, for every kind (`""`) or one: the
/// keys and what Prometheus says.
const EXCLUSIVE: [(&str, &[&str], &str); 4] = [
    (
        "",
        &["bearer_token", "bearer_token_file"],
        "at most one of bearer_token & bearer_token_file must be configured",
    ),
    (
        "",
        &["basic_auth", "authorization", "oauth2"],
        "at most one of basic_auth, oauth2 & authorization must be configured",
    ),
    (
        "marathon",
        &["auth_token", "auth_token_file"],
        "marathon_sd: at most one of auth_token & auth_token_file must be configured",
    ),
    (
        "kubernetes",
        &["kubeconfig_file", "api_server"],
        "cannot use 'kubeconfig_file' and 'api_server' simultaneously",
    ),
];

/// Settings a kind requires (any one of the keys), with what Prometheus
/// says.
const REQUIRED: [(&str, &[&str], &str); 8] = [
    (
        "azure",
        &["client_id"],
        "azure SD configuration requires a client_id",
    ),
    (
        "azure",
        &["client_secret"],
        "azure SD configuration requires a client_secret",
    ),
    (
        "azure",
        &["tenant_id"],
        "azure SD configuration requires a tenant_id",
    ),
    ("eureka", &["server"], "empty or null eureka server"),
    (
        "marathon",
        &["servers"],
        "marathon_sd: must contain at least one Marathon server",
    ),
    (
        "outscale",
        &["region"],
        "outscale SD configuration requires a region",
    ),
    (
        "outscale",
        &["secret_key", "secret_key_file"],
        "one of secret_key & secret_key_file must be configured",
    ),
    (
        "uyuni",
        &["server"],
        "Uyuni SD configuration requires server host",
    ),
];

/// The HTTP client settings a Kubernetes entry may only change with an
/// explicit `api_server` (the ones Prometheus's own tests pin down; the
/// in-cluster token settings are left alone).
const KUBERNETES_CLIENT: [&str; 3] = ["basic_auth", "authorization", "oauth2"];

/// The selector roles each Kubernetes discovery role supports, for the
/// roles Prometheus's own test configurations pin down; other roles are
/// not checked.
const SELECTOR_ROLES: [(&str, &[&str]); 4] = [
    ("endpoints", &["pod", "service", "endpoints"]),
    ("ingress", &["ingress"]),
    ("node", &["node"]),
    ("service", &["service"]),
];

/// True when `key` holds a value (an empty string or list counts as unset).
fn set(entry: &Map<String, Value>, key: &str) -> bool {
    match entry.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(items)) => !items.is_empty(),
        Some(_) => true,
    }
}

/// The setting at `path` under `entry`.
fn field<'a>(entry: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    rest.iter().try_fold(entry.get(*first)?, |value, key| {
        value.as_object()?.get(*key)
    })
}

/// A string setting of `entry`.
fn text<'a>(entry: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    entry.get(key).and_then(Value::as_str)
}

impl Rule for SdConfigInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(prometheus) = cx.stack().prometheus_file(file.id) else {
            return;
        };
        let mut findings: Vec<(String, String, &str)> = Vec::new();
        for job in &prometheus.scrape_configs {
            for sd in &job.sd_configs {
                let entry = sd.node;
                for (kind, keys, says) in EXCLUSIVE {
                    if !kind.is_empty() && kind != sd.kind {
                        continue;
                    }
                    let present: Vec<&&str> = keys.iter().filter(|k| set(entry, k)).collect();
                    if present.len() > 1 {
                        findings.push((
                            format!("{}/{}", sd.pointer, present[1]),
                            format!(
                                "`{}` cannot be set together with `{}`",
                                present[1], present[0]
                            ),
                            says,
                        ));
                    }
                }
                if sd.kind == "marathon"
                    && set(entry, "basic_auth")
                    && (set(entry, "auth_token") || set(entry, "auth_token_file"))
                {
                    findings.push((
                        format!("{}/basic_auth", sd.pointer),
                        "`basic_auth` cannot be set together with `auth_token`".to_string(),
                        "marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured",
                    ));
                }
                let oauth = text(entry, "authentication_method").is_none_or(|m| m == "OAuth");
                for (kind, keys, says) in REQUIRED {
                    if kind != sd.kind || (kind == "azure" && !oauth) {
                        continue;
                    }
                    if !keys.iter().any(|k| set(entry, k)) {
                        findings.push((
                            sd.pointer.clone(),
                            format!(
                                "this `{}_sd_configs` entry has no `{}`",
                                sd.kind,
                                keys.join("` or `")
                            ),
                            says,
                        ));
                    }
                }
                if sd.kind == "kubernetes" {
                    kubernetes(sd, entry, &mut findings);
                }
            }
        }
        for (pointer, message, says) in findings {
            cx.report(
                Finding::new(Location::key(file.id, pointer), message)
                    .note(format!("Prometheus refuses the configuration: `{says}`")),
            );
        }
    }
}

/// The checks of a `kubernetes_sd_configs` entry.
fn kubernetes(
    sd: &crate::model::SdConfig<'_>,
    entry: &Map<String, Value>,
    findings: &mut Vec<(String, String, &'static str)>,
) {
    if set(entry, "kubeconfig_file")
        && field(entry, &["namespaces", "own_namespace"]).and_then(Value::as_bool) == Some(true)
    {
        findings.push((
            format!("{}/kubeconfig_file", sd.pointer),
            "`kubeconfig_file` cannot be set together with `namespaces.own_namespace`".to_string(),
            "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously",
        ));
    }
    if !set(entry, "api_server")
        && !set(entry, "kubeconfig_file")
        && let Some(client) = KUBERNETES_CLIENT.iter().find(|k| set(entry, k))
    {
        findings.push((
            format!("{}/{client}", sd.pointer),
            format!("`{client}` needs an explicit `api_server`"),
            "to use custom HTTP client configuration please provide the 'api_server' URL explicitly",
        ));
    }
    let Some(role) = text(entry, "role") else {
        return;
    };
    let Some(selectors) = field(entry, &["selectors"]).and_then(Value::as_array) else {
        return;
    };
    let allowed = SELECTOR_ROLES
        .iter()
        .find(|(r, _)| *r == role)
        .map(|(_, allowed)| *allowed);
    let mut seen = Vec::new();
    for (index, selector) in selectors.iter().enumerate() {
        let Some(selector_role) = selector.as_object().and_then(|s| text(s, "role")) else {
            continue;
        };
        let pointer = format!("{}/selectors/{index}/role", sd.pointer);
        if seen.contains(&selector_role) {
            findings.push((
                pointer,
                format!("selector role `{selector_role}` is repeated"),
                "duplicated selector role",
            ));
            continue;
        }
        seen.push(selector_role);
        if let Some(allowed) = allowed
            && !allowed.contains(&selector_role)
        {
            findings.push((
                pointer,
                format!(
                    "role `{role}` supports only {} selectors, not `{selector_role}`",
                    allowed.join(", ")
                ),
                "the role does not support selectors of this role",
            ));
        }
    }
}
