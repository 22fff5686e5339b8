//! Sampling of a batch: existence, durations and costs per intervention, then the risk events.

use super::plan::Plan;
use super::plan::Quick;
use super::workspace::{on, Workspace};
use crate::simulate::rng::Fast;
use crate::simulate::runner::Runner;
use crate::simulate::simd::{nonneg_v, sample, tri, Bits, Simd, V};

/// A quick duration for every lane (floored at 0 as every duration is).
#[inline(always)]
pub(super) fn sample_quick<const N: usize, S: Simd<N>>(q: &Quick, rng: &mut [S::U; 4]) -> S::F {
    let d = match q {
        Quick::Fixed(v) => S::splat(*v),
        Quick::Uniform { lo, width } => {
            S::add(S::splat(*lo), S::mul(S::next_unit(rng), S::splat(*width)))
        }
        Quick::Triangular(t) => tri::<N, S>(t, S::next_unit(rng)),
    };
    nonneg_v::<N, S>(d)
}

/// Sample every duration of the batch, in topological order.
#[inline(always)]
pub(super) fn sample_all<const N: usize, S: Simd<N>>(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace<N>,
    rng: &mut [S::U; 4],
    first: u64,
) {
    if let Some(quick) = &p.quick {
        // the common case: no call in the loop, so the generators stay in registers
        let mut g = *rng;
        for (st, q) in p.steps.iter().zip(quick) {
            let d = match q {
                Quick::Fixed(v) => S::splat(*v),
                Quick::Uniform { lo, width } => S::add(
                    S::splat(*lo),
                    S::mul(S::next_unit(&mut g), S::splat(*width)),
                ),
                Quick::Triangular(t) => tri::<N, S>(t, S::next_unit(&mut g)),
            };
            if let Some(x) = ws.d.get_mut(st.j as usize) {
                S::store(x, nonneg_v::<N, S>(d));
            }
        }
        *rng = g;
        return;
    }
    for st in &p.steps {
        sample_one::<N, S>(r, p, ws, rng, st.j as usize, first);
    }
}

/// Sample intervention `i` (existence, duration, cost) for every lane into the workspace.
#[inline(always)]
fn sample_one<const N: usize, S: Simd<N>>(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace<N>,
    rng: &mut [S::U; 4],
    i: usize,
    first: u64,
) {
    let s = &r.sampler;
    let zero = S::splat(0.0);
    let (Some(dd), Some(cd), Some(&pe)) = (s.dur_fast.get(i), s.cost_fast.get(i), s.exist.get(i))
    else {
        return;
    };
    let mut ex = Bits::MAX;
    if pe < 1.0 {
        ex = S::bits(S::lt(S::next_unit(rng), S::splat(pe)));
    }
    let col = if p.has_uniforms {
        s.uniforms.col_of.get(i).copied().unwrap_or(u32::MAX)
    } else {
        u32::MAX
    };
    let mut d = if col == u32::MAX {
        sample::<N, S>(rng, &mut ws.spill, dd)
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
    d = nonneg_v::<N, S>(d);
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
        let mut c = nonneg_v::<N, S>(sample::<N, S>(rng, &mut ws.spill, cd));
        if p.has_exist {
            c = S::select(S::mask(ex), c, zero);
        }
        if let Some(x) = ws.cost.get_mut(i) {
            S::store(x, c);
        }
    }
}

/// The risk events of the batch: occurrence and impacts per lane, applied to the waits,
/// durations and costs of the affected interventions that happen.
pub(super) fn risks<const N: usize, S: Simd<N>>(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace<N>,
    rng: &mut [S::U; 4],
) {
    for (k, (risk, &live)) in r.sampler.risks.iter().zip(&r.sampler.risk_on).enumerate() {
        let u = S::next_unit(rng);
        let mut impact = |d: &Option<Fast>, none: f64| {
            let mut v = V([none; N]);
            if let Some(d) = d {
                S::store(
                    &mut v,
                    nonneg_v::<N, S>(sample::<N, S>(rng, &mut ws.spill, d)),
                );
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
            for l in (0..N).filter(|&l| on(m, l)) {
                w.0[l] += delay.0[l];
                d.0[l] *= scale.0[l];
            }
            if p.has_cost {
                if let Some(c) = ws.cost.get_mut(a) {
                    for l in (0..N).filter(|&l| on(m, l)) {
                        c.0[l] += extra.0[l];
                    }
                }
            }
        }
    }
}
