//! The Monte Carlo engine: draws in parallel (rayon) into column arrays.
//!
//! A [`Runner`] is compiled once (sampler, network, constrained problem, uniform columns) and
//! runs any range of draws; [`super::Outcomes`] collects the ranges in order. Draws are grouped in
//! blocks of [`BLOCK`] aligned on multiples of `BLOCK`; floating sums (merge bias, duration
//! moments) are summed per block and the blocks added in order, so results are bit-identical
//! whatever the number of threads, and whatever the chunking as long as chunks are multiples
//! of `BLOCK` (the Python binding's are).
//!
//! Each draw: sample (`simulate::sampler`), run the critical path pass with the draw's risk
//! waits, and, when pools or money constrain (or a scheme is asked for), re-level with the
//! constrained engine (parallel SGS by default) on the compiled [`Problem`] whose numbers are
//! replaced by [`Problem::set_sample`]. Money is honoured in every draw: an intervention whose
//! eligible sources never receive enough in that draw does not start (start and finish `+inf`,
//! [`crate::schedule::Status::Unfunded`]), nor does any intervention after it
//! ([`crate::schedule::Status::Held`]); the draw is flagged `money_short`, its project finish
//! (of all work) is `+inf` (censored: the work is not done within any horizon) and its finish of
//! funded work is the latest finite finish; the money missing is recorded per source. A draw
//! whose staff never suffices has finish `+inf`, per-intervention values NaN, `infeasible` set
//! and no completion for relapse.

use rayon::prelude::*;

use super::dispatch::run_block;
use super::draw_cpm::MergeSums;
use super::draw_out::DrawOut;
use super::draw_schedule::{driving, funded_makespan, lag_uniform};
use super::outcomes::Block;
pub use super::runner::{constrained, Runner, BLOCK};
use super::workspace::Workspace;
use crate::error::{Error, Result};
use crate::schedule::constrained::run_method;

thread_local! {
    /// The batched kernel's buffers, kept per thread from run to run: a fresh set per rayon job
    /// (`map_init`) meant about a megabyte of newly faulted pages per job, many times per call.
    /// Every block starts by resetting what it reads (`Workspace::start_block`), so what a
    /// previous run left does not matter; the kernel never re-enters rayon while it holds them.
    static WORKSPACES: std::cell::RefCell<super::batch::workspace::Workspaces> =
        std::cell::RefCell::new(super::batch::workspace::Workspaces::default());
}

impl Runner {
    /// Run draws `from..to` (in parallel on the current rayon pool).
    ///
    /// # Errors
    /// Errors of the constrained engine other than [`Error::Infeasible`] (which marks a draw).
    pub fn run(&self, from: usize, to: usize) -> Result<Vec<Block>> {
        let first = from / BLOCK;
        let last = to.div_ceil(BLOCK);
        if let Some(plan) = &self.plan {
            return (first..last)
                .into_par_iter()
                .map(|b| {
                    crate::interrupt::check()?;
                    let lo = (b * BLOCK).max(from);
                    let hi = ((b + 1) * BLOCK).min(to);
                    Ok(WORKSPACES
                        .with(|ws| run_block(self.isa, self, plan, &mut ws.borrow_mut(), lo, hi)))
                })
                .collect();
        }
        (first..last)
            .into_par_iter()
            .map(|b| {
                crate::interrupt::check()?;
                let lo = (b * BLOCK).max(from);
                let hi = ((b + 1) * BLOCK).min(to);
                self.run_block(lo, hi)
            })
            .collect()
    }

    fn run_block(&self, from: usize, to: usize) -> Result<Block> {
        let mut ws = Workspace::new(self);
        let mut block = Block::new(self, to.saturating_sub(from));
        for k in from..to {
            let out = self.one(k as u64, &mut ws, &mut block.merge)?;
            block.push(self, &ws.sample, &out);
        }
        Ok(block)
    }

    fn one(&self, draw: u64, ws: &mut Workspace, merge: &mut MergeSums) -> Result<DrawOut> {
        self.sampler.draw(draw, &mut ws.sample);
        let s = &ws.sample;
        ws.cpm.run(&self.net, &s.dur, &s.wait);
        ws.cpm.merge_values(&self.net, &s.dur, &self.merges, merge);
        let n = self.len();
        let mut out = DrawOut::default();
        if let Some(problem) = ws.problem.as_mut() {
            for (i, &fm) in self.flat.iter().enumerate() {
                if let (Some(d), Some(c)) = (ws.flat_dur.get_mut(fm), ws.flat_cost.get_mut(fm)) {
                    *d = s.dur.get(i).copied().unwrap_or(0.0);
                    *c = s.cost.get(i).copied().unwrap_or(0.0);
                }
            }
            if !self.mobilisation_lag.is_empty() {
                ws.lags.clear();
                ws.lags
                    .extend(self.mobilisation_lag.iter().enumerate().map(|(i, d)| {
                        d.as_ref()
                            .map_or(0.0, |d| d.quantile(lag_uniform(self.sampler.seed, draw, i)))
                    }));
                problem.set_mobilisation_lags(&ws.lags);
            }
            let rel = problem.net.release_mut();
            for (j, r) in rel.iter_mut().enumerate() {
                let base = ws.release.get(j).copied().unwrap_or(0.0);
                let w = s.wait.get(j).copied().unwrap_or(0.0);
                *r = if w > 0.0 {
                    base.max(ws.cpm.es.get(j).copied().unwrap_or(base))
                } else {
                    base
                };
            }
            let result = problem
                .set_sample(&ws.flat_dur, &ws.flat_cost, &s.inflows)
                .and_then(|()| run_method(problem, &mut ws.sgs, &self.sched));
            match result {
                Ok((sched, _)) => ws.sched = sched,
                Err(Error::Infeasible { .. }) => {
                    out.infeasible = true;
                    out.start = vec![f64::NAN; n];
                    out.finish = vec![f64::NAN; n];
                    out.critical = vec![false; n];
                    out.makespan = f64::INFINITY;
                    out.funded_makespan = f64::INFINITY;
                    super::draw_outcomes::money_staff_relapse(
                        self,
                        s,
                        &mut out,
                        &mut ws.events,
                        &mut ws.inflows,
                    );
                    return Ok(out);
                }
                Err(e) => return Err(e),
            }
            out.start.clone_from(&ws.sched.start);
            out.finish.clone_from(&ws.sched.finish);
            out.makespan = ws.sched.makespan;
            out.funded_makespan = funded_makespan(&ws.sched.finish);
            out.critical = driving(&ws.sched, out.funded_makespan);
            out.money_short = !ws.sched.shortfalls.is_empty();
            out.status.clone_from(&ws.sched.status);
            out.mobilised.clone_from(&ws.sched.mobilised);
            out.short_of.clear();
            out.short_of
                .extend(ws.sched.shortfalls.iter().map(|x| (x.activity, x.amount)));
            super::draw_outcomes::charges(self, &ws.sched, &mut out);
        } else {
            out.start.clone_from(&ws.cpm.es);
            out.finish.clone_from(&ws.cpm.ef);
            out.makespan = ws.cpm.makespan;
            out.funded_makespan = ws.cpm.makespan;
            out.critical.clone_from(&ws.cpm.critical);
        }
        for (i, e) in s.exists.iter().enumerate() {
            if !e {
                if let (Some(a), Some(b), Some(c)) = (
                    out.start.get_mut(i),
                    out.finish.get_mut(i),
                    out.critical.get_mut(i),
                ) {
                    *a = f64::NAN;
                    *b = f64::NAN;
                    *c = false;
                }
            }
        }
        super::draw_outcomes::money_staff_relapse(
            self,
            s,
            &mut out,
            &mut ws.events,
            &mut ws.inflows,
        );
        Ok(out)
    }
}
