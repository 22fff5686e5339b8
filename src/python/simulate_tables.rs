//! The money and deadline tables of a `Simulation` (dicts of lists and arrays, arranged into
//! DataFrames by `peaceplan.risk`): every number here is a count of the core divided by the
//! number of draws.

use numpy::{IntoPyArray, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::model::Scenario;

/// Shares of draws in which each intervention was unfunded, held, started on mobilised money.
pub(super) fn unfunded<'py>(
    py: Python<'py>,
    ids: Vec<String>,
    counts: &[Vec<u64>; 3],
    draws: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let n = draws.max(1) as f64;
    let share = |v: &Vec<u64>| v.iter().map(|&c| c as f64 / n).collect::<Vec<f64>>();
    d.set_item("id", ids)?;
    d.set_item("unfunded", share(&counts[0]))?;
    d.set_item("held", share(&counts[1]))?;
    d.set_item("mobilised", share(&counts[2]))?;
    Ok(d)
}

/// Deadline and share of draws on time of each intervention with a deadline.
pub(super) fn deadlines<'py>(
    py: Python<'py>,
    sc: &Scenario,
    on_time: &[(u32, f64, u64)],
    draws: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let id = |i: u32| {
        sc.interventions
            .get(i as usize)
            .map_or(String::new(), |x| x.id.clone())
    };
    let n = draws.max(1) as f64;
    d.set_item("id", on_time.iter().map(|x| id(x.0)).collect::<Vec<_>>())?;
    let months: Vec<f64> = on_time.iter().map(|x| x.1).collect();
    d.set_item("deadline_months", months)?;
    let share: Vec<f64> = on_time.iter().map(|x| x.2 as f64 / n).collect();
    d.set_item("on_time", share)?;
    Ok(d)
}

/// Cumulative shares of draws started by each grid point, interventions x grid (see
/// `Outcomes::started_bins`); no rows when the starts were not binned.
pub(super) fn funded_by<'py>(
    py: Python<'py>,
    ids: Vec<String>,
    bins: &[u64],
    grid: &[f64],
    draws: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let g = grid.len();
    let n = ids.len();
    let draws = draws.max(1) as f64;
    let mut p = vec![0.0; if bins.is_empty() { 0 } else { n * g }];
    for (i, row) in p.chunks_mut(g.max(1)).enumerate() {
        let mut acc = 0u64;
        for (k, v) in row.iter_mut().enumerate() {
            acc += bins.get(i * (g + 1) + k).copied().unwrap_or(0);
            *v = acc as f64 / draws;
        }
    }
    let rows = if p.is_empty() { 0 } else { n };
    d.set_item("id", ids)?;
    d.set_item("months", grid.to_vec().into_pyarray(py))?;
    d.set_item("p", p.into_pyarray(py).reshape([rows, g])?)?;
    Ok(d)
}
