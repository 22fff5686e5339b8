//! How precise is a Monte Carlo number? Intervals for the statistics the explore layer reports:
//!
//! * [`replicate_mean`]: the mean of independent replicates (randomised-QMC Sobol replicates,
//!   experiments) with a Student-t interval;
//! * [`quantile_interval`]: a distribution-free interval for `P_q` from order statistics (the
//!   number of draws below the true quantile is binomial), around the core's one quantile rule
//!   ([`crate::simulate::metrics::quantile_sorted`], the `ceil(q N)`-th smallest value);
//! * [`mean_interval`]: the mean of draws with a Student-t interval;
//! * [`stat_interval`]: either of the two for an outcome statistic ([`Stat`]).
//!
//! Every interval is returned as an [`Estimate`]: the value, a standard error and the bounds.
//! A standard error of a quantile is the half-width divided by the normal quantile of the level.

use statrs::distribution::{Binomial, ContinuousCDF, DiscreteCDF, Normal, StudentsT};

use super::outcome::Stat;
use crate::error::{Error, Result};
use crate::simulate::metrics::quantile_sorted;

/// A number with its precision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The estimate.
    pub value: f64,
    /// Its standard error (NaN when undefined, e.g. one replicate).
    pub se: f64,
    /// Lower bound of the confidence interval.
    pub lo: f64,
    /// Upper bound of the confidence interval.
    pub hi: f64,
}

impl Estimate {
    /// Half the width of the interval.
    pub fn half_width(&self) -> f64 {
        0.5 * (self.hi - self.lo)
    }

    /// Whether the interval excludes zero.
    pub fn excludes_zero(&self) -> bool {
        self.lo > 0.0 || self.hi < 0.0
    }

    fn nan() -> Estimate {
        Estimate {
            value: f64::NAN,
            se: f64::NAN,
            lo: f64::NAN,
            hi: f64::NAN,
        }
    }
}

/// Checks a confidence level.
///
/// # Errors
/// [`Error::InvalidArgument`] outside (0, 1).
pub fn check_level(conf_level: f64) -> Result<()> {
    if conf_level > 0.0 && conf_level < 1.0 {
        Ok(())
    } else {
        Err(Error::InvalidArgument {
            name: "conf_level".into(),
            message: format!("must be in (0, 1), got {conf_level}"),
        })
    }
}

/// Two-sided normal quantile of a level (1.96 at 0.95).
pub fn z_of(conf_level: f64) -> f64 {
    Normal::standard().inverse_cdf(0.5 + conf_level.clamp(1e-6, 1.0 - 1e-12) / 2.0)
}

/// Two-sided Student-t quantile with `dof` degrees of freedom (the normal one above 10^6).
pub fn t_of(conf_level: f64, dof: f64) -> f64 {
    let p = 0.5 + conf_level.clamp(1e-6, 1.0 - 1e-12) / 2.0;
    if dof >= 1e6 {
        return z_of(conf_level);
    }
    StudentsT::new(0.0, 1.0, dof).map_or(f64::NAN, |t| t.inverse_cdf(p))
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
    (m, var.max(0.0).sqrt())
}

/// Mean of independent replicates (NaN ignored) with a Student-t interval at `conf_level`:
/// `mean +- t(R - 1) sd / sqrt(R)`. With fewer than two finite values the standard error and
/// the bounds are NaN.
pub fn replicate_mean(values: &[f64], conf_level: f64) -> Estimate {
    let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return Estimate::nan();
    }
    if v.len() < 2 {
        let value = v.first().copied().unwrap_or(f64::NAN);
        return Estimate {
            value,
            ..Estimate::nan()
        };
    }
    let (m, sd) = mean_sd(&v);
    let se = sd / (v.len() as f64).sqrt();
    let h = t_of(conf_level, v.len() as f64 - 1.0) * se;
    Estimate {
        value: m,
        se,
        lo: m - h,
        hi: m + h,
    }
}

/// [`replicate_mean`] of the first `k` values for `k = 1..=len`: how the estimate and its
/// interval settle as replicates are added (a convergence plot).
pub fn running(values: &[f64], conf_level: f64) -> Vec<Estimate> {
    (1..=values.len())
        .map(|k| replicate_mean(values.get(..k).unwrap_or(&[]), conf_level))
        .collect()
}

/// Mean of Monte Carlo draws with a Student-t interval (the same as [`replicate_mean`]).
pub fn mean_interval(values: &[f64], conf_level: f64) -> Estimate {
    replicate_mean(values, conf_level)
}

/// `P_q` of `values` (NaN ignored) by the core's rule, with the distribution-free order-statistic
/// interval `[X_(l), X_(u)]`: the number of draws below the true quantile is Binomial(N, q), so
/// `P(X_(l) <= xi_q < X_(u)) = P(l <= Bin < u) >= conf_level`, each tail at most
/// `(1 - conf_level) / 2`. A bound that no order statistic reaches (too few draws for this `q`)
/// is `-inf` / `+inf`.
pub fn quantile_interval(values: &[f64], q: f64, conf_level: f64) -> Estimate {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return Estimate::nan();
    }
    v.sort_by(f64::total_cmp);
    quantile_interval_sorted(&v, q, conf_level)
}

/// [`quantile_interval`] of values sorted ascending without NaN.
pub fn quantile_interval_sorted(sorted: &[f64], q: f64, conf_level: f64) -> Estimate {
    let n = sorted.len();
    let value = quantile_sorted(sorted, q);
    let q = q.clamp(0.0, 1.0);
    let Ok(bin) = Binomial::new(q, n as u64) else {
        return Estimate {
            value,
            ..Estimate::nan()
        };
    };
    let tail = 0.5 * (1.0 - conf_level);
    // P(Bin <= j - 1) for j >= 1, 0 for j = 0
    let below = |j: u64| if j == 0 { 0.0 } else { bin.cdf(j - 1) };
    // l: the largest j in [0, n] with P(Bin <= j - 1) <= tail (monotone: binary search)
    let (mut a, mut b) = (0u64, n as u64);
    while a < b {
        let mid = (a + b).div_ceil(2);
        if below(mid) <= tail {
            a = mid;
        } else {
            b = mid - 1;
        }
    }
    let l = a;
    // u: the smallest j in [1, n + 1] with P(Bin >= j) = 1 - P(Bin <= j - 1) <= tail
    let (mut a, mut b) = (1u64, n as u64 + 1);
    while a < b {
        let mid = (a + b) / 2;
        if 1.0 - below(mid) <= tail {
            b = mid;
        } else {
            a = mid + 1;
        }
    }
    let u = a;
    let lo = if l == 0 {
        f64::NEG_INFINITY
    } else {
        sorted.get(l as usize - 1).copied().unwrap_or(f64::NAN)
    };
    let hi = sorted.get(u as usize - 1).copied().unwrap_or(f64::INFINITY);
    Estimate {
        value,
        se: (hi - lo) / (2.0 * z_of(conf_level)),
        lo,
        hi,
    }
}

/// The interval of an outcome statistic over draws: [`mean_interval`] for the mean,
/// [`quantile_interval`] for a percentile, a normal-theory interval for the standard deviation
/// (`se = sd / sqrt(2 (N - 1))`).
///
/// # Errors
/// [`Error::InvalidArgument`] for `min` and `max`, whose sampling error has no interval from the
/// draws alone.
pub fn stat_interval(values: &[f64], s: Stat, conf_level: f64) -> Result<Estimate> {
    match s {
        Stat::Mean => Ok(mean_interval(values, conf_level)),
        Stat::Percentile(p) => Ok(quantile_interval(values, p / 100.0, conf_level)),
        Stat::Std => {
            let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
            if v.len() < 2 {
                return Ok(Estimate::nan());
            }
            let (_, sd) = mean_sd(&v);
            let se = sd / (2.0 * (v.len() as f64 - 1.0)).sqrt();
            let h = z_of(conf_level) * se;
            Ok(Estimate {
                value: sd,
                se,
                lo: sd - h,
                hi: sd + h,
            })
        }
        Stat::Min | Stat::Max => Err(Error::InvalidArgument {
            name: "stat".into(),
            message: "the minimum and maximum of the draws have no sampling interval".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn quantile_interval_covers_the_true_quantile() {
        // exponential(1): P80 = ln 5; 400 samples of 300 draws
        let truth = 5f64.ln();
        let mut hit = 0;
        let trials = 400;
        for s in 0..trials {
            let mut g = ChaCha8Rng::seed_from_u64(s);
            let v: Vec<f64> = (0..300).map(|_| -(1.0 - g.random::<f64>()).ln()).collect();
            let e = quantile_interval(&v, 0.8, 0.95);
            assert!(e.lo <= e.value && e.value <= e.hi);
            if e.lo <= truth && truth <= e.hi {
                hit += 1;
            }
        }
        let cov = f64::from(hit) / trials as f64;
        assert!((0.93..=0.99).contains(&cov), "coverage {cov}");
    }

    #[test]
    fn quantile_interval_unbounded_with_few_draws() {
        let e = quantile_interval(&[1.0, 2.0, 3.0], 0.99, 0.95);
        assert_eq!(e.value, 3.0);
        assert_eq!(e.hi, f64::INFINITY);
    }

    #[test]
    fn replicate_mean_t_interval() {
        let e = replicate_mean(&[1.0, 2.0, 3.0], 0.95);
        assert_eq!(e.value, 2.0);
        assert!((e.se - 1.0 / 3f64.sqrt()).abs() < 1e-12);
        // t(2) = 4.303
        assert!((e.half_width() - 4.302_652_7 / 3f64.sqrt()).abs() < 1e-4);
        assert!(replicate_mean(&[1.0], 0.95).se.is_nan());
    }
}
