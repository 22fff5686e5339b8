//! Why a deadline is missed (`hard_deadlines`): the binding cause, traced back through the
//! schedule.
//!
//! For the intervention that misses its deadline by the most, first the critical path in the
//! plan's modes: if even its early finish is past the deadline, the links and durations (from a
//! release date, when one starts the chain) make the deadline impossible whatever the staff and
//! money, and the driving chain is named. Otherwise the constrained schedule delayed it, and
//! its *binding chain* is walked backwards: an activity whose start was pushed past its
//! precedence bound by a pool or a source ([`Jump`](super::sgs::Jump)) waited for that
//! resource, the last push being the one that set the start (the month the pool's staff became
//! free, or the month the source's money arrived); an activity that starts at its bound waited
//! for the predecessor that set it ([`Schedule::binding`]), whose own cause is traced in turn;
//! work already under way (progress records) started where it did.
//!
//! The cause goes into [`Error::Infeasible`]: `resource` is `deadline:pool:<pool>`,
//! `deadline:source:<source>`, `deadline:release:<intervention>`, `deadline:links` or
//! `deadline:started:<intervention>` (the root of the chain), and the message spells out the
//! chain with months.

use super::cpm::{forward_backward, tolerance, CpmResult};
use super::plan::Plan;
use super::problem::Problem;
use super::sgs::{Blocker, Schedule};
use crate::error::{Error, Result};
use crate::network::Edge;

/// The binding cause of a missed deadline.
struct Cause {
    /// Value of the error's `resource` field.
    resource: String,
    /// Plain-language explanation (lowercase, no final period).
    text: String,
}

fn at(v: &[f64], i: usize) -> f64 {
    v.get(i).copied().unwrap_or(0.0)
}

fn months(v: f64) -> String {
    let m = month(v);
    if m == "1" {
        "1 month".into()
    } else {
        format!("{m} months")
    }
}

fn month(v: f64) -> String {
    let r = (v * 1e6).round() / 1e6;
    format!("{}", if r == 0.0 { 0.0 } else { r })
}

/// [`Error::Infeasible`] when an intervention of `plan` (made from `sched` of `p`) finishes
/// after its deadline: the latest one (by months) is named with the binding cause.
///
/// # Errors
/// [`Error::Infeasible`] as above; [`Error::InvalidArgument`] when the schedule does not fit
/// the problem.
pub(crate) fn check_deadlines(p: &Problem, sched: &Schedule, plan: &Plan) -> Result<()> {
    let tol = tolerance(plan.makespan);
    let worst = plan
        .lateness
        .iter()
        .enumerate()
        .filter(|(_, &l)| l > tol)
        .max_by(|a, b| a.1.total_cmp(b.1));
    let Some((i, &late)) = worst else {
        return Ok(());
    };
    let id = p.id(i);
    let dl = p.deadline(i);
    let cause = explain(p, sched, i, dl)?;
    Err(Error::Infeasible {
        intervention: id.to_string(),
        resource: cause.resource,
        shortfall: late,
        message: format!(
            "`{id}` finishes at month {}, {} after its deadline at month {} \
             (hard_deadlines): {}",
            month(at(&sched.finish, i)),
            months(late),
            month(dl),
            cause.text
        ),
    })
}

fn explain(p: &Problem, sched: &Schedule, i: usize, dl: f64) -> Result<Cause> {
    let mut dur = Vec::new();
    p.durations_for(&sched.modes, &mut dur)?;
    let mut cpm = CpmResult::with_len(p.len());
    forward_backward(p.network(), &dur, &mut cpm)?;
    let tol = tolerance(sched.makespan.max(dl));
    if at(&cpm.early_finish, i) > dl + tol {
        let mut cause = impossible(p, &cpm, &dur, i, tol);
        let extra = at(&sched.finish, i) - at(&cpm.early_finish, i);
        if extra > tol {
            cause
                .text
                .push_str(&format!("; staff and money add {}", months(extra)));
        }
        return Ok(cause);
    }
    let mut text = String::new();
    let mut j = i;
    // the chain can visit each activity at most once (starts strictly decrease along it)
    for _ in 0..=p.len() {
        let jid = p.id(j);
        if let Some(s) = p.pinned(j) {
            text.push_str(&format!(
                "`{jid}` already started at month {} (progress record)",
                month(s)
            ));
            return Ok(Cause {
                resource: format!("deadline:started:{jid}"),
                text,
            });
        }
        let start = at(&sched.start, j);
        let bound = at(&sched.bound, j);
        if start > bound + tol {
            let last = sched.jumps.iter().rev().find(|x| x.activity as usize == j);
            if let Some(jump) = last {
                let (resource, what) = resource_cause(p, sched, &dur, j, jump.by, tol);
                text.push_str(&what);
                return Ok(Cause { resource, text });
            }
        }
        let b = sched.binding.get(j).copied().unwrap_or(u32::MAX) as usize;
        if b >= p.len() || bound <= at(&cpm.early_start, j) + tol {
            break;
        }
        let kind = p
            .network()
            .predecessors()
            .edges(j)
            .find(|e| e.node as usize == b)
            .map_or("", |e| e.kind.as_str());
        text.push_str(&format!(
            "`{jid}` starts at month {} after `{}` ({kind} link); ",
            month(start),
            p.id(b)
        ));
        j = b;
    }
    text.push_str(&format!(
        "`{}` starts at month {} (cause not traced)",
        p.id(j),
        month(at(&sched.start, j))
    ));
    Ok(Cause {
        resource: "deadline".into(),
        text,
    })
}

/// The pool or source that last pushed the start of `j`: when it became available.
fn resource_cause(
    p: &Problem,
    sched: &Schedule,
    dur: &[f64],
    j: usize,
    by: Blocker,
    tol: f64,
) -> (String, String) {
    let t = at(&sched.start, j);
    let jid = p.id(j);
    match by {
        Blocker::Pool(q) => {
            let pool = p.pools().get(q as usize);
            let qid = pool.map_or("", |x| x.id.as_str());
            let fm = |k: usize| p.mode_start(k) + sched.modes.get(k).copied().unwrap_or(0) as usize;
            let freed: Vec<&str> = (0..p.len())
                .filter(|&k| {
                    k != j
                        && at(dur, k) > 0.0
                        && (at(&sched.finish, k) - t).abs() <= tol
                        && p.demands(fm(k)).iter().any(|d| d.0 == q)
                })
                .map(|k| p.id(k))
                .collect();
            let step = pool
                .and_then(|x| x.steps.iter().find(|s| (s.0 - t).abs() <= tol))
                .map(|s| s.1);
            let why = match (freed.first(), step) {
                (Some(k), _) => format!(" (when `{k}` finishes)"),
                (None, Some(fte)) => format!(" (when its capacity rises to {fte} FTE)"),
                (None, None) => String::new(),
            };
            (
                format!("deadline:pool:{qid}"),
                format!(
                    "`{jid}` waits for staff of pool `{qid}`, free from month {}{why}",
                    month(t)
                ),
            )
        }
        Blocker::Source(s) => {
            let src = p.sources().get(s as usize);
            let sid = src.map_or("", |x| x.id.as_str());
            let arrival = src.and_then(|x| {
                x.inflows
                    .iter()
                    .filter(|f| f.0 <= t + tol)
                    .map(|f| f.0)
                    .next_back()
            });
            let what = match arrival {
                Some(a) if (a - t).abs() <= tol => format!(
                    "`{jid}` waits for money from source `{sid}`, which arrives at month {}",
                    month(a)
                ),
                Some(a) => format!(
                    "`{jid}` waits for money from source `{sid}` (last inflow at month {}), \
                     enough from month {}",
                    month(a),
                    month(t)
                ),
                None => format!(
                    "`{jid}` waits for money from source `{sid}`, enough only from month {}",
                    month(t)
                ),
            };
            (format!("deadline:source:{sid}"), what)
        }
    }
}

/// Even the critical path misses the deadline: name the driving chain (and its release date).
fn impossible(p: &Problem, cpm: &CpmResult, dur: &[f64], i: usize, tol: f64) -> Cause {
    let net = p.network();
    let mut chain = vec![i];
    let mut j = i;
    for _ in 0..p.len() {
        let esj = at(&cpm.early_start, j);
        let driving = net.predecessors().edges(j).find(|e| {
            let k = e.node as usize;
            let delta = Edge::delta(e.kind, e.lag, at(dur, k), at(dur, j));
            (at(&cpm.early_start, k) + delta - esj).abs() <= tol
        });
        match driving {
            Some(e) if !chain.contains(&(e.node as usize)) => {
                j = e.node as usize;
                chain.push(j);
            }
            _ => break,
        }
    }
    chain.reverse();
    let names: Vec<String> = chain.iter().map(|&k| format!("`{}`", p.id(k))).collect();
    let mut text = format!(
        "even without staff or money limits `{}` cannot finish before month {}: \
         the critical chain {} ",
        p.id(i),
        month(at(&cpm.early_finish, i)),
        names.join(" -> ")
    );
    let root = chain.first().copied().unwrap_or(i);
    let release = net.release().get(root).copied().unwrap_or(0.0);
    if let Some(s) = p.pinned(root) {
        text.push_str(&format!(
            "starts with `{}`, which already started at month {} (progress record)",
            p.id(root),
            month(s)
        ));
        Cause {
            resource: format!("deadline:started:{}", p.id(root)),
            text,
        }
    } else if release > tol && (at(&cpm.early_start, root) - release).abs() <= tol {
        let arrival = p
            .situation
            .get(root)
            .and_then(|&s| p.situations().get(s as usize))
            .map(|s| s.arrival);
        let what = if arrival.is_some_and(|a| (a - release).abs() <= tol) {
            "its situation's arrival"
        } else {
            "its not_before_months"
        };
        text.push_str(&format!(
            "starts at the release date of `{}`, month {} ({what})",
            p.id(root),
            month(release)
        ));
        Cause {
            resource: format!("deadline:release:{}", p.id(root)),
            text,
        }
    } else {
        text.push_str("is too long (links and durations)");
        Cause {
            resource: "deadline:links".into(),
            text,
        }
    }
}
