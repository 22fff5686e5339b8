//! Renewable resource profile over continuous time: the *free* capacity of one pool as a step
//! function (capacity minus the staff of the activities placed so far).
//!
//! The profile is a sorted list of breakpoints `times[k]` (the first is `-inf`) with the free
//! FTE `free[k]` holding on `[times[k], times[k+1])`. Capacity steps and placed activities are
//! merged into this one function, so a fit test reads one array: [`Profile::earliest_fit`]
//! scans forward from the segment holding `t0` (binary search), restarting after each segment
//! that lacks the demand; [`Profile::add`] splits at most two segments and lowers those in
//! between. Both are O(K) for K breakpoints, with no allocation once the buffers have grown.
//!
//! Tolerances: a demand fits when `free + 1e-9 * max(1, demand) >= demand`, and segments
//! shorter than `1e-9 * max(1, |t|)` at the end of the window are ignored, so that an activity
//! may start where another ends even when the two times differ by rounding.
//!
//! One semantics for all data: integer PSPLIB instances run the same code (measured fast
//! enough, see `examples/sgs_speed.rs`, so no time-indexed fast path is kept).

use super::problem::RES_TOL;

/// Free capacity of one pool over time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    times: Vec<f64>,
    free: Vec<f64>,
}

/// Time tolerance at `t`.
#[inline]
pub(crate) fn time_tol(t: f64) -> f64 {
    if t.is_finite() {
        1e-9 * t.abs().max(1.0)
    } else {
        0.0
    }
}

impl Profile {
    /// An empty profile (no capacity at any time) until [`Profile::reset`].
    pub fn new() -> Profile {
        Profile::default()
    }

    /// Start over from the capacity `steps` (`(from, level)`, increasing `from`; the level
    /// before the first step is 0 unless the first step starts at `-inf`).
    pub fn reset(&mut self, steps: &[(f64, f64)]) {
        self.times.clear();
        self.free.clear();
        match steps.first() {
            Some(&(t, _)) if t == f64::NEG_INFINITY => {}
            _ => {
                self.times.push(f64::NEG_INFINITY);
                self.free.push(0.0);
            }
        }
        for &(t, c) in steps {
            self.times.push(t);
            self.free.push(c);
        }
    }

    /// Start over from the capacity mirrored at `horizon`: the level at `tau` is the forward
    /// level just before `horizon - tau`, and `max_level` for `tau >= horizon` (forward times
    /// before 0, which the backward pass of a justification may use; the forward pass that
    /// follows enforces the real capacity).
    pub fn reset_mirrored(&mut self, steps: &[(f64, f64)], horizon: f64, max_level: f64) {
        self.times.clear();
        self.free.clear();
        let last = steps.last().map_or(0.0, |s| s.1);
        self.times.push(f64::NEG_INFINITY);
        self.free.push(last);
        for k in (0..steps.len()).rev() {
            let Some(&(t, _)) = steps.get(k) else {
                continue;
            };
            if !t.is_finite() {
                continue;
            }
            let tau = horizon - t;
            if tau >= horizon {
                break;
            }
            let before = if k == 0 {
                0.0
            } else {
                steps.get(k - 1).map_or(0.0, |s| s.1)
            };
            self.times.push(tau);
            self.free.push(before);
        }
        self.times.push(horizon);
        self.free.push(max_level);
    }

    /// Breakpoints and free levels (`times[0] = -inf`).
    pub fn breakpoints(&self) -> (&[f64], &[f64]) {
        (&self.times, &self.free)
    }

    /// Index of the segment holding `t`.
    #[inline]
    fn segment(&self, t: f64) -> usize {
        self.times.partition_point(|&x| x <= t).saturating_sub(1)
    }

    /// Free FTE at time `t`.
    pub fn free_at(&self, t: f64) -> f64 {
        self.free.get(self.segment(t)).copied().unwrap_or(0.0)
    }

    /// The first breakpoint strictly after `t` (`+inf` when none).
    pub fn next_after(&self, t: f64) -> f64 {
        let k = self.times.partition_point(|&x| x <= t);
        self.times.get(k).copied().unwrap_or(f64::INFINITY)
    }

    /// Earliest `t >= t0` such that `demand` FTE are free throughout `[t, t + duration)`;
    /// `None` when that never happens. A zero duration or demand fits at `t0`.
    #[inline]
    pub fn earliest_fit(&self, t0: f64, duration: f64, demand: f64) -> Option<f64> {
        if duration <= 0.0 || demand <= 0.0 {
            return Some(t0);
        }
        let need = demand - RES_TOL * demand.max(1.0);
        let n = self.times.len();
        let mut k = self.segment(t0);
        let mut start = t0;
        let mut end = start + duration;
        let mut end_tol = end - time_tol(end);
        // Each step advances k; the loop runs at most n times.
        while k < n {
            let free = self.free.get(k).copied().unwrap_or(0.0);
            let next = self.times.get(k + 1).copied().unwrap_or(f64::INFINITY);
            if free < need {
                if next == f64::INFINITY {
                    return None;
                }
                start = next;
                end = start + duration;
                end_tol = end - time_tol(end);
            } else if next >= end_tol {
                return Some(start);
            }
            k += 1;
        }
        None
    }

    /// Whether `demand` is free throughout `[t, t + duration)`.
    pub fn fits_at(&self, t: f64, duration: f64, demand: f64) -> bool {
        self.earliest_fit(t, duration, demand)
            .is_some_and(|s| s <= t)
    }

    /// Insert a breakpoint at `t` (splitting its segment) and return its index.
    #[inline]
    fn split(&mut self, t: f64) -> usize {
        let k = self.segment(t);
        if self.times.get(k) == Some(&t) {
            return k;
        }
        let level = self.free.get(k).copied().unwrap_or(0.0);
        self.times.insert(k + 1, t);
        self.free.insert(k + 1, level);
        k + 1
    }

    /// Occupy `demand` FTE over `[t, t + duration)`.
    pub fn add(&mut self, t: f64, duration: f64, demand: f64) {
        if duration <= 0.0 || demand == 0.0 || !t.is_finite() {
            return;
        }
        let a = self.split(t);
        let b = self.split(t + duration);
        if let Some(seg) = self.free.get_mut(a..b) {
            for f in seg {
                *f -= demand;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_capacity_and_fit() {
        let mut p = Profile::new();
        p.reset(&[(0.0, 1.0), (6.0, 3.0)]);
        assert_eq!(p.earliest_fit(0.0, 2.0, 1.0), Some(0.0));
        assert_eq!(p.earliest_fit(0.0, 2.0, 2.0), Some(6.0));
        assert_eq!(p.earliest_fit(0.0, 2.0, 4.0), None);
        p.add(6.0, 4.0, 2.0);
        assert_eq!(p.earliest_fit(0.0, 2.0, 2.0), Some(10.0));
        assert_eq!(p.earliest_fit(5.0, 1.0, 1.0), Some(5.0));
        assert_eq!(p.free_at(7.0), 1.0);
        assert!(p.fits_at(0.0, 6.0, 1.0));
        assert!(!p.fits_at(0.0, 6.5, 1.1));
        assert_eq!(p.next_after(6.0), 10.0);
    }

    #[test]
    fn rounding_at_the_boundary() {
        let mut p = Profile::new();
        p.reset(&[(f64::NEG_INFINITY, 1.0)]);
        p.add(0.3, 1.0, 1.0);
        // 0.1 + 0.2 != 0.3 in binary, yet the activity fits just before
        assert_eq!(p.earliest_fit(0.0, 0.1 + 0.2, 1.0), Some(0.0));
    }

    #[test]
    fn mirrored() {
        let mut p = Profile::new();
        // forward: 0 before 2, 1 on [2, 5), 3 from 5; horizon 10
        p.reset_mirrored(&[(2.0, 1.0), (5.0, 3.0)], 10.0, 3.0);
        assert_eq!(p.free_at(0.0), 3.0); // forward 10
        assert_eq!(p.free_at(6.0), 1.0); // forward 4
        assert_eq!(p.free_at(9.0), 0.0); // forward 1
        assert_eq!(p.free_at(11.0), 3.0); // forward -1
    }
}
