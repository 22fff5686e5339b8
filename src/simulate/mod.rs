//! Monte Carlo over plans: sampling, the engine and the metrics schedule-risk analysts expect.
//!
//! ```
//! use peaceplan::simulate::{simulate, SimOptions};
//! let sc = peaceplan::Scenario::from_toml_str(r#"
//! schema = 1
//! name = "two parallel steps"
//! [[interventions]]
//! id = "a"
//! duration_months = {uniform = [0, 1]}
//! [[interventions]]
//! id = "b"
//! duration_months = {uniform = [0, 1]}
//! "#)?;
//! let sim = simulate(&sc, &SimOptions { draws: 20_000, ..SimOptions::default() })?;
//! let mean = sim.outcomes.finish.iter().sum::<f64>() / 20_000.0;
//! assert!((mean - 2.0 / 3.0).abs() < 0.01); // E[max of two U(0,1)]
//! # Ok::<(), peaceplan::Error>(())
//! ```

mod batch;
mod block;
mod cashflow;
pub mod correlate;
pub mod dispatch;
mod draw_cpm;
mod draw_outcomes;
mod draw_schedule;
pub mod engine;
pub mod financing;
pub mod metrics;
pub mod outcomes;
mod prepare;
mod prepared;
pub mod relapse;
mod relapse_draw;
mod rng;
mod sampler;
mod simd;
pub mod stats;
pub mod warnings;

pub(crate) use draw_cpm::MergeSums;
pub use engine::{Runner, BLOCK};
pub use outcomes::Outcomes;
pub use prepared::Prepared;
pub use sampler::trigen;

use crate::error::{Error, Result};
use crate::model::{Point, Scenario};
use crate::schedule::constrained::run_method;
use crate::schedule::{Problem, Rule, Sgs};

/// Which engine schedules each draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// The parallel SGS when pools or money constrain, else the critical path.
    #[default]
    Auto,
    /// The critical path only (staff and money ignored).
    Cpm,
    /// Serial SGS in every draw.
    Serial,
    /// Parallel SGS in every draw.
    Parallel,
}

impl Engine {
    /// Parse `auto`, `cpm`, `serial` or `parallel`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `engine`.
    pub fn parse(text: &str) -> Result<Engine> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Engine::Auto),
            "cpm" => Ok(Engine::Cpm),
            "serial" => Ok(Engine::Serial),
            "parallel" => Ok(Engine::Parallel),
            other => Err(Error::InvalidArgument {
                name: "engine".into(),
                message: format!("expected auto, cpm, serial or parallel, got {other:?}"),
            }),
        }
    }
}

/// A rank (Spearman) correlation target between the durations of named interventions.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlation {
    /// Intervention ids (rows and columns of `matrix`).
    pub ids: Vec<String>,
    /// Target Spearman matrix, row-major, `ids.len()` squared entries.
    pub matrix: Vec<f64>,
}

/// Options of [`simulate`].
#[derive(Debug, Clone, PartialEq)]
pub struct SimOptions {
    /// Number of draws (> 0).
    pub draws: usize,
    /// Seed; same seed, same numbers on any thread count.
    pub seed: u64,
    /// Latin hypercube sampling of the uncertain durations.
    pub lhs: bool,
    /// Rank correlation between durations (Iman-Conover).
    pub correlation: Option<Correlation>,
    /// Read triangular `[min, mode, max]` durations as these percentiles (Trigen), e.g.
    /// `(0.1, 0.9)`.
    pub trigen: Option<(f64, f64)>,
    /// Engine per draw.
    pub engine: Engine,
    /// Priority rule of the constrained engine.
    pub rule: Rule,
    /// Keep start/finish/duration matrices: `Some(true)` (an error when above `max_bytes`),
    /// `Some(false)`, or `None` = when they need at most [`AUTO_KEEP_BYTES`] (and fit in
    /// `max_bytes`).
    pub per_intervention: Option<bool>,
    /// Memory limit for matrices and pre-drawn columns, bytes.
    pub max_bytes: usize,
    /// Base probability of relapse within 10 years for situations (or a scenario without
    /// situations) that state no anchor, on the sourced Weibull shape
    /// ([`relapse::Baseline::through_p10`]).
    pub relapse_p10: f64,
    /// Ids of risks switched off (risk drivers).
    pub disabled_risks: Vec<String>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            draws: 10_000,
            seed: 0,
            lhs: false,
            correlation: None,
            trigen: None,
            engine: Engine::Auto,
            rule: Rule::Lft,
            per_intervention: None,
            max_bytes: 1 << 30,
            relapse_p10: relapse::DEFAULT_P10,
            disabled_risks: Vec::new(),
        }
    }
}

/// Largest start/finish/duration matrices kept when `per_intervention` is not given: 64 MB
/// (e.g. 100 interventions x 25,000 draws). Above it the default call streams its statistics:
/// writing and copying the matrices of 1,000 interventions x 20,000 draws (480 MB) made the
/// default call 28 times slower than the kernel (measured, session 4).
pub const AUTO_KEEP_BYTES: usize = 64 << 20;

/// Bytes of the start, finish and duration matrices of `draws` x `n` interventions.
pub fn matrix_bytes(draws: usize, n: usize) -> usize {
    draws.saturating_mul(n).saturating_mul(3 * 8)
}

impl SimOptions {
    /// Check the options.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `draws`, `trigen` or `relapse_p10`.
    pub fn validate(&self) -> Result<()> {
        let bad = |name: &str, message: String| Error::InvalidArgument {
            name: name.into(),
            message,
        };
        if self.draws == 0 {
            return Err(bad("draws", "must be at least 1".into()));
        }
        // outcome columns alone: about 12 values of 8 bytes per draw
        let columns = self.draws.saturating_mul(96);
        if columns > self.max_bytes {
            return Err(bad(
                "draws",
                format!(
                    "{} draws need about {:.1} GB of outcome columns, above the limit of {:.1} GB \
                     (max_bytes); run fewer draws or in several seeds",
                    self.draws,
                    columns as f64 / 1e9,
                    self.max_bytes as f64 / 1e9
                ),
            ));
        }
        if let Some((lo, hi)) = self.trigen {
            if !(lo > 0.0 && lo < hi && hi < 1.0) {
                return Err(bad(
                    "trigen",
                    format!("needs 0 < p_lo < p_hi < 1, got ({lo}, {hi})"),
                ));
            }
        }
        if !(self.relapse_p10 >= 0.0 && self.relapse_p10 < 1.0) {
            return Err(bad(
                "relapse_p10",
                format!("must be a probability in [0, 1), got {}", self.relapse_p10),
            ));
        }
        Ok(())
    }
}

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
