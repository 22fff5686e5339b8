//! PAWN, a moment-independent sensitivity index computed from given data (Pianosi and Wagener
//! 2015, 2018; the given-data version of SALib's `pawn.analyze`).
//!
//! For each input the rows are split into `S` conditioning slices at the input's empirical
//! quantiles (equal-count slices; tied values stay together, so a 0/1 input gives two slices).
//! The index of a slice is the Kolmogorov-Smirnov distance between the output's distribution
//! in the slice and its distribution over every row; an input's indices are the minimum, mean,
//! median and maximum over its slices and their coefficient of variation (as SALib). Nothing
//! assumes independent inputs or a designed sample: any Monte Carlo rows will do.
//!
//! Two additions tell a planner how far to trust the numbers:
//!
//! * a **bootstrap interval** of the headline statistic ([`PawnStat`]): the rows are resampled
//!   with replacement `resamples` times (slices recomputed on each resample); the interval is
//!   the estimate plus or minus `z` bootstrap standard errors (SALib's convention for its
//!   `*_conf` columns), clipped to [0, 1];
//! * a **noise reference**: the same statistic for a dummy input that splits the rows at random
//!   into slices of the same sizes, over `resamples` random splits; the reference is the
//!   `conf_level` quantile of those values. Small slices give a positive KS distance even for
//!   an input that does nothing; an input whose index is not above the reference cannot be told
//!   apart from noise with these rows.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::precision::{check_level, z_of, Estimate};
use crate::error::{Error, Result};
use crate::simulate::metrics::quantile_sorted;

/// The statistic over slices that ranks inputs, gets the interval and is compared with noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PawnStat {
    /// Median KS distance over slices (Pianosi and Wagener's default).
    Median,
    /// Mean over slices.
    Mean,
    /// Maximum over slices.
    Max,
}

impl PawnStat {
    /// Parses `median`, `mean` or `max`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `stat` for anything else.
    pub fn parse(text: &str) -> Result<PawnStat> {
        match text {
            "median" => Ok(PawnStat::Median),
            "mean" => Ok(PawnStat::Mean),
            "max" | "maximum" => Ok(PawnStat::Max),
            _ => Err(arg(
                "stat",
                format!("expected median, mean or max, got {text:?}"),
            )),
        }
    }

    fn of(self, s: &SliceStats) -> f64 {
        match self {
            PawnStat::Median => s.median,
            PawnStat::Mean => s.mean,
            PawnStat::Max => s.maximum,
        }
    }
}

/// Settings of [`pawn`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PawnOptions {
    /// Conditioning slices per input (at least 2; SALib's default is 10).
    pub slices: usize,
    /// The statistic over slices that gets an interval and a noise flag.
    pub stat: PawnStat,
    /// Bootstrap resamples, also the number of random splits of the noise reference (>= 10).
    pub resamples: usize,
    /// Level of the interval and quantile of the noise reference, in (0, 1).
    pub conf_level: f64,
    /// Seed of the resamples and random splits.
    pub seed: u64,
}

impl Default for PawnOptions {
    fn default() -> Self {
        PawnOptions {
            slices: 10,
            stat: PawnStat::Median,
            resamples: 200,
            conf_level: 0.95,
            seed: 0,
        }
    }
}

/// KS distances of one input summarised over its non-empty slices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SliceStats {
    /// Smallest KS distance.
    pub minimum: f64,
    /// Mean KS distance.
    pub mean: f64,
    /// Median KS distance.
    pub median: f64,
    /// Largest KS distance.
    pub maximum: f64,
    /// Standard deviation over slices divided by the mean (NaN for a zero mean).
    pub cv: f64,
}

/// PAWN indices of every input for one output.
#[derive(Debug, Clone, PartialEq)]
pub struct Pawn {
    /// Per input, the KS distances summarised over slices.
    pub stats: Vec<SliceStats>,
    /// Per input, the headline statistic with its bootstrap standard error and interval.
    pub index: Vec<Estimate>,
    /// The noise reference of the headline statistic (same slice sizes, random split).
    pub noise: f64,
    /// Per input, whether its index is above the noise reference.
    pub above_noise: Vec<bool>,
    /// Rows used.
    pub rows: usize,
}

fn arg(name: &str, message: String) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        message,
    }
}

/// Checks given data: `x` holds `y.len()` rows of `d` finite inputs (row-major), `y` is finite
/// and there are at least `min_rows` rows. Returns the number of rows.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `x` or `y` (shape, the first non-finite value) or `y`
/// for too few rows.
pub(crate) fn check_given(x: &[f64], d: usize, y: &[f64], min_rows: usize) -> Result<usize> {
    let n = y.len();
    if d == 0 || x.len() != n * d {
        return Err(arg(
            "x",
            format!(
                "expected {n} rows (one per value of y) of d >= 1 inputs: {} values for d = {d}",
                x.len()
            ),
        ));
    }
    if n < min_rows {
        return Err(arg("y", format!("need at least {min_rows} rows, got {n}")));
    }
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(arg("y", format!("row {i} is not finite ({})", y[i])));
    }
    if let Some(k) = x.iter().position(|v| !v.is_finite()) {
        return Err(arg(
            "x",
            format!("row {}, column {} is not finite ({})", k / d, k % d, x[k]),
        ));
    }
    Ok(n)
}

/// Row indices sorted by `v`.
fn order(v: &[f64]) -> Vec<u32> {
    let mut o: Vec<u32> = (0..v.len() as u32).collect();
    o.sort_by(|&a, &b| v[a as usize].total_cmp(&v[b as usize]));
    o
}

/// Slice of each row: the input's weighted quantiles at `k / s` (numpy's linear rule over the
/// multiset in which row `i` appears `w[i]` times) cut it into `s` slices, `q_k <= x < q_{k+1}`
/// (the last one closed). Slices of tied values may be empty.
fn slice_rows(xo: &[u32], col: &[f64], w: &[u32], s: usize) -> Vec<u8> {
    let m: u64 = w.iter().map(|&c| u64::from(c)).sum();
    let last = m.saturating_sub(1) as f64;
    // value at sorted position p of the multiset
    let mut at = Vec::with_capacity(xo.len());
    let mut cum = 0u64;
    for &r in xo {
        let c = u64::from(w[r as usize]);
        if c > 0 {
            at.push((cum, col[r as usize]));
            cum += c;
        }
    }
    let value = |p: u64| -> f64 {
        let k = at.partition_point(|&(start, _)| start <= p).max(1) - 1;
        at.get(k).map_or(f64::NAN, |&(_, v)| v)
    };
    let cuts: Vec<f64> = (1..s)
        .map(|k| {
            let h = last * k as f64 / s as f64;
            let lo = h.floor();
            let (a, b) = (
                value(lo as u64),
                value((lo as u64 + 1).min(m.saturating_sub(1))),
            );
            a + (h - lo) * (b - a)
        })
        .collect();
    col.iter()
        .map(|&v| cuts.partition_point(|&c| c <= v) as u8)
        .collect()
}

/// KS distance between the output over all rows (weights `w`) and over each slice's rows
/// (NaN for an empty slice), walking the rows in output order once. Between two of its own
/// points a slice's CDF is flat while the whole one rises, so its largest distance is reached
/// just before or just after one of its own points: each row is evaluated twice, O(n).
fn ks_by_slice(yo: &[u32], y: &[f64], slice: &[u8], w: &[u32], s: usize) -> Vec<f64> {
    let mut size = vec![0u64; s];
    for (&sl, &c) in slice.iter().zip(w) {
        size[usize::from(sl)] += u64::from(c);
    }
    let total = size.iter().sum::<u64>() as f64;
    let inv: Vec<f64> = size.iter().map(|&n| 1.0 / n.max(1) as f64).collect();
    let mut cum = vec![0u64; s];
    let mut all = 0u64;
    let mut ks = vec![0.0f64; s];
    let rows: Vec<u32> = yo.iter().copied().filter(|&r| w[r as usize] > 0).collect();
    let gap = |ks: &mut [f64], cum: &[u64], all: u64, group: &[u32]| {
        let f = all as f64 / total;
        for &r in group {
            let sl = usize::from(slice[r as usize]);
            ks[sl] = ks[sl].max((cum[sl] as f64 * inv[sl] - f).abs());
        }
    };
    let mut start = 0;
    while start < rows.len() {
        // one run of tied outputs: the CDFs jump together
        let v = y[rows[start] as usize];
        let end = start
            + rows[start..]
                .iter()
                .position(|&r| y[r as usize] != v)
                .unwrap_or(rows.len() - start);
        let group = &rows[start..end];
        gap(&mut ks, &cum, all, group);
        for &r in group {
            cum[usize::from(slice[r as usize])] += u64::from(w[r as usize]);
            all += u64::from(w[r as usize]);
        }
        gap(&mut ks, &cum, all, group);
        start = end;
    }
    ks.iter()
        .zip(&size)
        .map(|(&d, &n)| if n > 0 { d } else { f64::NAN })
        .collect()
}

/// Minimum, mean, median, maximum and CV of the finite values.
fn summarise(ks: &[f64]) -> SliceStats {
    let mut v: Vec<f64> = ks.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let k = v.len();
    if k == 0 {
        let nan = f64::NAN;
        return SliceStats {
            minimum: nan,
            mean: nan,
            median: nan,
            maximum: nan,
            cv: nan,
        };
    }
    let mean = v.iter().sum::<f64>() / k as f64;
    let sd = (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / k as f64).sqrt();
    let median = if k % 2 == 1 {
        v[k / 2]
    } else {
        0.5 * (v[k / 2 - 1] + v[k / 2])
    };
    SliceStats {
        minimum: v[0],
        mean,
        median,
        maximum: v[k - 1],
        cv: if mean > 0.0 { sd / mean } else { f64::NAN },
    }
}

/// PAWN indices of every input of `x` (`y.len()` rows of `d` inputs, row-major) for `y`, with
/// bootstrap intervals and a noise reference (see the module documentation).
///
/// # Errors
/// [`Error::InvalidArgument`] for `slices` outside 2..=255, fewer than 2 rows per slice,
/// shapes that disagree or non-finite values (naming `x` or `y`), fewer than 10 `resamples`
/// or a `conf_level` outside (0, 1).
///
/// # Example
/// ```
/// use peaceplan::explore::pawn::{pawn, PawnOptions};
/// let n = 1000;
/// let x: Vec<f64> = (0..n).flat_map(|i| [i as f64, ((i * 7919) % n) as f64]).collect();
/// let y: Vec<f64> = (0..n).map(|i| i as f64).collect();
/// let p = pawn(&x, 2, &y, &PawnOptions::default()).unwrap();
/// // slice k of 10 is at KS distance max(k, 9 - k) / 10: median 0.7
/// assert!((p.stats[0].median - 0.7).abs() < 1e-9 && p.above_noise[0]);
/// ```
pub fn pawn(x: &[f64], d: usize, y: &[f64], o: &PawnOptions) -> Result<Pawn> {
    let s = o.slices;
    if !(2..=255).contains(&s) {
        return Err(arg("slices", format!("need 2 to 255 slices, got {s}")));
    }
    if o.resamples < 10 {
        return Err(arg(
            "resamples",
            format!("need at least 10, got {}", o.resamples),
        ));
    }
    check_level(o.conf_level)?;
    let n = check_given(x, d, y, 2 * s)?;
    let cols: Vec<Vec<f64>> = (0..d)
        .map(|j| x.iter().skip(j).step_by(d).copied().collect())
        .collect();
    let xos: Vec<Vec<u32>> = cols.par_iter().map(|c| order(c)).collect();
    let yo = order(y);
    let ones = vec![1u32; n];
    let stats_of = |w: &[u32]| -> Vec<SliceStats> {
        cols.iter()
            .zip(&xos)
            .map(|(c, xo)| summarise(&ks_by_slice(&yo, y, &slice_rows(xo, c, w, s), w, s)))
            .collect()
    };
    let stats = stats_of(&ones);
    let boot: Vec<Vec<f64>> = (0..o.resamples)
        .into_par_iter()
        .map(|b| {
            let mut g = ChaCha8Rng::seed_from_u64(o.seed);
            g.set_stream(2 * b as u64);
            let mut w = vec![0u32; n];
            for _ in 0..n {
                w[g.random_range(0..n)] += 1;
            }
            stats_of(&w).iter().map(|st| o.stat.of(st)).collect()
        })
        .collect();
    // the dummy input: a random permutation cut into slices of the sizes of equal-count slices
    let mut noise: Vec<f64> = (0..o.resamples)
        .into_par_iter()
        .map(|b| {
            let mut g = ChaCha8Rng::seed_from_u64(o.seed);
            g.set_stream(2 * b as u64 + 1);
            let mut perm: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                perm.swap(i, g.random_range(0..=i));
            }
            let mut slice = vec![0u8; n];
            for (p, &r) in perm.iter().enumerate() {
                slice[r] = (p * s / n) as u8;
            }
            o.stat
                .of(&summarise(&ks_by_slice(&yo, y, &slice, &ones, s)))
        })
        .collect();
    noise.sort_by(f64::total_cmp);
    let reference = quantile_sorted(&noise, o.conf_level);
    let z = z_of(o.conf_level);
    let index: Vec<Estimate> = stats
        .iter()
        .enumerate()
        .map(|(j, st)| {
            let v: Vec<f64> = boot.iter().filter_map(|r| r.get(j).copied()).collect();
            let k = v.len() as f64;
            let m = v.iter().sum::<f64>() / k;
            let se = (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (k - 1.0)).sqrt();
            let value = o.stat.of(st);
            Estimate {
                value,
                se,
                lo: (value - z * se).max(0.0),
                hi: (value + z * se).min(1.0),
            }
        })
        .collect();
    let above_noise = index.iter().map(|e| e.value > reference).collect();
    Ok(Pawn {
        stats,
        index,
        noise: reference,
        above_noise,
        rows: n,
    })
}

#[cfg(test)]
#[path = "pawn_tests.rs"]
mod tests;
