//! The compiled simulation ([`Runner`]): sampler, network, constrained problem and uniform
//! columns, built once per run; the draws themselves run in `engine`.

use std::sync::Arc;

use super::batch::plan::Plan;
use super::dispatch::isa::Isa;
use super::draw_schedule::mobilisation_lags;
use super::options::{matrix_bytes, Engine, SimOptions, AUTO_KEEP_BYTES};
use super::prepared::Prepared;
use super::relapse_group::RelapseGroup;
use super::sampler::Sampler;
use crate::error::{Error, Result};
use crate::model::{Point, Scenario};
use crate::network::Network;
use crate::schedule::constrained::{Method, ScheduleOptions};
use crate::schedule::Problem;

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
    pub(crate) relapse: Vec<RelapseGroup>,
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
    /// Compile `sc` for `opts` (validated by the caller, see [`super::simulate()`]).
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
            Engine::Cpm => None,
            Engine::Serial => Some(Method::Serial),
            Engine::Parallel => Some(Method::Parallel),
            Engine::Auto => constrained(sc).then_some(Method::Parallel),
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
                let bytes = matrix_bytes(opts.draws, n);
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
            None => matrix_bytes(opts.draws, n) <= opts.max_bytes.min(AUTO_KEEP_BYTES),
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
            relapse: super::relapse_group::groups(sc, opts.relapse_p10),
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
            cash_grid: cash_grid.unwrap_or_else(|| super::cash_grid::grid(sc, &net).into()),
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
        runner.plan = runner.kernel_plan();
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
        self.plan = if on { self.kernel_plan() } else { None };
    }

    /// Number of interventions.
    pub fn len(&self) -> usize {
        self.net.len()
    }

    /// Whether the scenario has no interventions.
    pub fn is_empty(&self) -> bool {
        self.net.is_empty()
    }

    /// The batched kernel's plan, when every draw is a plain critical-path pass.
    fn kernel_plan(&self) -> Option<Plan> {
        Plan::new(
            self.problem.is_some() || self.pools > 0,
            &self.sampler,
            &self.net,
            &self.situation,
            self.arrival.len(),
        )
    }
}
