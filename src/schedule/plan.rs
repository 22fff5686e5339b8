//! Plan: the result of scheduling one set of durations (dates, floats, criticality, resources).

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
