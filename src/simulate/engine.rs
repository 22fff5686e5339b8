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

use std::sync::Arc;

use rayon::prelude::*;

use super::batch::Plan;
use super::dispatch::{run_block, Isa};
use super::draw_cpm::{DrawCpm, MergeSums};
use super::draw_schedule::{driving, funded_makespan, lag_uniform, mobilisation_lags};
use super::outcomes::{Block, DrawOut};
use super::prepared::Prepared;
use super::sampler::{DrawSample, Sampler};
use super::SimOptions;
use crate::error::{Error, Result};
use crate::model::{Point, Scenario};
use crate::network::Network;
use crate::schedule::constrained::{run_method, Method, ScheduleOptions};
use crate::schedule::{Problem, Schedule, Sgs};

thread_local! {
    /// The batched kernel's buffers, kept per thread from run to run: a fresh set per rayon job
    /// (`map_init`) meant about a megabyte of newly faulted pages per job, many times per call.
    /// Every block starts by resetting what it reads (`Workspace::start_block`), so what a
    /// previous run left does not matter; the kernel never re-enters rayon while it holds them.
    static WORKSPACES: std::cell::RefCell<super::batch::Workspaces> =
        std::cell::RefCell::new(super::batch::Workspaces::default());
}

/// Draws per block (the unit of parallel work and of floating-point summation; a multiple of
/// the batched kernel's lanes).
pub const BLOCK: usize = 256;

/// The compiled simulation.
#[derive(Debug, Clone)]
pub struct Runner {
    pub(crate) sampler: Sampler,
    pub(crate) net: Arc<Network>,
    pub(crate) problem: Option<Problem>,
    pub(crate) sched: ScheduleOptions,
    /// Flat mode index of the sampled mode of each intervention.
    pub(crate) flat: Vec<usize>,
    /// Staff demands `(pool, fte)` of the sampled mode of each intervention.
    pub(crate) demands: Vec<Vec<(usize, f64)>>,
    /// Eligible sources of each intervention in order of preference.
    pub(crate) funding: Vec<Vec<usize>>,
    pub(crate) spread: Vec<bool>,
    pub(crate) situation: Vec<Option<usize>>,
    pub(crate) arrival: Vec<f64>,
    /// Relapse model per situation (one group when the scenario has none).
    pub(crate) relapse: Vec<super::relapse_draw::RelapseGroup>,
    pub(crate) merges: Vec<u32>,
    /// `(intervention, deadline)` of every intervention with a deadline, in index order.
    pub deadlines: Vec<(u32, f64)>,
    /// Whether starts are binned on the cash grid (money constrains the run).
    pub(crate) track_funding: bool,
    /// Per intervention, the lag of money mobilised for it (its first *to be mobilised*
    /// source's), drawn per draw; empty when no intervention can mobilise money.
    pub(crate) mobilisation_lag: Vec<Option<crate::model::Dist>>,
    pub(crate) pools: usize,
    pub(crate) keep_matrix: bool,
    /// Time grid of the cash curves (see `cashflow::grid`).
    pub(crate) cash_grid: Arc<[f64]>,
    /// The batched critical-path kernel's plan, when every draw is a plain CPM pass.
    pub(crate) plan: Option<Plan>,
    /// Finish of the deterministic plan when every draw is a critical-path pass (computed
    /// here, on this network, so that a run does not validate and build the network twice).
    pub(crate) deterministic: Option<f64>,
    /// Instruction set of the batched kernel (chosen at run time).
    pub isa: Isa,
    /// Name of the engine used per draw: `cpm`, `serial` or `parallel`.
    pub engine: &'static str,
    /// Warnings of the compilation (a repaired correlation matrix).
    pub warnings: Vec<String>,
}

/// Whether the scenario's staff or money can constrain a schedule.
pub fn constrained(sc: &Scenario) -> bool {
    sc.interventions.iter().any(|iv| {
        let Some(v) = iv.fixed_mode_index().and_then(|k| iv.mode_view(k)) else {
            return false;
        };
        v.staff.values().any(|&f| f > 0.0)
            || (!iv.funding.is_empty() && v.cost_usd.max() > 0.0)
            || v.consumes.values().any(|&a| a > 0.0)
    })
}

impl Runner {
    /// Compile `sc` for `opts` (validated by the caller, see [`super::simulate`]).
    ///
    /// # Errors
    /// Validation errors, unknown ids, [`Error::Infeasible`] when staff or money can never
    /// suffice even at the modes of the distributions, and bad correlation input.
    pub fn new(sc: &Scenario, opts: &SimOptions) -> Result<Runner> {
        let (effective, net) = super::prepared::validated(sc)?;
        Runner::compile(&effective, Arc::new(net), None, None, opts)
    }

    /// Compile a [`Prepared`] scenario for `opts`: what [`Runner::new`] does without
    /// validating the scenario and building its network again.
    ///
    /// # Errors
    /// As [`Runner::new`], but for validation (done by [`Prepared::new`]).
    pub fn from_prepared(p: &Prepared, opts: &SimOptions) -> Result<Runner> {
        Runner::compile(
            &p.scenario,
            Arc::clone(&p.net),
            p.cpm_finish,
            Some(Arc::clone(&p.cash_grid)),
            opts,
        )
    }

    /// `sc` validated with progress applied, `net` its network; `cpm_finish` and `cash_grid`
    /// when already known (see [`Prepared`]).
    fn compile(
        sc: &Scenario,
        net: Arc<Network>,
        cpm_finish: Option<f64>,
        cash_grid: Option<Arc<[f64]>>,
        opts: &SimOptions,
    ) -> Result<Runner> {
        let mut sampler = Sampler::build(sc, opts.seed, opts.trigen)?;
        sampler.order = net.order().to_vec();
        for id in &opts.disabled_risks {
            let k = sc
                .risks
                .iter()
                .position(|r| &r.id == id)
                .ok_or_else(|| Error::UnknownId {
                    what: "risk",
                    id: id.clone(),
                })?;
            if let Some(on) = sampler.risk_on.get_mut(k) {
                *on = false;
            }
        }
        let warnings = super::prepare::uniforms(sc, opts, &mut sampler)?;
        let method = match opts.engine {
            super::Engine::Cpm => None,
            super::Engine::Serial => Some(Method::Serial),
            super::Engine::Parallel => Some(Method::Parallel),
            super::Engine::Auto => constrained(sc).then_some(Method::Parallel),
        };
        let sched = ScheduleOptions {
            method: method.unwrap_or(Method::Parallel),
            rule: opts.rule,
            max_schedules: 1,
            seed: opts.seed,
            point: Point::Mode,
            hard_deadlines: false,
        };
        let problem = match method {
            // money that never arrives holds work back in a draw; it is not an error
            Some(_) => Some(Problem::build_holding_unfunded(sc, Point::Mode)?),
            None => None,
        };
        let pool_ix = |id: &str| sc.pools.iter().position(|p| p.id == id);
        let src_ix = |id: &str| sc.sources.iter().position(|s| s.id == id);
        let sit_ix = |id: &str| sc.situations.iter().position(|s| s.id == id);
        let mut flat = Vec::new();
        let mut demands = Vec::new();
        let mut offset = 0;
        for iv in &sc.interventions {
            let k = iv.fixed_mode_index().unwrap_or(0);
            flat.push(offset + k);
            offset += iv.mode_count();
            let staff = iv.mode_view(k).map(|v| v.staff.clone()).unwrap_or_default();
            demands.push(
                staff
                    .iter()
                    .filter_map(|(p, &f)| pool_ix(p).map(|q| (q, f)))
                    .filter(|&(_, f)| f > 0.0)
                    .collect(),
            );
        }
        let merges: Vec<u32> = (0..net.len())
            .filter(|&j| net.predecessors().degree(j) >= 2)
            .map(|j| j as u32)
            .collect();
        let n = sc.interventions.len();
        let keep_matrix = match opts.per_intervention {
            Some(keep) => {
                let bytes = super::matrix_bytes(opts.draws, n);
                if keep && bytes > opts.max_bytes {
                    return Err(Error::InvalidArgument {
                        name: "per_intervention".into(),
                        message: format!(
                            "start, finish and duration matrices of {} draws x {n} interventions \
                             need about {:.1} GB, above the limit of {:.1} GB (max_bytes); use \
                             per_intervention=False (statistics stream) or fewer draws",
                            opts.draws,
                            bytes as f64 / 1e9,
                            opts.max_bytes as f64 / 1e9
                        ),
                    });
                }
                keep
            }
            None => {
                super::matrix_bytes(opts.draws, n) <= opts.max_bytes.min(super::AUTO_KEEP_BYTES)
            }
        };
        let mut runner = Runner {
            warnings,
            engine: method.map_or("cpm", Method::as_str),
            flat,
            demands,
            funding: sc
                .interventions
                .iter()
                .map(|iv| iv.funding.iter().filter_map(|s| src_ix(s)).collect())
                .collect(),
            spread: sc
                .interventions
                .iter()
                .map(|iv| iv.cost_timing == crate::model::CostTiming::Spread)
                .collect(),
            situation: sc
                .interventions
                .iter()
                .map(|iv| iv.situation.as_deref().and_then(sit_ix))
                .collect(),
            arrival: sc.situations.iter().map(|s| s.arrival_months).collect(),
            relapse: super::relapse_draw::groups(sc, opts.relapse_p10),
            merges,
            deadlines: sc
                .interventions
                .iter()
                .enumerate()
                .filter_map(|(i, iv)| iv.deadline_months.map(|d| (i as u32, d)))
                .collect(),
            track_funding: method.is_some() && !sc.sources.is_empty(),
            mobilisation_lag: mobilisation_lags(sc),
            pools: sc.pools.len(),
            keep_matrix,
            cash_grid: cash_grid.unwrap_or_else(|| super::cashflow::grid(sc, &net).into()),
            plan: None,
            deterministic: match method {
                None => Some(match cpm_finish {
                    Some(f) => f,
                    None => crate::schedule::cpm::makespan_on(sc, &net, Point::Mode)?,
                }),
                Some(_) => None,
            },
            isa: Isa::detect(),
            sampler,
            net,
            problem,
            sched,
        };
        runner.plan = Plan::new(&runner);
        Ok(runner)
    }

    /// Time grid of the cash curves, months.
    pub fn cash_grid(&self) -> &[f64] {
        &self.cash_grid
    }

    /// Whether draws run in the batched critical-path kernel (see `batch`).
    pub fn batched(&self) -> bool {
        self.plan.is_some()
    }

    /// Turn the batched kernel off (every draw through the one-draw path; for tests and
    /// comparisons: per-draw outcomes are identical, block sums differ in the last bits).
    pub fn set_batched(&mut self, on: bool) {
        self.plan = if on { Plan::new(self) } else { None };
    }

    /// Number of interventions.
    pub fn len(&self) -> usize {
        self.net.len()
    }

    /// Whether the scenario has no interventions.
    pub fn is_empty(&self) -> bool {
        self.net.is_empty()
    }

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
        let mut ws = Workspace {
            sample: DrawSample::default(),
            cpm: DrawCpm::default(),
            problem: self.problem.clone(),
            sgs: Sgs::new(),
            sched: Schedule::new(),
            flat_dur: self
                .problem
                .as_ref()
                .map(|p| p.dur.clone())
                .unwrap_or_default(),
            flat_cost: self
                .problem
                .as_ref()
                .map(|p| p.cost.clone())
                .unwrap_or_default(),
            release: self.net.release().to_vec(),
            events: Vec::new(),
            inflows: Vec::new(),
            lags: Vec::new(),
        };
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

pub(crate) struct Workspace {
    sample: DrawSample,
    cpm: DrawCpm,
    problem: Option<Problem>,
    sgs: Sgs,
    sched: Schedule,
    flat_dur: Vec<f64>,
    flat_cost: Vec<f64>,
    release: Vec<f64>,
    events: Vec<(f64, f64)>,
    /// The draw's inflows, sorted, cumulative (see `cashflow::cumulative_inflows`).
    inflows: Vec<(f64, f64)>,
    /// The draw's mobilisation lags.
    lags: Vec<f64>,
}
