//! `Scenario`: the immutable scenario object of the Python API.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use super::plan::PyPlan;
use super::scenario_args::point_arg;
use crate::model::{LinkKind, Scenario};
use crate::simulate::Prepared;
use crate::Error;

/// A planning scenario: interventions, links, situations, staff pools, funding sources and risks.
///
/// Immutable: builder methods (`with_link`, `without_link`) return a modified copy, so each
/// sequencing option is one line.
///
/// Examples
/// --------
/// >>> import peaceplan as pp
/// >>> sc = pp.Scenario.from_toml('''
/// ... schema = 1
/// ... name = "tiny"
/// ... [[interventions]]
/// ... id = "a"
/// ... duration_months = {triangular = [1, 2, 4]}
/// ... ''')
/// >>> sc.cpm().makespan
/// 2.0
#[pyclass(frozen, eq, module = "peaceplan._core", name = "Scenario")]
#[derive(Clone)]
pub struct PyScenario {
    pub(crate) inner: Arc<Scenario>,
    /// The scenario validated, with its network, made by the first simulation and reused by
    /// the next ones: the scenario is immutable (the class is frozen; every edit makes a new
    /// one), so validation and the network build need to run once, not once per call.
    prepared: OnceLock<Prepared>,
}

impl PartialEq for PyScenario {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

impl PyScenario {
    pub(crate) fn new(sc: Scenario) -> Self {
        PyScenario::from_arc(Arc::new(sc))
    }

    pub(crate) fn from_arc(inner: Arc<Scenario>) -> Self {
        PyScenario {
            inner,
            prepared: OnceLock::new(),
        }
    }

    /// The validated scenario with its network (see the field `prepared`); a validation error
    /// is not kept, so every call reports it.
    pub(crate) fn prepared(&self) -> crate::Result<&Prepared> {
        if let Some(p) = self.prepared.get() {
            return Ok(p);
        }
        let p = Prepared::new(&self.inner)?;
        // two threads may race here; either result is the same
        Ok(self.prepared.get_or_init(|| p))
    }
}

#[pymethods]
impl PyScenario {
    /// Read a scenario from TOML text.
    ///
    /// Raises
    /// ------
    /// ParseError
    ///     On a syntax error, wrong type or unknown key (with ``path``, ``line``, ``column``).
    #[staticmethod]
    fn from_toml(text: &str) -> PyResult<Self> {
        Ok(Self::new(Scenario::from_toml_str(text)?))
    }

    /// Read a scenario from JSON text (same structure as TOML).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(Self::new(Scenario::from_json_str(text)?))
    }

    /// Build a scenario from a dict with the structure of the file format.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text: String = py
            .import("json")?
            .call_method1("dumps", (data,))?
            .extract()?;
        Self::from_json(&text)
    }

    /// Read a ``.toml`` or ``.json`` scenario file.
    #[staticmethod]
    fn load(path: PathBuf) -> PyResult<Self> {
        Ok(Self::new(Scenario::load(&path)?))
    }

    /// The scenario as TOML text.
    fn to_toml(&self) -> PyResult<String> {
        Ok(self.inner.to_toml_string()?)
    }

    /// The scenario as JSON text.
    fn to_json(&self) -> PyResult<String> {
        Ok(self.inner.to_json_string()?)
    }

    /// The scenario as a plain dict (the file structure).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?
            .call_method1("loads", (self.inner.to_json_string()?,))
    }

    /// Scenario name.
    #[getter]
    fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// Free-text description.
    #[getter]
    fn description(&self) -> String {
        self.inner.description.clone()
    }

    /// Calendar date of month 0 (``YYYY-MM-DD``) or None.
    #[getter]
    fn start_date(&self) -> Option<String> {
        self.inner.start_date.clone()
    }

    /// Intervention ids in file order.
    #[getter]
    fn intervention_ids(&self) -> Vec<String> {
        self.inner
            .interventions
            .iter()
            .map(|i| i.id.clone())
            .collect()
    }

    /// Pool ids in file order.
    #[getter]
    fn pool_ids(&self) -> Vec<String> {
        self.inner.pools.iter().map(|p| p.id.clone()).collect()
    }

    /// Funding source ids in file order.
    #[getter]
    fn source_ids(&self) -> Vec<String> {
        self.inner.sources.iter().map(|s| s.id.clone()).collect()
    }

    /// One column per field of the interventions (for ``to_pandas``).
    fn interventions_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        super::scenario_tables::interventions_table(py, &self.inner)
    }

    /// Every precedence link, explicit (`origin="links"`) and from `after` (`origin="after"`).
    fn links_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        super::scenario_tables::links_table(py, &self.inner)
    }

    /// Every consistency problem as a dict with ``path``, ``message`` and ``kind`` (empty if valid).
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        super::capacity::issue_dicts(py, self.inner.issues())
    }

    /// Check the scenario; raises ``ValidationError`` listing every problem at once.
    fn validate(&self) -> PyResult<()> {
        Ok(self.inner.validate()?)
    }

    /// Critical path method: early/late dates, floats and the critical path.
    ///
    /// Parameters
    /// ----------
    /// durations : str or float, default "mode"
    ///     Which value of each duration distribution to use: ``"mode"``, ``"mean"``, ``"min"``,
    ///     ``"max"`` or a quantile in (0, 1).
    ///
    /// Returns
    /// -------
    /// Plan
    ///
    /// Examples
    /// --------
    /// >>> import peaceplan as pp
    /// >>> plan = pp.examples.postwar_country().cpm()
    /// >>> plan.critical_path[0]
    /// 'pa'
    #[pyo3(signature = (durations = None), text_signature = "(self, durations='mode')")]
    fn cpm(&self, py: Python<'_>, durations: Option<&Bound<'_, PyAny>>) -> PyResult<PyPlan> {
        let point = point_arg(durations)?;
        let sc = Arc::clone(&self.inner);
        let plan = super::interrupt::run(py, move || crate::schedule::cpm(&sc, point))??;
        Ok(PyPlan::new(plan))
    }

    /// A plan under the staff pools and funding sources (constrained scheduling).
    ///
    /// Parameters
    /// ----------
    /// method : {"serial", "parallel", "search"}, default "serial"
    ///     ``serial``: one serial schedule-generation pass (plan with foresight); ``parallel``: one
    ///     parallel pass (dispatch as time runs, as an office that cannot see the future);
    ///     ``search``: a genetic algorithm over activity lists and modes (justified children)
    ///     within ``max_schedules``. Its objective is the makespan; when some intervention has a
    ///     ``deadline_months`` it is the total weighted tardiness first (``plan.weighted_tardiness``)
    ///     and the makespan second, so it accepts a later finish to meet a deadline.
    /// rule : str, default "lft"
    ///     Priority rule: ``lft``, ``lst``, ``minslack``, ``grpw``, ``mts``, ``spt``, ``random``
    ///     or ``rbrs`` (regret-based biased random sampling).
    /// max_schedules : int, default 5000
    ///     Budget of generated schedules for ``search`` (every pass counts); at least 1.
    /// seed : int, default 0
    ///     Seed of the random stream (non-negative); same seed, same plan.
    /// durations : str or float, default "mode"
    ///     Which value of every distribution (durations, costs, pledge delays) to use.
    /// hard_deadlines : bool, default False
    ///     Raise ``InfeasibleError`` when an intervention finishes after its deadline; its
    ///     ``resource`` names the binding cause (``"deadline:pool:<id>"``,
    ///     ``"deadline:source:<id>"``, ``"deadline:release:<id>"``, ``"deadline:links"``) and the
    ///     message the chain of delays with the month the staff or money became available.
    ///
    /// Returns
    /// -------
    /// Plan
    ///
    /// Raises
    /// ------
    /// InfeasibleError
    ///     Staff or money that can never suffice, or a missed deadline with ``hard_deadlines``.
    ///
    /// Examples
    /// --------
    /// >>> import peaceplan as pp
    /// >>> sc = pp.examples.postwar_country()
    /// >>> plan = sc.schedule(method="search", max_schedules=500, seed=1)
    /// >>> plan.makespan >= sc.cpm().makespan
    /// True
    #[pyo3(
        signature = (method = "serial", rule = "lft", max_schedules = 5000, seed = 0, durations = None, hard_deadlines = false),
        text_signature = "(self, method='serial', rule='lft', max_schedules=5000, seed=0, durations='mode', hard_deadlines=False)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn schedule(
        &self,
        py: Python<'_>,
        method: &str,
        rule: &str,
        max_schedules: i64,
        seed: i64,
        durations: Option<&Bound<'_, PyAny>>,
        hard_deadlines: bool,
    ) -> PyResult<PyPlan> {
        let max_schedules = u64::try_from(max_schedules)
            .ok()
            .filter(|m| *m > 0)
            .ok_or_else(|| Error::InvalidArgument {
                name: "max_schedules".into(),
                message: format!("must be a positive integer, got {max_schedules}"),
            })?;
        let opts = crate::schedule::constrained::ScheduleOptions {
            method: crate::schedule::constrained::Method::parse(method)?,
            rule: crate::schedule::Rule::parse(rule)?,
            max_schedules,
            seed: crate::schedule::constrained::seed_from_i64(seed)?,
            point: point_arg(durations)?,
            hard_deadlines,
        };
        let sc = Arc::clone(&self.inner);
        let plan = super::interrupt::run(py, move || {
            crate::schedule::constrained::schedule(&sc, &opts)
        })??;
        Ok(PyPlan::new(plan))
    }

    /// Monte Carlo schedule and funding risk: durations, costs, pledges, risk events and
    /// branching sampled per draw; each draw scheduled by CPM, or levelled by the constrained
    /// engine when pools or money constrain.
    ///
    /// Parameters
    /// ----------
    /// draws : int, default 10000
    ///     Number of draws (>= 1).
    /// seed : int, default 0
    ///     Same seed, bit-identical results on any number of threads.
    /// lhs : bool, default False
    ///     Latin hypercube sampling of the uncertain durations.
    /// correlation : DataFrame or (ids, matrix), optional
    ///     Target Spearman correlation between the durations of the named interventions
    ///     (Iman-Conover); a matrix that is not positive definite is repaired with a warning.
    /// engine : {"auto", "cpm", "serial", "parallel"}, default "auto"
    ///     ``auto``: parallel SGS when staff or money constrain, else CPM.
    /// rule : str, default "lft"
    ///     Priority rule of the constrained engine.
    /// trigen : (float, float), optional
    ///     Read triangular ``[min, mode, max]`` durations as these percentiles, e.g. (0.1, 0.9).
    /// per_intervention : bool, optional
    ///     Keep start/finish/duration matrices (default: when they need at most 64 MB, e.g.
    ///     100 interventions x 25,000 draws; larger runs stream their statistics unless
    ///     ``True`` is given).
    /// relapse_p10 : float, default 0.40
    ///     Base probability of relapse within 10 years (DOMAIN §6) for situations that state
    ///     neither ``relapse_p5`` nor ``relapse_p10``, on the sourced Weibull shape (with 0.40:
    ///     0.30 within 5 years; see ``docs/relapse.md``).
    /// progress : bool, optional
    ///     Show a tqdm progress bar (default: for long runs).
    /// max_bytes : int, default 2**30
    ///     Memory limit of the outcome arrays; above it the run is refused with the size.
    ///
    /// Returns
    /// -------
    /// Simulation
    ///
    /// Examples
    /// --------
    /// >>> import peaceplan as pp
    /// >>> sim = pp.examples.postwar_country().simulate(draws=400, seed=7)
    /// >>> sim.engine
    /// 'parallel'
    #[pyo3(
        signature = (draws = 10_000, seed = 0, lhs = false, correlation = None, engine = "auto", rule = "lft", trigen = None, per_intervention = None, relapse_p10 = 0.4, progress = None, max_bytes = 1 << 30),
        text_signature = "(self, draws=10000, seed=0, lhs=False, correlation=None, engine='auto', rule='lft', trigen=None, per_intervention=None, relapse_p10=0.4, progress=None, max_bytes=1073741824)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn simulate(
        &self,
        py: Python<'_>,
        draws: i64,
        seed: i64,
        lhs: bool,
        correlation: Option<&Bound<'_, PyAny>>,
        engine: &str,
        rule: &str,
        trigen: Option<(f64, f64)>,
        per_intervention: Option<bool>,
        relapse_p10: f64,
        progress: Option<bool>,
        max_bytes: i64,
    ) -> PyResult<super::simulate::PySimulation> {
        let opts = super::simulate_args::options(
            draws,
            seed,
            lhs,
            correlation,
            engine,
            rule,
            trigen,
            per_intervention,
            relapse_p10,
            max_bytes,
        )?;
        super::simulate_run::run(py, self, opts, progress)
    }

    /// A copy whose link from ``from_id`` to ``to_id`` is exactly this one (replacing any).
    ///
    /// Examples
    /// --------
    /// >>> import peaceplan as pp
    /// >>> sc = pp.examples.postwar_country()
    /// >>> overlap = sc.with_link("dd", "el", "SS", lag_months=6)
    #[pyo3(signature = (from_id, to_id, r#type = "FS", lag_months = 0.0))]
    fn with_link(
        &self,
        from_id: &str,
        to_id: &str,
        r#type: &str,
        lag_months: f64,
    ) -> PyResult<Self> {
        let kind = LinkKind::parse(r#type).ok_or_else(|| Error::InvalidArgument {
            name: "type".into(),
            message: format!("expected FS, SS, FF or SF, got {type:?}"),
        })?;
        Ok(Self::new(
            self.inner.with_link(from_id, to_id, kind, lag_months)?,
        ))
    }

    /// A copy with parameters set by path (the grammar of :class:`peaceplan.Study`).
    ///
    /// Parameters
    /// ----------
    /// values : dict of str to float or str
    ///     Path to value, e.g. ``{"pools.planning.capacity": 9}``; a lever such as
    ///     ``interventions.el.mode`` takes its choice (``"fast"``). ``peaceplan.explore.paths(sc)``
    ///     lists every valid path.
    ///
    /// Raises
    /// ------
    /// ArgumentError
    ///     An unknown path (naming it and suggesting the nearest valid ones) or a bad value.
    ///
    /// Examples
    /// --------
    /// >>> import peaceplan as pp
    /// >>> sc = pp.examples.postwar_country()
    /// >>> slower = sc.with_params({"interventions.dd.duration.scale": 1.5})
    /// >>> slower.cpm().makespan > sc.cpm().makespan
    /// True
    fn with_params(&self, values: &Bound<'_, PyDict>) -> PyResult<Self> {
        let pairs = super::scenario_args::param_values(values)?;
        let refs: Vec<(&str, crate::explore::ParamValue)> =
            pairs.iter().map(|(p, v)| (p.as_str(), v.clone())).collect();
        Ok(Self::new(self.inner.with_params(&refs)?))
    }

    /// A copy without the links (explicit and ``after``) from ``from_id`` to ``to_id``.
    fn without_link(&self, from_id: &str, to_id: &str) -> PyResult<Self> {
        Ok(Self::new(self.inner.without_link(from_id, to_id)?))
    }

    fn __repr__(&self) -> String {
        format!(
            "Scenario(name={:?}, interventions={}, links={}, pools={}, sources={}, risks={})",
            self.inner.name,
            self.inner.interventions.len(),
            self.inner.all_links().len(),
            self.inner.pools.len(),
            self.inner.sources.len(),
            self.inner.risks.len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let ctor = slf.get_type().getattr("from_json")?;
        let text = slf.get().inner.to_json_string()?;
        let args = PyTuple::new(slf.py(), [text])?;
        PyTuple::new(slf.py(), [ctor.into_any(), args.into_any()])
    }
}
