//! Schedule-risk metrics over outcome columns (definitions in `reference/schedule_risk.md`).
//!
//! Quantiles follow one pinned rule, the inverted empirical CDF
//! `P_q = inf{t : F(t) >= q}` (NumPy `method="inverted_cdf"`): the `ceil(q N)`-th smallest value.

use std::collections::HashMap;

use rayon::prelude::*;

use super::correlate::{avg_ranks, pearson};
use super::options::SimOptions;
use super::outcomes::Outcomes;
use super::simulation::simulate;
use crate::error::{Error, Result};
use crate::model::Scenario;
use crate::network::Network;

/// `P_q` of `values` by the inverted empirical CDF; NaN values are ignored (NaN when none is
/// left). `q` is clamped into [0, 1]; `q = 0` gives the minimum.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    quantile_sorted(&v, q)
}

/// [`quantile`] of values already sorted ascending (without NaN).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let q = q.clamp(0.0, 1.0);
    let k = (q * n as f64).ceil() as usize;
    sorted.get(k.max(1) - 1).copied().unwrap_or(f64::NAN)
}

/// Confidence of a date: the share of draws finishing by `t` (`F(t)`).
pub fn confidence(values: &[f64], t: f64) -> f64 {
    let n = values.iter().filter(|x| !x.is_nan()).count();
    if n == 0 {
        return f64::NAN;
    }
    values.iter().filter(|&&x| x <= t).count() as f64 / n as f64
}

/// Joint confidence of cost and schedule: share of draws with `cost <= c` and `finish <= t`.
pub fn joint_confidence(cost: &[f64], finish: &[f64], c: f64, t: f64) -> f64 {
    let n = cost.len().min(finish.len());
    if n == 0 {
        return f64::NAN;
    }
    cost.iter()
        .zip(finish)
        .filter(|(&a, &b)| a <= c && b <= t)
        .count() as f64
        / n as f64
}

/// Cruciality: signed Spearman correlation of each intervention's sampled duration with the
/// finish, from the draws x interventions `duration` matrix (NaN for a fixed duration).
pub fn cruciality(duration: &[f64], n: usize, finish: &[f64]) -> Vec<f64> {
    let draws = finish.len();
    if n == 0 || duration.len() != draws * n {
        return vec![f64::NAN; n];
    }
    let keep: Vec<usize> = (0..draws).filter(|&k| finish[k].is_finite()).collect();
    let t: Vec<f64> = keep.iter().map(|&k| finish[k]).collect();
    // the finish's ranks once, not once per intervention
    let rt = avg_ranks(&t);
    // interventions are independent: in parallel (the result does not depend on the threads)
    (0..n)
        .into_par_iter()
        .map(|i| {
            let d: Vec<f64> = keep.iter().map(|&k| duration[k * n + i]).collect();
            pearson(&avg_ranks(&d), &rt)
        })
        .collect()
}

/// Schedule sensitivity index `SSI_i = CI_i * sd(D_i) / sd(T)` from criticality indices and
/// duration moments (sums over `draws`).
pub fn ssi(ci: &[f64], dur_sum: &[f64], dur_sq: &[f64], draws: usize, finish: &[f64]) -> Vec<f64> {
    let f: Vec<f64> = finish.iter().copied().filter(|x| x.is_finite()).collect();
    let m = f.len() as f64;
    let mean = f.iter().sum::<f64>() / m;
    let sd_t = (f.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (m - 1.0)).sqrt();
    let n = draws as f64;
    ci.iter()
        .zip(dur_sum.iter().zip(dur_sq))
        .map(|(&c, (&s, &q))| {
            let var = ((q - s * s / n) / (n - 1.0)).max(0.0);
            if sd_t > 0.0 {
                c * var.sqrt() / sd_t
            } else {
                f64::NAN
            }
        })
        .collect()
}

/// Merge bias at one merge node.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeBias {
    /// Id of the merge node.
    pub id: String,
    /// Number of predecessors.
    pub paths: usize,
    /// `E[max_p X_p]`, months.
    pub mean_of_max: f64,
    /// `max_p E[X_p]`, months.
    pub max_of_means: f64,
    /// `E[max] - max E >= 0`, months.
    pub bias: f64,
}

/// Merge bias of every merge node, from the streamed sums of a simulation.
pub fn merge_bias(net: &Network, outcomes: &Outcomes) -> Vec<MergeBias> {
    merge_bias_of(net, &outcomes.merge, outcomes.draws)
}

/// [`merge_bias`] from the merge sums of `draws` draws (kept apart from their outcomes).
pub(crate) fn merge_bias_of(
    net: &Network,
    sums: &super::draw_cpm::MergeSums,
    draws: usize,
) -> Vec<MergeBias> {
    let n = draws.max(1) as f64;
    let merges: Vec<usize> = (0..net.len())
        .filter(|&j| net.predecessors().degree(j) >= 2)
        .collect();
    merges
        .iter()
        .enumerate()
        .map(|(k, &m)| {
            let deg = net.predecessors().degree(m);
            let off = sums.offsets.get(k).copied().unwrap_or(0);
            let max_of_means = (0..deg)
                .map(|p| sums.each.get(off + p).copied().unwrap_or(f64::NAN) / n)
                .fold(f64::NEG_INFINITY, f64::max);
            let mean_of_max = sums.max.get(k).copied().unwrap_or(f64::NAN) / n;
            MergeBias {
                id: net.ids().get(m).cloned().unwrap_or_default(),
                paths: deg,
                mean_of_max,
                max_of_means,
                bias: mean_of_max - max_of_means,
            }
        })
        .collect()
}

/// Running mean and `P_q` of the first `k` draws, at `points` checkpoints evenly spaced.
pub fn convergence(values: &[f64], q: f64, points: usize) -> Vec<(usize, f64, f64)> {
    let n = values.len();
    let points = points.clamp(1, n.max(1));
    (1..=points)
        .map(|p| {
            let k = (n * p).div_ceil(points).max(1).min(n);
            let head = values.get(..k).unwrap_or(&[]);
            let finite: Vec<f64> = head.iter().copied().filter(|x| x.is_finite()).collect();
            let mean = finite.iter().sum::<f64>() / finite.len().max(1) as f64;
            (k, mean, quantile(head, q))
        })
        .collect()
}

/// One row of the risk-driver analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskDriver {
    /// Risk id.
    pub id: String,
    /// `P_q(all risks) - P_q(all but this one)`, months.
    pub alone: f64,
    /// Step of the waterfall: the drop in `P_q` when this risk is removed after the ones above
    /// it (rows in waterfall order; the steps add up to `P_q(all) - P_q(none)`).
    pub waterfall: f64,
    /// `P_q` after removing this risk and the ones above it.
    pub p_after: f64,
}

/// Risk drivers at quantile `q` (Hulett, AACE 57R-09): each risk's effect on `P_q` with common
/// random numbers, and the waterfall (remove the top risk, re-run, repeat). Runs
/// `1 + R + R(R-1)/2` simulations of `opts.draws` finish-only draws.
///
/// # Errors
/// [`Error::InvalidArgument`] unless `0 < q < 1`; errors of [`simulate`].
pub fn risk_drivers(sc: &Scenario, opts: &SimOptions, q: f64) -> Result<(f64, Vec<RiskDriver>)> {
    if !(q > 0.0 && q < 1.0) {
        return Err(Error::InvalidArgument {
            name: "q".into(),
            message: format!("must lie strictly between 0 and 1, got {q}"),
        });
    }
    let mut o = opts.clone();
    o.per_intervention = Some(false);
    // P_q with a set of risks switched off, each set simulated once: the waterfall's first step
    // removes each risk alone, as the `alone` column did (r runs of 1 + r + r (r + 1) / 2 saved)
    let mut memo: HashMap<Vec<String>, f64> = HashMap::new();
    let mut p_with = |off: &[String]| -> Result<f64> {
        let mut key = off.to_vec();
        key.sort();
        key.dedup();
        if let Some(&p) = memo.get(&key) {
            return Ok(p);
        }
        let mut oo = o.clone();
        oo.disabled_risks = off.to_vec();
        let p = quantile(&simulate(sc, &oo)?.outcomes.finish, q);
        memo.insert(key, p);
        Ok(p)
    };
    let all = p_with(&o.disabled_risks.clone())?;
    let ids: Vec<String> = sc
        .risks
        .iter()
        .map(|r| r.id.clone())
        .filter(|id| !o.disabled_risks.contains(id))
        .collect();
    let mut alone = Vec::with_capacity(ids.len());
    for id in &ids {
        let mut off = o.disabled_risks.clone();
        off.push(id.clone());
        alone.push(all - p_with(&off)?);
    }
    let mut removed = o.disabled_risks.clone();
    let mut current = all;
    let mut rows = Vec::new();
    let mut left: Vec<usize> = (0..ids.len()).collect();
    while !left.is_empty() {
        let mut best: Option<(usize, f64)> = None;
        for (pos, &r) in left.iter().enumerate() {
            let mut off = removed.clone();
            off.push(ids[r].clone());
            let p = p_with(&off)?;
            if best.is_none_or(|(_, bp)| p < bp) {
                best = Some((pos, p));
            }
        }
        let Some((pos, p)) = best else { break };
        let r = left.remove(pos);
        removed.push(ids[r].clone());
        rows.push(RiskDriver {
            id: ids[r].clone(),
            alone: alone[r],
            waterfall: current - p,
            p_after: p,
        });
        current = p;
    }
    Ok((all, rows))
}
