//! `Portfolio`, `CapacityResult` and the capacity functions (`peaceplan.capacity`).

use std::path::PathBuf;
use std::sync::Arc;

use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use super::office::PyOffice;
use crate::capacity::{
    minimum_structure as core_search, simulate_with, CapacityOptions, CapacityResult, Portfolio,
    SearchOptions,
};
use crate::error::Error;

/// The portfolio of country situations an office serves: arrivals, engagement phases, staff demand.
///
/// ``Portfolio(arrivals_per_year=4.5)`` is the founding note's simple model: Poisson arrivals, one
/// phase needing ``team_fte`` FTE of ``demand`` for an exponential time of mean ``mean_months``.
/// Richer portfolios (rates by year, dated arrivals, phases, situations in progress) are read from
/// files or dicts; see ``docs/capacity.md``.
///
/// Examples
/// --------
/// >>> import peaceplan as pp
/// >>> pp.Portfolio(arrivals_per_year=4.5).to_dict()["arrivals"]["rate_per_year"]
/// 4.5
/// >>> pp.examples.default_portfolio().name
/// 'PBC agenda, DOMAIN §3 defaults'
#[pyclass(frozen, eq, module = "peaceplan._core", name = "Portfolio")]
#[derive(Clone, PartialEq)]
pub struct PyPortfolio {
    inner: Arc<Portfolio>,
}

impl PyPortfolio {
    fn wrap(p: Portfolio) -> Self {
        PyPortfolio { inner: Arc::new(p) }
    }

    /// The portfolio of the core.
    pub(super) fn portfolio(&self) -> &Portfolio {
        &self.inner
    }
}

pub(super) fn issue_dicts<'py>(
    py: Python<'py>,
    issues: Vec<crate::Issue>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for issue in issues {
        let d = PyDict::new(py);
        d.set_item("path", issue.path)?;
        d.set_item("message", issue.message)?;
        d.set_item("kind", issue.kind.as_str())?;
        list.append(d)?;
    }
    Ok(list)
}

#[pymethods]
impl PyPortfolio {
    #[new]
    #[pyo3(signature = (arrivals_per_year = 4.5, team_fte = 3.0, mean_months = 12.0, demand = "planning"))]
    fn py_new(arrivals_per_year: f64, team_fte: f64, mean_months: f64, demand: &str) -> Self {
        Self::wrap(Portfolio::simple(
            arrivals_per_year,
            team_fte,
            mean_months,
            demand,
        ))
    }

    /// Read a portfolio from TOML text.
    #[staticmethod]
    fn from_toml(text: &str) -> PyResult<Self> {
        Ok(Self::wrap(Portfolio::from_toml_str(text)?))
    }

    /// Read a portfolio from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(Self::wrap(Portfolio::from_json_str(text)?))
    }

    /// Build a portfolio from a dict with the structure of the file format.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text: String = py
            .import("json")?
            .call_method1("dumps", (data,))?
            .extract()?;
        Self::from_json(&text)
    }

    /// Read a ``.toml`` or ``.json`` portfolio file.
    #[staticmethod]
    fn load(path: PathBuf) -> PyResult<Self> {
        Ok(Self::wrap(Portfolio::load(&path)?))
    }

    /// The portfolio as TOML text.
    fn to_toml(&self) -> PyResult<String> {
        Ok(self.inner.to_toml_string()?)
    }

    /// The portfolio as JSON text.
    fn to_json(&self) -> PyResult<String> {
        Ok(self.inner.to_json_string()?)
    }

    /// The portfolio as a plain dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.call_method1("loads", (self.to_json()?,))
    }

    /// Portfolio name.
    #[getter]
    fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// Free-text description.
    #[getter]
    fn description(&self) -> String {
        self.inner.description.clone()
    }

    /// A copy with Poisson arrivals at ``rate_per_year`` in every year (dated arrivals are kept).
    fn with_rate(&self, rate_per_year: f64) -> Self {
        Self::wrap(self.inner.with_rate(rate_per_year))
    }

    /// Every problem (of the portfolio, and with ``office`` also of the office and of the two
    /// together) as dicts with ``path``, ``message`` and ``kind``.
    #[pyo3(signature = (office = None))]
    fn issues<'py>(
        &self,
        py: Python<'py>,
        office: Option<PyRef<'_, PyOffice>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let issues = match office {
            Some(o) => self.inner.issues_with(o.office()),
            None => self.inner.issues(),
        };
        issue_dicts(py, issues)
    }

    /// Raise ``ValidationError`` listing every problem (see :meth:`issues`).
    #[pyo3(signature = (office = None))]
    fn validate(&self, office: Option<PyRef<'_, PyOffice>>) -> PyResult<()> {
        let issues = match office {
            Some(o) => self.inner.issues_with(o.office()),
            None => self.inner.issues(),
        };
        if issues.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(issues).into())
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "Portfolio(name={:?}, engagements={}, rate_per_year={}, dated={}, in_progress={})",
            self.inner.name,
            self.inner.engagements.len(),
            self.inner.arrivals.rate_per_year,
            self.inner.arrivals.dated.len(),
            self.inner.in_progress.len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let ctor = slf.get_type().getattr("from_json")?;
        let args = PyTuple::new(slf.py(), [slf.get().inner.to_json_string()?])?;
        PyTuple::new(slf.py(), [ctor.into_any(), args.into_any()])
    }
}

/// Results of :func:`peaceplan.capacity`: waits, under-staffing, utilisation and queue over time.
///
/// Times are in months. ``summary()`` gives one table of the headline figures; ``waits`` the
/// individual waits (first draws, at most ``max_waits``); ``utilisation()`` the binned series.
#[pyclass(frozen, module = "peaceplan._core", name = "CapacityResult")]
pub struct PyCapacityResult {
    inner: Arc<CapacityResult>,
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
        d.set_item("wait_p50", r.wait_p50)?;
        d.set_item("wait_p80", r.wait_p80)?;
        d.set_item("wait_p90", r.wait_p90)?;
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

    /// Headline figures as a one-column DataFrame (waits in months).
    fn summary<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("peaceplan.capacity_frames")?
            .call_method1("capacity_summary", (slf,))
    }

    /// Utilisation, FTE in use and on duty per section and time bin, with the queue (long format).
    fn utilisation<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("peaceplan.capacity_frames")?
            .call_method1("capacity_utilisation", (slf,))
    }

    /// Staff on duty and in use per section over time, and the queue of new situations.
    #[pyo3(signature = (sections = None))]
    fn plot_utilisation<'py>(
        slf: &Bound<'py, Self>,
        sections: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("peaceplan.capacity_plot")?
            .call_method1("capacity_utilisation", (slf, sections))
    }

    /// Distribution of waits until the team is in place (histogram and survival curve).
    fn plot_waits<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("peaceplan.capacity_plot")?
            .call_method1("capacity_waits", (slf,))
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

/// Run the simulation outside the GIL, checking for Ctrl-C between batches of draws.
fn run(
    py: Python<'_>,
    office: &crate::model::Office,
    portfolio: &Portfolio,
    opts: &CapacityOptions,
) -> PyResult<CapacityResult> {
    let mut interrupted: Option<PyErr> = None;
    let result =
        py.detach(|| {
            simulate_with(office, portfolio, opts, &mut || match Python::attach(|py| {
                py.check_signals()
            }) {
                Ok(()) => Ok(()),
                Err(e) => {
                    interrupted = Some(e);
                    Err(Error::InvalidArgument {
                        name: "draws".into(),
                        message: "interrupted".into(),
                    })
                }
            })
        });
    match (result, interrupted) {
        (_, Some(e)) => Err(e),
        (r, None) => Ok(r?),
    }
}

/// Simulate the office serving the portfolio (the ``_core`` entry of :func:`peaceplan.capacity`).
#[pyfunction]
#[pyo3(signature = (office, portfolio, years = 10.0, draws = 1000, seed = 0, *, warmup_years = 0.0, bin_months = 0.0, threshold_months = 3.0, max_waits = 1_000_000))]
#[allow(clippy::too_many_arguments)]
pub fn capacity(
    py: Python<'_>,
    office: PyRef<'_, PyOffice>,
    portfolio: PyRef<'_, PyPortfolio>,
    years: f64,
    draws: u64,
    seed: u64,
    warmup_years: f64,
    bin_months: f64,
    threshold_months: f64,
    max_waits: usize,
) -> PyResult<PyCapacityResult> {
    let opts = CapacityOptions {
        years,
        draws,
        seed,
        warmup_years,
        bin_months,
        threshold_months,
        max_waits,
    };
    let office = office.office().clone();
    let portfolio = (*portfolio.inner).clone();
    let r = run(py, &office, &portfolio, &opts)?;
    Ok(PyCapacityResult { inner: Arc::new(r) })
}

/// Greedy search for the smallest structure meeting the service target (the ``_core`` entry of
/// :func:`peaceplan.capacity.minimum_structure`). Returns the options tried (dicts) and the index
/// of the best one that meets the target, or None.
#[pyfunction]
#[pyo3(signature = (office, portfolio, target = 0.1, sections = None, max_steps = 20, years = 10.0, draws = 200, seed = 0, threshold_months = 3.0))]
#[allow(clippy::too_many_arguments)]
pub fn minimum_structure<'py>(
    py: Python<'py>,
    office: PyRef<'_, PyOffice>,
    portfolio: PyRef<'_, PyPortfolio>,
    target: f64,
    sections: Option<Vec<String>>,
    max_steps: u32,
    years: f64,
    draws: u64,
    seed: u64,
    threshold_months: f64,
) -> PyResult<(Bound<'py, PyList>, Option<usize>)> {
    let opts = SearchOptions {
        target,
        sections: sections.unwrap_or_default(),
        max_steps,
        capacity: CapacityOptions {
            years,
            draws,
            seed,
            threshold_months,
            max_waits: 0,
            ..CapacityOptions::default()
        },
    };
    let office = office.office().clone();
    let portfolio = (*portfolio.inner).clone();
    let (tried, best) = py.detach(|| core_search(&office, &portfolio, &opts))?;
    let list = PyList::empty(py);
    for o in tried {
        let d = PyDict::new(py);
        d.set_item("step", o.step)?;
        d.set_item("change", o.change)?;
        let posts = PyDict::new(py);
        for (s, n) in &o.posts {
            posts.set_item(s, n)?;
        }
        d.set_item("posts", posts)?;
        d.set_item("p_wait_over_threshold", o.result.p_wait_over_threshold)?;
        d.set_item("mean_wait", o.result.mean_wait)?;
        d.set_item("wait_p90", o.result.wait_p90)?;
        d.set_item("post_cost_usd_per_year", o.result.post_cost_usd_per_year)?;
        d.set_item("meets", o.meets)?;
        d.set_item("chosen", o.chosen)?;
        d.set_item("office", Py::new(py, PyOffice::new(o.office))?)?;
        list.append(d)?;
    }
    Ok((list, best))
}
