//! Morris elementary effects (Morris 1991; mu* of Campolongo et al. 2007) from trajectories of
//! [`super::design::morris`].

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::error::{Error, Result};

/// Morris statistics of one output, one value per input.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisIndices {
    /// Mean elementary effect.
    pub mu: Vec<f64>,
    /// Mean absolute elementary effect.
    pub mu_star: Vec<f64>,
    /// Standard deviation of the elementary effects (n - 1).
    pub sigma: Vec<f64>,
    /// Bootstrap half-width of `mu_star` (`t(r - 1) * sd` over resampled trajectories).
    pub mu_star_conf: Vec<f64>,
}

/// Morris statistics of `y` evaluated on the unit-cube trajectories `x` (`r (d + 1)` rows of
/// `d` columns), effects in units of the unit cube (as SALib).
///
/// # Errors
/// [`Error::InvalidArgument`] when the shapes do not match trajectories, a step changes other
/// than exactly one input, or `y` is not finite (naming the row).
pub fn indices(
    x: &[f64],
    y: &[f64],
    d: usize,
    resamples: usize,
    conf_level: f64,
    seed: u64,
) -> Result<MorrisIndices> {
    let bad = |message: String| Error::InvalidArgument {
        name: "y".into(),
        message,
    };
    let rows = y.len();
    if d == 0 || !rows.is_multiple_of(d + 1) || x.len() != rows * d || rows < 2 * (d + 1) {
        return Err(bad(format!(
            "expected r * {} rows (r >= 2) with {d} inputs, got {rows} outputs and {} inputs",
            d + 1,
            x.len()
        )));
    }
    if let Some(r) = y.iter().position(|v| !v.is_finite()) {
        return Err(bad(format!("row {r} is not finite: a failed experiment?")));
    }
    let r = rows / (d + 1);
    // ee[t * d + i]
    let mut ee = vec![f64::NAN; r * d];
    for t in 0..r {
        for j in 0..d {
            let a = (t * (d + 1) + j) * d;
            let b = a + d;
            let (Some(xa), Some(xb)) = (x.get(a..a + d), x.get(b..b + d)) else {
                continue;
            };
            let moved: Vec<usize> = (0..d).filter(|&c| xa.get(c) != xb.get(c)).collect();
            let [i] = moved.as_slice() else {
                return Err(bad(format!(
                    "trajectory {t} step {j} changes {} inputs instead of one",
                    moved.len()
                )));
            };
            let dx = xb.get(*i).copied().unwrap_or(0.0) - xa.get(*i).copied().unwrap_or(0.0);
            let dy = y.get(t * (d + 1) + j + 1).copied().unwrap_or(0.0)
                - y.get(t * (d + 1) + j).copied().unwrap_or(0.0);
            if let Some(e) = ee.get_mut(t * d + i) {
                *e = dy / dx;
            }
        }
    }
    let col =
        |i: usize| -> Vec<f64> { (0..r).filter_map(|t| ee.get(t * d + i).copied()).collect() };
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let mut mu = Vec::with_capacity(d);
    let mut mu_star = Vec::with_capacity(d);
    let mut sigma = Vec::with_capacity(d);
    let mut conf = Vec::with_capacity(d);
    // Student t with r - 1 degrees of freedom: the bootstrap sd of a mean of r trajectories
    // underestimates its error by sqrt((r - 1) / r), and the t quantile makes up for it
    let z = super::precision::t_of(conf_level.clamp(0.01, 0.999), r as f64 - 1.0);
    for i in 0..d {
        let e = col(i);
        let m = mean(&e);
        mu.push(m);
        let abs: Vec<f64> = e.iter().map(|v| v.abs()).collect();
        mu_star.push(mean(&abs));
        sigma.push((e.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (r as f64 - 1.0)).sqrt());
        let boots: Vec<f64> = (0..resamples)
            .into_par_iter()
            .map(|k| {
                let mut g = ChaCha8Rng::seed_from_u64(seed ^ (i as u64).wrapping_mul(0x9E37_79B9));
                g.set_stream(k as u64);
                (0..r)
                    .map(|_| abs.get(g.random_range(0..r)).copied().unwrap_or(0.0))
                    .sum::<f64>()
                    / r as f64
            })
            .collect();
        let bm = mean(&boots);
        let bsd = (boots.iter().map(|v| (v - bm) * (v - bm)).sum::<f64>()
            / (boots.len() as f64 - 1.0))
            .sqrt();
        conf.push(z * bsd);
    }
    Ok(MorrisIndices {
        mu,
        mu_star,
        sigma,
        mu_star_conf: conf,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::design::morris;

    #[test]
    fn inert_inputs_have_zero_effect() {
        let d = 5;
        let x = morris(d, 20, 4, 7).expect("design");
        let y: Vec<f64> = x
            .chunks(d)
            .map(|v| 3.0 * v[0] + v[1] * v[1] + 0.0 * v[4])
            .collect();
        let m = indices(&x, &y, d, 100, 0.95, 1).expect("morris");
        assert!((m.mu_star[0] - 3.0).abs() < 1e-9);
        assert!(m.mu_star[1] > 0.5);
        for i in 2..5 {
            assert_eq!(m.mu_star[i], 0.0);
        }
    }

    fn f(v: &[f64]) -> f64 {
        3.0 * v[0] * v[1] + v[1] * v[1] - (3.0 * v[2]).sin() + (2.0 * v[0]).exp()
    }

    /// Every trajectory of the design with d = 3 and 4 levels (2^3 base levels x 2^3
    /// directions x 3! orders, equally likely): its mu* is the exact one.
    fn exact_mu_star() -> Vec<f64> {
        let (d, delta) = (3, 2.0 / 3.0);
        let mut x = Vec::new();
        for base in 0..8 {
            for up in 0..8 {
                for order in [
                    [0, 1, 2],
                    [0, 2, 1],
                    [1, 0, 2],
                    [1, 2, 0],
                    [2, 0, 1],
                    [2, 1, 0],
                ] {
                    let mut cur: Vec<f64> = (0..d)
                        .map(|c| {
                            let l = f64::from((base >> c) & 1) / 3.0;
                            if (up >> c) & 1 == 1 {
                                l
                            } else {
                                l + delta
                            }
                        })
                        .collect();
                    x.extend(&cur);
                    for i in order {
                        cur[i] += if (up >> i) & 1 == 1 { delta } else { -delta };
                        x.extend(&cur);
                    }
                }
            }
        }
        let y: Vec<f64> = x.chunks(d).map(f).collect();
        indices(&x, &y, d, 2, 0.95, 0).expect("exact").mu_star
    }

    /// The nominal 95 % bootstrap intervals of mu* (resampling trajectories) cover the exact
    /// values in 90-99 % of cases: 80 seeds x 3 inputs, 20 trajectories each.
    #[test]
    fn mu_star_intervals_cover() {
        let exact = exact_mu_star();
        let (mut hit, mut total) = (0, 0);
        for seed in 0..80 {
            let x = morris(3, 20, 4, seed).expect("design");
            let y: Vec<f64> = x.chunks(3).map(f).collect();
            let m = indices(&x, &y, 3, 200, 0.95, seed + 1).expect("morris");
            for (i, e) in exact.iter().enumerate() {
                total += 1;
                if (m.mu_star[i] - e).abs() <= m.mu_star_conf[i] {
                    hit += 1;
                }
            }
        }
        let cov = f64::from(hit) / f64::from(total);
        eprintln!("Morris mu* bootstrap intervals: coverage {cov:.3} of {total}, exact {exact:?}");
        assert!((0.90..=0.99).contains(&cov), "coverage {cov}");
    }
}
