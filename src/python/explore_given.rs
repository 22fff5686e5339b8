//! Bindings of the sensitivity methods that work on given data (PAWN, feature scores).
//! Private functions (`_explore_*`); the public API is `peaceplan.explore.pawn` /
//! `feature_scores` and the `pawn` / `feature_scores` methods of results and simulations.

use numpy::{IntoPyArray, PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::explore::pawn::{pawn, PawnOptions, PawnStat};
use crate::explore::trees::{feature_scores, TreeOptions};

fn width(x: &PyReadonlyArray2<'_, f64>) -> usize {
    x.shape().get(1).copied().unwrap_or(0)
}

/// PAWN indices of the columns of ``x`` (rows x inputs, C order) for ``y``: ``minimum``,
/// ``mean``, ``median``, ``maximum``, ``cv`` (per input), ``index`` (the ``stat``),
/// ``index_se``, ``index_lo``, ``index_hi`` (bootstrap), ``noise`` and ``above_noise``.
#[pyfunction]
#[pyo3(signature = (x, y, slices = 10, stat = "median", resamples = 200, conf_level = 0.95, seed = 0))]
#[allow(clippy::too_many_arguments)]
pub fn _explore_pawn<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray1<'py, f64>,
    slices: usize,
    stat: &str,
    resamples: usize,
    conf_level: f64,
    seed: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let d = width(&x);
    let o = PawnOptions {
        slices,
        stat: PawnStat::parse(stat)?,
        resamples,
        conf_level,
        seed,
    };
    let (xs, ys) = (x.as_slice()?, y.as_slice()?);
    let p = super::interrupt::run(py, || pawn(xs, d, ys, &o))??;
    let out = PyDict::new(py);
    let col = |f: &dyn Fn(usize) -> f64| (0..d).map(f).collect::<Vec<f64>>();
    let st = |j: usize| p.stats.get(j).copied();
    let ix = |j: usize| p.index.get(j).copied();
    out.set_item(
        "minimum",
        col(&|j| st(j).map_or(f64::NAN, |s| s.minimum)).into_pyarray(py),
    )?;
    out.set_item(
        "mean",
        col(&|j| st(j).map_or(f64::NAN, |s| s.mean)).into_pyarray(py),
    )?;
    out.set_item(
        "median",
        col(&|j| st(j).map_or(f64::NAN, |s| s.median)).into_pyarray(py),
    )?;
    out.set_item(
        "maximum",
        col(&|j| st(j).map_or(f64::NAN, |s| s.maximum)).into_pyarray(py),
    )?;
    out.set_item(
        "cv",
        col(&|j| st(j).map_or(f64::NAN, |s| s.cv)).into_pyarray(py),
    )?;
    out.set_item(
        "index",
        col(&|j| ix(j).map_or(f64::NAN, |e| e.value)).into_pyarray(py),
    )?;
    out.set_item(
        "index_se",
        col(&|j| ix(j).map_or(f64::NAN, |e| e.se)).into_pyarray(py),
    )?;
    out.set_item(
        "index_lo",
        col(&|j| ix(j).map_or(f64::NAN, |e| e.lo)).into_pyarray(py),
    )?;
    out.set_item(
        "index_hi",
        col(&|j| ix(j).map_or(f64::NAN, |e| e.hi)).into_pyarray(py),
    )?;
    out.set_item("noise", p.noise)?;
    out.set_item("above_noise", p.above_noise.clone())?;
    out.set_item("rows", p.rows)?;
    Ok(out)
}

/// Feature scores of the columns of ``x`` (rows x inputs, C order) for ``y`` from extremely
/// randomised trees: ``(score, std)``, per input (``max_features``/``max_depth`` 0 = no limit).
#[pyfunction]
#[pyo3(signature = (x, y, trees = 100, max_features = 0, min_leaf = 5, max_depth = 0, seed = 0))]
#[allow(clippy::too_many_arguments)]
pub fn _explore_feature_scores(
    py: Python<'_>,
    x: PyReadonlyArray2<'_, f64>,
    y: PyReadonlyArray1<'_, f64>,
    trees: usize,
    max_features: usize,
    min_leaf: usize,
    max_depth: usize,
    seed: u64,
) -> PyResult<(Vec<f64>, Vec<f64>)> {
    let d = width(&x);
    let o = TreeOptions {
        trees,
        max_features,
        min_leaf,
        max_depth,
        seed,
    };
    let (xs, ys) = (x.as_slice()?, y.as_slice()?);
    let s = super::interrupt::run(py, || feature_scores(xs, d, ys, &o))??;
    Ok((s.score, s.std))
}
