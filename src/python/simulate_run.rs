//! `Scenario.simulate`'s run loop: chunks outside the GIL, Ctrl-C between chunks, progress bar.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::simulate::{deterministic_finish, Outcomes, Runner, SimOptions, BLOCK};

use super::scenario::PyScenario;
use super::simulate::PySimulation;

/// Run the simulation in chunks: each chunk outside the GIL, Ctrl-C checked between chunks, a
/// tqdm.auto bar when `progress` (default: long runs).
pub(crate) fn run(
    py: Python<'_>,
    scenario: &PyScenario,
    opts: SimOptions,
    progress: Option<bool>,
) -> PyResult<PySimulation> {
    let sc = &scenario.inner;
    let (runner, det) = super::interrupt::run(py, || -> crate::Result<(Runner, f64)> {
        let r = Runner::from_prepared(scenario.prepared()?, &opts)?;
        let d = deterministic_finish(sc, &r)?;
        Ok((r, d))
    })??;
    let runner = Arc::new(runner);
    let work = opts.draws.saturating_mul(runner.len().max(1));
    // chunks of at least ~16M activity-samples (a few ms to a few tens of ms of work): Ctrl-C
    // stays responsive and the GIL round trips and rayon joins stay negligible
    let min_chunk = (1usize << 24).div_ceil(runner.len().max(1));
    let chunk = (opts.draws / 20).max(min_chunk).div_ceil(BLOCK).max(1) * BLOCK;
    let bar = if progress.unwrap_or(work >= 20_000_000) {
        let tqdm = py.import("tqdm.auto")?.getattr("tqdm")?;
        let kw = PyDict::new(py);
        kw.set_item("total", opts.draws)?;
        kw.set_item("desc", "draws")?;
        kw.set_item("unit", "draw")?;
        Some(tqdm.call((), Some(&kw))?)
    } else {
        None
    };
    let mut out = Outcomes::new(&runner);
    let mut from = 0;
    while from < opts.draws {
        let to = (from + chunk).min(opts.draws);
        let r = Arc::clone(&runner);
        let blocks = match super::interrupt::run(py, move || r.run(from, to)) {
            Ok(b) => b.map_err(PyErr::from),
            Err(e) => Err(e),
        };
        let blocks = match blocks {
            Ok(b) => b,
            Err(e) => {
                if let Some(b) = &bar {
                    b.call_method0("close")?;
                }
                return Err(e);
            }
        };
        super::interrupt::in_pool(|| out.extend(blocks));
        if let Some(b) = &bar {
            b.call_method1("update", (to - from,))?;
        }
        if let Err(e) = py.check_signals() {
            if let Some(b) = &bar {
                b.call_method0("close")?;
            }
            return Err(e);
        }
        from = to;
    }
    if let Some(b) = &bar {
        b.call_method0("close")?;
    }
    PySimulation::new(py, sc, opts, &runner, out, det)
}
