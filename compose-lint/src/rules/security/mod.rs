//! Rules about what a service can do to the host and who can reach it:
//! the Docker socket, privileges, capabilities, host namespaces, security
//! profiles, host paths, credentials, published admin surfaces and image
//! tags.

pub(crate) mod admin_surface_published;
pub(crate) mod dangerous_capability;
pub(crate) mod datastore_published_on_all_interfaces;
pub(crate) mod default_credential;
pub(crate) mod docker_socket_mounted;
pub(crate) mod hardcoded_credential;
pub(crate) mod host_namespace;
pub(crate) mod image_tag_floating;
pub(crate) mod privileged_container;
pub(crate) mod security_profile_disabled;
pub(crate) mod sensitive_host_path_mounted;

use crate::compose::value::{Kind, Value};
use crate::project::Project;

/// True when the value was set by a variable: its written text has a `$`,
/// or does not hold the value at all (a name `environment` lists bare takes
/// its value from `.env` or the process). Values whose origin is unknown
/// count as set by a variable, so rules about literal values stay quiet on
/// them.
pub(crate) fn is_interpolated(project: &Project, value: &Value) -> bool {
    // A value not written where its origin points came from elsewhere: a
    // name listed bare (`- DB_PASSWORD`) takes its value from `.env` or the
    // process.
    project
        .written(value)
        .is_none_or(|text| text.contains('$') || value.as_str().is_some_and(|v| !text.contains(v)))
}

/// The words of a service's `entrypoint` and `command`, split on
/// whitespace when written as a string.
pub(crate) fn command_words(service: &Value) -> Vec<&str> {
    let mut words = Vec::new();
    for key in ["entrypoint", "command"] {
        match service.get(key).map(|v| &v.kind) {
            Some(Kind::String(text)) => words.extend(text.split_whitespace()),
            Some(Kind::Sequence(items)) => {
                for item in items.iter().filter_map(Value::as_str) {
                    words.extend(item.split_whitespace());
                }
            }
            _ => {}
        }
    }
    words
}

/// A host path without a trailing slash or repeated slashes.
pub(crate) fn clean_path(path: &str) -> String {
    let mut cleaned = String::with_capacity(path.len());
    for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
        cleaned.push('/');
        cleaned.push_str(part);
    }
    if cleaned.is_empty() {
        cleaned.push('/');
    }
    cleaned
}

/// True when an environment variable's name says it holds a secret:
/// `DB_PASSWORD`, `API_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `RABBITMQ_DEFAULT_PASS`;
/// not `PASSWORD_FILE`, `TOKEN_TTL` or `MYSQL_ALLOW_EMPTY_PASSWORD`.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    // Names that hold where a secret is, how it is used or a switch.
    const NOT_A_SECRET: &[&str] = &[
        "FILE",
        "PATH",
        "DIR",
        "USER",
        "USERNAME",
        "NAME",
        "URL",
        "URI",
        "HOST",
        "PORT",
        "TTL",
        "EXPIRY",
        "EXPIRATION",
        "EXPIRE",
        "EXPIRES",
        "LENGTH",
        "TIMEOUT",
        "ENABLED",
        "ENABLE",
        "DISABLED",
        "MODE",
        "TYPE",
        "ALGORITHM",
        "HEADER",
        "POLICY",
        "ID",
        "LIFETIME",
        "PREFIX",
        "FORMAT",
        "METHOD",
        "ROTATION",
        "ISSUER",
        "AUDIENCE",
        "REQUIRED",
        "ENCRYPTION",
        "HASH",
    ];
    if NOT_A_SECRET.contains(last)
        || words
            .iter()
            .any(|w| matches!(*w, "ALLOW" | "RANDOM" | "EMPTY" | "GENERATE" | "RESET"))
    {
        return false;
    }
    let joined = words.concat();
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "APIKEY",
        "PRIVATEKEY",
        "ACCESSKEY",
    ]
    .iter()
    .any(|marker| joined.contains(marker))
        || matches!(*last, "PASS" | "PWD" | "PASSPHRASE")
}

/// True for values that switch something rather than hold a secret.
pub(crate) fn is_switch(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "" | "true" | "false" | "yes" | "no" | "on" | "off" | "0" | "1"
    )
}

/// True when the variable's value comes from one of the service's
/// `env_file`s.
pub(crate) fn from_env_file(
    project: &Project,
    variable: &crate::model::Located<'_, crate::model::EnvVar<'_>>,
) -> bool {
    variable
        .origin()
        .and_then(|origin| project.file(origin.file))
        .is_some_and(|file| file.kind == crate::project::FileKind::Env)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for name in [
            "POSTGRES_PASSWORD",
            "DB_PASSWD",
            "JWT_SECRET",
            "GITHUB_TOKEN",
            "API_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "MINIO_ACCESS_KEY",
            "RABBITMQ_DEFAULT_PASS",
            "ssh.private_key",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "POSTGRES_PASSWORD_FILE",
            "POSTGRES_USER",
            "TOKEN_TTL",
            "MYSQL_ALLOW_EMPTY_PASSWORD",
            "MYSQL_RANDOM_ROOT_PASSWORD",
            "SECRET_KEY_PATH",
            "PASSENGER_APP_ENV",
            "COMPASS_URL",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }
}
