//! The startup graph of a project: which service Compose starts before
//! which. Services are the nodes, in the order they were written; each
//! `depends_on` entry, `links` entry, `volumes_from` entry naming a service
//! and `network_mode: service:…` (or `ipc`, `pid`, `uts`, `cgroup`) is an edge from the service that wrote it
//! to the service it names, with the model pointer of the place it was
//! written.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::fmt::Write;

use super::services;
use crate::compose::model::Element;
use crate::compose::value::Value;
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
                to: target.to_string(),
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
    /// The position of each service in `services`, when built by
    /// [`StartupGraph::of`].
    positions: HashMap<String, usize>,
}

impl StartupGraph {
    /// The graph of the resolved project (after profiles are applied).
    pub fn of(project: &Project) -> Self {
        let mut graph = Self::default();
        for service in services(project) {
            graph
                .positions
                .entry(service.name.to_string())
                .or_insert(graph.services.len());
            graph.services.push(service.name.to_string());
            graph
                .edges
                .extend(service_edges(service.name, service.value));
        }
        graph
    }

    /// The position of `name` in written order.
    pub fn index(&self, name: &str) -> Option<usize> {
        if self.positions.len() == self.services.len() {
            return self.positions.get(name).copied();
        }
        self.services.iter().position(|s| s == name)
    }

    /// Every cycle, once each: the indices into `edges` of its edges, in
    /// order, starting at the earliest-written service of the cycle. One
    /// cycle is given for each group of services that depend on each other,
    /// and one for each service that depends on itself.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, service) in self.services.iter().enumerate() {
            index.entry(service.as_str()).or_insert(i);
        }
        // The services each one depends on, earliest-written first.
        let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); self.services.len()];
        // The first edge written between two services stands for them all.
        let mut first_edge: HashMap<(usize, usize), usize> = HashMap::new();
        for (e, edge) in self.edges.iter().enumerate() {
            let (Some(&from), Some(&to)) =
                (index.get(edge.from.as_str()), index.get(edge.to.as_str()))
            else {
                continue;
            };
            if let Entry::Vacant(slot) = first_edge.entry((from, to)) {
                slot.insert(e);
                adjacency[from].push(to);
            }
        }
        for next in &mut adjacency {
            next.sort_unstable();
        }
        let component = strongly_connected(&adjacency);
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (node, &c) in component.iter().enumerate() {
            if members.len() <= c {
                members.resize_with(c + 1, Vec::new);
            }
            members[c].push(node);
        }
        let mut cycles = Vec::new();
        for (c, group) in members.iter().enumerate() {
            let Some(&start) = group.iter().min() else {
                continue;
            };
            if group.len() == 1 {
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
                for &n in adjacency[node].iter().filter(|&&n| component[n] == c) {
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

/// The strongly connected components of the graph whose node `n` depends
/// on the nodes `adjacency[n]`: the component number of each node.
///
/// Tarjan's algorithm with an explicit stack of the nodes being visited
/// instead of recursion, so that a chain of any length (a project of
/// 100,000 services, each depending on the next) is followed in constant
/// call-stack space.
fn strongly_connected(adjacency: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let count = adjacency.len();
    let mut order = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNSEEN; count];
    // The nodes of components not yet complete.
    let mut stack: Vec<usize> = Vec::new();
    // The nodes being visited, each with how many of its edges are done.
    let mut visiting: Vec<(usize, usize)> = Vec::new();
    let mut next_order = 0;
    let mut components = 0;
    for root in 0..count {
        if order[root] != UNSEEN {
            continue;
        }
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        visiting.push((root, 0));
        while let Some(top) = visiting.last_mut() {
            let node = top.0;
            if let Some(&next) = adjacency[node].get(top.1) {
                top.1 += 1;
                if order[next] == UNSEEN {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    visiting.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            // Every edge of `node` is done: back to the node that reached it.
            visiting.pop();
            if let Some(&(parent, _)) = visiting.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
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
            positions: HashMap::new(),
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

    /// A chain of 200,000 services, and the same chain closed into one
    /// cycle: followed without recursion, so without overflowing the stack
    /// of a test thread.
    #[test]
    fn long_chains_and_cycles_need_no_deep_stack() {
        let count = 200_000;
        let names: Vec<String> = (0..count).map(|i| format!("s{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut edges: Vec<(&str, &str)> = names.windows(2).map(|w| (w[0], w[1])).collect();
        let chain = graph(&names, &edges);
        assert!(chain.cycles().is_empty());
        edges.push((names[count - 1], names[0]));
        let cycle = graph(&names, &edges);
        let cycles = cycle.cycles();
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), count);
        assert_eq!(cycle.edges[cycles[0][0]].from, "s0");
    }
}
