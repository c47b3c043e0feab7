//! Rules about mounts: bind sources, named volumes, env files, secrets and
//! configs, and who can read or write them.

pub(crate) mod bind_source_directory_missing;
pub(crate) mod bind_source_missing;
pub(crate) mod bind_source_type_mismatch;
pub(crate) mod config_file_missing;
pub(crate) mod config_mounted_writable;
pub(crate) mod duplicate_mount_target;
pub(crate) mod env_file_missing;
pub(crate) mod host_access;
pub(crate) mod label_file_missing;
pub(crate) mod mount_not_readable_by_user;
pub(crate) mod mount_not_writable_by_user;
pub(crate) mod resource_file_missing;
pub(crate) mod undefined_config;
pub(crate) mod undefined_model;
pub(crate) mod undefined_secret;
pub(crate) mod undefined_volume;
pub(crate) mod unused_volume;

use std::path::Path;

use crate::compose::model::Element;
use crate::compose::schema::spelled_alike;
use crate::compose::value::Value;
use crate::model::{elements, services};
use crate::project::Project;
use crate::rules::{Context, Finding};

/// Extensions of files people bind-mount: configuration, scripts, keys.
const FILE_EXTENSIONS: &[&str] = &[
    "yml",
    "yaml",
    "json",
    "toml",
    "conf",
    "cnf",
    "cfg",
    "ini",
    "env",
    "sh",
    "py",
    "js",
    "lua",
    "sql",
    "xml",
    "properties",
    "pem",
    "crt",
    "key",
    "cert",
    "htpasswd",
    "rules",
    "txt",
    "html",
    "alloy",
    "river",
    "hcl",
    "tmpl",
];

/// True when the last segment of `path` ends with an extension of a file
/// people mount (`prometheus.yml`, `nginx.conf`); `conf.d` and hidden
/// names without another dot do not count.
pub(crate) fn looks_like_file(path: &str) -> bool {
    let name = path
        .trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    if path.ends_with('/') || path.ends_with('\\') {
        return false;
    }
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty() && FILE_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
}

/// Host paths that exist on the Docker host rather than next to the
/// compose file: runtime sockets, kernel filesystems, devices.
pub(crate) fn is_host_runtime_path(path: &str) -> bool {
    const ROOTS: &[&str] = &[
        "/var/run",
        "/run",
        "/proc",
        "/sys",
        "/dev",
        "/var/lib/docker",
    ];
    ROOTS
        .iter()
        .any(|root| path == *root || path.strip_prefix(root).is_some_and(|r| r.starts_with('/')))
}

/// A Windows path (`C:\data`, `\\server\share`), which cannot be checked
/// elsewhere.
pub(crate) fn is_windows_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('\\')
        || (bytes.len() > 1 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

/// True when the value was written with a variable, so what is checked is
/// not necessarily what Compose sees on the user's machine.
pub(crate) fn has_variable(project: &Project, value: &Value) -> bool {
    project
        .written(value)
        .is_none_or(|text| text.replace("$$", "").contains('$'))
}

/// True when a host path can be checked here: written relative to the
/// compose file (an absolute or `~` path names a place on the machine the
/// project is deployed to), without a variable, and not a path of the
/// Docker host's runtime.
pub(crate) fn checkable_host_path(project: &Project, path: &str, written: &Value) -> bool {
    !path.is_empty()
        && !path.contains('$')
        && Path::new(path).is_absolute()
        && !is_windows_path(path)
        && !is_host_runtime_path(path)
        && !has_variable(project, written)
        && is_written_relative(project, written)
}

/// True when the path (or the short-syntax mount it starts) was written
/// relative to the compose file.
fn is_written_relative(project: &Project, value: &Value) -> bool {
    let Some(text) = project.written(value) else {
        return false;
    };
    let text = text.trim_start_matches(['"', '\'', ' ']);
    !(text.starts_with('/') || text.starts_with('~') || is_windows_path(text))
}

/// True when a `.gitignore` of the repository that holds `path` ignores it
/// (or a directory above it): the path is made on each machine (generated
/// certificates, secrets, data), not committed, so its absence from a
/// checkout says nothing.
pub(crate) fn ignored_by_git(path: &Path) -> bool {
    let ancestors: Vec<&Path> = path.ancestors().skip(1).collect();
    // Up to the repository's root; in a tree without `.git` (an exported
    // archive), up to the file system's.
    let root = ancestors
        .iter()
        .position(|dir| dir.join(".git").exists())
        .unwrap_or(ancestors.len().saturating_sub(1));
    if ancestors.is_empty() {
        return false;
    }
    let mut ignored = false;
    // From the repository's root down: a deeper `.gitignore` decides over
    // those above it.
    for dir in ancestors[..=root].iter().rev() {
        let file = dir.join(".gitignore");
        if !file.is_file() {
            continue;
        }
        let (matcher, _) = ignore::gitignore::Gitignore::new(&file);
        match matcher.matched_path_or_any_parents(path, true) {
            ignore::Match::Ignore(_) => ignored = true,
            ignore::Match::Whitelist(_) => ignored = false,
            ignore::Match::None => {}
        }
    }
    ignored
}

/// The value a bind mount's source was written in: the string itself for
/// the short syntax, `source` for the long one.
pub(crate) use crate::compose::mounts::source_node as source_value;

/// The keys of a top-level section (`volumes`, `secrets`, `configs`).
pub(crate) fn declared<'a>(project: &'a Project, section: &str) -> Vec<Element<'a>> {
    elements(project, section)
}

/// Every service, the ones the active profiles leave out included.
pub(crate) fn all_services(project: &Project) -> Vec<(&str, &Value)> {
    let mut all: Vec<(&str, &Value)> = services(project)
        .into_iter()
        .map(|service| (service.name, service.value))
        .collect();
    if let Some(resolved) = project.resolved.as_ref() {
        all.extend(
            resolved
                .disabled_services
                .iter()
                .map(|(name, value)| (name.as_str(), value)),
        );
    }
    all
}

/// Reports the secrets or configs (`section`, one of them a `kind`) that
/// services use and the top level does not define.
pub(crate) fn report_undefined(project: &Project, cx: &mut Context<'_>, section: &str, kind: &str) {
    if crate::model::is_partial(project) {
        return;
    }
    let stack = cx.stack();
    let secrets = section == "secrets";
    let defined = if secrets {
        &stack.secrets
    } else {
        &stack.configs
    };
    let names: Vec<&str> = defined.iter().map(|d| d.name).collect();
    for service in &stack.services {
        let uses = if secrets {
            &service.secrets
        } else {
            &service.configs
        };
        for used in uses {
            let name = used.value;
            if names.contains(&name) {
                continue;
            }
            let mut finding = Finding::new(
                used.location(),
                format!(
                    "service `{}` uses {kind} `{name}`, which is not defined",
                    service.name
                ),
            )
            .primary_label(format!("not under the top-level `{section}`"));
            finding = match spelled_alike(name, &names) {
                Some(close) => finding.help(format!(
                    "did you mean `{close}`? Otherwise define `{name}` under the top-level `{section}`"
                )),
                None => finding.help(format!(
                    "define `{name}` under the top-level `{section}` (with `file`, `environment`, or `external: true`)"
                )),
            };
            cx.report(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_looking_paths() {
        assert!(looks_like_file("/srv/prometheus/prometheus.yml"));
        assert!(looks_like_file("/etc/nginx/nginx.conf"));
        assert!(!looks_like_file("/etc/nginx/conf.d"));
        assert!(!looks_like_file("/srv/.env"));
        assert!(!looks_like_file("/srv/data/"));
        assert!(!looks_like_file("/var/lib/grafana"));
    }

    #[test]
    fn runtime_paths() {
        assert!(is_host_runtime_path("/var/run/docker.sock"));
        assert!(is_host_runtime_path("/proc"));
        assert!(!is_host_runtime_path("/runner/x"));
        assert!(is_windows_path(r"C:\data"));
    }
}
