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

/// Whether an activity was placed (see [`Problem::set_hold_unfunded`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    /// Placed at `start`.
    #[default]
    Scheduled,
    /// Not started: its eligible sources never cover its cost (start and finish `+inf`).
    Unfunded,
    /// Not started: a predecessor is unfunded or held (start and finish `+inf`).
    Held,
}

/// Money missing for an unfunded activity, by source: what its fixed draws on a source lack,
/// and what its cost lacks after every eligible source has given all it ever can (charged to
/// its first eligible source, the one expected to pay).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shortfall {
    /// The activity.
    pub activity: u32,
    /// The source (index into [`Problem::sources`]).
    pub source: u16,
    /// US$ missing.
    pub amount: f64,
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
    /// Latest finish (0 when there is nothing to do; `+inf` when some work never starts).
    pub makespan: f64,
    /// Whether each activity was placed (all [`Status::Scheduled`] unless money is held).
    pub status: Vec<Status>,
    /// Money missing for the unfunded activities, in order of marking.
    pub shortfalls: Vec<Shortfall>,
    /// Money mobilised during the pass, `(source, month it arrives, US$)` (sources with
    /// `mobilisation_lag_months`).
    pub mobilised: Vec<(u16, f64, f64)>,
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
        self.status.clear();
        self.status.resize(n, Status::Scheduled);
        self.shortfalls.clear();
        self.mobilised.clear();
    }

    /// Mark `j` as not started (`why`): start and finish `+inf`.
    pub(crate) fn hold(&mut self, j: usize, why: Status) {
        if let (Some(s), Some(f), Some(st)) = (
            self.start.get_mut(j),
            self.finish.get_mut(j),
            self.status.get_mut(j),
        ) {
            *s = f64::INFINITY;
            *f = f64::INFINITY;
            *st = why;
        }
    }

    /// Whether some activity did not start (unfunded or held).
    pub fn has_unstarted(&self) -> bool {
        self.status.iter().any(|&s| s != Status::Scheduled)
    }

    pub(crate) fn finish_makespan(&mut self) {
        self.makespan = self.finish.iter().copied().fold(0.0, f64::max);
    }

    /// Total weighted tardiness against the deadlines of `problem`: the sum over activities
    /// with a deadline of `deadline_weight * max(0, finish - deadline)`, months.
    pub fn tardiness(&self, problem: &Problem) -> f64 {
        self.late_sum(problem, |i| problem.deadline_weight(i))
    }

    /// Total lateness against the deadlines of `problem` (unweighted), months.
    pub fn lateness(&self, problem: &Problem) -> f64 {
        self.late_sum(problem, |_| 1.0)
    }

    fn late_sum(&self, problem: &Problem, weight: impl Fn(usize) -> f64) -> f64 {
        self.finish
            .iter()
            .enumerate()
            .map(|(i, &f)| {
                let dl = problem.deadline(i);
                if dl.is_nan() {
                    0.0
                } else {
                    weight(i) * (f - dl).max(0.0)
                }
            })
            .sum()
    }
}
