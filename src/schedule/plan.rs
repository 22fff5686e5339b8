//! Plan: the result of scheduling one set of durations (dates, floats, criticality, resources).

use crate::error::{Error, Result};
use crate::model::SourceKind;

/// How much of one funding source a plan uses.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceUse {
    /// Source id.
    pub source: String,
    /// Kind of money.
    pub kind: SourceKind,
    /// Sum of its pledges (every pledge assumed to arrive).
    pub pledged_usd: f64,
    /// Cost of interventions charged to it.
    pub allocated_usd: f64,
}

/// A schedule of every intervention, column-oriented (index `i` is the scenario's i-th intervention).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Scenario name.
    pub scenario: String,
    /// Calendar date of month 0 (`YYYY-MM-DD`), if the scenario has one.
    pub start_date: Option<String>,
    /// Which engine made it (`cpm`, later `serial`, `parallel`, `search`).
    pub method: String,
    /// Which point of each distribution was used (`mode`, `mean`, `0.8`, ...).
    pub durations: String,
    /// Intervention ids.
    pub ids: Vec<String>,
    /// Intervention names (the id when the name is empty).
    pub names: Vec<String>,
    /// Situation of each intervention (empty when none).
    pub situations: Vec<String>,
    /// Duration used, months.
    pub duration: Vec<f64>,
    /// Start, months.
    pub start: Vec<f64>,
    /// Finish, months.
    pub finish: Vec<f64>,
    /// Latest start that keeps the project finish, months.
    pub late_start: Vec<f64>,
    /// Latest finish that keeps the project finish, months.
    pub late_finish: Vec<f64>,
    /// Total float, months.
    pub total_float: Vec<f64>,
    /// Free float (slack before any successor is delayed), months.
    pub free_float: Vec<f64>,
    /// On a driving path to the project finish.
    pub critical: Vec<bool>,
    /// Deadline, months (NaN when none).
    pub deadline: Vec<f64>,
    /// Finish past the deadline, months (0 when on time or no deadline).
    pub lateness: Vec<f64>,
    /// Cost used, US$.
    pub cost_usd: Vec<f64>,
    /// Project finish, months.
    pub makespan: f64,
    /// Critical interventions in order of start.
    pub critical_path: Vec<String>,
    /// Pool ids (columns of `staff`).
    pub pools: Vec<String>,
    /// FTE demand, `staff[i][p]` for intervention `i` and pool `p`.
    pub staff: Vec<Vec<f64>>,
    /// Use of each funding source, in scenario order.
    pub sources: Vec<SourceUse>,
    /// Cost that no eligible source could cover, US$.
    pub unfunded_usd: f64,
}

impl Plan {
    /// Position of an intervention by id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|i| i == id)
    }

    /// Staff demand of `pool` over time as a step function: the sorted distinct starts and
    /// finishes of the interventions that draw on the pool (`breakpoints`) and, for each, the
    /// total FTE from that breakpoint until the next (`levels`; the last one is 0, after every
    /// such intervention has finished). An intervention occupies `[start, finish)`, so a
    /// zero-duration intervention adds nothing; both vectors are empty when nothing draws on
    /// the pool.
    ///
    /// # Errors
    /// [`Error::UnknownId`] (`what = "pool"`) when the plan has no such pool.
    pub fn staff_profile(&self, pool: &str) -> Result<(Vec<f64>, Vec<f64>)> {
        let p = self
            .pools
            .iter()
            .position(|id| id == pool)
            .ok_or_else(|| Error::UnknownId {
                what: "pool",
                id: pool.to_string(),
            })?;
        // (start, finish, fte) of every intervention that draws on the pool
        let active: Vec<(f64, f64, f64)> = self
            .staff
            .iter()
            .zip(self.start.iter().zip(&self.finish))
            .filter_map(|(row, (&s, &f))| {
                let fte = row.get(p).copied().unwrap_or(0.0);
                (fte != 0.0 && f > s).then_some((s, f, fte))
            })
            .collect();
        let mut breakpoints: Vec<f64> = active.iter().flat_map(|&(s, f, _)| [s, f]).collect();
        breakpoints.sort_by(f64::total_cmp);
        breakpoints.dedup();
        // summed afresh at each breakpoint (no running sum), so levels carry no drift
        let levels = breakpoints
            .iter()
            .map(|&t| {
                active
                    .iter()
                    .filter(|&&(s, f, _)| s <= t && t < f)
                    .map(|&(_, _, fte)| fte)
                    .sum()
            })
            .collect();
        Ok((breakpoints, levels))
    }

    /// Highest FTE demand of each pool at any time, `(pool id, peak)` in pool order.
    pub fn peak_staff(&self) -> Vec<(String, f64)> {
        self.pools
            .iter()
            .map(|pool| {
                let peak = self
                    .staff_profile(pool)
                    .map(|(_, levels)| levels.into_iter().fold(0.0, f64::max))
                    .unwrap_or(0.0);
                (pool.clone(), peak)
            })
            .collect()
    }
}
