//! Forward-backward improvement (double justification; Li & Willis 1992, Valls, Ballestín &
//! Quintanilla 2005): right-justify a schedule (a backward serial pass in decreasing order of
//! finish), then left-justify the result (a forward serial pass in increasing order of the
//! right-justified starts); repeat while the schedule improves.
//!
//! Each backward and each forward pass counts as one generated schedule (Kolisch & Hartmann).
//! The backward pass ignores money and release dates; the forward pass enforces everything, and
//! only a strictly better forward schedule replaces the current one, so justification never
//! makes a schedule worse.

use super::problem::Problem;
use super::rules::{list_from_keys, ListBuf};
use super::sgs::{Schedule, Sgs};
use crate::error::{Error, Result};

/// Reusable buffers of [`justify`].
#[derive(Debug, Clone, Default)]
pub struct JustifyBuf {
    back: Schedule,
    fwd: Schedule,
    keys: Vec<f64>,
    list: Vec<u32>,
    buf: ListBuf,
}

/// Whether `a` is strictly better than `b`. When the problem has deadlines (or with
/// `hard_deadlines`), less total weighted tardiness ([`Schedule::tardiness`]) first, then a
/// shorter makespan; without deadlines the makespan alone (relative tolerance 1e-9).
pub fn better(p: &Problem, a: &Schedule, b: &Schedule, hard_deadlines: bool) -> bool {
    let tol = super::cpm::tolerance(b.makespan);
    if hard_deadlines || p.has_deadlines() {
        let (ta, tb) = (a.tardiness(p), b.tardiness(p));
        let ttol = super::cpm::tolerance(tb);
        if ta < tb - ttol {
            return true;
        }
        if ta > tb + ttol {
            return false;
        }
    }
    a.makespan < b.makespan - tol
}

/// Improve `best` in place by forward-backward passes, using at most `budget` passes; returns
/// the passes used. When a pass improves, the list that made the new schedule is written to
/// `list` (left untouched otherwise).
///
/// # Errors
/// [`Error::InvalidArgument`] when the modes of `best` are invalid for `p`. A pass that finds
/// no feasible schedule ends the improvement without error.
pub fn justify(
    p: &Problem,
    sgs: &mut Sgs,
    best: &mut Schedule,
    list: &mut Vec<u32>,
    budget: u64,
    hard_deadlines: bool,
) -> Result<u64> {
    let mut jb = std::mem::take(&mut sgs.jbuf);
    let result = run(p, sgs, &mut jb, best, list, budget, hard_deadlines);
    sgs.jbuf = jb;
    result
}

fn run(
    p: &Problem,
    sgs: &mut Sgs,
    jb: &mut JustifyBuf,
    best: &mut Schedule,
    list: &mut Vec<u32>,
    budget: u64,
    hard: bool,
) -> Result<u64> {
    let mut used = 0;
    // at most one round per pass pair, and the makespan drops each round
    while used + 2 <= budget {
        match sgs.backward(p, best, &mut jb.back) {
            Ok(()) => used += 1,
            Err(e @ Error::InvalidArgument { .. }) => return Err(e),
            Err(_) => {
                used += 1;
                break;
            }
        }
        jb.keys.clear();
        jb.keys.extend_from_slice(&jb.back.start);
        list_from_keys(p, &jb.keys, false, false, &mut jb.buf, &mut jb.list);
        let modes = std::mem::take(&mut best.modes);
        let r = sgs.serial(p, &jb.list, &modes, &mut jb.fwd);
        best.modes = modes;
        used += 1;
        match r {
            Ok(()) => {}
            Err(e @ Error::InvalidArgument { .. }) => return Err(e),
            Err(_) => break,
        }
        if better(p, &jb.fwd, best, hard) {
            std::mem::swap(best, &mut jb.fwd);
            list.clone_from(&jb.list);
        } else {
            break;
        }
    }
    Ok(used)
}
