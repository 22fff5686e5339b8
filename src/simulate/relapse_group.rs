//! The relapse model of each situation compiled from the scenario ([`groups`]), on the hazard
//! model of [`super::relapse`].

use super::relapse::{relapse_piecewise, Baseline, HORIZONS};
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
