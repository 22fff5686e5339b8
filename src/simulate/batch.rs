//! The batched critical-path kernel: the common case of a draw scheduled by CPM with no pool and
//! no source (nothing but durations, existence, costs and risks to sample).
//!
//! [`LANES`] draws run side by side in structure-of-arrays form: `es[i][lane]`, `d[i][lane]`.
//! Each lane is exactly the stream of its draw ([`super::rng::Lanes`]) and performs the same
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
//! Sums over draws (duration moments, committed cost per intervention, merge bias) are accumulated per lane over a block of
//! [`super::BLOCK`] draws and the lanes added in order at the end of the block, so they are
//! deterministic whatever the thread count (they differ in the last bits from a draw-by-draw
//! sum).

// Lane loops are written over indices of fixed-size arrays, the form LLVM vectorises.
#![allow(clippy::needless_range_loop)]

use super::engine::Runner;
use super::outcomes::{relapse_of, Block};
use super::rng::{nonneg, select, Fast, Lanes};
use crate::model::LinkKind;
use crate::schedule::cpm::tolerance;

/// Draws per batch (one AVX-512 register of `f64`, two AVX2 registers).
pub(crate) const LANES: usize = 8;
type V = [f64; LANES];
/// Per-lane flags, 0 or 1.
type M = [u64; LANES];

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

/// Buffers of one worker: the batch's arrays and the block's per-lane sums.
#[derive(Debug, Clone, Default)]
pub(crate) struct Workspace {
    rng: Lanes<LANES>,
    es: Vec<V>,
    d: Vec<V>,
    wait: Vec<V>,
    cost: Vec<V>,
    ex: Vec<M>,
    crit: Vec<M>,
    occurred: Vec<M>,
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
        self.es.resize(n, [0.0; LANES]);
        self.d.resize(n, [0.0; LANES]);
        self.wait
            .resize(if p.has_risk { n } else { 0 }, [0.0; LANES]);
        self.cost
            .resize(if p.has_cost { n } else { 0 }, [0.0; LANES]);
        self.ex.resize(n, [1; LANES]);
        if !p.has_exist {
            self.ex.iter_mut().for_each(|x| *x = [1; LANES]);
        }
        self.crit.resize(n, [0; LANES]);
        self.occurred.resize(risks, [0; LANES]);
        for (v, len) in [
            (&mut self.dsum, n),
            (&mut self.dsq, n),
            (&mut self.csum, if p.has_cost { n } else { 0 }),
            (&mut self.mmax, r.merges.len()),
            (&mut self.meach, each),
        ] {
            v.clear();
            v.resize(len, [0.0; LANES]);
        }
        for v in [&mut self.ccount, &mut self.ecount] {
            v.clear();
            v.resize(n, 0);
        }
    }

    /// Add the block's per-lane sums into `b` (lanes in order).
    pub(crate) fn finish_block(&self, b: &mut Block) {
        let fold = |v: &V| v.iter().fold(0.0, |a, x| a + x);
        for (o, v) in b.dur_sum.iter_mut().zip(&self.dsum) {
            *o += fold(v);
        }
        for (o, v) in b.dur_sq.iter_mut().zip(&self.dsq) {
            *o += fold(v);
        }
        // no source: nothing funded, the whole committed cost is unfunded
        for ((o, u), v) in b
            .cost_sum
            .iter_mut()
            .zip(b.short_sum.iter_mut())
            .zip(&self.csum)
        {
            let x = fold(v);
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
            *o += fold(v);
        }
        for (o, v) in b.merge.each.iter_mut().zip(&self.meach) {
            *o += fold(v);
        }
    }
}

#[inline(always)]
fn maxv(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// `delta(kind, lag, d_p, d_j)` for every lane, exactly as [`crate::network::Edge::delta`].
#[inline(always)]
fn delta(kind: LinkKind, lag: f64, dp: &V, dj: &V) -> V {
    let mut c = [0.0; LANES];
    match kind {
        LinkKind::FS => {
            for l in 0..LANES {
                c[l] = dp[l] + lag;
            }
        }
        LinkKind::SS => c = [lag; LANES],
        LinkKind::FF => {
            for l in 0..LANES {
                c[l] = dp[l] + lag - dj[l];
            }
        }
        LinkKind::SF => {
            for l in 0..LANES {
                c[l] = lag - dj[l];
            }
        }
    }
    c
}

/// `es_p + delta(kind, lag, d_p, d_j)` for every lane: what predecessor `p` asks of the start.
#[inline(always)]
fn ask(kind: LinkKind, lag: f64, esp: &V, dp: &V, dj: &V) -> V {
    let dl = delta(kind, lag, dp, dj);
    let mut c = [0.0; LANES];
    for l in 0..LANES {
        c[l] = esp[l] + dl[l];
    }
    c
}

/// Sample intervention `i` (existence, duration, cost) for every lane.
#[inline(always)]
fn sample_one(r: &Runner, p: &Plan, ws: &mut Workspace, i: usize, first: u64) {
    let rng = &mut ws.rng;
    let s = &r.sampler;
    let (Some(dd), Some(cd), Some(&pe)) = (s.dur_fast.get(i), s.cost_fast.get(i), s.exist.get(i))
    else {
        return;
    };
    let mut ex = [1u64; LANES];
    if pe < 1.0 {
        let u = rng.uniform();
        for l in 0..LANES {
            ex[l] = u64::from(u[l] < pe);
        }
    }
    // every path writes the lanes straight into the workspace (memory, not a local array) so
    // that LLVM vectorises the inverse CDF
    let Some(d) = ws.d.get_mut(i) else {
        return;
    };
    let col = s.uniforms.col_of.get(i).copied().unwrap_or(u32::MAX);
    if col == u32::MAX {
        rng.sample(dd, d);
    } else {
        for (l, x) in d.iter_mut().enumerate() {
            let at = ((first as usize) + l)
                .saturating_mul(s.uniforms.width)
                .saturating_add(col as usize);
            let u = s.uniforms.u.get(at).copied().unwrap_or(0.5);
            *x = s.dur.get(i).map_or(0.0, |d| d.quantile(u));
        }
    }
    if p.has_exist {
        for l in 0..LANES {
            d[l] = select(ex[l].wrapping_neg(), nonneg(d[l]), 0.0);
        }
    } else {
        for x in d.iter_mut() {
            *x = nonneg(*x);
        }
    }
    if p.has_exist {
        if let Some(x) = ws.ex.get_mut(i) {
            *x = ex;
        }
    }
    if p.has_cost {
        if let Some(c) = ws.cost.get_mut(i) {
            rng.sample(cd, c);
            for l in 0..LANES {
                c[l] = select(ex[l].wrapping_neg(), nonneg(c[l]), 0.0);
            }
        }
    }
}

/// The risk events of the batch: occurrence and impacts per lane, applied to the waits,
/// durations and costs of the affected interventions that happen.
#[inline(always)]
fn risks(r: &Runner, p: &Plan, ws: &mut Workspace) {
    let rng = &mut ws.rng;
    for (k, (risk, &on)) in r.sampler.risks.iter().zip(&r.sampler.risk_on).enumerate() {
        let u = rng.uniform();
        let mut delay = [0.0; LANES];
        let mut scale = [1.0; LANES];
        let mut extra = [0.0; LANES];
        if let Some(d) = &risk.delay {
            rng.sample(d, &mut delay);
            delay.iter_mut().for_each(|x| *x = nonneg(*x));
        }
        if let Some(d) = &risk.scale {
            rng.sample(d, &mut scale);
            scale.iter_mut().for_each(|x| *x = nonneg(*x));
        }
        if let Some(d) = &risk.extra {
            rng.sample(d, &mut extra);
            extra.iter_mut().for_each(|x| *x = nonneg(*x));
        }
        let mut hit = [0u64; LANES];
        for l in 0..LANES {
            hit[l] = u64::from(u[l] < risk.probability);
        }
        if let Some(o) = ws.occurred.get_mut(k) {
            *o = hit;
        }
        if !on {
            continue;
        }
        for &a in &risk.affects {
            let a = a as usize;
            let ex = ws.ex.get(a).copied().unwrap_or([0; LANES]);
            let (Some(w), Some(d)) = (ws.wait.get_mut(a), ws.d.get_mut(a)) else {
                continue;
            };
            for l in 0..LANES {
                if hit[l] != 0 && ex[l] != 0 {
                    w[l] += delay[l];
                    d[l] *= scale[l];
                }
            }
            if p.has_cost {
                if let Some(c) = ws.cost.get_mut(a) {
                    for l in 0..LANES {
                        if hit[l] != 0 && ex[l] != 0 {
                            c[l] += extra[l];
                        }
                    }
                }
            }
        }
    }
}

/// One batch: draws `first..first + LANES`, of which the first `active` are kept, appended to
/// `out` and to the workspace's block sums. Inlined into each instruction-set variant of
/// [`super::dispatch`].
#[inline(always)]
#[allow(clippy::indexing_slicing)]
pub(crate) fn batch(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace,
    first: u64,
    active: usize,
    out: &mut Block,
) {
    // Indexing: every per-intervention buffer has length n (see `start_block`) and the network's
    // node indices are < n; per-merge buffers follow `r.merges` and `r.merge_offsets`.
    let n = r.len();
    let net = &r.net;
    let pred = net.predecessors();
    let (off, nodes, kinds, lags) = (pred.offsets(), pred.nodes(), pred.kinds(), pred.lags());
    let release = net.release();
    ws.rng.reseed(r.sampler.seed, first);
    let fused = !p.has_risk;
    if !fused {
        ws.wait.iter_mut().for_each(|x| *x = [0.0; LANES]);
        for &j in net.order() {
            sample_one(r, p, ws, j as usize, first);
        }
        risks(r, p, ws);
    }
    let mut act = [0u64; LANES];
    for (l, a) in act.iter_mut().enumerate() {
        *a = u64::from(l < active).wrapping_neg();
    }
    // 2. forward pass, with the merge values and the duration moments of each node
    let mut t = [0.0; LANES];
    for &j in net.order() {
        let j = j as usize;
        if fused {
            sample_one(r, p, ws, j, first);
        }
        let dj = ws.d[j];
        let mut s = [release[j]; LANES];
        let (lo, hi) = (off[j] as usize, off[j + 1] as usize);
        let merge = r.merge_of[j];
        if merge == u32::MAX {
            for e in lo..hi {
                let i = nodes[e] as usize;
                let c = ask(kinds[e], lags[e], &ws.es[i], &ws.d[i], &dj);
                for l in 0..LANES {
                    s[l] = maxv(s[l], c[l]);
                }
            }
        } else {
            let k = merge as usize;
            let base = r.merge_offsets[k];
            let mut best = [f64::NEG_INFINITY; LANES];
            for (q, e) in (lo..hi).enumerate() {
                let i = nodes[e] as usize;
                let c = ask(kinds[e], lags[e], &ws.es[i], &ws.d[i], &dj);
                let acc = &mut ws.meach[base + q];
                for l in 0..LANES {
                    s[l] = maxv(s[l], c[l]);
                    best[l] = best[l].max(c[l]);
                    acc[l] += select(act[l], c[l], 0.0);
                }
            }
            let acc = &mut ws.mmax[k];
            for l in 0..LANES {
                acc[l] += select(act[l], best[l], 0.0);
            }
        }
        if !fused {
            let w = &ws.wait[j];
            for l in 0..LANES {
                s[l] += w[l];
            }
        }
        ws.es[j] = s;
        ws.crit[j] = [0; LANES];
        for l in 0..LANES {
            t[l] = maxv(t[l], s[l] + dj[l]);
        }
        let (sum, sq) = (&mut ws.dsum[j], &mut ws.dsq[j]);
        for l in 0..LANES {
            let x = select(act[l], dj[l], 0.0);
            sum[l] += x;
            sq[l] += x * x;
        }
    }
    // 3. criticality in one reverse pass: a node is critical when it finishes at the makespan
    // (within tolerance) or a critical successor marked it through a tight link (the same set
    // as the one-draw stack walk); counted where the intervention happened
    let mut tol = [0.0; LANES];
    for l in 0..LANES {
        tol[l] = tolerance(t[l]);
    }
    for &j in net.order().iter().rev() {
        let j = j as usize;
        let (es, dj) = (ws.es[j], ws.d[j]);
        let mut cj = ws.crit[j];
        for l in 0..LANES {
            cj[l] |= u64::from((es[l] + dj[l] - t[l]).abs() <= tol[l]);
        }
        let ex = ws.ex[j];
        let mut c = 0u64;
        let mut e = 0u64;
        for l in 0..LANES {
            c += cj[l] & ex[l] & act[l] & 1;
            e += ex[l] & act[l] & 1;
        }
        ws.ccount[j] += c;
        ws.ecount[j] += e;
        if cj.iter().fold(0, |a, &x| a | x) == 0 {
            continue;
        }
        let mut bound = es;
        if !fused {
            for l in 0..LANES {
                bound[l] -= ws.wait[j][l];
            }
        }
        for e in off[j] as usize..off[j + 1] as usize {
            let i = nodes[e] as usize;
            let esi = ws.es[i];
            let c = delta(kinds[e], lags[e], &ws.d[i], &dj);
            let ci = &mut ws.crit[i];
            for l in 0..LANES {
                let tight = u64::from((bound[l] - esi[l] - c[l]).abs() <= tol[l]);
                ci[l] |= cj[l] & tight;
            }
        }
    }
    // cost per lane, in index order as the one-draw path sums it
    let mut cost = [0.0; LANES];
    if p.has_cost {
        for (c, acc) in ws.cost.iter().zip(ws.csum.iter_mut()) {
            for l in 0..LANES {
                cost[l] += c[l];
                acc[l] += select(act[l], c[l], 0.0);
            }
        }
    }
    // 5. outcome columns, lane by lane
    let fin = |ws: &Workspace, i: usize, l: usize| -> f64 {
        if ws.ex[i][l] != 0 {
            ws.es[i][l] + ws.d[i][l]
        } else {
            f64::NAN
        }
    };
    let mut completions = std::mem::take(&mut ws.completions);
    let mut windows = std::mem::take(&mut ws.windows);
    for l in 0..active.min(LANES) {
        out.finish.push(t[l]);
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
        out.cost.push(cost[l]);
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
        for o in &ws.occurred {
            out.risk_occurred.push(o[l] != 0);
        }
        if r.keep_matrix {
            for i in 0..n {
                let on = ws.ex[i][l] != 0;
                out.start_m.push(if on { ws.es[i][l] } else { f64::NAN });
                out.finish_m.push(fin(ws, i, l));
                out.duration_m.push(ws.d[i][l]);
            }
        }
    }
    ws.completions = completions;
    ws.windows = windows;
}
