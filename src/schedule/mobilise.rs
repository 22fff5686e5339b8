//! Work whose money never arrives: mobilised from a *to be mobilised* source when it lists
//! one (`Source::mobilisation_lag_months`), otherwise held (Monte Carlo, see
//! [`Problem::set_hold_unfunded`]) or an error (plans).
//!
//! The money missing is what the cost lacks after every eligible source (but the mobilisation
//! source) has given all it ever can, given what is already committed: `Balance::avail` at a
//! time past every inflow. It is recorded as a [`Shortfall`] of the first eligible source (the
//! one expected to pay). Mobilised money arrives in the mobilisation source at the month the
//! work is found short plus the lag, and the work then draws on it like on any source.

use super::problem::{Problem, RES_TOL};
use super::sgs::{Schedule, Sgs, Shortfall, Status};

/// A time past every inflow.
const LATE: f64 = 1e300;

impl Sgs {
    fn avail_ever(&self, s: u16, d: f64, offset: f64) -> f64 {
        self.money
            .balance(s as usize)
            .map_or(0.0, |b| b.avail(LATE, d, offset).max(0.0))
    }

    /// What the cost of `j` (flat mode `fm`) lacks after its eligible sources other than
    /// `except` gave all they ever can, US$ (<= 0 when they suffice).
    fn cost_short(&self, p: &Problem, j: usize, fm: usize, except: u16) -> f64 {
        let d = if p.spread(j) { p.duration(fm) } else { 0.0 };
        let fixed = p.draws(fm);
        let mut need = p.cost(fm);
        for &s in p.funding(j).iter().filter(|&&s| s != except) {
            let offset: f64 = fixed.iter().filter(|f| f.0 == s).map(|f| f.1).sum();
            need -= self.avail_ever(s, d, offset);
        }
        need
    }

    /// Whether the cost of `j` (flat mode `fm`) can never be covered by all its eligible
    /// sources together, given what is committed (a cheap test: each balance after its last
    /// inflow).
    pub(crate) fn never_covered(&self, p: &Problem, j: usize, fm: usize) -> bool {
        let cost = p.cost(fm);
        cost > 0.0 && self.cost_short(p, j, fm, u16::MAX) > RES_TOL * cost.max(1.0)
    }

    /// Mobilise the money `j` (flat mode `fm`) lacks: it arrives in its mobilisation source at
    /// `t` plus the lag. False when `j` has no mobilisation source or lacks nothing that
    /// mobilised money could cover (a fixed draw on another source).
    pub(crate) fn mobilise(
        &mut self,
        p: &Problem,
        j: usize,
        fm: usize,
        t: f64,
        out: &mut Schedule,
    ) -> bool {
        let Some((m, lag)) = p.mobilisation(j) else {
            return false;
        };
        let cost = p.cost(fm);
        let need = self.cost_short(p, j, fm, m) - self.avail_ever(m, 0.0, 0.0);
        if cost <= 0.0 || need <= RES_TOL * cost.max(1.0) {
            return false;
        }
        let first = p.funding(j).iter().copied().find(|&s| s != m).unwrap_or(m);
        out.shortfalls.push(Shortfall {
            activity: j as u32,
            source: first,
            amount: need,
        });
        self.money.inflow(m as usize, t + lag, need);
        out.mobilised.push((m, t + lag, need));
        true
    }

    /// Mark `j` (flat mode `fm`) unfunded in `out` and record the money it lacks: each fixed
    /// draw's shortfall on its own source, and the cost's (see the module).
    pub(crate) fn mark_unfunded(&self, p: &Problem, j: usize, fm: usize, out: &mut Schedule) {
        out.hold(j, Status::Unfunded);
        let fixed = p.draws(fm);
        for &(s, a) in fixed {
            let short = a - self.avail_ever(s, 0.0, 0.0);
            if short > 0.0 {
                out.shortfalls.push(Shortfall {
                    activity: j as u32,
                    source: s,
                    amount: short,
                });
            }
        }
        if let (Some(&first), true) = (p.funding(j).first(), p.cost(fm) > 0.0) {
            let need = self.cost_short(p, j, fm, u16::MAX);
            if need > 0.0 {
                out.shortfalls.push(Shortfall {
                    activity: j as u32,
                    source: first,
                    amount: need,
                });
            }
        }
    }
}
