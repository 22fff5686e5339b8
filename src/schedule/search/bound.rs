//! Lower bounds on the makespan and on the total weighted tardiness, so that the search can
//! stop once it reaches both (which only saves time: the result is the same as with the full
//! budget, up to the passes counted). The search compares (tardiness, makespan)
//! lexicographically, so a schedule at both bounds is optimal; a schedule at the makespan bound
//! that still misses a deadline it could meet is not, and the search goes on.
//!
//! The bound is the larger of the critical path in the shortest possible modes (valid when the
//! modes are fixed, or when every link is finish-to-start or start-to-start, whose offsets
//! never shrink as durations grow) and, for every pool of constant capacity, the least staff
//! time of all activities divided by the capacity. Funding and release dates only delay, so
//! both stay valid. The tardiness bound is the weighted tardiness of the critical-path early
//! finishes (each a lower bound on the activity's finish when the critical path is valid, and
//! no work has already started), 0 otherwise.

use crate::model::{Capacity, LinkKind};
use crate::schedule::cpm::{forward_backward, CpmResult};
use crate::schedule::problem::Problem;

/// Lower bounds of the search's objective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Bounds {
    /// On the makespan (`-inf` when none applies).
    pub makespan: f64,
    /// On the total weighted tardiness (0 when none applies).
    pub tardiness: f64,
}

/// The lower bounds.
pub(super) fn lower_bound(p: &Problem, choose: bool) -> Bounds {
    let n = p.len();
    let defaults = p.default_modes();
    let modes = |i: usize| -> Vec<usize> {
        match p.fixed_mode(i) {
            Some(m) => vec![m as usize],
            None if choose => (0..p.mode_count(i))
                .filter(|&m| p.mode_feasible(i, m))
                .collect(),
            None => vec![defaults.get(i).copied().unwrap_or(0) as usize],
        }
    };
    let all_modes: Vec<Vec<usize>> = (0..n).map(modes).collect();
    let single = all_modes.iter().all(|m| m.len() <= 1);
    let succ = p.network().successors();
    let monotone = (0..n).all(|i| {
        succ.edges(i)
            .all(|e| matches!(e.kind, LinkKind::FS | LinkKind::SS))
    });
    let mut bound = f64::NEG_INFINITY;
    let mut tardiness = 0.0;
    if single || monotone {
        let dur: Vec<f64> = (0..n)
            .map(|i| {
                all_modes
                    .get(i)
                    .into_iter()
                    .flatten()
                    .map(|&m| p.duration(p.mode_start(i) + m))
                    .fold(f64::INFINITY, f64::min)
            })
            .map(|d| if d.is_finite() { d } else { 0.0 })
            .collect();
        let mut cpm = CpmResult::default();
        if forward_backward(p.network(), &dur, &mut cpm).is_ok() {
            bound = bound.max(cpm.makespan);
            if !p.has_pinned() {
                tardiness = cpm
                    .early_finish
                    .iter()
                    .enumerate()
                    .map(|(i, &ef)| {
                        let dl = p.deadline(i);
                        if dl.is_nan() {
                            0.0
                        } else {
                            p.deadline_weight(i) * (ef - dl).max(0.0)
                        }
                    })
                    .sum();
            }
        }
    }
    for (q, pool) in p.pools().iter().enumerate() {
        let Capacity::Constant(cap) = pool.capacity else {
            continue;
        };
        if cap <= 0.0 {
            continue;
        }
        let work: f64 = (0..n)
            .map(|i| {
                all_modes
                    .get(i)
                    .into_iter()
                    .flatten()
                    .map(|&m| {
                        let fm = p.mode_start(i) + m;
                        p.duration(fm)
                            * p.demands(fm)
                                .iter()
                                .filter(|d| d.0 as usize == q)
                                .map(|d| d.1)
                                .sum::<f64>()
                    })
                    .fold(f64::INFINITY, f64::min)
            })
            .filter(|w| w.is_finite())
            .sum();
        bound = bound.max(work / cap);
    }
    Bounds {
        makespan: bound,
        tardiness,
    }
}
