//! Relative paths made absolute, as Compose does: against the directory of
//! the project (or of the included or extended file) that wrote them, with
//! `~` expanded. Rules then reason about real places on the host.

use std::path::{Component, Path, PathBuf};

use super::value::{Kind, Value};

/// Where paths of one document are resolved from.
pub(crate) struct PathContext<'a> {
    pub working_dir: &'a Path,
    pub home: Option<&'a str>,
}

impl PathContext<'_> {
    /// The absolute form of `path`, or `None` when it is not a local path
    /// (empty, a URL, or already absolute and clean).
    fn absolute(&self, path: &str) -> Option<String> {
        if path.is_empty() || is_remote(path) {
            return None;
        }
        let expanded = expand_home(path, self.home);
        let joined = if Path::new(&expanded).is_absolute() {
            PathBuf::from(&expanded)
        } else {
            self.working_dir.join(&expanded)
        };
        let cleaned = clean(&joined);
        let text = cleaned.to_string_lossy().into_owned();
        (text != path).then_some(text)
    }

    fn resolve_string(&self, value: &mut Value) {
        if let Kind::String(path) = &value.kind
            && let Some(absolute) = self.absolute(path)
        {
            value.kind = Kind::String(absolute.into());
        }
    }

    fn resolve_strings(&self, value: &mut Value) {
        match &mut value.kind {
            Kind::Sequence(items) => items.iter_mut().for_each(|item| self.resolve_string(item)),
            _ => self.resolve_string(value),
        }
    }
}

/// `path` with a leading `~` replaced by `home`, as Compose expands it.
pub(crate) fn expand_home(path: &str, home: Option<&str>) -> String {
    match (path.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            format!("{home}{rest}")
        }
        _ => path.to_string(),
    }
}

/// Resolves the relative paths of one document in place.
pub(crate) fn resolve_document(document: &mut Value, cx: &PathContext<'_>) {
    if let Some(services) = document.get_mut("services").and_then(Value::as_mapping_mut) {
        for service in services.values_mut() {
            resolve_service(service, cx);
        }
    }
    for section in ["configs", "secrets"] {
        if let Some(items) = document.get_mut(section).and_then(Value::as_mapping_mut) {
            for item in items.values_mut() {
                if let Some(file) = item.get_mut("file") {
                    cx.resolve_string(file);
                }
            }
        }
    }
}

fn resolve_service(service: &mut Value, cx: &PathContext<'_>) {
    let Some(map) = service.as_mapping_mut() else {
        return;
    };
    if let Some(build) = map.get_mut("build") {
        match &mut build.kind {
            Kind::String(_) => cx.resolve_string(build),
            Kind::Mapping(build) => {
                if let Some(context) = build.get_mut("context") {
                    cx.resolve_string(context);
                }
                if let Some(contexts) = build
                    .get_mut("additional_contexts")
                    .and_then(Value::as_mapping_mut)
                {
                    for context in contexts.values_mut() {
                        if context.as_str().is_some_and(is_context_reference) {
                            continue;
                        }
                        cx.resolve_string(context);
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(env_files) = map.get_mut("env_file") {
        match &mut env_files.kind {
            Kind::Sequence(items) => {
                for item in items {
                    match item.get_mut("path") {
                        Some(path) => cx.resolve_string(path),
                        None => cx.resolve_string(item),
                    }
                }
            }
            _ => cx.resolve_string(env_files),
        }
    }
    if let Some(label_files) = map.get_mut("label_file") {
        cx.resolve_strings(label_files);
    }
    if let Some(file) = map.get_mut("extends").and_then(|e| e.get_mut("file")) {
        cx.resolve_string(file);
    }
    if let Some(watches) = map
        .get_mut("develop")
        .and_then(|d| d.get_mut("watch"))
        .and_then(Value::as_sequence_mut)
    {
        for watch in watches {
            if let Some(path) = watch.get_mut("path") {
                cx.resolve_string(path);
            }
        }
    }
    if let Some(volumes) = map.get_mut("volumes").and_then(Value::as_sequence_mut) {
        for volume in volumes {
            resolve_volume(volume, cx);
        }
    }
}

/// A short `SOURCE:TARGET[:MODE]` or long `{type: bind, source}` mount.
fn resolve_volume(volume: &mut Value, cx: &PathContext<'_>) {
    match &mut volume.kind {
        Kind::String(spec) => {
            let Some((source, rest)) = split_volume_source(spec) else {
                return;
            };
            if !is_host_path(source) {
                return;
            }
            if let Some(absolute) = cx.absolute(source) {
                let resolved = format!("{absolute}{rest}");
                volume.kind = Kind::String(resolved.into());
            }
        }
        Kind::Mapping(map) => {
            let is_bind = map.get("type").and_then(Value::as_str) == Some("bind");
            if is_bind && let Some(source) = map.get_mut("source") {
                cx.resolve_string(source);
            }
        }
        _ => {}
    }
}

/// Splits a short volume spec into its source and the rest (`:target...`);
/// `None` when it has no source (an anonymous volume).
pub(crate) fn split_volume_source(spec: &str) -> Option<(&str, &str)> {
    // A Windows drive letter (`C:\data:/data`) keeps its colon.
    let skip = if spec.len() > 2
        && spec.as_bytes()[0].is_ascii_alphabetic()
        && spec.as_bytes()[1] == b':'
        && matches!(spec.as_bytes()[2], b'\\' | b'/')
    {
        2
    } else {
        0
    };
    let colon = spec.get(skip..)?.find(':')? + skip;
    Some((&spec[..colon], &spec[colon..]))
}

/// True when a short volume source names a host path rather than a volume.
pub(crate) fn is_host_path(source: &str) -> bool {
    source.starts_with('.')
        || source.starts_with('/')
        || source.starts_with('~')
        || source.starts_with('\\')
        || (source.len() > 1 && source.as_bytes()[1] == b':')
}

/// True for resources Compose fetches instead of reading from disk: URLs,
/// git remotes and `scheme:reference` forms (`oci:…`, or a loader's own
/// scheme). A one-letter scheme is a Windows drive, not a remote.
pub(crate) fn is_remote(path: &str) -> bool {
    if path.contains("://") || path.starts_with("git@") || path.starts_with("github.com/") {
        return true;
    }
    match path.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && !scheme.contains(['/', '\\', '.'])
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+'))
        }
        None => false,
    }
}

/// Additional build contexts may name an image or a service instead of a
/// directory.
fn is_context_reference(context: &str) -> bool {
    context.starts_with("docker-image://")
        || context.starts_with("service:")
        || context.starts_with("target:")
        || is_remote(context)
}

/// Removes `.` and resolves `..` lexically, as Go's `filepath.Join` does.
pub(crate) fn clean(path: &Path) -> PathBuf {
    let mut cleaned = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match cleaned.components().next_back() {
                // `..` at the root is the root, as in Go's `filepath.Clean`.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                // A relative path that already climbs climbs further.
                None | Some(Component::ParentDir) => cleaned.push(".."),
                Some(_) => {
                    cleaned.pop();
                }
            },
            other => cleaned.push(other),
        }
    }
    if cleaned.as_os_str().is_empty() {
        cleaned.push(".");
    }
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn clean_resolves_parents_as_go_does() {
        for (path, expected) in [
            ("/a/b/../c", "/a/c"),
            ("/a/../../etc/passwd", "/etc/passwd"),
            ("/a/../../../etc/passwd", "/etc/passwd"),
            ("/../../../../etc", "/etc"),
            ("a/../../..", "../.."),
            ("../../a/./b", "../../a/b"),
            ("a/./b/..", "a"),
            ("a/..", "."),
        ] {
            assert_eq!(clean(Path::new(path)), PathBuf::from(expected), "{path}");
        }
    }

    fn resolved(document: serde_json::Value) -> serde_json::Value {
        let mut value = Value::from_json(&document);
        let cx = PathContext {
            working_dir: Path::new("/project"),
            home: Some("/home/me"),
        };
        resolve_document(&mut value, &cx);
        value.to_json()
    }

    #[test]
    fn relative_paths_become_absolute() {
        let out = resolved(json!({
            "services": {"web": {
                "build": "./app",
                "env_file": [".env.web", {"path": "../shared.env", "required": false}],
                "extends": {"file": "base.yaml", "service": "x"},
                "volumes": ["./conf:/etc/conf:ro", "data:/data", "~/cache:/cache", "/abs:/abs", "/anonymous"],
            }},
            "secrets": {"token": {"file": "./secrets/token"}},
        }));
        let web = &out["services"]["web"];
        assert_eq!(web["build"], json!("/project/app"));
        assert_eq!(web["env_file"][0], json!("/project/.env.web"));
        assert_eq!(web["env_file"][1]["path"], json!("/shared.env"));
        assert_eq!(web["extends"]["file"], json!("/project/base.yaml"));
        assert_eq!(
            web["volumes"],
            json!([
                "/project/conf:/etc/conf:ro",
                "data:/data",
                "/home/me/cache:/cache",
                "/abs:/abs",
                "/anonymous"
            ])
        );
        assert_eq!(
            out["secrets"]["token"]["file"],
            json!("/project/secrets/token")
        );
    }

    #[test]
    fn remote_build_contexts_stay() {
        let out = resolved(json!({"services": {"web": {"build": {
            "context": "https://github.com/x/y.git#main",
            "additional_contexts": {"base": "docker-image://alpine", "src": "../src"},
        }}}}));
        let build = &out["services"]["web"]["build"];
        assert_eq!(build["context"], json!("https://github.com/x/y.git#main"));
        assert_eq!(
            build["additional_contexts"]["base"],
            json!("docker-image://alpine")
        );
        assert_eq!(build["additional_contexts"]["src"], json!("/src"));
    }

    #[test]
    fn long_bind_mounts_resolve_and_volumes_do_not() {
        let out = resolved(json!({"services": {"web": {"volumes": [
            {"type": "bind", "source": "./a", "target": "/a"},
            {"type": "volume", "source": "data", "target": "/d"},
        ]}}}));
        assert_eq!(
            out["services"]["web"]["volumes"][0]["source"],
            json!("/project/a")
        );
        assert_eq!(
            out["services"]["web"]["volumes"][1]["source"],
            json!("data")
        );
    }
}
