//! Feature scores from given data, as EMA Workbench's `feature_scoring`: the impurity
//! importances of an ensemble of extremely randomised regression trees (Geurts, Ernst and
//! Wehenkel 2006, the method behind scikit-learn's `ExtraTreesRegressor` that EMA uses).
//!
//! Each tree grows on every row (no bootstrap, as scikit-learn's default). At a node, up to
//! `max_features` inputs that vary in the node are drawn at random, each gets one threshold
//! drawn uniformly between its smallest and largest value in the node, and the split that most
//! reduces the sum of squared deviations of the output is kept. An input's importance in a
//! tree is the total reduction of its splits; each tree's importances are normalised to sum to
//! 1, averaged over the trees, and normalised again. The spread over trees is reported too.
//!
//! Differences from scikit-learn, on purpose: `min_leaf` defaults to 5 (scikit-learn 1), which
//! keeps fully grown trees from spreading importance over inputs that only fit noise, and a
//! node whose drawn inputs all give a child smaller than `min_leaf` becomes a leaf (scikit-learn
//! draws further inputs). Each tree has its own random stream from `(seed, tree)`, so the
//! scores are the same on any thread count. Like PAWN, nothing assumes independent inputs;
//! unlike Sobol indices the scores are relative (they always sum to 1) and have no variance
//! interpretation.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::pawn::check_given;
use crate::error::{Error, Result};

/// Settings of [`feature_scores`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TreeOptions {
    /// Trees in the ensemble (at least 1).
    pub trees: usize,
    /// Inputs drawn at each node (0 = every input, scikit-learn's default for regression).
    pub max_features: usize,
    /// Smallest number of rows in a leaf (at least 1).
    pub min_leaf: usize,
    /// Deepest level of a tree (0 = unlimited).
    pub max_depth: usize,
    /// Seed of the trees.
    pub seed: u64,
}

impl Default for TreeOptions {
    fn default() -> Self {
        TreeOptions {
            trees: 100,
            max_features: 0,
            min_leaf: 5,
            max_depth: 0,
            seed: 0,
        }
    }
}

/// Feature scores of every input for one output.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureScores {
    /// Per input, the normalised impurity importance (they sum to 1; all 0 for a constant output).
    pub score: Vec<f64>,
    /// Per input, the standard deviation of its per-tree importance.
    pub std: Vec<f64>,
}

/// One tree's unnormalised importances. `cols` holds the inputs column by column.
fn grow(cols: &[Vec<f64>], y: &[f64], o: &TreeOptions, tree: usize) -> Vec<f64> {
    let (n, d) = (y.len(), cols.len());
    let mut g = ChaCha8Rng::seed_from_u64(o.seed);
    g.set_stream(tree as u64);
    let k = if o.max_features == 0 {
        d
    } else {
        o.max_features.min(d)
    };
    let depth_cap = if o.max_depth == 0 {
        usize::MAX
    } else {
        o.max_depth
    };
    let min_leaf = o.min_leaf.max(1);
    let mut imp = vec![0.0; d];
    let mut rows: Vec<u32> = (0..n as u32).collect();
    let mut stack = vec![(0usize, n, 0usize)];
    let mut lo = vec![0.0; d];
    let mut hi = vec![0.0; d];
    let mut varying: Vec<usize> = Vec::with_capacity(d);
    while let Some((start, end, depth)) = stack.pop() {
        let node = &mut rows[start..end];
        let m = node.len();
        if m < 2 * min_leaf || depth >= depth_cap {
            continue;
        }
        let mean = node.iter().map(|&r| y[r as usize]).sum::<f64>() / m as f64;
        let sse = node
            .iter()
            .map(|&r| (y[r as usize] - mean).powi(2))
            .sum::<f64>();
        if sse <= 0.0 {
            continue;
        }
        varying.clear();
        for (j, c) in cols.iter().enumerate() {
            let (mut a, mut b) = (f64::INFINITY, f64::NEG_INFINITY);
            for &r in node.iter() {
                let v = c[r as usize];
                a = a.min(v);
                b = b.max(v);
            }
            (lo[j], hi[j]) = (a, b);
            if b > a {
                varying.push(j);
            }
        }
        // a random subset of `k` varying inputs (partial Fisher-Yates)
        let take = k.min(varying.len());
        let mut best: Option<(usize, f64, f64)> = None;
        for i in 0..take {
            let pick = g.random_range(i..varying.len());
            varying.swap(i, pick);
            let j = varying[i];
            let t = lo[j] + g.random::<f64>() * (hi[j] - lo[j]);
            let (mut nl, mut sl, mut ql) = (0usize, 0.0, 0.0);
            for &r in node.iter() {
                if cols[j][r as usize] < t {
                    let v = y[r as usize] - mean;
                    nl += 1;
                    sl += v;
                    ql += v * v;
                }
            }
            let nr = m - nl;
            if nl < min_leaf || nr < min_leaf {
                continue;
            }
            let sr = -sl; // deviations from the node mean sum to zero
            let qr = sse - ql;
            let gain = sse - (ql - sl * sl / nl as f64) - (qr - sr * sr / nr as f64);
            if best.is_none_or(|(_, _, bg)| gain > bg) {
                best = Some((j, t, gain));
            }
        }
        let Some((j, t, gain)) = best else { continue };
        imp[j] += gain.max(0.0);
        // partition the node's rows: x_j < t first
        let mut mid = 0;
        for i in 0..m {
            if cols[j][node[i] as usize] < t {
                node.swap(i, mid);
                mid += 1;
            }
        }
        stack.push((start + mid, end, depth + 1));
        stack.push((start, start + mid, depth + 1));
    }
    imp
}

/// Feature scores of the inputs `x` (`y.len()` rows of `d` inputs, row-major) for `y`.
///
/// # Errors
/// [`Error::InvalidArgument`] for no trees, shapes that disagree or non-finite values (naming
/// `x` or `y`) or fewer than `2 * min_leaf` rows.
///
/// # Example
/// ```
/// use peaceplan::explore::trees::{feature_scores, TreeOptions};
/// let x: Vec<f64> = (0..400).flat_map(|i| [(i % 20) as f64, (i / 20) as f64]).collect();
/// let y: Vec<f64> = x.chunks(2).map(|r| 3.0 * r[0] + r[1]).collect();
/// let s = feature_scores(&x, 2, &y, &TreeOptions::default()).unwrap();
/// assert!(s.score[0] > s.score[1]);
/// ```
pub fn feature_scores(x: &[f64], d: usize, y: &[f64], o: &TreeOptions) -> Result<FeatureScores> {
    if o.trees == 0 {
        return Err(Error::InvalidArgument {
            name: "trees".into(),
            message: "need at least 1 tree".into(),
        });
    }
    check_given(x, d, y, 2 * o.min_leaf.max(1))?;
    let cols: Vec<Vec<f64>> = (0..d)
        .map(|j| x.iter().skip(j).step_by(d).copied().collect())
        .collect();
    let per_tree: Vec<Vec<f64>> = (0..o.trees)
        .into_par_iter()
        .map(|t| {
            let mut v = grow(&cols, y, o, t);
            let total: f64 = v.iter().sum();
            if total > 0.0 {
                v.iter_mut().for_each(|x| *x /= total);
            }
            v
        })
        .collect();
    let k = per_tree.len() as f64;
    let mean: Vec<f64> = (0..d)
        .map(|j| per_tree.iter().map(|v| v[j]).sum::<f64>() / k)
        .collect();
    let std = (0..d)
        .map(|j| {
            let m = mean[j];
            (per_tree.iter().map(|v| (v[j] - m).powi(2)).sum::<f64>() / k).sqrt()
        })
        .collect();
    let total: f64 = mean.iter().sum();
    let score = if total > 0.0 {
        mean.iter().map(|m| m / total).collect()
    } else {
        mean
    };
    Ok(FeatureScores { score, std })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uniform(n: usize, d: usize, seed: u64) -> Vec<f64> {
        let mut g = ChaCha8Rng::seed_from_u64(seed);
        (0..n * d).map(|_| g.random::<f64>()).collect()
    }

    /// y = 3 x1 + x2 with independent inputs and a dummy x3: x1 scores highest, x3 lowest,
    /// the scores sum to 1.
    #[test]
    fn linear_ranks_inputs() {
        let x = uniform(2000, 3, 1);
        let y: Vec<f64> = x.chunks(3).map(|r| 3.0 * r[0] + r[1]).collect();
        let s = feature_scores(&x, 3, &y, &TreeOptions::default()).expect("scores");
        eprintln!("scores {:?} std {:?}", s.score, s.std);
        assert!(
            s.score[0] > s.score[1] && s.score[1] > s.score[2],
            "{:?}",
            s.score
        );
        assert!(s.score[0] > 0.6 && s.score[2] < 0.05, "{:?}", s.score);
        assert!((s.score.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn same_numbers_on_any_thread_count() {
        let x = uniform(1000, 4, 2);
        let y: Vec<f64> = x.chunks(4).map(|r| r[0] * r[1] + r[2]).collect();
        let o = TreeOptions {
            trees: 20,
            max_features: 2,
            seed: 9,
            ..TreeOptions::default()
        };
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool")
                .install(|| feature_scores(&x, 4, &y, &o).expect("scores"))
        };
        assert_eq!(run(1), run(2));
        let other = feature_scores(&x, 4, &y, &TreeOptions { seed: 10, ..o }).expect("scores");
        assert_ne!(run(1), other);
    }

    #[test]
    fn constant_output_and_errors() {
        let x = uniform(50, 2, 3);
        let s = feature_scores(&x, 2, &[1.0; 50], &TreeOptions::default()).expect("scores");
        assert_eq!(s.score, vec![0.0, 0.0]);
        let zero = TreeOptions {
            trees: 0,
            ..TreeOptions::default()
        };
        assert!(feature_scores(&x, 2, &[1.0; 50], &zero).is_err());
        assert!(feature_scores(&x, 2, &[1.0; 5], &TreeOptions::default()).is_err());
        assert!(feature_scores(&x[..10], 2, &[1.0; 5], &TreeOptions::default()).is_err());
    }
}
