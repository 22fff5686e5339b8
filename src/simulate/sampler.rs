//! Per-draw sampling: durations, costs, existence, risk events and pledges of one draw.
//!
//! Every draw has its own random stream, xoshiro256++ seeded from `(seed, draw)` (see
//! [`super::rng`]), so a draw's numbers depend only on `(seed, draw)`, never on which thread
//! runs it, in which order, or whether it runs alone or in a lane of the batched CPM kernel
//! ([`super::batch`]). Within a draw the order of consumption is fixed: for each intervention
//! **in the network's topological order** its existence (one uniform, only when its probability
//! is below 1), duration and cost (one uniform by inverse CDF for uniform and triangular
//! distributions, `rand_distr` for the other families, nothing when fixed); then for each risk
//! its occurrence and all its impacts (sampled whether or not it occurs, so switching a risk off
//! leaves every other number unchanged: common random numbers for risk drivers); then for each
//! pledge its arrival, delay and share. Durations taken from pre-drawn uniform columns (Latin
//! hypercube or rank correlation, see [`super::correlate`]) go through the quantile function
//! instead and consume nothing from the stream.
//!
//! Durations, costs, delays and shares below 0 (possible only with normal distributions) count
//! as 0.

use super::rng::{nonneg, Fast, Xoshiro};
use crate::error::{Error, Result};
use crate::model::{Dist, Scenario};

/// A risk event compiled to indices.
#[derive(Debug, Clone)]
pub(crate) struct RiskC {
    pub(crate) probability: f64,
    pub(crate) affects: Vec<u32>,
    pub(crate) delay: Option<Fast>,
    pub(crate) scale: Option<Fast>,
    pub(crate) extra: Option<Fast>,
}

/// A pledge compiled to its source index.
#[derive(Debug, Clone)]
pub(crate) struct PledgeC {
    pub(crate) source: usize,
    pub(crate) amount: f64,
    pub(crate) at: f64,
    pub(crate) probability: f64,
    pub(crate) delay: Fast,
    pub(crate) share: Option<Fast>,
}

/// Uniforms drawn beforehand for some durations: `u[draw * cols.len() + k]` is the uniform of
/// intervention `cols[k]` in that draw.
#[derive(Debug, Clone, Default)]
pub(crate) struct Uniforms {
    /// Column of each intervention (`u32::MAX` = sampled directly).
    pub(crate) col_of: Vec<u32>,
    pub(crate) width: usize,
    pub(crate) u: Vec<f64>,
}

/// Everything a draw is sampled from.
#[derive(Debug, Clone)]
pub(crate) struct Sampler {
    pub(crate) seed: u64,
    pub(crate) dur: Vec<Dist>,
    pub(crate) dur_fast: Vec<Fast>,
    pub(crate) cost_fast: Vec<Fast>,
    /// Order in which interventions consume the stream (the network's topological order).
    pub(crate) order: Vec<u32>,
    pub(crate) exist: Vec<f64>,
    pub(crate) risks: Vec<RiskC>,
    pub(crate) risk_on: Vec<bool>,
    pub(crate) pledges: Vec<PledgeC>,
    pub(crate) sources: usize,
    pub(crate) uniforms: Uniforms,
}

/// The numbers of one draw (index `i` = intervention `i`).
#[derive(Debug, Clone, Default)]
pub(crate) struct DrawSample {
    pub(crate) dur: Vec<f64>,
    pub(crate) cost: Vec<f64>,
    pub(crate) exists: Vec<bool>,
    /// Extra wait before the start (risk delays), months.
    pub(crate) wait: Vec<f64>,
    pub(crate) occurred: Vec<bool>,
    /// Inflows `(time, US$)` per source, in pledge order.
    pub(crate) inflows: Vec<Vec<(f64, f64)>>,
}

/// Trigen: the triangle whose `p_lo` and `p_hi` quantiles are `lo` and `hi`, with mode `mode`.
///
/// Solved by alternating bisections on the two tail widths (each condition is monotone in its
/// own width). `lo <= mode <= hi` and `0 < p_lo < p_hi < 1` are assumed.
pub fn trigen(lo: f64, mode: f64, hi: f64, p_lo: f64, p_hi: f64) -> (f64, f64) {
    if hi <= lo {
        return (lo, hi);
    }
    let (l, r) = (mode - lo, hi - mode);
    // alpha = mode - a, beta = b - mode; conditions:
    // (alpha - l)^2 = p_lo (alpha + beta) alpha,  (beta - r)^2 = (1 - p_hi) (alpha + beta) beta
    let solve = |target: f64, other: f64, p: f64| -> f64 {
        // f(x) = x - sqrt(p x (x + other)) - target, increasing for p < 1
        let f = |x: f64| x - (p * x * (x + other)).sqrt() - target;
        let (mut a, mut b) = (
            0.0,
            (target + other + 1e-12) * 4.0 / (1.0 - p.sqrt()).max(1e-6),
        );
        while f(b) < 0.0 && b < 1e300 {
            b *= 2.0;
        }
        for _ in 0..200 {
            let m = 0.5 * (a + b);
            if f(m) < 0.0 {
                a = m;
            } else {
                b = m;
            }
        }
        0.5 * (a + b)
    };
    let (mut alpha, mut beta) = (l.max(1e-9 * (hi - lo)), r.max(1e-9 * (hi - lo)));
    for _ in 0..200 {
        let a2 = solve(l, beta, p_lo);
        let b2 = solve(r, a2, 1.0 - p_hi);
        let done = (a2 - alpha).abs() + (b2 - beta).abs() <= 1e-13 * (hi - lo);
        alpha = a2;
        beta = b2;
        if done {
            break;
        }
    }
    (mode - alpha, mode + beta)
}

impl Sampler {
    /// Compile the sampling of `scenario`: each intervention in its fixed mode (base where none
    /// is fixed); `trigen = Some((p_lo, p_hi))` reads triangular `[min, mode, max]` durations as
    /// the `p_lo`/`p_hi` percentiles.
    pub(crate) fn build(sc: &Scenario, seed: u64, trigen_at: Option<(f64, f64)>) -> Result<Self> {
        let mut dur = Vec::with_capacity(sc.interventions.len());
        let mut cost = Vec::with_capacity(sc.interventions.len());
        for iv in &sc.interventions {
            let view = iv
                .fixed_mode_index()
                .and_then(|k| iv.mode_view(k))
                .ok_or_else(|| Error::UnknownId {
                    what: "mode",
                    id: iv.mode.clone().unwrap_or_default(),
                })?;
            let d = match (view.duration_months, trigen_at) {
                (Dist::Triangular { min, mode, max }, Some((pl, ph))) => {
                    let (a, b) = trigen(*min, *mode, *max, pl, ph);
                    Dist::Triangular {
                        min: a.max(0.0),
                        mode: *mode,
                        max: b,
                    }
                }
                (d, _) => d.clone(),
            };
            dur.push(d);
            cost.push(Fast::new(view.cost_usd));
        }
        let index = |id: &str| sc.intervention_index(id);
        let mut risks = Vec::with_capacity(sc.risks.len());
        for r in &sc.risks {
            let affects = r
                .affects
                .iter()
                .map(|a| {
                    index(a).map(|i| i as u32).ok_or_else(|| Error::UnknownId {
                        what: "intervention",
                        id: a.clone(),
                    })
                })
                .collect::<Result<Vec<u32>>>()?;
            risks.push(RiskC {
                probability: r.probability,
                affects,
                delay: r.delay_months.as_ref().map(Fast::new),
                scale: r.duration_scale.as_ref().map(Fast::new),
                extra: r.extra_cost_usd.as_ref().map(Fast::new),
            });
        }
        let mut pledges = Vec::new();
        for (s, src) in sc.sources.iter().enumerate() {
            for p in &src.pledges {
                pledges.push(PledgeC {
                    source: s,
                    amount: p.amount_usd,
                    at: p.at_months,
                    probability: p.probability,
                    delay: Fast::new(&p.delay_months),
                    share: p.share.as_ref().map(Fast::new),
                });
            }
        }
        Ok(Sampler {
            seed,
            exist: sc.interventions.iter().map(|iv| iv.probability).collect(),
            dur_fast: dur.iter().map(Fast::new).collect(),
            order: (0..dur.len() as u32).collect(),
            dur,
            cost_fast: cost,
            risk_on: vec![true; risks.len()],
            risks,
            pledges,
            sources: sc.sources.len(),
            uniforms: Uniforms {
                col_of: vec![u32::MAX; sc.interventions.len()],
                width: 0,
                u: Vec::new(),
            },
        })
    }

    /// Number of interventions.
    pub(crate) fn len(&self) -> usize {
        self.dur.len()
    }

    /// Sample draw `draw` into `out`.
    pub(crate) fn draw(&self, draw: u64, out: &mut DrawSample) {
        let n = self.len();
        let mut rng = Xoshiro::for_draw(self.seed, draw);
        out.dur.resize(n, 0.0);
        out.cost.resize(n, 0.0);
        out.exists.resize(n, true);
        out.wait.clear();
        out.wait.resize(n, 0.0);
        let base = (draw as usize).saturating_mul(self.uniforms.width);
        for &i in &self.order {
            let i = i as usize;
            let (Some(dd), Some(cd), Some(&pe)) = (
                self.dur_fast.get(i),
                self.cost_fast.get(i),
                self.exist.get(i),
            ) else {
                continue;
            };
            let exists = pe >= 1.0 || rng.uniform() < pe;
            let col = self.uniforms.col_of.get(i).copied().unwrap_or(u32::MAX);
            let d = if col == u32::MAX {
                rng.sample(dd)
            } else {
                let u = self
                    .uniforms
                    .u
                    .get(base + col as usize)
                    .copied()
                    .unwrap_or(0.5);
                self.dur.get(i).map_or(0.0, |d| d.quantile(u))
            };
            let c = rng.sample(cd);
            out.exists[i] = exists;
            out.dur[i] = if exists { nonneg(d) } else { 0.0 };
            out.cost[i] = if exists { nonneg(c) } else { 0.0 };
        }
        out.occurred.clear();
        for (r, &on) in self.risks.iter().zip(&self.risk_on) {
            let u = rng.uniform();
            let delay = r.delay.as_ref().map_or(0.0, |d| nonneg(rng.sample(d)));
            let scale = r.scale.as_ref().map_or(1.0, |d| nonneg(rng.sample(d)));
            let extra = r.extra.as_ref().map_or(0.0, |d| nonneg(rng.sample(d)));
            let hit = u < r.probability;
            out.occurred.push(hit);
            if !(hit && on) {
                continue;
            }
            for &a in &r.affects {
                let a = a as usize;
                if !out.exists.get(a).copied().unwrap_or(false) {
                    continue;
                }
                if let (Some(w), Some(d), Some(c)) =
                    (out.wait.get_mut(a), out.dur.get_mut(a), out.cost.get_mut(a))
                {
                    *w += delay;
                    *d *= scale;
                    *c += extra;
                }
            }
        }
        out.inflows.resize_with(self.sources, Vec::new);
        for f in &mut out.inflows {
            f.clear();
        }
        for p in &self.pledges {
            let u = rng.uniform();
            let delay = nonneg(rng.sample(&p.delay));
            let share = p
                .share
                .as_ref()
                .map_or(1.0, |d| rng.sample(d).clamp(0.0, 1.0));
            if u < p.probability {
                if let Some(f) = out.inflows.get_mut(p.source) {
                    f.push((p.at + delay, p.amount * share));
                }
            }
        }
    }
}
