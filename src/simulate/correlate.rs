//! Latin hypercube columns and rank correlation by Iman-Conover.
//!
//! Both work on whole columns of uniforms (one value per draw), drawn before the draws run from
//! a stream of their own (`set_stream(u64::MAX - column)`), so they are as deterministic as the
//! per-draw streams.
//!
//! Iman-Conover (1982): van der Waerden scores `Phi^-1(k / (n + 1))`, randomly permuted per
//! column; `E = corr(S) = Q Q^T` and the target `C = P P^T` (Cholesky); `T = S (Q^-1)^T P^T`;
//! each column of uniforms is then reordered so that its ranks match those of `T`. Marginals and
//! the Latin hypercube strata are kept exactly. The target is a Spearman matrix: it is mapped to
//! the Pearson matrix of the scores by `2 sin(pi rho / 6)` so the achieved rank correlation
//! matches. A matrix that is not positive definite is repaired by eigenvalue clipping (Jacobi
//! rotations) and rescaled to a unit diagonal; the caller gets a warning.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use statrs::distribution::ContinuousCDF;

use crate::error::{Error, Result};

fn bad(message: String) -> Error {
    Error::InvalidArgument {
        name: "correlation".into(),
        message,
    }
}

/// A column of `n` uniforms: stratified (one per stratum `[k/n, (k+1)/n)`, shuffled) when `lhs`,
/// else independent.
pub fn uniform_column(n: usize, lhs: bool, seed: u64, column: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(u64::MAX - column);
    if !lhs {
        return (0..n).map(|_| rng.random::<f64>()).collect();
    }
    let mut v: Vec<f64> = (0..n)
        .map(|k| (k as f64 + rng.random::<f64>()) / n as f64)
        .collect();
    shuffle(&mut v, &mut rng);
    v
}

fn shuffle<T>(v: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.random_range(0..=i);
        v.swap(i, j);
    }
}

/// Check a correlation matrix (k x k, row-major): square, symmetric, unit diagonal, entries in
/// [-1, 1]. Returns the matrix.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `correlation` and the culprit entry.
pub fn check_matrix(m: &[f64], k: usize) -> Result<()> {
    if m.len() != k * k {
        return Err(bad(format!(
            "expected a {k} x {k} matrix ({} entries) for {k} interventions, got {} entries",
            k * k,
            m.len()
        )));
    }
    for i in 0..k {
        for j in 0..k {
            let v = m.get(i * k + j).copied().unwrap_or(f64::NAN);
            if !v.is_finite() || v.abs() > 1.0 {
                return Err(bad(format!(
                    "entry [{i}][{j}] must be a number in [-1, 1], got {v}"
                )));
            }
            if i == j && v != 1.0 {
                return Err(bad(format!("diagonal entry [{i}][{i}] must be 1, got {v}")));
            }
            let t = m.get(j * k + i).copied().unwrap_or(f64::NAN);
            if (v - t).abs() > 1e-9 {
                return Err(bad(format!(
                    "the matrix must be symmetric, but [{i}][{j}] = {v} and [{j}][{i}] = {t}"
                )));
            }
        }
    }
    Ok(())
}

/// Lower Cholesky factor of a k x k matrix; `None` unless positive definite.
pub fn cholesky(a: &[f64], k: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let mut s = *a.get(i * k + j)?;
            for p in 0..j {
                s -= l.get(i * k + p)? * l.get(j * k + p)?;
            }
            if i == j {
                if s <= 1e-12 {
                    return None;
                }
                *l.get_mut(i * k + i)? = s.sqrt();
            } else {
                *l.get_mut(i * k + j)? = s / l.get(j * k + j)?;
            }
        }
    }
    Some(l)
}

/// Eigen-decomposition of a symmetric k x k matrix by cyclic Jacobi: (eigenvalues, eigenvectors
/// as columns, row-major).
fn jacobi(a: &[f64], k: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = a.to_vec();
    let mut v = vec![0.0; k * k];
    for i in 0..k {
        v[i * k + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..k)
            .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * k + j] * a[i * k + j])
            .sum();
        if off < 1e-22 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a[p * k + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * k + q] - a[p * k + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let (arp, arq) = (a[r * k + p], a[r * k + q]);
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for r in 0..k {
                    let (apr, aqr) = (a[p * k + r], a[q * k + r]);
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for r in 0..k {
                    let (vrp, vrq) = (v[r * k + p], v[r * k + q]);
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    ((0..k).map(|i| a[i * k + i]).collect(), v)
}

/// The nearest (by eigenvalue clipping at `floor`) positive definite correlation matrix, and
/// whether a repair was needed.
pub fn repair(m: &[f64], k: usize, floor: f64) -> (Vec<f64>, bool) {
    if m.len() != k * k {
        return (m.to_vec(), false);
    }
    if cholesky(m, k).is_some() {
        return (m.to_vec(), false);
    }
    let (w, v) = jacobi(m, k);
    let w: Vec<f64> = w.iter().map(|&x| x.max(floor)).collect();
    let mut r = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            r[i * k + j] = (0..k).map(|p| v[i * k + p] * w[p] * v[j * k + p]).sum();
        }
    }
    let d: Vec<f64> = (0..k).map(|i| r[i * k + i].max(1e-300).sqrt()).collect();
    for i in 0..k {
        for j in 0..k {
            r[i * k + j] /= d[i] * d[j];
        }
    }
    (r, true)
}

/// Ranks (0-based, ties by position) of a column.
fn ranks(x: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let mut r = vec![0; x.len()];
    for (rank, &i) in idx.iter().enumerate() {
        r[i] = rank;
    }
    r
}

/// Reorder the `k` columns `cols` (each of length `n`) so that their rank correlation matches
/// the Spearman matrix `target` (k x k, checked and positive definite). Returns nothing; the
/// values of each column are kept, only their order changes.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `correlation` when `n < 3` or shapes do not match.
pub fn iman_conover(cols: &mut [Vec<f64>], target: &[f64], seed: u64) -> Result<()> {
    let k = cols.len();
    let n = cols.first().map_or(0, Vec::len);
    if k < 2 {
        return Ok(());
    }
    if n < 3 || cols.iter().any(|c| c.len() != n) || target.len() != k * k {
        return Err(bad(format!(
            "rank correlation needs at least 3 draws and {k} columns of equal length"
        )));
    }
    // Pearson target of the normal scores for the wanted Spearman values
    let pearson: Vec<f64> = target
        .iter()
        .map(|&r| 2.0 * (std::f64::consts::PI * r / 6.0).sin())
        .collect();
    let (pearson, _) = repair(&pearson, k, 1e-8);
    let p = cholesky(&pearson, k).ok_or_else(|| bad("target is not positive definite".into()))?;
    let normal = statrs::distribution::Normal::standard();
    let scores: Vec<f64> = (1..=n)
        .map(|i| normal.inverse_cdf(i as f64 / (n as f64 + 1.0)))
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(u64::MAX / 2);
    // S: n x k, column-wise permuted scores
    let mut s = vec![0.0; n * k];
    for j in 0..k {
        let mut c = scores.clone();
        shuffle(&mut c, &mut rng);
        for (i, v) in c.into_iter().enumerate() {
            s[i * k + j] = v;
        }
    }
    // E = corr(S) (scores have mean 0 and equal variance per column)
    let var: f64 = scores.iter().map(|x| x * x).sum();
    let mut e = vec![0.0; k * k];
    for a in 0..k {
        for b in 0..k {
            e[a * k + b] = (0..n).map(|i| s[i * k + a] * s[i * k + b]).sum::<f64>() / var;
        }
    }
    let (e, _) = repair(&e, k, 1e-10);
    let q = cholesky(&e, k).ok_or_else(|| bad("score correlation is singular".into()))?;
    // M = (Q^-1)^T P^T = (P Q^-1)^T ; compute B = Q^-1 by forward substitution
    let mut qinv = vec![0.0; k * k];
    for c in 0..k {
        for i in 0..k {
            let mut v = if i == c { 1.0 } else { 0.0 };
            for p2 in 0..i {
                v -= q[i * k + p2] * qinv[p2 * k + c];
            }
            qinv[i * k + c] = v / q[i * k + i];
        }
    }
    // PQ = P * Qinv ; T = S * PQ^T
    let mut pq = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            pq[i * k + j] = (0..k).map(|m| p[i * k + m] * qinv[m * k + j]).sum();
        }
    }
    let mut t = vec![0.0; n * k];
    for r in 0..n {
        for j in 0..k {
            t[r * k + j] = (0..k).map(|m| s[r * k + m] * pq[j * k + m]).sum();
        }
    }
    for (j, col) in cols.iter_mut().enumerate() {
        let tj: Vec<f64> = (0..n).map(|r| t[r * k + j]).collect();
        let rt = ranks(&tj);
        let mut sorted = col.clone();
        sorted.sort_by(f64::total_cmp);
        for (r, v) in col.iter_mut().enumerate() {
            *v = sorted[rt[r]];
        }
    }
    Ok(())
}

/// Spearman rank correlation of two equally long samples (average ranks for ties).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let rx = avg_ranks(x);
    let ry = avg_ranks(y);
    pearson(&rx, &ry)
}

/// Pearson correlation (NaN when a sample is constant or too short).
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n < 2 {
        return f64::NAN;
    }
    let mx = x.iter().take(n).sum::<f64>() / n as f64;
    let my = y.iter().take(n).sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return f64::NAN;
    }
    sxy / (sxx * syy).sqrt()
}

/// Average ranks (1-based) with ties sharing their mean rank.
pub fn avg_ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &p in &idx[i..=j] {
            r[p] = avg;
        }
        i = j + 1;
    }
    r
}
