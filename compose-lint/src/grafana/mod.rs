//! The Grafana stack's configurations a service mounts, found through its
//! bind mounts once the project is resolved: Grafana's datasource
//! provisioning, Promtail's configuration and Alloy's. Each names the URLs
//! its program dials, which must reach a service of the project.

pub mod alloy;
pub mod datasources;
pub mod promtail;

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::location::FileId;
use crate::project::{FileKind, Project};

/// A configuration file a service of the project reads.
#[derive(Clone, Debug)]
pub struct Mounted {
    pub file: FileId,
    /// The service that reads it.
    pub service: String,
}

/// Finds the Grafana, Promtail and Alloy configurations the project's
/// services mount.
pub fn discover(project: &mut Project, max_file_size: u64) {
    project.mounted_datasources = datasources::discover(project, max_file_size);
    project.mounted_promtail = promtail::discover(project, max_file_size);
    project.mounted_alloy = alloy::discover(project, max_file_size);
}

/// The files of `dir` with one of `extensions`, sorted; none when it is
/// not a readable directory.
fn files_in(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    files.sort();
    files
}

/// Adds the files found for each service to the project as `kind`; a file
/// already loaded as something else (a compose file mounted there) is left
/// out.
fn add_found(
    project: &mut Project,
    found: Vec<(String, PathBuf)>,
    kind: FileKind,
    max_file_size: u64,
) -> Vec<Mounted> {
    let mut mounted = Vec::new();
    for (service, path) in found {
        let Ok(file) = project.add_found(&path, kind, max_file_size) else {
            continue;
        };
        if project.file(file).is_some_and(|f| f.kind == kind) {
            mounted.push(Mounted { file, service });
        }
    }
    mounted
}

/// Where the host and port of an `http(s)://host[:port][/path]` URL are
/// written, as byte ranges of the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authority {
    pub host: Range<usize>,
    /// The port as written; `None` when the scheme's default applies.
    pub port_text: Option<Range<usize>>,
    pub port: u16,
}

/// The host and port of an `http(s)://host[:port][/path]` URL; the port
/// defaults to the scheme's. `None` for other forms and for URLs with a
/// variable (`$VAR`, `${VAR}`, `$__env{VAR}`) or a template in them.
pub fn authority(url: &str) -> Option<Authority> {
    if url.contains(['$', '{', '}']) {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    let default = match scheme.to_ascii_lowercase().as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let start = scheme.len() + 3;
    let written = rest.split(['/', '?', '#']).next()?;
    let (start, written) = match written.rsplit_once('@') {
        Some((user, host)) => (start + user.len() + 1, host),
        None => (start, written),
    };
    if written.is_empty() {
        return None;
    }
    let end = start + written.len();
    let (host, port_text) = if let Some(v6) = written.strip_prefix('[') {
        let close = v6.find(']')?;
        let after = &v6[close + 1..];
        let host = start + 1..start + 1 + close;
        match after.strip_prefix(':') {
            Some(_) => (host, Some(start + close + 3..end)),
            None if after.is_empty() => (host, None),
            None => return None,
        }
    } else {
        match written.rfind(':') {
            Some(colon) => (start..start + colon, Some(start + colon + 1..end)),
            None => (start..end, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    let port = match &port_text {
        Some(range) => url.get(range.clone())?.parse().ok()?,
        None => default,
    };
    Some(Authority {
        host,
        port_text,
        port,
    })
}

#[cfg(test)]
mod tests {
    use super::authority;

    fn host_port(url: &str) -> Option<(&str, u16)> {
        let found = authority(url)?;
        Some((&url[found.host], found.port))
    }

    #[test]
    fn urls_give_host_and_port() {
        assert_eq!(
            host_port("http://prometheus:9090"),
            Some(("prometheus", 9090))
        );
        assert_eq!(host_port("http://loki:3100/api"), Some(("loki", 3100)));
        assert_eq!(
            host_port("https://grafana.example.com"),
            Some(("grafana.example.com", 443))
        );
        assert_eq!(host_port("http://user:pw@db:5432"), Some(("db", 5432)));
        assert_eq!(host_port("http://[::1]:9090"), Some(("::1", 9090)));
        assert_eq!(host_port("http://[::1]"), Some(("::1", 80)));
        assert_eq!(host_port("http://${PROM_HOST}:9090"), None);
        assert_eq!(host_port("http://$__env{HOST}:9090"), None);
        assert_eq!(host_port("prometheus:9090"), None);
        assert_eq!(host_port("http://:9090"), None);
        assert_eq!(host_port("http://loki:http"), None);
        let url = "http://loki:3100/loki/api/v1/push";
        let found = authority(url).unwrap_or_else(|| panic!("{url}"));
        assert_eq!(found.port_text.map(|r| &url[r]), Some("3100"));
    }
}
