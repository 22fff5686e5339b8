//! Relapse risk: a stated model, not a prediction (DESIGN §4).
//!
//! Hazard per month `h(t) = h0 * prod(1 - r_i)` over the interventions `i` completed by `t`,
//! with `h0 = -ln(1 - p10) / 120` from the base probability `p10` of relapse within 10 years
//! (DOMAIN §6: about 0.40, Collier, Hoeffler & Söderbom 2008) and `r_i` the declared
//! `relapse_hazard_reduction` (assumptions, marked `[A]` in the shipped scenarios).
//! `P(relapse by T) = 1 - exp(-integral_0^T h)`, exact on the piecewise-constant hazard.
//!
//! Each situation has its own base probability (`relapse_p10`, default [`DEFAULT_P10`]) and
//! hazard, reduced by its own interventions and by those that belong to no situation. Optional
//! rules (`[[relapse_rules]]`) multiply the hazard by a factor for a window after an event
//! (e.g. elections held before disarmament completes, Brancati & Snyder; the factor is an
//! assumption \[A\]): with a constant `h0` and a multiplier `k` for `w` months inside `[0, T]`,
//! `P(relapse by T) = 1 - exp(-h0 (T + (k - 1) w))`. A draw's relapse risk is that of at least
//! one situation relapsing, `1 - prod_k (1 - P_k)` (independent given the draw).

/// Default probability of relapse within 10 years (DOMAIN §6).
pub const DEFAULT_P10: f64 = 0.40;

/// Base hazard per month for a 10-year relapse probability `p10` in [0, 1).
pub fn base_hazard(p10: f64) -> f64 {
    -(1.0 - p10).ln() / 120.0
}

/// Probability of relapse by each horizon in `horizons` (months, ascending), given the
/// completions `(month, reduction)` sorted by month, written into `out`.
pub fn relapse_by(h0: f64, completions: &[(f64, f64)], horizons: &[f64], out: &mut [f64]) {
    for (o, &t_end) in out.iter_mut().zip(horizons) {
        let mut integral = 0.0;
        let mut level = h0;
        let mut t = 0.0;
        for &(at, r) in completions {
            if at >= t_end {
                break;
            }
            let at = at.max(0.0);
            if at > t {
                integral += level * (at - t);
                t = at;
            }
            level *= 1.0 - r;
        }
        if t_end > t {
            integral += level * (t_end - t);
        }
        *o = 1.0 - (-integral).exp();
    }
}

/// A window `[start, end)` during which the hazard is multiplied by `factor`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// Start, months.
    pub start: f64,
    /// End, months.
    pub end: f64,
    /// Hazard multiplier.
    pub factor: f64,
}

/// [`relapse_by`] with hazard multipliers: on each piece between consecutive breakpoints
/// (completions, window ends) the hazard is `h0 * prod(1 - r_i) * prod(factor_w)` over the
/// completions at or before the piece and the windows covering it; exact integration.
pub fn relapse_piecewise(
    h0: f64,
    completions: &[(f64, f64)],
    windows: &[Window],
    horizons: &[f64],
    out: &mut [f64],
) {
    if windows.is_empty() {
        relapse_by(h0, completions, horizons, out);
        return;
    }
    let mut cuts: Vec<f64> = completions.iter().map(|c| c.0.max(0.0)).collect();
    for w in windows {
        cuts.push(w.start.max(0.0));
        cuts.push(w.end.max(0.0));
    }
    cuts.push(0.0);
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    for (o, &t_end) in out.iter_mut().zip(horizons) {
        let mut integral = 0.0;
        for (k, &a) in cuts.iter().enumerate() {
            if a >= t_end {
                break;
            }
            let b = cuts.get(k + 1).copied().unwrap_or(f64::INFINITY).min(t_end);
            let mut level = h0;
            for &(at, r) in completions {
                if at.max(0.0) <= a {
                    level *= 1.0 - r;
                }
            }
            for w in windows {
                if w.start <= a && a < w.end {
                    level *= w.factor;
                }
            }
            integral += level * (b - a);
        }
        *o = 1.0 - (-integral).exp();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_multiplies_the_hazard_in_closed_form() {
        let h0 = base_hazard(0.4);
        let (k, w, t0) = (2.5, 12.0, 30.0);
        let win = [Window {
            start: t0,
            end: t0 + w,
            factor: k,
        }];
        let mut out = [0.0; 2];
        relapse_piecewise(h0, &[], &win, &[60.0, 120.0], &mut out);
        for (p, t) in out.iter().zip([60.0, 120.0]) {
            let want = 1.0 - (-h0 * (t + (k - 1.0) * w)).exp();
            assert!((p - want).abs() < 1e-14, "{p} vs {want}");
        }
        // a window cut by the horizon counts only up to it
        relapse_piecewise(h0, &[], &win, &[36.0, 120.0], &mut out);
        let want = 1.0 - (-h0 * (36.0 + (k - 1.0) * 6.0)).exp();
        assert!((out[0] - want).abs() < 1e-14);
        // no window: the base 10-year probability
        relapse_piecewise(h0, &[], &[], &[60.0, 120.0], &mut out);
        assert!((out[1] - 0.4).abs() < 1e-12);
    }

    #[test]
    fn windows_and_completions_combine() {
        let h0 = 0.01;
        let comp = [(10.0, 0.5)];
        let win = [Window {
            start: 5.0,
            end: 20.0,
            factor: 3.0,
        }];
        let mut out = [0.0; 1];
        relapse_piecewise(h0, &comp, &win, &[30.0], &mut out);
        // [0,5): h0; [5,10): 3 h0; [10,20): 1.5 h0; [20,30): 0.5 h0
        let integral = h0 * (5.0 + 15.0 + 15.0 + 5.0);
        assert!((out[0] - (1.0 - (-integral).exp())).abs() < 1e-14);
    }
}
