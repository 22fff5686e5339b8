//! Critical path method with generalised precedence links (FS, SS, FF, SF with lags).
//!
//! Every link `i -> j` is a start-to-start constraint `S_j >= S_i + delta` (see
//! [`Edge::delta`]). The forward pass gives the early starts (never before an intervention's
//! release date), the backward pass from the project finish `T` the late starts; both run over
//! the topological order of a [`Network`] in O(V + E).
//!
//! [`forward_backward`] is the reusable kernel: it writes into a caller-owned [`CpmResult`] and
//! allocates nothing once the result has been sized, so Monte Carlo can call it per draw with
//! sampled durations. [`cpm`] wraps it into a [`Plan`] with names, staff and funding.

use std::collections::{BTreeMap, HashMap};

use super::plan::{FundingDraw, Plan, SituationResult, SourceUse};
use crate::error::{Error, Result};
use crate::model::{Point, Scenario};
use crate::network::{Edge, Network};

/// Relative tolerance of the time comparisons (finish == T, a link is binding).
pub const REL_TOL: f64 = 1e-9;

/// Absolute tolerance for times on the scale of the project finish `makespan`.
#[inline]
pub fn tolerance(makespan: f64) -> f64 {
    REL_TOL * makespan.abs().max(1.0)
}

/// Dates, floats and criticality of one forward/backward pass (index `i` = intervention `i`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CpmResult {
    /// Early start, months.
    pub early_start: Vec<f64>,
    /// Early finish, months.
    pub early_finish: Vec<f64>,
    /// Late start, months.
    pub late_start: Vec<f64>,
    /// Late finish, months.
    pub late_finish: Vec<f64>,
    /// Total float (late start - early start), months, never below 0.
    pub total_float: Vec<f64>,
    /// Free float, months, never below 0 and never above the total float.
    pub free_float: Vec<f64>,
    /// On a driving path to the project finish.
    pub critical: Vec<bool>,
    /// Project finish `T` = max early finish (0 when there is nothing to do).
    pub makespan: f64,
    stack: Vec<u32>,
}

impl CpmResult {
    /// An empty result; [`forward_backward`] sizes it on first use and reuses it afterwards.
    pub fn new() -> CpmResult {
        CpmResult::default()
    }

    /// A result with room for `n` interventions (no allocation in later passes of that size).
    pub fn with_len(n: usize) -> CpmResult {
        let mut r = CpmResult::default();
        r.resize(n);
        r
    }

    fn resize(&mut self, n: usize) {
        for v in [
            &mut self.early_start,
            &mut self.early_finish,
            &mut self.late_start,
            &mut self.late_finish,
            &mut self.total_float,
            &mut self.free_float,
        ] {
            v.resize(n, 0.0);
        }
        self.critical.resize(n, false);
        self.stack.reserve(n.saturating_sub(self.stack.len()));
    }
}

/// Clamp a float that is negative only through rounding to 0.
#[inline]
fn clamp_float(v: f64, tol: f64) -> f64 {
    if v < 0.0 && v >= -tol {
        0.0
    } else {
        v
    }
}

/// Forward and backward pass over `net` with `durations[i]` for intervention `i`, into `out`.
///
/// - Forward: `ES_j = max(release_j, max over preds (ES_i + delta))`, `EF = ES + d`; the
///   project finish `T = max EF` (0 for an empty network).
/// - Backward: `LS_i = min(T - d_i, min over succs (LS_j - delta))`, `LF = LS + d`; total float
///   `TF = LS - ES`.
/// - Free float: `FF_i = min(T - EF_i, min over succs (ES_j - delta - ES_i))`. The project
///   finish counts as an implicit successor of every intervention, so `FF <= TF` also when a
///   successor is held back by its release date or linked start-to-start.
/// - Critical: traced backwards from every intervention with `EF == T` through *driving* links,
///   the links with `ES_j == ES_i + delta` (a link tied with the release date of `j` drives
///   too: delaying `i` would delay `j`). A chain that begins at a release date is critical from
///   that intervention on, not before it.
///
/// Driving paths and zero total float: in exact arithmetic the critical set equals
/// `{i : TF_i == 0}`, whatever the link types and release dates. If `TF_i = 0`, then `LS_i`
/// is attained either by `T - d_i` (so `EF_i = T`) or by a successor with
/// `LS_j - delta = ES_i`, whence `LS_j = ES_i + delta <= ES_j <= LS_j`: the link is driving
/// and `TF_j = 0`; by induction along the order a driving path reaches a finishing
/// intervention. Conversely a driving link into a zero-float `j` gives
/// `LS_i <= LS_j - delta = ES_i`. What differs is the arithmetic: total floats subtract two
/// independently accumulated sums (forward from 0, backward from `T`), so with fractional
/// durations a critical intervention may show `TF = 1e-13` and a tolerance on `TF` alone
/// either misses it or catches near-critical ones; the trace compares only forward-pass values
/// along each link, so it is exact for exact inputs and consistent under ties. The marks are
/// therefore the driving paths, and `TF ~ 0` for each of them.
///
/// # Errors
/// [`Error::InvalidArgument`] when `durations` does not have one entry per intervention.
pub fn forward_backward(net: &Network, durations: &[f64], out: &mut CpmResult) -> Result<()> {
    let n = net.len();
    if durations.len() != n {
        return Err(Error::InvalidArgument {
            name: "durations".into(),
            message: format!(
                "expected {n} durations (one per intervention), got {}",
                durations.len()
            ),
        });
    }
    out.resize(n);
    // Indexing below is in bounds: every per-intervention slice has length n (checked or
    // resized above) and the network stores only node indices < n.
    let order = net.order();
    let release = net.release();
    let (pred, succ) = (net.predecessors(), net.successors());
    let d = durations;

    let mut makespan = f64::NEG_INFINITY;
    for &j in order {
        let j = j as usize;
        let dj = d[j];
        let mut s = release[j];
        for e in pred.edges(j) {
            let i = e.node as usize;
            let c = out.early_start[i] + Edge::delta(e.kind, e.lag, d[i], dj);
            if c > s {
                s = c;
            }
        }
        out.early_start[j] = s;
        out.early_finish[j] = s + dj;
        if s + dj > makespan {
            makespan = s + dj;
        }
    }
    if n == 0 {
        makespan = 0.0;
    }
    out.makespan = makespan;
    let tol = tolerance(makespan);

    for &i in order.iter().rev() {
        let i = i as usize;
        let di = d[i];
        let es = out.early_start[i];
        let mut ls = makespan - di;
        let mut ff = makespan - out.early_finish[i];
        for e in succ.edges(i) {
            let j = e.node as usize;
            let delta = Edge::delta(e.kind, e.lag, di, d[j]);
            ls = ls.min(out.late_start[j] - delta);
            ff = ff.min(out.early_start[j] - delta - es);
        }
        out.late_start[i] = ls;
        out.late_finish[i] = ls + di;
        out.total_float[i] = clamp_float(ls - es, tol);
        out.free_float[i] = clamp_float(ff, tol);
    }

    out.critical.fill(false);
    out.stack.clear();
    for (i, &ef) in out.early_finish.iter().enumerate() {
        if (ef - makespan).abs() <= tol {
            out.critical[i] = true;
            out.stack.push(i as u32);
        }
    }
    while let Some(j) = out.stack.pop() {
        let j = j as usize;
        let (esj, dj) = (out.early_start[j], d[j]);
        for e in pred.edges(j) {
            let i = e.node as usize;
            if !out.critical[i]
                && (esj - out.early_start[i] - Edge::delta(e.kind, e.lag, d[i], dj)).abs() <= tol
            {
                out.critical[i] = true;
                out.stack.push(e.node);
            }
        }
    }
    Ok(())
}

/// Each intervention in its fixed mode (`mode = ...`), else its base mode.
fn fixed_views(scenario: &Scenario) -> Result<Vec<crate::model::ModeView<'_>>> {
    scenario
        .interventions
        .iter()
        .map(|iv| {
            iv.fixed_mode_index()
                .and_then(|k| iv.mode_view(k))
                .ok_or_else(|| Error::UnknownId {
                    what: "mode",
                    id: iv.mode.clone().unwrap_or_default(),
                })
        })
        .collect()
}

/// The durations of `views` at `point`.
fn point_durations(views: &[crate::model::ModeView<'_>], point: Point) -> Result<Vec<f64>> {
    views
        .iter()
        .map(|v| v.duration_months.point(point))
        .collect()
}

/// [`cpm`]'s `makespan` for a validated scenario (progress applied) on its network `net`,
/// without validating and building it again. Errors: unknown fixed modes, `Dist::point`'s.
pub(crate) fn makespan_on(scenario: &Scenario, net: &Network, point: Point) -> Result<f64> {
    let duration = point_durations(&fixed_views(scenario)?, point)?;
    let mut r = CpmResult::with_len(duration.len());
    forward_backward(net, &duration, &mut r)?;
    Ok(r.makespan)
}

/// Early/late dates, floats and the critical path of `scenario` with every duration (and cost)
/// taken at `point`, as a [`Plan`] with `method = "cpm"`.
///
/// Staff and money do not constrain the dates here. `staff` lists each intervention's demand
/// per pool. Funding is a deterministic allocation that ignores pledge timing (cash timing
/// comes with the constrained scheduler): each source's budget is the sum of its pledges, every
/// pledge assumed to arrive; interventions in order of early start (ties: scenario order) draw
/// their cost from their `funding` sources in order of preference until each is exhausted, and
/// what is left is `unfunded_usd`. Deadlines do not move the late dates; a finish past one is
/// reported as `lateness`. See [`forward_backward`] for the semantics of the passes.
///
/// # Errors
/// - [`Error::Validation`] when the scenario is inconsistent (unknown ids, cycles, bad
///   numbers), from [`Scenario::validate`] or from [`Network::build`];
/// - [`Error::UnknownId`] for a reference to an unknown intervention, situation, pool or source;
/// - [`Error::InvalidArgument`] for `Point::Max` on an unbounded duration or cost.
///
/// # Example
/// ```
/// use peaceplan::{cpm, Point, Scenario};
///
/// let sc = Scenario::from_toml_str(r#"
/// schema = 1
/// name = "two steps"
/// [[interventions]]
/// id = "talks"
/// duration_months = {triangular = [2, 3, 6]}
/// [[interventions]]
/// id = "accord"
/// duration_months = 0
/// after = ["talks"]
/// "#)?;
/// let plan = cpm(&sc, Point::Mode)?;
/// assert_eq!(plan.makespan, 3.0);
/// assert_eq!(plan.critical_path, ["talks", "accord"]);
/// # Ok::<(), peaceplan::Error>(())
/// ```
pub fn cpm(scenario: &Scenario, point: Point) -> Result<Plan> {
    scenario.validate()?;
    // progress actuals (if any): pinned starts, actual durations, release at the status date
    let effective = crate::model::progress::effective(scenario)?;
    let scenario: &Scenario = &effective;
    let net = Network::build(scenario)?;
    let ivs = &scenario.interventions;
    let views = fixed_views(scenario)?;
    let duration = point_durations(&views, point)?;
    let cost_usd = views
        .iter()
        .map(|v| v.cost_usd.point(point))
        .collect::<Result<Vec<f64>>>()?;
    let mut r = CpmResult::with_len(ivs.len());
    forward_backward(&net, &duration, &mut r)?;

    let mut crit: Vec<usize> = (0..ivs.len())
        .filter(|&i| r.critical.get(i).copied().unwrap_or(false))
        .collect();
    crit.sort_by(|&a, &b| {
        let key = |i: usize| {
            (
                r.early_start.get(i).copied().unwrap_or(0.0),
                r.early_finish.get(i).copied().unwrap_or(0.0),
            )
        };
        let (ka, kb) = (key(a), key(b));
        ka.0.total_cmp(&kb.0)
            .then(ka.1.total_cmp(&kb.1))
            .then(a.cmp(&b))
    });
    let critical_path = crit
        .iter()
        .filter_map(|&i| ivs.get(i).map(|iv| iv.id.clone()))
        .collect();

    let pools: Vec<String> = scenario.pools.iter().map(|p| p.id.clone()).collect();
    let mut staff = Vec::with_capacity(ivs.len());
    for v in &views {
        if let Some(unknown) = v.staff.keys().find(|k| !pools.contains(k)) {
            return Err(Error::UnknownId {
                what: "pool",
                id: unknown.clone(),
            });
        }
        staff.push(
            pools
                .iter()
                .map(|p| v.staff.get(p).copied().unwrap_or(0.0))
                .collect(),
        );
    }

    let consumes: Vec<_> = views.iter().map(|v| v.consumes).collect();
    let spread_over: Vec<f64> = ivs
        .iter()
        .zip(&duration)
        .map(|(iv, &d)| {
            if iv.cost_timing == crate::model::CostTiming::Spread {
                d
            } else {
                0.0
            }
        })
        .collect();
    let (sources, unfunded_usd, draws) =
        allocate_funding(scenario, &r.early_start, &spread_over, &cost_usd, &consumes)?;
    let modes = views.iter().map(|v| v.id.to_string()).collect();
    let inflows = super::problem::inflows(scenario, point)?;
    let situation_results = scenario
        .situations
        .iter()
        .map(|s| {
            let finish = ivs
                .iter()
                .zip(&r.early_finish)
                .filter(|(iv, _)| iv.situation.as_deref() == Some(s.id.as_str()))
                .map(|(_, &f)| f)
                .fold(s.arrival_months, f64::max);
            SituationResult {
                id: s.id.clone(),
                finish,
                cpm_finish: finish,
                delay: 0.0,
            }
        })
        .collect();
    let deadline: Vec<f64> = ivs
        .iter()
        .map(|iv| iv.deadline_months.unwrap_or(f64::NAN))
        .collect();
    let lateness: Vec<f64> = deadline
        .iter()
        .zip(&r.early_finish)
        .map(|(&dl, &ef)| if dl.is_nan() { 0.0 } else { (ef - dl).max(0.0) })
        .collect();
    let deadline_weight: Vec<f64> = ivs.iter().map(|iv| iv.deadline_weight).collect();
    let weighted_tardiness = super::plan::weighted_sum(&lateness, &deadline_weight);

    Ok(Plan {
        scenario: scenario.name.clone(),
        start_date: scenario.start_date.clone(),
        method: "cpm".into(),
        durations: point.to_string(),
        ids: net.ids().to_vec(),
        names: ivs
            .iter()
            .map(|iv| {
                if iv.name.is_empty() {
                    iv.id.clone()
                } else {
                    iv.name.clone()
                }
            })
            .collect(),
        situations: ivs
            .iter()
            .map(|iv| iv.situation.clone().unwrap_or_default())
            .collect(),
        duration,
        start: r.early_start,
        finish: r.early_finish,
        late_start: r.late_start,
        late_finish: r.late_finish,
        total_float: r.total_float,
        free_float: r.free_float,
        critical: r.critical,
        deadline,
        lateness,
        deadline_weight,
        weighted_tardiness,
        cost_usd,
        makespan: r.makespan,
        critical_path,
        pools,
        staff,
        sources,
        unfunded_usd,
        modes,
        pool_capacity: scenario.pools.iter().map(|p| p.capacity.clone()).collect(),
        inflows,
        draws,
        delays: Vec::new(),
        situation_results,
        schedules_used: 0,
    })
}

/// Charge each intervention's cost to its eligible sources in order of preference, the
/// interventions taken in order of `start` (ties: scenario order), each source's budget being
/// the sum of its pledges. Fixed draws (`consumes`) are charged to their named source first.
/// Returns the use of every source and the cost nobody covers.
fn allocate_funding(
    scenario: &Scenario,
    start: &[f64],
    over: &[f64],
    cost: &[f64],
    consumes: &[&BTreeMap<String, f64>],
) -> Result<(Vec<SourceUse>, f64, Vec<FundingDraw>)> {
    let mut draws = Vec::new();
    let index: HashMap<&str, usize> = scenario
        .sources
        .iter()
        .enumerate()
        .map(|(k, s)| (s.id.as_str(), k))
        .collect();
    let mut uses: Vec<SourceUse> = scenario
        .sources
        .iter()
        .map(|s| SourceUse {
            source: s.id.clone(),
            kind: s.kind,
            pledged_usd: s.pledged_usd(),
            allocated_usd: 0.0,
        })
        .collect();
    let mut left: Vec<f64> = uses.iter().map(|u| u.pledged_usd.max(0.0)).collect();
    let mut order: Vec<usize> = (0..scenario.interventions.len()).collect();
    let at = |i: usize| start.get(i).copied().unwrap_or(0.0);
    order.sort_by(|&a, &b| at(a).total_cmp(&at(b)).then(a.cmp(&b)));
    let mut unfunded = 0.0;
    for i in order {
        let Some(iv) = scenario.interventions.get(i) else {
            continue;
        };
        let unknown = |id: &String| Error::UnknownId {
            what: "source",
            id: id.clone(),
        };
        for (id, &amount) in consumes.get(i).into_iter().flat_map(|m| m.iter()) {
            let k = *index.get(id.as_str()).ok_or_else(|| unknown(id))?;
            let amount = amount.max(0.0);
            if let (Some(budget), Some(u)) = (left.get_mut(k), uses.get_mut(k)) {
                let take = amount.min(*budget).max(0.0);
                *budget -= take;
                u.allocated_usd += take;
                unfunded += amount - take;
                draws.push(FundingDraw {
                    intervention: i,
                    source: k,
                    amount_usd: take,
                    start: at(i),
                    over: 0.0,
                });
            }
        }
        let mut need = cost.get(i).copied().unwrap_or(0.0).max(0.0);
        for id in &iv.funding {
            let k = *index.get(id.as_str()).ok_or_else(|| unknown(id))?;
            if need <= 0.0 {
                continue;
            }
            if let (Some(budget), Some(u)) = (left.get_mut(k), uses.get_mut(k)) {
                let take = need.min(*budget).max(0.0);
                *budget -= take;
                u.allocated_usd += take;
                need -= take;
                draws.push(FundingDraw {
                    intervention: i,
                    source: k,
                    amount_usd: take,
                    start: at(i),
                    over: over.get(i).copied().unwrap_or(0.0),
                });
            }
        }
        unfunded += need;
    }
    Ok((uses, unfunded, draws))
}
