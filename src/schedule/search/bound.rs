//! A lower bound on the makespan, so that the search can stop once it reaches it (which only
//! saves time: the result is the same as with the full budget, up to the passes counted).
//!
//! The bound is the larger of the critical path in the shortest possible modes (valid when the
//! modes are fixed, or when every link is finish-to-start or start-to-start, whose offsets
//! never shrink as durations grow) and, for every pool of constant capacity, the least staff
//! time of all activities divided by the capacity. Funding and release dates only delay, so
//! both stay valid.

use crate::model::{Capacity, LinkKind};
use crate::schedule::cpm::{forward_backward, CpmResult};
use crate::schedule::problem::Problem;

/// The lower bound (`-inf` when none applies).
pub(super) fn lower_bound(p: &Problem, choose: bool) -> f64 {
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
    bound
}
