//! `Portfolio`, `CapacityResult` and the capacity functions (`peaceplan.capacity`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use super::office::PyOffice;

#[path = "capacity_load.rs"]
pub(super) mod capacity_load;
#[path = "capacity_result.rs"]
mod result;
use crate::capacity::{
    minimum_structure_with as core_search, simulate_with, CapacityOptions, Portfolio, SearchOptions,
};
use crate::error::Error;
pub use result::PyCapacityResult;

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

    /// A copy with priority classes: engagement ``id`` arrives as a Poisson process of
    /// ``rates_per_year[id]`` situations a year (every engagement needs a rate; 0 for none) and
    /// has priority ``priorities[id]`` (0 when not given, at most 1000). A higher class is served
    /// first and, on arrival, pre-empts lower-class work when no team is free (preemptive-resume;
    /// see ``docs/capacity.md``).
    #[pyo3(signature = (rates_per_year, priorities = None))]
    fn with_classes(
        &self,
        rates_per_year: BTreeMap<String, f64>,
        priorities: Option<BTreeMap<String, i64>>,
    ) -> PyResult<Self> {
        let mut prio = BTreeMap::new();
        for (id, p) in priorities.unwrap_or_default() {
            let p = u32::try_from(p).map_err(|_| Error::InvalidArgument {
                name: "priorities".into(),
                message: format!("priority of `{id}` is {p}; it must lie in [0, 1000]"),
            })?;
            prio.insert(id, p);
        }
        Ok(Self::wrap(self.inner.with_classes(&rates_per_year, &prio)?))
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

/// Run `f` outside the GIL, interruptible (see `interrupt`): its `check` polls the core's
/// interruption flag between batches of draws; Ctrl-C raises the `KeyboardInterrupt` Python gave.
fn interruptible<T: Send>(
    py: Python<'_>,
    f: impl FnOnce(&mut dyn FnMut() -> Result<(), Error>) -> Result<T, Error> + Send,
) -> PyResult<T> {
    Ok(super::interrupt::run(py, || {
        f(&mut crate::interrupt::check)
    })??)
}

/// Simulate the office serving the portfolio (the ``_core`` entry of :func:`peaceplan.capacity`).
#[pyfunction]
#[pyo3(signature = (office, portfolio, years = 10.0, draws = 1000, seed = 0, *, warmup_years = 0.0, bin_months = 0.0, threshold_months = 3.0, max_waits = 1_000_000, max_bytes = 2_147_483_648))]
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
    max_bytes: u64,
) -> PyResult<PyCapacityResult> {
    let opts = CapacityOptions {
        years,
        draws,
        seed,
        warmup_years,
        bin_months,
        threshold_months,
        max_waits,
        max_bytes,
    };
    let office = office.office().clone();
    let portfolio = (*portfolio.inner).clone();
    let r = interruptible(py, |check| simulate_with(&office, &portfolio, &opts, check))?;
    Ok(PyCapacityResult::new(r))
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
    let (tried, best) = interruptible(py, |check| core_search(&office, &portfolio, &opts, check))?;
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
        let p90 = if o.result.wait_beyond[2] {
            f64::INFINITY
        } else {
            o.result.wait_p90
        };
        d.set_item("wait_p90", p90)?;
        d.set_item("post_cost_usd_per_year", o.result.post_cost_usd_per_year)?;
        d.set_item("meets", o.meets)?;
        d.set_item("chosen", o.chosen)?;
        d.set_item("office", Py::new(py, PyOffice::new(o.office))?)?;
        list.append(d)?;
    }
    Ok((list, best))
}
