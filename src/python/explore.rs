//! Bindings of the explore layer (`peaceplan.explore`, `peaceplan.Study`): designs, analyses
//! and experiment batches. Private functions (`_explore_*`); the public API is Python.

use numpy::ndarray::Array2;
use numpy::{
    IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use super::capacity::PyPortfolio;
use super::office::PyOffice;
use super::scenario::PyScenario;
use crate::error::Error;
use crate::explore::{analyze, design, outcome, Model, Param, Settings, Study};
use crate::simulate::Engine;

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

fn rows_of(len: usize, d: usize) -> usize {
    len.checked_div(d).unwrap_or(0)
}

/// The model of a study: a Scenario, or an (Office, Portfolio) tuple.
pub(crate) fn extract_model(obj: &Bound<'_, PyAny>) -> PyResult<Model> {
    if let Ok(sc) = obj.cast::<PyScenario>() {
        return Ok(Model::Scenario((*sc.get().inner).clone()));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        if t.len() == 2 {
            let o = t.get_item(0)?;
            let p = t.get_item(1)?;
            if let (Ok(o), Ok(p)) = (o.cast::<PyOffice>(), p.cast::<PyPortfolio>()) {
                return Ok(Model::Office {
                    office: o.get().office().clone(),
                    portfolio: p.get().portfolio().clone(),
                });
            }
        }
    }
    Err(Error::InvalidArgument {
        name: "model".into(),
        message: "expected a Scenario, or an (Office, Portfolio) pair".into(),
    }
    .into())
}

/// Saltelli design on the unit cube: ``n * (d + 2)`` rows (``n * (2d + 2)`` with second order).
#[pyfunction]
#[pyo3(signature = (n, d, seed = 0, second_order = false))]
pub fn _explore_saltelli(
    py: Python<'_>,
    n: usize,
    d: usize,
    seed: u64,
    second_order: bool,
) -> PyResult<Bound<'_, PyArray2<f64>>> {
    let x = super::interrupt::run(py, || design::saltelli(n, d, seed, second_order))??;
    matrix(py, rows_of(x.len(), d), d, x)
}

/// Morris trajectories on the unit cube: ``r * (d + 1)`` rows.
#[pyfunction]
#[pyo3(signature = (d, r, levels = 4, seed = 0))]
pub fn _explore_morris_design(
    py: Python<'_>,
    d: usize,
    r: usize,
    levels: usize,
    seed: u64,
) -> PyResult<Bound<'_, PyArray2<f64>>> {
    let x = super::interrupt::run(py, || design::morris(d, r, levels, seed))??;
    matrix(py, rows_of(x.len(), d), d, x)
}

/// Latin hypercube on the unit cube.
#[pyfunction]
#[pyo3(signature = (n, d, seed = 0))]
pub fn _explore_lhs(
    py: Python<'_>,
    n: usize,
    d: usize,
    seed: u64,
) -> PyResult<Bound<'_, PyArray2<f64>>> {
    let x = super::interrupt::run(py, || design::lhs(n, d, seed))??;
    matrix(py, n, d, x)
}

/// Full factorial of level indices.
#[pyfunction]
pub fn _explore_factorial(
    py: Python<'_>,
    levels: Vec<usize>,
) -> PyResult<Bound<'_, PyArray2<f64>>> {
    let d = levels.len();
    let x = design::factorial(&levels)?;
    matrix(py, rows_of(x.len(), d), d, x)
}

/// Sobol indices of one output on the Saltelli design.
#[pyfunction]
#[pyo3(signature = (y, d, second_order = false, resamples = 100, conf_level = 0.95, seed = 0))]
pub fn _explore_sobol<'py>(
    py: Python<'py>,
    y: PyReadonlyArray1<'py, f64>,
    d: usize,
    second_order: bool,
    resamples: usize,
    conf_level: f64,
    seed: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let y = y.as_slice()?;
    let s = super::interrupt::run(py, || {
        analyze::sobol(y, d, second_order, resamples, conf_level, seed)
    })??;
    let out = PyDict::new(py);
    out.set_item("S1", s.s1.into_pyarray(py))?;
    out.set_item("ST", s.st.into_pyarray(py))?;
    out.set_item("S1_conf", s.s1_conf.into_pyarray(py))?;
    out.set_item("ST_conf", s.st_conf.into_pyarray(py))?;
    if second_order {
        out.set_item("S2", matrix(py, d, d, s.s2)?)?;
        out.set_item("S2_conf", matrix(py, d, d, s.s2_conf)?)?;
    }
    Ok(out)
}

/// Morris statistics of one output.
#[pyfunction]
#[pyo3(signature = (x, y, resamples = 1000, conf_level = 0.95, seed = 0))]
pub fn _explore_morris<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray1<'py, f64>,
    resamples: usize,
    conf_level: f64,
    seed: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let d = x.shape().get(1).copied().unwrap_or(0);
    let (xs, ys) = (x.as_slice()?, y.as_slice()?);
    let m = super::interrupt::run(py, || {
        analyze::morris(xs, ys, d, resamples, conf_level, seed)
    })??;
    let out = PyDict::new(py);
    out.set_item("mu", m.mu.into_pyarray(py))?;
    out.set_item("mu_star", m.mu_star.into_pyarray(py))?;
    out.set_item("sigma", m.sigma.into_pyarray(py))?;
    out.set_item("mu_star_conf", m.mu_star_conf.into_pyarray(py))?;
    Ok(out)
}

/// Tornado swings: ``(base, [(input, low, high, swing), ...])`` sorted by ``|swing|``.
#[pyfunction]
pub fn _explore_tornado(y: Vec<f64>, d: usize) -> PyResult<(f64, Vec<Bar>)> {
    let (base, bars) = analyze::tornado(&y, d)?;
    Ok((
        base,
        bars.into_iter()
            .map(|b| (b.input, b.low, b.high, b.swing))
            .collect(),
    ))
}

/// One tornado bar: input, low, high, swing.
type Bar = (usize, f64, f64, f64);

/// Outcomes and failed rows of a batch.
type RunOut<'py> = (Bound<'py, PyArray2<f64>>, Vec<(usize, String)>);

fn box_dict<'py>(py: Python<'py>, b: analyze::PrimBox) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("lower", b.lower.into_pyarray(py))?;
    d.set_item("upper", b.upper.into_pyarray(py))?;
    d.set_item("coverage", b.coverage)?;
    d.set_item("density", b.density)?;
    d.set_item("mass", b.mass)?;
    Ok(d)
}

/// PRIM: peeling trajectory, selected step and pasted box.
#[pyfunction]
#[pyo3(signature = (x, y, alpha = 0.05, mass_min = 0.05))]
pub fn _explore_prim<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: Vec<bool>,
    alpha: f64,
    mass_min: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let d = x.shape().get(1).copied().unwrap_or(0);
    let xs = x.as_slice()?;
    let r = super::interrupt::run(py, || analyze::prim(xs, &y, d, alpha, mass_min))??;
    let out = PyDict::new(py);
    let traj = PyList::empty(py);
    for b in r.trajectory {
        traj.append(box_dict(py, b)?)?;
    }
    out.set_item("trajectory", traj)?;
    out.set_item("selected", r.selected)?;
    out.set_item("pasted", box_dict(py, r.pasted)?)?;
    Ok(out)
}

/// Robustness per option of an options x scenarios matrix.
#[pyfunction]
#[pyo3(signature = (y, minimize = true, threshold = None))]
pub fn _explore_robustness<'py>(
    py: Python<'py>,
    y: PyReadonlyArray2<'py, f64>,
    minimize: bool,
    threshold: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    let options = y.shape().first().copied().unwrap_or(0);
    let r = analyze::robustness(y.as_slice()?, options, minimize, threshold)?;
    let out = PyDict::new(py);
    let col = |f: fn(&analyze::Robustness) -> f64| r.iter().map(f).collect::<Vec<f64>>();
    out.set_item("mean", col(|x| x.mean).into_pyarray(py))?;
    out.set_item("p10", col(|x| x.p10).into_pyarray(py))?;
    out.set_item("p50", col(|x| x.p50).into_pyarray(py))?;
    out.set_item("p90", col(|x| x.p90).into_pyarray(py))?;
    out.set_item("mean_regret", col(|x| x.mean_regret).into_pyarray(py))?;
    out.set_item("max_regret", col(|x| x.max_regret).into_pyarray(py))?;
    out.set_item("p90_regret", col(|x| x.p90_regret).into_pyarray(py))?;
    out.set_item("satisficing", col(|x| x.satisficing).into_pyarray(py))?;
    Ok(out)
}

/// Every valid parameter path and example outcome names of a model.
#[pyfunction]
pub fn _explore_catalogue(model: &Bound<'_, PyAny>) -> PyResult<(Vec<String>, Vec<String>)> {
    let m = extract_model(model)?;
    Ok((crate::explore::valid_paths(&m), outcome::valid_outcomes(&m)))
}

/// Check a study (paths, choices, outcomes) without running it.
#[pyfunction]
pub fn _explore_check(
    model: &Bound<'_, PyAny>,
    params: Vec<(String, Vec<String>)>,
    outcomes: Vec<String>,
) -> PyResult<()> {
    let m = extract_model(model)?;
    let params: Vec<Param> = params
        .into_iter()
        .map(|(path, choices)| Param { path, choices })
        .collect();
    Study::new(m, &params, &outcomes, Settings::default())?;
    Ok(())
}

/// A compiled study of `model` from the arguments the Python layer passes:
/// `(path, choices)` parameters, outcome names and `(draws, seed, engine, years,
/// threshold_months)`.
pub(super) fn study_of(
    model: &Bound<'_, PyAny>,
    params: Vec<(String, Vec<String>)>,
    outcomes: &[String],
    (draws, seed, engine, years, threshold_months): (usize, u64, &str, f64, f64),
) -> PyResult<Study> {
    let m = extract_model(model)?;
    let params: Vec<Param> = params
        .into_iter()
        .map(|(path, choices)| Param { path, choices })
        .collect();
    let settings = Settings {
        draws,
        seed,
        engine: Engine::parse(engine)?,
        years,
        threshold_months,
    };
    Ok(Study::new(m, &params, outcomes, settings)?)
}

/// Run experiments: ``(Y, errors)`` with ``Y`` rows x outcomes (NaN rows for failures) and
/// ``errors`` a list of ``(row, message)``.
#[pyfunction]
#[pyo3(signature = (model, params, outcomes, x, draws = 200, seed = 0, engine = "auto", years = 10.0, threshold_months = 3.0))]
#[allow(clippy::too_many_arguments)]
pub fn _explore_run<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
    params: Vec<(String, Vec<String>)>,
    outcomes: Vec<String>,
    x: PyReadonlyArray2<'py, f64>,
    draws: usize,
    seed: u64,
    engine: &str,
    years: f64,
    threshold_months: f64,
) -> PyResult<RunOut<'py>> {
    let settings = (draws, seed, engine, years, threshold_months);
    let study = study_of(model, params, &outcomes, settings)?;
    let rows = x.shape().first().copied().unwrap_or(0);
    let xs = x.as_slice()?;
    let batch = super::interrupt::run(py, || study.run(xs))??;
    Ok((matrix(py, rows, outcomes.len(), batch.y)?, batch.errors))
}

/// Inverse CDF of a distribution given as in scenario files (JSON), at ``u``.
#[pyfunction]
pub fn _explore_ppf<'py>(
    py: Python<'py>,
    dist_json: &str,
    u: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let d: crate::model::Dist =
        serde_json::from_str(dist_json).map_err(|e| Error::InvalidArgument {
            name: "distribution".into(),
            message: e.to_string(),
        })?;
    let problems = d.problems();
    if let Some((_, msg)) = problems.first() {
        return Err(Error::InvalidArgument {
            name: "distribution".into(),
            message: msg.clone(),
        }
        .into());
    }
    let v: Vec<f64> = u.as_slice()?.iter().map(|&p| d.quantile(p)).collect();
    Ok(v.into_pyarray(py))
}
