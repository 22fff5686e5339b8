//! Cumulative money per funding source: inflows step the balance up, commitments take it down
//! (a step at the start, or a linear ramp over the duration for `cost_timing = "spread"`).
//!
//! A [`Balance`] is piecewise linear: breakpoints `times[k]` (the first is `-inf`), the value
//! `val[k]` just after `times[k]`, and the slope on `[times[k], times[k+1])`. Slopes are never
//! positive (only ramps have slopes), so within a segment the balance never rises.
//!
//! A commitment of `a` US$ starting at `s` (over `d` months, 0 = at once) is allowed when the
//! balance stays `>= 0` at every later time; the largest such `a` is [`Balance::avail`].
//! Since a later start commits the same money later, `avail` never decreases with `s`: the
//! earliest affordable start is the first breakpoint at which it suffices (commit at start),
//! refined by bisection between breakpoints for ramps.
//!
//! Tolerance: balances may dip to `-1e-9 * max(1, total inflow)` through rounding.

use super::balance::left_limit;
pub use super::balance::Balance;
use super::problem::{SourceData, RES_TOL};

/// The balances of every source, with the preference-order drawing rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Money {
    bal: Vec<Balance>,
}

/// Outcome of a money test at one start time.
enum Check {
    Ok,
    /// Short on this source (a fixed draw's source, or the first eligible source).
    Short(u16),
}

impl Money {
    /// Start over with only the inflows of `sources` (buffers are reused).
    pub fn reset(&mut self, sources: &[SourceData]) {
        self.bal.resize_with(sources.len(), Balance::default);
        for (b, s) in self.bal.iter_mut().zip(sources) {
            b.reset(&s.inflows);
        }
    }

    /// Add an inflow of `amount` at `t` to source `s` (mobilised money).
    pub fn inflow(&mut self, s: usize, t: f64, amount: f64) {
        if let Some(b) = self.bal.get_mut(s) {
            b.inflow(t, amount);
        }
    }

    /// The balance of source `s`.
    pub fn balance(&self, s: usize) -> Option<&Balance> {
        self.bal.get(s)
    }

    /// Number of sources.
    pub fn len(&self) -> usize {
        self.bal.len()
    }

    /// Whether there are no sources.
    pub fn is_empty(&self) -> bool {
        self.bal.is_empty()
    }

    fn avail(&self, src: u16, s: f64, d: f64, offset: f64) -> f64 {
        self.bal
            .get(src as usize)
            .map_or(0.0, |b| b.avail(s, d, offset))
    }

    /// Can an activity with fixed draws `fixed` (at its start) and `cost` drawn from `fund`
    /// (in order, over `d` months or at once) start at `s`?
    fn check(&self, s: f64, fixed: &[(u16, f64)], fund: &[u16], cost: f64, d: f64) -> Check {
        self.check_tol(s, fixed, fund, cost, d, RES_TOL)
    }

    fn check_tol(
        &self,
        s: f64,
        fixed: &[(u16, f64)],
        fund: &[u16],
        cost: f64,
        d: f64,
        tol: f64,
    ) -> Check {
        for &(src, a) in fixed {
            if self.avail(src, s, 0.0, 0.0) < a - tol * a.max(1.0) {
                return Check::Short(src);
            }
        }
        if cost <= 0.0 || fund.is_empty() {
            return Check::Ok;
        }
        let mut need = cost;
        for &src in fund {
            let offset: f64 = fixed.iter().filter(|f| f.0 == src).map(|f| f.1).sum();
            need -= self.avail(src, s, d, offset);
            if need <= tol * cost.max(1.0) {
                return Check::Ok;
            }
        }
        Check::Short(fund.first().copied().unwrap_or(0))
    }

    /// Whether money allows the start at `s` (see [`Money::earliest`]).
    pub fn affordable(
        &self,
        s: f64,
        fixed: &[(u16, f64)],
        fund: &[u16],
        cost: f64,
        d: f64,
    ) -> bool {
        matches!(self.check(s, fixed, fund, cost, d), Check::Ok)
    }

    /// Which source is short at `s` (`None` when the start is affordable).
    pub fn short_at(
        &self,
        s: f64,
        fixed: &[(u16, f64)],
        fund: &[u16],
        cost: f64,
        d: f64,
    ) -> Option<u16> {
        match self.check(s, fixed, fund, cost, d) {
            Check::Ok => None,
            Check::Short(src) => Some(src),
        }
    }

    /// Earliest start `>= t0` at which the fixed draws and the cost (drawn from `fund` in order
    /// of preference, at once or spread over `d` months) keep every balance `>= 0` at all later
    /// times, with the source that was short at `t0`; `None` when no start ever is.
    pub fn earliest(
        &self,
        t0: f64,
        fixed: &[(u16, f64)],
        fund: &[u16],
        cost: f64,
        d: f64,
    ) -> Option<(f64, Option<u16>)> {
        let short = match self.check(t0, fixed, fund, cost, d) {
            Check::Ok => return Some((t0, None)),
            Check::Short(src) => src,
        };
        let spread = d > 0.0 && cost > 0.0 && !fund.is_empty();
        let involved = fixed.iter().map(|f| f.0).chain(fund.iter().copied());
        let limit: usize = 2 + 2 * involved
            .clone()
            .map(|s| {
                self.bal
                    .get(s as usize)
                    .map_or(0, |b| b.breakpoints().0.len())
            })
            .sum::<usize>();
        let (mut lo, mut s) = (t0, t0);
        let mut found = false;
        // Candidates in increasing order: breakpoints (and breakpoints - d for ramps).
        for _ in 0..limit {
            let mut next = f64::INFINITY;
            for src in involved.clone() {
                if let Some(b) = self.bal.get(src as usize) {
                    next = next.min(b.next_after(s));
                    if spread {
                        let c = b.next_after(s + d) - d;
                        if c > s {
                            next = next.min(c);
                        }
                    }
                }
            }
            if !next.is_finite() {
                return None;
            }
            lo = s;
            s = next;
            if matches!(self.check(s, fixed, fund, cost, d), Check::Ok) {
                found = true;
                break;
            }
        }
        if !found {
            return None;
        }
        if spread {
            // Feasibility is monotone in the start: bisect (lo infeasible, s feasible), without
            // tolerance so that the start is not earlier than the exact one by rounding.
            let mut hi = s;
            for _ in 0..100 {
                if hi - lo <= super::profile::time_tol(hi) * 1e-3 {
                    break;
                }
                let mid = 0.5 * (lo + hi);
                if matches!(self.check_tol(mid, fixed, fund, cost, d, 0.0), Check::Ok) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            // The bisection stops within rounding above the root; when the root has a closed
            // form (a ramp against one balance level) take it, so that exact data give exact
            // starts (a start 1e-13 late makes the schedule overlap where it should abut).
            s = self.exact_root(lo, hi, fixed, fund, cost, d).unwrap_or(hi);
        }
        Some((s, Some(short)))
    }

    /// The smallest closed-form root in `(lo, hi]` that is affordable without tolerance. A
    /// ramp of `cost` over `d` months started at `s` has spent `cost * (tau - s) / d` by `tau`,
    /// so a balance level `b` at a breakpoint `tau` (just before or just after it) allows the
    /// starts `s >= tau - b * d / cost`: the exact start is one of these candidates whenever a
    /// single source's level binds.
    fn exact_root(
        &self,
        lo: f64,
        hi: f64,
        fixed: &[(u16, f64)],
        fund: &[u16],
        cost: f64,
        d: f64,
    ) -> Option<f64> {
        let mut best: Option<f64> = None;
        for &src in fund {
            let Some(b) = self.bal.get(src as usize) else {
                continue;
            };
            let offset: f64 = fixed.iter().filter(|f| f.0 == src).map(|f| f.1).sum();
            let (times, val, _) = b.breakpoints();
            for k in 1..times.len() {
                let Some(&tau) = times.get(k) else {
                    continue;
                };
                let after = val.get(k).copied().unwrap_or(0.0);
                for level in [left_limit(b, k - 1, tau), after] {
                    let c = tau - (level - offset) * d / cost;
                    if c > lo
                        && c <= hi
                        && best.is_none_or(|x| c < x)
                        && matches!(self.check_tol(c, fixed, fund, cost, d, 0.0), Check::Ok)
                    {
                        best = Some(c);
                    }
                }
            }
        }
        best
    }

    /// Commit an activity started at `s`: fixed draws at once, then the cost from `fund` in
    /// order of preference, each source giving what it can (the last takes any rounding
    /// remainder). Each draw `(source, amount)` is passed to `record`. A cost with no eligible
    /// source is not committed.
    pub fn commit(
        &mut self,
        s: f64,
        fixed: &[(u16, f64)],
        fund: &[u16],
        cost: f64,
        d: f64,
        mut record: impl FnMut(u16, f64),
    ) {
        for &(src, a) in fixed {
            if let Some(b) = self.bal.get_mut(src as usize) {
                b.commit(s, 0.0, a);
                record(src, a);
            }
        }
        if cost <= 0.0 {
            return;
        }
        let mut need = cost;
        for (k, &src) in fund.iter().enumerate() {
            let last = k + 1 == fund.len();
            let Some(b) = self.bal.get_mut(src as usize) else {
                continue;
            };
            let take = if last {
                need
            } else {
                need.min(b.avail(s, d, 0.0))
            };
            if take > 0.0 {
                b.commit(s, d, take);
                record(src, take);
                need -= take;
            }
            if need <= RES_TOL * cost.max(1.0) {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_start_is_exact() {
        // 2 at time 0, 5 more at time 3; spend 3 evenly over [s, s + 3]: by month 3 the ramp has
        // spent 3 - s <= 2, so s >= 1 exactly (bisection alone stops 1e-13 late)
        let mut b = Balance::default();
        b.reset(&[(0.0, 2.0), (3.0, 5.0)]);
        let m = Money { bal: vec![b] };
        assert_eq!(m.earliest(0.0, &[], &[0], 3.0, 3.0), Some((1.0, Some(0))));
        // with a fixed draw on the same source first: 3 - s <= 2 - 1, so s >= 2
        assert_eq!(
            m.earliest(0.0, &[(0, 1.0)], &[0], 3.0, 3.0),
            Some((2.0, Some(0)))
        );
    }
}
