//! Discrete-event simulation of an office serving a portfolio: many draws in parallel (rayon),
//! each with its own random stream derived from `(seed, draw)`, merged in draw order so the result
//! is bit-identical whatever the number of threads.
//!
//! What happens in one draw (see `draw.rs`): situations arrive (Poisson, dated, or already in
//! progress), queue first-come-first-served (first fit: a later situation whose phase fits may start
//! before an earlier one that does not), and each phase starts when its minimum staffing can be
//! assigned from the sections that serve its demand, in order of preference and at their
//! efficiency. Posts come on duty after their channel's recruitment lag (after the budget
//! approval lag), leave by turnover and are recruited again; surge options add staff for a while
//! when the queue of new situations reaches their trigger. A phase's duration is fixed when it
//! starts; staff freed later top up under-staffed phases before new ones start.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::classes::ClassResult;
use super::compiled::Model;
use super::draw::run_draw;
use super::fast::{run_fast, Fast};
use super::limits::{plan, DEFAULT_MAX_BYTES};
use super::load::{offered_load, stability, Load, Stability};
use super::portfolio::Portfolio;
use super::stats::Acc;
use super::survival::WaitSurvival;
use crate::error::Result;
use crate::model::Office;

/// Draws simulated by one task (fixed, so the merge order never depends on the thread count).
const CHUNK: u64 = 4;
/// Most tasks run in parallel between two cancellation checks (fewer when draws are long or
/// accumulators large, see `limits::plan`; the merge order, hence the result, does not change).
const BATCH: u64 = 64;

/// Settings of a capacity run.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityOptions {
    /// Simulated years per draw.
    pub years: f64,
    /// Number of independent draws.
    pub draws: u64,
    /// Seed; draw `i` uses ChaCha8 seeded with `seed` on stream `i`.
    pub seed: u64,
    /// Situations arriving before this many years are simulated but not counted in the wait and
    /// utilisation figures (0 = count all; use a warm-up for steady-state checks).
    pub warmup_years: f64,
    /// Width of the time bins of the utilisation and queue series (months; 0 = automatic:
    /// 1 month, widened so there are at most 1,200 bins).
    pub bin_months: f64,
    /// Service threshold: the summary gives P(wait > threshold_months).
    pub threshold_months: f64,
    /// At most this many individual waits are kept (the first draws'); all statistics use all.
    pub max_waits: usize,
    /// Memory budget (bytes): a run whose worst-case estimate exceeds it is refused with the
    /// estimate (see `limits.rs`).
    pub max_bytes: u64,
}

impl Default for CapacityOptions {
    fn default() -> Self {
        CapacityOptions {
            years: 10.0,
            draws: 1000,
            seed: 0,
            warmup_years: 0.0,
            bin_months: 0.0,
            threshold_months: 3.0,
            max_waits: 1_000_000,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Results of a capacity run (means over draws unless said otherwise; times in months).
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityResult {
    /// The settings used.
    pub options: CapacityOptions,
    /// Section ids, in office order (index of the per-section vectors).
    pub sections: Vec<String>,
    /// Situations simulated in all draws (including warm-up and in-progress ones).
    pub situations_simulated: u64,
    /// Counted situations (arrived after the warm-up), all draws.
    pub arrived: u64,
    /// Of those, how many got their first team before the horizon.
    pub started: u64,
    /// Of those, how many were still waiting at the horizon (censored waits).
    pub unstarted: u64,
    /// Counted situations that finished all phases.
    pub completed: u64,
    /// P(wait > 0), Kaplan-Meier (situations still waiting at the horizon count as waiting).
    pub p_wait: f64,
    /// P(wait > threshold), Kaplan-Meier (censored waits included, see [`WaitSurvival`]).
    pub p_wait_over_threshold: f64,
    /// Mean wait of the situations that got a team (biased low when many are still waiting).
    pub mean_wait: f64,
    /// Area under the Kaplan-Meier curve up to the horizon: the restricted mean wait, a lower
    /// bound on the mean that counts the situations still waiting.
    pub mean_wait_restricted: f64,
    /// Median wait (Kaplan-Meier). When the curve never falls to 0.5 within the horizon, the last
    /// time it covers (a lower bound) and `wait_beyond[0]` is true: report "> horizon".
    pub wait_p50: f64,
    /// 80th percentile of the wait (a lower bound when `wait_beyond[1]`).
    pub wait_p80: f64,
    /// 90th percentile of the wait (a lower bound when `wait_beyond[2]`).
    pub wait_p90: f64,
    /// Whether P50, P80, P90 lie beyond what the curve covers (too many still waiting).
    pub wait_beyond: [bool; 3],
    /// Kaplan-Meier survival of the wait, `P(wait > t)`, on a grid of `width` months.
    pub survival: WaitSurvival,
    /// Mean months under-staffed (after the first team, while short of the phase's demand or
    /// waiting for the next phase's team) per started situation.
    pub mean_understaffed: f64,
    /// Share of engaged time that was under-staffed.
    pub share_understaffed: f64,
    /// Share of started situations that were ever under-staffed.
    pub p_ever_understaffed: f64,
    /// Staff in use / staff on duty per section, after the warm-up.
    pub utilisation: Vec<f64>,
    /// Start of each time bin (months).
    pub bin_starts: Vec<f64>,
    /// Mean FTE in use per section and bin, `sections x bins`, row-major.
    pub busy_fte: Vec<f64>,
    /// Mean FTE on duty per section and bin, `sections x bins`, row-major.
    pub duty_fte: Vec<f64>,
    /// Mean number of new situations waiting for their first team, per bin.
    pub queue: Vec<f64>,
    /// Mean situations arriving, getting a team, finishing per year of the horizon.
    pub arrived_per_year: Vec<f64>,
    /// Mean situations getting their first team per year.
    pub started_per_year: Vec<f64>,
    /// Mean situations finishing per year.
    pub completed_per_year: Vec<f64>,
    /// Mean surge calls per draw.
    pub surge_calls: f64,
    /// Mean surge FTE-months on duty per draw.
    pub surge_fte_months: f64,
    /// Mean surge cost per year (US$).
    pub surge_cost_usd_per_year: f64,
    /// Cost of the office's posts per year (US$).
    pub post_cost_usd_per_year: f64,
    /// Offered load against capacity, per demand kind and section, and the whole teams the
    /// routing yields (closed-form view, long-run arrival rate).
    pub load: Load,
    /// Arrivals against starts late in the horizon, and whether the queue grows.
    pub stability: Stability,
    /// Individual waits of the first draws (at most `max_waits`), in draw order.
    pub waits: Vec<f64>,
    /// Figures per priority class (one per engagement, in portfolio order) when engagements
    /// differ in priority; empty otherwise.
    pub classes: Vec<ClassResult>,
}

/// Simulate `office` serving `portfolio`; see the module documentation for the model.
///
/// # Errors
/// [`Error::InvalidArgument`] for bad options (naming the option), [`Error::Validation`] with every
/// problem of the office, the portfolio, or the two together (a demand no section serves, a phase
/// needing more than the whole office).
///
/// [`Error::InvalidArgument`]: crate::error::Error::InvalidArgument
/// [`Error::Validation`]: crate::error::Error::Validation
///
/// # Example
/// ```
/// use peaceplan::capacity::{simulate, CapacityOptions, Portfolio};
/// let office = peaceplan::Office::from_toml_str(r#"
/// schema = 1
/// name = "five teams"
/// channels = [{ id = "none", lag_days = 0 }]
/// sections = [{ id = "planning", posts = [{ grade = "P-4", count = 15, channel = "none", filled = true }] }]
/// "#).unwrap();
/// let portfolio = Portfolio::simple(4.5, 3.0, 12.0, "planning");
/// let opts = CapacityOptions { years: 20.0, draws: 8, ..CapacityOptions::default() };
/// let r = simulate(&office, &portfolio, &opts).unwrap();
/// assert!(r.p_wait > 0.3 && r.utilisation[0] > 0.6);
/// ```
pub fn simulate(
    office: &Office,
    portfolio: &Portfolio,
    options: &CapacityOptions,
) -> Result<CapacityResult> {
    simulate_with(office, portfolio, options, &mut || Ok(()))
}

/// [`simulate`], calling `check` between batches of draws; an error from `check` (e.g. Ctrl-C
/// seen by the Python binding) stops the run and is returned.
///
/// # Errors
/// As [`simulate`], and whatever `check` returns.
pub fn simulate_with(
    office: &Office,
    portfolio: &Portfolio,
    options: &CapacityOptions,
    check: &mut dyn FnMut() -> Result<()>,
) -> Result<CapacityResult> {
    let model = Model::compile(office, portfolio, options)?;
    let fast = Fast::of(&model);
    let plan = plan(
        options,
        portfolio,
        model.n_sections,
        model.bins,
        fast.is_some(),
        CHUNK,
        BATCH,
    )?;
    let chunks = options.draws.div_ceil(CHUNK);
    let mut total = model.acc();
    let mut next = 0u64;
    while next < chunks {
        let end = (next + plan.batch).min(chunks);
        let parts: Vec<Acc> = (next..end)
            .into_par_iter()
            .map(|chunk| {
                let mut acc = model.acc();
                let first = chunk * CHUNK;
                for draw in first..(first + CHUNK).min(options.draws) {
                    if crate::interrupt::check().is_err() {
                        break; // the batch's `check` below reports the interruption
                    }
                    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
                    rng.set_stream(draw);
                    match &fast {
                        Some(f) => run_fast(&model, f, &mut rng, &mut acc),
                        None => run_draw(&model, &mut rng, &mut acc),
                    }
                }
                acc
            })
            .collect();
        for part in parts {
            total.merge(part);
        }
        next = end;
        crate::interrupt::check()?;
        check()?;
    }
    let load = offered_load(office, portfolio, options.years);
    Ok(finish(&model, office, portfolio, options, total, load))
}

fn finish(
    model: &Model,
    office: &Office,
    portfolio: &Portfolio,
    o: &CapacityOptions,
    a: Acc,
    load: Load,
) -> CapacityResult {
    let n = a.draws.max(1) as f64;
    let per_draw = |v: &[f64]| v.iter().map(|x| x / n).collect::<Vec<f64>>();
    // Time integrals per bin -> mean level in the bin (the last bin may be shorter).
    let width = |b: usize| {
        (model.horizon - b as f64 * model.bin)
            .min(model.bin)
            .max(1e-12)
    };
    let per_bin = |v: &[f64]| {
        v.iter()
            .enumerate()
            .map(|(i, x)| x / n / width(i % model.bins))
            .collect::<Vec<f64>>()
    };
    let ratio = |x: f64, y: f64| if y > 0.0 { x / y } else { f64::NAN };
    let survival = a.survival();
    let total_share: f64 = portfolio.engagements.iter().map(|e| e.share).sum();
    let classes = a
        .classes
        .iter()
        .zip(&portfolio.engagements)
        .map(|(c, e)| {
            ClassResult::of(
                c,
                a.width,
                &e.id,
                e.priority,
                portfolio.arrivals.rate_per_year * ratio(e.share, total_share),
                a.draws,
                (model.horizon - model.warmup).max(0.0),
                o.threshold_months,
            )
        })
        .collect();
    let arrived_per_year = per_draw(&a.arrived_year);
    let started_per_year = per_draw(&a.started_year);
    let completed_per_year = per_draw(&a.completed_year);
    let stability = stability(
        &arrived_per_year,
        &started_per_year,
        &completed_per_year,
        o.years,
        o.warmup_years,
        load.overloaded,
    );
    CapacityResult {
        options: o.clone(),
        sections: office.sections.iter().map(|s| s.id.clone()).collect(),
        situations_simulated: a.situations,
        arrived: a.arrived,
        started: a.started,
        unstarted: a.unstarted,
        completed: a.completed,
        p_wait: survival.at(0.0),
        p_wait_over_threshold: survival.at(o.threshold_months),
        mean_wait: ratio(a.sum_wait, a.started as f64),
        mean_wait_restricted: survival.restricted_mean(),
        wait_beyond: [0.5, 0.8, 0.9].map(|p| survival.quantile(p).is_none()),
        wait_p50: survival.quantile(0.5).unwrap_or(survival.span()),
        wait_p80: survival.quantile(0.8).unwrap_or(survival.span()),
        wait_p90: survival.quantile(0.9).unwrap_or(survival.span()),
        survival,
        mean_understaffed: ratio(a.under_months, a.started as f64),
        share_understaffed: ratio(a.under_months, a.engaged_months),
        p_ever_understaffed: ratio(a.ever_under as f64, a.started as f64),
        utilisation: a
            .busy_total
            .iter()
            .zip(&a.duty_total)
            .map(|(b, d)| ratio(*b, *d))
            .collect(),
        bin_starts: (0..model.bins).map(|i| i as f64 * model.bin).collect(),
        busy_fte: per_bin(&a.busy),
        duty_fte: per_bin(&a.duty),
        queue: per_bin(&a.queue),
        arrived_per_year,
        started_per_year,
        completed_per_year,
        load,
        stability,
        surge_calls: a.surge_calls / n,
        surge_fte_months: a.surge_fte_months / n,
        surge_cost_usd_per_year: a.surge_cost_usd / n / o.years,
        post_cost_usd_per_year: office.post_cost_usd_per_year(),
        waits: a.waits,
        classes,
    }
}
