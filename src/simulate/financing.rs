//! Financing overview of a plan and of a simulation: pledged, received, committed and the
//! funding gap by source, by kind of money and over time (US$).
//!
//! Definitions (`docs/statistics.md`):
//!
//! - *committed* at month `t`: each draw of an intervention on a source, spread evenly over its
//!   `over` months from its start (all at the start when `over = 0`);
//! - *received* at month `t`: every inflow that arrived by `t` (`months <= t`);
//! - *gap*: the largest shortfall of committed over received at any time up to the plan's
//!   finish (0 when money always covers the commitments).
//!
//! A simulation's per-draw money (cost charged to each source, realised inflows, the pooled
//! largest gap) is computed by the engine; here it is summarised with the core's quantile rule
//! ([`super::stats`]): money needed at its P80, money in at its P20.

use super::stats::{column_quantiles, spread, Spread};
use crate::model::SourceKind;
use crate::schedule::plan::{FundingDraw, Plan};

/// The four kinds of money, in report order.
pub const KINDS: [SourceKind; 4] = [
    SourceKind::Assessed,
    SourceKind::Voluntary,
    SourceKind::Grant,
    SourceKind::Other,
];

/// Money of a group of sources in a plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanMoney {
    /// Sum of the pledges as promised.
    pub pledged_usd: f64,
    /// Inflows that arrive by the plan's finish.
    pub received_usd: f64,
    /// Cost charged to the sources.
    pub committed_usd: f64,
    /// Largest shortfall of committed over received up to the plan's finish.
    pub gap_usd: f64,
}

/// Sum starting from `+0.0` (an empty sum is `0`, not `-0`).
fn total(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |a, b| a + b)
}

/// Committed US$ of one draw at `t`; with `before`, the limit from the left (a lump committed
/// at `t` itself not yet counted).
fn committed_one(d: &FundingDraw, t: f64, before: bool) -> f64 {
    let frac = if d.over > 0.0 {
        ((t - d.start) / d.over).clamp(0.0, 1.0)
    } else if t > d.start || (!before && t == d.start) {
        1.0
    } else {
        0.0
    };
    d.amount_usd * frac
}

/// Cumulative committed US$ at each time of `t`.
pub fn committed_at(draws: &[&FundingDraw], t: &[f64]) -> Vec<f64> {
    t.iter()
        .map(|&x| total(draws.iter().map(|d| committed_one(d, x, false))))
        .collect()
}

/// Cumulative received US$ at each time of `t` from `(months, US$)` inflows.
pub fn received_at(inflows: &[(f64, f64)], t: &[f64]) -> Vec<f64> {
    t.iter()
        .map(|&x| total(inflows.iter().filter(|f| f.0 <= x).map(|f| f.1)))
        .collect()
}

/// Largest shortfall of committed over received at any time in `[0, end]` (0 when money is
/// always ahead). Exact: between two breakpoints (a start, an end of spreading, an inflow)
/// committed grows linearly and received is flat, so the supremum is reached at a breakpoint
/// or just before one (money spent while an inflow due at that very month has not arrived).
pub fn largest_gap(draws: &[&FundingDraw], inflows: &[(f64, f64)], end: f64) -> f64 {
    let mut t = vec![0.0, end];
    t.extend(draws.iter().flat_map(|d| [d.start, d.start + d.over]));
    t.extend(inflows.iter().map(|f| f.0));
    t.retain(|x| x.is_finite() && *x <= end);
    t.sort_by(f64::total_cmp);
    t.dedup();
    t.iter()
        .flat_map(|&x| {
            let at = total(draws.iter().map(|d| committed_one(d, x, false)))
                - total(inflows.iter().filter(|f| f.0 <= x).map(|f| f.1));
            let before = total(draws.iter().map(|d| committed_one(d, x, true)))
                - total(inflows.iter().filter(|f| f.0 < x).map(|f| f.1));
            [at, before]
        })
        .fold(0.0, f64::max)
}

/// [`PlanMoney`] of the sources `members` (indices into `plan.sources`).
pub fn plan_money(plan: &Plan, members: &[usize]) -> PlanMoney {
    let end = plan.makespan;
    let draws: Vec<&FundingDraw> = plan
        .draws
        .iter()
        .filter(|d| members.contains(&d.source))
        .collect();
    let inflows: Vec<(f64, f64)> = members
        .iter()
        .filter_map(|&k| plan.inflows.get(k))
        .flatten()
        .copied()
        .collect();
    PlanMoney {
        pledged_usd: total(
            members
                .iter()
                .filter_map(|&k| plan.sources.get(k))
                .map(|s| s.pledged_usd),
        ),
        received_usd: total(inflows.iter().filter(|f| f.0 <= end).map(|f| f.1)),
        committed_usd: total(draws.iter().map(|d| d.amount_usd)),
        gap_usd: largest_gap(&draws, &inflows, end),
    }
}

/// Indices of the plan's sources of one kind.
fn of_kind(plan: &Plan, kind: SourceKind) -> Vec<usize> {
    (0..plan.sources.len())
        .filter(|&k| plan.sources.get(k).is_some_and(|s| s.kind == kind))
        .collect()
}

/// One [`PlanMoney`] per source, in scenario order.
pub fn plan_by_source(plan: &Plan) -> Vec<PlanMoney> {
    (0..plan.sources.len())
        .map(|k| plan_money(plan, &[k]))
        .collect()
}

/// One [`PlanMoney`] per kind of money ([`KINDS`]) and the total (every source pooled: its gap
/// is the pooled gap, not the sum of the kinds' gaps).
pub fn plan_by_kind(plan: &Plan) -> Vec<PlanMoney> {
    let mut out: Vec<PlanMoney> = KINDS
        .iter()
        .map(|&k| plan_money(plan, &of_kind(plan, k)))
        .collect();
    let all: Vec<usize> = (0..plan.sources.len()).collect();
    out.push(plan_money(plan, &all));
    out
}

/// A plan's money month by month.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanMoneyOverTime {
    /// Months 0, 1, ... up to the later of the finish and the last inflow (rounded up).
    pub months: Vec<f64>,
    /// Cumulative received.
    pub received_usd: Vec<f64>,
    /// Cumulative committed.
    pub committed_usd: Vec<f64>,
    /// `max(committed - received, 0)`.
    pub gap_usd: Vec<f64>,
    /// Cumulative received per kind ([`KINDS`] order).
    pub received_by_kind: Vec<Vec<f64>>,
    /// Cumulative committed per kind ([`KINDS`] order).
    pub committed_by_kind: Vec<Vec<f64>>,
}

/// [`PlanMoneyOverTime`] of a plan.
pub fn plan_over_time(plan: &Plan) -> PlanMoneyOverTime {
    let last = plan
        .inflows
        .iter()
        .flatten()
        .map(|f| f.0)
        .fold(plan.makespan, f64::max);
    let steps = if last.is_finite() {
        last.ceil().max(0.0) as usize
    } else {
        0
    };
    let months: Vec<f64> = (0..=steps).map(|m| m as f64).collect();
    let parts = |members: &[usize]| {
        let draws: Vec<&FundingDraw> = plan
            .draws
            .iter()
            .filter(|d| members.contains(&d.source))
            .collect();
        let inflows: Vec<(f64, f64)> = members
            .iter()
            .filter_map(|&k| plan.inflows.get(k))
            .flatten()
            .copied()
            .collect();
        (
            received_at(&inflows, &months),
            committed_at(&draws, &months),
        )
    };
    let all: Vec<usize> = (0..plan.sources.len()).collect();
    let (received_usd, committed_usd) = parts(&all);
    let gap_usd = committed_usd
        .iter()
        .zip(&received_usd)
        .map(|(c, r)| (c - r).max(0.0))
        .collect();
    let (mut received_by_kind, mut committed_by_kind) = (Vec::new(), Vec::new());
    for k in KINDS {
        let (r, c) = parts(&of_kind(plan, k));
        received_by_kind.push(r);
        committed_by_kind.push(c);
    }
    PlanMoneyOverTime {
        months,
        received_usd,
        committed_usd,
        gap_usd,
        received_by_kind,
        committed_by_kind,
    }
}

/// Money of a group of sources across the draws of a simulation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimMoney {
    /// Realised inflows: mean, P50 and P20 (80 % of draws receive at least this).
    pub received: Spread,
    /// Cost charged: mean, P50 and P80.
    pub committed: Spread,
}

/// [`SimMoney`] of each group of sources: `received` and `committed` are `draws x sources`
/// row-major (the engine's `received:<s>` and `cost:<s>` columns), `group[s]` the group of
/// source `s` (`>= groups`: in none). A draw's group total adds its sources in source order.
pub fn sim_money(
    received: &[f64],
    committed: &[f64],
    sources: usize,
    group: &[usize],
    groups: usize,
) -> Vec<SimMoney> {
    let draws = received.len().checked_div(sources).unwrap_or(0);
    (0..groups)
        .map(|g| {
            let total = |m: &[f64]| -> Vec<f64> {
                (0..draws)
                    .map(|k| {
                        (0..sources)
                            .filter(|&s| group.get(s) == Some(&g))
                            .fold(0.0, |acc, s| {
                                acc + m.get(k * sources + s).copied().unwrap_or(0.0)
                            })
                    })
                    .collect()
            };
            SimMoney {
                received: spread(&total(received), 0.2),
                committed: spread(&total(committed), 0.8),
            }
        })
        .collect()
}

/// P-value bands of a simulation's cumulative money on its cash grid.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyBands {
    /// Committed, P50 per grid month.
    pub committed_p50: Vec<f64>,
    /// Committed, P80.
    pub committed_p80: Vec<f64>,
    /// Received, P50.
    pub received_p50: Vec<f64>,
    /// Received, P20.
    pub received_p20: Vec<f64>,
    /// `max(committed - received, 0)`, P50.
    pub gap_p50: Vec<f64>,
    /// The same gap, P80.
    pub gap_p80: Vec<f64>,
}

/// [`MoneyBands`] from the `draws x months` committed and received curves; draws whose
/// committed curve is not finite everywhere (infeasible) are left out.
pub fn sim_bands(committed: &[f64], received: &[f64], months: usize) -> MoneyBands {
    let rows = committed.len().checked_div(months).unwrap_or(0);
    let (mut com, mut rec, mut gap) = (Vec::new(), Vec::new(), Vec::new());
    for k in 0..rows {
        let c = committed.get(k * months..(k + 1) * months).unwrap_or(&[]);
        let r = received.get(k * months..(k + 1) * months).unwrap_or(&[]);
        if c.len() == months && r.len() == months && c.iter().all(|x| x.is_finite()) {
            com.extend_from_slice(c);
            rec.extend_from_slice(r);
            gap.extend(c.iter().zip(r).map(|(a, b)| (a - b).max(0.0)));
        }
    }
    let n = com.len().checked_div(months).unwrap_or(0);
    let mut c = column_quantiles(&com, n, months, &[0.5, 0.8]).into_iter();
    let mut r = column_quantiles(&rec, n, months, &[0.5, 0.2]).into_iter();
    let mut g = column_quantiles(&gap, n, months, &[0.5, 0.8]).into_iter();
    let next = |it: &mut std::vec::IntoIter<Vec<f64>>| it.next().unwrap_or_default();
    MoneyBands {
        committed_p50: next(&mut c),
        committed_p80: next(&mut c),
        received_p50: next(&mut r),
        received_p20: next(&mut r),
        gap_p50: next(&mut g),
        gap_p80: next(&mut g),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(source: usize, amount_usd: f64, start: f64, over: f64) -> FundingDraw {
        FundingDraw {
            intervention: 0,
            source,
            amount_usd,
            start,
            over,
        }
    }

    #[test]
    fn committed_spreads_evenly_and_received_steps() {
        let d = draw(0, 120.0, 2.0, 4.0);
        let at = committed_at(&[&d], &[0.0, 2.0, 3.0, 6.0, 9.0]);
        assert_eq!(at, vec![0.0, 0.0, 30.0, 120.0, 120.0]);
        let lump = draw(0, 50.0, 1.0, 0.0);
        assert_eq!(committed_at(&[&lump], &[0.5, 1.0]), vec![0.0, 50.0]);
        let r = received_at(&[(1.0, 10.0), (3.0, 5.0)], &[0.0, 1.0, 2.9, 3.0]);
        assert_eq!(r, vec![0.0, 10.0, 10.0, 15.0]);
    }

    #[test]
    fn largest_gap_is_found_between_inflows() {
        // 100 committed at once at month 0; 40 arrive at 0, 60 at month 5: the gap is 60
        // (months 0 to 5), and nothing after month 5
        let d = draw(0, 100.0, 0.0, 0.0);
        assert_eq!(largest_gap(&[&d], &[(0.0, 40.0), (5.0, 60.0)], 10.0), 60.0);
        // spread over 10 months against 50 at month 0 and 50 at month 8: the largest
        // shortfall is at month 8 just before the inflow (80 - 50 = 30)
        let s = draw(0, 100.0, 0.0, 10.0);
        assert_eq!(largest_gap(&[&s], &[(0.0, 50.0), (8.0, 50.0)], 10.0), 30.0);
        // money ahead of the need: no gap
        assert_eq!(largest_gap(&[&s], &[(0.0, 100.0)], 10.0), 0.0);
        // the rest arrives only at the end: just before month 10, 100 committed against 50
        assert_eq!(largest_gap(&[&s], &[(0.0, 50.0), (10.0, 50.0)], 10.0), 50.0);
        // a lump and its money at the same month: no gap
        let lump = draw(0, 80.0, 4.0, 0.0);
        assert_eq!(largest_gap(&[&lump], &[(4.0, 80.0)], 10.0), 0.0);
        assert_eq!(largest_gap(&[], &[], 10.0).to_bits(), 0.0f64.to_bits());
    }

    #[test]
    fn sim_money_groups_sources() {
        // 2 draws x 3 sources; sources 0 and 2 in group 0, source 1 in group 1
        let rec = [1.0, 10.0, 2.0, 3.0, 20.0, 4.0];
        let com = [5.0, 0.0, 5.0, 7.0, 1.0, 7.0];
        let g = sim_money(&rec, &com, 3, &[0, 1, 0], 2);
        assert_eq!(g[0].received.mean, 5.0); // (3 + 7) / 2
        assert_eq!(g[0].received.tail, 3.0); // P20 of {3, 7}
        assert_eq!(g[0].committed.tail, 14.0); // P80 of {10, 14}
        assert_eq!(g[1].committed.p50, 0.0);
    }

    #[test]
    fn bands_drop_infeasible_draws() {
        // 3 draws x 2 months; the last draw is infeasible
        let com = [10.0, 20.0, 30.0, 40.0, f64::INFINITY, 0.0];
        let rec = [0.0, 25.0, 10.0, 10.0, 0.0, 0.0];
        let b = sim_bands(&com, &rec, 2);
        assert_eq!(b.committed_p50, vec![10.0, 20.0]);
        assert_eq!(b.committed_p80, vec![30.0, 40.0]);
        assert_eq!(b.gap_p80, vec![20.0, 30.0]);
        assert_eq!(b.gap_p50, vec![10.0, 0.0]);
        assert_eq!(b.received_p20, vec![0.0, 10.0]);
    }
}
