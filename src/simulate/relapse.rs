//! Relapse risk: a stated model, not a prediction (DESIGN §4).
//!
//! Hazard per month `h(t) = h0 * prod(1 - r_i)` over the interventions `i` completed by `t`,
//! with `h0 = -ln(1 - p10) / 120` from the base probability `p10` of relapse within 10 years
//! (DOMAIN §6: about 0.40, Collier, Hoeffler & Söderbom 2008) and `r_i` the declared
//! `relapse_hazard_reduction` (assumptions, marked `[A]` in the shipped scenarios).
//! `P(relapse by T) = 1 - exp(-integral_0^T h)`, exact on the piecewise-constant hazard.

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
