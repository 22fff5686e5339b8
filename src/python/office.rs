//! `Office`: sections, posts and recruitment channels.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use super::scenario_args::point_arg;
use crate::model::{Capacity, Office};

/// The office: sections, posts (grades) and recruitment channels with their lags.
///
/// Examples
/// --------
/// >>> import peaceplan as pp
/// >>> pp.examples.pbso_office().post_count()
/// 16
#[pyclass(frozen, eq, module = "peaceplan._core", name = "Office")]
#[derive(Clone, PartialEq)]
pub struct PyOffice {
    inner: Arc<Office>,
}

impl PyOffice {
    pub(super) fn new(office: Office) -> Self {
        PyOffice {
            inner: Arc::new(office),
        }
    }

    /// The office of the core.
    pub(super) fn office(&self) -> &Office {
        &self.inner
    }
}

#[pymethods]
impl PyOffice {
    /// Read an office from TOML text.
    #[staticmethod]
    fn from_toml(text: &str) -> PyResult<Self> {
        Ok(Self::new(Office::from_toml_str(text)?))
    }

    /// Read an office from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(Self::new(Office::from_json_str(text)?))
    }

    /// Build an office from a dict with the structure of the file format.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text: String = py
            .import("json")?
            .call_method1("dumps", (data,))?
            .extract()?;
        Self::from_json(&text)
    }

    /// Every consistency problem as a dict with ``path``, ``message`` and ``kind``.
    fn issues(&self) -> Vec<std::collections::BTreeMap<&'static str, String>> {
        self.inner
            .issues()
            .into_iter()
            .map(|i| {
                std::collections::BTreeMap::from([
                    ("path", i.path),
                    ("message", i.message),
                    ("kind", i.kind.as_str().to_string()),
                ])
            })
            .collect()
    }

    /// Raise ``ValidationError`` listing every problem, if any.
    fn validate(&self) -> PyResult<()> {
        Ok(self.inner.validate()?)
    }

    /// Cost of all posts per year (US$), from ``post_cost_usd_per_year`` and per-post costs.
    fn post_cost_usd_per_year(&self) -> f64 {
        self.inner.post_cost_usd_per_year()
    }

    /// Read a ``.toml`` or ``.json`` office file.
    #[staticmethod]
    fn load(path: PathBuf) -> PyResult<Self> {
        Ok(Self::new(Office::load(&path)?))
    }

    /// The office as TOML text.
    fn to_toml(&self) -> PyResult<String> {
        Ok(crate::model::io::write_toml(&*self.inner)?)
    }

    /// The office as JSON text.
    fn to_json(&self) -> PyResult<String> {
        Ok(crate::model::io::write_json(&*self.inner)?)
    }

    /// The office as a plain dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.call_method1("loads", (self.to_json()?,))
    }

    /// Office name.
    #[getter]
    fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// Free-text description.
    #[getter]
    fn description(&self) -> String {
        self.inner.description.clone()
    }

    /// Number of posts; only professional grades (P, D, ASG, USG) by default.
    #[pyo3(signature = (professional_only = true))]
    fn post_count(&self, professional_only: bool) -> u32 {
        self.inner.post_count(professional_only)
    }

    /// One row per group of posts: section, section_name, grade, count, channel, filled, professional.
    fn posts_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows: Vec<_> = self
            .inner
            .sections
            .iter()
            .flat_map(|s| s.posts.iter().map(move |p| (s, p)))
            .collect();
        let d = PyDict::new(py);
        d.set_item(
            "section",
            rows.iter().map(|(s, _)| s.id.clone()).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "section_name",
            rows.iter().map(|(s, _)| s.name.clone()).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "grade",
            rows.iter()
                .map(|(_, p)| p.grade.clone())
                .collect::<Vec<_>>(),
        )?;
        d.set_item(
            "count",
            rows.iter().map(|(_, p)| p.count).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "channel",
            rows.iter()
                .map(|(_, p)| p.channel.clone())
                .collect::<Vec<_>>(),
        )?;
        d.set_item(
            "filled",
            rows.iter().map(|(_, p)| p.filled).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "professional",
            rows.iter()
                .map(|(_, p)| p.is_professional())
                .collect::<Vec<_>>(),
        )?;
        Ok(d)
    }

    /// One staff pool per section; capacity steps up as posts come on line after recruitment.
    ///
    /// Parameters
    /// ----------
    /// durations : str or float, default "mode"
    ///     Which value of each recruitment-lag distribution to use.
    /// professional_only : bool, default True
    ///     Count only professional posts.
    #[pyo3(signature = (durations = None, professional_only = true), text_signature = "(self, durations='mode', professional_only=True)")]
    fn pools<'py>(
        &self,
        py: Python<'py>,
        durations: Option<&Bound<'py, PyAny>>,
        professional_only: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let point = point_arg(durations)?;
        let pools = self.inner.pools(point, professional_only)?;
        let list = PyList::empty(py);
        for pool in pools {
            let d = PyDict::new(py);
            d.set_item("id", pool.id)?;
            d.set_item("name", pool.name)?;
            let steps = PyList::empty(py);
            match pool.capacity {
                Capacity::Constant(v) => {
                    let s = PyDict::new(py);
                    s.set_item("from_months", 0.0)?;
                    s.set_item("fte", v)?;
                    steps.append(s)?;
                }
                Capacity::Steps(v) => {
                    for step in v {
                        let s = PyDict::new(py);
                        s.set_item("from_months", step.from_months)?;
                        s.set_item("fte", step.fte)?;
                        steps.append(s)?;
                    }
                }
            }
            d.set_item("capacity", steps)?;
            list.append(d)?;
        }
        Ok(list)
    }

    fn __repr__(&self) -> String {
        format!(
            "Office(name={:?}, sections={}, professional_posts={}, posts={})",
            self.inner.name,
            self.inner.sections.len(),
            self.inner.post_count(true),
            self.inner.post_count(false)
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let ctor = slf.get_type().getattr("from_json")?;
        let args = PyTuple::new(slf.py(), [slf.get().to_json()?])?;
        PyTuple::new(slf.py(), [ctor.into_any(), args.into_any()])
    }
}
