//! [`Block`]: the outcome columns of a contiguous range of draws, filled draw by draw (or
//! lane by lane by the batched kernel) and added into [`super::Outcomes`] in draw order.

use super::draw_cpm::MergeSums;
use super::draw_out::DrawOut;
use super::runner::Runner;
use super::sampler::DrawSample;

/// Columns of a contiguous range of draws (see [`Outcomes`] for their meaning).
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub(crate) finish: Vec<f64>,
    pub(crate) finish_funded: Vec<f64>,
    pub(crate) unfunded_count: Vec<u32>,
    pub(crate) held_count: Vec<u32>,
    pub(crate) source_gap: Vec<Vec<f64>>,
    pub(crate) unfunded_draws: Vec<u64>,
    pub(crate) held_draws: Vec<u64>,
    pub(crate) mobilised_draws: Vec<u64>,
    pub(crate) shortfall_sum: Vec<f64>,
    pub(crate) on_time: Vec<u64>,
    pub(crate) started_bins: Vec<u64>,
    pub(crate) situation_finish: Vec<Vec<f64>>,
    pub(crate) cost: Vec<f64>,
    pub(crate) source_cost: Vec<Vec<f64>>,
    pub(crate) unfunded: Vec<f64>,
    pub(crate) funding_gap: Vec<f64>,
    pub(crate) peak_staff: Vec<Vec<f64>>,
    pub(crate) relapse5: Vec<f64>,
    pub(crate) relapse10: Vec<f64>,
    pub(crate) infeasible: Vec<bool>,
    pub(crate) money_short: Vec<bool>,
    pub(crate) risk_occurred: Vec<bool>,
    pub(crate) start_m: Vec<f64>,
    pub(crate) finish_m: Vec<f64>,
    pub(crate) duration_m: Vec<f64>,
    pub(crate) critical: Vec<u64>,
    pub(crate) exists: Vec<u64>,
    /// Draws of the block in which every intervention happened, counted apart from `exists`
    /// (lean blocks of the batched kernel, where nothing is uncertain).
    pub(crate) all_exist: u64,
    pub(crate) dur_sum: Vec<f64>,
    pub(crate) dur_sq: Vec<f64>,
    pub(crate) cost_sum: Vec<f64>,
    pub(crate) funded_sum: Vec<f64>,
    pub(crate) short_sum: Vec<f64>,
    pub(crate) merge: MergeSums,
    pub(crate) received: Vec<Vec<f64>>,
    pub(crate) committed_curve: Vec<f64>,
    pub(crate) received_curve: Vec<f64>,
}

impl Block {
    pub(crate) fn new(r: &Runner, cap: usize) -> Block {
        Block::shaped(r, cap, true, true, true)
    }

    /// A block of the batched kernel: without the per-intervention money sums when no
    /// intervention has a cost (no source there: nothing funded) and without existence counts
    /// when every intervention happens (counted in `all_exist`). Less for
    /// [`Outcomes::extend`] to add while the caller waits.
    pub(crate) fn lean(r: &Runner, cap: usize, cost: bool, uncertain: bool) -> Block {
        Block::shaped(r, cap, cost, false, uncertain)
    }

    fn shaped(r: &Runner, cap: usize, cost: bool, funded: bool, exists: bool) -> Block {
        let n = r.len();
        let zeros = |keep: bool| if keep { vec![0.0; n] } else { Vec::new() };
        let counts = |keep: bool| if keep { vec![0u64; n] } else { Vec::new() };
        let sits = r.arrival.len();
        Block {
            finish: Vec::with_capacity(cap),
            finish_funded: Vec::with_capacity(cap),
            source_gap: vec![Vec::with_capacity(cap); r.sampler.sources],
            unfunded_draws: counts(funded),
            held_draws: counts(funded),
            mobilised_draws: counts(funded),
            shortfall_sum: zeros(funded),
            on_time: vec![0; r.deadlines.len()],
            started_bins: if funded && r.track_funding {
                vec![0; n * (r.cash_grid.len() + 1)]
            } else {
                Vec::new()
            },
            situation_finish: vec![Vec::with_capacity(cap); sits],
            source_cost: vec![Vec::with_capacity(cap); r.sampler.sources],
            peak_staff: vec![Vec::with_capacity(cap); r.pools],
            critical: vec![0; n],
            exists: if exists { vec![0; n] } else { Vec::new() },
            dur_sum: vec![0.0; n],
            dur_sq: vec![0.0; n],
            cost_sum: zeros(cost),
            funded_sum: zeros(funded),
            short_sum: zeros(cost),
            merge: MergeSums::new(&r.net, &r.merges),
            received: vec![Vec::with_capacity(cap); r.sampler.sources],
            ..Block::default()
        }
    }

    pub(crate) fn push(&mut self, r: &Runner, s: &DrawSample, o: &DrawOut) {
        use crate::schedule::Status;
        self.finish.push(o.makespan);
        self.finish_funded.push(o.funded_makespan);
        for (k, col) in self.situation_finish.iter_mut().enumerate() {
            let mut f = r.arrival.get(k).copied().unwrap_or(0.0);
            for (i, fi) in o.finish.iter().enumerate() {
                // work that never starts (`+inf`) leaves the situation unfinished
                if r.situation.get(i).copied().flatten() == Some(k) && !fi.is_nan() {
                    f = f.max(*fi);
                }
            }
            col.push(if o.infeasible { f64::INFINITY } else { f });
        }
        let count = |what: Status| o.status.iter().filter(|&&x| x == what).count() as u32;
        self.unfunded_count.push(count(Status::Unfunded));
        self.held_count.push(count(Status::Held));
        for (k, col) in self.source_gap.iter_mut().enumerate() {
            col.push(o.source_gap.get(k).copied().unwrap_or(0.0));
        }
        for (i, st) in o.status.iter().enumerate() {
            let slot = match st {
                Status::Unfunded => self.unfunded_draws.get_mut(i),
                Status::Held => self.held_draws.get_mut(i),
                Status::Scheduled => None,
            };
            if let Some(c) = slot {
                *c += 1;
            }
        }
        // money mobilised: pledges fell short, yet the work started
        let mut last = u32::MAX;
        for &(i, amount) in &o.short_of {
            if i != last && o.status.get(i as usize) == Some(&Status::Scheduled) {
                if let Some(c) = self.mobilised_draws.get_mut(i as usize) {
                    *c += 1;
                }
            }
            if let Some(s) = self.shortfall_sum.get_mut(i as usize) {
                *s += amount;
            }
            last = i;
        }
        for (c, &(i, dl)) in self.on_time.iter_mut().zip(&r.deadlines) {
            *c += u64::from(o.finish.get(i as usize).is_some_and(|&f| f <= dl));
        }
        if !self.started_bins.is_empty() {
            // first grid point at or after each start (the last bin: after the grid)
            let g = r.cash_grid.len() + 1;
            for (i, &st) in o.start.iter().enumerate() {
                if st.is_finite() {
                    let k = r.cash_grid.partition_point(|&t| t < st);
                    if let Some(c) = self.started_bins.get_mut(i * g + k) {
                        *c += 1;
                    }
                }
            }
        }
        self.cost.push(o.cost);
        for (col, v) in self.source_cost.iter_mut().zip(&o.source_cost) {
            col.push(*v);
        }
        self.unfunded.push(o.unfunded);
        self.funding_gap.push(o.gap);
        for (col, v) in self.peak_staff.iter_mut().zip(&o.peak) {
            col.push(*v);
        }
        self.relapse5.push(o.relapse[0]);
        self.relapse10.push(o.relapse[1]);
        self.infeasible.push(o.infeasible);
        self.money_short.push(o.money_short);
        self.risk_occurred.extend_from_slice(&s.occurred);
        for (col, v) in self.received.iter_mut().zip(&o.received) {
            col.push(*v);
        }
        self.committed_curve.extend_from_slice(&o.committed_curve);
        self.received_curve.extend_from_slice(&o.received_curve);
        if r.keep_matrix {
            self.start_m.extend_from_slice(&o.start);
            self.finish_m.extend_from_slice(&o.finish);
            self.duration_m.extend_from_slice(&s.dur);
        }
        for (i, ((c, e), (ds, dq))) in self
            .critical
            .iter_mut()
            .zip(self.exists.iter_mut())
            .zip(self.dur_sum.iter_mut().zip(self.dur_sq.iter_mut()))
            .enumerate()
        {
            *c += u64::from(o.critical.get(i).copied().unwrap_or(false));
            *e += u64::from(s.exists.get(i).copied().unwrap_or(false));
            let d = s.dur.get(i).copied().unwrap_or(0.0);
            *ds += d;
            *dq += d * d;
        }
        // money per intervention, over feasible draws only (an infeasible draw charges nothing)
        if !o.infeasible {
            for (i, ((c, f), u)) in self
                .cost_sum
                .iter_mut()
                .zip(self.funded_sum.iter_mut())
                .zip(self.short_sum.iter_mut())
                .enumerate()
            {
                *c += s.cost.get(i).copied().unwrap_or(0.0);
                *f += o.funded.get(i).copied().unwrap_or(0.0);
                *u += o.short.get(i).copied().unwrap_or(0.0);
            }
        }
    }
}
