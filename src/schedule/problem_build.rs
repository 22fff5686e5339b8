//! Compiling a scenario into a [`Problem`]: validation, indexes of pools, sources and situations,
//! and the flat per-mode arrays taken at one point of every distribution.

use std::collections::HashMap;

use super::problem::{PoolData, Problem, SituationData, SourceData};
use crate::error::{Error, Issue, IssueKind, Result};
use crate::model::{Capacity, CostTiming, Point, Scenario};
use crate::network::Network;

fn too_many(what: &str) -> Error {
    Error::InvalidArgument {
        name: "scenario".into(),
        message: format!("too many {what} for the scheduler"),
    }
}

impl Problem {
    /// Compile `scenario` with every uncertain number (durations, costs, pledge delays) taken
    /// at `point`.
    ///
    /// Validation runs first; staff demands above a pool's largest capacity are not reported as
    /// validation problems here but checked per mode: a mode that can never get its staff is
    /// excluded, and when the fixed mode (or every mode) is impossible the result is
    /// [`Error::Infeasible`]. The same holds for an activity whose fixed draws plus cost exceed
    /// everything its sources ever receive (costs of interventions without `funding` are not
    /// constrained).
    ///
    /// # Errors
    /// [`Error::Validation`] (other than capacity problems) and the errors of
    /// [`Network::build`]; [`Error::Infeasible`] as above; [`Error::InvalidArgument`] for
    /// `Point::Max` on an unbounded distribution or more than 65,535 pools or sources or 255
    /// modes.
    pub fn build(scenario: &Scenario, point: Point) -> Result<Problem> {
        Problem::build_opts(scenario, point, false)
    }

    /// [`Problem::build`] with unfunded work held from the start
    /// ([`Problem::set_hold_unfunded`]): money that never suffices is not an error.
    ///
    /// # Errors
    /// As [`Problem::build`], but for money.
    pub fn build_holding_unfunded(scenario: &Scenario, point: Point) -> Result<Problem> {
        Problem::build_opts(scenario, point, true)
    }

    fn build_opts(scenario: &Scenario, point: Point, hold_unfunded: bool) -> Result<Problem> {
        // progress actuals (if any): pinned starts, actual durations, release at the status date
        let effective = crate::model::progress::effective(scenario)?;
        let scenario: &Scenario = &effective;
        let issues: Vec<Issue> = scenario
            .issues()
            .into_iter()
            .filter(|i| i.kind != IssueKind::Capacity)
            .collect();
        if !issues.is_empty() {
            return Err(Error::Validation(issues));
        }
        let net = Network::build(scenario)?;
        let pool_ix: HashMap<&str, u16> = index_map(scenario.pools.iter().map(|p| p.id.as_str()))
            .ok_or_else(|| too_many("pools"))?;
        let src_ix: HashMap<&str, u16> = index_map(scenario.sources.iter().map(|s| s.id.as_str()))
            .ok_or_else(|| too_many("sources"))?;
        let sit_ix: HashMap<&str, u32> = scenario
            .situations
            .iter()
            .enumerate()
            .map(|(k, s)| (s.id.as_str(), k as u32))
            .collect();
        let pools: Vec<PoolData> = scenario
            .pools
            .iter()
            .map(|p| PoolData {
                id: p.id.clone(),
                capacity: p.capacity.clone(),
                steps: match &p.capacity {
                    Capacity::Constant(v) => vec![(f64::NEG_INFINITY, *v)],
                    Capacity::Steps(s) => s.iter().map(|s| (s.from_months, s.fte)).collect(),
                },
            })
            .collect();
        let sources = scenario
            .sources
            .iter()
            .zip(inflows(scenario, point)?)
            .map(|(s, inflows)| SourceData {
                id: s.id.clone(),
                inflows,
                mobilised: s.mobilisation_lag_months.is_some(),
            })
            .collect();
        let unknown = |what: &'static str, id: &str| Error::UnknownId {
            what,
            id: id.to_string(),
        };
        let n = scenario.interventions.len();
        // work already started keeps its actual start in every engine
        let started: HashMap<&str, f64> = scenario
            .progress
            .iter()
            .map(|r| (r.id.as_str(), r.started_months))
            .collect();
        let mut p = Problem {
            net,
            mode_off: vec![0],
            mode_ids: Vec::new(),
            dur: Vec::new(),
            cost: Vec::new(),
            mode_ok: Vec::new(),
            dem_off: vec![0],
            dem: Vec::new(),
            draw_off: vec![0],
            draw: Vec::new(),
            fund_off: vec![0],
            fund: Vec::new(),
            spread: Vec::with_capacity(n),
            deadline: Vec::with_capacity(n),
            deadline_weight: Vec::with_capacity(n),
            situation: Vec::with_capacity(n),
            sit_priority: Vec::with_capacity(n),
            fixed_mode: Vec::with_capacity(n),
            pinned: Vec::with_capacity(n),
            situations: scenario
                .situations
                .iter()
                .map(|s| SituationData {
                    id: s.id.clone(),
                    arrival: s.arrival_months,
                    priority: s.priority,
                })
                .collect(),
            pools,
            sources,
            names: Vec::with_capacity(n),
            point,
            hold_unfunded,
            mobilise: Vec::with_capacity(n),
        };
        for iv in &scenario.interventions {
            let count = iv.mode_count();
            if count > 255 {
                return Err(too_many("modes of one intervention"));
            }
            for k in 0..count {
                let v = iv.mode_view(k).ok_or_else(|| unknown("mode", &iv.id))?;
                p.mode_ids.push(v.id.to_string());
                p.dur.push(v.duration_months.point(point)?.max(0.0));
                p.cost.push(v.cost_usd.point(point)?.max(0.0));
                for (pool, &fte) in v.staff {
                    let q = *pool_ix
                        .get(pool.as_str())
                        .ok_or_else(|| unknown("pool", pool))?;
                    if fte > 0.0 {
                        p.dem.push((q, fte));
                    }
                }
                for (src, &amount) in v.consumes {
                    let q = *src_ix
                        .get(src.as_str())
                        .ok_or_else(|| unknown("source", src))?;
                    if amount > 0.0 {
                        p.draw.push((q, amount));
                    }
                }
                p.dem_off.push(p.dem.len() as u32);
                p.draw_off.push(p.draw.len() as u32);
                p.mode_ok.push(true);
            }
            p.mode_off.push(p.dur.len() as u32);
            let first = p.fund.len();
            for src in &iv.funding {
                let q = *src_ix
                    .get(src.as_str())
                    .ok_or_else(|| unknown("source", src))?;
                if !p.fund.get(first..).is_some_and(|f| f.contains(&q)) {
                    p.fund.push(q);
                }
            }
            let lag_of = |q: u16| {
                scenario
                    .sources
                    .get(q as usize)
                    .and_then(|s| s.mobilisation_lag_months.as_ref())
            };
            let mob = p.fund.get(first..).and_then(|f| {
                f.iter()
                    .find_map(|&q| lag_of(q).map(|d| d.point(point).map(|l| (q, l.max(0.0)))))
            });
            p.mobilise.push(match mob {
                Some(m) => m?,
                None => (u16::MAX, 0.0),
            });
            p.fund_off.push(p.fund.len() as u32);
            p.spread.push(iv.cost_timing == CostTiming::Spread);
            p.deadline.push(iv.deadline_months.unwrap_or(f64::NAN));
            p.deadline_weight.push(iv.deadline_weight);
            let (s, prio) = match &iv.situation {
                Some(s) => {
                    let k = *sit_ix
                        .get(s.as_str())
                        .ok_or_else(|| unknown("situation", s))?;
                    (k, p.situations.get(k as usize).map_or(1.0, |x| x.priority))
                }
                None => (u32::MAX, 1.0),
            };
            p.situation.push(s);
            p.sit_priority.push(prio);
            p.fixed_mode.push(match &iv.mode {
                None => None,
                Some(id) => Some(
                    iv.mode_index(id)
                        .and_then(|k| u8::try_from(k).ok())
                        .ok_or_else(|| unknown("mode", id))?,
                ),
            });
            p.pinned.push(match scenario.status_months {
                Some(_) => started.get(iv.id.as_str()).copied().unwrap_or(f64::NAN),
                None => f64::NAN,
            });
            p.names.push(if iv.name.is_empty() {
                iv.id.clone()
            } else {
                iv.name.clone()
            });
        }
        p.check()?;
        Ok(p)
    }
}

/// Inflows `(at_months + delay at point, amount)` of every source, each sorted by time (every
/// pledge assumed to arrive).
///
/// # Errors
/// [`Error::InvalidArgument`] for `Point::Max` on an unbounded delay.
pub fn inflows(scenario: &Scenario, point: Point) -> Result<Vec<Vec<(f64, f64)>>> {
    let mut all = Vec::with_capacity(scenario.sources.len());
    for s in &scenario.sources {
        let mut inflows = Vec::with_capacity(s.pledges.len());
        for p in &s.pledges {
            let share = match &p.share {
                Some(d) => d.point(point)?.clamp(0.0, 1.0),
                None => 1.0,
            };
            inflows.push((
                p.at_months + p.delay_months.point(point)?,
                p.amount_usd * share,
            ));
        }
        inflows.sort_by(|a, b| a.0.total_cmp(&b.0));
        all.push(inflows);
    }
    Ok(all)
}

fn index_map<'a>(ids: impl Iterator<Item = &'a str>) -> Option<HashMap<&'a str, u16>> {
    let mut map = HashMap::new();
    for (k, id) in ids.enumerate() {
        map.insert(id, u16::try_from(k).ok()?);
    }
    Some(map)
}
