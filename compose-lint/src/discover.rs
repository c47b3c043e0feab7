//! Finding compose projects under a directory.
//!
//! Compose loads one default-named file per directory, with its override
//! file. Repositories keep other compose files next to it as well:
//! `docker-compose.prod.yml` for `docker compose -f docker-compose.yml -f
//! docker-compose.prod.yml`, a standalone `compose.monitoring.yaml`, a
//! `docker-stack.yml`. A search lints those too, each on its own or merged
//! onto the directory's default file, and lists the compose-like files it
//! does not lint with the reason, so nothing is passed over silently.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::compose::file_names::{
    COMPOSE_FILE_NAMES, OVERRIDE_FILE_NAMES, file_name, is_compose_like_name,
};
use crate::error::Error;
use crate::settings::DEFAULT_MAX_FILE_SIZE;
use crate::sources::read_file;
use crate::spec::ProjectSpec;

/// What searching a directory found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// The projects to lint, sorted by directory: the project Compose finds
    /// in each directory first, then the directory's other compose files,
    /// each on its own or merged onto the directory's default file.
    pub projects: Vec<ProjectSpec>,
    /// Files named like compose files that are not linted, sorted by path.
    pub not_linted: Vec<NotLinted>,
    /// Directories or entries that could not be read.
    pub errors: Vec<Error>,
}

/// A file named like a compose file that a search does not lint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotLinted {
    pub path: PathBuf,
    pub reason: NotLintedReason,
}

/// Why a compose-like file is not linted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotLintedReason {
    /// It has no top-level `services` (nor `include`): an `x-` fragment
    /// meant for other files, or no compose file at all (a Kubernetes
    /// manifest, a CI workflow).
    NoServices,
    /// It only adds to services defined elsewhere, and its directory has no
    /// default compose file to merge it onto: on its own it is no project
    /// Compose would run, and what it uses from its base (services,
    /// networks, images) would be reported missing.
    OverrideWithoutBase,
    /// It is over the size limit, so it was not read.
    TooLarge { size: u64, limit: u64 },
}

impl fmt::Display for NotLintedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoServices => f.write_str("no top-level `services:` mapping"),
            Self::OverrideWithoutBase => f.write_str("an override without a base file"),
            Self::TooLarge { size, limit } => write!(
                f,
                "larger than the size limit ({size} bytes; the limit is {limit})"
            ),
        }
    }
}

/// Searches `root` for compose projects as
/// [`discover_with_max_file_size`] does, with the default size limit.
pub fn discover(root: &Path) -> Discovery {
    discover_with_max_file_size(root, DEFAULT_MAX_FILE_SIZE)
}

/// Searches `root` for compose files, honouring `.gitignore` and `.ignore`
/// files (hidden directories such as `.devcontainer` are searched; `.git` is
/// not), and reads only the files named like compose files (`compose*.y*ml`,
/// `docker-compose*.y*ml`, `*stack*.y*ml`), each once.
///
/// Each directory holding a default-named file is a project, loaded as
/// Compose would load it there (its default file and override file, or
/// `COMPOSE_FILE`). Every other compose-like file with top-level `services`
/// is linted too: on its own when it defines whole services, merged onto
/// the directory's default file (as `docker compose -f base -f file`) when
/// some of its services lack `image`, `build` and `extends`. The rest are
/// listed in [`Discovery::not_linted`]; files over `max_file_size` bytes
/// are listed there unread.
pub fn discover_with_max_file_size(root: &Path, max_file_size: u64) -> Discovery {
    let (by_directory, mut errors) = compose_like_files(root);
    // A link leading out of the work tree is not read to be classified:
    // linted on its own, it is reported as outside the root.
    let work_tree = crate::spec::auto_root(root);
    let inside = |file: &Path| {
        std::fs::canonicalize(file).is_ok_and(|target| target.starts_with(&work_tree))
    };
    // Reading and parsing the candidates is the costly part of a search.
    let found: Vec<DirectoryPlan> = by_directory
        .into_par_iter()
        .map(|(directory, files)| {
            plan_directory(directory, files, |file| {
                if inside(file) {
                    classify(file, max_file_size)
                } else {
                    Role::Standalone
                }
            })
        })
        .collect();
    let mut projects = Vec::new();
    let mut not_linted = Vec::new();
    for plan in found {
        projects.extend(plan.projects);
        not_linted.extend(plan.not_linted);
    }
    if projects.is_empty() && not_linted.is_empty() && errors.is_empty() {
        errors.push(Error::NoComposeFile(root.to_path_buf()));
    }
    Discovery {
        projects,
        not_linted,
        errors,
    }
}

/// The compose-like files under `root`, by directory, and what could not
/// be searched.
fn compose_like_files(root: &Path) -> (BTreeMap<PathBuf, Vec<PathBuf>>, Vec<Error>) {
    let mut by_directory: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut errors = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry
                    .file_type()
                    .is_some_and(|t| t.is_file() || t.is_symlink());
                if is_file && is_compose_like_name(entry.path()) {
                    // `./compose.yaml` reads better as `compose.yaml`.
                    let path = match entry.path().strip_prefix(".") {
                        Ok(relative) if root == Path::new(".") => relative.to_path_buf(),
                        _ => entry.into_path(),
                    };
                    let directory = path.parent().map(Path::to_path_buf).unwrap_or_default();
                    by_directory.entry(directory).or_default().push(path);
                }
            }
            Err(error) => errors.push(walk_error(root, error)),
        }
    }
    (by_directory, errors)
}

/// What a compose-like file is to a search, judged from its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Linted on its own: its services are whole, or it cannot be read or
    /// parsed (linting it reports why).
    Standalone,
    /// Some services lack `image`, `build` and `extends`: it adds to
    /// services of a file loaded before it.
    Override,
    NotLinted(NotLintedReason),
}

/// The projects of one directory and its compose-like files left out.
#[derive(Debug, Default)]
struct DirectoryPlan {
    projects: Vec<ProjectSpec>,
    not_linted: Vec<NotLinted>,
}

/// Decides what to lint in `directory`, whose compose-like files are
/// `files`; `classify` reads one of them (the default file and the default
/// override are loaded by the directory's own project, so never read here).
fn plan_directory(
    directory: PathBuf,
    mut files: Vec<PathBuf>,
    classify: impl Fn(&Path) -> Role,
) -> DirectoryPlan {
    files.sort();
    let first_named = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| files.iter().find(|file| file_name(file) == Some(name)))
            .cloned()
    };
    // The file Compose picks; the others are passed over, as `-f` files.
    let base = first_named(&COMPOSE_FILE_NAMES);
    // Compose loads an override file only together with a default file.
    let default_override = base.as_ref().and(first_named(&OVERRIDE_FILE_NAMES));
    let mut plan = DirectoryPlan::default();
    if base.is_some() {
        plan.projects.push(ProjectSpec::in_directory(directory));
    }
    for file in files {
        if Some(&file) == base.as_ref() || Some(&file) == default_override.as_ref() {
            continue;
        }
        let is_override_name = file_name(&file).is_some_and(|n| OVERRIDE_FILE_NAMES.contains(&n));
        let role = if is_override_name && base.is_none() {
            Role::Override
        } else {
            classify(&file)
        };
        match (role, &base) {
            (Role::Standalone, _) => plan.projects.push(ProjectSpec::from_files([file])),
            // The project directory is the base's, as with `-f base -f file`.
            (Role::Override, Some(base)) => plan
                .projects
                .push(ProjectSpec::from_files([base.clone(), file])),
            (Role::Override, None) => plan.not_linted.push(NotLinted {
                path: file,
                reason: NotLintedReason::OverrideWithoutBase,
            }),
            (Role::NotLinted(reason), _) => plan.not_linted.push(NotLinted { path: file, reason }),
        }
    }
    plan
}

/// Reads `path` (once, up to `max_file_size` bytes) and judges it.
fn classify(path: &Path, max_file_size: u64) -> Role {
    match read_file(path, max_file_size) {
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(text) => classify_text(text),
            // Linting it reports the bad byte.
            Err(_) => Role::Standalone,
        },
        Err(Error::TooLarge { size, limit, .. }) => {
            Role::NotLinted(NotLintedReason::TooLarge { size, limit })
        }
        // Linting it reports why it cannot be read.
        Err(_) => Role::Standalone,
    }
}

/// Judges a compose-like file by its top-level keys and its services,
/// across all its documents.
fn classify_text(text: &str) -> Role {
    let parsed = crate::yaml::parse(text);
    if parsed.documents.is_empty() && !parsed.problems.is_empty() {
        // Not YAML: linted on its own, so the syntax error is reported.
        return Role::Standalone;
    }
    let mut is_compose = false;
    let mut adds_to_services = false;
    for document in &parsed.documents {
        let Some(top) = document.value().as_object() else {
            continue;
        };
        // A file of `include`s alone is a project too.
        is_compose |= top.contains_key("include");
        if let Some(services) = top.get("services") {
            is_compose = true;
            if let Some(services) = services.as_object() {
                adds_to_services |= services.values().any(only_adds_to_a_service);
            }
        }
    }
    if !is_compose {
        Role::NotLinted(NotLintedReason::NoServices)
    } else if adds_to_services {
        Role::Override
    } else {
        Role::Standalone
    }
}

/// True when `service` has nothing to run on its own (no `image`, `build`
/// or `extends`): it can only add to a service of the same name defined in
/// a file loaded before it.
fn only_adds_to_a_service(service: &serde_json::Value) -> bool {
    match service {
        serde_json::Value::Null => true,
        serde_json::Value::Object(keys) => !["image", "build", "extends"]
            .iter()
            .any(|key| keys.contains_key(*key)),
        // Not a mapping: a schema error, which linting on its own reports.
        _ => false,
    }
}

fn walk_error(root: &Path, error: ignore::Error) -> Error {
    let path = walk_error_path(&error).unwrap_or_else(|| root.to_path_buf());
    // The walker's own message repeats the path; keep only the OS's words.
    match error.into_io_error() {
        Some(source) if source.kind() == std::io::ErrorKind::NotFound => Error::NotFound(path),
        Some(source) => Error::Io {
            path,
            source: source
                .raw_os_error()
                .map_or(source, std::io::Error::from_raw_os_error),
        },
        None => Error::Io {
            path,
            source: std::io::Error::other("cannot be searched"),
        },
    }
}

fn walk_error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A directory under the system's temporary directory, removed when
    /// dropped.
    struct TempTree(PathBuf);

    impl TempTree {
        fn new(name: &str, files: &[(&str, &str)]) -> Self {
            let root = std::env::temp_dir().join(format!(
                "compose-lint-discover-{name}-{}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&root);
            for (path, text) in files {
                let path = root.join(path);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
                }
                std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
            std::fs::create_dir_all(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
            Self(root)
        }
    }

    impl Drop for TempTree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const WHOLE: &str = "services:\n  web:\n    image: nginx:1.27\n";
    const ADDS: &str = "services:\n  web:\n    ports: ['8080:80']\n";

    /// The plan for a directory `dir` of `files`, judged by name:
    /// `whole*` files are standalone, `adds*` files overrides, `none*` files
    /// have no services.
    fn plan(files: &[&str]) -> DirectoryPlan {
        let paths = files
            .iter()
            .map(|name| Path::new("dir").join(name))
            .collect();
        plan_directory(PathBuf::from("dir"), paths, |file| {
            let name = file_name(file).unwrap_or_default();
            if name.contains("whole") {
                Role::Standalone
            } else if name.contains("adds") {
                Role::Override
            } else if name.contains("none") {
                Role::NotLinted(NotLintedReason::NoServices)
            } else {
                panic!("{name} should not be read")
            }
        })
    }

    fn files_of(plan: &DirectoryPlan) -> Vec<Vec<String>> {
        plan.projects
            .iter()
            .map(|spec| {
                spec.files()
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect()
            })
            .collect()
    }

    fn not_linted(plan: &DirectoryPlan) -> Vec<(String, NotLintedReason)> {
        plan.not_linted
            .iter()
            .map(|n| (n.path.display().to_string(), n.reason))
            .collect()
    }

    #[test]
    fn compose_like_names_are_matched_case_sensitively() {
        for name in [
            "compose.yaml",
            "compose.monitoring.yaml",
            "compose.override.yml",
            "docker-compose.prod.yml",
            "docker-compose-dev.yaml",
            "docker-stack.yml",
            "stack.yaml",
            "monitoring-stack.yml",
        ] {
            assert!(is_compose_like_name(Path::new(name)), "{name}");
        }
        for name in [
            "Compose.yaml",
            "docker-Compose.yml",
            "compose.yaml.bak",
            "compose.json",
            "prometheus.yml",
            "my-compose.yaml",
            "STACK.yml",
        ] {
            assert!(!is_compose_like_name(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn whole_services_make_a_standalone_file() {
        assert_eq!(classify_text(WHOLE), Role::Standalone);
        let built_and_extended =
            "services:\n  api:\n    build: .\n  worker:\n    extends:\n      service: api\n";
        assert_eq!(classify_text(built_and_extended), Role::Standalone);
        // An image from a merge key counts.
        let anchored = "x-base: &base\n  image: nginx\nservices:\n  web:\n    <<: *base\n";
        assert_eq!(classify_text(anchored), Role::Standalone);
        assert_eq!(classify_text("services: {}\n"), Role::Standalone);
        assert_eq!(
            classify_text("include:\n  - db/compose.yaml\n"),
            Role::Standalone
        );
    }

    #[test]
    fn a_service_without_image_build_or_extends_makes_an_override() {
        assert_eq!(classify_text(ADDS), Role::Override);
        assert_eq!(classify_text("services:\n  web:\n"), Role::Override);
        let mixed = format!("{WHOLE}  cache:\n    environment:\n      A: b\n");
        assert_eq!(classify_text(&mixed), Role::Override);
    }

    #[test]
    fn files_without_top_level_services_are_not_compose_files() {
        let fragment = "x-logging: &logging\n  driver: json-file\n";
        let manifest =
            "apiVersion: apps/v1\nkind: Deployment\n---\napiVersion: v1\nkind: Service\n";
        let nested = "stack:\n  services:\n    web:\n      image: nginx\n";
        for text in [fragment, manifest, nested, "", "- a\n- b\n", "just text\n"] {
            assert_eq!(
                classify_text(text),
                Role::NotLinted(NotLintedReason::NoServices),
                "{text:?}"
            );
        }
    }

    #[test]
    fn services_in_any_document_count() {
        let text = format!("x-a: 1\n---\n{ADDS}");
        assert_eq!(classify_text(&text), Role::Override);
    }

    #[test]
    fn text_that_is_not_yaml_is_linted_to_report_the_error() {
        assert_eq!(classify_text("services: [\n"), Role::Standalone);
        assert_eq!(
            classify_text("services:\n  web: *nowhere\n"),
            Role::Standalone
        );
        // Services that are not a mapping are a schema error linting reports.
        assert_eq!(classify_text("services: [web]\n"), Role::Standalone);
    }

    #[test]
    fn the_default_file_and_its_override_are_the_directory_project() {
        let planned = plan(&["compose.override.yaml", "compose.yaml"]);
        assert_eq!(planned.projects, [ProjectSpec::in_directory("dir")]);
        assert!(planned.not_linted.is_empty());
    }

    #[test]
    fn other_files_are_linted_alone_or_merged_onto_the_default_file() {
        let planned = plan(&[
            "docker-compose.yml",
            "docker-compose.whole.yml",
            "docker-compose.adds.yml",
            "none-stack.yml",
        ]);
        assert_eq!(planned.projects[0], ProjectSpec::in_directory("dir"));
        assert_eq!(
            files_of(&planned)[1..],
            [
                vec!["dir/docker-compose.yml", "dir/docker-compose.adds.yml"],
                vec!["dir/docker-compose.whole.yml"],
            ]
        );
        assert_eq!(
            not_linted(&planned),
            [(
                "dir/none-stack.yml".to_string(),
                NotLintedReason::NoServices
            )]
        );
    }

    #[test]
    fn the_base_is_the_default_file_compose_prefers() {
        let planned = plan_directory(
            PathBuf::from("dir"),
            ["docker-compose.yml", "compose.yml", "compose.adds.yaml"]
                .iter()
                .map(|name| Path::new("dir").join(name))
                .collect(),
            |file| match file_name(file) {
                Some("docker-compose.yml") => Role::Standalone,
                _ => Role::Override,
            },
        );
        assert_eq!(planned.projects[0], ProjectSpec::in_directory("dir"));
        // The default file Compose passes over is judged like any other.
        assert_eq!(
            files_of(&planned)[1..],
            [
                vec!["dir/compose.yml", "dir/compose.adds.yaml"],
                vec!["dir/docker-compose.yml"],
            ]
        );
    }

    #[test]
    fn a_second_override_name_is_judged_like_any_other_file() {
        let read = std::cell::RefCell::new(Vec::new());
        let judged = plan_directory(
            PathBuf::from("dir"),
            [
                "compose.yaml",
                "compose.override.yml",
                "compose.override.yaml",
            ]
            .iter()
            .map(|name| Path::new("dir").join(name))
            .collect(),
            |file| {
                read.borrow_mut().push(file.display().to_string());
                Role::Override
            },
        );
        // Compose loads `compose.override.yml`; only the other one is read.
        assert_eq!(read.into_inner(), ["dir/compose.override.yaml"]);
        assert_eq!(judged.projects[0], ProjectSpec::in_directory("dir"));
        assert_eq!(
            files_of(&judged)[1..],
            [["dir/compose.yaml", "dir/compose.override.yaml"]]
        );
    }

    #[test]
    fn overrides_without_a_base_are_listed_not_linted() {
        let without_base = plan(&["compose.override.yaml", "docker-compose.adds.yml"]);
        assert!(without_base.projects.is_empty());
        assert_eq!(
            not_linted(&without_base),
            [
                (
                    "dir/compose.override.yaml".to_string(),
                    NotLintedReason::OverrideWithoutBase
                ),
                (
                    "dir/docker-compose.adds.yml".to_string(),
                    NotLintedReason::OverrideWithoutBase
                ),
            ]
        );
        // A file of whole services needs no base.
        let whole = plan(&["compose.whole.yaml"]);
        assert_eq!(files_of(&whole), [["dir/compose.whole.yaml"]]);
    }

    #[test]
    fn a_search_reads_each_candidate_and_lists_what_it_leaves_out() {
        let tree = TempTree::new(
            "search",
            &[
                ("app/docker-compose.yml", WHOLE),
                ("app/docker-compose.prod.yml", ADDS),
                ("app/docker-stack.yml", WHOLE),
                ("app/compose.fragment.yaml", "x-logging:\n  driver: local\n"),
                ("app/README.md", "services:\n"),
                ("dev/compose.override.yaml", ADDS),
                (
                    "big/compose.big.yaml",
                    &format!("{WHOLE}# {}\n", "x".repeat(64)),
                ),
            ],
        );
        let big_size = WHOLE.len() + 2 + 64 + 1;
        let found = discover_with_max_file_size(&tree.0, 64);
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        let relative = |path: &Path| {
            path.strip_prefix(&tree.0)
                .unwrap_or(path)
                .display()
                .to_string()
        };
        let projects: Vec<Vec<String>> = found
            .projects
            .iter()
            .map(|spec| spec.files().iter().map(|f| relative(f)).collect())
            .collect();
        assert_eq!(
            projects,
            [
                vec![],
                vec!["app/docker-compose.yml", "app/docker-compose.prod.yml"],
                vec!["app/docker-stack.yml"],
            ]
        );
        assert_eq!(found.projects[0].directory(), tree.0.join("app"));
        let left_out: Vec<(String, String)> = found
            .not_linted
            .iter()
            .map(|n| (relative(&n.path), n.reason.to_string()))
            .collect();
        assert_eq!(
            left_out,
            [
                (
                    "app/compose.fragment.yaml".to_string(),
                    "no top-level `services:` mapping".to_string()
                ),
                (
                    "big/compose.big.yaml".to_string(),
                    format!("larger than the size limit ({big_size} bytes; the limit is 64)")
                ),
                (
                    "dev/compose.override.yaml".to_string(),
                    "an override without a base file".to_string()
                ),
            ]
        );
    }

    #[test]
    fn only_files_left_out_are_not_a_missing_compose_file() {
        let tree = TempTree::new("left-out", &[("compose.override.yaml", ADDS)]);
        let found = discover(&tree.0);
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        assert!(found.projects.is_empty());
        assert_eq!(found.not_linted.len(), 1);

        let tree = TempTree::new("nothing", &[("README.md", "services:\n")]);
        let found = discover(&tree.0);
        assert!(matches!(found.errors[..], [Error::NoComposeFile(_)]));
    }

    #[test]
    fn files_that_do_not_parse_are_linted_to_report_why() {
        let tree = TempTree::new("unparsable", &[("compose.broken.yaml", "services: [\n")]);
        let not_utf8 = tree.0.join("stack.yml");
        std::fs::write(&not_utf8, b"services:\n  web:\n    image: \xff\n")
            .unwrap_or_else(|e| panic!("{}: {e}", not_utf8.display()));
        let found = discover(&tree.0);
        let files: Vec<&[PathBuf]> = found.projects.iter().map(ProjectSpec::files).collect();
        assert_eq!(
            files,
            [
                [tree.0.join("compose.broken.yaml")],
                [tree.0.join("stack.yml")]
            ]
        );
        assert!(found.not_linted.is_empty());
    }
}
