//! Kaplan-Meier estimate of the wait until a situation's first team is in place.
//!
//! Waits are survival data: a situation still waiting at the horizon has waited *at least*
//! `horizon - arrival` (right-censored). Dropping it biases every figure down; counting it as a
//! wait of that length biases it down too. The estimator below uses both kinds of observation
//! and gives one survival function `S(t) = P(wait > t)` from which every probability and
//! percentile of the summary is read, so they are consistent by construction (`S` is
//! non-increasing).
//!
//! Observations are binned (`width` months; bin `k` holds `(k * width, (k + 1) * width]`, waits of
//! exactly 0 are counted apart). Within a bin, events come before censorings (the usual tie rule),
//! and `S` is linear between bin edges.

/// Kaplan-Meier survival of waits, evaluated at bin edges `k * width`, `k = 0..=bins`.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitSurvival {
    /// Bin width (months).
    pub width: f64,
    /// `S(k * width)` for `k = 0..=n` (so `values[0] = P(wait > 0)`); ends where nobody is left
    /// at risk (beyond the last value the estimate is not defined).
    pub values: Vec<f64>,
    /// Situations at risk at the start of each bin (same length as `values`, last one 0 or the
    /// number left when the bins ran out).
    pub at_risk: Vec<u64>,
}

impl WaitSurvival {
    /// Estimate from `zero` waits of exactly 0, `events[k]` waits ending in bin `k` and
    /// `censored[k]` situations still waiting whose censoring time falls in bin `k`.
    pub fn estimate(width: f64, zero: u64, events: &[u32], censored: &[u32]) -> WaitSurvival {
        let total: u64 = zero
            + events.iter().map(|&c| u64::from(c)).sum::<u64>()
            + censored.iter().map(|&c| u64::from(c)).sum::<u64>();
        if total == 0 {
            return WaitSurvival {
                width,
                values: Vec::new(),
                at_risk: Vec::new(),
            };
        }
        let mut s = 1.0 - zero as f64 / total as f64;
        let mut risk = total - zero;
        let mut values = vec![s];
        let mut at_risk = vec![risk];
        for (&d, &c) in events.iter().zip(censored) {
            if risk == 0 {
                break;
            }
            let (d, c) = (u64::from(d), u64::from(c));
            s *= 1.0 - d as f64 / risk as f64;
            risk = risk.saturating_sub(d + c);
            values.push(s);
            at_risk.push(risk);
        }
        WaitSurvival {
            width,
            values,
            at_risk,
        }
    }

    /// `P(wait > t)`, linear between bin edges; NaN without data or beyond the last edge
    /// estimated when the last situation there was still waiting (not identified), 0 beyond it
    /// when everyone had got a team.
    pub fn at(&self, t: f64) -> f64 {
        let Some(&last) = self.values.last() else {
            return f64::NAN;
        };
        if t.is_nan() {
            return f64::NAN;
        }
        if t > self.span() && last == 0.0 {
            return 0.0;
        }
        if t <= 0.0 {
            return self.values[0];
        }
        let x = t / self.width;
        // Snap to an edge when `t` is one up to rounding (e.g. 3.0 / 0.1).
        let k = if (x - x.round()).abs() < 1e-9 {
            x.round()
        } else {
            x.floor()
        };
        let Some(&lo) = self.values.get(k as usize) else {
            return f64::NAN;
        };
        let frac = (x - k).max(0.0);
        if frac == 0.0 {
            return lo;
        }
        match self.values.get(k as usize + 1) {
            Some(&hi) => lo + (hi - lo) * frac,
            None => f64::NAN,
        }
    }

    /// Smallest `t` with `P(wait > t) <= 1 - p` (linear within a bin); `None` when the estimate
    /// never falls that low (the percentile lies beyond the horizon: report "> horizon").
    pub fn quantile(&self, p: f64) -> Option<f64> {
        let target = 1.0 - p;
        let first = *self.values.first()?;
        if first <= target {
            return Some(0.0);
        }
        for (k, pair) in self.values.windows(2).enumerate() {
            let (a, b) = (pair[0], pair[1]);
            if b <= target {
                let frac = if a > b { (a - target) / (a - b) } else { 1.0 };
                return Some((k as f64 + frac) * self.width);
            }
        }
        None
    }

    /// Area under `S` up to the last edge estimated: the restricted mean wait (months), a lower
    /// bound on the mean when some situations are still waiting.
    pub fn restricted_mean(&self) -> f64 {
        if self.values.is_empty() {
            return f64::NAN;
        }
        self.values
            .windows(2)
            .map(|p| 0.5 * (p[0] + p[1]) * self.width)
            .sum()
    }

    /// Months covered by the estimate (beyond it nobody was at risk).
    pub fn span(&self) -> f64 {
        self.values.len().saturating_sub(1) as f64 * self.width
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_example() {
        // Waits 0, 0, 1, 3 (events); still waiting at 1.5 and 3.5 (censored); width 1.
        // Textbook Kaplan-Meier: S(0) = 4/6; at 1, 4 at risk, 1 event: 4/6 * 3/4 = 1/2;
        // at 3, 2 at risk (3 and 3.5), 1 event: 1/2 * 1/2 = 1/4; nobody left after 3.5.
        let events = [1, 0, 1, 0];
        let censored = [0, 1, 0, 1];
        let s = WaitSurvival::estimate(1.0, 2, &events, &censored);
        let want = [4.0 / 6.0, 0.5, 0.5, 0.25, 0.25];
        assert_eq!(s.values.len(), want.len());
        for (a, b) in s.values.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{:?}", s.values);
        }
        assert_eq!(s.at_risk, vec![4, 3, 2, 1, 0]);
        assert!((s.at(1.5) - 0.5).abs() < 1e-12);
        assert!((s.at(2.5) - 0.375).abs() < 1e-12);
        assert_eq!(s.quantile(0.5), Some(1.0));
        assert_eq!(s.quantile(0.75), Some(3.0));
        assert_eq!(s.quantile(0.2), Some(0.0));
        assert_eq!(s.quantile(0.9), None);
        assert!(s.at(10.0).is_nan());
    }

    #[test]
    fn no_censoring_is_the_empirical_survival() {
        let s = WaitSurvival::estimate(1.0, 1, &[1, 1, 1], &[0, 0, 0]);
        assert_eq!(s.values, vec![0.75, 0.5, 0.25, 0.0]);
        // Waits spread evenly within their bins: 0, U(0,1], U(1,2], U(2,3] have mean 1.125.
        assert!((s.restricted_mean() - 1.125).abs() < 1e-12);
        assert_eq!(s.at(7.0), 0.0);
    }
}
