//! Money in versus money needed per draw: realised inflows per source and, on a fixed time grid,
//! the cumulative cost committed by the funded interventions and the cumulative cash received.
//!
//! The grid is fixed per simulation (see `cash_grid::grid`) so that the curves of all draws share their
//! abscissae and percentile bands can be taken column by column.

use super::draw_out::DrawOut;
use super::runner::Runner;
use super::sampler::DrawSample;

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
}
