//! `Problem`: a scenario compiled once into flat arrays for the schedule generation schemes.
//!
//! Everything a pass reads is here, indexed by activity (= the scenario's interventions) and by
//! *flat mode* `mode_start(i) + m` for mode `m` of activity `i`: durations, sparse staff demands
//! `(pool, fte)`, costs, fixed draws `(source, amount)`. Pools keep their capacity as a step
//! function, sources their inflows (one per pledge, at `at_months + delay`, every pledge assumed
//! to arrive: Monte Carlo samples arrival separately and calls [`Problem::set_sample`]).

use crate::error::{Error, Result};
use crate::model::{Capacity, Point};
use crate::network::Network;

pub use super::problem_build::inflows;

/// Relative tolerance of resource and money comparisons.
pub const RES_TOL: f64 = 1e-9;

/// A renewable pool: id and capacity as `(from, level)` steps (level 0 before the first).
#[derive(Debug, Clone, PartialEq)]
pub struct PoolData {
    /// Pool id.
    pub id: String,
    /// The scenario's capacity.
    pub capacity: Capacity,
    /// Steps `(from_months, fte)` in increasing time; the level before the first step is 0.
    pub steps: Vec<(f64, f64)>,
}

/// A funding source: id and its inflows `(time, amount)` sorted by time.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceData {
    /// Source id.
    pub id: String,
    /// Inflows `(months, US$)`, sorted by time.
    pub inflows: Vec<(f64, f64)>,
    /// A *to be mobilised* source: money arrives on demand (see
    /// `Source::mobilisation_lag_months`).
    pub mobilised: bool,
}

/// A situation: id, arrival and priority weight (higher = served first).
#[derive(Debug, Clone, PartialEq)]
pub struct SituationData {
    /// Situation id.
    pub id: String,
    /// Arrival, months.
    pub arrival: f64,
    /// Priority weight.
    pub priority: f64,
}

/// The compiled scheduling problem. See the module documentation.
#[derive(Debug, Clone)]
pub struct Problem {
    pub(crate) net: Network,
    pub(crate) mode_off: Vec<u32>,
    pub(crate) mode_ids: Vec<String>,
    pub(crate) dur: Vec<f64>,
    pub(crate) cost: Vec<f64>,
    pub(crate) mode_ok: Vec<bool>,
    pub(crate) dem_off: Vec<u32>,
    pub(crate) dem: Vec<(u16, f64)>,
    pub(crate) draw_off: Vec<u32>,
    pub(crate) draw: Vec<(u16, f64)>,
    pub(crate) fund_off: Vec<u32>,
    pub(crate) fund: Vec<u16>,
    pub(crate) spread: Vec<bool>,
    pub(crate) deadline: Vec<f64>,
    pub(crate) deadline_weight: Vec<f64>,
    pub(crate) situation: Vec<u32>,
    pub(crate) sit_priority: Vec<f64>,
    pub(crate) fixed_mode: Vec<Option<u8>>,
    /// Actual start of work that has already started (progress records), NaN otherwise.
    pub(crate) pinned: Vec<f64>,
    pub(crate) situations: Vec<SituationData>,
    pub(crate) pools: Vec<PoolData>,
    pub(crate) sources: Vec<SourceData>,
    pub(crate) names: Vec<String>,
    pub(crate) point: Point,
    /// Money hold (Monte Carlo): an activity whose money never arrives does not start and
    /// its successors are held (see [`Problem::set_hold_unfunded`]).
    pub(crate) hold_unfunded: bool,
    /// Per activity: the mobilisation source it may draw on (first in its `funding`,
    /// `u16::MAX` for none) and the lag of mobilised money, months.
    pub(crate) mobilise: Vec<(u16, f64)>,
}

/// Money in millions for messages: `$17.5m`.
pub(crate) fn usd(v: f64) -> String {
    if v.abs() < 1e4 {
        return format!("${}", (v * 100.0).round() / 100.0);
    }
    let m = v / 1e6;
    if (m * 100.0).round() == m * 100.0 {
        format!("${}m", (m * 100.0).round() / 100.0)
    } else {
        format!("${m:.2}m")
    }
}

impl Problem {
    /// Replace the sampled numbers (Monte Carlo): `durations` and `costs` per flat mode (see
    /// [`Problem::mode_start`]), `inflows[s]` the `(time, amount)` inflows of source `s` (any
    /// order; a pledge that does not arrive is simply left out). Re-runs the feasibility checks.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a length does not match or a number is negative or NaN;
    /// [`Error::Infeasible`] as in [`Problem::build`].
    pub fn set_sample(
        &mut self,
        durations: &[f64],
        costs: &[f64],
        inflows: &[Vec<(f64, f64)>],
    ) -> Result<()> {
        let bad = |name: &str, message: String| Error::InvalidArgument {
            name: name.into(),
            message,
        };
        let m = self.dur.len();
        if durations.len() != m || costs.len() != m || inflows.len() != self.sources.len() {
            return Err(bad(
                "sample",
                format!(
                    "expected {m} durations, {m} costs and {} inflow lists",
                    self.sources.len()
                ),
            ));
        }
        let ok = |v: &f64| v.is_finite() && *v >= 0.0;
        if !durations.iter().all(ok) || !costs.iter().all(ok) {
            return Err(bad(
                "sample",
                "durations and costs must be finite and >= 0".into(),
            ));
        }
        if !inflows
            .iter()
            .flatten()
            .all(|(t, a)| t.is_finite() && ok(a))
        {
            return Err(bad("sample", "inflows must be finite, amounts >= 0".into()));
        }
        self.dur.copy_from_slice(durations);
        self.cost.copy_from_slice(costs);
        for (s, flows) in self.sources.iter_mut().zip(inflows) {
            s.inflows.clone_from(flows);
            s.inflows.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        self.mode_ok.fill(true);
        self.check()
    }

    /// Hold unfunded work instead of failing: with `on`, an activity whose eligible sources
    /// can never cover its cost is not an error; the schedule generation schemes leave it
    /// unstarted ([`super::sgs::Status::Unfunded`], start and finish `+inf`), hold its
    /// successors ([`super::sgs::Status::Held`]) and record the missing money
    /// ([`super::sgs::Shortfall`]). Staff that never suffices is still an error.
    pub fn set_hold_unfunded(&mut self, on: bool) {
        self.hold_unfunded = on;
    }

    /// The mobilisation source activity `j` may draw on and the lag of its money, months.
    pub fn mobilisation(&self, j: usize) -> Option<(u16, f64)> {
        self.mobilise.get(j).copied().filter(|m| m.0 != u16::MAX)
    }

    /// Set the lag of mobilised money per activity (Monte Carlo: drawn per draw); ignored for
    /// activities without a mobilisation source.
    pub fn set_mobilisation_lags(&mut self, lags: &[f64]) {
        for (m, &l) in self.mobilise.iter_mut().zip(lags) {
            m.1 = l.max(0.0);
        }
    }

    /// Whether unfunded work is held (see [`Problem::set_hold_unfunded`]).
    pub fn hold_unfunded(&self) -> bool {
        self.hold_unfunded
    }

    /// Number of activities.
    pub fn len(&self) -> usize {
        self.net.len()
    }

    /// Whether there are no activities.
    pub fn is_empty(&self) -> bool {
        self.net.is_empty()
    }

    /// The compiled dependency graph.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// Id of activity `i` (empty when out of range).
    pub fn id(&self, i: usize) -> &str {
        self.net.ids().get(i).map_or("", String::as_str)
    }

    /// Number of modes of activity `i` (0 when out of range).
    pub fn mode_count(&self, i: usize) -> usize {
        match (self.mode_off.get(i), self.mode_off.get(i + 1)) {
            (Some(&a), Some(&b)) => (b - a) as usize,
            _ => 0,
        }
    }

    /// Flat index of mode 0 of activity `i`.
    pub fn mode_start(&self, i: usize) -> usize {
        self.mode_off.get(i).copied().unwrap_or(0) as usize
    }

    /// Total number of modes (length of the per-mode arrays).
    pub fn flat_modes(&self) -> usize {
        self.dur.len()
    }

    /// Whether mode `m` of activity `i` can ever get its staff and money.
    pub fn mode_feasible(&self, i: usize, m: usize) -> bool {
        m < self.mode_count(i)
            && self
                .mode_ok
                .get(self.mode_start(i) + m)
                .copied()
                .unwrap_or(false)
    }

    /// The fixed mode of activity `i` (`None` when the search may choose).
    pub fn fixed_mode(&self, i: usize) -> Option<u8> {
        self.fixed_mode.get(i).copied().flatten()
    }

    /// Duration of flat mode `fm` (0 when out of range).
    pub fn duration(&self, fm: usize) -> f64 {
        self.dur.get(fm).copied().unwrap_or(0.0)
    }

    /// Cost of flat mode `fm`, US$.
    pub fn cost(&self, fm: usize) -> f64 {
        self.cost.get(fm).copied().unwrap_or(0.0)
    }

    /// Id of flat mode `fm`.
    pub fn mode_id(&self, fm: usize) -> &str {
        self.mode_ids.get(fm).map_or("", String::as_str)
    }

    /// Staff demands `(pool, fte)` of flat mode `fm`.
    pub fn demands(&self, fm: usize) -> &[(u16, f64)] {
        slice(&self.dem, &self.dem_off, fm)
    }

    /// Fixed draws `(source, US$)` of flat mode `fm`.
    pub fn draws(&self, fm: usize) -> &[(u16, f64)] {
        slice(&self.draw, &self.draw_off, fm)
    }

    /// Eligible sources of activity `i` in order of preference.
    pub fn funding(&self, i: usize) -> &[u16] {
        slice(&self.fund, &self.fund_off, i)
    }

    /// Whether activity `i` spreads its cost over its duration.
    pub fn spread(&self, i: usize) -> bool {
        self.spread.get(i).copied().unwrap_or(false)
    }

    /// Actual start of activity `i` when it has already started (a progress record): every
    /// engine puts it exactly there, first, whatever staff and money are left (see
    /// [`Sgs::serial`](super::sgs::Sgs::serial)).
    pub fn pinned(&self, i: usize) -> Option<f64> {
        self.pinned.get(i).copied().filter(|s| !s.is_nan())
    }

    /// Whether some activity has already started.
    pub fn has_pinned(&self) -> bool {
        self.pinned.iter().any(|s| !s.is_nan())
    }

    /// Deadline of activity `i` (NaN when none).
    pub fn deadline(&self, i: usize) -> f64 {
        self.deadline.get(i).copied().unwrap_or(f64::NAN)
    }

    /// Weight of the deadline of activity `i` in the total weighted tardiness (1 by default).
    pub fn deadline_weight(&self, i: usize) -> f64 {
        self.deadline_weight.get(i).copied().unwrap_or(1.0)
    }

    /// Whether some activity has a deadline (then plans are compared by weighted tardiness
    /// first, makespan second).
    pub fn has_deadlines(&self) -> bool {
        self.deadline.iter().any(|d| !d.is_nan())
    }

    /// Priority weight of the situation of activity `i` (1 when it has none).
    pub fn situation_priority(&self, i: usize) -> f64 {
        self.sit_priority.get(i).copied().unwrap_or(1.0)
    }

    /// Whether situation priorities differ (then they order activities before any rule).
    pub fn has_priorities(&self) -> bool {
        let first = self.sit_priority.first().copied().unwrap_or(1.0);
        self.sit_priority.iter().any(|&p| p != first)
    }

    /// Pools.
    pub fn pools(&self) -> &[PoolData] {
        &self.pools
    }

    /// Funding sources.
    pub fn sources(&self) -> &[SourceData] {
        &self.sources
    }

    /// Situations.
    pub fn situations(&self) -> &[SituationData] {
        &self.situations
    }

    /// The point at which the numbers were taken.
    pub fn point(&self) -> Point {
        self.point
    }

    /// The default mode vector: the fixed mode, else the first possible mode (base if possible).
    pub fn default_modes(&self) -> Vec<u8> {
        (0..self.len())
            .map(|i| {
                self.fixed_mode(i).unwrap_or_else(|| {
                    (0..self.mode_count(i))
                        .find(|&m| self.mode_feasible(i, m))
                        .unwrap_or(0) as u8
                })
            })
            .collect()
    }

    /// Durations of each activity in the given modes.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `modes` has the wrong length or names a missing mode.
    pub fn durations_for(&self, modes: &[u8], out: &mut Vec<f64>) -> Result<()> {
        self.check_modes(modes)?;
        out.clear();
        out.extend(
            modes
                .iter()
                .enumerate()
                .map(|(i, &m)| self.duration(self.mode_start(i) + m as usize)),
        );
        Ok(())
    }

    /// Check a mode vector: one entry per activity, each an existing, possible mode.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `modes`.
    pub fn check_modes(&self, modes: &[u8]) -> Result<()> {
        let bad = |message: String| Error::InvalidArgument {
            name: "modes".into(),
            message,
        };
        if modes.len() != self.len() {
            return Err(bad(format!(
                "expected {} modes (one per intervention), got {}",
                self.len(),
                modes.len()
            )));
        }
        for (i, &m) in modes.iter().enumerate() {
            if !self.mode_feasible(i, m as usize) {
                return Err(bad(format!(
                    "mode {m} of `{}` does not exist or can never get its staff or money",
                    self.id(i)
                )));
            }
        }
        Ok(())
    }
}

fn slice<'a, T>(data: &'a [T], off: &[u32], k: usize) -> &'a [T] {
    match (off.get(k), off.get(k + 1)) {
        (Some(&a), Some(&b)) => data.get(a as usize..b as usize).unwrap_or(&[]),
        _ => &[],
    }
}
