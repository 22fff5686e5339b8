//! Outcome columns: one `Vec<f64>` per metric (one value per draw), optional draw x
//! intervention matrices (row-major), and streamed sums.

pub use super::block::Block;
use super::draw_cpm::MergeSums;
use super::runner::Runner;

pub use super::relapse::HORIZONS;

/// All outcomes of a simulation, as columns (one value per draw) ready for numpy.
#[derive(Debug, Clone, Default)]
pub struct Outcomes {
    /// Number of draws.
    pub draws: usize,
    /// Project finish per draw, months: the finish of all work, `inf` when some work never
    /// starts (money that never arrives, or staff that never suffices). Censored, not missing:
    /// the work is not done within any horizon.
    pub finish: Vec<f64>,
    /// Finish of the work that started per draw, months (`inf` for an infeasible draw).
    pub finish_funded: Vec<f64>,
    /// Interventions per draw that never started because their money never arrived.
    pub unfunded_count: Vec<u32>,
    /// Interventions per draw held because a predecessor never started.
    pub held_count: Vec<u32>,
    /// Money missing per source per draw, US$ (outer index = source): the shortfall of each
    /// unfunded intervention after every eligible source gave all it could, charged to its
    /// first eligible source (see [`crate::schedule::Shortfall`]).
    pub source_gap: Vec<Vec<f64>>,
    /// Draws in which each intervention was unfunded.
    pub unfunded_draws: Vec<u64>,
    /// Draws in which each intervention was held by an unstarted predecessor.
    pub held_draws: Vec<u64>,
    /// Draws in which each intervention's pledges fell short and it started on money
    /// mobilised for it (a source with `mobilisation_lag_months`).
    pub mobilised_draws: Vec<u64>,
    /// Sum over the draws of the money each intervention's pledged sources lacked, US$ (its
    /// shortfalls: work mobilised or never started; see `source_gap` for the sources).
    pub shortfall_sum: Vec<f64>,
    /// Draws in which each intervention with a deadline finished by it (in the order of
    /// [`Runner::deadlines`]).
    pub on_time: Vec<u64>,
    /// Starts binned on the cash grid, interventions x (grid + 1), row-major: entry `k` counts
    /// the draws whose start is after grid point `k - 1` and at or before grid point `k` (the
    /// last: after the grid). Empty when no money constrains the run.
    pub started_bins: Vec<u64>,
    /// Finish per situation per draw (outer index = situation).
    pub situation_finish: Vec<Vec<f64>>,
    /// Total cost per draw, US$.
    pub cost: Vec<f64>,
    /// Cost charged to each source per draw (outer index = source), in order of preference
    /// against the source's realised inflows.
    pub source_cost: Vec<Vec<f64>>,
    /// Cost that no source was charged for, US$: the whole cost of interventions that never
    /// started and of interventions without an eligible source.
    pub unfunded: Vec<f64>,
    /// Money missing, US$: with a constrained engine the sum of `source_gap` (money is
    /// honoured, so cash never runs short in time); with the critical path (money ignored) the
    /// largest excess of cost committed over cash received at any time, pooled over sources.
    pub funding_gap: Vec<f64>,
    /// Peak staff demand per pool per draw, FTE (outer index = pool).
    pub peak_staff: Vec<Vec<f64>>,
    /// Probability of relapse within 5 years per draw.
    pub relapse5: Vec<f64>,
    /// Probability of relapse within 10 years per draw.
    pub relapse10: Vec<f64>,
    /// Whether the draw was infeasible (staff that never suffices).
    pub infeasible: Vec<bool>,
    /// Whether the draw's pledges fell short of some intervention's cost: the work never
    /// started (`unfunded_count`) or drew on money mobilised for it (a source with
    /// `mobilisation_lag_months`).
    pub money_short: Vec<bool>,
    /// Risk occurrence, draws x risks, row-major.
    pub risk_occurred: Vec<bool>,
    /// Starts, draws x interventions, row-major (empty when not kept; NaN = did not happen).
    pub start: Vec<f64>,
    /// Finishes, draws x interventions, row-major (empty when not kept).
    pub finish_matrix: Vec<f64>,
    /// Sampled durations, draws x interventions, row-major (empty when not kept).
    pub duration: Vec<f64>,
    /// Draws in which each intervention was on a driving (critical) path.
    pub critical_count: Vec<u64>,
    /// Draws in which each intervention happened.
    pub exists_count: Vec<u64>,
    /// Sum of sampled durations per intervention.
    pub dur_sum: Vec<f64>,
    /// Sum of squared sampled durations per intervention.
    pub dur_sq: Vec<f64>,
    /// Sum over feasible draws of each intervention's committed cost (its sampled cost where it
    /// happened, 0 otherwise), US$.
    pub cost_sum: Vec<f64>,
    /// Sum over feasible draws of the part of each intervention's cost charged to its sources
    /// (in order of start, against their realised inflows), US$.
    pub funded_sum: Vec<f64>,
    /// Sum over feasible draws of the part of each intervention's cost left unfunded (all of it
    /// for an intervention without sources), US$.
    pub short_sum: Vec<f64>,
    pub(crate) merge: MergeSums,
    /// Realised inflows per source per draw, US$ (outer index = source).
    pub received: Vec<Vec<f64>>,
    /// Cumulative cost committed by funded interventions, draws x `cash_grid`, row-major; empty
    /// when every value is 0 (runs of the batched kernel: no funding source, nothing funded).
    pub committed_curve: Vec<f64>,
    /// Cumulative cash received, draws x `cash_grid`, row-major; empty when every value is 0
    /// (as `committed_curve`).
    pub received_curve: Vec<f64>,
    /// Points of the cash grid (columns of the two curves).
    grid_len: usize,
}

impl Outcomes {
    /// Empty outcomes shaped for `runner`.
    pub fn new(r: &Runner) -> Outcomes {
        let b = Block::new(r, 0);
        Outcomes {
            source_gap: b.source_gap,
            unfunded_draws: b.unfunded_draws,
            held_draws: b.held_draws,
            mobilised_draws: b.mobilised_draws,
            shortfall_sum: b.shortfall_sum,
            on_time: b.on_time,
            started_bins: b.started_bins,
            situation_finish: b.situation_finish,
            source_cost: b.source_cost,
            peak_staff: b.peak_staff,
            critical_count: b.critical,
            exists_count: b.exists,
            dur_sum: b.dur_sum,
            dur_sq: b.dur_sq,
            cost_sum: b.cost_sum,
            funded_sum: b.funded_sum,
            short_sum: b.short_sum,
            merge: b.merge,
            received: b.received,
            grid_len: r.cash_grid.len(),
            ..Outcomes::default()
        }
    }

    /// Append blocks (in draw order).
    ///
    /// Every sum is added block by block in draw order (so the totals do not depend on the
    /// threads); the columns and the per-intervention sums are two halves done side by side:
    /// this runs after the parallel draws, while the caller waits.
    pub fn extend(&mut self, blocks: Vec<Block>) {
        let Outcomes {
            draws,
            finish,
            finish_funded,
            unfunded_count,
            held_count,
            source_gap,
            unfunded_draws,
            held_draws,
            mobilised_draws,
            shortfall_sum,
            on_time,
            started_bins,
            situation_finish,
            cost,
            source_cost,
            unfunded,
            funding_gap,
            peak_staff,
            relapse5,
            relapse10,
            infeasible,
            money_short,
            risk_occurred,
            start,
            finish_matrix,
            duration,
            critical_count,
            exists_count,
            dur_sum,
            dur_sq,
            cost_sum,
            funded_sum,
            short_sum,
            merge,
            received,
            committed_curve,
            received_curve,
            grid_len,
        } = self;
        let blocks = &blocks;
        let columns = || {
            // Reserve once (no reallocation copies of the growing columns). The batched
            // kernel's blocks leave the cash curves empty (all zero: no source); they stay
            // empty here rather than becoming draws x grid zeros (154 MB at 40,000 draws), and
            // the bindings hand out a broadcast row of zeros.
            let total: usize = blocks.iter().map(|b| b.finish.len()).sum();
            for col in [
                &mut *finish,
                &mut *finish_funded,
                &mut *cost,
                &mut *unfunded,
                &mut *funding_gap,
                &mut *relapse5,
                &mut *relapse10,
            ]
            .into_iter()
            .chain(situation_finish.iter_mut())
            {
                col.reserve(total);
            }
            infeasible.reserve(total);
            unfunded_count.reserve(total);
            held_count.reserve(total);
            money_short.reserve(total);
            if blocks.iter().any(|b| !b.committed_curve.is_empty()) {
                committed_curve.reserve(total * *grid_len);
                received_curve.reserve(total * *grid_len);
            }
            for b in blocks {
                *draws += b.finish.len();
                finish.extend_from_slice(&b.finish);
                finish_funded.extend_from_slice(&b.finish_funded);
                unfunded_count.extend_from_slice(&b.unfunded_count);
                held_count.extend_from_slice(&b.held_count);
                for (a, c) in source_gap.iter_mut().zip(&b.source_gap) {
                    a.extend_from_slice(c);
                }
                for (a, c) in situation_finish.iter_mut().zip(&b.situation_finish) {
                    a.extend_from_slice(c);
                }
                cost.extend_from_slice(&b.cost);
                for (a, c) in source_cost.iter_mut().zip(&b.source_cost) {
                    a.extend_from_slice(c);
                }
                unfunded.extend_from_slice(&b.unfunded);
                funding_gap.extend_from_slice(&b.funding_gap);
                for (a, c) in peak_staff.iter_mut().zip(&b.peak_staff) {
                    a.extend_from_slice(c);
                }
                relapse5.extend_from_slice(&b.relapse5);
                relapse10.extend_from_slice(&b.relapse10);
                infeasible.extend_from_slice(&b.infeasible);
                money_short.extend_from_slice(&b.money_short);
                risk_occurred.extend_from_slice(&b.risk_occurred);
                start.extend_from_slice(&b.start_m);
                finish_matrix.extend_from_slice(&b.finish_m);
                duration.extend_from_slice(&b.duration_m);
                for (a, c) in received.iter_mut().zip(&b.received) {
                    a.extend_from_slice(c);
                }
                // The batched critical-path kernel only runs scenarios without funding
                // sources, where nothing is funded and nothing is received: its blocks leave
                // the curves empty, and a run uses either that kernel for every draw or for
                // none.
                committed_curve.extend_from_slice(&b.committed_curve);
                received_curve.extend_from_slice(&b.received_curve);
            }
        };
        let sums = || {
            let mut all_exist = 0;
            for b in blocks {
                // (a lean block of the batched kernel leaves the sums that are all zero empty)
                add(critical_count, &b.critical);
                add(exists_count, &b.exists);
                all_exist += b.all_exist;
                add(dur_sum, &b.dur_sum);
                add(dur_sq, &b.dur_sq);
                add(cost_sum, &b.cost_sum);
                add(funded_sum, &b.funded_sum);
                add(short_sum, &b.short_sum);
                add(unfunded_draws, &b.unfunded_draws);
                add(held_draws, &b.held_draws);
                add(mobilised_draws, &b.mobilised_draws);
                add(shortfall_sum, &b.shortfall_sum);
                add(on_time, &b.on_time);
                add(started_bins, &b.started_bins);
                merge.add(&b.merge);
            }
            if all_exist > 0 {
                exists_count.iter_mut().for_each(|a| *a += all_exist);
            }
        };
        rayon::join(columns, sums);
    }
}

/// `total[i] += part[i]` (nothing when `part` is empty).
fn add<T: Copy + std::ops::AddAssign>(total: &mut [T], part: &[T]) {
    for (a, &c) in total.iter_mut().zip(part) {
        *a += c;
    }
}
