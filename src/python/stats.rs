//! Bindings of the core's statistics (`crate::simulate::stats`, `crate::simulate::financing`,
//! the one-at-a-time design and tornado of `crate::explore`): every P-value a table or figure
//! shows is computed here, with the one quantile rule (`P_q = inf{t : F(t) >= q}`). Private
//! functions (`_stats_*`, `_explore_oat`, `_explore_tornado_swings`) returning plain data
//! (floats, numpy arrays, dicts of columns); the Python modules arrange them into tables.

use numpy::ndarray::{Array2, Array3};
use numpy::{
    IntoPyArray, PyArray2, PyArray3, PyReadonlyArray1, PyReadonlyArray2, PyReadonlyArray3,
    PyUntypedArrayMethods,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::plan::PyPlan;
use crate::explore::{analyze, design};
use crate::simulate::financing::{self, PlanMoney, KINDS};
use crate::simulate::metrics::quantile;
use crate::simulate::stats;

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

fn shape2(a: &PyReadonlyArray2<'_, f64>) -> (usize, usize) {
    let s = a.shape();
    (
        s.first().copied().unwrap_or(0),
        s.get(1).copied().unwrap_or(0),
    )
}

/// ``P_q`` of the values by the inverted empirical CDF (NaN ignored).
#[pyfunction]
pub fn _stats_quantile(values: PyReadonlyArray1<'_, f64>, q: f64) -> PyResult<f64> {
    Ok(quantile(values.as_slice()?, q))
}

/// ``P_q`` of each column of a 2-D array for each ``q``: ``len(qs) x columns``.
#[pyfunction]
pub fn _stats_quantiles<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    qs: Vec<f64>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let (rows, cols) = shape2(&values);
    let q = stats::column_quantiles(values.as_slice()?, rows, cols, &qs);
    matrix(py, qs.len(), cols, q.concat())
}

/// One summary row: ``(quantiles, mean, censored, happens)`` (see ``simulate::stats``).
#[pyfunction]
pub fn _stats_describe(
    values: PyReadonlyArray1<'_, f64>,
    qs: Vec<f64>,
) -> PyResult<(Vec<f64>, f64, f64, f64)> {
    let d = stats::describe(values.as_slice()?, &qs);
    Ok((d.quantiles, d.mean, d.censored, d.happens))
}

/// Mean, P50 and ``P_tail`` of the finite values.
#[pyfunction]
pub fn _stats_spread(values: PyReadonlyArray1<'_, f64>, tail: f64) -> PyResult<(f64, f64, f64)> {
    let s = stats::spread(values.as_slice()?, tail);
    Ok((s.mean, s.p50, s.tail))
}

/// Mean of the values that are not NaN.
#[pyfunction]
pub fn _stats_mean(values: PyReadonlyArray1<'_, f64>) -> PyResult<f64> {
    Ok(stats::mean(values.as_slice()?))
}

/// Progress slip: ``(P_q baseline, P_q current, current - baseline)``.
#[pyfunction]
pub fn _stats_slip(
    baseline: PyReadonlyArray1<'_, f64>,
    current: PyReadonlyArray1<'_, f64>,
    q: f64,
) -> PyResult<(f64, f64, f64)> {
    Ok(stats::slip(baseline.as_slice()?, current.as_slice()?, q))
}

fn money_columns<'py>(d: &Bound<'py, PyDict>, rows: &[PlanMoney]) -> PyResult<()> {
    d.set_item(
        "pledged_usd",
        rows.iter().map(|r| r.pledged_usd).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "received_usd",
        rows.iter().map(|r| r.received_usd).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "committed_usd",
        rows.iter().map(|r| r.committed_usd).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "gap_usd",
        rows.iter().map(|r| r.gap_usd).collect::<Vec<_>>(),
    )?;
    Ok(())
}

/// A plan's financing as columns: ``by`` is ``kind`` (four kinds and ``total``), ``source`` or
/// ``time`` (month by month, with ``received:<kind>`` and ``committed:<kind>``).
#[pyfunction]
pub fn _stats_plan_financing<'py>(
    py: Python<'py>,
    plan: PyRef<'py, PyPlan>,
    by: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let p = plan.plan();
    let d = PyDict::new(py);
    match by {
        "kind" => {
            let mut keys: Vec<&str> = KINDS.iter().map(|k| k.as_str()).collect();
            keys.push("total");
            d.set_item("kind", keys)?;
            money_columns(
                &d,
                &super::interrupt::run(py, || financing::plan_by_kind(p))?,
            )?;
        }
        "source" => {
            d.set_item(
                "source",
                p.sources
                    .iter()
                    .map(|s| s.source.clone())
                    .collect::<Vec<_>>(),
            )?;
            d.set_item(
                "kind",
                p.sources
                    .iter()
                    .map(|s| s.kind.as_str())
                    .collect::<Vec<_>>(),
            )?;
            money_columns(
                &d,
                &super::interrupt::run(py, || financing::plan_by_source(p))?,
            )?;
        }
        "time" => {
            let t = super::interrupt::run(py, || financing::plan_over_time(p))?;
            d.set_item("months", t.months)?;
            d.set_item("received_usd", t.received_usd)?;
            d.set_item("committed_usd", t.committed_usd)?;
            d.set_item("gap_usd", t.gap_usd)?;
            for ((k, r), c) in KINDS
                .iter()
                .zip(t.received_by_kind)
                .zip(t.committed_by_kind)
            {
                d.set_item(format!("received:{}", k.as_str()), r)?;
                d.set_item(format!("committed:{}", k.as_str()), c)?;
            }
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "by: expected kind, source or time, got {other:?}"
            )))
        }
    }
    Ok(d)
}

/// A simulation's money per group of sources: ``received`` and ``committed`` are draws x
/// sources, ``group[s]`` the group of source ``s``. Columns ``received_mean``,
/// ``received_p50``, ``received_p20``, ``committed_mean``, ``committed_p50``, ``committed_p80``.
#[pyfunction]
pub fn _stats_sim_money<'py>(
    py: Python<'py>,
    received: PyReadonlyArray2<'py, f64>,
    committed: PyReadonlyArray2<'py, f64>,
    group: Vec<usize>,
    groups: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let (_, sources) = shape2(&received);
    if shape2(&received) != shape2(&committed) {
        return Err(PyValueError::new_err(
            "received and committed must have one shape",
        ));
    }
    let (r, c) = (received.as_slice()?, committed.as_slice()?);
    let g = super::interrupt::run(py, || financing::sim_money(r, c, sources, &group, groups))?;
    let d = PyDict::new(py);
    d.set_item(
        "received_mean",
        g.iter().map(|x| x.received.mean).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "received_p50",
        g.iter().map(|x| x.received.p50).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "received_p20",
        g.iter().map(|x| x.received.tail).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "committed_mean",
        g.iter().map(|x| x.committed.mean).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "committed_p50",
        g.iter().map(|x| x.committed.p50).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "committed_p80",
        g.iter().map(|x| x.committed.tail).collect::<Vec<_>>(),
    )?;
    Ok(d)
}

/// P-value bands of a simulation's cumulative money (draws x months curves).
#[pyfunction]
pub fn _stats_sim_bands<'py>(
    py: Python<'py>,
    committed: PyReadonlyArray2<'py, f64>,
    received: PyReadonlyArray2<'py, f64>,
) -> PyResult<Bound<'py, PyDict>> {
    let (_, months) = shape2(&committed);
    if shape2(&received) != shape2(&committed) {
        return Err(PyValueError::new_err(
            "received and committed must have one shape",
        ));
    }
    let (c, r) = (committed.as_slice()?, received.as_slice()?);
    let b = super::interrupt::run(py, || financing::sim_bands(c, r, months))?;
    let d = PyDict::new(py);
    d.set_item("committed_p50", b.committed_p50)?;
    d.set_item("committed_p80", b.committed_p80)?;
    d.set_item("received_p50", b.received_p50)?;
    d.set_item("received_p20", b.received_p20)?;
    d.set_item("gap_p50", b.gap_p50)?;
    d.set_item("gap_p80", b.gap_p80)?;
    Ok(d)
}

/// One-at-a-time design (``explore::design::oat``): ``1 + 2d`` rows, the base, then each input
/// at its low and at its high value.
#[pyfunction]
pub fn _explore_oat<'py>(
    py: Python<'py>,
    base: Vec<f64>,
    low: Vec<f64>,
    high: Vec<f64>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let d = base.len();
    let x = design::oat(&base, &low, &high)?;
    matrix(py, 1 + 2 * d, d, x)
}

/// Tornado of every (option, outcome): ``y`` is options x outcomes x (1 + 2d) outcomes of the
/// one-at-a-time rows; returns ``base``, ``low``, ``high`` and ``swing`` arrays (options x
/// outcomes x d, in input order) from ``explore::analyze::tornado``.
#[pyfunction]
pub fn _explore_tornado_swings<'py>(
    py: Python<'py>,
    y: PyReadonlyArray3<'py, f64>,
) -> PyResult<Bound<'py, PyDict>> {
    let s = y.shape();
    let (o, m, rows) = (
        s.first().copied().unwrap_or(0),
        s.get(1).copied().unwrap_or(0),
        s.get(2).copied().unwrap_or(0),
    );
    let d = rows.saturating_sub(1) / 2;
    let v = y.as_slice()?;
    let mut out = [
        vec![f64::NAN; o * m * d],
        vec![f64::NAN; o * m * d],
        vec![f64::NAN; o * m * d],
        vec![f64::NAN; o * m * d],
    ];
    for cell in 0..o * m {
        let ys = v.get(cell * rows..(cell + 1) * rows).unwrap_or(&[]);
        let (base, bars) = analyze::tornado(ys, d)?;
        for b in bars {
            let at = cell * d + b.input;
            for (arr, x) in out.iter_mut().zip([base, b.low, b.high, b.swing]) {
                if let Some(slot) = arr.get_mut(at) {
                    *slot = x;
                }
            }
        }
    }
    let dict = PyDict::new(py);
    for (name, arr) in ["base", "low", "high", "swing"].into_iter().zip(out) {
        let a = Array3::from_shape_vec((o, m, d), arr)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let a: Bound<'py, PyArray3<f64>> = a.into_pyarray(py);
        dict.set_item(name, a)?;
    }
    Ok(dict)
}
