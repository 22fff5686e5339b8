//! [`Balance`]: the cumulative money of one funding source over time, piecewise linear (its
//! shape, [`Balance::avail`] and the tolerance are described in [`super::money`], which
//! re-exports it).

use super::problem::RES_TOL;

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

    /// Add an inflow of `amount` at `t` (mobilised money).
    pub fn inflow(&mut self, t: f64, amount: f64) {
        if amount <= 0.0 || !t.is_finite() {
            return;
        }
        let a = self.split(t);
        for v in self.val.iter_mut().skip(a) {
            *v += amount;
        }
        self.tol += RES_TOL * amount;
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
pub(super) fn left_limit(bal: &Balance, k: usize, b: f64) -> f64 {
    match (bal.times.get(k), bal.val.get(k), bal.slope.get(k)) {
        (Some(&a), Some(&v), Some(&sl)) => v + sl * (b - a),
        _ => 0.0,
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
}
