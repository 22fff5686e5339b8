//! Distributions compiled once per run for the event loop: the same draws as [`Dist::sample`]
//! (bit for bit, same random numbers consumed), without re-validating and re-building the
//! distribution object at every draw.

use rand::Rng;
use rand_distr::{Distribution, Exp1};

use crate::model::Dist;

/// A [`Dist`] ready to sample.
#[derive(Debug, Clone)]
pub(crate) enum Sampler {
    /// Always this value (no random number used).
    Fixed(f64),
    /// Exponential: `Exp1 * inverse` with `inverse = 1 / (1 / mean)`, as `rand_distr::Exp`.
    Exp(f64),
    /// PERT (beta) with its parameters computed once.
    Pert(rand_distr::Pert<f64>),
    /// Anything else: sampled through [`Dist::sample`].
    Other(Dist),
}

impl Sampler {
    pub(crate) fn new(d: &Dist) -> Sampler {
        match d {
            Dist::Fixed(v) => Sampler::Fixed(*v),
            Dist::Exponential { mean } if *mean > 0.0 && mean.is_finite() => {
                Sampler::Exp(1.0 / (1.0 / mean))
            }
            Dist::Pert { min, mode, max } if max > min => rand_distr::Pert::new(*min, *max)
                .with_mode(*mode)
                .map_or_else(|_| Sampler::Other(d.clone()), Sampler::Pert),
            other => Sampler::Other(other.clone()),
        }
    }

    #[inline]
    pub(crate) fn sample<R: Rng>(&self, rng: &mut R) -> f64 {
        match self {
            Sampler::Fixed(v) => *v,
            Sampler::Exp(inv) => {
                let x: f64 = Exp1.sample(rng);
                x * inv
            }
            Sampler::Pert(p) => p.sample(rng),
            Sampler::Other(d) => d.sample(rng),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    #[test]
    fn same_draws_as_dist() {
        for d in [
            Dist::Fixed(3.0),
            Dist::Exponential { mean: 12.0 },
            Dist::Exponential { mean: 0.7 },
            Dist::Pert {
                min: 2.0,
                mode: 10.0,
                max: 18.0,
            },
            Dist::Uniform { min: 1.0, max: 4.0 },
        ] {
            let s = Sampler::new(&d);
            let (mut a, mut b) = (ChaCha8Rng::seed_from_u64(7), ChaCha8Rng::seed_from_u64(7));
            for _ in 0..1000 {
                assert_eq!(
                    d.sample(&mut a).to_bits(),
                    s.sample(&mut b).to_bits(),
                    "{d:?}"
                );
            }
        }
    }
}
