//! The money and deadline tables of a `Simulation` (dicts of lists and arrays, which the Python
//! package arranges into DataFrames): every number here is a count of the core divided by the
//! number of draws.

use numpy::{IntoPyArray, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use std::sync::Arc;

use crate::model::Scenario;
use crate::network::Network;
use crate::simulate::{metrics, MergeSums, SimOptions};

/// Merge bias per merge node of `net` from the streamed sums.
pub(super) fn merge_bias<'py>(
    py: Python<'py>,
    net: &Network,
    merge: &MergeSums,
    draws: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let m = metrics::merge_bias_of(net, merge, draws);
    d.set_item("id", m.iter().map(|x| x.id.clone()).collect::<Vec<_>>())?;
    d.set_item("paths", m.iter().map(|x| x.paths).collect::<Vec<_>>())?;
    let mean_of_max: Vec<f64> = m.iter().map(|x| x.mean_of_max).collect();
    d.set_item("mean_of_max", mean_of_max)?;
    let max_of_means: Vec<f64> = m.iter().map(|x| x.max_of_means).collect();
    d.set_item("max_of_means", max_of_means)?;
    d.set_item("bias", m.iter().map(|x| x.bias).collect::<Vec<_>>())?;
    Ok(d)
}

/// Risk drivers at `q` (re-runs the simulation outside the GIL).
pub(super) fn risk_drivers<'py>(
    py: Python<'py>,
    sc: &Arc<Scenario>,
    opts: &SimOptions,
    q: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let (sc, o) = (Arc::clone(sc), opts.clone());
    let (all, rows) = super::interrupt::run(py, move || metrics::risk_drivers(&sc, &o, q))??;
    let d = PyDict::new(py);
    d.set_item("id", rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>())?;
    d.set_item("alone", rows.iter().map(|r| r.alone).collect::<Vec<_>>())?;
    let waterfall: Vec<f64> = rows.iter().map(|r| r.waterfall).collect();
    d.set_item("waterfall", waterfall)?;
    d.set_item(
        "p_after",
        rows.iter().map(|r| r.p_after).collect::<Vec<_>>(),
    )?;
    d.set_item("p_all", all)?;
    Ok(d)
}

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

/// Running mean and `P_q` of `finish` over the first k draws, at `points` checkpoints.
pub(super) fn convergence<'py>(
    py: Python<'py>,
    finish: &[f64],
    q: f64,
    points: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let rows = metrics::convergence(finish, q, points);
    let d = PyDict::new(py);
    d.set_item("draws", rows.iter().map(|r| r.0).collect::<Vec<_>>())?;
    d.set_item("mean", rows.iter().map(|r| r.1).collect::<Vec<_>>())?;
    d.set_item("p", rows.iter().map(|r| r.2).collect::<Vec<_>>())?;
    Ok(d)
}

/// Per intervention sums of money over the feasible draws (see `Simulation.money_table`).
pub(super) fn money<'py>(
    py: Python<'py>,
    ids: Vec<String>,
    money: &[Vec<f64>; 4],
    happened: &[u64],
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("id", ids)?;
    let [c, f, u, g] = money;
    d.set_item("committed_usd_sum", c.clone())?;
    d.set_item("funded_usd_sum", f.clone())?;
    d.set_item("unfunded_usd_sum", u.clone())?;
    d.set_item("shortfall_usd_sum", g.clone())?;
    d.set_item("happened", happened.to_vec())?;
    Ok(d)
}
