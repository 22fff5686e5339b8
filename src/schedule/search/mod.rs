//! Search over activity lists and modes under a budget of generated schedules.
//!
//! [`run`] is a genetic algorithm over precedence-feasible activity lists with a mode gene per
//! activity (Hartmann 1998; Valls, Ballestín & Quintanilla 2005 and 2008): see `ga.rs` for the
//! design. The objective is the makespan; when some intervention has a deadline it is the
//! total weighted tardiness ([`Schedule::tardiness`]) first and the makespan second, and the
//! search does not stop at the critical-path bound on the makespan while a deadline that the
//! critical path could meet is missed. Every SGS pass (forward decodes and the backward and forward passes of the
//! justification) counts one schedule against `max_schedules`, as in Kolisch & Hartmann (2006);
//! the budget is never exceeded. Same problem, options and seed, same result: the only source
//! of randomness is one ChaCha8 stream seeded from `seed`, and nothing depends on timing or
//! hash order.

mod bound;
mod due;
mod ga;
mod modes;
mod operators;

use super::problem::Problem;
use super::rules::Rule;
use super::sgs::{Schedule, Sgs};
use crate::error::{Error, Result};

pub use ga::GaParams;

/// Options of [`run`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    /// Budget of generated schedules (every forward or backward pass counts one); > 0.
    pub max_schedules: u64,
    /// Seed of the random stream (ChaCha8).
    pub seed: u64,
    /// Rule whose values bias the initial sampling (`random` and `rbrs` mean LFT).
    pub rule: Rule,
    /// Improve every individual by forward-backward justification.
    pub justify: bool,
    /// Deadlines are hard. The search compares by total weighted tardiness before makespan
    /// whenever the problem has deadlines, hard or not, so this changes nothing in the search
    /// itself; the check of a missed deadline is [`schedule`](crate::schedule::schedule)'s.
    pub hard_deadlines: bool,
    /// Let the search choose the modes that are not fixed.
    pub choose_modes: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            max_schedules: 1000,
            seed: 0,
            rule: Rule::Lft,
            justify: true,
            hard_deadlines: false,
            choose_modes: true,
        }
    }
}

/// The best schedule found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    /// A precedence-feasible list that the serial SGS decodes into `schedule` (in `modes`).
    pub list: Vec<u32>,
    /// Mode of each activity.
    pub modes: Vec<u8>,
    /// The schedule.
    pub schedule: Schedule,
    /// Its makespan, months.
    pub makespan: f64,
    /// Schedules generated (never more than `max_schedules`).
    pub passes: u64,
}

/// Search until `max_schedules` passes are used; same seed, same result. The first schedule
/// is the rule's own list in the default modes, so the result is never worse than it.
///
/// # Errors
/// [`Error::InvalidArgument`] when `max_schedules` is 0; [`Error::Infeasible`] when no
/// individual gives a feasible schedule (the first error met).
pub fn run(problem: &Problem, sgs: &mut Sgs, opts: &SearchOptions) -> Result<SearchResult> {
    run_with(
        problem,
        sgs,
        opts,
        &GaParams::for_budget(problem.len(), opts.max_schedules),
    )
}

/// [`run`] with explicit parameters of the genetic algorithm (for calibration).
///
/// # Errors
/// As [`run`].
pub fn run_with(
    problem: &Problem,
    sgs: &mut Sgs,
    opts: &SearchOptions,
    params: &GaParams,
) -> Result<SearchResult> {
    if opts.max_schedules == 0 {
        return Err(Error::InvalidArgument {
            name: "max_schedules".into(),
            message: "the budget of schedules must be at least 1".into(),
        });
    }
    ga::run(problem, sgs, opts, params)
}
