//! What each container sees: one [`ContainerView`] per service, built once
//! per project after loading, telling for every path of the container
//! where its content comes from.
//!
//! Sources, in Docker's precedence (the deepest target wins; at the same
//! target, the later source):
//! - the image's own files ([`ImageContent`]): known to hold nothing the
//!   project put there for an image in the image table; unknown for a
//!   `build:` service or an image the table does not know (a later stage
//!   adds the files a Dockerfile copies);
//! - `volumes_from`: the volumes of the other service;
//! - `volumes`: bind mounts of files and directories (host paths), named
//!   and anonymous volumes, tmpfs and image mounts (opaque: present,
//!   content unknown);
//! - `tmpfs:` (opaque);
//! - `configs:` and `secrets:`: a host `file:`, inline `content:` (a text
//!   of the compose file), or `environment:` (opaque);
//! - files the `entrypoint` or `command` script writes with a heredoc
//!   (inline, written when the container starts, over whatever was there).
//!
//! Configurations are found through the views (see [`programs`]): a path
//! a configuration names is looked up in its container's view, then mapped
//! back to a host file or to an inline text.

pub(crate) mod embed;
pub(crate) mod found;
pub(crate) mod heredoc;
pub(crate) mod programs;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::compose::load::Resolved;
use crate::compose::model::Element;
use crate::compose::mounts::{MountKind, mounts};
use crate::compose::value::{Kind, Value};
use crate::images::ImageCatalog;
use crate::location::{FileId, Location, Part};
use crate::source::Span;
use crate::sources::Sources;
use embed::Embedding;

/// A text of the compose file that the container sees as a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineFile {
    /// The text as the container sees it.
    pub text: String,
    /// Where each byte of the text is written in the compose file.
    pub embedding: Embedding,
    /// What wrote it, for messages: "inline content of config
    /// `datasources`", "written by its entrypoint script".
    pub written_by: String,
    /// What identifies the text: the file and offset of the value that
    /// holds it, and which heredoc of that value it is (0 for a config's
    /// content). The same text reached from two services (a config both
    /// use) is one file.
    pub id: (FileId, usize, usize),
}

/// Why a path's content is not known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opaque {
    /// A named or anonymous volume: filled at run time.
    Volume,
    Tmpfs,
    /// Another image's files (`type: image`).
    Image,
    /// A config or secret whose content is an environment variable's.
    Environment,
    /// A file a script adds to when it runs (`cat <<EOF >> PATH`).
    Script,
    /// A Windows pipe or a cluster volume.
    Other,
}

/// Where the files under one target of a container come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provider {
    /// A bind mount (or a config or secret `file:`): a host file or
    /// directory, absolute.
    Host(PathBuf),
    /// A text of the compose file.
    Inline(Arc<InlineFile>),
    /// Present, with content that cannot be known before run time.
    Opaque(Opaque),
}

/// One source of a container's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewEntry {
    /// The absolute, clean container path it provides.
    pub target: String,
    pub provider: Provider,
    /// Where the entry is written.
    pub at: EntryAt,
}

/// Where a source of a container's files is written: item `index` of the
/// service's `key` (`volumes`, `tmpfs`, `configs`, `secrets`,
/// `entrypoint`, `command`). Kept in parts, and turned into a
/// [`Location`] only for a diagnostic: a project of thousands of services
/// builds every view, and reports on few.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryAt {
    /// The service that writes it (another one for `volumes_from`).
    pub service: Arc<str>,
    pub key: &'static str,
    pub index: Option<usize>,
    /// The named volume, config or secret, for notes.
    pub name: Option<String>,
}

impl EntryAt {
    /// The node of the resolved project.
    pub fn location(&self) -> Location {
        let index = self.index.map(|i| i.to_string());
        let mut path = vec![self.key];
        path.extend(index.as_deref());
        let service = Element {
            name: &self.service,
            value: &NO_VALUE,
        };
        Location::model(service.pointer("services", &path), Part::Value)
    }
}

static NO_VALUE: Value = Value {
    kind: Kind::Null,
    origin: None,
    tag: None,
};

impl ViewEntry {
    /// The entry as a note shows it: "service `prometheus` mounts
    /// `prometheus/rules`".
    pub fn describe(&self, sources: &Sources) -> String {
        let service = &self.at.service;
        let name = self.at.name.as_deref().unwrap_or_default();
        match (self.at.key, &self.provider) {
            ("volumes", Provider::Host(source)) => {
                format!(
                    "service `{service}` mounts `{}`",
                    sources.display_path(source)
                )
            }
            ("volumes", Provider::Opaque(Opaque::Tmpfs)) | ("tmpfs", _) => {
                format!("service `{service}` has a tmpfs")
            }
            ("volumes", Provider::Opaque(Opaque::Image)) => {
                format!("service `{service}` mounts an image")
            }
            ("volumes", _) if name.is_empty() => {
                format!("service `{service}` has an anonymous volume")
            }
            ("volumes", _) => format!("service `{service}` mounts volume `{name}`"),
            (key @ ("configs" | "secrets"), provider) => {
                let singular = key.trim_end_matches('s');
                match provider {
                    Provider::Host(source) => {
                        format!("{singular} `{name}` (`{}`)", sources.display_path(source))
                    }
                    Provider::Inline(_) => format!("{singular} `{name}` (inline content)"),
                    Provider::Opaque(_) => format!("{singular} `{name}`"),
                }
            }
            ("build", Provider::Host(source)) => format!(
                "the Dockerfile of service `{service}` copies `{}`",
                sources.display_path(source)
            ),
            (key, _) => format!("the {key} of service `{service}` writes a file"),
        }
    }
}

/// What the image itself holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageContent {
    /// An image of the image table: none of the project's files, only its
    /// default configuration (at this path, when the table names one).
    Known { default_config: Option<String> },
    /// A `build:` service or an image the table does not know.
    Unknown,
}

/// Every path one container sees, and where each comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerView {
    pub service: String,
    /// In precedence order: a later entry wins over an earlier one at the
    /// same target.
    pub entries: Vec<ViewEntry>,
    pub image: ImageContent,
    /// Texts that stand in for host files (an editor's unsaved documents):
    /// a host file there exists even before it is saved.
    pub overlay: Option<Arc<crate::overlay::Overlay>>,
}

/// What is at one path of a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen<'v> {
    /// A host file.
    HostFile(PathBuf, &'v ViewEntry),
    /// A host directory.
    HostDir(PathBuf, &'v ViewEntry),
    /// A text of the compose file.
    Inline(&'v Arc<InlineFile>, &'v ViewEntry),
    /// Something whose content cannot be known (a volume, tmpfs, the files
    /// of an image compose-lint does not know).
    Unknown,
    /// The image's own default configuration: present, not the project's.
    ImageDefault,
    /// Nothing: no mount covers the path and the image does not hold it,
    /// or a mount covers it and the host has nothing there (`host` is
    /// where the file would be).
    Nothing { host: Option<PathBuf> },
}

impl Seen<'_> {
    /// True when something is known or assumed to be at the path.
    pub fn exists(&self) -> bool {
        !matches!(self, Seen::Nothing { .. })
    }
}

/// The files of one container directory.
#[derive(Clone, Debug, Default)]
pub struct Listing<'v> {
    /// Names and what each is, sorted by name.
    pub files: Vec<(String, Seen<'v>)>,
    /// False when an opaque source may hold more files than those listed.
    pub complete: bool,
    /// The host directory mounted there, when it was not read because it
    /// resolves outside the project root.
    pub outside_root: Option<PathBuf>,
}

/// The clean absolute form of a container path: no `.`, `..`, repeated or
/// trailing `/`.
pub(crate) fn clean(path: &str) -> String {
    let is_clean = path.starts_with('/')
        && (path == "/" || !path.ends_with('/'))
        && !path.contains("//")
        && !path.split('/').any(|part| part == "." || part == "..");
    if is_clean {
        return path.to_string();
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

/// `path` below `base`, as the rest after `base/`; `Some("")` when they
/// are the same.
fn below<'p>(path: &'p str, base: &str) -> Option<&'p str> {
    if base == "/" {
        return Some(path.trim_start_matches('/'));
    }
    let rest = path.strip_prefix(base)?;
    if rest.is_empty() {
        Some(rest)
    } else {
        rest.strip_prefix('/')
    }
}

impl ContainerView {
    /// The view of a process that sees the host's files as they are (one
    /// given on the command line): `/` of the host at `/`, and no service.
    pub fn of_host() -> Self {
        Self {
            overlay: None,
            service: String::new(),
            entries: vec![ViewEntry {
                target: "/".to_string(),
                provider: Provider::Host(PathBuf::from("/")),
                at: EntryAt {
                    service: Arc::from(""),
                    key: "volumes",
                    index: None,
                    name: None,
                },
            }],
            image: ImageContent::Unknown,
        }
    }

    /// The entry that provides `path`: the deepest target at or above it,
    /// the later one at the same target.
    pub fn provider_of(&self, path: &str) -> Option<(&ViewEntry, String)> {
        let path = clean(path);
        let mut best: Option<(&ViewEntry, &str)> = None;
        for entry in &self.entries {
            if let Some(rest) = below(&path, &entry.target)
                && best.is_none_or(|(b, _)| entry.target.len() >= b.target.len())
            {
                best = Some((entry, rest));
            }
        }
        best.map(|(entry, rest)| (entry, rest.to_string()))
    }

    /// What the container sees at `path` (absolute).
    pub fn lookup(&self, path: &str) -> Seen<'_> {
        let Some((entry, rest)) = self.provider_of(path) else {
            return match &self.image {
                ImageContent::Unknown => Seen::Unknown,
                ImageContent::Known { default_config } => {
                    let path = clean(path);
                    match default_config {
                        Some(config) if below(config, &path).is_some() => Seen::ImageDefault,
                        _ => Seen::Nothing { host: None },
                    }
                }
            };
        };
        match &entry.provider {
            Provider::Host(source) => {
                let host = if rest.is_empty() {
                    source.clone()
                } else {
                    source.join(&rest)
                };
                let unsaved = self
                    .overlay
                    .as_ref()
                    .is_some_and(|o| o.get(&host).is_some());
                if unsaved || host.is_file() {
                    Seen::HostFile(host, entry)
                } else if host.is_dir() {
                    Seen::HostDir(host, entry)
                } else {
                    Seen::Nothing { host: Some(host) }
                }
            }
            Provider::Inline(file) if rest.is_empty() => Seen::Inline(file, entry),
            Provider::Inline(_) => Seen::Nothing { host: None },
            Provider::Opaque(_) => Seen::Unknown,
        }
    }

    /// The files of the container directory `dir`: those of the host
    /// directory mounted there, and those mounted into it one by one. A
    /// host directory that resolves outside `root` is not read: the
    /// listing is then incomplete and says which directory it left out.
    pub fn list(&self, dir: &str, root: Option<&Path>) -> Listing<'_> {
        let dir = clean(dir);
        let mut listing = Listing {
            files: Vec::new(),
            complete: true,
            outside_root: None,
        };
        match self.lookup(&dir) {
            Seen::HostDir(host, _)
                if root.is_some_and(|root| {
                    !std::fs::canonicalize(&host).is_ok_and(|target| target.starts_with(root))
                }) =>
            {
                listing.complete = false;
                listing.outside_root = Some(host);
            }
            Seen::HostDir(host, _) => {
                let mut names: Vec<String> = std::fs::read_dir(&host)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter_map(|entry| entry.file_name().to_str().map(str::to_string))
                    .collect();
                // Unsaved new files are in the directory too.
                if let Some(overlay) = &self.overlay {
                    names.extend(overlay.names_in(&host));
                }
                names.sort();
                names.dedup();
                for name in names {
                    let seen = self.lookup(&format!("{}/{name}", dir.trim_end_matches('/')));
                    if matches!(seen, Seen::HostFile(..) | Seen::Inline(..)) {
                        listing.files.push((name, seen));
                    }
                }
            }
            Seen::Unknown => listing.complete = false,
            _ => {}
        }
        for entry in &self.entries {
            let Some(name) =
                below(&entry.target, &dir).filter(|r| !r.is_empty() && !r.contains('/'))
            else {
                continue;
            };
            if listing.files.iter().any(|(n, _)| n == name) {
                continue;
            }
            match self.lookup(&entry.target) {
                seen @ (Seen::HostFile(..) | Seen::Inline(..)) => {
                    listing.files.push((name.to_string(), seen));
                }
                Seen::Unknown => listing.complete = false,
                _ => {}
            }
        }
        listing.files.sort_by(|a, b| a.0.cmp(&b.0));
        listing
    }

    /// The sources that were looked at for `path`, as notes: the entry that
    /// covers it, or those in its directory and above.
    pub fn looked_at(&self, path: &str, sources: &Sources) -> Vec<String> {
        if self.service.is_empty() {
            // The host's own view (`of_host`): no mounts to name.
            return Vec::new();
        }
        let path = clean(path);
        let parent = match path.rfind('/') {
            Some(0) | None => "/".to_string(),
            Some(cut) => path[..cut].to_string(),
        };
        let mut notes: Vec<String> = self
            .entries
            .iter()
            .filter(|entry| {
                below(&path, &entry.target).is_some() || below(&entry.target, &parent).is_some()
            })
            .take(6)
            .map(|entry| format!("{} at `{}`", entry.describe(sources), entry.target))
            .collect();
        if notes.is_empty() {
            notes.push(format!(
                "service `{}` mounts nothing at or above `{path}`",
                self.service
            ));
        }
        notes
    }
}

/// The views of every service of the resolved project, in the order the
/// services are written.
pub(crate) fn build(
    sources: &Sources,
    resolved: &Resolved,
    builds: &[crate::build::Build],
    images: &ImageCatalog,
) -> Vec<ContainerView> {
    let all = crate::compose::model::elements_of(resolved, "services");
    let stage = Stage {
        sources,
        resolved,
        builds: builds.iter().map(|b| (b.service.as_str(), b)).collect(),
        images,
    };
    let by_name: HashMap<&str, Element<'_>> = all.iter().map(|s| (s.name, *s)).collect();
    let inline_cache = InlineCache::default();
    all.iter()
        .map(|service| build_one(&stage, service, &by_name, &inline_cache))
        .collect()
}

/// What the views are built from: the files, the resolved project and the
/// image facts.
struct Stage<'a> {
    sources: &'a Sources,
    resolved: &'a Resolved,
    /// The services' builds, by service name.
    builds: HashMap<&'a str, &'a crate::build::Build>,
    images: &'a ImageCatalog,
}

/// The inline texts of the top-level `configs` and `secrets`, by section
/// and name, made the first time a service uses one.
type InlineCache = std::cell::RefCell<HashMap<(&'static str, String), Arc<InlineFile>>>;

/// The view of `service`.
fn build_one(
    stage: &Stage<'_>,
    service: &Element<'_>,
    all: &HashMap<&str, Element<'_>>,
    inline_cache: &InlineCache,
) -> ContainerView {
    let mut entries = Vec::new();
    let name: Arc<str> = Arc::from(service.name);
    volumes_from(service, all, &mut entries);
    volume_entries(service, &name, &mut entries);
    tmpfs_entries(service, &name, &mut entries);
    resource_entries(stage, inline_cache, service, &name, "configs", &mut entries);
    resource_entries(stage, inline_cache, service, &name, "secrets", &mut entries);
    heredoc_entries(stage, service, &name, &mut entries);
    copied_entries(stage, &name, &mut entries);
    ContainerView {
        service: service.name.to_string(),
        entries,
        image: image_content(stage.images, service.value),
        overlay: stage.sources.overlay().cloned(),
    }
}

/// The files a built image gets from its build context. They are image
/// content: a mount at or above their path hides them, and a mount of the
/// same path wins.
fn copied_entries(stage: &Stage<'_>, service: &Arc<str>, entries: &mut Vec<ViewEntry>) {
    let Some(build) = stage.builds.get(&**service) else {
        return;
    };
    let mut copied = Vec::new();
    for (target, host) in build.copied_files() {
        if entries.iter().any(|e| below(&target, &e.target).is_some()) {
            continue;
        }
        copied.push(ViewEntry {
            target,
            provider: Provider::Host(host),
            at: EntryAt {
                service: service.clone(),
                key: "build",
                index: None,
                name: None,
            },
        });
    }
    entries.splice(0..0, copied);
}

fn image_content(images: &ImageCatalog, service: &Value) -> ImageContent {
    if service.get("build").is_some() {
        // The Dockerfile may copy anything: a later stage reads it.
        return ImageContent::Unknown;
    }
    match service
        .get("image")
        .and_then(Value::as_str)
        .and_then(|image| images.lookup(image))
    {
        Some(facts) if !facts.configured => ImageContent::Known {
            default_config: facts.config_path.map(str::to_string),
        },
        _ => ImageContent::Unknown,
    }
}

/// How many services' volumes one view takes through `volumes_from`,
/// directly or through the services it names: real projects name one or
/// two; a longer list is cut, so views stay small whatever the project.
const MAX_VOLUMES_FROM: usize = 32;

/// The volumes of the services `service` takes through `volumes_from`, and
/// those they take in turn (Docker copies a container's mounts with those
/// it took itself), each service once, nearest first.
fn volumes_from(
    service: &Element<'_>,
    all: &HashMap<&str, Element<'_>>,
    entries: &mut Vec<ViewEntry>,
) {
    let mut queue = std::collections::VecDeque::from([*service]);
    let mut taken: Vec<&str> = vec![service.name];
    let mut sources = Vec::new();
    while let Some(current) = queue.pop_front() {
        let Some(list) = current
            .value
            .get("volumes_from")
            .and_then(Value::as_sequence)
        else {
            continue;
        };
        for item in list {
            let Some(reference) = item.as_str() else {
                continue;
            };
            let name = reference.split(':').next().unwrap_or_default();
            if name == "container" || taken.contains(&name) || taken.len() > MAX_VOLUMES_FROM {
                // Another container's volumes are not described by the
                // project.
                continue;
            }
            let Some(other) = all.get(name) else {
                continue;
            };
            taken.push(other.name);
            sources.push(*other);
            queue.push_back(*other);
        }
    }
    // The farthest first: a nearer service's mount at the same target wins.
    for other in sources.iter().rev() {
        volume_entries(other, &Arc::from(other.name), entries);
    }
}

fn volume_entries(service: &Element<'_>, name: &Arc<str>, entries: &mut Vec<ViewEntry>) {
    for mount in mounts(service.value) {
        let provider = match mount.kind {
            MountKind::Bind if !mount.source.is_empty() => {
                Provider::Host(PathBuf::from(&mount.source))
            }
            MountKind::Bind => continue,
            MountKind::Volume => Provider::Opaque(Opaque::Volume),
            MountKind::Tmpfs => Provider::Opaque(Opaque::Tmpfs),
            MountKind::Image => Provider::Opaque(Opaque::Image),
            MountKind::Npipe | MountKind::Cluster => Provider::Opaque(Opaque::Other),
        };
        if !mount.target.starts_with('/') {
            continue;
        }
        let volume = matches!(provider, Provider::Opaque(Opaque::Volume))
            .then(|| mount.source.clone())
            .filter(|source| !source.is_empty());
        entries.push(ViewEntry {
            target: clean(&mount.target),
            provider,
            at: EntryAt {
                service: Arc::clone(name),
                key: "volumes",
                index: Some(mount.index),
                name: volume,
            },
        });
    }
}

fn tmpfs_entries(service: &Element<'_>, name: &Arc<str>, entries: &mut Vec<ViewEntry>) {
    let items: Vec<(usize, &Value)> = match service.value.get("tmpfs").map(|v| &v.kind) {
        Some(Kind::String(_)) => service
            .value
            .get("tmpfs")
            .map(|v| (0, v))
            .into_iter()
            .collect(),
        Some(Kind::Sequence(items)) => items.iter().enumerate().collect(),
        _ => Vec::new(),
    };
    for (index, item) in items {
        let Some(target) = item.as_str().and_then(|t| t.split(':').next()) else {
            continue;
        };
        if !target.starts_with('/') {
            continue;
        }
        entries.push(ViewEntry {
            target: clean(target),
            provider: Provider::Opaque(Opaque::Tmpfs),
            at: EntryAt {
                service: Arc::clone(name),
                key: "tmpfs",
                index: Some(index),
                name: None,
            },
        });
    }
}

/// `configs:` or `secrets:` of the service, with the top-level definition
/// each names.
fn resource_entries(
    stage: &Stage<'_>,
    inline_cache: &InlineCache,
    service: &Element<'_>,
    service_name: &Arc<str>,
    section: &'static str,
    entries: &mut Vec<ViewEntry>,
) {
    let Some(list) = service.value.get(section).and_then(Value::as_sequence) else {
        return;
    };
    let top = stage
        .resolved
        .model
        .get(section)
        .and_then(Value::as_mapping);
    for (index, item) in list.iter().enumerate() {
        let (name, target) = match &item.kind {
            Kind::String(name) => (name.as_str(), None),
            Kind::Mapping(_) => {
                let Some(source) = item.get("source").and_then(Value::as_str) else {
                    continue;
                };
                (source, item.get("target").and_then(Value::as_str))
            }
            _ => continue,
        };
        let target = match (section, target) {
            (_, Some(target)) if target.starts_with('/') => clean(target),
            ("secrets", Some(target)) => clean(&format!("/run/secrets/{target}")),
            ("secrets", None) => clean(&format!("/run/secrets/{name}")),
            (_, Some(target)) => clean(&format!("/{target}")),
            (_, None) => clean(&format!("/{name}")),
        };
        let Some(definition) = top.and_then(|t| t.get(name)) else {
            continue;
        };
        let singular = section.trim_end_matches('s');
        let provider = if let Some(file) = definition.get("file").and_then(Value::as_str) {
            let path = Path::new(file);
            Provider::Host(if path.is_absolute() {
                path.to_path_buf()
            } else {
                stage.sources.directory.join(path)
            })
        } else if let Some(content) = definition.get("content") {
            let Some(text) = content.as_str() else {
                continue;
            };
            // A config many services use is one text: made once.
            let made = Arc::clone(
                inline_cache
                    .borrow_mut()
                    .entry((section, name.to_string()))
                    .or_insert_with(|| {
                        let written_by = format!("inline content of {singular} `{name}`");
                        Arc::new(inline(stage, content, text, written_by))
                    }),
            );
            Provider::Inline(made)
        } else if definition.get("environment").is_some() {
            Provider::Opaque(Opaque::Environment)
        } else {
            // External, or a definition the schema reports.
            Provider::Opaque(Opaque::Other)
        };
        entries.push(ViewEntry {
            target,
            provider,
            at: EntryAt {
                service: Arc::clone(service_name),
                key: section,
                index: Some(index),
                name: Some(name.to_string()),
            },
        });
    }
}

/// Where the bytes of `text`, the string `value` of the resolved project
/// becomes, are written; `None` for a value the loader made up.
fn embedding_of(stage: &Stage<'_>, value: &Value, text: &str) -> Option<Embedding> {
    let origin = value.origin?;
    let file = stage.sources.file(origin.file)?;
    Some(embed::embed(
        origin.file,
        file.source.text(),
        origin.value(),
        text,
    ))
}

/// The inline file of a string `value` of the resolved project.
fn inline(stage: &Stage<'_>, value: &Value, text: &str, written_by: String) -> InlineFile {
    let embedding = embedding_of(stage, value, text).unwrap_or_else(Embedding::unplaced);
    InlineFile {
        text: text.to_string(),
        id: (embedding.host, embedding.fallback.start, 0),
        embedding,
        written_by,
    }
}

/// The files the service's `entrypoint` and `command` scripts write with a
/// heredoc, for scripts written as literal block scalars (`|`).
fn heredoc_entries(
    stage: &Stage<'_>,
    service: &Element<'_>,
    name: &Arc<str>,
    entries: &mut Vec<ViewEntry>,
) {
    for key in ["entrypoint", "command"] {
        let Some(value) = service.value.get(key) else {
            continue;
        };
        let items: Vec<(Option<usize>, &Value)> = match &value.kind {
            Kind::String(_) => vec![(None, value)],
            Kind::Sequence(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Some(i), v))
                .collect(),
            _ => Vec::new(),
        };
        for (index, item) in items {
            let Some(script) = item.as_str() else {
                continue;
            };
            if !script.contains("<<") || !script.contains('\n') {
                continue;
            }
            // A script whose bytes cannot be placed exactly (an escaped
            // double-quoted string) still writes its files; findings in
            // them then point at the whole script.
            let Some(embedding) = embedding_of(stage, item, script) else {
                continue;
            };
            for (ordinal, found) in heredoc::heredocs(script).into_iter().enumerate() {
                let text: String = found.body.iter().map(|r| &script[r.clone()]).collect();
                let mut placed = embedding.select(&found.body);
                placed.unknown = found.unknown;
                let file = InlineFile {
                    text,
                    id: (placed.host, embedding.fallback.start, ordinal + 1),
                    embedding: placed,
                    written_by: format!("written by its {key} script"),
                };
                for path in &found.paths {
                    let provider = if found.append {
                        // Added to what the file holds: its content is
                        // only known when the script has run.
                        Provider::Opaque(Opaque::Script)
                    } else {
                        Provider::Inline(Arc::new(file.clone()))
                    };
                    entries.push(ViewEntry {
                        target: clean(path),
                        provider,
                        at: EntryAt {
                            service: Arc::clone(name),
                            key,
                            index,
                            name: None,
                        },
                    });
                }
            }
        }
    }
}

impl Embedding {
    /// An embedding for a text with no place in any file; every span maps
    /// to the start of the first file.
    fn unplaced() -> Self {
        embed::embed(FileId(0), "", Span::at(0), "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(target: &str, provider: Provider) -> ViewEntry {
        ViewEntry {
            target: target.to_string(),
            provider,
            at: EntryAt {
                service: Arc::from("x"),
                key: "volumes",
                index: None,
                name: None,
            },
        }
    }

    #[test]
    fn the_deepest_mount_wins_and_volumes_hide_what_is_under_them() {
        let view = ContainerView {
            overlay: None,
            service: "x".to_string(),
            entries: vec![
                entry(
                    "/etc/prometheus",
                    Provider::Host(PathBuf::from("/srv/prom")),
                ),
                entry(
                    "/etc/prometheus/prometheus.yml",
                    Provider::Host(PathBuf::from("/srv/main.yml")),
                ),
                entry("/etc/prometheus/rules", Provider::Opaque(Opaque::Volume)),
            ],
            image: ImageContent::Known {
                default_config: Some("/etc/prometheus/prometheus.yml".to_string()),
            },
        };
        let (found, rest) = view
            .provider_of("/etc/prometheus/prometheus.yml")
            .unwrap_or_else(|| panic!("no provider"));
        assert_eq!(
            found.provider,
            Provider::Host(PathBuf::from("/srv/main.yml"))
        );
        assert_eq!(rest, "");
        assert_eq!(view.lookup("/etc/prometheus/rules/a.yml"), Seen::Unknown);
        assert_eq!(
            view.lookup("/etc/prometheus/x/../a.yml"),
            Seen::Nothing {
                host: Some(PathBuf::from("/srv/prom/a.yml"))
            }
        );
        assert_eq!(
            view.lookup("/etc/alertmanager/a.yml"),
            Seen::Nothing { host: None }
        );
        assert_eq!(
            view.lookup("/etc/prometheus/prometheus.yml/"),
            view.lookup("/etc/prometheus/prometheus.yml")
        );
    }

    #[test]
    fn paths_are_cleaned() {
        assert_eq!(clean("/etc//prometheus/./rules/"), "/etc/prometheus/rules");
        assert_eq!(clean("/a/../b"), "/b");
        assert_eq!(clean("/"), "/");
    }
}
