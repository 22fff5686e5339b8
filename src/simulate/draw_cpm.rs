//! The critical path pass of one draw: like [`crate::schedule::cpm::forward_backward`], with a
//! per-draw wait before each start (risk delays): `ES_j = max(release_j, max over preds
//! (ES_i + delta)) + wait_j`. Also feeds the merge-bias sums.

use crate::network::{Edge, Network};
use crate::schedule::cpm::tolerance;

/// Buffers of the pass (index `i` = intervention `i`).
#[derive(Debug, Clone, Default)]
pub(crate) struct DrawCpm {
    pub(crate) es: Vec<f64>,
    pub(crate) ef: Vec<f64>,
    pub(crate) ls: Vec<f64>,
    pub(crate) critical: Vec<bool>,
    pub(crate) makespan: f64,
    stack: Vec<u32>,
}

impl DrawCpm {
    /// Run the pass with durations `d` and waits `wait` (both of length `net.len()`).
    pub(crate) fn run(&mut self, net: &Network, d: &[f64], wait: &[f64]) {
        let n = net.len();
        self.es.resize(n, 0.0);
        self.ef.resize(n, 0.0);
        self.ls.resize(n, 0.0);
        self.critical.clear();
        self.critical.resize(n, false);
        if d.len() != n || wait.len() != n {
            self.makespan = f64::NAN;
            return;
        }
        let (pred, succ, release) = (net.predecessors(), net.successors(), net.release());
        let mut t = 0.0f64;
        // Indexing: every per-intervention slice has length n and the network's node indices
        // are < n.
        for &j in net.order() {
            let j = j as usize;
            let mut s = release[j];
            for e in pred.edges(j) {
                let i = e.node as usize;
                let c = self.es[i] + Edge::delta(e.kind, e.lag, d[i], d[j]);
                if c > s {
                    s = c;
                }
            }
            s += wait[j];
            self.es[j] = s;
            self.ef[j] = s + d[j];
            t = t.max(s + d[j]);
        }
        self.makespan = t;
        let tol = tolerance(t);
        for &i in net.order().iter().rev() {
            let i = i as usize;
            let mut ls = t - d[i];
            for e in succ.edges(i) {
                let j = e.node as usize;
                ls = ls.min(self.ls[j] - wait[j] - Edge::delta(e.kind, e.lag, d[i], d[j]));
            }
            self.ls[i] = ls;
        }
        self.stack.clear();
        for (i, &ef) in self.ef.iter().enumerate() {
            if (ef - t).abs() <= tol {
                self.critical[i] = true;
                self.stack.push(i as u32);
            }
        }
        while let Some(j) = self.stack.pop() {
            let j = j as usize;
            let bound = self.es[j] - wait[j];
            for e in pred.edges(j) {
                let i = e.node as usize;
                if !self.critical[i]
                    && (bound - self.es[i] - Edge::delta(e.kind, e.lag, d[i], d[j])).abs() <= tol
                {
                    self.critical[i] = true;
                    self.stack.push(e.node);
                }
            }
        }
    }

    /// Add this draw's merge values to `sums`: for each merge node (two or more predecessors) in
    /// `merges`, `sums.max[k] += max_p X_p` and `sums.each[k][p] += X_p`, where
    /// `X_p = ES_p + delta` is what predecessor `p` asks of the merge node's start.
    pub(crate) fn merge_values(
        &self,
        net: &Network,
        d: &[f64],
        merges: &[u32],
        sums: &mut MergeSums,
    ) {
        let pred = net.predecessors();
        for (k, &m) in merges.iter().enumerate() {
            let m = m as usize;
            let mut best = f64::NEG_INFINITY;
            let off = sums.offsets.get(k).copied().unwrap_or(0);
            for (p, e) in pred.edges(m).enumerate() {
                let i = e.node as usize;
                let x = self.es.get(i).copied().unwrap_or(0.0)
                    + Edge::delta(
                        e.kind,
                        e.lag,
                        d.get(i).copied().unwrap_or(0.0),
                        d.get(m).copied().unwrap_or(0.0),
                    );
                best = best.max(x);
                if let Some(s) = sums.each.get_mut(off + p) {
                    *s += x;
                }
            }
            if let Some(s) = sums.max.get_mut(k) {
                *s += best;
            }
        }
    }
}

/// Running sums for merge bias (see [`DrawCpm::merge_values`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct MergeSums {
    pub(crate) max: Vec<f64>,
    pub(crate) offsets: Vec<usize>,
    pub(crate) each: Vec<f64>,
}

impl MergeSums {
    pub(crate) fn new(net: &Network, merges: &[u32]) -> MergeSums {
        let mut offsets = Vec::with_capacity(merges.len());
        let mut total = 0;
        for &m in merges {
            offsets.push(total);
            total += net.predecessors().degree(m as usize);
        }
        MergeSums {
            max: vec![0.0; merges.len()],
            offsets,
            each: vec![0.0; total],
        }
    }

    pub(crate) fn add(&mut self, other: &MergeSums) {
        for (a, b) in self.max.iter_mut().zip(&other.max) {
            *a += b;
        }
        for (a, b) in self.each.iter_mut().zip(&other.each) {
            *a += b;
        }
    }
}
