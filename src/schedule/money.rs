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

use super::problem::{SourceData, RES_TOL};

/// Balance of one source over time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Balance {
    times: Vec<f64>,
    val: Vec<f64>,
    slope: Vec<f64>,
    /// Absolute tolerance (relative to the total inflow).
    tol: f64,
}

impl Balance {
    /// Start over with only the `inflows` (`(time, amount)`, sorted by time).
    pub fn reset(&mut self, inflows: &[(f64, f64)]) {
        self.times.clear();
        self.val.clear();
        self.slope.clear();
        self.times.push(f64::NEG_INFINITY);
        self.val.push(0.0);
        self.slope.push(0.0);
        let mut total = 0.0;
        for &(t, a) in inflows {
            total += a;
            if self.times.last() == Some(&t) {
                if let Some(v) = self.val.last_mut() {
                    *v = total;
                }
            } else {
                self.times.push(t);
                self.val.push(total);
                self.slope.push(0.0);
            }
        }
        self.tol = RES_TOL * total.max(1.0);
    }

    /// Breakpoints `(times, values just after, slopes)`.
    pub fn breakpoints(&self) -> (&[f64], &[f64], &[f64]) {
        (&self.times, &self.val, &self.slope)
    }

    /// The tolerance below 0 that counts as 0.
    pub fn tolerance(&self) -> f64 {
        self.tol
    }

    #[inline]
    fn segment(&self, t: f64) -> usize {
        self.times.partition_point(|&x| x <= t).saturating_sub(1)
    }

    /// Balance at time `t` (after what happens at `t`).
    pub fn at(&self, t: f64) -> f64 {
        let k = self.segment(t);
        match (self.times.get(k), self.val.get(k), self.slope.get(k)) {
            (Some(&a), Some(&v), Some(&sl)) if sl != 0.0 => v + sl * (t - a),
            (_, Some(&v), _) => v,
            _ => 0.0,
        }
    }

    /// First breakpoint strictly after `t` (`+inf` when none).
    pub fn next_after(&self, t: f64) -> f64 {
        let k = self.times.partition_point(|&x| x <= t);
        self.times.get(k).copied().unwrap_or(f64::INFINITY)
    }

    /// The largest amount that can be committed from `s` on (at once when `d <= 0`, else
    /// evenly over `[s, s + d]`) with the balance, lowered by `offset` from `s` on, staying
    /// `>= 0` at all later times.
    pub fn avail(&self, s: f64, d: f64, offset: f64) -> f64 {
        let n = self.times.len();
        let end = if d > 0.0 { s + d } else { s };
        let ratio = |tau: f64, b: f64| {
            let b = b - offset;
            if tau >= end {
                b
            } else if tau <= s {
                f64::INFINITY
            } else {
                b * d / (tau - s)
            }
        };
        let mut best = f64::INFINITY;
        let k0 = self.segment(s);
        if d > 0.0 && self.at(s) - offset <= self.tol {
            return 0.0;
        }
        // Each segment from the one holding s; pieces split at `end`.
        for k in k0..n {
            let (a, v, sl) = match (self.times.get(k), self.val.get(k), self.slope.get(k)) {
                (Some(&a), Some(&v), Some(&sl)) => (a, v, sl),
                _ => break,
            };
            let b = self.times.get(k + 1).copied().unwrap_or(f64::INFINITY);
            let x = a.max(s);
            let value = |t: f64| if sl != 0.0 { v + sl * (t - a) } else { v };
            best = best.min(ratio(x, value(x)));
            if end > x && end < b {
                best = best.min(ratio(end, value(end)));
            }
            if b.is_finite() {
                best = best.min(ratio(b, value(b)));
            }
        }
        best.max(0.0)
    }

    /// Insert a breakpoint at `t` and return its index.
    fn split(&mut self, t: f64) -> usize {
        let k = self.segment(t);
        if self.times.get(k) == Some(&t) {
            return k;
        }
        let v = self.at(t);
        let sl = self.slope.get(k).copied().unwrap_or(0.0);
        self.times.insert(k + 1, t);
        self.val.insert(k + 1, v);
        self.slope.insert(k + 1, sl);
        k + 1
    }

    /// Commit `amount` from `s` on: at once when `d <= 0`, else evenly over `[s, s + d]`.
    pub fn commit(&mut self, s: f64, d: f64, amount: f64) {
        if amount <= 0.0 || !s.is_finite() {
            return;
        }
        if d <= 0.0 {
            let a = self.split(s);
            for v in self.val.iter_mut().skip(a) {
                *v -= amount;
            }
            return;
        }
        let rate = amount / d;
        let a = self.split(s);
        let b = self.split(s + d);
        for k in a..self.times.len() {
            let (Some(&t), Some(v), Some(sl)) = (
                self.times.get(k),
                self.val.get_mut(k),
                self.slope.get_mut(k),
            ) else {
                break;
            };
            if k < b {
                *v -= rate * (t - s);
                *sl -= rate;
            } else {
                *v -= amount;
            }
        }
    }

    /// Lowest balance at any time.
    pub fn min_balance(&self) -> f64 {
        let mut m: f64 = 0.0;
        for k in 0..self.times.len() {
            let v = self.val.get(k).copied().unwrap_or(0.0);
            m = m.min(v);
            if let Some(&b) = self.times.get(k + 1) {
                m = m.min(left_limit(self, k, b));
            }
        }
        m
    }
}

/// Balance just before `b` on segment `k`.
fn left_limit(bal: &Balance, k: usize, b: f64) -> f64 {
    match (bal.times.get(k), bal.val.get(k), bal.slope.get(k)) {
        (Some(&a), Some(&v), Some(&sl)) => v + sl * (b - a),
        _ => 0.0,
    }
}

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
            .map(|s| self.bal.get(s as usize).map_or(0, |b| b.times.len()))
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
            for k in 1..b.times.len() {
                let Some(&tau) = b.times.get(k) else {
                    continue;
                };
                let after = b.val.get(k).copied().unwrap_or(0.0);
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

    fn bal(inflows: &[(f64, f64)]) -> Balance {
        let mut b = Balance::default();
        b.reset(inflows);
        b
    }

    #[test]
    fn step_commitments() {
        let mut b = bal(&[(0.0, 10.0), (5.0, 10.0)]);
        assert_eq!(b.avail(0.0, 0.0, 0.0), 10.0);
        assert_eq!(b.avail(5.0, 0.0, 0.0), 20.0);
        b.commit(6.0, 0.0, 15.0);
        // committing at 6 leaves 5 from then on, and 10 before: at 0 only 5 are free
        assert_eq!(b.avail(0.0, 0.0, 0.0), 5.0);
        assert_eq!(b.at(7.0), 5.0);
        assert!(b.min_balance() >= 0.0);
    }

    #[test]
    fn ramp_commitments() {
        // 6 at time 0, 6 more at time 4; spend 12 evenly over [s, s + 6] (2 per month)
        let b = bal(&[(0.0, 6.0), (4.0, 6.0)]);
        // starting at 0: by month 4 spent 8 > 6, infeasible; at s: spent by 4 is 2(4 - s) <= 6
        // -> s >= 1
        let a0 = b.avail(0.0, 6.0, 0.0);
        assert!((a0 - 9.0).abs() < 1e-9, "{a0}"); // min(6 * 6 / 4, 12)
        let a1 = b.avail(1.0, 6.0, 0.0);
        assert!((a1 - 12.0).abs() < 1e-9, "{a1}");
        let mut b = b;
        b.commit(1.0, 6.0, 12.0);
        assert!((b.at(4.0) - 6.0).abs() < 1e-9);
        assert!(b.at(3.999) > 0.0 && (b.at(7.0)).abs() < 1e-9);
        assert!(b.min_balance() >= -1e-9);
    }

    #[test]
    fn spread_start_is_exact() {
        // 2 at time 0, 5 more at time 3; spend 3 evenly over [s, s + 3]: by month 3 the ramp has
        // spent 3 - s <= 2, so s >= 1 exactly (bisection alone stops 1e-13 late)
        let m = Money {
            bal: vec![bal(&[(0.0, 2.0), (3.0, 5.0)])],
        };
        assert_eq!(m.earliest(0.0, &[], &[0], 3.0, 3.0), Some((1.0, Some(0))));
        // with a fixed draw on the same source first: 3 - s <= 2 - 1, so s >= 2
        assert_eq!(
            m.earliest(0.0, &[(0, 1.0)], &[0], 3.0, 3.0),
            Some((2.0, Some(0)))
        );
    }
}
