//! Scenario -> Network: the dependency graph compiled into flat arrays in topological order.
//!
//! A [`Network`] is built once per scenario (ids resolved, cycles rejected, release dates
//! computed) and then reused by every engine that runs over it: the critical path method, the
//! schedule generation schemes and Monte Carlo draws, which call it millions of times with
//! different durations. The hot data is therefore flat: successor and predecessor lists in
//! compressed sparse row (CSR) form, `u32` node indices and `f64` lags, and no engine needs to
//! allocate per pass.
//!
//! Node `i` of the network is the scenario's `i`-th intervention.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use petgraph::graph::{DiGraph, NodeIndex};

use crate::error::{Error, Issue, IssueKind, Result};
use crate::model::{LinkKind, Scenario};

/// One precedence link as seen from one of its ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// The node at the other end (the successor in a successor list, the predecessor in a
    /// predecessor list).
    pub node: u32,
    /// Link type.
    pub kind: LinkKind,
    /// Lag in months (negative = lead).
    pub lag: f64,
}

impl Edge {
    /// The start-to-start offset `delta` of the link `pred -> succ`, so that the link reads
    /// `S_succ >= S_pred + delta`, given the duration of the predecessor `d_pred` and of the
    /// successor `d_succ`: FS `d_pred + lag`, SS `lag`, FF `d_pred + lag - d_succ`,
    /// SF `lag - d_succ`.
    #[inline]
    pub fn delta(kind: LinkKind, lag: f64, d_pred: f64, d_succ: f64) -> f64 {
        match kind {
            LinkKind::FS => d_pred + lag,
            LinkKind::SS => lag,
            LinkKind::FF => d_pred + lag - d_succ,
            LinkKind::SF => lag - d_succ,
        }
    }
}

/// Adjacency lists in compressed sparse row form: the links of node `i` are the entries
/// `offsets[i]..offsets[i + 1]` of `nodes`, `kinds` and `lags`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Csr {
    offsets: Vec<u32>,
    nodes: Vec<u32>,
    kinds: Vec<LinkKind>,
    lags: Vec<f64>,
}

impl Csr {
    /// Group `(owner, other, kind, lag)` entries by owner, keeping their order within a owner.
    fn from_entries(n: usize, entries: &[(u32, u32, LinkKind, f64)]) -> Csr {
        let mut counts = vec![0u32; n + 1];
        for &(owner, ..) in entries {
            if let Some(c) = counts.get_mut(owner as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..counts.len() {
            let prev = counts.get(i - 1).copied().unwrap_or(0);
            if let Some(c) = counts.get_mut(i) {
                *c += prev;
            }
        }
        let offsets = counts.clone();
        let mut next = counts;
        let m = entries.len();
        let mut nodes = vec![0u32; m];
        let mut kinds = vec![LinkKind::FS; m];
        let mut lags = vec![0.0; m];
        for &(owner, other, kind, lag) in entries {
            if let Some(slot) = next.get_mut(owner as usize) {
                let at = *slot as usize;
                *slot += 1;
                if let (Some(nd), Some(k), Some(l)) =
                    (nodes.get_mut(at), kinds.get_mut(at), lags.get_mut(at))
                {
                    *nd = other;
                    *k = kind;
                    *l = lag;
                }
            }
        }
        Csr {
            offsets,
            nodes,
            kinds,
            lags,
        }
    }

    /// Row offsets (length = node count + 1).
    pub fn offsets(&self) -> &[u32] {
        &self.offsets
    }

    /// The node at the other end of each link.
    pub fn nodes(&self) -> &[u32] {
        &self.nodes
    }

    /// The type of each link.
    pub fn kinds(&self) -> &[LinkKind] {
        &self.kinds
    }

    /// The lag of each link, months.
    pub fn lags(&self) -> &[f64] {
        &self.lags
    }

    /// Number of links.
    pub fn edge_count(&self) -> usize {
        self.nodes.len()
    }

    /// Positions of the links of node `i` in the flat arrays (empty for an unknown node).
    #[inline]
    pub fn range(&self, i: usize) -> Range<usize> {
        let lo = self.offsets.get(i).copied().unwrap_or(0) as usize;
        let hi = self.offsets.get(i + 1).copied().unwrap_or(0) as usize;
        lo..hi.max(lo)
    }

    /// The links of node `i` (none for an unknown node); allocation-free.
    #[inline]
    pub fn edges(&self, i: usize) -> impl Iterator<Item = Edge> + '_ {
        let r = self.range(i);
        let nodes = self.nodes.get(r.clone()).unwrap_or(&[]);
        let kinds = self.kinds.get(r.clone()).unwrap_or(&[]);
        let lags = self.lags.get(r).unwrap_or(&[]);
        nodes
            .iter()
            .zip(kinds)
            .zip(lags)
            .map(|((&node, &kind), &lag)| Edge { node, kind, lag })
    }

    /// Number of links of node `i`.
    pub fn degree(&self, i: usize) -> usize {
        self.range(i).len()
    }
}

/// The dependency graph of a scenario, compiled for repeated scheduling passes.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    ids: Vec<String>,
    order: Vec<u32>,
    release: Vec<f64>,
    succ: Csr,
    pred: Csr,
}

/// Document path of the `k`-th link of [`Scenario::all_links`] (explicit links first, then each
/// intervention's `after` list in file order).
fn link_path(scenario: &Scenario, k: usize) -> String {
    if k < scenario.links.len() {
        return format!("links[{k}]");
    }
    let mut rest = k - scenario.links.len();
    for (i, iv) in scenario.interventions.iter().enumerate() {
        if rest < iv.after.len() {
            return format!("interventions[{i}].after[{rest}]");
        }
        rest -= iv.after.len();
    }
    "links".into()
}

fn index_u32(i: usize, what: &str) -> Result<u32> {
    u32::try_from(i).map_err(|_| Error::InvalidArgument {
        name: "scenario".into(),
        message: format!("too many {what} for a network (at most {})", u32::MAX),
    })
}

impl Network {
    /// Compile a scenario: resolve ids, order the interventions topologically (petgraph) and
    /// compute release dates = max(`not_before_months`, arrival of its situation, 0).
    ///
    /// The scenario is expected to be validated; this never panics on one that is not.
    ///
    /// # Errors
    /// - [`Error::UnknownId`] for a link to an unknown intervention (`what = "intervention"`)
    ///   or an unknown situation (`what = "situation"`);
    /// - [`Error::Validation`] with one [`IssueKind::DuplicateId`] issue for a duplicated
    ///   intervention id, or one [`IssueKind::Cycle`] issue that spells the cycle out
    ///   (`a -> b -> a`) at the path of the link that closes it;
    /// - [`Error::InvalidArgument`] beyond `u32::MAX` interventions or links.
    pub fn build(scenario: &Scenario) -> Result<Network> {
        let n = scenario.interventions.len();
        index_u32(n, "interventions")?;
        let mut index: HashMap<&str, u32> = HashMap::with_capacity(n);
        for (i, iv) in scenario.interventions.iter().enumerate() {
            if index
                .insert(iv.id.as_str(), index_u32(i, "interventions")?)
                .is_some()
            {
                return Err(Error::Validation(vec![Issue::new(
                    IssueKind::DuplicateId,
                    format!("interventions[{i}].id"),
                    format!("duplicate intervention id `{}`", iv.id),
                )]));
            }
        }
        let arrivals: HashMap<&str, f64> = scenario
            .situations
            .iter()
            .map(|s| (s.id.as_str(), s.arrival_months))
            .collect();
        let mut release = Vec::with_capacity(n);
        for iv in &scenario.interventions {
            let arrival = match &iv.situation {
                Some(s) => *arrivals.get(s.as_str()).ok_or_else(|| Error::UnknownId {
                    what: "situation",
                    id: s.clone(),
                })?,
                None => 0.0,
            };
            release.push(0.0f64.max(arrival).max(iv.not_before_months.unwrap_or(0.0)));
        }

        let count = scenario.link_refs().count();
        index_u32(count, "links")?;
        let lookup = |id: &str| {
            index.get(id).copied().ok_or_else(|| Error::UnknownId {
                what: "intervention",
                id: id.to_string(),
            })
        };
        let mut forward = Vec::with_capacity(count);
        let mut backward = Vec::with_capacity(count);
        let mut origin = Vec::with_capacity(count);
        for (k, (from, to, kind, lag)) in scenario.link_refs().enumerate() {
            let (from, to) = (lookup(from)?, lookup(to)?);
            forward.push((from, to, kind, lag));
            backward.push((to, from, kind, lag));
            origin.push((from, to, k));
        }
        let succ = Csr::from_entries(n, &forward);
        let pred = Csr::from_entries(n, &backward);

        let mut graph: DiGraph<(), (), u32> = DiGraph::with_capacity(n, count);
        for _ in 0..n {
            graph.add_node(());
        }
        for &(from, to, ..) in &forward {
            graph.add_edge(
                NodeIndex::new(from as usize),
                NodeIndex::new(to as usize),
                (),
            );
        }
        let order = match petgraph::algo::toposort(&graph, None) {
            Ok(nodes) => nodes
                .into_iter()
                .map(|v| index_u32(v.index(), "interventions"))
                .collect::<Result<Vec<u32>>>()?,
            Err(cycle) => {
                let issue = cycle_issue(scenario, &succ, &origin, cycle.node_id().index());
                return Err(Error::Validation(vec![issue]));
            }
        };
        Ok(Network {
            ids: scenario
                .interventions
                .iter()
                .map(|i| i.id.clone())
                .collect(),
            order,
            release,
            succ,
            pred,
        })
    }

    /// Number of interventions.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no interventions.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Intervention ids (index `i` is the scenario's `i`-th intervention).
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Every intervention once, each after all of its predecessors.
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// Release date of each intervention, months: max(`not_before_months`, situation arrival, 0).
    pub fn release(&self) -> &[f64] {
        &self.release
    }

    /// The release dates, writable (Monte Carlo moves them per draw for risk delays).
    pub(crate) fn release_mut(&mut self) -> &mut [f64] {
        &mut self.release
    }

    /// Successor lists.
    pub fn successors(&self) -> &Csr {
        &self.succ
    }

    /// Predecessor lists.
    pub fn predecessors(&self) -> &Csr {
        &self.pred
    }

    /// Number of links.
    pub fn link_count(&self) -> usize {
        self.succ.edge_count()
    }
}

/// Spell out a cycle through `start` (found by a breadth-first search back to it).
fn cycle_issue(
    scenario: &Scenario,
    succ: &Csr,
    origin: &[(u32, u32, usize)],
    start: usize,
) -> Issue {
    let n = scenario.interventions.len();
    let id = |i: usize| {
        scenario
            .interventions
            .get(i)
            .map_or("?", |iv| iv.id.as_str())
    };
    // parent[v] = the node from which v was first reached
    let mut parent: Vec<Option<usize>> = vec![None; n];
    let mut queue = VecDeque::from([start]);
    let mut closing = None;
    'search: while let Some(u) = queue.pop_front() {
        for e in succ.edges(u) {
            let v = e.node as usize;
            if v == start {
                closing = Some(u);
                break 'search;
            }
            if let Some(p @ None) = parent.get_mut(v) {
                *p = Some(u);
                queue.push_back(v);
            }
        }
    }
    let Some(last) = closing else {
        return Issue::new(
            IssueKind::Cycle,
            format!("interventions[{start}]"),
            format!("dependency cycle through `{}`", id(start)),
        );
    };
    let mut path = vec![last];
    let mut v = last;
    while v != start {
        match parent.get(v).copied().flatten() {
            Some(p) if path.len() <= n => {
                path.push(p);
                v = p;
            }
            _ => break,
        }
    }
    path.reverse();
    path.push(start);
    let spelled = path.iter().map(|&i| id(i)).collect::<Vec<_>>().join(" -> ");
    let at = origin
        .iter()
        .find(|&&(f, t, _)| f as usize == last && t as usize == start)
        .map_or_else(
            || format!("interventions[{start}]"),
            |&(.., k)| link_path(scenario, k),
        );
    Issue::new(IssueKind::Cycle, at, format!("dependency cycle {spelled}"))
}
