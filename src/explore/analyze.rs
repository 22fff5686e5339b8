//! Analyses of experiment results: Sobol ([`sobol`]), Morris ([`morris`]), PRIM ([`prim`])
//! and, here, tornado swings and robustness per option.

pub use super::morris::{indices as morris, MorrisIndices};
pub use super::prim::{prim, PrimBox, PrimResult};
pub use super::sobol::{indices as sobol, SobolIndices};
pub use super::sobol_rqmc::{replicated as sobol_replicated, ReplicatedSobol};

use crate::error::{Error, Result};
use crate::simulate::metrics::quantile;

/// One bar of a tornado chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Swing {
    /// Input index.
    pub input: usize,
    /// Outcome with the input at its low value.
    pub low: f64,
    /// Outcome with the input at its high value.
    pub high: f64,
    /// `high - low`.
    pub swing: f64,
}

/// Tornado swings from the rows of [`super::design::oat`] (`1 + 2d` outcomes), the base value
/// and the bars sorted by decreasing `|swing|` (stable: ties keep input order).
///
/// # Errors
/// [`Error::InvalidArgument`] when `y` does not have `1 + 2d` values.
pub fn tornado(y: &[f64], d: usize) -> Result<(f64, Vec<Swing>)> {
    if y.len() != 1 + 2 * d {
        return Err(Error::InvalidArgument {
            name: "y".into(),
            message: format!(
                "expected {} one-at-a-time outcomes, got {}",
                1 + 2 * d,
                y.len()
            ),
        });
    }
    let base = y.first().copied().unwrap_or(f64::NAN);
    let mut bars: Vec<Swing> = (0..d)
        .map(|i| {
            let low = y.get(1 + 2 * i).copied().unwrap_or(f64::NAN);
            let high = y.get(2 + 2 * i).copied().unwrap_or(f64::NAN);
            Swing {
                input: i,
                low,
                high,
                swing: high - low,
            }
        })
        .collect();
    bars.sort_by(|a, b| b.swing.abs().total_cmp(&a.swing.abs()));
    Ok((base, bars))
}

/// Robustness of one option over the scenarios (futures).
#[derive(Debug, Clone, PartialEq)]
pub struct Robustness {
    /// Mean outcome.
    pub mean: f64,
    /// 10th, 50th and 90th percentiles of the outcome.
    pub p10: f64,
    /// Median outcome.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Largest regret (distance to the best option in the same scenario).
    pub max_regret: f64,
    /// 90th percentile of the regret.
    pub p90_regret: f64,
    /// Mean regret.
    pub mean_regret: f64,
    /// Share of scenarios meeting the threshold (NaN without one).
    pub satisficing: f64,
}

/// Robustness of each option: `y` is options x scenarios (row-major), the same scenarios for
/// every option (common random numbers). Regret is `y - min` over options in each scenario
/// when `minimize`, `max - y` otherwise; an option satisfies a scenario when `y <= threshold`
/// (`>=` when maximising).
///
/// # Errors
/// [`Error::InvalidArgument`] when `y` is not `options` whole rows.
pub fn robustness(
    y: &[f64],
    options: usize,
    minimize: bool,
    threshold: Option<f64>,
) -> Result<Vec<Robustness>> {
    if options == 0 || !y.len().is_multiple_of(options) || y.is_empty() {
        return Err(Error::InvalidArgument {
            name: "y".into(),
            message: format!("{} values are not {options} rows of scenarios", y.len()),
        });
    }
    let s = y.len() / options;
    let at = |o: usize, j: usize| y.get(o * s + j).copied().unwrap_or(f64::NAN);
    let best: Vec<f64> = (0..s)
        .map(|j| {
            let vals = (0..options).map(|o| at(o, j));
            if minimize {
                vals.fold(f64::INFINITY, f64::min)
            } else {
                vals.fold(f64::NEG_INFINITY, f64::max)
            }
        })
        .collect();
    Ok((0..options)
        .map(|o| {
            let row: Vec<f64> = (0..s).map(|j| at(o, j)).collect();
            let regret: Vec<f64> = row
                .iter()
                .zip(&best)
                .map(|(v, b)| if minimize { v - b } else { b - v })
                .collect();
            let ok = threshold.map_or(f64::NAN, |t| {
                row.iter()
                    .filter(|&&v| if minimize { v <= t } else { v >= t })
                    .count() as f64
                    / s as f64
            });
            Robustness {
                mean: row.iter().sum::<f64>() / s as f64,
                p10: quantile(&row, 0.1),
                p50: quantile(&row, 0.5),
                p90: quantile(&row, 0.9),
                max_regret: regret.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                p90_regret: quantile(&regret, 0.9),
                mean_regret: regret.iter().sum::<f64>() / s as f64,
                satisficing: ok,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regret_and_satisficing() {
        let y = [1.0, 5.0, 2.0, 2.0, 2.0, 2.0];
        let r = robustness(&y, 2, true, Some(2.0)).unwrap();
        assert_eq!(r[0].max_regret, 3.0);
        assert_eq!(r[1].max_regret, 1.0);
        assert!((r[0].satisficing - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(r[1].satisficing, 1.0);
    }

    #[test]
    fn tornado_sorted() {
        let (b, bars) = tornado(&[1.0, 0.9, 1.1, 0.0, 3.0], 2).unwrap();
        assert_eq!(b, 1.0);
        assert_eq!(bars[0].input, 1);
    }
}
