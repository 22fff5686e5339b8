//! Deadline-aware priorities for the initial population: the latest finish of every activity
//! when the project must end by its critical-path makespan *and* every activity by its deadline
//! (a backward pass over the links from `min(LF, deadline)`). Listing by these values puts
//! work that a deadline makes urgent early, as an earliest-due-date rule would, while keeping
//! the latest-finish order elsewhere; the search then recombines it with the other individuals.

use crate::error::Result;
use crate::network::Edge;
use crate::schedule::cpm::{forward_backward, CpmResult};
use crate::schedule::problem::Problem;

/// Deadline-tightened latest finishes of the activities in `modes`, into `out`.
///
/// # Errors
/// [`crate::Error::InvalidArgument`] when `modes` is not a valid mode vector.
pub(super) fn due_values(p: &Problem, modes: &[u8], out: &mut Vec<f64>) -> Result<()> {
    let mut dur = Vec::new();
    p.durations_for(modes, &mut dur)?;
    let mut cpm = CpmResult::with_len(p.len());
    forward_backward(p.network(), &dur, &mut cpm)?;
    out.clear();
    out.extend_from_slice(&cpm.late_finish);
    let net = p.network();
    let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
    for &i in net.order().iter().rev() {
        let i = i as usize;
        let di = at(&dur, i);
        let mut lf = at(out, i);
        let dl = p.deadline(i);
        if !dl.is_nan() {
            lf = lf.min(dl);
        }
        // S_j >= S_i + delta  =>  F_i <= (F_j - d_j) - delta + d_i
        for e in net.successors().edges(i) {
            let j = e.node as usize;
            let dj = at(&dur, j);
            lf = lf.min(at(out, j) - dj - Edge::delta(e.kind, e.lag, di, dj) + di);
        }
        if let Some(v) = out.get_mut(i) {
            *v = lf;
        }
    }
    Ok(())
}
