use super::is_secret_name;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a well-known default password written in a service's
    /// `environment`: `GF_SECURITY_ADMIN_PASSWORD: admin`,
    /// `POSTGRES_PASSWORD: postgres`, `MINIO_ROOT_PASSWORD: minioadmin`,
    /// `RABBITMQ_DEFAULT_PASS: guest`, `ELASTIC_PASSWORD: changeme`, and
    /// `admin`, `password`, `changeme`, `secret` and the like in any
    /// variable whose name says it holds a password or secret; also when
    /// such a default is the fallback of a variable
    /// (`${GRAFANA_PASSWORD:-admin}`) and the variable is not set. Other
    /// values set by a variable, by `.env` for a name listed bare
    /// (`- POSTGRES_PASSWORD`) or by an `env_file` are set where the
    /// project runs and are not reported.
    ///
    /// ## Why is this bad?
    /// These are the first passwords anyone tries: a published Grafana,
    /// database or broker with one of them is open to whoever finds it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   grafana:
    ///     image: grafana/grafana:11.3.0
    ///     environment:
    ///       GF_SECURITY_ADMIN_PASSWORD: admin
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   grafana:
    ///     image: grafana/grafana:11.3.0
    ///     environment:
    ///       GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/grafana_admin_password
    ///     secrets:
    ///       - grafana_admin_password
    /// secrets:
    ///   grafana_admin_password:
    ///     file: ./grafana_admin_password.txt
    /// # file: grafana_admin_password.txt
    /// a-long-random-password
    /// ```
    pub(crate) struct DefaultCredential {
        name: "default-credential",
        family: Security,
        severity: Warning,
        summary: "a service sets a well-known default password",
    }
}

/// Defaults of particular images, by variable.
const KNOWN: &[(&str, &[&str])] = &[
    ("GF_SECURITY_ADMIN_PASSWORD", &["admin"]),
    ("POSTGRES_PASSWORD", &["postgres"]),
    ("MYSQL_ROOT_PASSWORD", &["root", "mysql"]),
    ("MARIADB_ROOT_PASSWORD", &["root", "mariadb"]),
    ("MINIO_ROOT_PASSWORD", &["minioadmin"]),
    ("MINIO_SECRET_KEY", &["minioadmin"]),
    ("RABBITMQ_DEFAULT_PASS", &["guest"]),
    ("MONGO_INITDB_ROOT_PASSWORD", &["example", "mongo"]),
    ("KEYCLOAK_ADMIN_PASSWORD", &["admin"]),
    ("KC_BOOTSTRAP_ADMIN_PASSWORD", &["admin"]),
    ("PGADMIN_DEFAULT_PASSWORD", &["admin"]),
];

/// Passwords tried first, whatever the variable.
const COMMON: &[&str] = &[
    "admin",
    "password",
    "passw0rd",
    "changeme",
    "changeit",
    "secret",
    "123456",
    "12345678",
    "admin123",
    "password123",
];

/// True when `value` is a well-known default for the variable `name`.
pub(crate) fn is_default(name: &str, value: &str) -> bool {
    let value = value.trim();
    let upper = name.to_ascii_uppercase();
    KNOWN
        .iter()
        .any(|(known, defaults)| *known == upper && defaults.contains(&value))
        || (is_secret_name(name) && COMMON.iter().any(|c| c.eq_ignore_ascii_case(value)))
}

impl Rule for DefaultCredential {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for service in &cx.stack().services {
            for variable in &service.environment {
                let (name, text) = (variable.value.name, &variable.value.value);
                if !is_default(name, text) {
                    continue;
                }
                // Only what the compose file writes: a value from `.env`,
                // an env file or the process (a name listed bare) is set
                // where the project runs, as `${VAR}` is.
                if super::from_env_file(project, variable) {
                    continue;
                }
                let how = match project.written(variable.node()) {
                    Some(written) if !written.contains('$') && written.contains(text.trim()) => {
                        "sets"
                    }
                    // `${GRAFANA_PASSWORD:-admin}`: the default was used.
                    Some(written) if default_of(written) == Some(text.trim()) => "falls back to",
                    _ => continue,
                };
                cx.report(
                    Finding::new(
                        variable.location(),
                        format!(
                            "service `{}` {how} the well-known default `{}` for `{name}`",
                            service.name,
                            text.trim()
                        ),
                    )
                    .help(format!("set it from the environment without a default, `{name}: ${{{name}:?set {name}}}`, or use `secrets:` and the image's `{name}_FILE` variable if it has one"))
                    .note("default passwords are the first anyone tries on a published service"),
                );
            }
        }
    }
}

/// The default of a value written as one `${VAR:-default}` or
/// `${VAR-default}` (quotes around it allowed).
fn default_of(written: &str) -> Option<&str> {
    let inner = written
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .strip_prefix("${")?
        .strip_suffix('}')?;
    let name_end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    let rest = &inner[name_end..];
    let default = rest.strip_prefix(":-").or_else(|| rest.strip_prefix('-'))?;
    (!default.contains(['$', '{', '}'])).then_some(default.trim())
}

#[cfg(test)]
mod tests {
    use super::default_of;

    #[test]
    fn defaults_of_written_values() {
        assert_eq!(default_of("${A:-admin}"), Some("admin"));
        assert_eq!(default_of("\"${DB_PASSWORD-postgres}\""), Some("postgres"));
        assert_eq!(default_of("${A:-${B}}"), None);
        assert_eq!(default_of("${A}"), None);
    }
}
