//! `Plan`: a schedule, its floats, critical path, staff and funding use.

use std::sync::Arc;

use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::schedule::Plan;

/// A schedule of every intervention (made by ``Scenario.cpm``).
///
/// Examples
/// --------
/// >>> import peaceplan as pp
/// >>> plan = pp.examples.postwar_country().cpm()
/// >>> plan.makespan > 0
/// True
/// >>> df = plan.to_pandas()
#[pyclass(frozen, module = "peaceplan._core", name = "Plan")]
pub struct PyPlan {
    inner: Arc<Plan>,
}

impl PyPlan {
    pub(crate) fn new(plan: Plan) -> Self {
        PyPlan {
            inner: Arc::new(plan),
        }
    }

    /// The core plan (for the statistics bindings).
    pub(crate) fn plan(&self) -> &Plan {
        &self.inner
    }
}

#[pymethods]
impl PyPlan {
    /// Project finish in months from month 0.
    #[getter]
    fn makespan(&self) -> f64 {
        self.inner.makespan
    }

    /// Critical intervention ids in order of start.
    #[getter]
    fn critical_path(&self) -> Vec<String> {
        self.inner.critical_path.clone()
    }

    /// Engine that made the plan (``"cpm"``).
    #[getter]
    fn method(&self) -> String {
        self.inner.method.clone()
    }

    /// Which point of each distribution was used (``"mode"``, ``"mean"``, ``"0.8"``...).
    #[getter]
    fn durations(&self) -> String {
        self.inner.durations.clone()
    }

    /// Name of the scenario planned.
    #[getter]
    fn scenario_name(&self) -> String {
        self.inner.scenario.clone()
    }

    /// Calendar date of month 0 or None.
    #[getter]
    fn start_date(&self) -> Option<String> {
        self.inner.start_date.clone()
    }

    /// Intervention ids (row order of every column).
    #[getter]
    fn ids(&self) -> Vec<String> {
        self.inner.ids.clone()
    }

    /// Pool ids.
    #[getter]
    fn pool_ids(&self) -> Vec<String> {
        self.inner.pools.clone()
    }

    /// Total weighted tardiness: the sum over interventions with a deadline of
    /// ``deadline_weight * lateness`` (months; 0 when every deadline is met). With deadlines,
    /// ``Scenario.schedule(method="search")`` minimises it first and the makespan second.
    #[getter]
    fn weighted_tardiness(&self) -> f64 {
        self.inner.weighted_tardiness
    }

    /// Cost no eligible source could cover (US$).
    #[getter]
    fn unfunded_usd(&self) -> f64 {
        self.inner.unfunded_usd
    }

    /// Start of each intervention (months).
    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.start.clone().into_pyarray(py)
    }

    /// Finish of each intervention (months).
    #[getter]
    fn finish<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.finish.clone().into_pyarray(py)
    }

    /// Mode chosen for each intervention (``"base"`` or a mode id).
    #[getter]
    fn modes(&self) -> Vec<String> {
        self.inner.modes.clone()
    }

    /// Schedules generated to make this plan (1 for a single pass, 0 for CPM).
    #[getter]
    fn schedules_used(&self) -> u64 {
        self.inner.schedules_used
    }

    /// Funding source ids.
    #[getter]
    fn source_ids(&self) -> Vec<String> {
        self.inner
            .sources
            .iter()
            .map(|s| s.source.clone())
            .collect()
    }

    /// Capacity of a pool as a step function: (breakpoints in months, FTE from each on).
    #[allow(clippy::type_complexity)]
    fn capacity_steps<'py>(
        &self,
        py: Python<'py>,
        pool: &str,
    ) -> PyResult<(Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>)> {
        let (t, v) = self.inner.capacity_steps(pool)?;
        Ok((t.into_pyarray(py), v.into_pyarray(py)))
    }

    /// Balance of a funding source over time: (months, US$), linear between breakpoints.
    #[allow(clippy::type_complexity)]
    fn balance_steps<'py>(
        &self,
        py: Python<'py>,
        source: &str,
    ) -> PyResult<(Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>)> {
        let (t, v) = self.inner.balance_steps(source)?;
        Ok((t.into_pyarray(py), v.into_pyarray(py)))
    }

    /// Share of each pool's available FTE-months used over [0, makespan].
    fn utilisation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (pool, u) in self.inner.utilisation() {
            d.set_item(pool, u)?;
        }
        Ok(d)
    }

    /// Why interventions start later than their critical-path early start: one row per cause
    /// (columns id, delay_months, cause, resource, months).
    fn delay_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows: Vec<_> = self
            .inner
            .delays
            .iter()
            .flat_map(|d| d.causes.iter().map(move |c| (d, c)))
            .collect();
        let d = PyDict::new(py);
        d.set_item(
            "id",
            rows.iter().map(|(d, _)| d.id.clone()).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "delay_months",
            rows.iter().map(|(d, _)| d.delay_months).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "cause",
            rows.iter().map(|(_, c)| c.0.as_str()).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "resource",
            rows.iter().map(|(_, c)| c.1.clone()).collect::<Vec<_>>(),
        )?;
        d.set_item("months", rows.iter().map(|(_, c)| c.2).collect::<Vec<_>>())?;
        Ok(d)
    }

    /// Each situation's finish against its unconstrained critical path
    /// (columns id, finish, cpm_finish, delay).
    fn situation_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.inner.situation_results;
        let d = PyDict::new(py);
        d.set_item("id", s.iter().map(|r| r.id.clone()).collect::<Vec<_>>())?;
        d.set_item("finish", s.iter().map(|r| r.finish).collect::<Vec<_>>())?;
        d.set_item(
            "cpm_finish",
            s.iter().map(|r| r.cpm_finish).collect::<Vec<_>>(),
        )?;
        d.set_item("delay", s.iter().map(|r| r.delay).collect::<Vec<_>>())?;
        Ok(d)
    }

    /// Every per-intervention column: lists of str for ids/names/situations, numpy arrays otherwise.
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let p = &self.inner;
        let d = PyDict::new(py);
        d.set_item("id", p.ids.clone())?;
        d.set_item("name", p.names.clone())?;
        d.set_item("situation", p.situations.clone())?;
        for (name, values) in [
            ("duration", &p.duration),
            ("start", &p.start),
            ("finish", &p.finish),
            ("late_start", &p.late_start),
            ("late_finish", &p.late_finish),
            ("total_float", &p.total_float),
            ("free_float", &p.free_float),
            ("deadline", &p.deadline),
            ("lateness", &p.lateness),
            ("deadline_weight", &p.deadline_weight),
            ("cost_usd", &p.cost_usd),
        ] {
            d.set_item(name, values.clone().into_pyarray(py))?;
        }
        d.set_item("critical", p.critical.clone().into_pyarray(py))?;
        d.set_item("mode", p.modes.clone())?;
        Ok(d)
    }

    /// Staff in a pool over time as a step function: (breakpoints in months, FTE from each on).
    #[allow(clippy::type_complexity)]
    fn staff_steps<'py>(
        &self,
        py: Python<'py>,
        pool: &str,
    ) -> PyResult<(Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>)> {
        let (t, v) = self.inner.staff_profile(pool)?;
        Ok((t.into_pyarray(py), v.into_pyarray(py)))
    }

    /// Largest simultaneous FTE demand per pool.
    fn peak_staff<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (pool, fte) in self.inner.peak_staff() {
            d.set_item(pool, fte)?;
        }
        Ok(d)
    }

    /// Use of each funding source: columns source, kind, pledged_usd, allocated_usd.
    fn funding_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.inner.sources;
        let d = PyDict::new(py);
        d.set_item(
            "source",
            s.iter().map(|u| u.source.clone()).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "kind",
            s.iter().map(|u| u.kind.as_str()).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "pledged_usd",
            s.iter().map(|u| u.pledged_usd).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "allocated_usd",
            s.iter().map(|u| u.allocated_usd).collect::<Vec<_>>(),
        )?;
        Ok(d)
    }

    /// Every inflow of every source at the plan's point (columns source, months, amount_usd).
    fn inflow_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let p = &self.inner;
        let rows: Vec<(String, f64, f64)> = p
            .sources
            .iter()
            .zip(&p.inflows)
            .flat_map(|(s, f)| f.iter().map(move |&(t, a)| (s.source.clone(), t, a)))
            .collect();
        let d = PyDict::new(py);
        d.set_item(
            "source",
            rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
        )?;
        d.set_item("months", rows.iter().map(|r| r.1).collect::<Vec<_>>())?;
        d.set_item("amount_usd", rows.iter().map(|r| r.2).collect::<Vec<_>>())?;
        Ok(d)
    }

    /// Every draw of an intervention on a source (columns intervention, source, amount_usd,
    /// start, over: months over which it is spread, 0 = all at the start).
    fn draw_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let p = &self.inner;
        let id = |i: usize| p.ids.get(i).cloned().unwrap_or_default();
        let src = |k: usize| {
            p.sources
                .get(k)
                .map(|s| s.source.clone())
                .unwrap_or_default()
        };
        let d = PyDict::new(py);
        d.set_item(
            "intervention",
            p.draws
                .iter()
                .map(|x| id(x.intervention))
                .collect::<Vec<_>>(),
        )?;
        d.set_item(
            "source",
            p.draws.iter().map(|x| src(x.source)).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "amount_usd",
            p.draws.iter().map(|x| x.amount_usd).collect::<Vec<_>>(),
        )?;
        d.set_item("start", p.draws.iter().map(|x| x.start).collect::<Vec<_>>())?;
        d.set_item("over", p.draws.iter().map(|x| x.over).collect::<Vec<_>>())?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Plan(scenario={:?}, method={:?}, durations={:?}, makespan={:.2}, critical_path=[{}])",
            self.inner.scenario,
            self.inner.method,
            self.inner.durations,
            self.inner.makespan,
            self.inner.critical_path.join(", ")
        )
    }
}
