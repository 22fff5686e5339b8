//! The time grid of the cash curves, fixed per simulation so that the curves of all draws share
//! their abscissae and percentile bands can be taken column by column.

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

#[cfg(test)]
mod tests {
    use super::*;

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
