//! The startup graph of a project: which service Compose starts before
//! which. Services are the nodes, in the order they were written; each
//! `depends_on` entry, `links` entry, `volumes_from` entry naming a service
//! and `network_mode: service:…` (or `ipc`, `pid`, `uts`, `cgroup`) is an edge from the service that wrote it
//! to the service it names, with the model pointer of the place it was
//! written.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write;

use petgraph::algo::tarjan_scc;
use petgraph::graphmap::DiGraphMap;

use super::model::{Element, services};
use super::value::Value;
use crate::location::{Location, Part};
use crate::project::Project;

/// How one service depends on another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// A `depends_on` entry.
    DependsOn {
        condition: String,
        /// False when `required: false`: Compose goes on without the service.
        required: bool,
        restart: bool,
    },
    /// A `links` entry (`svc` or `svc:alias`).
    Links,
    /// A `volumes_from` entry (`svc` or `svc:ro`).
    VolumesFrom,
    /// `network_mode: service:svc`, or `ipc`, `pid`, `uts` or `cgroup`
    /// sharing another service's namespace the same way: the key.
    Namespace(&'static str),
}

impl EdgeKind {
    /// The label the graph output shows: the condition, or the kind.
    pub fn label(&self) -> &str {
        match self {
            Self::DependsOn { condition, .. } => condition,
            Self::Links => "links",
            Self::VolumesFrom => "volumes_from",
            Self::Namespace(key) => key,
        }
    }

    /// False only for `depends_on` with `required: false`.
    pub fn is_required(&self) -> bool {
        !matches!(
            self,
            Self::DependsOn {
                required: false,
                ..
            }
        )
    }

    /// The key the edge is written under, for messages.
    pub fn key(&self) -> &'static str {
        match self {
            Self::DependsOn { .. } => "depends_on",
            Self::Links => "links",
            Self::VolumesFrom => "volumes_from",
            Self::Namespace(key) => key,
        }
    }
}

/// One dependency, as written.
#[derive(Clone, Debug)]
pub struct Edge {
    /// The service that depends.
    pub from: String,
    /// The service it names.
    pub to: String,
    pub kind: EdgeKind,
    /// The model pointer of the entry that wrote it.
    pub pointer: String,
    /// The part of the entry to point at: the key of a `depends_on` entry,
    /// the whole value otherwise.
    pub part: Part,
}

impl Edge {
    /// Where the dependency is written, in the resolved project.
    pub fn location(&self) -> Location {
        Location::model(self.pointer.clone(), self.part.clone())
    }
}

/// The dependencies `service` (called `name`) writes, in order:
/// `depends_on`, `links`, `volumes_from`, then the namespaces
/// (`network_mode`, `ipc`, `pid`, `uts`, `cgroup`).
pub fn service_edges(name: &str, service: &Value) -> Vec<Edge> {
    let element = Element {
        name,
        value: service,
    };
    let mut edges = Vec::new();
    if let Some(depends_on) = service.get("depends_on").and_then(Value::as_mapping) {
        for (target, entry) in depends_on {
            let condition = entry
                .get("condition")
                .and_then(Value::as_str)
                .unwrap_or("service_started")
                .to_string();
            let required = entry.get("required").and_then(Value::as_bool) != Some(false);
            let restart = entry.get("restart").and_then(Value::as_bool) == Some(true);
            edges.push(Edge {
                from: name.to_string(),
                to: target.clone(),
                kind: EdgeKind::DependsOn {
                    condition,
                    required,
                    restart,
                },
                pointer: element.pointer("services", &["depends_on", target]),
                part: Part::Key,
            });
        }
    }
    for (key, kind) in [
        ("links", EdgeKind::Links),
        ("volumes_from", EdgeKind::VolumesFrom),
    ] {
        let Some(items) = service.get(key).and_then(Value::as_sequence) else {
            continue;
        };
        for (index, item) in items.iter().enumerate() {
            let Some(text) = item.as_str() else {
                continue;
            };
            let target = match kind {
                EdgeKind::VolumesFrom => {
                    if text.starts_with("container:") {
                        continue;
                    }
                    text.strip_prefix("service:").unwrap_or(text)
                }
                _ => text,
            };
            let target = target.split(':').next().unwrap_or(target).trim();
            if target.is_empty() {
                continue;
            }
            edges.push(Edge {
                from: name.to_string(),
                to: target.to_string(),
                kind: kind.clone(),
                pointer: element.pointer("services", &[key, &index.to_string()]),
                part: Part::Value,
            });
        }
    }
    for key in ["network_mode", "ipc", "pid", "uts", "cgroup"] {
        if let Some(target) = service
            .get(key)
            .and_then(Value::as_str)
            .and_then(|mode| mode.strip_prefix("service:"))
            .map(str::trim)
            .filter(|target| !target.is_empty())
        {
            edges.push(Edge {
                from: name.to_string(),
                to: target.to_string(),
                kind: EdgeKind::Namespace(key),
                pointer: element.pointer("services", &[key]),
                part: Part::Value,
            });
        }
    }
    edges
}

/// The services of a project and the dependencies between them.
#[derive(Clone, Debug, Default)]
pub struct StartupGraph {
    /// Service names, in the order they were written.
    pub services: Vec<String>,
    /// Every dependency, by service then as written.
    pub edges: Vec<Edge>,
}

impl StartupGraph {
    /// The graph of the resolved project (after profiles are applied).
    pub fn of(project: &Project) -> Self {
        let mut graph = Self::default();
        for service in services(project) {
            graph.services.push(service.name.to_string());
            graph
                .edges
                .extend(service_edges(service.name, service.value));
        }
        graph
    }

    /// The position of `name` in written order.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.services.iter().position(|s| s == name)
    }

    /// Every cycle, once each: the indices into `edges` of its edges, in
    /// order, starting at the earliest-written service of the cycle. One
    /// cycle is given for each group of services that depend on each other,
    /// and one for each service that depends on itself.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let index: HashMap<&str, usize> = self
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        let mut graph = DiGraphMap::<usize, (), std::hash::RandomState>::default();
        for i in 0..self.services.len() {
            graph.add_node(i);
        }
        // The first edge written between two services stands for them all.
        let mut first_edge: HashMap<(usize, usize), usize> = HashMap::new();
        for (e, edge) in self.edges.iter().enumerate() {
            let (Some(&from), Some(&to)) =
                (index.get(edge.from.as_str()), index.get(edge.to.as_str()))
            else {
                continue;
            };
            first_edge.entry((from, to)).or_insert(e);
            graph.add_edge(from, to, ());
        }
        let mut cycles = Vec::new();
        for component in tarjan_scc(&graph) {
            let Some(&start) = component.iter().min() else {
                continue;
            };
            if component.len() == 1 {
                if let Some(&e) = first_edge.get(&(start, start)) {
                    cycles.push(vec![e]);
                }
                continue;
            }
            // The shortest way back to `start`, inside the component, taking
            // earlier-written services first.
            let mut previous: HashMap<usize, usize> = HashMap::new();
            let mut queue = VecDeque::from([start]);
            let mut closing = None;
            'search: while let Some(node) = queue.pop_front() {
                let mut next: Vec<usize> = graph
                    .neighbors(node)
                    .filter(|n| component.contains(n))
                    .collect();
                next.sort_unstable();
                for n in next {
                    if n == start {
                        closing = Some(node);
                        break 'search;
                    }
                    if n != node && !previous.contains_key(&n) {
                        previous.insert(n, node);
                        queue.push_back(n);
                    }
                }
            }
            let Some(last) = closing else {
                continue;
            };
            let mut path = vec![last];
            let mut node = last;
            while node != start {
                let Some(&p) = previous.get(&node) else {
                    break;
                };
                path.push(p);
                node = p;
            }
            path.reverse();
            path.push(start);
            let edges: Vec<usize> = path
                .windows(2)
                .filter_map(|pair| first_edge.get(&(pair[0], pair[1])).copied())
                .collect();
            if edges.len() == path.len() - 1 {
                cycles.push(edges);
            }
        }
        cycles.sort_by_key(|edges| edges.first().copied());
        cycles
    }
}

fn dot_id(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The graph in Graphviz's DOT language: an edge points from a service to
/// the one it depends on, labelled with the condition or the kind, dashed
/// when the dependency is not required.
pub fn to_dot(graph: &StartupGraph) -> String {
    let mut out = String::from("digraph startup {\n  rankdir=LR;\n  node [shape=box];\n");
    for service in &graph.services {
        let _ = writeln!(out, "  {};", dot_id(service));
    }
    for edge in &graph.edges {
        let style = if edge.kind.is_required() {
            ""
        } else {
            ", style=dashed"
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}{style}];",
            dot_id(&edge.from),
            dot_id(&edge.to),
            dot_id(edge.kind.label())
        );
    }
    out.push_str("}\n");
    out
}

/// The graph as a Mermaid flowchart, with the same edges as [`to_dot`].
pub fn to_mermaid(graph: &StartupGraph) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut id_of: HashMap<String, String> = HashMap::new();
    for service in &graph.services {
        node_id(&mut id_of, &mut out, service);
    }
    for edge in &graph.edges {
        let from = node_id(&mut id_of, &mut out, &edge.from);
        let to = node_id(&mut id_of, &mut out, &edge.to);
        let arrow = if edge.kind.is_required() {
            "-->"
        } else {
            "-.->"
        };
        let _ = writeln!(
            out,
            "  {from} {arrow}|{}| {to}",
            mermaid_text(edge.kind.label())
        );
    }
    out
}

/// The Mermaid id of `name`, declaring a node for a service the project
/// does not define.
fn node_id(ids: &mut HashMap<String, String>, out: &mut String, name: &str) -> String {
    if let Some(id) = ids.get(name) {
        return id.clone();
    }
    let id = format!("s{}", ids.len());
    let _ = writeln!(out, "  {id}[\"{}\"]", mermaid_text(name));
    ids.insert(name.to_string(), id.clone());
    id
}

fn mermaid_text(text: &str) -> String {
    text.replace('"', "#quot;").replace('|', "#124;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(services: &[&str], edges: &[(&str, &str)]) -> StartupGraph {
        StartupGraph {
            services: services.iter().map(|s| s.to_string()).collect(),
            edges: edges
                .iter()
                .map(|(from, to)| Edge {
                    from: from.to_string(),
                    to: to.to_string(),
                    kind: EdgeKind::Links,
                    pointer: String::new(),
                    part: Part::Value,
                })
                .collect(),
        }
    }

    fn paths(graph: &StartupGraph) -> Vec<String> {
        graph
            .cycles()
            .iter()
            .map(|cycle| {
                let mut path = vec![graph.edges[cycle[0]].from.clone()];
                path.extend(cycle.iter().map(|&e| graph.edges[e].to.clone()));
                path.join(" -> ")
            })
            .collect()
    }

    #[test]
    fn each_cycle_starts_at_its_earliest_service() {
        let g = graph(
            &["a", "b", "c", "d", "e"],
            &[
                ("c", "a"),
                ("a", "b"),
                ("b", "c"),
                ("e", "d"),
                ("d", "e"),
                ("b", "d"),
            ],
        );
        assert_eq!(paths(&g), ["a -> b -> c -> a", "d -> e -> d"]);
    }

    #[test]
    fn self_dependency_and_undefined_services() {
        let g = graph(&["a", "b"], &[("a", "a"), ("b", "missing"), ("b", "a")]);
        assert_eq!(paths(&g), ["a -> a"]);
    }

    #[test]
    fn chains_have_no_cycle() {
        let g = graph(&["a", "b", "c"], &[("a", "b"), ("b", "c"), ("a", "c")]);
        assert!(g.cycles().is_empty());
    }
}
