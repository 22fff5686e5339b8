//! Sobol indices with valid confidence intervals from randomised quasi-Monte Carlo replicates
//! (Owen 1997; L'Ecuyer and Lemieux 2002): `R` Saltelli designs, each on an independent Owen
//! scrambling of the Sobol sequence ([`super::design::saltelli_replicates`]), give `R`
//! independent, identically distributed estimates of every index; the index is their mean and
//! its interval the Student-t interval of that mean ([`super::precision::replicate_mean`]).
//!
//! The bootstrap of [`super::sobol`] resamples quasi-random points as if they were independent
//! and overstates the error by 8x to ~2000x on Ishigami; the replicate interval has its nominal
//! coverage (tested below on Ishigami over 60 seeds) and shrinks at the QMC rate, so it says
//! when to stop: add replicates (or base samples) until the half-width meets a target.

use super::precision::{replicate_mean, Estimate};
use super::sobol::{point, Triple};
use crate::error::{Error, Result};

/// Sobol indices of one output with replicate intervals. Every vector has one value per input
/// (`d x d` row-major for the second-order ones, NaN off the upper triangle).
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicatedSobol {
    /// First-order indices (mean over replicates).
    pub s1: Vec<Estimate>,
    /// Total-order indices.
    pub st: Vec<Estimate>,
    /// Second-order indices (empty without second order).
    pub s2: Vec<Estimate>,
    /// First-order index of each replicate, `replicates x d` row-major.
    pub s1_reps: Vec<f64>,
    /// Total-order index of each replicate, `replicates x d` row-major.
    pub st_reps: Vec<f64>,
    /// Number of replicates.
    pub replicates: usize,
    /// Base samples per replicate.
    pub n: usize,
}

/// Sobol indices of `y`, the outputs of [`super::design::saltelli_replicates`] with `d` inputs
/// and `replicates` replicates (concatenated in replicate order), with intervals at
/// `conf_level` from the spread of the replicates.
///
/// # Errors
/// [`Error::InvalidArgument`] for fewer than 2 replicates, a `y` that is not `replicates`
/// whole Saltelli designs, non-finite outputs (naming the row), or `conf_level` outside (0, 1).
pub fn replicated(
    y: &[f64],
    d: usize,
    second_order: bool,
    replicates: usize,
    conf_level: f64,
) -> Result<ReplicatedSobol> {
    super::precision::check_level(conf_level)?;
    if replicates < 2 || !y.len().is_multiple_of(replicates) {
        return Err(Error::InvalidArgument {
            name: "replicates".into(),
            message: format!(
                "need at least 2 replicates and a whole design per replicate: {} outputs for {replicates} replicates",
                y.len()
            ),
        });
    }
    let len = y.len() / replicates;
    let step = if second_order { 2 * d + 2 } else { d + 2 };
    let parts: Vec<Triple> = y
        .chunks(len)
        .enumerate()
        .map(|(r, part)| {
            point(part, d, second_order).map_err(|e| match e {
                Error::InvalidArgument { name, message } => Error::InvalidArgument {
                    name,
                    message: format!("replicate {r}: {message}"),
                },
                other => other,
            })
        })
        .collect::<Result<_>>()?;
    let summarise = |pick: &dyn Fn(&Triple) -> &Vec<f64>, k: usize| -> Vec<Estimate> {
        (0..k)
            .map(|i| {
                let v: Vec<f64> = parts
                    .iter()
                    .filter_map(|p| pick(p).get(i).copied())
                    .collect();
                replicate_mean(&v, conf_level)
            })
            .collect()
    };
    Ok(ReplicatedSobol {
        s1: summarise(&|p| &p.0, d),
        st: summarise(&|p| &p.1, d),
        s2: if second_order {
            summarise(&|p| &p.2, d * d)
        } else {
            Vec::new()
        },
        s1_reps: parts.iter().flat_map(|p| p.0.iter().copied()).collect(),
        st_reps: parts.iter().flat_map(|p| p.1.iter().copied()).collect(),
        replicates,
        n: len / step.max(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::design::saltelli_replicates;

    fn ishigami(x: &[f64]) -> f64 {
        let p = std::f64::consts::PI;
        let v: Vec<f64> = x.iter().map(|u| -p + 2.0 * p * u).collect();
        v[0].sin() + 7.0 * v[1].sin().powi(2) + 0.1 * v[2].powi(4) * v[0].sin()
    }

    const S1: [f64; 3] = [0.313_905, 0.442_411, 0.0];
    const ST: [f64; 3] = [0.557_589, 0.442_411, 0.243_684];

    /// The nominal 95 % intervals cover the analytic Ishigami indices in 90-99 % of cases
    /// (60 seeds x 6 indices, 8 replicates of 128 base samples each).
    #[test]
    fn ishigami_replicate_intervals_cover() {
        let (seeds, reps, n) = (60u64, 8, 128);
        let (mut hit, mut total, mut width) = (0, 0, 0.0);
        for seed in 0..seeds {
            let x = saltelli_replicates(n, 3, reps, seed, false).expect("design");
            let y: Vec<f64> = x.chunks(3).map(ishigami).collect();
            let s = replicated(&y, 3, false, reps, 0.95).expect("indices");
            for (est, truth) in s.s1.iter().zip(S1).chain(s.st.iter().zip(ST)) {
                total += 1;
                width += est.half_width();
                if est.lo <= truth && truth <= est.hi {
                    hit += 1;
                }
            }
        }
        let cov = f64::from(hit) / f64::from(total);
        let mean_half = width / f64::from(total);
        eprintln!(
            "Ishigami replicate intervals: coverage {cov:.3}, mean half-width {mean_half:.4}"
        );
        assert!((0.90..=0.99).contains(&cov), "coverage {cov}");
        assert!(mean_half < 0.1, "mean half-width {mean_half}");
    }

    #[test]
    fn second_order_and_errors() {
        let x = saltelli_replicates(256, 3, 4, 1, true).expect("design");
        let y: Vec<f64> = x.chunks(3).map(ishigami).collect();
        let s = replicated(&y, 3, true, 4, 0.95).expect("indices");
        assert!((s.s2[2].value - 0.243_684).abs() < 0.1, "{:?}", s.s2[2]);
        assert!(s.s2[0].value.is_nan() || s.s2[3].value.is_nan());
        assert_eq!(s.n, 256);
        assert!(replicated(&y, 3, true, 1, 0.95).is_err());
        assert!(replicated(&y[..y.len() - 1], 3, true, 4, 0.95).is_err());
    }
}
