//! Statistics of draws with the core's one quantile rule: every table and figure of peaceplan
//! (summaries, financing, comparisons, progress, study spreads) reads its P-values from here or
//! from [`super::metrics::quantile`], which this module uses.
//!
//! **The rule.** `P_q = inf{t : F(t) >= q}` with `F` the empirical CDF of the draws: the
//! `ceil(q N)`-th smallest of `N` values (`q = 0`: the minimum), NumPy's
//! `method="inverted_cdf"`. It never interpolates, so every P-value is a value some draw
//! produced, and one figure read through any route is the same number (see
//! `docs/statistics.md`).

use super::metrics::quantile;

/// One row of a summary table: P-values, mean and shares of one column of draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Describe {
    /// `P_q` for each requested `q` (NaN values ignored; `inf` kept: censored work).
    pub quantiles: Vec<f64>,
    /// Mean of the values that happened, NaN when some are censored (`inf`) or none happened.
    pub mean: f64,
    /// Share of the values that happened that are `inf` (work never done), NaN when none did.
    pub censored: f64,
    /// Share of the draws in which the value happened (not NaN).
    pub happens: f64,
}

/// [`Describe`] of one column: NaN means "did not happen in this draw", `inf` "never done".
pub fn describe(values: &[f64], qs: &[f64]) -> Describe {
    let v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    let quantiles = qs.iter().map(|&q| quantile(&v, q)).collect();
    if v.is_empty() {
        return Describe {
            quantiles,
            mean: f64::NAN,
            censored: f64::NAN,
            happens: 0.0,
        };
    }
    let n = v.len() as f64;
    let censored = v.iter().filter(|x| x.is_infinite()).count() as f64 / n;
    let mean = if censored == 0.0 {
        v.iter().fold(0.0, |a, b| a + b) / n
    } else {
        f64::NAN
    };
    Describe {
        quantiles,
        mean,
        censored,
        happens: n / values.len().max(1) as f64,
    }
}

/// Mean, median and one tail P-value of the finite values (NaN for all three when none is).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Mean.
    pub mean: f64,
    /// `P_0.5`.
    pub p50: f64,
    /// `P_tail` (P80 for money needed, P20 for money in).
    pub tail: f64,
}

/// [`Spread`] of the finite values with the tail at `tail`.
pub fn spread(values: &[f64], tail: f64) -> Spread {
    let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return Spread {
            mean: f64::NAN,
            p50: f64::NAN,
            tail: f64::NAN,
        };
    }
    Spread {
        mean: v.iter().fold(0.0, |a, b| a + b) / v.len() as f64,
        p50: quantile(&v, 0.5),
        tail: quantile(&v, tail),
    }
}

/// `P_q` of each column of a `rows x cols` row-major matrix (NaN ignored per column), one
/// vector per `q`.
pub fn column_quantiles(m: &[f64], rows: usize, cols: usize, qs: &[f64]) -> Vec<Vec<f64>> {
    let columns: Vec<Vec<f64>> = (0..cols)
        .map(|c| {
            (0..rows)
                .filter_map(|r| m.get(r * cols + c).copied())
                .collect()
        })
        .collect();
    qs.iter()
        .map(|&q| columns.iter().map(|col| quantile(col, q)).collect())
        .collect()
}

/// Slip of one figure between two simulations of the same futures (progress assessment):
/// `(P_q baseline, P_q current, current - baseline)`.
pub fn slip(baseline: &[f64], current: &[f64], q: f64) -> (f64, f64, f64) {
    let (b, c) = (quantile(baseline, q), quantile(current, q));
    (b, c, c - b)
}

/// Mean of the values that are not NaN (NaN when none is): the "mean" rows of comparisons and
/// progress assessments (relapse risks).
pub fn mean(values: &[f64]) -> f64 {
    let v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        f64::NAN
    } else {
        v.iter().fold(0.0, |a, b| a + b) / v.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_uses_the_inverted_cdf() {
        // 1..=10: P80 is the 8th smallest (no interpolation), P10 the first
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        let d = describe(&v, &[0.1, 0.5, 0.8, 0.85]);
        assert_eq!(d.quantiles, vec![1.0, 5.0, 8.0, 9.0]);
        assert_eq!(d.mean, 5.5);
        assert_eq!(d.censored, 0.0);
        assert_eq!(d.happens, 1.0);
    }

    #[test]
    fn describe_keeps_censored_draws_and_drops_missing_ones() {
        let v = [1.0, f64::NAN, 2.0, f64::INFINITY, 3.0];
        let d = describe(&v, &[0.5, 0.8]);
        // four values happened: 1, 2, 3, inf; P50 = 2nd, P80 = ceil(3.2) = 4th
        assert_eq!(d.quantiles, vec![2.0, f64::INFINITY]);
        assert!(d.mean.is_nan());
        assert_eq!(d.censored, 0.25);
        assert_eq!(d.happens, 0.8);
        let none = describe(&[f64::NAN], &[0.5]);
        assert!(none.quantiles[0].is_nan() && none.mean.is_nan());
        assert_eq!(none.happens, 0.0);
    }

    #[test]
    fn spread_of_finite_values() {
        let s = spread(&[4.0, f64::NAN, 1.0, 3.0, 2.0, f64::INFINITY], 0.2);
        assert_eq!((s.mean, s.p50, s.tail), (2.5, 2.0, 1.0));
        assert!(spread(&[f64::NAN], 0.8).mean.is_nan());
    }

    #[test]
    fn column_quantiles_per_column() {
        // 3 rows x 2 columns: column 0 = 1, 2, 3; column 1 = 30, NaN, 10
        let m = [1.0, 30.0, 2.0, f64::NAN, 3.0, 10.0];
        let q = column_quantiles(&m, 3, 2, &[0.5, 1.0]);
        assert_eq!(q, vec![vec![2.0, 10.0], vec![3.0, 30.0]]);
    }

    #[test]
    fn slip_is_the_change_of_the_p_value() {
        let b = [10.0, 11.0, 12.0, 13.0, 14.0];
        let c = [12.0, 13.0, 14.0, 15.0, 16.0];
        assert_eq!(slip(&b, &c, 0.8), (13.0, 15.0, 2.0));
        assert_eq!(mean(&[1.0, f64::NAN, 3.0]), 2.0);
        assert!(mean(&[]).is_nan());
    }
}
