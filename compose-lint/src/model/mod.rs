//! Typed, located models of the resolved project: what rules and library
//! users read instead of the value tree.
//!
//! A [`Stack`] is built once per check from a resolved [`Project`] and
//! borrows from it: each field is a [`Located`] value that points at the
//! node of the resolved tree it came from, so it can say where it was
//! written (file, line and column of the file that set it, after merging)
//! without copying the tree.
//!
//! ```
//! use compose_lint::{FileKind, Project, model::Stack};
//!
//! let mut project = Project::new(".");
//! project.add_text(
//!     "compose.yaml",
//!     FileKind::Compose,
//!     "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n".to_string(),
//! );
//! project.resolve(&Default::default());
//! let stack = Stack::of(&project);
//! for service in &stack.services {
//!     for port in &service.ports {
//!         let (file, span) = compose_lint::locate(&project, &port.location())
//!             .expect("written in compose.yaml");
//!         let line = file.line_col(span.start).line;
//!         println!("{} publishes {:?} at line {line}", service.name, port.value.published);
//!         assert_eq!(line, 5);
//!     }
//! }
//! assert_eq!(stack.services[0].ports[0].value.published, Some(8080..=8080));
//! ```

mod alertmanager;
mod configs;
mod elements;
pub mod endpoints;
pub mod graph;
mod healthcheck;
mod network;
mod prometheus;
mod resource;
mod service;
mod swarm;

pub use alertmanager::{AlertmanagerFile, MatchForm, Matching, Receiver, Route};
pub use configs::{LokiSchema, blackbox_modules, loki_active_schema, watch_action};
pub use elements::{elements, is_partial, services};
pub use healthcheck::Healthcheck;
pub use network::{Cidr, Network, NetworkAttachment};
pub use prometheus::{
    PromRule, PrometheusFile, RuleFile, RuleGroup, RuleKind, ScrapeConfig, SdConfig, TargetFile,
    TargetGroup,
};
pub use resource::{External, Resource, Volume};

pub use crate::build::{
    Copy as DockerfileCopy, Dockerfile, Stage as DockerfileStage, Syntax as DockerfileSyntax,
};
pub use crate::compose::mounts::{Mount, MountKind};
pub use crate::view::embed::Embedding;
pub use crate::view::found::FoundConfig;
pub use crate::view::{
    ContainerView, EntryAt, ImageContent, InlineFile, Listing, Opaque, Provider, Seen, ViewEntry,
};
pub use service::{EnvFile, EnvVar, PortBinding, Service};
pub use swarm::swarm_sign;

use crate::compose::value::{Origin, Value};
use crate::location::{FileId, Location, Part};
use crate::project::Project;
use crate::yaml::escape_pointer_segment;

/// The typed view of a resolved project: its services in the order they
/// were written.
#[derive(Debug)]
pub struct Stack<'p> {
    pub services: Vec<Service<'p>>,
    /// The top-level networks, in the order they were written.
    pub networks: Vec<Network<'p>>,
    /// The top-level volumes, in the order they were written.
    pub volumes: Vec<Volume<'p>>,
    /// The Prometheus configurations and scrape config files the project
    /// reads, in the order they were loaded.
    pub prometheus: Vec<PrometheusFile<'p>>,
    /// The top-level secrets and configs, in the order they were written.
    pub secrets: Vec<Resource<'p>>,
    pub configs: Vec<Resource<'p>>,
    /// The Prometheus rule files, in the order they were loaded.
    pub rule_files: Vec<RuleFile<'p>>,
    /// The files of target groups `file_sd_configs` name.
    pub target_files: Vec<TargetFile<'p>>,
    /// The Alertmanager configurations the services read.
    pub alertmanager: Vec<AlertmanagerFile<'p>>,
    /// For each file of the project, its index in `prometheus` or
    /// `rule_files`: a rule run on every file finds its model at once.
    by_file: std::collections::HashMap<FileId, usize>,
    /// Each service's index in `services`, by name.
    by_name: std::collections::HashMap<&'p str, usize>,
    /// Each network's index in `networks`, by name.
    network_index: std::collections::HashMap<&'p str, usize>,
    /// True when profiles were chosen (`--profile`, `COMPOSE_PROFILES`):
    /// the services left are exactly the ones that run.
    profiles_chosen: bool,
    /// The project, for what is built on first use.
    project: &'p Project,
    /// The startup graph, built once on first use and shared by the rules.
    graph: std::sync::OnceLock<graph::StartupGraph>,
}

impl<'p> Stack<'p> {
    /// The stack of `project`; empty before it is resolved.
    pub fn of(project: &'p Project) -> Self {
        let prometheus: Vec<PrometheusFile<'p>> = project
            .files()
            .iter()
            .filter_map(|file| PrometheusFile::of(project, file.id))
            .collect();
        let rule_files: Vec<RuleFile<'p>> = project
            .files()
            .iter()
            .filter_map(|file| RuleFile::of(project, file.id))
            .collect();
        let target_files: Vec<TargetFile<'p>> = project
            .files()
            .iter()
            .filter_map(|file| TargetFile::of(project, file.id))
            .collect();
        let by_file = prometheus
            .iter()
            .enumerate()
            .map(|(index, p)| (p.file, index))
            .chain(
                rule_files
                    .iter()
                    .enumerate()
                    .map(|(index, r)| (r.file, index)),
            )
            .chain(
                target_files
                    .iter()
                    .enumerate()
                    .map(|(index, t)| (t.file, index)),
            )
            .collect();
        let services: Vec<Service<'p>> = services(project).into_iter().map(Service::of).collect();
        let by_name = services
            .iter()
            .enumerate()
            .map(|(index, service)| (service.name, index))
            .collect();
        let networks: Vec<Network<'p>> = elements(project, "networks")
            .into_iter()
            .map(Network::of)
            .collect();
        let network_index = networks
            .iter()
            .enumerate()
            .map(|(index, network)| (network.name, index))
            .collect();
        Self {
            services,
            by_name,
            networks,
            network_index,
            project,
            graph: std::sync::OnceLock::new(),
            profiles_chosen: project
                .resolved
                .as_ref()
                .is_some_and(|r| !r.profiles.is_empty()),
            volumes: elements(project, "volumes")
                .into_iter()
                .map(Volume::of)
                .collect(),
            secrets: elements(project, "secrets")
                .into_iter()
                .map(|e| Resource::of("secrets", e))
                .collect(),
            configs: elements(project, "configs")
                .into_iter()
                .map(|e| Resource::of("configs", e))
                .collect(),
            alertmanager: project
                .files()
                .iter()
                .filter_map(|file| AlertmanagerFile::of(project, file.id))
                .collect(),
            prometheus,
            rule_files,
            target_files,
            by_file,
        }
    }

    /// The Prometheus configuration or scrape config file `file`.
    pub fn prometheus_file(&self, file: FileId) -> Option<&PrometheusFile<'p>> {
        self.prometheus
            .get(*self.by_file.get(&file)?)
            .filter(|p| p.file == file)
    }

    /// The rule file `file`.
    pub fn rule_file(&self, file: FileId) -> Option<&RuleFile<'p>> {
        self.rule_files
            .get(*self.by_file.get(&file)?)
            .filter(|r| r.file == file)
    }

    /// The Alertmanager configuration `file`.
    pub fn alertmanager_file(&self, file: FileId) -> Option<&AlertmanagerFile<'p>> {
        self.alertmanager.iter().find(|a| a.file == file)
    }

    /// The target file `file`.
    pub fn target_file(&self, file: FileId) -> Option<&TargetFile<'p>> {
        self.target_files
            .get(*self.by_file.get(&file)?)
            .filter(|t| t.file == file)
    }

    /// True when services `a` and `b` can run at the same time: always
    /// when profiles were chosen (the services left all run), else when
    /// their profiles let one `--profile` start both.
    pub fn run_together(&self, a: &Service<'_>, b: &Service<'_>) -> bool {
        self.profiles_chosen || a.can_run_with(b)
    }

    /// The startup graph of the project (after profiles are applied),
    /// built once.
    pub fn graph(&self) -> &graph::StartupGraph {
        self.graph
            .get_or_init(|| graph::StartupGraph::of(self.project))
    }

    /// The service called `name`.
    pub fn service(&self, name: &str) -> Option<&Service<'p>> {
        self.services.get(*self.by_name.get(name)?)
    }

    /// The top-level network called `name`.
    pub fn network(&self, name: &str) -> Option<&Network<'p>> {
        self.networks.get(*self.network_index.get(name)?)
    }

    /// The networks the services join: the ones they name, and `default`
    /// for a service that names none and has no `network_mode`.
    pub fn used_networks(&self) -> std::collections::HashSet<&'p str> {
        let mut used = std::collections::HashSet::new();
        for service in &self.services {
            if service.networks.is_empty() {
                if service.network_mode.is_none() {
                    used.insert("default");
                }
            } else {
                used.extend(service.networks.iter().map(|n| n.network.value));
            }
        }
        used
    }
}

/// A value and the node of the resolved project it was read from.
#[derive(Clone, Copy, Debug)]
pub struct Located<'a, T> {
    pub value: T,
    node: &'a Value,
    /// The entry of the resolved project the node is inside; its pointer
    /// is found from there when a location is asked for, so a located
    /// value costs no more than three references.
    owner: Option<Owner<'a>>,
}

impl<'a, T> Located<'a, T> {
    pub(crate) fn new(value: T, node: &'a Value, at: At<'a>) -> Self {
        Self {
            value,
            node,
            owner: at.owner,
        }
    }

    /// Where the value is written.
    pub fn location(&self) -> Location {
        Location::model(self.pointer(), Part::Value)
    }

    /// Where the key holding the value is written (the value itself for a
    /// list item).
    pub fn key_location(&self) -> Location {
        Location::model(self.pointer(), Part::Key)
    }

    /// The node's JSON pointer in the resolved project.
    fn pointer(&self) -> String {
        self.owner
            .map(|owner| owner.pointer_to(self.node))
            .unwrap_or_default()
    }

    /// The file and span that wrote the value; `None` for a value Compose
    /// makes up (a default), whose location is its nearest written parent.
    pub fn origin(&self) -> Option<Origin> {
        self.node.origin
    }

    /// The node of the resolved project.
    pub fn node(&self) -> &'a Value {
        self.node
    }
}

/// A value of a configuration file (a Prometheus configuration, say) and
/// where it is written in that file.
#[derive(Clone, Copy, Debug)]
pub struct InFile<'a, T> {
    pub value: T,
    pub file: FileId,
    node: &'a serde_json::Value,
    at: At<'a>,
}

impl<'a, T> InFile<'a, T> {
    pub(crate) fn new(value: T, file: FileId, node: &'a serde_json::Value, at: At<'a>) -> Self {
        Self {
            value,
            file,
            node,
            at,
        }
    }

    /// Where the value is written.
    pub fn location(&self) -> Location {
        Location::value(self.file, self.at.pointer())
    }

    /// Where the key holding the value is written.
    pub fn key_location(&self) -> Location {
        Location::key(self.file, self.at.pointer())
    }

    /// The value's JSON pointer in its file.
    pub fn pointer(&self) -> String {
        self.at.pointer()
    }

    /// The node of the file's document.
    pub fn node(&self) -> &'a serde_json::Value {
        self.node
    }
}

/// One step into a node: a mapping key or a list index.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// An entry of a top-level section of the resolved project, and its node.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Owner<'a> {
    section: &'static str,
    name: &'a str,
    node: &'a Value,
}

impl Owner<'_> {
    /// The pointer of `target`, a node inside this entry: the path to it
    /// is searched by address. A node that is not inside is given the
    /// entry's own pointer, its nearest written ancestor.
    fn pointer_to(&self, target: &Value) -> String {
        let mut pointer = format!("/{}/{}", self.section, escape_pointer_segment(self.name));
        let mut path = Vec::new();
        if find_path(self.node, target, &mut path) {
            for step in path {
                pointer.push('/');
                match step {
                    Step::Key(key) => pointer.push_str(&escape_pointer_segment(key)),
                    Step::Index(index) => pointer.push_str(&index.to_string()),
                }
            }
        }
        pointer
    }
}

/// The steps from `from` down to `target` (compared by address), when it
/// is inside.
fn find_path<'v>(from: &'v Value, target: &Value, path: &mut Vec<Step<'v>>) -> bool {
    use crate::compose::value::Kind;
    if std::ptr::eq(from, target) {
        return true;
    }
    match &from.kind {
        Kind::Mapping(map) => {
            for (key, value) in map.iter() {
                path.push(Step::Key(key));
                if find_path(value, target, path) {
                    return true;
                }
                path.pop();
            }
        }
        Kind::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                if find_path(item, target, path) {
                    return true;
                }
                path.pop();
            }
        }
        _ => {}
    }
    false
}

/// A JSON pointer, kept unallocated: up to six steps from the root of a
/// document (the resolved project, or a configuration file), and, in the
/// resolved project, the entry it is inside.
#[derive(Clone, Copy, Debug)]
pub(crate) struct At<'a> {
    steps: [Step<'a>; 6],
    len: u8,
    owner: Option<Owner<'a>>,
}

impl<'a> At<'a> {
    /// The root of a document.
    pub(crate) fn root() -> Self {
        Self {
            steps: [Step::Index(0); 6],
            len: 0,
            owner: None,
        }
    }

    /// An entry of a top-level section of the resolved project, whose node
    /// is `node`: `/services/web`.
    pub(crate) fn entry(section: &'static str, name: &'a str, node: &'a Value) -> Self {
        let mut at = Self::root().key(section).key(name);
        at.owner = Some(Owner {
            section,
            name,
            node,
        });
        at
    }

    /// This pointer, one step further.
    pub(crate) fn then(mut self, step: Step<'a>) -> Self {
        let slot = self.steps.get_mut(usize::from(self.len));
        debug_assert!(slot.is_some(), "a pointer of more than six steps");
        if let Some(slot) = slot {
            *slot = step;
            self.len += 1;
        }
        self
    }

    pub(crate) fn key(self, key: &'a str) -> Self {
        self.then(Step::Key(key))
    }

    pub(crate) fn index(self, index: usize) -> Self {
        self.then(Step::Index(index))
    }

    pub(crate) fn pointer(&self) -> String {
        let mut pointer = String::new();
        for step in &self.steps[..usize::from(self.len)] {
            pointer.push('/');
            match step {
                Step::Key(key) => pointer.push_str(&escape_pointer_segment(key)),
                Step::Index(index) => pointer.push_str(&index.to_string()),
            }
        }
        pointer
    }
}
