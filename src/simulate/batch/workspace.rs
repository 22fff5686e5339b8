//! The buffers of one worker of the batched kernel and the block sums they hold.

use super::plan::Plan;
use crate::model::LinkKind;
use crate::simulate::outcomes::Block;
use crate::simulate::relapse::Window;
use crate::simulate::runner::Runner;
use crate::simulate::simd::{Bits, Lanes, Sums4, V};

/// Columns of [`Workspace::sums`].
const ESUM: usize = 0;
const AMAX: usize = 1;
const DSUM: usize = 2;
const DSQ: usize = 3;

/// Buffers of one worker: the batch's arrays and the block's per-lane sums. Lane masks are
/// bytes, lane `l` at bit `l`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Workspace<const N: usize> {
    pub(super) rng: Lanes<N>,
    /// The generators while a family without a vector form samples lane by lane.
    pub(super) spill: Lanes<N>,
    pub(super) es: Vec<V<N>>,
    /// Finish `es + d`.
    pub(super) fin: Vec<V<N>>,
    /// The largest ask of the links into each node (minus infinity without links).
    pub(super) best: Vec<V<N>>,
    pub(super) d: Vec<V<N>>,
    pub(super) wait: Vec<V<N>>,
    pub(super) cost: Vec<V<N>>,
    pub(super) ex: Vec<Bits>,
    pub(super) crit: Vec<Bits>,
    pub(super) occurred: Vec<Bits>,

    /// Costs per node over the block's active lanes, four nodes per row ([`crate::simulate::simd::Simd::add_sums4`]).
    pub(super) csum: Vec<Sums4>,
    pub(super) ccount: Vec<u64>,
    pub(super) ecount: Vec<u64>,
    /// Draws of the block (every intervention happens in each when none is uncertain).
    pub(super) drawn: u64,
    /// Some intervention may not happen (the plan's `has_exist`): count per intervention.
    pub(super) uncertain: bool,
    /// Per node, over the active lanes of the block ([`crate::simulate::simd::Simd::add_sums4`]): the sums of the
    /// starts, of the largest ask of its links, of the durations and of their squares (the
    /// mean ask of each link of a merge node follows from the first and third, see
    /// `merge_sums`).
    pub(super) sums: Vec<Sums4>,
    pub(super) completions: Vec<(f64, f64)>,
    pub(super) windows: Vec<Window>,
}

impl<const N: usize> Workspace<N> {
    /// Size the buffers for `r` and clear the block sums.
    pub(crate) fn start_block(&mut self, r: &Runner, p: &Plan) {
        let n = r.len();
        let risks = r.sampler.risks.len();
        self.es.resize(n, V::default());
        self.fin.resize(n, V::default());
        self.best.resize(n, V::default());
        self.drawn = 0;
        self.uncertain = p.has_exist;
        self.d.resize(n, V::default());
        self.wait
            .resize(if p.has_risk { n } else { 0 }, V::default());
        self.cost
            .resize(if p.has_cost { n } else { 0 }, V::default());
        self.ex.resize(n, Bits::MAX);
        if !p.has_exist {
            self.ex.iter_mut().for_each(|x| *x = Bits::MAX);
        }
        // every batch leaves the marks cleared; cleared here too in case a batch was cut short
        self.crit.clear();
        self.crit.resize(n, 0);
        self.occurred.resize(risks, 0);
        self.csum.clear();
        self.csum
            .resize(if p.has_cost { n.div_ceil(4) } else { 0 }, Sums4::default());
        self.sums.clear();
        self.sums.resize(n, Sums4::default());
        for v in [&mut self.ccount, &mut self.ecount] {
            v.clear();
            v.resize(n, 0);
        }
    }

    /// The merge-bias sums of the block from the per-node sums: the largest ask of each merge
    /// node, and each link's ask summed over the draws, `sum(es_p + delta)`, which is linear in
    /// the sums of starts and durations (`delta` of [`crate::network::Edge::delta`]), so no
    /// per-link work is done per draw.
    fn merge_sums(&self, r: &Runner, b: &mut Block) {
        let pred = r.net.predecessors();
        let n = self.drawn as f64;
        let sum = |i: usize, k: usize| self.sums.get(i).map_or(0.0, |s| s.0[k]);
        for (k, &m) in r.merges.iter().enumerate() {
            let m = m as usize;
            if let Some(o) = b.merge.max.get_mut(k) {
                *o += sum(m, AMAX);
            }
            let off = b.merge.offsets.get(k).copied().unwrap_or(0);
            let dm = sum(m, DSUM);
            for (q, e) in pred.edges(m).enumerate() {
                let i = e.node as usize;
                let (es, dp, lag) = (sum(i, ESUM), sum(i, DSUM), e.lag * n);
                let sum = match e.kind {
                    LinkKind::FS => es + (dp + lag),
                    LinkKind::SS => es + lag,
                    LinkKind::FF => es + (dp + lag - dm),
                    LinkKind::SF => es + (lag - dm),
                };
                if let Some(o) = b.merge.each.get_mut(off + q) {
                    *o += sum;
                }
            }
        }
    }

    /// Add the block's sums into `b`.
    pub(crate) fn finish_block(&self, r: &Runner, b: &mut Block) {
        for ((o, q), v) in b.dur_sum.iter_mut().zip(&mut b.dur_sq).zip(&self.sums) {
            *o += v.0[DSUM];
            *q += v.0[DSQ];
        }
        // no source: nothing funded, the whole committed cost is unfunded
        let cells = self.csum.iter().flat_map(|r| r.0);
        for ((o, u), x) in b.cost_sum.iter_mut().zip(b.short_sum.iter_mut()).zip(cells) {
            *o += x;
            *u += x;
        }
        for (o, v) in b.critical.iter_mut().zip(&self.ccount) {
            *o += v;
        }
        if !self.uncertain {
            // every intervention happened in every draw
            b.all_exist += self.drawn;
        } else {
            for (o, v) in b.exists.iter_mut().zip(&self.ecount) {
                *o += v;
            }
        }
        self.merge_sums(r, b);
    }
}

/// Whether lane `l` of mask `m` is set.
#[inline(always)]
pub(super) fn on(m: Bits, l: usize) -> bool {
    (m >> l) & 1 != 0
}

/// The workspaces of one worker, one per lane count (only the one of the run's instruction
/// set is ever sized).
#[derive(Debug, Clone, Default)]
pub(crate) struct Workspaces {
    pub(crate) w8: Workspace<8>,
    pub(crate) w16: Workspace<16>,
}
