//! `Scenario.simulate` and the `Simulation` result (Monte Carlo schedule and funding risk).

use std::sync::Arc;

use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::model::Scenario;
use crate::network::Network;
use crate::simulate::{metrics, MergeSums, Outcomes, Runner, SimOptions};
use crate::Error;

use super::simulate_args::arg;
use super::simulate_columns as columns;
use super::simulate_tables as tables;

/// The outcome of a Monte Carlo simulation (``Scenario.simulate``): one value per draw for
/// every outcome, as numpy arrays handed over without copying.
///
/// Examples
/// --------
/// >>> import peaceplan as pp
/// >>> sim = pp.examples.postwar_country().simulate(draws=500, seed=1)
/// >>> sim.finish.shape
/// (500,)
/// >>> bool(sim.pvalue(0.8) >= sim.pvalue(0.5))
/// True
#[pyclass(frozen, module = "peaceplan._core", name = "Simulation")]
pub struct PySimulation {
    sc: Arc<Scenario>,
    opts: SimOptions,
    columns: Py<PyDict>,
    finish: Py<PyArray1<f64>>,
    engine: &'static str,
    deterministic: f64,
    warnings: Vec<String>,
    critical: Vec<f64>,
    exists: Vec<f64>,
    /// Signed Spearman cruciality per intervention, computed on first request (a rank
    /// correlation per intervention over every draw: seconds for 1,000 interventions x 20,000
    /// draws, which the default `simulate` call must not wait for).
    cruciality: std::sync::OnceLock<Vec<f64>>,
    /// Sums over the draws of each intervention's duration and its square (for the SSI).
    dur_moments: [Vec<f64>; 2],
    /// The network and the streamed sums of the merge bias, turned into a table on demand
    /// (what is only read on request is not computed while the caller waits for the run).
    net: Arc<Network>,
    merge: MergeSums,
    /// Per intervention, sums over feasible draws: committed, funded, unfunded US$, and the
    /// money its pledged sources lacked.
    money: [Vec<f64>; 4],
    happened: Vec<u64>,
    /// Draws in which each intervention was unfunded / held by an unstarted predecessor /
    /// started on mobilised money.
    unstarted: [Vec<u64>; 3],
    /// `(intervention, deadline, draws on time)`.
    on_time: Vec<(u32, f64, u64)>,
    /// Starts binned on the cash grid (see `Outcomes::started_bins`).
    started_bins: Vec<u64>,
    cash_grid: Vec<f64>,
}

impl PySimulation {
    /// Cruciality per intervention (see the field): one Spearman correlation per intervention
    /// over every draw, in parallel outside the GIL, when the matrices were kept; NaN
    /// otherwise.
    fn cruciality(&self, py: Python<'_>) -> PyResult<&Vec<f64>> {
        if let Some(c) = self.cruciality.get() {
            return Ok(c);
        }
        let n = self.sc.interventions.len();
        let fin = self.finish.bind(py).readonly();
        let dur = match self.columns.bind(py).get_item("duration")? {
            Some(d) => Some(d.cast_into::<numpy::PyArray2<f64>>()?.readonly()),
            None => None,
        };
        let (f, d) = (
            fin.as_slice()?,
            dur.as_ref().map(|d| d.as_slice()).transpose()?,
        );
        let c = super::interrupt::run(py, || metrics::cruciality(d.unwrap_or(&[]), n, f))?;
        Ok(self.cruciality.get_or_init(|| c))
    }

    /// Intervention ids, in scenario order.
    fn ids(&self) -> Vec<String> {
        self.sc.interventions.iter().map(|i| i.id.clone()).collect()
    }

    pub(super) fn new(
        py: Python<'_>,
        sc: &Arc<Scenario>,
        opts: SimOptions,
        runner: &Runner,
        mut o: Outcomes,
        det: f64,
    ) -> PyResult<PySimulation> {
        let draws = o.draws;
        let ci: Vec<f64> = o
            .critical_count
            .iter()
            .map(|&c| c as f64 / draws.max(1) as f64)
            .collect();
        let exists = o
            .exists_count
            .iter()
            .map(|&c| c as f64 / draws.max(1) as f64)
            .collect();
        let money = [
            o.cost_sum.clone(),
            o.funded_sum.clone(),
            o.short_sum.clone(),
            o.shortfall_sum.clone(),
        ];
        let happened = o.exists_count.clone();
        let mut warnings = runner.warnings.clone();
        warnings.extend(crate::simulate::warnings::money_and_staff(sc, &o));
        let on_time = runner
            .deadlines
            .iter()
            .zip(&o.on_time)
            .map(|(&(i, d), &c)| (i, d, c))
            .collect();
        let unstarted = [
            o.unfunded_draws.clone(),
            o.held_draws.clone(),
            o.mobilised_draws.clone(),
        ];
        let started_bins = o.started_bins.clone();
        let (cols, finish) = columns::columns(py, sc, runner, &mut o)?;
        Ok(PySimulation {
            sc: Arc::clone(sc),
            opts,
            columns: cols.unbind(),
            finish: finish.unbind(),
            engine: runner.engine,
            deterministic: det,
            warnings,
            critical: ci,
            exists,
            cruciality: std::sync::OnceLock::new(),
            dur_moments: [o.dur_sum, o.dur_sq],
            net: Arc::clone(&runner.net),
            merge: o.merge,
            money,
            happened,
            unstarted,
            on_time,
            started_bins,
            cash_grid: runner.cash_grid.to_vec(),
        })
    }
}

#[pymethods]
impl PySimulation {
    /// Project finish per draw, months (``inf`` for a draw whose staff never suffices).
    #[getter]
    fn finish<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.finish.bind(py).clone()
    }

    /// Every outcome column by name (``finish``, ``finish:<situation>``, ``cost``,
    /// ``cost:<source>``, ``received:<source>`` (realised inflows), ``unfunded``, ``funding_gap``,
    /// ``cash_grid`` (months), ``committed_curve`` and ``received_curve`` (draws x grid,
    /// cumulative US$; without funding sources both are zero: a read-only view of one row of
    /// zeros), ``peak_staff:<pool>``, ``relapse_5y``,
    /// ``relapse_10y``, ``money_short``, ``infeasible``, ``risk_occurred`` (draws x risks) and,
    /// when kept, ``start``, ``finish_matrix``, ``duration`` (draws x interventions)).
    #[getter]
    fn columns<'py>(&self, py: Python<'py>) -> Bound<'py, PyDict> {
        self.columns.bind(py).clone()
    }

    /// Finish per draw of an intervention (NaN where it did not happen) or a situation.
    ///
    /// Raises
    /// ------
    /// UnknownIdError
    ///     For an id that is neither.
    /// ArgumentError
    ///     When the per-intervention matrices were not kept (``per_intervention=False``).
    fn finish_of<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let cols = self.columns.bind(py);
        if self.sc.situations.iter().any(|s| s.id == id) {
            return cols
                .get_item(format!("finish:{id}"))?
                .ok_or_else(|| arg("id", id.into()));
        }
        let i = self
            .sc
            .interventions
            .iter()
            .position(|x| x.id == id)
            .ok_or_else(|| Error::UnknownId {
                what: "intervention",
                id: id.into(),
            })?;
        let m = cols.get_item("finish_matrix")?.ok_or_else(|| {
            arg(
                "per_intervention",
                "per-intervention finishes were not kept; simulate with per_intervention=True"
                    .into(),
            )
        })?;
        let slice = pyo3::types::PySlice::full(py);
        m.get_item((slice, i))
    }

    /// Number of draws.
    #[getter]
    fn draws(&self) -> usize {
        self.opts.draws
    }

    /// Engine used in each draw: ``cpm``, ``serial`` or ``parallel``.
    #[getter]
    fn engine(&self) -> &'static str {
        self.engine
    }

    /// Seed of the run.
    #[getter]
    fn seed(&self) -> u64 {
        self.opts.seed
    }

    /// Finish of the deterministic plan (every number at its mode, every pledge arriving).
    #[getter]
    fn deterministic_finish(&self) -> f64 {
        self.deterministic
    }

    /// Warnings of the run (e.g. a repaired correlation matrix).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// Intervention ids.
    #[getter]
    fn intervention_ids(&self) -> Vec<String> {
        self.ids()
    }

    /// Situation ids.
    #[getter]
    fn situation_ids(&self) -> Vec<String> {
        self.sc.situations.iter().map(|s| s.id.clone()).collect()
    }

    /// Risk ids.
    #[getter]
    fn risk_ids(&self) -> Vec<String> {
        self.sc.risks.iter().map(|r| r.id.clone()).collect()
    }

    /// ``P_q`` of the project finish (or of a named column) by the inverted empirical CDF.
    #[pyo3(signature = (q, column = "finish"))]
    fn pvalue(&self, py: Python<'_>, q: f64, column: &str) -> PyResult<f64> {
        let col = self
            .columns
            .bind(py)
            .get_item(column)?
            .ok_or_else(|| arg("column", format!("no column {column:?}")))?;
        let v: Vec<f64> = col.extract()?;
        Ok(metrics::quantile(&v, q))
    }

    /// Share of draws finishing by ``months`` (default: the deterministic finish).
    #[pyo3(signature = (months = None))]
    fn confidence(&self, py: Python<'_>, months: Option<f64>) -> PyResult<f64> {
        let f = self.finish.bind(py).readonly();
        let v = f.as_slice()?;
        Ok(metrics::confidence(v, months.unwrap_or(self.deterministic)))
    }

    /// Joint confidence: share of draws with cost <= ``cost_usd`` and finish <= ``months``.
    fn joint_confidence(&self, py: Python<'_>, cost_usd: f64, months: f64) -> PyResult<f64> {
        let cols = self.columns.bind(py);
        let c: Vec<f64> = cols
            .get_item("cost")?
            .map_or(Ok(Vec::new()), |c| c.extract())?;
        let f = self.finish.bind(py).readonly();
        Ok(metrics::joint_confidence(
            &c,
            f.as_slice()?,
            cost_usd,
            months,
        ))
    }

    /// Running mean and ``P_q`` of the finish over the first k draws, at ``points`` checkpoints.
    #[pyo3(signature = (q = 0.8, points = 50))]
    fn convergence_table<'py>(
        &self,
        py: Python<'py>,
        q: f64,
        points: usize,
    ) -> PyResult<Bound<'py, PyDict>> {
        let f = self.finish.bind(py).readonly();
        tables::convergence(py, f.as_slice()?, q, points)
    }

    /// Per intervention: criticality index, signed Spearman cruciality, SSI, share of draws in
    /// which it happened.
    fn criticality_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let f = self.finish.bind(py).readonly();
        let [sum, sq] = &self.dur_moments;
        let ssi = metrics::ssi(&self.critical, sum, sq, self.opts.draws, f.as_slice()?);
        d.set_item("id", self.ids())?;
        d.set_item("criticality", self.critical.clone())?;
        d.set_item("cruciality", self.cruciality(py)?.clone())?;
        d.set_item("ssi", ssi)?;
        d.set_item("happens", self.exists.clone())?;
        Ok(d)
    }

    /// Per intervention, sums over the feasible draws (streamed, exact means once divided by
    /// their number): ``committed_usd_sum`` (its cost where it happened), ``funded_usd_sum``
    /// (charged to its sources, in order of start against their realised inflows),
    /// ``unfunded_usd_sum`` (the rest: all of it without a source, or never started),
    /// ``shortfall_usd_sum`` (what its pledged sources lacked: mobilised or never started);
    /// and ``happened``, the draws
    /// (all of them) in which it happened.
    fn money_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        tables::money(py, self.ids(), &self.money, &self.happened)
    }

    /// Per intervention, the share of draws in which it never started: ``unfunded`` (its
    /// money never arrived) and ``held`` (a predecessor never started); and ``mobilised``, the
    /// share in which its pledges fell short and it started on money mobilised for it.
    fn unfunded_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        tables::unfunded(py, self.ids(), &self.unstarted, self.opts.draws)
    }

    /// Per intervention with a deadline: ``deadline_months`` and ``on_time``, the share of
    /// draws in which it finished by its deadline (work that never starts is late).
    fn deadline_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        tables::deadlines(py, &self.sc, &self.on_time, self.opts.draws)
    }

    /// ``P(funded by month t)``: per intervention (rows, scenario order) and point of the cash
    /// grid (columns, ``months``), the share of draws in which it had started, its money
    /// committed, by then. Empty rows when money does not constrain the run.
    fn funded_by_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let (ids, draws) = (self.ids(), self.opts.draws);
        tables::funded_by(py, ids, &self.started_bins, &self.cash_grid, draws)
    }

    /// Merge bias per merge node (``E[max] - max E`` over its predecessors, months).
    fn merge_bias_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        tables::merge_bias(py, &self.net, &self.merge, self.opts.draws)
    }

    /// Risk drivers at ``q``: each risk's effect on ``P_q`` (all risks vs all but it, common
    /// random numbers) and the waterfall. Re-runs the simulation (outside the GIL).
    #[pyo3(signature = (q = 0.8))]
    fn risk_drivers_table<'py>(&self, py: Python<'py>, q: f64) -> PyResult<Bound<'py, PyDict>> {
        tables::risk_drivers(py, &self.sc, &self.opts, q)
    }

    /// The scenario simulated.
    #[getter]
    fn scenario(&self) -> super::scenario::PyScenario {
        super::scenario::PyScenario::from_arc(Arc::clone(&self.sc))
    }

    fn __repr__(&self) -> String {
        format!(
            "Simulation(draws={}, engine={:?}, seed={})",
            self.opts.draws, self.engine, self.opts.seed
        )
    }
}
