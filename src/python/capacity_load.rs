//! Offered load, teams and stability of a capacity run as Python dicts.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::capacity::{Load, Stability, Teams};

pub(crate) fn teams_dict<'py>(py: Python<'py>, t: &Teams) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("demand", &t.demand)?;
    d.set_item("team_fte", t.team_fte)?;
    d.set_item("min_start_share", t.min_start_share)?;
    d.set_item("capacity_fte", t.capacity_fte)?;
    d.set_item("teams", t.teams)?;
    d.set_item("teams_on_duty", t.teams_on_duty)?;
    d.set_item("mean_months", t.mean_months)?;
    Ok(d)
}

pub(crate) fn load_dict<'py>(
    py: Python<'py>,
    l: &Load,
    s: &Stability,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("arrivals_per_year", l.arrivals_per_year)?;
    d.set_item("mean_arrivals_per_year", l.mean_arrivals_per_year)?;
    d.set_item("availability", l.availability)?;
    d.set_item("offered_fte", l.offered_fte)?;
    d.set_item("capacity_fte", l.capacity_fte)?;
    d.set_item("overloaded", l.overloaded)?;
    let demands = PyList::empty(py);
    for k in &l.demands {
        let x = PyDict::new(py);
        x.set_item("demand", &k.demand)?;
        x.set_item("offered_fte", k.offered_fte)?;
        x.set_item("capacity_fte", k.capacity_fte)?;
        x.set_item("unserved_fte", k.unserved_fte)?;
        let routes = PyList::empty(py);
        for (sec, eff, posts) in &k.routes {
            let r = PyDict::new(py);
            r.set_item("section", sec)?;
            r.set_item("efficiency", eff)?;
            r.set_item("posts", posts)?;
            routes.append(r)?;
        }
        x.set_item("routes", routes)?;
        demands.append(x)?;
    }
    d.set_item("demands", demands)?;
    let sections = PyList::empty(py);
    for sl in &l.sections {
        let x = PyDict::new(py);
        x.set_item("section", &sl.section)?;
        x.set_item("posts", sl.posts)?;
        x.set_item("on_duty", sl.on_duty)?;
        x.set_item("offered_fte", sl.offered_fte)?;
        sections.append(x)?;
    }
    d.set_item("sections", sections)?;
    match &l.teams {
        Some(t) => d.set_item("teams", teams_dict(py, t)?)?,
        None => d.set_item("teams", py.None())?,
    }
    let st = PyDict::new(py);
    st.set_item("from_year", s.from_year)?;
    st.set_item("arrivals_per_year", s.arrivals_per_year)?;
    st.set_item("starts_per_year", s.starts_per_year)?;
    st.set_item("completions_per_year", s.completions_per_year)?;
    st.set_item("backlog_growth_per_year", s.backlog_growth_per_year)?;
    st.set_item("unstable", s.unstable)?;
    d.set_item("stability", st)?;
    Ok(d)
}
