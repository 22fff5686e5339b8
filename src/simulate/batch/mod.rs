//! The batched critical-path kernel: the common case of a draw scheduled by CPM with no pool and
//! no source (nothing but durations, existence, costs and risks to sample).
//!
//! `N` draws (sixteen or eight, see [`super::simd::Bits`]) run side by side in structure-of-arrays form: `es[i][lane]`, `d[i][lane]`,
//! one [`Simd`] register (AVX-512) or two (AVX2) per node. Each lane is exactly the stream of
//! its draw ([`super::simd::Lanes`]) and performs the same floating-point operations in the same
//! order as the one-draw path ([`super::sampler`] + [`super::draw_cpm`] + [`super::outcomes`]),
//! so every per-draw outcome is bit-identical to it and to every instruction set
//! ([`super::dispatch`]): no fused multiply-adds, no reassociation. Per batch
//! ([`plan`] precomputes the steps once per run):
//! 1. sampling ([`sample`]): existence, durations and costs in topological order, then the
//!    risk events; in the common case (durations fixed, uniform or triangular, nothing else
//!    uncertain) the durations are drawn inside the forward pass, with the generators in
//!    registers;
//! 2. forward pass ([`passes`]): `ES_j = max(release_j, max_p ES_p + delta(link)) + wait_j` with
//!    [`crate::network::Edge::delta`] semantics for FS/SS/FF/SF links and lags (links
//!    finish-to-start without lag read the predecessor's finish only);
//! 3. criticality: finishing nodes within tolerance of the makespan, propagated in reverse
//!    topological order through tight links (the same set as the one-draw stack walk);
//! 4. per-node sums (starts, largest asks, durations, squares), costs, then the outcome columns
//!    and relapse risk lane by lane ([`columns`]).
//!
//! Sums over draws are deterministic whatever the thread count and instruction set: per-node
//! sums add the eight lanes in a fixed tree order each batch ([`Simd::add_sums4`]); costs are
//! accumulated per lane over a block of [`super::BLOCK`] draws and the lanes added in order at
//! its end. They differ from a draw-by-draw sum in the last bits. Merge bias needs each link's
//! mean ask, which is linear in the sums of starts and durations, so no per-link work is done
//! per draw ([`Workspace`]'s `merge_sums`).

mod columns;
mod passes;
mod plan;
mod sample;

use super::engine::Runner;
use super::outcomes::Block;
use super::simd::{Bits, Lanes, Simd, Sums4, V};
use crate::model::LinkKind;
use crate::schedule::cpm::tolerance;

pub(crate) use plan::Plan;

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

    /// Costs per node over the block's active lanes, four nodes per row ([`Simd::add_sums4`]).
    pub(super) csum: Vec<Sums4>,
    pub(super) ccount: Vec<u64>,
    pub(super) ecount: Vec<u64>,
    /// Draws of the block (every intervention happens in each when none is uncertain).
    pub(super) drawn: u64,
    /// Some intervention may not happen (the plan's `has_exist`): count per intervention.
    pub(super) uncertain: bool,
    /// Per node, over the active lanes of the block ([`Simd::add_sums4`]): the sums of the
    /// starts, of the largest ask of its links, of the durations and of their squares (the
    /// mean ask of each link of a merge node follows from the first and third, see
    /// `merge_sums`).
    pub(super) sums: Vec<Sums4>,
    pub(super) completions: Vec<(f64, f64)>,
    pub(super) windows: Vec<super::relapse::Window>,
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
fn on(m: Bits, l: usize) -> bool {
    (m >> l) & 1 != 0
}

/// One batch: draws `first..first + N`, of which the first `active` are kept, appended to
/// `out` and to the workspace's block sums. Instantiated by [`super::dispatch`] for each
/// instruction set.
#[inline(always)]
pub(crate) fn batch<const N: usize, S: Simd<N>>(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace<N>,
    first: u64,
    active: usize,
    out: &mut Block,
) {
    ws.rng.reseed(r.sampler.seed, first);
    let mut rng = S::load_rng(&ws.rng);
    // 1. sampling: with quick durations and no risk event, inside the forward pass (one pass
    // over the nodes); otherwise in a loop of its own, then the risk events
    let fuse = p.quick.as_deref().filter(|_| !p.has_risk);
    if fuse.is_none() {
        sample::sample_all::<N, S>(r, p, ws, &mut rng, first);
    }
    if p.has_risk {
        ws.wait.iter_mut().for_each(|x| *x = V::default());
        sample::risks::<N, S>(r, p, ws, &mut rng);
    }
    // the active lanes (masks hold up to sixteen; the lanes above `N` never count)
    let act: Bits = if active >= Bits::BITS as usize {
        Bits::MAX
    } else {
        (1 << active.min(N)) - 1
    };
    ws.drawn += u64::from(act.count_ones());
    let actm = S::mask(act);
    // 2. forward pass, 3. criticality, 4. sums and outcome columns
    let t = passes::forward::<N, S>(r, p, ws, fuse, &mut rng);
    let mut tv = V::default();
    S::store(&mut tv, t);
    let tol = S::load(&V(tv.0.map(tolerance)));
    passes::reverse::<N, S>(r, p, ws, t, tol, act);
    passes::node_sums::<N, S>(ws, actm);
    let cost = passes::costs::<N, S>(p, ws, actm);
    columns::columns(r, p, ws, &tv, &cost, active, out);
}

/// Draws `from..to` (one block) in batches of `N` lanes. Instantiated by [`super::dispatch`]
/// for each instruction set.
#[inline(always)]
pub(crate) fn run_block<const N: usize, S: Simd<N>>(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace<N>,
    from: usize,
    to: usize,
) -> Block {
    let mut block = Block::lean(r, to.saturating_sub(from), p.has_cost, p.has_exist);
    ws.start_block(r, p);
    let mut k = from;
    while k < to {
        let active = (to - k).min(N);
        batch::<N, S>(r, p, ws, k as u64, active, &mut block);
        k += N;
    }
    ws.finish_block(r, &mut block);
    block
}

/// The workspaces of one worker, one per lane count (only the one of the run's instruction
/// set is ever sized).
#[derive(Debug, Clone, Default)]
pub(crate) struct Workspaces {
    pub(crate) w8: Workspace<8>,
    pub(crate) w16: Workspace<16>,
}
