//! Cycle search for validation: one elementary cycle per strongly connected component.
//!
//! Uses petgraph's `kosaraju_scc` (iterative, so a long chain of interventions cannot overflow the
//! stack the way a recursive search could), then a breadth-first search inside each component for
//! the shortest cycle through its first node.

use std::collections::{HashMap, HashSet, VecDeque};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use super::scenario::Scenario;
use crate::error::{Issue, IssueKind};

/// Document path of link `e` of [`Scenario::all_links`] (built only for a cycle): `links[k]` for
/// explicit links, then `interventions[i].after[k]` for the shorthand.
fn link_path(sc: &Scenario, e: usize) -> Option<String> {
    if e < sc.links.len() {
        return Some(format!("links[{e}]"));
    }
    let mut k = e - sc.links.len();
    for (i, iv) in sc.interventions.iter().enumerate() {
        if k < iv.after.len() {
            return Some(format!("interventions[{i}].after[{k}]"));
        }
        k -= iv.after.len();
    }
    None
}

/// The dependency graph among known, distinct interventions. Node weight: intervention index
/// (first occurrence of its id); edge weight: index into `paths`. Self links and links to unknown
/// ids are left out (they are reported elsewhere).
fn build_graph(sc: &Scenario) -> DiGraph<usize, usize> {
    let mut graph = DiGraph::new();
    let mut nodes: HashMap<&str, NodeIndex> = HashMap::with_capacity(sc.interventions.len());
    for (i, iv) in sc.interventions.iter().enumerate() {
        if !nodes.contains_key(iv.id.as_str()) {
            nodes.insert(iv.id.as_str(), graph.add_node(i));
        }
    }
    for (e, (from, to, ..)) in sc.link_refs().enumerate() {
        let from = nodes.get(from);
        let to = nodes.get(to);
        if let (Some(&a), Some(&b)) = (from, to) {
            if a != b {
                graph.add_edge(a, b, e);
            }
        }
    }
    graph
}

/// Shortest cycle through `start` staying inside `members`: its nodes in order (starting at
/// `start`) and the edge weight of the edge that closes it back to `start`.
fn cycle_through(
    graph: &DiGraph<usize, usize>,
    start: NodeIndex,
    members: &[NodeIndex],
) -> Option<(Vec<NodeIndex>, usize)> {
    let inside: HashSet<NodeIndex> = members.iter().copied().collect();
    // Predecessor on the BFS tree of every node reached so far (start has none).
    let mut parent: HashMap<NodeIndex, NodeIndex> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for edge in graph.edges(node) {
            let next = edge.target();
            if next == start {
                let mut cycle = vec![node];
                let mut at = node;
                while let Some(&p) = parent.get(&at) {
                    cycle.push(p);
                    at = p;
                }
                cycle.reverse();
                return Some((cycle, *edge.weight()));
            }
            if inside.contains(&next) && !parent.contains_key(&next) {
                parent.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

/// One [`IssueKind::Cycle`] issue per strongly connected component with more than one node,
/// naming the cycle (`a -> b -> c -> a`, starting at the component's earliest intervention) at the
/// path of the link that closes it.
pub(crate) fn cycle_issues(sc: &Scenario) -> Vec<Issue> {
    let graph = build_graph(sc);
    let mut found: Vec<(usize, Issue)> = Vec::new();
    for mut scc in kosaraju_scc(&graph) {
        if scc.len() < 2 {
            continue;
        }
        scc.sort_by_key(|n| graph.node_weight(*n).copied().unwrap_or(usize::MAX));
        let Some(&start) = scc.first() else { continue };
        let Some((cycle, edge)) = cycle_through(&graph, start, &scc) else {
            continue;
        };
        let id = |n: &NodeIndex| {
            graph
                .node_weight(*n)
                .and_then(|i| sc.interventions.get(*i))
                .map_or("?", |iv| iv.id.as_str())
        };
        let mut names: Vec<&str> = cycle.iter().map(id).collect();
        names.push(id(&start));
        let path = link_path(sc, edge).unwrap_or_else(|| "links".into());
        let message = format!("dependency cycle {}", names.join(" -> "));
        let order = graph.node_weight(start).copied().unwrap_or(usize::MAX);
        found.push((order, Issue::new(IssueKind::Cycle, path, message)));
    }
    found.sort_by_key(|(order, _)| *order);
    found.into_iter().map(|(_, issue)| issue).collect()
}
