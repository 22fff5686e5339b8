//! The batched critical-path kernel: the common case of a draw scheduled by CPM with no pool and
//! no source (nothing but durations, existence, costs and risks to sample).
//!
//! [`LANES`] draws run side by side in structure-of-arrays form: `es[i][lane]`, `d[i][lane]`.
//! Each lane is exactly the stream of its draw ([`super::simd::Lanes`]) and performs the same
//! floating-point operations in the same order as the one-draw path ([`super::sampler`] +
//! [`super::draw_cpm`] + [`super::outcomes`]), so every per-draw outcome is bit-identical to it
//! and to every instruction set ([`super::dispatch`]): lane loops use selects, never fused
//! multiply-adds or reassociation. Per pass and per batch:
//! 1. sample existence, durations and costs in topological order (fused with the forward pass
//!    when no risk event can change them afterwards), then the risk events;
//! 2. forward pass `ES_j = max(release_j, max_p ES_p + delta(link)) + wait_j` with
//!    [`crate::network::Edge::delta`] semantics for FS/SS/FF/SF links and lags;
//! 3. criticality: finishing nodes within tolerance of the makespan, propagated in reverse
//!    topological order through tight links (the same set as the one-draw stack walk);
//! 4. merge-bias values, outcome columns and relapse risk per lane.
//!
//! Sums over draws (duration moments, committed cost per intervention, merge bias) are
//! accumulated per lane over a block of
//! [`super::BLOCK`] draws and the lanes added in order at the end of the block, so they are
//! deterministic whatever the thread count (they differ in the last bits from a draw-by-draw
//! sum).

use super::engine::Runner;
use super::outcomes::{relapse_of, Block};
use super::rng::Fast;
use super::simd::{nonneg_v, sample, Lanes, Simd, V};
use crate::model::LinkKind;
use crate::schedule::cpm::tolerance;

pub(crate) use super::simd::LANES;

/// What the kernel needs beyond the [`Runner`].
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Some intervention may not happen (probability below 1).
    has_exist: bool,
    /// Some cost is not a fixed 0 or some risk adds cost.
    has_cost: bool,
    /// There are risk events (waits, scaled durations and extra costs after sampling).
    has_risk: bool,
    /// Members of each situation, in index order.
    members: Vec<Vec<u32>>,
}

impl Plan {
    /// The plan of `r`, or `None` when a draw needs more than the critical path (a constrained
    /// engine, pools or sources).
    pub(crate) fn new(r: &Runner) -> Option<Plan> {
        if r.problem.is_some() || r.pools > 0 || r.sampler.sources > 0 || r.is_empty() {
            return None;
        }
        let s = &r.sampler;
        let mut members = vec![Vec::new(); r.arrival.len()];
        for (i, k) in r.situation.iter().enumerate() {
            if let Some(m) = k.and_then(|k| members.get_mut(k)) {
                m.push(i as u32);
            }
        }
        Some(Plan {
            has_exist: s.exist.iter().any(|&p| p < 1.0),
            has_cost: s.cost_fast.iter().any(|c| *c != Fast::Fixed(0.0))
                || s.risks.iter().any(|k| k.extra.is_some()),
            has_risk: !s.risks.is_empty(),
            members,
        })
    }
}

/// Buffers of one worker: the batch's arrays and the block's per-lane sums. Lane masks are
/// bytes, lane `l` at bit `l`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Workspace {
    rng: Lanes,
    /// The generators while a family without a vector form samples lane by lane.
    spill: Lanes,
    es: Vec<V>,
    d: Vec<V>,
    wait: Vec<V>,
    cost: Vec<V>,
    ex: Vec<u8>,
    crit: Vec<u8>,
    occurred: Vec<u8>,
    dsum: Vec<V>,
    dsq: Vec<V>,
    csum: Vec<V>,
    ccount: Vec<u64>,
    ecount: Vec<u64>,
    mmax: Vec<V>,
    meach: Vec<V>,
    completions: Vec<(f64, f64)>,
    windows: Vec<super::relapse::Window>,
}

impl Workspace {
    /// Size the buffers for `r` and clear the block sums.
    pub(crate) fn start_block(&mut self, r: &Runner, p: &Plan) {
        let n = r.len();
        let risks = r.sampler.risks.len();
        let each = r.merge_edges();
        self.es.resize(n, V::default());
        self.d.resize(n, V::default());
        self.wait
            .resize(if p.has_risk { n } else { 0 }, V::default());
        self.cost
            .resize(if p.has_cost { n } else { 0 }, V::default());
        self.ex.resize(n, u8::MAX);
        if !p.has_exist {
            self.ex.iter_mut().for_each(|x| *x = u8::MAX);
        }
        // every batch leaves the marks cleared; cleared here too in case a batch was cut short
        self.crit.clear();
        self.crit.resize(n, 0);
        self.occurred.resize(risks, 0);
        for (v, len) in [
            (&mut self.dsum, n),
            (&mut self.dsq, n),
            (&mut self.csum, if p.has_cost { n } else { 0 }),
            (&mut self.mmax, r.merges.len()),
            (&mut self.meach, each),
        ] {
            v.clear();
            v.resize(len, V::default());
        }
        for v in [&mut self.ccount, &mut self.ecount] {
            v.clear();
            v.resize(n, 0);
        }
    }

    /// Add the block's per-lane sums into `b` (lanes in order).
    pub(crate) fn finish_block(&self, b: &mut Block) {
        for (o, v) in b.dur_sum.iter_mut().zip(&self.dsum) {
            *o += v.fold();
        }
        for (o, v) in b.dur_sq.iter_mut().zip(&self.dsq) {
            *o += v.fold();
        }
        // no source: nothing funded, the whole committed cost is unfunded
        for ((o, u), v) in b
            .cost_sum
            .iter_mut()
            .zip(b.short_sum.iter_mut())
            .zip(&self.csum)
        {
            let x = v.fold();
            *o += x;
            *u += x;
        }
        for (o, v) in b.critical.iter_mut().zip(&self.ccount) {
            *o += v;
        }
        for (o, v) in b.exists.iter_mut().zip(&self.ecount) {
            *o += v;
        }
        for (o, v) in b.merge.max.iter_mut().zip(&self.mmax) {
            *o += v.fold();
        }
        for (o, v) in b.merge.each.iter_mut().zip(&self.meach) {
            *o += v.fold();
        }
    }
}

/// Whether lane `l` of mask `m` is set.
#[inline(always)]
fn on(m: u8, l: usize) -> bool {
    (m >> l) & 1 != 0
}

/// `delta(kind, lag, d_p, d_j)` for every lane, exactly as [`crate::network::Edge::delta`].
#[inline(always)]
fn delta<S: Simd>(kind: LinkKind, lag: f64, dp: S::F, dj: S::F) -> S::F {
    let lag = S::splat(lag);
    match kind {
        LinkKind::FS => S::add(dp, lag),
        LinkKind::SS => lag,
        LinkKind::FF => S::sub(S::add(dp, lag), dj),
        LinkKind::SF => S::sub(lag, dj),
    }
}

/// Add `x` into the lanes of `acc`.
#[inline(always)]
fn accumulate<S: Simd>(acc: &mut V, x: S::F) {
    S::store(acc, S::add(S::load(acc), x));
}

/// Sample intervention `i` (existence, duration, cost) for every lane; the duration is also
/// returned.
#[inline(always)]
fn sample_one<S: Simd>(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace,
    rng: &mut [S::U; 4],
    i: usize,
    first: u64,
) -> S::F {
    let s = &r.sampler;
    let zero = S::splat(0.0);
    let (Some(dd), Some(cd), Some(&pe)) = (s.dur_fast.get(i), s.cost_fast.get(i), s.exist.get(i))
    else {
        return zero;
    };
    let mut ex = u8::MAX;
    if pe < 1.0 {
        ex = S::bits(S::lt(S::next_unit(rng), S::splat(pe)));
    }
    let col = s.uniforms.col_of.get(i).copied().unwrap_or(u32::MAX);
    let mut d = if col == u32::MAX {
        sample::<S>(rng, &mut ws.spill, dd)
    } else {
        // uniforms of the draws' Latin hypercube or correlation rows, lane by lane
        let mut v = V::default();
        for (l, x) in v.0.iter_mut().enumerate() {
            let at = ((first as usize) + l)
                .saturating_mul(s.uniforms.width)
                .saturating_add(col as usize);
            let u = s.uniforms.u.get(at).copied().unwrap_or(0.5);
            *x = s.dur.get(i).map_or(0.0, |d| d.quantile(u));
        }
        S::load(&v)
    };
    d = nonneg_v::<S>(d);
    if p.has_exist {
        d = S::select(S::mask(ex), d, zero);
        if let Some(x) = ws.ex.get_mut(i) {
            *x = ex;
        }
    }
    if let Some(x) = ws.d.get_mut(i) {
        S::store(x, d);
    }
    if p.has_cost {
        let mut c = nonneg_v::<S>(sample::<S>(rng, &mut ws.spill, cd));
        if p.has_exist {
            c = S::select(S::mask(ex), c, zero);
        }
        if let Some(x) = ws.cost.get_mut(i) {
            S::store(x, c);
        }
    }
    d
}

/// The risk events of the batch: occurrence and impacts per lane, applied to the waits,
/// durations and costs of the affected interventions that happen.
fn risks<S: Simd>(r: &Runner, p: &Plan, ws: &mut Workspace, rng: &mut [S::U; 4]) {
    for (k, (risk, &live)) in r.sampler.risks.iter().zip(&r.sampler.risk_on).enumerate() {
        let u = S::next_unit(rng);
        let mut impact = |d: &Option<Fast>, none: f64| {
            let mut v = V([none; LANES]);
            if let Some(d) = d {
                S::store(&mut v, nonneg_v::<S>(sample::<S>(rng, &mut ws.spill, d)));
            }
            v
        };
        let delay = impact(&risk.delay, 0.0);
        let scale = impact(&risk.scale, 1.0);
        let extra = impact(&risk.extra, 0.0);
        let hit = S::bits(S::lt(u, S::splat(risk.probability)));
        if let Some(o) = ws.occurred.get_mut(k) {
            *o = hit;
        }
        if !live {
            continue;
        }
        for &a in &risk.affects {
            let a = a as usize;
            let m = hit & ws.ex.get(a).copied().unwrap_or(0);
            let (Some(w), Some(d)) = (ws.wait.get_mut(a), ws.d.get_mut(a)) else {
                continue;
            };
            for l in (0..LANES).filter(|&l| on(m, l)) {
                w.0[l] += delay.0[l];
                d.0[l] *= scale.0[l];
            }
            if p.has_cost {
                if let Some(c) = ws.cost.get_mut(a) {
                    for l in (0..LANES).filter(|&l| on(m, l)) {
                        c.0[l] += extra.0[l];
                    }
                }
            }
        }
    }
}

/// One batch: draws `first..first + LANES`, of which the first `active` are kept, appended to
/// `out` and to the workspace's block sums. Instantiated by [`super::dispatch`] for each
/// instruction set.
#[inline(always)]
#[allow(clippy::indexing_slicing)]
pub(crate) fn batch<S: Simd>(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace,
    first: u64,
    active: usize,
    out: &mut Block,
) {
    // Indexing: every per-intervention buffer has length n (see `start_block`) and the network's
    // node indices are < n; per-merge buffers follow `r.merges` and `r.merge_offsets`.
    let net = &r.net;
    let pred = net.predecessors();
    let (off, nodes, kinds, lags) = (pred.offsets(), pred.nodes(), pred.kinds(), pred.lags());
    let release = net.release();
    ws.rng.reseed(r.sampler.seed, first);
    let mut rng = S::load_rng(&ws.rng);
    let fused = !p.has_risk;
    if !fused {
        ws.wait.iter_mut().for_each(|x| *x = V::default());
        for &j in net.order() {
            sample_one::<S>(r, p, ws, &mut rng, j as usize, first);
        }
        risks::<S>(r, p, ws, &mut rng);
    }
    let act: u8 = if active >= LANES {
        u8::MAX
    } else {
        (1u8 << active) - 1
    };
    let actm = S::mask(act);
    let zero = S::splat(0.0);
    // 2. forward pass, with the merge values and the duration moments of each node
    let mut t = zero;
    for &j in net.order() {
        let j = j as usize;
        let dj = if fused {
            sample_one::<S>(r, p, ws, &mut rng, j, first)
        } else {
            S::load(&ws.d[j])
        };
        let mut s = S::splat(release[j]);
        let (lo, hi) = (off[j] as usize, off[j + 1] as usize);
        let merge = r.merge_of[j];
        if merge == u32::MAX {
            for e in lo..hi {
                let i = nodes[e] as usize;
                let dl = delta::<S>(kinds[e], lags[e], S::load(&ws.d[i]), dj);
                s = S::max(s, S::add(S::load(&ws.es[i]), dl));
            }
        } else {
            let k = merge as usize;
            let base = r.merge_offsets[k];
            let mut best = S::splat(f64::NEG_INFINITY);
            for (q, e) in (lo..hi).enumerate() {
                let i = nodes[e] as usize;
                let dl = delta::<S>(kinds[e], lags[e], S::load(&ws.d[i]), dj);
                let c = S::add(S::load(&ws.es[i]), dl);
                s = S::max(s, c);
                best = S::max(best, c);
                accumulate::<S>(&mut ws.meach[base + q], S::select(actm, c, zero));
            }
            accumulate::<S>(&mut ws.mmax[k], S::select(actm, best, zero));
        }
        if !fused {
            s = S::add(s, S::load(&ws.wait[j]));
        }
        S::store(&mut ws.es[j], s);
        t = S::max(t, S::add(s, dj));
        let x = S::select(actm, dj, zero);
        accumulate::<S>(&mut ws.dsum[j], x);
        accumulate::<S>(&mut ws.dsq[j], S::mul(x, x));
    }
    // 3. criticality in one reverse pass: a node is critical when it finishes at the makespan
    // (within tolerance) or a critical successor marked it through a tight link (the same set
    // as the one-draw stack walk); counted where the intervention happened. Each node's mark
    // is cleared once read, ready for the next batch.
    let mut tv = V::default();
    S::store(&mut tv, t);
    let tol = S::load(&V(tv.0.map(tolerance)));
    for &j in net.order().iter().rev() {
        let j = j as usize;
        let (es, dj) = (S::load(&ws.es[j]), S::load(&ws.d[j]));
        let near = S::bits(S::le(S::abs(S::sub(S::add(es, dj), t)), tol));
        let cj = ws.crit[j] | near;
        ws.crit[j] = 0;
        let ex = ws.ex[j];
        ws.ccount[j] += u64::from((cj & ex & act).count_ones());
        ws.ecount[j] += u64::from((ex & act).count_ones());
        if cj == 0 {
            continue;
        }
        let bound = if fused {
            es
        } else {
            S::sub(es, S::load(&ws.wait[j]))
        };
        for e in off[j] as usize..off[j + 1] as usize {
            let i = nodes[e] as usize;
            let c = delta::<S>(kinds[e], lags[e], S::load(&ws.d[i]), dj);
            let gap = S::sub(S::sub(bound, S::load(&ws.es[i])), c);
            ws.crit[i] |= cj & S::bits(S::le(S::abs(gap), tol));
        }
    }
    // cost per lane, in index order as the one-draw path sums it
    let mut cost = V::default();
    if p.has_cost {
        let mut sum = zero;
        for (c, acc) in ws.cost.iter().zip(ws.csum.iter_mut()) {
            let c = S::load(c);
            sum = S::add(sum, c);
            accumulate::<S>(acc, S::select(actm, c, zero));
        }
        S::store(&mut cost, sum);
    }
    outcomes(r, p, ws, &tv, &cost, active, out);
}

/// The outcome columns of a batch's first `active` lanes, lane by lane.
#[allow(clippy::indexing_slicing)]
fn outcomes(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace,
    t: &V,
    cost: &V,
    active: usize,
    out: &mut Block,
) {
    let n = r.len();
    let fin = |ws: &Workspace, i: usize, l: usize| -> f64 {
        if on(ws.ex[i], l) {
            ws.es[i].0[l] + ws.d[i].0[l]
        } else {
            f64::NAN
        }
    };
    let mut completions = std::mem::take(&mut ws.completions);
    let mut windows = std::mem::take(&mut ws.windows);
    for l in 0..active.min(LANES) {
        out.finish.push(t.0[l]);
        for ((col, members), &arrival) in out
            .situation_finish
            .iter_mut()
            .zip(&p.members)
            .zip(&r.arrival)
        {
            let mut f = arrival;
            for &i in members {
                let fi = fin(ws, i as usize, l);
                if fi.is_finite() {
                    f = f.max(fi);
                }
            }
            col.push(f);
        }
        out.cost.push(cost.0[l]);
        out.unfunded.push(0.0);
        out.funding_gap.push(0.0);
        let mut rel = [0.0; 2];
        relapse_of(
            r,
            |i| fin(ws, i, l),
            &mut completions,
            &mut windows,
            &mut rel,
        );
        out.relapse5.push(rel[0]);
        out.relapse10.push(rel[1]);
        out.infeasible.push(false);
        out.money_short.push(false);
        for &o in &ws.occurred {
            out.risk_occurred.push(on(o, l));
        }
        if r.keep_matrix {
            for i in 0..n {
                let happened = on(ws.ex[i], l);
                out.start_m
                    .push(if happened { ws.es[i].0[l] } else { f64::NAN });
                out.finish_m.push(fin(ws, i, l));
                out.duration_m.push(ws.d[i].0[l]);
            }
        }
    }
    ws.completions = completions;
    ws.windows = windows;
}
