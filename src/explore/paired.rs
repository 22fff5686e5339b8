//! Paired comparison of two options under common random numbers: draw `k` of option A and draw
//! `k` of option B see the same future, so the difference of a statistic is estimated from the
//! pairs, with an interval, the probability that A does better in a future, and whether the
//! difference is distinguishable from zero at this number of draws (and, if not, about how many
//! draws would make it so).
//!
//! * mean: the mean of the paired differences with a Student-t interval;
//! * percentile (`P_q`, the core's rule [`crate::simulate::metrics::quantile_sorted`]) and
//!   standard deviation: the paired bootstrap (the same resampled draws for both options),
//!   percentile interval. Percentile resamples cost O(N) each: draws are ranked once and a
//!   resample only counts how often each rank is picked.
//!
//! The pairs are independent across draws whatever the correlation within a pair, so the
//! interval is valid even where the options share fewer random numbers (then only wider).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::outcome::{self, Stat};
use super::precision::{check_level, mean_interval, Estimate};
use crate::error::{Error, Result};
use crate::simulate::metrics::quantile_sorted;

/// A paired comparison of option A against option B on one statistic.
#[derive(Debug, Clone, PartialEq)]
pub struct Paired {
    /// `stat(A) - stat(B)` with its interval.
    pub diff: Estimate,
    /// Share of futures (draws) in which A does better than B (ties count one half).
    pub p_better: f64,
    /// Pairs used (draws where both are not NaN).
    pub draws: usize,
    /// Whether the interval of the difference excludes zero.
    pub significant: bool,
    /// About how many draws make the interval exclude zero if the difference is what was
    /// observed (`draws` when it already does; infinite when the difference is zero).
    pub draws_needed: f64,
    /// Pearson correlation of A and B across draws (how much the common random numbers pair).
    pub correlation: f64,
}

fn ranks(v: &[f64]) -> (Vec<f64>, Vec<u32>) {
    let mut idx: Vec<u32> = (0..v.len() as u32).collect();
    idx.sort_by(|&i, &j| {
        let a = v.get(i as usize).copied().unwrap_or(f64::NAN);
        let b = v.get(j as usize).copied().unwrap_or(f64::NAN);
        a.total_cmp(&b)
    });
    let sorted = idx
        .iter()
        .map(|&i| v.get(i as usize).copied().unwrap_or(f64::NAN))
        .collect();
    let mut rank = vec![0u32; v.len()];
    for (r, &i) in idx.iter().enumerate() {
        if let Some(x) = rank.get_mut(i as usize) {
            *x = r as u32;
        }
    }
    (sorted, rank)
}

/// The `k`-th smallest (1-based) of a resample given as counts per rank.
fn kth(counts: &[u32], sorted: &[f64], k: usize) -> f64 {
    let mut seen = 0usize;
    for (r, &c) in counts.iter().enumerate() {
        seen += c as usize;
        if seen >= k {
            return sorted.get(r).copied().unwrap_or(f64::NAN);
        }
    }
    sorted.last().copied().unwrap_or(f64::NAN)
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    sab / (saa * sbb).sqrt()
}

/// Paired comparison of `a` and `b` (one value per draw, the same futures) on `stat`; lower is
/// better unless `maximize`. Intervals at `conf_level`; `resamples` bootstrap resamples (for
/// percentiles and the standard deviation) seeded by `seed`.
///
/// # Errors
/// [`Error::InvalidArgument`] when `a` and `b` differ in length, fewer than 2 pairs are left
/// without NaN, `stat` is the minimum or maximum, `resamples < 2` where a bootstrap is needed,
/// or `conf_level` is outside (0, 1).
pub fn paired(
    a: &[f64],
    b: &[f64],
    stat: Stat,
    conf_level: f64,
    maximize: bool,
    resamples: usize,
    seed: u64,
) -> Result<Paired> {
    check_level(conf_level)?;
    let bad = |name: &str, message: String| Error::InvalidArgument {
        name: name.into(),
        message,
    };
    if a.len() != b.len() {
        return Err(bad(
            "b",
            format!(
                "options must have the same draws: {} against {}",
                a.len(),
                b.len()
            ),
        ));
    }
    let (a, b): (Vec<f64>, Vec<f64>) = a
        .iter()
        .zip(b)
        .filter(|(x, y)| !x.is_nan() && !y.is_nan())
        // values equal to rounding (sums taken in another order) are the same value
        .map(|(&x, &y)| {
            let same = (x - y).abs() <= 1e-12 * x.abs().max(y.abs()).max(1.0);
            (x, if same { x } else { y })
        })
        .unzip();
    let n = a.len();
    if n < 2 {
        return Err(bad(
            "a",
            format!("need at least 2 draws without NaN, got {n}"),
        ));
    }
    let better = a
        .iter()
        .zip(&b)
        .map(|(x, y)| {
            if x == y {
                0.5
            } else if (x < y) != maximize {
                1.0
            } else {
                0.0
            }
        })
        .sum::<f64>()
        / n as f64;
    let diff = match stat {
        Stat::Mean => {
            let d: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x - y).collect();
            mean_interval(&d, conf_level)
        }
        Stat::Min | Stat::Max => {
            return Err(bad(
                "stat",
                "the minimum and maximum of the draws have no sampling interval".into(),
            ))
        }
        Stat::Percentile(_) | Stat::Std => {
            if resamples < 2 {
                return Err(bad(
                    "resamples",
                    format!("need at least 2, got {resamples}"),
                ));
            }
            bootstrap(&a, &b, stat, conf_level, resamples, seed)
        }
    };
    let significant = diff.excludes_zero();
    let half = diff.half_width();
    let draws_needed = if significant {
        n as f64
    } else if diff.value == 0.0 || !half.is_finite() {
        f64::INFINITY
    } else {
        (n as f64 * (half / diff.value.abs()).powi(2)).ceil()
    };
    Ok(Paired {
        diff,
        p_better: better,
        draws: n,
        significant,
        draws_needed,
        correlation: correlation(&a, &b),
    })
}

fn bootstrap(a: &[f64], b: &[f64], stat: Stat, conf: f64, resamples: usize, seed: u64) -> Estimate {
    let n = a.len();
    let point = outcome::stat(a, stat) - outcome::stat(b, stat);
    let (sa, ra) = ranks(a);
    let (sb, rb) = ranks(b);
    let mut diffs: Vec<f64> = (0..resamples)
        .into_par_iter()
        .map(|r| {
            let mut g = ChaCha8Rng::seed_from_u64(seed);
            g.set_stream(r as u64);
            match stat {
                Stat::Percentile(p) => {
                    let mut ca = vec![0u32; n];
                    let mut cb = vec![0u32; n];
                    for _ in 0..n {
                        let j = g.random_range(0..n);
                        if let (Some(&x), Some(&y)) = (ra.get(j), rb.get(j)) {
                            if let Some(c) = ca.get_mut(x as usize) {
                                *c += 1;
                            }
                            if let Some(c) = cb.get_mut(y as usize) {
                                *c += 1;
                            }
                        }
                    }
                    // the core's rule: the ceil(q N)-th smallest
                    let k = ((p / 100.0).clamp(0.0, 1.0) * n as f64).ceil().max(1.0) as usize;
                    kth(&ca, &sa, k) - kth(&cb, &sb, k)
                }
                _ => {
                    let pick: Vec<usize> = (0..n).map(|_| g.random_range(0..n)).collect();
                    let ra: Vec<f64> = pick.iter().filter_map(|&j| a.get(j).copied()).collect();
                    let rb: Vec<f64> = pick.iter().filter_map(|&j| b.get(j).copied()).collect();
                    outcome::stat(&ra, stat) - outcome::stat(&rb, stat)
                }
            }
        })
        .collect();
    diffs.sort_by(f64::total_cmp);
    let m = diffs.iter().sum::<f64>() / resamples as f64;
    let sd =
        (diffs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (resamples as f64 - 1.0)).sqrt();
    let tail = 0.5 * (1.0 - conf);
    Estimate {
        value: point,
        se: sd,
        lo: quantile_sorted(&diffs, tail),
        hi: quantile_sorted(&diffs, 1.0 - tail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two options on the same futures: B is A plus 0.3 months and noise of its own.
    fn futures(n: usize, shift: f64, seed: u64) -> (Vec<f64>, Vec<f64>) {
        let mut g = ChaCha8Rng::seed_from_u64(seed);
        let a: Vec<f64> = (0..n).map(|_| 20.0 + 6.0 * g.random::<f64>()).collect();
        let b = a
            .iter()
            .map(|x| x + shift + 0.5 * (g.random::<f64>() - 0.5))
            .collect();
        (a, b)
    }

    #[test]
    fn known_difference_is_covered_and_significant() {
        let mut hit = 0;
        for seed in 0..100 {
            let (a, b) = futures(400, 0.3, seed);
            let p = paired(&a, &b, Stat::Mean, 0.95, false, 0, 0).expect("paired");
            if p.diff.lo <= -0.3 && -0.3 <= p.diff.hi {
                hit += 1;
            }
            assert!(p.significant && p.diff.hi < 0.0, "{p:?}");
            assert!(p.p_better > 0.9 && p.correlation > 0.9);
        }
        assert!((90..=99).contains(&hit), "coverage {hit} %");
        // the P80 differs by the same shift (to within noise), by the paired bootstrap
        let (a, b) = futures(2000, 0.3, 7);
        let p = paired(&a, &b, Stat::Percentile(80.0), 0.95, false, 500, 1).expect("p80");
        assert!(p.diff.lo <= -0.3 && -0.3 <= p.diff.hi, "{p:?}");
        assert!(p.significant);
    }

    #[test]
    fn identical_options_are_not_distinguishable() {
        let (a, _) = futures(500, 0.0, 3);
        for stat in [Stat::Mean, Stat::Percentile(80.0)] {
            let p = paired(&a, &a, stat, 0.95, false, 200, 0).expect("paired");
            assert_eq!(p.diff.value, 0.0);
            assert!(!p.significant);
            assert_eq!(p.draws_needed, f64::INFINITY);
            assert_eq!(p.p_better, 0.5);
        }
    }

    #[test]
    fn small_difference_needs_more_draws() {
        let (a, b) = futures(100, 0.01, 5);
        let p = paired(&a, &b, Stat::Mean, 0.95, false, 0, 0).expect("paired");
        assert!(!p.significant);
        assert!(p.draws_needed > 100.0, "{p:?}");
        assert!(paired(&a, &b[1..], Stat::Mean, 0.95, false, 0, 0).is_err());
        assert!(paired(&a, &b, Stat::Max, 0.95, false, 0, 0).is_err());
    }
}
