//! What one pass of a schedule generation scheme produces: the [`Schedule`] (starts, finishes,
//! bounds), the pushes of starts ([`Jump`], by a [`Blocker`]) and the [`Draw`]s on funding
//! sources.

use super::problem::Problem;

/// What pushed an activity's start later than its bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Blocker {
    /// A staff pool (index into [`Problem::pools`]).
    Pool(u16),
    /// A funding source (index into [`Problem::sources`]).
    Source(u16),
}

/// One push of an activity's start by a pool or a source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Jump {
    /// The activity.
    pub activity: u32,
    /// The resource.
    pub by: Blocker,
    /// How far the start moved, months.
    pub months: f64,
}

/// One draw on a funding source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Draw {
    /// The activity.
    pub activity: u32,
    /// The source (index into [`Problem::sources`]).
    pub source: u16,
    /// US$.
    pub amount: f64,
    /// Start of the commitment, months.
    pub start: f64,
    /// Months over which it is spread (0 = at once).
    pub over: f64,
}

/// A schedule made by one pass (index `i` = activity `i`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schedule {
    /// Starts, months.
    pub start: Vec<f64>,
    /// Finishes, months.
    pub finish: Vec<f64>,
    /// Mode of each activity.
    pub modes: Vec<u8>,
    /// Precedence and release bound of each start, months.
    pub bound: Vec<f64>,
    /// The predecessor that set the bound (`u32::MAX` when the release date did).
    pub binding: Vec<u32>,
    /// Pushes by pools and sources, in order of placement.
    pub jumps: Vec<Jump>,
    /// Draws on funding sources, in order of placement.
    pub draws: Vec<Draw>,
    /// Latest finish (0 when there is nothing to do).
    pub makespan: f64,
}

impl Schedule {
    /// An empty schedule (sized by the first pass).
    pub fn new() -> Schedule {
        Schedule::default()
    }

    pub(crate) fn reset(&mut self, n: usize, modes: &[u8]) {
        self.start.clear();
        self.start.resize(n, f64::NAN);
        self.finish.clear();
        self.finish.resize(n, f64::NAN);
        self.bound.clear();
        self.bound.resize(n, 0.0);
        self.binding.clear();
        self.binding.resize(n, u32::MAX);
        self.modes.clear();
        self.modes.extend_from_slice(modes);
        self.jumps.clear();
        self.draws.clear();
        self.makespan = 0.0;
    }

    pub(crate) fn finish_makespan(&mut self) {
        self.makespan = self.finish.iter().copied().fold(0.0, f64::max);
    }

    /// Total weighted tardiness against the deadlines of `problem`: the sum over activities
    /// with a deadline of `deadline_weight * max(0, finish - deadline)`, months.
    pub fn tardiness(&self, problem: &Problem) -> f64 {
        self.finish
            .iter()
            .enumerate()
            .map(|(i, &f)| {
                let dl = problem.deadline(i);
                if dl.is_nan() {
                    0.0
                } else {
                    problem.deadline_weight(i) * (f - dl).max(0.0)
                }
            })
            .sum()
    }

    /// Total lateness against the deadlines of `problem` (unweighted), months.
    pub fn lateness(&self, problem: &Problem) -> f64 {
        self.finish
            .iter()
            .enumerate()
            .map(|(i, &f)| {
                let dl = problem.deadline(i);
                if dl.is_nan() {
                    0.0
                } else {
                    (f - dl).max(0.0)
                }
            })
            .sum()
    }
}
