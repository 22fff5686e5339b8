//! A [`Schedule`] of a [`Problem`] turned into a [`Plan`]: names, floats, critical sequence,
//! staff, funding, delay explanations and situation results.
//!
//! - Floats are *precedence* floats against the constrained finish `T`: the latest start that
//!   keeps every link to the (scheduled) successors and `T`, ignoring staff and money.
//! - Critical: traced back from the interventions that finish at `T` through links that bind
//!   (`S_j == S_i + delta`) and through staff hand-overs (`i` finishes when `j`, which a pool
//!   held back, starts, and both draw on that pool).
//! - Delay of `j` = `S_j - ES_j` with `ES` the critical-path early start in the same modes;
//!   causes: `Link` (the predecessor that set `j`'s bound, for `bound - ES`), then each pool and
//!   source for the time it pushed `j` past its bound.

use std::collections::BTreeMap;

use super::cpm::{forward_backward, tolerance, CpmResult};
use super::plan::{CauseKind, Delay, FundingDraw, Plan, SituationResult, SourceUse};
use super::problem::Problem;
use super::sgs::{Blocker, Schedule};
use crate::error::Result;
use crate::model::Scenario;
use crate::network::Edge;

/// Build the plan of `sched` (made by `method` in `used` passes).
///
/// # Errors
/// [`crate::Error::InvalidArgument`] when the schedule does not fit the problem.
pub fn assemble(
    scenario: &Scenario,
    p: &Problem,
    sched: &Schedule,
    method: &str,
    used: u64,
) -> Result<Plan> {
    let n = p.len();
    let net = p.network();
    let modes = &sched.modes;
    let mut duration = Vec::with_capacity(n);
    p.durations_for(modes, &mut duration)?;
    let fm = |i: usize| p.mode_start(i) + modes.get(i).copied().unwrap_or(0) as usize;
    let start = sched.start.clone();
    let finish = sched.finish.clone();
    let t_end = sched.makespan;
    let tol = tolerance(t_end);
    let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);

    // precedence floats against T
    let mut late_start = vec![0.0; n];
    let mut free_float = vec![0.0; n];
    for &i in net.order().iter().rev() {
        let i = i as usize;
        let di = at(&duration, i);
        let mut ls = t_end - di;
        let mut ff = t_end - at(&finish, i);
        for e in net.successors().edges(i) {
            let j = e.node as usize;
            let delta = Edge::delta(e.kind, e.lag, di, at(&duration, j));
            ls = ls.min(at(&late_start, j) - delta);
            ff = ff.min(at(&start, j) - delta - at(&start, i));
        }
        if let Some(v) = late_start.get_mut(i) {
            *v = ls;
        }
        if let Some(v) = free_float.get_mut(i) {
            *v = ff.max(0.0);
        }
    }
    let late_finish: Vec<f64> = late_start
        .iter()
        .zip(&duration)
        .map(|(a, b)| a + b)
        .collect();
    let total_float: Vec<f64> = late_start
        .iter()
        .zip(&start)
        .map(|(l, s)| if l - s < tol { 0.0 } else { l - s })
        .collect();

    // critical sequence
    let pushed_by_pool: Vec<Option<u16>> = {
        let mut v = vec![None; n];
        for jmp in &sched.jumps {
            if let (Blocker::Pool(q), Some(slot)) = (jmp.by, v.get_mut(jmp.activity as usize)) {
                *slot = Some(q);
            }
        }
        v
    };
    let mut critical = vec![false; n];
    let mut stack: Vec<usize> = (0..n)
        .filter(|&i| (at(&finish, i) - t_end).abs() <= tol)
        .collect();
    for &i in &stack {
        critical[i] = true;
    }
    while let Some(j) = stack.pop() {
        let sj = at(&start, j);
        let reach = |i: usize, critical: &mut Vec<bool>, stack: &mut Vec<usize>| {
            if let Some(c @ false) = critical.get_mut(i) {
                *c = true;
                stack.push(i);
            }
        };
        for e in net.predecessors().edges(j) {
            let i = e.node as usize;
            let delta = Edge::delta(e.kind, e.lag, at(&duration, i), at(&duration, j));
            if (sj - at(&start, i) - delta).abs() <= tol {
                reach(i, &mut critical, &mut stack);
            }
        }
        if let Some(Some(q)) = pushed_by_pool.get(j) {
            for i in 0..n {
                let uses = p.demands(fm(i)).iter().any(|d| d.0 == *q);
                if uses && i != j && (at(&finish, i) - sj).abs() <= tol && at(&duration, i) > 0.0 {
                    reach(i, &mut critical, &mut stack);
                }
            }
        }
    }
    let mut crit: Vec<usize> = (0..n).filter(|&i| critical[i]).collect();
    crit.sort_by(|&a, &b| {
        at(&start, a)
            .total_cmp(&at(&start, b))
            .then(at(&finish, a).total_cmp(&at(&finish, b)))
            .then(a.cmp(&b))
    });

    // delays against the critical path in the same modes
    let mut cpm = CpmResult::with_len(n);
    forward_backward(net, &duration, &mut cpm)?;
    let pool_id = |q: u16| p.pools().get(q as usize).map_or("", |x| x.id.as_str());
    let src_id = |s: u16| p.sources().get(s as usize).map_or("", |x| x.id.as_str());
    let mut by_act: Vec<BTreeMap<(u8, u16), f64>> = vec![BTreeMap::new(); n];
    for jmp in &sched.jumps {
        let key = match jmp.by {
            Blocker::Pool(q) => (0, q),
            Blocker::Source(s) => (1, s),
        };
        if let Some(m) = by_act.get_mut(jmp.activity as usize) {
            *m.entry(key).or_insert(0.0) += jmp.months;
        }
    }
    let mut delays = Vec::new();
    for i in 0..n {
        let delay = at(&start, i) - at(&cpm.early_start, i);
        if delay <= tol {
            continue;
        }
        let mut causes = Vec::new();
        let link = at(&sched.bound, i) - at(&cpm.early_start, i);
        if link > tol {
            let b = sched.binding.get(i).copied().unwrap_or(u32::MAX);
            if b == u32::MAX {
                causes.push((CauseKind::Release, p.id(i).to_string(), link));
            } else {
                causes.push((CauseKind::Link, p.id(b as usize).to_string(), link));
            }
        }
        for (&(kind, k), &months) in by_act.get(i).into_iter().flatten() {
            if kind == 0 {
                causes.push((CauseKind::Pool, pool_id(k).to_string(), months));
            } else {
                causes.push((CauseKind::Source, src_id(k).to_string(), months));
            }
        }
        delays.push(Delay {
            id: p.id(i).to_string(),
            delay_months: delay,
            causes,
        });
    }

    let situation_results = p
        .situations()
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let members = (0..n).filter(|&i| p.situation.get(i) == Some(&(k as u32)));
            let finish_s = members
                .clone()
                .map(|i| at(&finish, i))
                .fold(s.arrival, f64::max);
            let cpm_s = members
                .map(|i| at(&cpm.early_finish, i))
                .fold(s.arrival, f64::max);
            SituationResult {
                id: s.id.clone(),
                finish: finish_s,
                cpm_finish: cpm_s,
                delay: finish_s - cpm_s,
            }
        })
        .collect();

    let mut sources: Vec<SourceUse> = scenario
        .sources
        .iter()
        .map(|s| SourceUse {
            source: s.id.clone(),
            kind: s.kind,
            pledged_usd: s.pledged_usd(),
            allocated_usd: 0.0,
        })
        .collect();
    let draws: Vec<FundingDraw> = sched
        .draws
        .iter()
        .map(|d| FundingDraw {
            intervention: d.activity as usize,
            source: d.source as usize,
            amount_usd: d.amount,
            start: d.start,
            over: d.over,
        })
        .collect();
    for d in &draws {
        if let Some(u) = sources.get_mut(d.source) {
            u.allocated_usd += d.amount_usd;
        }
    }
    let cost_usd: Vec<f64> = (0..n).map(|i| p.cost(fm(i))).collect();
    let unfunded_usd = (0..n)
        .filter(|&i| p.funding(i).is_empty())
        .map(|i| at(&cost_usd, i))
        .sum();
    let deadline: Vec<f64> = (0..n).map(|i| p.deadline(i)).collect();
    let lateness: Vec<f64> = deadline
        .iter()
        .zip(&finish)
        .map(|(&dl, &f)| if dl.is_nan() { 0.0 } else { (f - dl).max(0.0) })
        .collect();
    let deadline_weight: Vec<f64> = (0..n).map(|i| p.deadline_weight(i)).collect();
    let weighted_tardiness = super::plan::weighted_sum(&lateness, &deadline_weight);
    let staff = (0..n)
        .map(|i| {
            let mut row = vec![0.0; p.pools().len()];
            for &(q, fte) in p.demands(fm(i)) {
                if let Some(v) = row.get_mut(q as usize) {
                    *v += fte;
                }
            }
            row
        })
        .collect();
    Ok(Plan {
        scenario: scenario.name.clone(),
        start_date: scenario.start_date.clone(),
        method: method.to_string(),
        durations: p.point().to_string(),
        ids: net.ids().to_vec(),
        names: p.names.clone(),
        situations: scenario
            .interventions
            .iter()
            .map(|iv| iv.situation.clone().unwrap_or_default())
            .collect(),
        duration,
        start,
        finish,
        late_start,
        late_finish,
        total_float,
        free_float,
        critical,
        deadline,
        lateness,
        deadline_weight,
        weighted_tardiness,
        cost_usd,
        makespan: t_end,
        critical_path: crit.iter().map(|&i| p.id(i).to_string()).collect(),
        pools: p.pools().iter().map(|x| x.id.clone()).collect(),
        staff,
        sources,
        unfunded_usd,
        modes: (0..n).map(|i| p.mode_id(fm(i)).to_string()).collect(),
        pool_capacity: p.pools().iter().map(|x| x.capacity.clone()).collect(),
        inflows: p.sources().iter().map(|s| s.inflows.clone()).collect(),
        draws,
        delays,
        situation_results,
        schedules_used: used,
    })
}
