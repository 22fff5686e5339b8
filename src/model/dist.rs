//! Probability distributions of uncertain quantities (durations, costs, delays).
//!
//! In a scenario file a distribution is written as a plain number (fixed) or as a one-key table:
//! `{uniform = [a, b]}`, `{triangular = [min, mode, max]}`, `{pert = [min, mode, max]}`,
//! `{lognormal = [mean, sd]}` (mean and standard deviation of the quantity itself, not of its log),
//! `{normal = [mean, sd]}`, `{exponential = mean}` or `{discrete = {values = [..], weights = [..]}}`.
//!
//! A normal has unbounded support. Where a quantity cannot be negative (durations, costs, delays)
//! validation accepts a normal only when `mean >= 4 sd` (P(X < 0) below 3.2e-5), and samples are
//! truncated at 0 by the engines that use them (a draw below 0 counts as 0).
//!
//! Quantiles use `statrs`, sampling uses `rand_distr`; nothing here is hand-rolled beyond the
//! parameter conversions (PERT shape parameters, log-normal moments).

use std::fmt;

use crate::error::{Error, IssueKind, Result};

/// Largest magnitude of any distribution parameter (and discrete weight): 1e15. Within it every
/// statistic (mean, variance, quantiles, sums of weights, products in the samplers) stays finite;
/// at `1e308` a triangular's `(max - min) * (mode - min)` or two discrete weights' sum overflow.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// A distribution of an uncertain quantity.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    /// A known value.
    Fixed(f64),
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Triangular with `min <= mode <= max`.
    Triangular {
        /// Lower bound.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Beta-PERT with `min <= mode <= max` (shape weight 4).
    Pert {
        /// Lower bound.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Log-normal given the mean and standard deviation of the quantity (not of its log).
    LogNormal {
        /// Mean of the quantity.
        mean: f64,
        /// Standard deviation of the quantity.
        sd: f64,
    },
    /// Normal (Gaussian) with the given mean and standard deviation.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (>= 0).
        sd: f64,
    },
    /// Exponential with the given mean.
    Exponential {
        /// Mean.
        mean: f64,
    },
    /// Finitely many values with (unnormalised) weights.
    Discrete {
        /// The values.
        values: Vec<f64>,
        /// Their weights (non-negative, positive sum).
        weights: Vec<f64>,
    },
}

impl Default for Dist {
    fn default() -> Self {
        Dist::Fixed(0.0)
    }
}

/// Which single number to take from a distribution for a deterministic calculation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Point {
    /// The most likely value (the midpoint for a uniform, where every point is a mode).
    Mode,
    /// The expected value.
    Mean,
    /// The lower end of the support.
    Min,
    /// The upper end of the support (an error for unbounded distributions).
    Max,
    /// The quantile at a probability strictly between 0 and 1.
    Quantile(f64),
}

impl Point {
    /// Parse `"mode"`, `"mean"`, `"min"`, `"max"` or a number in (0, 1).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `durations` when the text is none of these.
    pub fn parse(text: &str) -> Result<Point> {
        match text.trim() {
            "mode" => Ok(Point::Mode),
            "mean" => Ok(Point::Mean),
            "min" => Ok(Point::Min),
            "max" => Ok(Point::Max),
            other => match other.parse::<f64>() {
                Ok(p) => Point::quantile(p),
                Err(_) => Err(Error::InvalidArgument {
                    name: "durations".into(),
                    message: format!(
                        "expected \"mode\", \"mean\", \"min\", \"max\" or a quantile in (0, 1), got {other:?}"
                    ),
                }),
            },
        }
    }

    /// A quantile point.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `0 < p < 1`.
    pub fn quantile(p: f64) -> Result<Point> {
        if p > 0.0 && p < 1.0 {
            Ok(Point::Quantile(p))
        } else {
            Err(Error::InvalidArgument {
                name: "durations".into(),
                message: format!("a quantile must lie strictly between 0 and 1, got {p}"),
            })
        }
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Point::Mode => f.write_str("mode"),
            Point::Mean => f.write_str("mean"),
            Point::Min => f.write_str("min"),
            Point::Max => f.write_str("max"),
            Point::Quantile(p) => write!(f, "{p}"),
        }
    }
}

/// Location and scale (mu, sigma) of the log of a log-normal quantity with this mean and sd.
pub(super) fn lognormal_params(mean: f64, sd: f64) -> (f64, f64) {
    let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
    (mean.ln() - sigma2 / 2.0, sigma2.sqrt())
}

impl Dist {
    /// Name of the family as written in files.
    pub fn family(&self) -> &'static str {
        match self {
            Dist::Fixed(_) => "fixed",
            Dist::Uniform { .. } => "uniform",
            Dist::Triangular { .. } => "triangular",
            Dist::Pert { .. } => "pert",
            Dist::LogNormal { .. } => "lognormal",
            Dist::Normal { .. } => "normal",
            Dist::Exponential { .. } => "exponential",
            Dist::Discrete { .. } => "discrete",
        }
    }

    /// Every parameter problem, as (kind, message). An empty list means the other methods are safe.
    pub fn problems(&self) -> Vec<(IssueKind, String)> {
        let mut out = Vec::new();
        let nums: Vec<f64> = match self {
            Dist::Fixed(v) => vec![*v],
            Dist::Uniform { min, max } => vec![*min, *max],
            Dist::Triangular { min, mode, max } | Dist::Pert { min, mode, max } => {
                vec![*min, *mode, *max]
            }
            Dist::LogNormal { mean, sd } | Dist::Normal { mean, sd } => vec![*mean, *sd],
            Dist::Exponential { mean } => vec![*mean],
            Dist::Discrete { values, weights } => values.iter().chain(weights).copied().collect(),
        };
        if nums.iter().any(|v| !v.is_finite()) {
            out.push((
                IssueKind::BadNumber,
                format!(
                    "{} parameters must be finite numbers, got {nums:?}",
                    self.family()
                ),
            ));
            return out;
        }
        if let Some(big) = nums.iter().find(|v| v.abs() > MAX_MAGNITUDE) {
            out.push((
                IssueKind::BadNumber,
                format!(
                    "{} parameters must lie within +-{MAX_MAGNITUDE:e} so its statistics stay \
                     finite, got {big:e}",
                    self.family()
                ),
            ));
            return out;
        }
        match self {
            Dist::Uniform { min, max } if min > max => out.push((
                IssueKind::Order,
                format!("uniform needs min <= max, got [{min}, {max}]"),
            )),
            Dist::Triangular { min, mode, max } | Dist::Pert { min, mode, max }
                if !(min <= mode && mode <= max) =>
            {
                out.push((
                    IssueKind::Order,
                    format!(
                        "{} needs min <= mode <= max, got [{min}, {mode}, {max}]",
                        self.family()
                    ),
                ))
            }
            Dist::LogNormal { mean, sd } if *mean <= 0.0 || *sd < 0.0 => out.push((
                IssueKind::BadNumber,
                format!("lognormal needs mean > 0 and sd >= 0, got [{mean}, {sd}]"),
            )),
            Dist::Normal { mean, sd } if *sd < 0.0 => out.push((
                IssueKind::BadNumber,
                format!("normal needs sd >= 0, got [{mean}, {sd}]"),
            )),
            Dist::Exponential { mean } if *mean <= 0.0 => out.push((
                IssueKind::BadNumber,
                format!("exponential needs a mean > 0, got {mean}"),
            )),
            Dist::Discrete { values, weights } => {
                if values.is_empty() {
                    out.push((IssueKind::Other, "discrete needs at least one value".into()));
                } else if values.len() != weights.len() {
                    out.push((
                        IssueKind::Other,
                        format!(
                            "discrete needs as many weights as values, got {} values and {} weights",
                            values.len(),
                            weights.len()
                        ),
                    ));
                } else if weights.iter().any(|w| *w < 0.0) || weights.iter().sum::<f64>() <= 0.0 {
                    out.push((
                        IssueKind::BadNumber,
                        format!(
                            "discrete weights must be >= 0 with a positive sum, got {weights:?}"
                        ),
                    ));
                }
            }
            _ => {}
        }
        out
    }

    /// Lower end of the support.
    pub fn min(&self) -> f64 {
        match self {
            Dist::Fixed(v) => *v,
            Dist::Uniform { min, .. } | Dist::Triangular { min, .. } | Dist::Pert { min, .. } => {
                *min
            }
            Dist::LogNormal { sd, mean } => {
                if *sd == 0.0 {
                    *mean
                } else {
                    0.0
                }
            }
            Dist::Normal { mean, sd } => {
                if *sd == 0.0 {
                    *mean
                } else {
                    f64::NEG_INFINITY
                }
            }
            Dist::Exponential { .. } => 0.0,
            Dist::Discrete { values, weights } => values
                .iter()
                .zip(weights)
                .filter(|(_, w)| **w > 0.0)
                .map(|(v, _)| *v)
                .fold(f64::INFINITY, f64::min),
        }
    }

    /// Upper end of the support (`f64::INFINITY` for log-normal, normal and exponential).
    pub fn max(&self) -> f64 {
        match self {
            Dist::Fixed(v) => *v,
            Dist::Uniform { max, .. } | Dist::Triangular { max, .. } | Dist::Pert { max, .. } => {
                *max
            }
            Dist::LogNormal { sd, mean } => {
                if *sd == 0.0 {
                    *mean
                } else {
                    f64::INFINITY
                }
            }
            Dist::Normal { mean, sd } => {
                if *sd == 0.0 {
                    *mean
                } else {
                    f64::INFINITY
                }
            }
            Dist::Exponential { .. } => f64::INFINITY,
            Dist::Discrete { values, weights } => values
                .iter()
                .zip(weights)
                .filter(|(_, w)| **w > 0.0)
                .map(|(v, _)| *v)
                .fold(f64::NEG_INFINITY, f64::max),
        }
    }

    /// Expected value.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Fixed(v) => *v,
            Dist::Uniform { min, max } => (min + max) / 2.0,
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Pert { min, mode, max } => (min + 4.0 * mode + max) / 6.0,
            Dist::LogNormal { mean, .. }
            | Dist::Normal { mean, .. }
            | Dist::Exponential { mean } => *mean,
            Dist::Discrete { values, weights } => {
                let total: f64 = weights.iter().sum();
                values.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>() / total
            }
        }
    }

    /// Most likely value. For a uniform every point is a mode and the midpoint is returned;
    /// for a discrete distribution the first value with the largest weight.
    pub fn mode(&self) -> f64 {
        match self {
            Dist::Fixed(v) => *v,
            Dist::Uniform { min, max } => (min + max) / 2.0,
            Dist::Triangular { mode, .. } | Dist::Pert { mode, .. } => *mode,
            Dist::LogNormal { mean, sd } => {
                if *sd == 0.0 {
                    return *mean;
                }
                let (mu, sigma) = lognormal_params(*mean, *sd);
                (mu - sigma * sigma).exp()
            }
            Dist::Normal { mean, .. } => *mean,
            Dist::Exponential { .. } => 0.0,
            Dist::Discrete { values, weights } => {
                let mut best = 0;
                for (i, w) in weights.iter().enumerate() {
                    if *w > weights[best] {
                        best = i;
                    }
                }
                values.get(best).copied().unwrap_or(f64::NAN)
            }
        }
    }

    /// The single number `point` picks from this distribution.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for `Point::Max` on an unbounded distribution.
    pub fn point(&self, point: Point) -> Result<f64> {
        Ok(match point {
            Point::Mode => self.mode(),
            Point::Mean => self.mean(),
            Point::Min => {
                let m = self.min();
                if !m.is_finite() {
                    return Err(Error::InvalidArgument {
                        name: "durations".into(),
                        message: format!("a {} distribution has no finite min", self.family()),
                    });
                }
                m
            }
            Point::Max => {
                let m = self.max();
                if !m.is_finite() {
                    return Err(Error::InvalidArgument {
                        name: "durations".into(),
                        message: format!("a {} distribution has no finite max", self.family()),
                    });
                }
                m
            }
            Point::Quantile(p) => self.quantile(p),
        })
    }
}
