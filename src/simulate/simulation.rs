//! A whole simulation: compile a [`Runner`], run every draw, collect the [`Outcomes`].

use super::options::SimOptions;
use super::outcomes::Outcomes;
use super::runner::Runner;
use crate::error::Result;
use crate::model::{Point, Scenario};
use crate::schedule::constrained::run_method;
use crate::schedule::{Problem, Sgs};

/// A finished simulation: outcome columns plus what the metrics need.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The outcome columns.
    pub outcomes: Outcomes,
    /// Engine used per draw (`cpm`, `serial`, `parallel`).
    pub engine: &'static str,
    /// Finish of the deterministic plan (every number at its mode, same engine).
    pub deterministic_finish: f64,
    /// Warnings (e.g. a repaired correlation matrix).
    pub warnings: Vec<String>,
}

/// Finish of the deterministic plan of `runner` (modes, no risk, every pledge arriving;
/// `+inf` when even then some work's money never arrives, as in a draw).
///
/// # Errors
/// As [`Problem::build_holding_unfunded`] for a constrained runner.
pub fn deterministic_finish(sc: &Scenario, runner: &Runner) -> Result<f64> {
    // a critical-path runner computed it on its own network (see `Runner::deterministic`)
    if let Some(d) = runner.deterministic {
        return Ok(d);
    }
    let p = Problem::build_holding_unfunded(sc, Point::Mode)?;
    let (s, _) = run_method(&p, &mut Sgs::new(), &runner.sched)?;
    Ok(s.makespan)
}

/// Run a whole simulation on the current rayon pool.
///
/// # Errors
/// [`Error::InvalidArgument`] for bad options (naming the culprit), validation errors of the
/// scenario, and the errors of [`Runner::new`] and [`Runner::run`].
pub fn simulate(sc: &Scenario, opts: &SimOptions) -> Result<Simulation> {
    opts.validate()?;
    let runner = Runner::new(sc, opts)?;
    let mut out = Outcomes::new(&runner);
    out.extend(runner.run(0, opts.draws)?);
    Ok(Simulation {
        outcomes: out,
        engine: runner.engine,
        deterministic_finish: deterministic_finish(sc, &runner)?,
        warnings: runner.warnings.clone(),
    })
}
