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
//! per draw ([`workspace::Workspace`]'s `merge_sums`).

mod columns;
mod passes;
pub(crate) mod plan;
mod sample;
pub(crate) mod workspace;

use super::outcomes::Block;
use super::runner::Runner;
use super::simd::{Bits, Simd, V};
use crate::schedule::cpm::tolerance;
use plan::Plan;
use workspace::Workspace;

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
