//! `CapacityResult`: the figures of a capacity run as numpy arrays, dicts and (through
//! `peaceplan.capacity_frames` / `capacity_plot`) tables and figures.

use std::sync::Arc;

use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::capacity::CapacityResult;

/// Results of :func:`peaceplan.capacity`: waits, under-staffing, utilisation and queue over time.
///
/// Times are in months. ``summary()`` gives one table of the headline figures; ``waits`` the
/// individual waits (first draws, at most ``max_waits``); ``utilisation()`` the binned series.
#[pyclass(frozen, module = "peaceplan._core", name = "CapacityResult")]
pub struct PyCapacityResult {
    inner: Arc<CapacityResult>,
}

impl PyCapacityResult {
    pub(crate) fn new(r: CapacityResult) -> Self {
        PyCapacityResult { inner: Arc::new(r) }
    }
}

fn ratio(x: f64, y: f64) -> f64 {
    if y > 0.0 {
        x / y
    } else {
        f64::NAN
    }
}

fn matrix<'py>(
    py: Python<'py>,
    rows: usize,
    values: &[f64],
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let cols = values.len().checked_div(rows).unwrap_or(0);
    let a = Array2::from_shape_vec((rows, cols), values.to_vec())
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(a.into_pyarray(py))
}

#[pymethods]
impl PyCapacityResult {
    /// Section ids (rows of the per-section arrays).
    #[getter]
    fn sections(&self) -> Vec<String> {
        self.inner.sections.clone()
    }

    /// Individual waits (months) of the situations that got a team, first draws first.
    #[getter]
    fn waits<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.waits.clone().into_pyarray(py)
    }

    /// Start of each time bin (months).
    #[getter]
    fn bin_starts<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.bin_starts.clone().into_pyarray(py)
    }

    /// Mean FTE in use, sections x bins.
    #[getter]
    fn busy_fte<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        matrix(py, self.inner.sections.len(), &self.inner.busy_fte)
    }

    /// Mean FTE on duty, sections x bins.
    #[getter]
    fn duty_fte<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        matrix(py, self.inner.sections.len(), &self.inner.duty_fte)
    }

    /// Mean number of new situations waiting for their first team, per bin.
    #[getter]
    fn queue<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.queue.clone().into_pyarray(py)
    }

    /// Per year of the horizon: mean situations ``arrived``, ``started`` (team in place) and
    /// ``completed`` per draw (numpy arrays).
    fn per_year<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.inner;
        let d = PyDict::new(py);
        let years: Vec<f64> = (1..=r.arrived_per_year.len()).map(|y| y as f64).collect();
        d.set_item("year", years.into_pyarray(py))?;
        d.set_item("arrived", r.arrived_per_year.clone().into_pyarray(py))?;
        d.set_item("started", r.started_per_year.clone().into_pyarray(py))?;
        d.set_item("completed", r.completed_per_year.clone().into_pyarray(py))?;
        Ok(d)
    }

    /// Headline figures as a dict of numbers (``summary()`` shows them as a table).
    fn figures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.inner;
        let o = &r.options;
        let d = PyDict::new(py);
        d.set_item("years", o.years)?;
        d.set_item("draws", o.draws)?;
        d.set_item("seed", o.seed)?;
        d.set_item("warmup_years", o.warmup_years)?;
        d.set_item("threshold_months", o.threshold_months)?;
        d.set_item("situations_simulated", r.situations_simulated)?;
        d.set_item("arrived", r.arrived)?;
        d.set_item("started", r.started)?;
        d.set_item("unstarted", r.unstarted)?;
        d.set_item("completed", r.completed)?;
        d.set_item("p_wait", r.p_wait)?;
        d.set_item("p_wait_over_threshold", r.p_wait_over_threshold)?;
        d.set_item("mean_wait", r.mean_wait)?;
        d.set_item("mean_wait_restricted", r.mean_wait_restricted)?;
        d.set_item(
            "censored_share",
            ratio(r.unstarted as f64, r.arrived as f64),
        )?;
        d.set_item("horizon_months", o.years * 12.0)?;
        // A percentile beyond what the Kaplan-Meier curve covers is reported as inf ("> horizon").
        let q = |v: f64, beyond: bool| if beyond { f64::INFINITY } else { v };
        d.set_item("wait_p50", q(r.wait_p50, r.wait_beyond[0]))?;
        d.set_item("wait_p80", q(r.wait_p80, r.wait_beyond[1]))?;
        d.set_item("wait_p90", q(r.wait_p90, r.wait_beyond[2]))?;
        d.set_item("mean_understaffed", r.mean_understaffed)?;
        d.set_item("share_understaffed", r.share_understaffed)?;
        d.set_item("p_ever_understaffed", r.p_ever_understaffed)?;
        d.set_item("surge_calls", r.surge_calls)?;
        d.set_item("surge_fte_months", r.surge_fte_months)?;
        d.set_item("surge_cost_usd_per_year", r.surge_cost_usd_per_year)?;
        d.set_item("post_cost_usd_per_year", r.post_cost_usd_per_year)?;
        let u = PyDict::new(py);
        for (s, v) in r.sections.iter().zip(&r.utilisation) {
            u.set_item(s, v)?;
        }
        d.set_item("utilisation", u)?;
        Ok(d)
    }

    /// Figures per priority class (empty unless engagements differ in priority), highest class
    /// first: dicts with ``id``, ``priority``, ``rate_per_year``, counts (``arrived``,
    /// ``started``, ``unstarted``, ``completed``), the class's Kaplan-Meier waits (``p_wait``,
    /// ``p_wait_over_threshold``, ``mean_wait``, ``mean_wait_restricted``, ``wait_p50`` and
    /// ``wait_p90``, ``inf`` beyond the horizon; ``survival_months`` and ``p_wait_over`` arrays),
    /// pre-emption (``preemptions`` in all draws, ``preemptions_per_year``,
    /// ``share_preempted``, ``mean_preempted_months`` = the extra delay per situation,
    /// ``months_per_preemption``) and ``mean_in_system``.
    fn classes<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let r = &self.inner;
        let years = (r.options.years - r.options.warmup_years).max(0.0);
        let runs = r.options.draws as f64 * years;
        let mut order: Vec<_> = r.classes.iter().collect();
        order.sort_by_key(|c| std::cmp::Reverse(c.priority));
        let q = |v: f64, beyond: bool| if beyond { f64::INFINITY } else { v };
        order
            .into_iter()
            .map(|c| {
                let d = PyDict::new(py);
                d.set_item("id", &c.id)?;
                d.set_item("priority", c.priority)?;
                d.set_item("rate_per_year", c.rate_per_year)?;
                d.set_item("arrived", c.arrived)?;
                d.set_item("started", c.started)?;
                d.set_item("unstarted", c.unstarted)?;
                d.set_item("completed", c.completed)?;
                d.set_item("p_wait", c.p_wait)?;
                d.set_item("p_wait_over_threshold", c.p_wait_over_threshold)?;
                d.set_item("mean_wait", c.mean_wait)?;
                d.set_item("mean_wait_restricted", c.mean_wait_restricted)?;
                d.set_item("wait_p50", q(c.wait_p50, c.wait_beyond[0]))?;
                d.set_item("wait_p90", q(c.wait_p90, c.wait_beyond[1]))?;
                d.set_item("preemptions", c.preemptions)?;
                d.set_item("preemptions_per_year", ratio(c.preemptions as f64, runs))?;
                d.set_item("share_preempted", c.share_preempted)?;
                d.set_item("mean_preempted_months", c.mean_preempted_months)?;
                d.set_item("months_per_preemption", c.months_per_preemption)?;
                d.set_item("mean_in_system", c.mean_in_system)?;
                let s = &c.survival;
                let months: Vec<f64> = (0..s.values.len()).map(|k| k as f64 * s.width).collect();
                d.set_item("survival_months", months.into_pyarray(py))?;
                d.set_item("p_wait_over", s.values.clone().into_pyarray(py))?;
                Ok(d)
            })
            .collect()
    }

    /// Kaplan-Meier estimate of the wait (situations still waiting at the horizon censored):
    /// dict of numpy arrays ``months`` (grid), ``p_wait_over`` (P(wait > months)) and
    /// ``at_risk`` (situations still waiting at that time, all draws), plus the counts
    /// ``started`` and ``censored``.
    fn wait_survival<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.inner.survival;
        let d = PyDict::new(py);
        let months: Vec<f64> = (0..s.values.len()).map(|k| k as f64 * s.width).collect();
        d.set_item("months", months.into_pyarray(py))?;
        d.set_item("p_wait_over", s.values.clone().into_pyarray(py))?;
        let risk: Vec<f64> = s.at_risk.iter().map(|&n| n as f64).collect();
        d.set_item("at_risk", risk.into_pyarray(py))?;
        d.set_item("started", self.inner.started)?;
        d.set_item("censored", self.inner.unstarted)?;
        Ok(d)
    }

    /// P(wait > t) for each ``t`` in months (Kaplan-Meier; NaN where not identified).
    fn p_wait_over<'py>(&self, py: Python<'py>, months: Vec<f64>) -> Bound<'py, PyArray1<f64>> {
        let s = &self.inner.survival;
        months
            .iter()
            .map(|&t| s.at(t))
            .collect::<Vec<f64>>()
            .into_pyarray(py)
    }

    /// Offered load against capacity (closed-form view at the long-run arrival rate) and what
    /// the simulation saw late in the horizon: a dict with ``arrivals_per_year``,
    /// ``offered_fte``, ``capacity_fte``, ``availability``, ``overloaded``, ``demands`` and
    /// ``sections`` (lists of dicts), ``teams`` (dict or None) and ``stability`` (dict with
    /// ``arrivals_per_year``, ``starts_per_year``, ``completions_per_year``,
    /// ``backlog_growth_per_year``, ``from_year``, ``unstable``).
    fn load<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        super::capacity_load::load_dict(py, &self.inner.load, &self.inner.stability)
    }

    fn __repr__(&self) -> String {
        let r = &self.inner;
        format!(
            "CapacityResult(draws={}, years={}, situations={}, p_wait={:.3}, p_wait_over_{}_months={:.3}, mean_wait_months={:.2})",
            r.options.draws,
            r.options.years,
            r.arrived,
            r.p_wait,
            r.options.threshold_months,
            r.p_wait_over_threshold,
            r.mean_wait
        )
    }
}
