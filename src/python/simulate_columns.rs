//! The outcome columns of a `Simulation`: the core's column arrays handed to numpy without
//! copying, by the names of the outcome catalogue (`crate::simulate::catalogue`).

use numpy::{IntoPyArray, PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::mem::take;

use crate::model::Scenario;
use crate::simulate::catalogue::{column_name, Field as F};
use crate::simulate::{Outcomes, Runner};

/// The columns dict and the finish array (moved out of `o`).
pub(super) fn columns<'py>(
    py: Python<'py>,
    sc: &Scenario,
    runner: &Runner,
    o: &mut Outcomes,
) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyArray1<f64>>)> {
    let (n, draws) = (runner.len(), o.draws);
    let cols = PyDict::new(py);
    let finish = take(&mut o.finish).into_pyarray(py);
    cols.set_item(column_name(F::Finish, ""), &finish)?;
    cols.set_item(
        column_name(F::FinishFunded, ""),
        take(&mut o.finish_funded).into_pyarray(py),
    )?;
    cols.set_item(
        column_name(F::UnfundedCount, ""),
        take(&mut o.unfunded_count).into_pyarray(py),
    )?;
    cols.set_item(
        column_name(F::HeldCount, ""),
        take(&mut o.held_count).into_pyarray(py),
    )?;
    for (s, v) in sc.sources.iter().zip(take(&mut o.source_gap)) {
        cols.set_item(column_name(F::SourceGap, &s.id), v.into_pyarray(py))?;
    }
    for (s, v) in sc.situations.iter().zip(take(&mut o.situation_finish)) {
        cols.set_item(column_name(F::SituationFinish, &s.id), v.into_pyarray(py))?;
    }
    cols.set_item(column_name(F::Cost, ""), take(&mut o.cost).into_pyarray(py))?;
    for (s, v) in sc.sources.iter().zip(take(&mut o.source_cost)) {
        cols.set_item(column_name(F::SourceCost, &s.id), v.into_pyarray(py))?;
    }
    cols.set_item(
        column_name(F::Unfunded, ""),
        take(&mut o.unfunded).into_pyarray(py),
    )?;
    cols.set_item(
        column_name(F::FundingGap, ""),
        take(&mut o.funding_gap).into_pyarray(py),
    )?;
    for (p, v) in sc.pools.iter().zip(take(&mut o.peak_staff)) {
        cols.set_item(column_name(F::PeakStaff, &p.id), v.into_pyarray(py))?;
    }
    for (s, v) in sc.sources.iter().zip(take(&mut o.received)) {
        cols.set_item(column_name(F::SourceReceived, &s.id), v.into_pyarray(py))?;
    }
    let g = runner.cash_grid.len();
    cols.set_item("cash_grid", runner.cash_grid.to_vec().into_pyarray(py))?;
    for (name, m) in [
        ("committed_curve", take(&mut o.committed_curve)),
        ("received_curve", take(&mut o.received_curve)),
    ] {
        if m.is_empty() {
            // All zero (see `Outcomes::committed_curve`): one row of zeros seen draws
            // times (a read-only broadcast view, stride 0). Zeroed memory of draws x grid
            // from the allocator was not free: once glibc's dynamic mmap threshold has
            // risen past its size, calloc takes it from the heap and writes every zero
            // (19 MB per curve at 10,000 draws, about 4 ms: measured).
            let row = PyArray1::<f64>::zeros(py, g, false);
            let view = numpy_broadcast(py)?.call1((row, (draws, g)))?;
            cols.set_item(name, view)?;
        } else {
            cols.set_item(name, m.into_pyarray(py).reshape([draws, g])?)?;
        }
    }
    cols.set_item(
        column_name(F::Relapse5, ""),
        take(&mut o.relapse5).into_pyarray(py),
    )?;
    cols.set_item(
        column_name(F::Relapse10, ""),
        take(&mut o.relapse10).into_pyarray(py),
    )?;
    cols.set_item(
        column_name(F::MoneyShort, ""),
        take(&mut o.money_short).into_pyarray(py),
    )?;
    cols.set_item(
        column_name(F::Infeasible, ""),
        take(&mut o.infeasible).into_pyarray(py),
    )?;
    let r = sc.risks.len();
    cols.set_item(
        "risk_occurred",
        take(&mut o.risk_occurred)
            .into_pyarray(py)
            .reshape([draws, r])?,
    )?;
    if !o.finish_matrix.is_empty() {
        for (name, m) in [
            (column_name(F::Start, ""), take(&mut o.start)),
            (
                column_name(F::InterventionFinish, ""),
                take(&mut o.finish_matrix),
            ),
            (column_name(F::Duration, ""), take(&mut o.duration)),
        ] {
            cols.set_item(name, m.into_pyarray(py).reshape([draws, n])?)?;
        }
    }
    Ok((cols, finish))
}

/// `numpy.broadcast_to`, looked up once.
fn numpy_broadcast(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static BROADCAST: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
    BROADCAST
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("numpy")?.getattr("broadcast_to")?.unbind())
        })
        .map(|f| f.bind(py))
}
