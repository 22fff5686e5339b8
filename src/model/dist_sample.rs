//! Quantiles (by `statrs`) and random draws (by `rand_distr`) of a [`Dist`].

use rand::Rng;
use rand_distr::Distribution as _;
use statrs::distribution::ContinuousCDF;

use super::dist::{lognormal_params, Dist};

/// PERT shape parameters (alpha, beta) for weight 4.
fn pert_shape(min: f64, mode: f64, max: f64) -> (f64, f64) {
    let range = max - min;
    (
        1.0 + 4.0 * (mode - min) / range,
        1.0 + 4.0 * (max - mode) / range,
    )
}

impl Dist {
    /// Quantile (inverse CDF) at probability `p` in [0, 1]; `p` is clamped into [0, 1].
    /// For a discrete distribution: the smallest value whose cumulative weight reaches `p`.
    pub fn quantile(&self, p: f64) -> f64 {
        let p = if p.is_nan() { 0.5 } else { p.clamp(0.0, 1.0) };
        match self {
            Dist::Fixed(v) => *v,
            Dist::Uniform { min, max } => min + p * (max - min),
            Dist::Triangular { min, mode, max } => {
                if max <= min {
                    return *min;
                }
                statrs::distribution::Triangular::new(*min, *max, *mode)
                    .map(|d| d.inverse_cdf(p))
                    .unwrap_or(f64::NAN)
            }
            Dist::Pert { min, mode, max } => {
                if max <= min {
                    return *min;
                }
                let (a, b) = pert_shape(*min, *mode, *max);
                statrs::distribution::Beta::new(a, b)
                    .map(|d| min + (max - min) * d.inverse_cdf(p))
                    .unwrap_or(f64::NAN)
            }
            Dist::LogNormal { mean, sd } => {
                if *sd == 0.0 {
                    return *mean;
                }
                let (mu, sigma) = lognormal_params(*mean, *sd);
                statrs::distribution::LogNormal::new(mu, sigma)
                    .map(|d| d.inverse_cdf(p))
                    .unwrap_or(f64::NAN)
            }
            Dist::Normal { mean, sd } => {
                if *sd == 0.0 {
                    return *mean;
                }
                statrs::distribution::Normal::new(*mean, *sd)
                    .map(|d| d.inverse_cdf(p))
                    .unwrap_or(f64::NAN)
            }
            Dist::Exponential { mean } => statrs::distribution::Exp::new(1.0 / mean)
                .map(|d| d.inverse_cdf(p))
                .unwrap_or(f64::NAN),
            Dist::Discrete { values, weights } => {
                let mut pairs: Vec<(f64, f64)> = values
                    .iter()
                    .copied()
                    .zip(weights.iter().copied())
                    .filter(|(_, w)| *w > 0.0)
                    .collect();
                pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
                let total: f64 = pairs.iter().map(|(_, w)| w).sum();
                let mut cum = 0.0;
                for (v, w) in &pairs {
                    cum += w / total;
                    if cum >= p - 1e-12 {
                        return *v;
                    }
                }
                pairs.last().map(|(v, _)| *v).unwrap_or(f64::NAN)
            }
        }
    }

    /// One random draw. Parameters must be valid (see [`Dist::problems`]); invalid ones give NaN.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Fixed(v) => *v,
            Dist::Uniform { min, max } => {
                if max <= min {
                    return *min;
                }
                rand_distr::Uniform::new_inclusive(*min, *max)
                    .map(|d| d.sample(rng))
                    .unwrap_or(f64::NAN)
            }
            Dist::Triangular { min, mode, max } => {
                if max <= min {
                    return *min;
                }
                rand_distr::Triangular::new(*min, *max, *mode)
                    .map(|d| d.sample(rng))
                    .unwrap_or(f64::NAN)
            }
            Dist::Pert { min, mode, max } => {
                if max <= min {
                    return *min;
                }
                rand_distr::Pert::new(*min, *max)
                    .with_mode(*mode)
                    .map(|d| d.sample(rng))
                    .unwrap_or(f64::NAN)
            }
            Dist::LogNormal { mean, sd } => {
                if *sd == 0.0 {
                    return *mean;
                }
                let (mu, sigma) = lognormal_params(*mean, *sd);
                rand_distr::LogNormal::new(mu, sigma)
                    .map(|d| d.sample(rng))
                    .unwrap_or(f64::NAN)
            }
            Dist::Normal { mean, sd } => {
                if *sd == 0.0 {
                    return *mean;
                }
                rand_distr::Normal::new(*mean, *sd)
                    .map(|d| d.sample(rng))
                    .unwrap_or(f64::NAN)
            }
            Dist::Exponential { mean } => rand_distr::Exp::new(1.0 / mean)
                .map(|d| d.sample(rng))
                .unwrap_or(f64::NAN),
            Dist::Discrete { values, weights } => {
                rand_distr::weighted::WeightedIndex::new(weights.iter().copied())
                    .ok()
                    .and_then(|d| values.get(d.sample(rng)).copied())
                    .unwrap_or(f64::NAN)
            }
        }
    }
}
