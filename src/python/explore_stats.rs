//! Bindings of the explore layer's statistics: replicated Sobol designs and indices, intervals
//! of outcome statistics, paired comparisons of options and the noise of one experiment.
//! Private functions (`_explore_*`); the public API is Python.

use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray2, PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::explore::study_of;
use crate::error::Error;
use crate::explore::precision::{self, Estimate};
use crate::explore::{analyze, design, outcome, paired};

fn matrix(
    py: Python<'_>,
    rows: usize,
    cols: usize,
    v: Vec<f64>,
) -> PyResult<Bound<'_, PyArray2<f64>>> {
    let a = Array2::from_shape_vec((rows, cols), v)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(a.into_pyarray(py))
}

fn parse_stat(text: &str) -> PyResult<outcome::Stat> {
    outcome::parse_stat(text).ok_or_else(|| {
        Error::InvalidArgument {
            name: "stat".into(),
            message: format!("expected mean, std or pNN (e.g. p80), got {text:?}"),
        }
        .into()
    })
}

/// ``replicates`` Saltelli designs on independent Owen scramblings (replicates ``first ..
/// first + replicates`` of ``seed``), concatenated: ``replicates * n * (d + 2)`` rows.
#[pyfunction]
#[pyo3(signature = (n, d, replicates, seed = 0, second_order = false, first = 0))]
pub fn _explore_saltelli_replicates(
    py: Python<'_>,
    n: usize,
    d: usize,
    replicates: usize,
    seed: u64,
    second_order: bool,
    first: usize,
) -> PyResult<Bound<'_, PyArray2<f64>>> {
    let x = super::interrupt::run(py, || {
        design::saltelli_replicates_from(n, d, first, replicates, seed, second_order)
    })??;
    matrix(py, x.len().checked_div(d).unwrap_or(0), d, x)
}

fn put(out: &Bound<'_, PyDict>, key: &str, e: &[Estimate]) -> PyResult<()> {
    let py = out.py();
    let col = |f: fn(&Estimate) -> f64| e.iter().map(f).collect::<Vec<f64>>();
    out.set_item(key, col(|x| x.value).into_pyarray(py))?;
    out.set_item(
        format!("{key}_conf"),
        col(Estimate::half_width).into_pyarray(py),
    )?;
    out.set_item(format!("{key}_se"), col(|x| x.se).into_pyarray(py))?;
    let nonzero: Vec<bool> = e.iter().map(Estimate::excludes_zero).collect();
    out.set_item(format!("{key}_nonzero"), nonzero)?;
    Ok(())
}

/// Sobol indices from replicated designs, intervals from the spread of the replicates:
/// ``S1``, ``ST`` (means), ``*_conf`` (half-widths), ``*_se``, ``*_nonzero`` (interval excludes
/// 0), ``S1_reps``/``ST_reps`` (replicates x d) and with second order ``S2*`` (d x d).
#[pyfunction]
#[pyo3(signature = (y, d, replicates, second_order = false, conf_level = 0.95))]
pub fn _explore_sobol_replicated<'py>(
    py: Python<'py>,
    y: PyReadonlyArray1<'py, f64>,
    d: usize,
    replicates: usize,
    second_order: bool,
    conf_level: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let y = y.as_slice()?;
    let s = super::interrupt::run(py, || {
        analyze::sobol_replicated(y, d, second_order, replicates, conf_level)
    })??;
    let out = PyDict::new(py);
    put(&out, "S1", &s.s1)?;
    put(&out, "ST", &s.st)?;
    out.set_item("S1_reps", matrix(py, s.replicates, d, s.s1_reps)?)?;
    out.set_item("ST_reps", matrix(py, s.replicates, d, s.st_reps)?)?;
    if second_order {
        let pick = |f: fn(&Estimate) -> f64| s.s2.iter().map(f).collect::<Vec<f64>>();
        out.set_item("S2", matrix(py, d, d, pick(|x| x.value))?)?;
        out.set_item("S2_conf", matrix(py, d, d, pick(Estimate::half_width))?)?;
        out.set_item("S2_se", matrix(py, d, d, pick(|x| x.se))?)?;
    }
    Ok(out)
}

/// Two matrices.
type Pair<'py> = (Bound<'py, PyArray2<f64>>, Bound<'py, PyArray2<f64>>);

/// Running replicate means of each column of ``values`` (replicates x k): ``(mean, half)``,
/// both replicates x k, row ``r`` from the first ``r + 1`` replicates.
#[pyfunction]
#[pyo3(signature = (values, conf_level = 0.95))]
pub fn _explore_running<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    conf_level: f64,
) -> PyResult<Pair<'py>> {
    precision::check_level(conf_level)?;
    let rows = values.shape().first().copied().unwrap_or(0);
    let cols = values.shape().get(1).copied().unwrap_or(0);
    let v = values.as_slice()?;
    let (mut mean, mut half) = (vec![f64::NAN; rows * cols], vec![f64::NAN; rows * cols]);
    for c in 0..cols {
        let col: Vec<f64> = (0..rows)
            .filter_map(|r| v.get(r * cols + c).copied())
            .collect();
        for (r, e) in precision::running(&col, conf_level).into_iter().enumerate() {
            if let (Some(m), Some(h)) = (mean.get_mut(r * cols + c), half.get_mut(r * cols + c)) {
                *m = e.value;
                *h = e.half_width();
            }
        }
    }
    Ok((matrix(py, rows, cols, mean)?, matrix(py, rows, cols, half)?))
}

/// A statistic of draws with its interval: ``(value, se, lo, hi)``; ``stat`` is ``mean``,
/// ``std`` or ``pNN`` (order-statistic interval, the core's quantile rule).
#[pyfunction]
#[pyo3(signature = (values, stat = "mean", conf_level = 0.95))]
pub fn _explore_interval(
    values: PyReadonlyArray1<'_, f64>,
    stat: &str,
    conf_level: f64,
) -> PyResult<(f64, f64, f64, f64)> {
    precision::check_level(conf_level)?;
    let e = precision::stat_interval(values.as_slice()?, parse_stat(stat)?, conf_level)?;
    Ok((e.value, e.se, e.lo, e.hi))
}

/// Paired comparison of two options on the same draws: ``diff``, ``se``, ``lo``, ``hi``,
/// ``p_better``, ``draws``, ``significant``, ``draws_needed``, ``correlation``.
#[pyfunction]
#[pyo3(signature = (a, b, stat = "mean", conf_level = 0.95, maximize = false, resamples = 1000, seed = 0))]
#[allow(clippy::too_many_arguments)]
pub fn _explore_paired<'py>(
    py: Python<'py>,
    a: PyReadonlyArray1<'py, f64>,
    b: PyReadonlyArray1<'py, f64>,
    stat: &str,
    conf_level: f64,
    maximize: bool,
    resamples: usize,
    seed: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let s = parse_stat(stat)?;
    let (a, b) = (a.as_slice()?, b.as_slice()?);
    let p = super::interrupt::run(py, || {
        paired::paired(a, b, s, conf_level, maximize, resamples, seed)
    })??;
    let out = PyDict::new(py);
    out.set_item("diff", p.diff.value)?;
    out.set_item("se", p.diff.se)?;
    out.set_item("lo", p.diff.lo)?;
    out.set_item("hi", p.diff.hi)?;
    out.set_item("p_better", p.p_better)?;
    out.set_item("draws", p.draws)?;
    out.set_item("significant", p.significant)?;
    out.set_item("draws_needed", p.draws_needed)?;
    out.set_item("correlation", p.correlation)?;
    Ok(out)
}

/// One experiment with the precision of each outcome: ``(values, half_widths)``.
#[pyfunction]
#[pyo3(signature = (model, params, outcomes, x, draws = 200, seed = 0, engine = "auto", years = 10.0, threshold_months = 3.0, conf_level = 0.95))]
#[allow(clippy::too_many_arguments)]
pub fn _explore_noise(
    py: Python<'_>,
    model: &Bound<'_, PyAny>,
    params: Vec<(String, Vec<String>)>,
    outcomes: Vec<String>,
    x: Vec<f64>,
    draws: usize,
    seed: u64,
    engine: &str,
    years: f64,
    threshold_months: f64,
    conf_level: f64,
) -> PyResult<(Vec<f64>, Vec<f64>)> {
    let settings = (draws, seed, engine, years, threshold_months);
    let study = study_of(model, params, &outcomes, settings)?;
    let r = super::interrupt::run(py, || study.noise(&x, conf_level))??;
    Ok(r.into_iter().unzip())
}
