//! The passes of a batch over the network: forward (starts, finishes, makespan, merge values),
//! reverse (criticality), and the per-node sums (duration moments, costs).

use super::plan::{Form, Plan, Quick};
use super::sample::sample_quick;
use super::workspace::Workspace;
use crate::model::LinkKind;
use crate::simulate::runner::Runner;
use crate::simulate::simd::{Bits, Simd, V};

/// `delta(kind, lag, d_p, d_j)` for every lane, exactly as [`crate::network::Edge::delta`].
#[inline(always)]
fn delta<const N: usize, S: Simd<N>>(kind: LinkKind, lag: f64, dp: S::F, dj: S::F) -> S::F {
    let lag = S::splat(lag);
    match kind {
        LinkKind::FS => S::add(dp, lag),
        LinkKind::SS => lag,
        LinkKind::FF => S::sub(S::add(dp, lag), dj),
        LinkKind::SF => S::sub(lag, dj),
    }
}

/// Form codes for the const parameter of [`largest_ask`].
const PLAIN: u8 = 0;
const FS: u8 = 1;
const GENERAL: u8 = 2;

/// The largest ask `es_p + delta` of the links (predecessor, type, lag) into a node of
/// duration `dj` (minus infinity without links). Generic over the form so that the link loop
/// has no choice in it; no closures: everything must inline into the instruction-set variant.
#[inline(always)]
fn largest_ask<const N: usize, S: Simd<N>, const FORM: u8>(
    ws: &Workspace<N>,
    (nodes, kinds, lags): (&[u32], &[LinkKind], &[f64]),
    dj: S::F,
) -> S::F {
    let (es, d, fin) = (&ws.es, &ws.d, &ws.fin);
    let mut best = S::splat(f64::NEG_INFINITY);
    if FORM == PLAIN {
        // the ask is the predecessor's finish; `kinds` and `lags` are not read
        for &i in nodes {
            if let Some(f) = fin.get(i as usize) {
                best = S::max(best, S::load(f));
            }
        }
        return best;
    }
    for ((&i, &kind), &lag) in nodes.iter().zip(kinds).zip(lags) {
        let i = i as usize;
        let (Some(esp), Some(dp)) = (es.get(i), d.get(i)) else {
            continue;
        };
        let dl = if FORM == FS {
            S::add(S::load(dp), S::splat(lag))
        } else {
            delta::<N, S>(kind, lag, S::load(dp), dj)
        };
        best = S::max(best, S::add(S::load(esp), dl));
    }
    best
}

/// The forward pass: `es_j = max(release_j, largest ask) + wait_j` (the maximum is exact, so
/// the same bits as the one-draw path's link-by-link maximum), `fin_j = es_j + d_j`, and the
/// largest ask of each node; returns the makespan of each lane. With `quick` (the plan's quick durations, no
/// risk event), each duration is sampled here from `rng`, in step order as
/// [`super::sample::sample_all`] would: one pass over the nodes instead of two.
#[inline(always)]
pub(super) fn forward<const N: usize, S: Simd<N>>(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace<N>,
    quick: Option<&[Quick]>,
    rng: &mut [S::U; 4],
) -> S::F {
    match quick {
        Some(q) => {
            // a local copy: the generators stay in registers through the loop
            let mut g = *rng;
            let t = forward_with::<N, S, true>(r, p, ws, q, &mut g);
            *rng = g;
            t
        }
        None => forward_with::<N, S, false>(r, p, ws, &[], rng),
    }
}

#[inline(always)]
fn forward_with<const N: usize, S: Simd<N>, const SAMPLE: bool>(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace<N>,
    quick: &[Quick],
    rng: &mut [S::U; 4],
) -> S::F {
    let pred = r.net.predecessors();
    let (nodes, kinds, lags) = (pred.nodes(), pred.kinds(), pred.lags());
    let zero = S::splat(0.0);
    let mut t = zero;
    for (k, st) in p.steps.iter().enumerate() {
        let (j, lo, hi) = (st.j as usize, st.lo as usize, st.hi as usize);
        let (Some(ln), Some(dj)) = (nodes.get(lo..hi), ws.d.get_mut(j)) else {
            continue;
        };
        let dj = if SAMPLE {
            let d = quick.get(k).map_or(zero, |q| sample_quick::<N, S>(q, rng));
            S::store(dj, d);
            d
        } else {
            S::load(dj)
        };
        let typed = || {
            let (k, l) = (kinds.get(lo..hi), lags.get(lo..hi));
            (ln, k.unwrap_or_default(), l.unwrap_or_default())
        };
        let best = match st.form {
            Form::Plain => largest_ask::<N, S, PLAIN>(ws, (ln, &[], &[]), dj),
            Form::Fs => largest_ask::<N, S, FS>(ws, typed(), dj),
            Form::General => largest_ask::<N, S, GENERAL>(ws, typed(), dj),
        };
        let mut s = S::max(S::splat(st.release), best);
        if p.has_risk {
            if let Some(w) = ws.wait.get(j) {
                s = S::add(s, S::load(w));
            }
        }
        let f = S::add(s, dj);
        if let (Some(e), Some(x), Some(b)) =
            (ws.es.get_mut(j), ws.fin.get_mut(j), ws.best.get_mut(j))
        {
            S::store(e, s);
            S::store(x, f);
            S::store(b, best);
        }
        t = S::max(t, f);
    }
    t
}

/// Criticality in one reverse pass: a node is critical in a lane when it finishes at the
/// makespan `t` (within `tol`) or a critical successor marked it through a tight link (the same
/// set as the one-draw stack walk); counted where the intervention happened and the lane is
/// active (`act`). Each node's mark is cleared once read, ready for the next batch.
#[inline(always)]
pub(super) fn reverse<const N: usize, S: Simd<N>>(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace<N>,
    t: S::F,
    tol: S::F,
    act: Bits,
) {
    let pred = r.net.predecessors();
    let (nodes, kinds, lags) = (pred.nodes(), pred.kinds(), pred.lags());
    for st in p.steps.iter().rev() {
        let (j, lo, hi) = (st.j as usize, st.lo as usize, st.hi as usize);
        let (Some(f), Some(c), Some(&ex)) = (ws.fin.get(j), ws.crit.get_mut(j), ws.ex.get(j))
        else {
            continue;
        };
        let near = S::bits(S::le(S::abs(S::sub(S::load(f), t)), tol));
        let cj = *c | near;
        *c = 0;
        if p.has_exist {
            if let Some(e) = ws.ecount.get_mut(j) {
                *e += u64::from((ex & act).count_ones());
            }
        }
        if cj & ex & act != 0 {
            if let Some(k) = ws.ccount.get_mut(j) {
                *k += u64::from((cj & ex & act).count_ones());
            }
        }
        if cj == 0 {
            continue;
        }
        let (Some(es), Some(dj)) = (ws.es.get(j), ws.d.get(j)) else {
            continue;
        };
        let (es, dj) = (S::load(es), S::load(dj));
        let bound = match ws.wait.get(j) {
            Some(w) if p.has_risk => S::sub(es, S::load(w)),
            _ => es,
        };
        let (Some(ln), Some(lk), Some(ll)) =
            (nodes.get(lo..hi), kinds.get(lo..hi), lags.get(lo..hi))
        else {
            continue;
        };
        for ((&i, &kind), &lag) in ln.iter().zip(lk).zip(ll) {
            let i = i as usize;
            let (Some(esi), Some(di)) = (ws.es.get(i), ws.d.get(i)) else {
                continue;
            };
            let c = delta::<N, S>(kind, lag, S::load(di), dj);
            let gap = S::sub(S::sub(bound, S::load(esi)), c);
            let tight = S::bits(S::le(S::abs(gap), tol));
            if let Some(ci) = ws.crit.get_mut(i) {
                *ci |= cj & tight;
            }
        }
    }
}

/// The per-node sums over the active lanes `actm` (starts, largest asks, durations and their
/// squares; see [`Simd::add_sums4`]): a pass of its own, in index order, so that the forward
/// pass's iterations stay short (the reduction tree's latency there held back the
/// out-of-order overlap of nodes).
#[inline(always)]
pub(super) fn node_sums<const N: usize, S: Simd<N>>(ws: &mut Workspace<N>, actm: S::M) {
    let zero = S::splat(0.0);
    let rows = ws.es.iter().zip(&ws.best).zip(&ws.d).zip(&mut ws.sums);
    for (((es, best), d), sums) in rows {
        let x = S::select(actm, S::load(d), zero);
        S::add_sums4(
            sums,
            S::select(actm, S::load(es), zero),
            S::select(actm, S::load(best), zero),
            x,
            S::mul(x, x),
        );
    }
}

/// With costs: the costs per node over the active lanes (`actm`) and the batch's total cost per
/// lane (summed in index order, as the one-draw path does).
#[inline(always)]
pub(super) fn costs<const N: usize, S: Simd<N>>(
    p: &Plan,
    ws: &mut Workspace<N>,
    actm: S::M,
) -> V<N> {
    let zero = S::splat(0.0);
    let mut cost = V::default();
    if p.has_cost {
        let mut total = zero;
        for (four, acc) in ws.cost.chunks(4).zip(ws.csum.iter_mut()) {
            let mut c = [zero; 4];
            for (x, v) in c.iter_mut().zip(four) {
                *x = S::load(v);
                total = S::add(total, *x);
            }
            let [a, b, d, e] = c.map(|x| S::select(actm, x, zero));
            S::add_sums4(acc, a, b, d, e);
        }
        S::store(&mut cost, total);
    }
    cost
}
