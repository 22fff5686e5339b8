//! Experimental designs on the unit hypercube `[0, 1)^d` (row-major `Vec<f64>`, `d` columns);
//! callers map each column to its range or distribution (inverse CDF).
//!
//! * [`saltelli`]: the Sobol/Saltelli design for [`super::analyze::sobol`], from an Owen-scrambled
//!   Sobol sequence (`sobol_burley`, Burley 2020) seeded by `seed`.
//! * [`morris`]: Morris trajectories on a `levels`-level grid.
//! * [`lhs`]: Latin hypercube (one point per stratum and column, jittered).
//! * [`oat`]: one-at-a-time (tornado) rows.
//! * [`factorial`]: every combination of per-column level indices.
//!
//! # Sample sizes and accuracy
//! Any `n >= 2` is accepted by [`saltelli`]. A scrambled Sobol sequence is balanced (every
//! elementary interval holds its share of points) at powers of two; a prefix of other lengths
//! keeps the Owen scrambling's randomisation but loses part of the balance, so its error lies
//! between the power of two below and plain Monte Carlo (error ~ n^-1/2) at that n. The
//! sequence has at most 2^16 points per scramble; beyond that the design continues with
//! independent scrambles of 2^16 points each (randomised QMC replicates), so the error then
//! falls like (n / 2^16)^-1/2 from the 2^16 level.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::error::{Error, Result};

/// Points per Owen scramble of the Sobol sequence.
pub const SOBOL_BLOCK: usize = 1 << 16;

fn arg(name: &str, message: String) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        message,
    }
}

fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

/// Point `i`, dimension `dim` of the scrambled Sobol sequence of `seed`, in [0, 1).
pub fn sobol_point(i: usize, dim: usize, seed: u64) -> f64 {
    let block = (i / SOBOL_BLOCK) as u64;
    let idx = (i % SOBOL_BLOCK) as u32;
    let dims = sobol_burley::NUM_DIMENSIONS as usize;
    // dimensions beyond the table are padded with independent scrambles (Burley §4)
    let pad = (dim / dims) as u64;
    let mixed = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(block.wrapping_mul(0xD1B5_4A32_D192_ED03))
        .wrapping_add(pad.wrapping_mul(0x8CB9_2BA7_2F3D_8DD7));
    let s = (mixed ^ (mixed >> 32)) as u32;
    // f32 in [0, 1) with 24 bits; centre it within its cell so no value is exactly 0
    let u = f64::from(sobol_burley::sample(idx, (dim % dims) as u32, s));
    u + 0.5 / f64::from(1u32 << 24)
}

/// Rows of the Saltelli design for `n` base samples and `d` inputs: per base sample, the rows
/// `A`, `AB_1..AB_d`, (`BA_1..BA_d` with `second_order`), `B` (the layout of SALib), where `A`
/// and `B` are columns `0..d` and `d..2d` of the scrambled Sobol sequence.
///
/// # Errors
/// [`Error::InvalidArgument`] for `n < 2` or `d == 0`.
pub fn saltelli(n: usize, d: usize, seed: u64, second_order: bool) -> Result<Vec<f64>> {
    if n < 2 {
        return Err(arg(
            "n",
            format!("the Sobol design needs at least 2 base samples, got {n}"),
        ));
    }
    if d == 0 {
        return Err(arg("bounds", "give at least one input".into()));
    }
    let step = if second_order { 2 * d + 2 } else { d + 2 };
    let mut x = vec![0.0; n * step * d];
    x.par_chunks_mut(step * d)
        .enumerate()
        .for_each(|(j, block)| {
            let a: Vec<f64> = (0..d).map(|c| sobol_point(j, c, seed)).collect();
            let b: Vec<f64> = (0..d).map(|c| sobol_point(j, d + c, seed)).collect();
            let mut rows = block.chunks_mut(d);
            let mut put = |src: &dyn Fn(usize) -> f64| {
                if let Some(row) = rows.next() {
                    for (c, v) in row.iter_mut().enumerate() {
                        *v = src(c);
                    }
                }
            };
            let pick = |c: usize, from: &[f64]| from.get(c).copied().unwrap_or(0.0);
            put(&|c| pick(c, &a));
            for i in 0..d {
                put(&|c| if c == i { pick(c, &b) } else { pick(c, &a) });
            }
            if second_order {
                for i in 0..d {
                    put(&|c| if c == i { pick(c, &a) } else { pick(c, &b) });
                }
            }
            put(&|c| pick(c, &b));
        });
    Ok(x)
}

/// Seed of replicate `r` of a replicated design: an independent Owen scrambling per replicate,
/// depending only on `(seed, r)` (so replicates can be added later with the same numbers).
pub fn replicate_seed(seed: u64, r: usize) -> u64 {
    let mut z = seed
        ^ (r as u64)
            .wrapping_add(1)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `replicates` independent Saltelli designs of `n` base samples (replicates `first..first +
/// replicates` of `seed`, see [`replicate_seed`]), concatenated: the input of
/// [`super::sobol_rqmc::replicated`].
///
/// # Errors
/// As [`saltelli`], and for zero replicates.
pub fn saltelli_replicates_from(
    n: usize,
    d: usize,
    first: usize,
    replicates: usize,
    seed: u64,
    second_order: bool,
) -> Result<Vec<f64>> {
    if replicates == 0 {
        return Err(arg("replicates", "need at least 1".into()));
    }
    let mut x = Vec::new();
    for r in first..first + replicates {
        x.extend(saltelli(n, d, replicate_seed(seed, r), second_order)?);
    }
    Ok(x)
}

/// [`saltelli_replicates_from`] replicate 0.
///
/// # Errors
/// As [`saltelli_replicates_from`].
pub fn saltelli_replicates(
    n: usize,
    d: usize,
    replicates: usize,
    seed: u64,
    second_order: bool,
) -> Result<Vec<f64>> {
    saltelli_replicates_from(n, d, 0, replicates, seed, second_order)
}

/// Morris trajectories: `r` trajectories of `d + 1` rows on the grid `{0, 1/(p-1), ..., 1}` of
/// `p = levels` levels, step `delta = p / (2 (p - 1))`; each trajectory moves one input at a
/// time, in a random order, up or down by `delta`.
///
/// # Errors
/// [`Error::InvalidArgument`] for `levels` odd or < 2, `r < 2` or `d == 0`.
pub fn morris(d: usize, r: usize, levels: usize, seed: u64) -> Result<Vec<f64>> {
    if levels < 2 || !levels.is_multiple_of(2) {
        return Err(arg(
            "levels",
            format!("must be even and >= 2, got {levels}"),
        ));
    }
    if r < 2 {
        return Err(arg(
            "trajectories",
            format!("need at least 2 for a spread, got {r}"),
        ));
    }
    if d == 0 {
        return Err(arg("bounds", "give at least one input".into()));
    }
    let p = levels as f64;
    let delta = p / (2.0 * (p - 1.0));
    let half = levels / 2;
    let mut x = vec![0.0; r * (d + 1) * d];
    x.par_chunks_mut((d + 1) * d)
        .enumerate()
        .for_each(|(t, traj)| {
            let mut g = rng(seed, t as u64);
            // base point: levels from the lower half, so +delta stays on the grid
            let mut cur: Vec<f64> = (0..d)
                .map(|_| g.random_range(0..half) as f64 / (p - 1.0))
                .collect();
            let up: Vec<bool> = (0..d).map(|_| g.random_bool(0.5)).collect();
            for (c, v) in cur.iter_mut().enumerate() {
                if !up.get(c).copied().unwrap_or(true) {
                    *v += delta; // start high and move down
                }
            }
            let mut order: Vec<usize> = (0..d).collect();
            for i in (1..d).rev() {
                order.swap(i, g.random_range(0..=i));
            }
            let mut rows = traj.chunks_mut(d);
            if let Some(row) = rows.next() {
                row.copy_from_slice(&cur);
            }
            for &i in &order {
                if let Some(v) = cur.get_mut(i) {
                    *v += if up.get(i).copied().unwrap_or(true) {
                        delta
                    } else {
                        -delta
                    };
                }
                if let Some(row) = rows.next() {
                    row.copy_from_slice(&cur);
                }
            }
        });
    Ok(x)
}

/// Latin hypercube: `n` rows, each column a random permutation of the `n` strata with a uniform
/// jitter inside the stratum.
///
/// # Errors
/// [`Error::InvalidArgument`] for `n == 0` or `d == 0`.
pub fn lhs(n: usize, d: usize, seed: u64) -> Result<Vec<f64>> {
    if n == 0 || d == 0 {
        return Err(arg(
            "n",
            format!("a Latin hypercube needs n >= 1 rows and inputs, got n = {n}, d = {d}"),
        ));
    }
    let cols: Vec<Vec<f64>> = (0..d)
        .into_par_iter()
        .map(|c| {
            let mut g = rng(seed, c as u64);
            let mut perm: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                perm.swap(i, g.random_range(0..=i));
            }
            perm.into_iter()
                .map(|k| (k as f64 + g.random::<f64>()) / n as f64)
                .collect()
        })
        .collect();
    let mut x = vec![0.0; n * d];
    for (c, col) in cols.iter().enumerate() {
        for (i, v) in col.iter().enumerate() {
            if let Some(slot) = x.get_mut(i * d + c) {
                *slot = *v;
            }
        }
    }
    Ok(x)
}

/// One-at-a-time rows: the base row, then for each input `i` the base with input `i` at
/// `low[i]` and then at `high[i]` (`1 + 2d` rows).
///
/// # Errors
/// [`Error::InvalidArgument`] when the three slices differ in length.
pub fn oat(base: &[f64], low: &[f64], high: &[f64]) -> Result<Vec<f64>> {
    let d = base.len();
    if low.len() != d || high.len() != d {
        return Err(arg(
            "low",
            "base, low and high must have one value per input".into(),
        ));
    }
    let mut x = Vec::with_capacity((1 + 2 * d) * d);
    x.extend_from_slice(base);
    for i in 0..d {
        for side in [low, high] {
            let mut row = base.to_vec();
            if let (Some(v), Some(s)) = (row.get_mut(i), side.get(i)) {
                *v = *s;
            }
            x.extend(row);
        }
    }
    Ok(x)
}

/// Every combination of level indices `0..levels[c]` (last column fastest), as f64 indices.
///
/// # Errors
/// [`Error::InvalidArgument`] for a column with no level, or more than 10 million rows.
pub fn factorial(levels: &[usize]) -> Result<Vec<f64>> {
    let mut rows: usize = 1;
    for (c, &l) in levels.iter().enumerate() {
        if l == 0 {
            return Err(arg("levels", format!("column {c} has no level")));
        }
        rows = rows.saturating_mul(l);
    }
    if rows > 10_000_000 {
        return Err(arg(
            "levels",
            format!("{rows} combinations are too many for a full factorial"),
        ));
    }
    let d = levels.len();
    let mut x = Vec::with_capacity(rows * d);
    for r in 0..rows {
        let mut rest = r;
        let mut row = vec![0.0; d];
        for (c, &l) in levels.iter().enumerate().rev() {
            if let Some(v) = row.get_mut(c) {
                *v = (rest % l) as f64;
            }
            rest /= l;
        }
        x.extend(row);
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lhs_one_point_per_stratum() {
        let x = lhs(50, 3, 1).unwrap_or_default();
        for c in 0..3 {
            let mut seen = [false; 50];
            for i in 0..50 {
                seen[(x[i * 3 + c] * 50.0) as usize] = true;
            }
            assert!(seen.iter().all(|&s| s));
        }
    }

    #[test]
    fn factorial_rows() {
        let x = factorial(&[2, 3]).unwrap_or_default();
        assert_eq!(x.len(), 12);
        assert_eq!(&x[..4], &[0.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn morris_moves_one_at_a_time() {
        let d = 4;
        let x = morris(d, 5, 4, 3).unwrap_or_default();
        for t in 0..5 {
            for j in 0..d {
                let a = &x[(t * (d + 1) + j) * d..][..d];
                let b = &x[(t * (d + 1) + j + 1) * d..][..d];
                let diff = a.iter().zip(b).filter(|(p, q)| p != q).count();
                assert_eq!(diff, 1);
                assert!(b.iter().all(|v| (0.0..=1.0).contains(v)));
            }
        }
    }
}
