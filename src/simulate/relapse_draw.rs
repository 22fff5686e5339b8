//! Relapse risk in the Monte Carlo engine: the model of each situation compiled from the
//! scenario ([`groups`]) and the risk of one draw at the horizons ([`relapse_of`]), on the
//! hazard model of [`super::relapse`].

use super::engine::Runner;
use super::outcomes::HORIZONS;
use super::relapse::{relapse_piecewise, Baseline, Window};
use crate::model::Scenario;

/// The relapse model of one situation: its baseline hazard, the interventions that reduce it
/// (once complete or while active) and the rules that multiply it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RelapseGroup {
    pub(crate) baseline: Baseline,
    /// Risk at the horizons under the base hazard alone (what a group without reducers or
    /// rules has in every draw).
    pub(crate) base: [f64; 2],
    /// `(intervention, reduction)` in index order: from the intervention's finish on.
    pub(crate) reducers: Vec<(u32, f64)>,
    /// `(intervention, reduction)` in index order: from its start to its finish.
    pub(crate) presence: Vec<(u32, f64)>,
    /// `(when, before, factor, window)` as intervention indices.
    pub(crate) rules: Vec<(u32, u32, f64, f64)>,
}

/// One group per situation (its members and the interventions of no situation), or one group
/// for the whole scenario when it has no situation.
pub(crate) fn groups(sc: &Scenario, default_p10: f64) -> Vec<RelapseGroup> {
    let sit = |i: usize| {
        sc.interventions
            .get(i)
            .and_then(|iv| iv.situation.as_deref())
            .and_then(|s| sc.situations.iter().position(|x| x.id == s))
    };
    let group = |k: Option<usize>, baseline: Baseline| {
        let mut base = [0.0; 2];
        relapse_piecewise(&baseline, &[], &[], &HORIZONS, &mut base);
        let reducing = |field: fn(&crate::model::Intervention) -> Option<f64>| {
            sc.interventions
                .iter()
                .enumerate()
                .filter(|(i, _)| k.is_none() || sit(*i).is_none() || sit(*i) == k)
                .filter_map(|(i, iv)| {
                    let r = field(iv).unwrap_or(0.0);
                    (r > 0.0).then_some((i as u32, r))
                })
                .collect()
        };
        RelapseGroup {
            baseline,
            base,
            reducers: reducing(|iv| iv.relapse_hazard_reduction),
            presence: reducing(|iv| iv.relapse_hazard_reduction_while_active),
            rules: sc
                .relapse_rules
                .iter()
                .filter_map(|rule| {
                    let w = sc.intervention_index(&rule.when)?;
                    let b = sc.intervention_index(&rule.before)?;
                    (k.is_none() || sit(w).is_none() || sit(w) == k).then_some((
                        w as u32,
                        b as u32,
                        rule.factor,
                        rule.window_months,
                    ))
                })
                .collect(),
        }
    };
    if sc.situations.is_empty() {
        return vec![group(None, Baseline::through_p10(default_p10))];
    }
    sc.situations
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let baseline = Baseline::from_anchors(s.relapse_p5, s.relapse_p10, default_p10);
            group(Some(k), baseline)
        })
        .collect()
}

/// Relapse risk of one draw at [`HORIZONS`], given the start and finish of each intervention
/// (`span(i)`; a non-finite finish: never completed, a NaN start: never started): per situation
/// group the exact integral of the piecewise-multiplied baseline, then the probability that at
/// least one relapses. `buf` and `win` are scratch space.
pub(crate) fn relapse_of(
    r: &Runner,
    span: impl Fn(usize) -> (f64, f64),
    buf: &mut Vec<(f64, f64)>,
    win: &mut Vec<Window>,
    out: &mut [f64; 2],
) {
    let mut calm = [1.0; 2];
    for g in &r.relapse {
        if g.reducers.is_empty() && g.presence.is_empty() && g.rules.is_empty() {
            // nothing in the draw changes the hazard: the base rate's risk, computed once
            for (c, x) in calm.iter_mut().zip(g.base) {
                *c *= 1.0 - x;
            }
            continue;
        }
        buf.clear();
        buf.extend(
            g.reducers
                .iter()
                .map(|&(i, red)| (span(i as usize).1, red))
                .filter(|(f, _)| f.is_finite()),
        );
        buf.sort_by(|a, b| a.0.total_cmp(&b.0));
        win.clear();
        for &(i, red) in &g.presence {
            // present from the start to the finish (to the horizon if it never finishes)
            let (st, f) = span(i as usize);
            let end = if f.is_nan() { f64::INFINITY } else { f };
            if st.is_finite() && end > st {
                win.push(Window {
                    start: st,
                    end,
                    factor: 1.0 - red,
                });
            }
        }
        for &(w, b, factor, window) in &g.rules {
            let (fw, fb) = (span(w as usize).1, span(b as usize).1);
            // fires when `before` finishes later or never (NaN: did not happen)
            if fw.is_finite() && (fb.is_nan() || fb > fw) {
                win.push(Window {
                    start: fw,
                    end: fw + window,
                    factor,
                });
            }
        }
        let mut p = [0.0; 2];
        relapse_piecewise(&g.baseline, buf, win, &HORIZONS, &mut p);
        for (c, x) in calm.iter_mut().zip(p) {
            *c *= 1.0 - x;
        }
    }
    for (o, c) in out.iter_mut().zip(calm) {
        *o = 1.0 - c;
    }
}
