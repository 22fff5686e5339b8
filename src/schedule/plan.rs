//! Plan: the result of scheduling one set of durations (dates, floats, criticality, resources).

use super::money::Balance;
use crate::error::{Error, Result};
use crate::model::{Capacity, SourceKind};

/// What held an intervention back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CauseKind {
    /// A staff pool had too few free FTE.
    Pool,
    /// A funding source had too little money.
    Source,
    /// A predecessor (the cause's id) was itself delayed.
    Link,
    /// The release date (`not_before_months`); relative to the critical path this never delays,
    /// kept for completeness.
    Release,
    /// The situation's arrival; likewise kept for completeness.
    Situation,
}

impl CauseKind {
    /// Lowercase name (`pool`, `source`, `link`, `release`, `situation`).
    pub fn as_str(self) -> &'static str {
        match self {
            CauseKind::Pool => "pool",
            CauseKind::Source => "source",
            CauseKind::Link => "link",
            CauseKind::Release => "release",
            CauseKind::Situation => "situation",
        }
    }
}

/// Why an intervention starts later than its unconstrained critical-path early start.
#[derive(Debug, Clone, PartialEq)]
pub struct Delay {
    /// Intervention id.
    pub id: String,
    /// Start minus the critical-path early start (same durations), months.
    pub delay_months: f64,
    /// `(kind, pool/source/predecessor id, months)`; the months sum to `delay_months`.
    pub causes: Vec<(CauseKind, String, f64)>,
}

/// Finish of one situation against its unconstrained critical path.
#[derive(Debug, Clone, PartialEq)]
pub struct SituationResult {
    /// Situation id.
    pub id: String,
    /// Latest finish of its interventions, months (its arrival when it has none).
    pub finish: f64,
    /// The same under the critical path method (no staff or money limits), months.
    pub cpm_finish: f64,
    /// `finish - cpm_finish`, months.
    pub delay: f64,
}

/// One draw of an intervention on a funding source.
#[derive(Debug, Clone, PartialEq)]
pub struct FundingDraw {
    /// Index of the intervention.
    pub intervention: usize,
    /// Index of the source (in `sources`).
    pub source: usize,
    /// US$.
    pub amount_usd: f64,
    /// When the commitment starts, months.
    pub start: f64,
    /// Months over which it is spread evenly (0 = all at the start).
    pub over: f64,
}

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
    /// Weight of each deadline in the total weighted tardiness (`deadline_weight`, default 1).
    pub deadline_weight: Vec<f64>,
    /// Total weighted tardiness: the sum of `deadline_weight * lateness`, months (0 when every
    /// deadline is met). With deadlines, `schedule(method = "search")` minimises this first
    /// and the makespan second.
    pub weighted_tardiness: f64,
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
    /// Cost that no eligible source could cover, US$ (for a constrained plan: the cost of
    /// interventions that name no funding source).
    pub unfunded_usd: f64,
    /// Mode id chosen for each intervention (`base` or an alternative's id).
    pub modes: Vec<String>,
    /// Capacity of each pool (same order as `pools`).
    pub pool_capacity: Vec<Capacity>,
    /// Inflows `(months, US$)` of each source (same order as `sources`), every pledge arriving
    /// at `at_months` plus its delay.
    pub inflows: Vec<Vec<(f64, f64)>>,
    /// Every draw on a source.
    pub draws: Vec<FundingDraw>,
    /// Explanations of the interventions that start later than their critical-path early
    /// start (empty for a critical-path plan).
    pub delays: Vec<Delay>,
    /// Finish and delay of each situation, in scenario order.
    pub situation_results: Vec<SituationResult>,
    /// Schedules generated to make the plan (0 for the critical path method).
    pub schedules_used: u64,
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

    /// Capacity of `pool` as a step function over `[0, makespan]`: the times at which the level
    /// changes (the first is 0) and the level from each until the next.
    ///
    /// # Errors
    /// [`Error::UnknownId`] (`what = "pool"`) when the plan has no such pool.
    pub fn capacity_steps(&self, pool: &str) -> Result<(Vec<f64>, Vec<f64>)> {
        let cap = self
            .pools
            .iter()
            .position(|id| id == pool)
            .and_then(|p| self.pool_capacity.get(p))
            .ok_or_else(|| Error::UnknownId {
                what: "pool",
                id: pool.to_string(),
            })?;
        let mut times = vec![0.0];
        let mut levels = vec![cap.at(0.0)];
        if let Capacity::Steps(steps) = cap {
            for s in steps.iter().filter(|s| s.from_months > 0.0) {
                if s.from_months > self.makespan {
                    break;
                }
                times.push(s.from_months);
                levels.push(s.fte);
            }
        }
        Ok((times, levels))
    }

    /// Balance of `source` over time, piecewise linear: consecutive points `(times[k],
    /// balance[k])` are joined by straight lines (spread costs make slopes), and a jump
    /// (an inflow, or a cost committed at a start) shows as two points at the same time, the
    /// balance just before and just after. The first point is at 0 (or the first event, if
    /// earlier); after the last point the balance stays constant.
    ///
    /// # Errors
    /// [`Error::UnknownId`] (`what = "source"`) when the plan has no such source.
    pub fn balance_steps(&self, source: &str) -> Result<(Vec<f64>, Vec<f64>)> {
        let s = self
            .sources
            .iter()
            .position(|u| u.source == source)
            .ok_or_else(|| Error::UnknownId {
                what: "source",
                id: source.to_string(),
            })?;
        let mut bal = Balance::default();
        bal.reset(self.inflows.get(s).map_or(&[][..], Vec::as_slice));
        for d in self.draws.iter().filter(|d| d.source == s) {
            bal.commit(d.start, d.over, d.amount_usd);
        }
        let (t, v, sl) = bal.breakpoints();
        let first = t
            .iter()
            .copied()
            .filter(|x| x.is_finite())
            .fold(0.0, f64::min);
        let (mut times, mut values) = (vec![first], vec![left(t, v, sl, first)]);
        for (&tk, &vk) in t.iter().zip(v).skip(1) {
            if tk < first {
                continue;
            }
            let before = left(t, v, sl, tk);
            if times.last() != Some(&tk) || values.last() != Some(&before) {
                times.push(tk);
                values.push(before);
            }
            times.push(tk);
            values.push(vk);
        }
        Ok((times, values))
    }

    /// Used FTE-months over available FTE-months of each pool on `[0, makespan]`,
    /// `(pool id, ratio)` in pool order (0 when nothing is available).
    pub fn utilisation(&self) -> Vec<(String, f64)> {
        let t_end = self.makespan;
        self.pools
            .iter()
            .enumerate()
            .map(|(p, id)| {
                let used: f64 = self
                    .staff
                    .iter()
                    .zip(self.start.iter().zip(&self.finish))
                    .map(|(row, (&s, &f))| {
                        row.get(p).copied().unwrap_or(0.0) * (f.min(t_end) - s.max(0.0)).max(0.0)
                    })
                    .sum();
                let avail = self
                    .capacity_steps(id)
                    .map(|(times, levels)| {
                        times
                            .iter()
                            .zip(&levels)
                            .enumerate()
                            .map(|(k, (&a, &level))| {
                                let b = times.get(k + 1).copied().unwrap_or(t_end).min(t_end);
                                level * (b - a).max(0.0)
                            })
                            .sum::<f64>()
                    })
                    .unwrap_or(0.0);
                (id.clone(), if avail > 0.0 { used / avail } else { 0.0 })
            })
            .collect()
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

/// `sum(lateness[i] * weight[i])` (the total weighted tardiness of a plan).
pub(crate) fn weighted_sum(lateness: &[f64], weight: &[f64]) -> f64 {
    lateness.iter().zip(weight).map(|(l, w)| l * w).sum()
}

/// Balance just before `x` given breakpoints (value just after and slope per segment).
fn left(t: &[f64], v: &[f64], sl: &[f64], x: f64) -> f64 {
    let k = t.partition_point(|&y| y < x).saturating_sub(1);
    match (t.get(k), v.get(k), sl.get(k)) {
        (Some(&a), Some(&val), Some(&slope)) if slope != 0.0 => val + slope * (x - a),
        (_, Some(&val), _) => val,
        _ => 0.0,
    }
}
