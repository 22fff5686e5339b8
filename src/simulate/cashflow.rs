//! Money in versus money needed per draw: realised inflows per source and, on a fixed time grid,
//! the cumulative cost committed by the funded interventions and the cumulative cash received.
//!
//! The grid is fixed per simulation (see [`grid`]) so that the curves of all draws share their
//! abscissae and percentile bands can be taken column by column.

use super::engine::Runner;
use super::outcomes::DrawOut;
use super::sampler::DrawSample;
use crate::model::{Point, Scenario};
use crate::network::Network;

/// Most grid points of the cash curves.
const MAX_POINTS: usize = 241;

/// Time grid of the cash curves, months: from 0 to a horizon past every plausible finish and
/// inflow (1.5 x the critical path at the maxima of the distributions, at least 60 months and
/// the last pledge at its latest), in steps of one month or coarser to keep at most 241 points.
/// A scenario whose critical path cannot be computed gets a 120-month horizon.
/// `sc` is validated with progress applied and `net` is its network (see [`super::Runner`]).
pub(crate) fn grid(sc: &Scenario, net: &Network) -> Vec<f64> {
    let cpm = crate::schedule::cpm::makespan_on(sc, net, Point::Max).unwrap_or(120.0);
    let pledges = sc
        .sources
        .iter()
        .flat_map(|s| &s.pledges)
        .map(|p| p.at_months + p.delay_months.max())
        .fold(0.0_f64, f64::max);
    let mut horizon = (1.5 * cpm).max(60.0).max(pledges + 1.0);
    if !horizon.is_finite() {
        horizon = 120.0;
    }
    let horizon = horizon.min(1200.0).ceil();
    let step = (horizon / (MAX_POINTS - 1) as f64).ceil().max(1.0);
    let points = (horizon / step).ceil() as usize + 1;
    (0..points).map(|k| k as f64 * step).collect()
}

/// Realised inflows of a draw (pledges and money `mobilised` for its work), all sources
/// together, sorted by time, as `(time, cumulative amount)`: the cash received by `t` is the cumulative amount of the last entry at or before
/// `t` (see [`received_by`]).
pub(crate) fn cumulative_inflows(
    s: &DrawSample,
    mobilised: &[(u16, f64, f64)],
    out: &mut Vec<(f64, f64)>,
) {
    out.clear();
    out.extend(s.inflows.iter().flatten().copied());
    out.extend(mobilised.iter().map(|m| (m.1, m.2)));
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut total = 0.0;
    for e in out.iter_mut() {
        total += e.1;
        e.1 = total;
    }
}

/// Cash received by `t` from [`cumulative_inflows`]; `from` is where to start looking (for
/// increasing `t`, the index returned by the previous call).
pub(crate) fn received_by(cum: &[(f64, f64)], t: f64, from: &mut usize) -> f64 {
    while cum.get(*from).is_some_and(|e| e.0 <= t) {
        *from += 1;
    }
    match from.checked_sub(1).and_then(|k| cum.get(k)) {
        Some(e) => e.1,
        None => 0.0,
    }
}

/// `o.committed_curve` / `o.received_curve` on `r.cash_grid` (NaN for an infeasible draw);
/// `cum` holds the draw's [`cumulative_inflows`].
pub(crate) fn cash(r: &Runner, s: &DrawSample, cum: &[(f64, f64)], o: &mut DrawOut) {
    o.received = s
        .inflows
        .iter()
        .map(|f| f.iter().map(|x| x.1).sum())
        .collect();
    o.received.resize(r.sampler.sources, 0.0);
    for &(k, _, a) in &o.mobilised {
        if let Some(v) = o.received.get_mut(k as usize) {
            *v += a;
        }
    }
    let g: &[f64] = &r.cash_grid;
    let mut k = 0;
    o.received_curve = g.iter().map(|&t| received_by(cum, t, &mut k)).collect();
    if o.infeasible {
        o.committed_curve = vec![f64::NAN; g.len()];
        return;
    }
    let mut curve = vec![0.0; g.len()];
    for i in 0..r.len() {
        if r.funding.get(i).is_none_or(Vec::is_empty) {
            continue;
        }
        let st = o.start.get(i).copied().unwrap_or(f64::NAN);
        let f = o.finish.get(i).copied().unwrap_or(f64::NAN);
        let c = s.cost.get(i).copied().unwrap_or(0.0);
        if !st.is_finite() || c == 0.0 {
            continue;
        }
        let spread = r.spread.get(i).copied().unwrap_or(false) && f > st;
        // the grid is increasing: the points before the start add nothing
        let first = g.partition_point(|&t| t < st);
        let points = curve.iter_mut().zip(g).skip(first);
        if spread {
            for (v, &t) in points {
                *v += c * ((t - st) / (f - st)).min(1.0);
            }
        } else {
            for (v, _) in points {
                *v += c;
            }
        }
    }
    o.committed_curve = curve;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn received_by_sums_the_inflows_up_to_each_time() {
        let sample = DrawSample {
            inflows: vec![
                vec![(3.0, 10.0), (1.0, 1.0)],
                vec![(3.0, 100.0), (5.0, 1000.0)],
            ],
            ..DrawSample::default()
        };
        let mut cum = Vec::new();
        cumulative_inflows(&sample, &[], &mut cum);
        let mut k = 0;
        let got: Vec<f64> = [0.0, 1.0, 2.0, 3.0, 4.9, 5.0, 9.0]
            .iter()
            .map(|&t| received_by(&cum, t, &mut k))
            .collect();
        assert_eq!(got, vec![0.0, 1.0, 1.0, 111.0, 111.0, 1111.0, 1111.0]);
        // a fresh search from any point gives the same
        let mut k = 0;
        assert_eq!(received_by(&cum, 4.0, &mut k), 111.0);
    }

    #[test]
    fn grid_starts_at_zero_and_is_bounded() {
        let sc = Scenario::from_toml_str(
            "schema = 1\nname = \"x\"\n[[interventions]]\nid = \"a\"\nduration_months = 10\n",
        );
        let Ok(sc) = sc else {
            panic!("scenario parses");
        };
        let Ok(net) = Network::build(&sc) else {
            panic!("network builds");
        };
        let g = grid(&sc, &net);
        assert_eq!(g.first().copied(), Some(0.0));
        assert!(g.len() <= MAX_POINTS);
        assert!(g.last().copied().unwrap_or(0.0) >= 60.0);
    }
}
