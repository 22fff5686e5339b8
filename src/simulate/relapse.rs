//! Relapse risk: a stated model, not a prediction (DESIGN §4, `docs/relapse.md`).
//!
//! The hazard of relapse per month is `h(t) = h0(t) * m(t)`: a baseline `h0` fitted to the
//! sourced base rates and a multiplier `m` that the plan changes. The baseline is a Weibull
//! with cumulative hazard `H0(t) = scale * (t / 120)^shape` (`t` in months), fitted to the
//! probabilities of relapse within 5 and 10 years, `p5` and `p10` (DOMAIN §6: about 0.30 and
//! 0.40, Suhrke & Samset 2007; Collier, Hoeffler & Söderbom 2008):
//!
//! ```text
//! scale = -ln(1 - p10)        shape k = ln(ln(1 - p10) / ln(1 - p5)) / ln 2
//! ```
//!
//! With the sourced anchors `k ≈ 0.518 < 1`: the hazard decreases with the time since the war
//! ended, as the literature on post-conflict risk finds; a constant hazard cannot hit both
//! anchors (it gives 0.225 at 5 years for 0.40 at 10). For `k < 1` the hazard is infinite at
//! `t = 0` but `H0` is finite, and only `H0` is ever evaluated.
//!
//! The multiplier `m(t)` is piecewise constant: `prod(1 - r_i)` over the interventions `i`
//! completed by `t` (`relapse_hazard_reduction`), times the factor of every window covering
//! `t` (an intervention's presence, `relapse_hazard_reduction_while_active`, and the rules of
//! `[[relapse_rules]]`). On the pieces `[a_j, b_j)` of `[0, T]`,
//! `P(relapse by T) = 1 - exp(-sum_j m_j (H0(b_j) - H0(a_j)))`, exact. The effects are
//! assumptions (`[A]` in the shipped scenarios); only the base rates are sourced.

/// Default probability of relapse within 5 years (DOMAIN §6, most likely 0.30 [D/A] within the
/// sourced 0.23-0.50).
pub const DEFAULT_P5: f64 = 0.30;

/// Default probability of relapse within 10 years (DOMAIN §6: about 0.40, Collier, Hoeffler &
/// Söderbom 2008).
pub const DEFAULT_P10: f64 = 0.40;

/// Relapse horizons of the simulation's outcomes, months (5 and 10 years).
pub const HORIZONS: [f64; 2] = [60.0, 120.0];

/// The Weibull baseline of the relapse hazard: `H0(t) = scale * (t / 120)^shape`, `t` months.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Baseline {
    /// Cumulative hazard at 120 months, `-ln(1 - p10)` (>= 0).
    pub scale: f64,
    /// Weibull shape `k` (> 0; below 1 the hazard decreases with time, 1 is a constant hazard).
    pub shape: f64,
}

impl Default for Baseline {
    /// The sourced baseline: through [`DEFAULT_P5`] and [`DEFAULT_P10`].
    fn default() -> Self {
        Self {
            scale: -(1.0 - DEFAULT_P10).ln(),
            shape: Self::sourced_shape(),
        }
    }
}

impl Baseline {
    /// The shape fitted to the sourced anchors: `ln(ln 0.6 / ln 0.7) / ln 2 ≈ 0.518`.
    pub fn sourced_shape() -> f64 {
        ((1.0 - DEFAULT_P10).ln() / (1.0 - DEFAULT_P5).ln()).ln() / std::f64::consts::LN_2
    }

    /// The Weibull through both anchors, or `None` unless `0 < p5 < p10 < 1`.
    ///
    /// # Example
    /// ```
    /// use peaceplan::simulate::relapse::Baseline;
    /// let b = Baseline::fit(0.30, 0.40).unwrap();
    /// assert!((b.probability_by(60.0) - 0.30).abs() < 1e-12);
    /// assert!((b.probability_by(120.0) - 0.40).abs() < 1e-12);
    /// ```
    pub fn fit(p5: f64, p10: f64) -> Option<Self> {
        if !(0.0 < p5 && p5 < p10 && p10 < 1.0) {
            return None;
        }
        let (h5, h10) = (-(1.0 - p5).ln(), -(1.0 - p10).ln());
        Some(Self {
            scale: h10,
            shape: (h10 / h5).ln() / std::f64::consts::LN_2,
        })
    }

    /// The sourced shape rescaled through `P(relapse by 10 y) = p10` (`p10` in [0, 1)).
    pub fn through_p10(p10: f64) -> Self {
        Self {
            scale: -(1.0 - p10).ln(),
            shape: Self::sourced_shape(),
        }
    }

    /// The sourced shape rescaled through `P(relapse by 5 y) = p5` (`p5` in [0, 1)).
    pub fn through_p5(p5: f64) -> Self {
        let shape = Self::sourced_shape();
        Self {
            scale: -(1.0 - p5).ln() * 2f64.powf(shape),
            shape,
        }
    }

    /// A constant hazard with `P(relapse by 10 y) = p10` (the model before the Weibull fit,
    /// kept for comparison).
    pub fn constant(p10: f64) -> Self {
        Self {
            scale: -(1.0 - p10).ln(),
            shape: 1.0,
        }
    }

    /// The baseline of a situation from the anchors it states: both = [`Baseline::fit`]; one =
    /// the sourced shape through it; none = the sourced shape through `default_p10`. Anchors
    /// that [`Baseline::fit`] rejects (which validation reports) fall back to `p10` alone.
    pub fn from_anchors(p5: Option<f64>, p10: Option<f64>, default_p10: f64) -> Self {
        match (p5, p10) {
            (Some(a), Some(b)) => Self::fit(a, b).unwrap_or_else(|| Self::through_p10(b)),
            (Some(a), None) => Self::through_p5(a),
            (None, Some(b)) => Self::through_p10(b),
            (None, None) => Self::through_p10(default_p10),
        }
    }

    /// Cumulative hazard `H0(t)` (0 for `t <= 0` or a zero scale).
    pub fn cumulative(&self, t: f64) -> f64 {
        if t > 0.0 && self.scale > 0.0 {
            self.scale * (t / 120.0).powf(self.shape)
        } else {
            0.0
        }
    }

    /// `P(relapse by t)` under the baseline alone, `1 - exp(-H0(t))`.
    pub fn probability_by(&self, t: f64) -> f64 {
        -(-self.cumulative(t)).exp_m1()
    }

    /// Weibull scale `lambda` in months (`H0(lambda) = 1`; infinite for a zero hazard).
    pub fn lambda_months(&self) -> f64 {
        120.0 * self.scale.powf(-1.0 / self.shape)
    }
}

/// A window `[start, end)` during which the hazard is multiplied by `factor`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// Start, months.
    pub start: f64,
    /// End, months (may be infinite).
    pub end: f64,
    /// Hazard multiplier.
    pub factor: f64,
}

/// Probability of relapse by each horizon in `horizons` (months), written into `out`: on each
/// piece between consecutive breakpoints (completions, window bounds) the hazard is the
/// baseline's times `prod(1 - r_i)` over the completions `(month, r_i)` at or before the piece
/// times `prod(factor)` over the windows covering it; exact integration of the baseline.
///
/// # Example
/// ```
/// use peaceplan::simulate::relapse::{relapse_piecewise, Baseline};
/// let b = Baseline::default();
/// let mut out = [0.0; 2];
/// relapse_piecewise(&b, &[], &[], &[60.0, 120.0], &mut out);
/// assert!((out[0] - 0.30).abs() < 1e-12 && (out[1] - 0.40).abs() < 1e-12);
/// ```
pub fn relapse_piecewise(
    base: &Baseline,
    completions: &[(f64, f64)],
    windows: &[Window],
    horizons: &[f64],
    out: &mut [f64],
) {
    let mut cuts: Vec<f64> = Vec::with_capacity(1 + completions.len() + 2 * windows.len());
    cuts.push(0.0);
    cuts.extend(completions.iter().map(|c| c.0.max(0.0)));
    for w in windows {
        cuts.push(w.start.max(0.0));
        cuts.push(w.end.max(0.0));
    }
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let level = |a: f64| {
        let mut m = 1.0;
        for &(at, r) in completions {
            if at.max(0.0) <= a {
                m *= 1.0 - r;
            }
        }
        for w in windows {
            if w.start.max(0.0) <= a && a < w.end {
                m *= w.factor;
            }
        }
        m
    };
    for (o, &t_end) in out.iter_mut().zip(horizons) {
        let mut integral = 0.0;
        let mut h_a = 0.0;
        for (j, &a) in cuts.iter().enumerate() {
            if a >= t_end {
                break;
            }
            let b = cuts.get(j + 1).copied().unwrap_or(f64::INFINITY).min(t_end);
            let h_b = base.cumulative(b);
            let m = level(a);
            if m != 0.0 {
                integral += m * (h_b - h_a);
            }
            h_a = h_b;
        }
        *o = -(-integral).exp_m1();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(base: &Baseline, comp: &[(f64, f64)], win: &[Window], t: f64) -> f64 {
        let mut out = [0.0];
        relapse_piecewise(base, comp, win, &[t], &mut out);
        out[0]
    }

    #[test]
    fn the_baseline_hits_both_anchors() {
        let b = Baseline::default();
        assert!((p(&b, &[], &[], 60.0) - DEFAULT_P5).abs() < 1e-12);
        assert!((p(&b, &[], &[], 120.0) - DEFAULT_P10).abs() < 1e-12);
        assert!((b.shape - 0.518_2).abs() < 1e-3, "{}", b.shape);
        assert_eq!(Baseline::fit(0.3, 0.4), Some(b));
        for (p5, p10) in [(0.23, 0.31), (0.5, 0.6), (0.01, 0.9)] {
            let f = Baseline::fit(p5, p10).unwrap();
            assert!((f.probability_by(60.0) - p5).abs() < 1e-12);
            assert!((f.probability_by(120.0) - p10).abs() < 1e-12);
        }
        for (p5, p10) in [
            (0.4, 0.4),
            (0.5, 0.4),
            (0.0, 0.4),
            (0.3, 1.0),
            (f64::NAN, 0.4),
        ] {
            assert_eq!(Baseline::fit(p5, p10), None, "{p5} {p10}");
        }
        // one anchor keeps the sourced shape
        let only10 = Baseline::through_p10(0.5);
        assert!((only10.probability_by(120.0) - 0.5).abs() < 1e-12);
        let only5 = Baseline::through_p5(0.2);
        assert!((only5.probability_by(60.0) - 0.2).abs() < 1e-12);
        assert_eq!(only5.shape, b.shape);
        assert_eq!(Baseline::through_p10(0.0).probability_by(120.0), 0.0);
        // H0(lambda) = 1
        assert!((b.cumulative(b.lambda_months()) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_window_multiplies_the_hazard_in_closed_form() {
        let b = Baseline::default();
        let (k, w, t0) = (2.5, 12.0, 30.0);
        let win = [Window {
            start: t0,
            end: t0 + w,
            factor: k,
        }];
        let bump = (k - 1.0) * (b.cumulative(t0 + w) - b.cumulative(t0));
        for t in [60.0, 120.0] {
            let want = 1.0 - (-(b.cumulative(t) + bump)).exp();
            let got = p(&b, &[], &win, t);
            assert!((got - want).abs() < 1e-14, "{got} vs {want}");
        }
        // a window cut by the horizon counts only up to it
        let want = 1.0
            - (-(b.cumulative(36.0) + (k - 1.0) * (b.cumulative(36.0) - b.cumulative(t0)))).exp();
        assert!((p(&b, &[], &win, 36.0) - want).abs() < 1e-14);
        // the constant hazard of the old model: h0 (T + (k - 1) w)
        let c = Baseline::constant(0.4);
        let h0 = -(0.6f64).ln() / 120.0;
        let want = 1.0 - (-h0 * (120.0 + (k - 1.0) * w)).exp();
        assert!((p(&c, &[], &win, 120.0) - want).abs() < 1e-14);
    }

    #[test]
    fn windows_and_completions_combine() {
        let b = Baseline::fit(0.2, 0.35).unwrap();
        let h = |t: f64| b.cumulative(t);
        let comp = [(10.0, 0.5)];
        let win = [Window {
            start: 5.0,
            end: 20.0,
            factor: 3.0,
        }];
        // [0,5): 1; [5,10): 3; [10,20): 1.5; [20,30): 0.5
        let integral = h(5.0)
            + 3.0 * (h(10.0) - h(5.0))
            + 1.5 * (h(20.0) - h(10.0))
            + 0.5 * (h(30.0) - h(20.0));
        assert!((p(&b, &comp, &win, 30.0) - (1.0 - (-integral).exp())).abs() < 1e-14);
        // an open-ended window (present to the horizon)
        let open = [Window {
            start: 12.0,
            end: f64::INFINITY,
            factor: 0.5,
        }];
        let integral = h(12.0) + 0.5 * (h(120.0) - h(12.0));
        assert!((p(&b, &[], &open, 120.0) - (1.0 - (-integral).exp())).abs() < 1e-14);
    }
}
