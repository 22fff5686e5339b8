//! Column tables of a scenario for pandas (`Scenario.interventions_table`, `links_table`).

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::model::{LinkKind, Scenario};

fn fmt_links_into(sc: &Scenario, id: &str) -> String {
    sc.all_links()
        .iter()
        .filter(|l| l.to == id)
        .map(|l| {
            if l.kind == LinkKind::FS && l.lag_months == 0.0 {
                l.from.clone()
            } else {
                format!("{} ({}{:+})", l.from, l.kind.as_str(), l.lag_months)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One column per field of the interventions.
pub(crate) fn interventions_table<'py>(
    py: Python<'py>,
    sc: &Scenario,
) -> PyResult<Bound<'py, PyDict>> {
    let ivs = &sc.interventions;
    let col = PyDict::new(py);
    let strings = |f: &dyn Fn(usize) -> String| -> Vec<String> { (0..ivs.len()).map(f).collect() };
    let floats = |f: &dyn Fn(usize) -> f64| -> Vec<f64> { (0..ivs.len()).map(f).collect() };
    let iv = |i: usize| &ivs[i];
    col.set_item("id", strings(&|i| iv(i).id.clone()))?;
    col.set_item("name", strings(&|i| iv(i).name.clone()))?;
    col.set_item("lead", strings(&|i| iv(i).lead.clone()))?;
    col.set_item("category", strings(&|i| iv(i).category.clone()))?;
    col.set_item(
        "situation",
        strings(&|i| iv(i).situation.clone().unwrap_or_default()),
    )?;
    col.set_item("duration", strings(&|i| iv(i).duration_months.to_string()))?;
    col.set_item("duration_min", floats(&|i| iv(i).duration_months.min()))?;
    col.set_item("duration_mode", floats(&|i| iv(i).duration_months.mode()))?;
    col.set_item("duration_mean", floats(&|i| iv(i).duration_months.mean()))?;
    col.set_item("duration_max", floats(&|i| iv(i).duration_months.max()))?;
    col.set_item(
        "staff_fte",
        floats(&|i| iv(i).staff.values().fold(0.0, |a, b| a + b)),
    )?;
    col.set_item(
        "staff",
        strings(&|i| {
            iv(i)
                .staff
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        }),
    )?;
    col.set_item("cost_mode_usd", floats(&|i| iv(i).cost_usd.mode()))?;
    col.set_item("cost_mean_usd", floats(&|i| iv(i).cost_usd.mean()))?;
    col.set_item("funding", strings(&|i| iv(i).funding.join(", ")))?;
    col.set_item("after", strings(&|i| fmt_links_into(sc, &iv(i).id)))?;
    col.set_item(
        "not_before_months",
        floats(&|i| iv(i).not_before_months.unwrap_or(f64::NAN)),
    )?;
    col.set_item(
        "deadline_months",
        floats(&|i| iv(i).deadline_months.unwrap_or(f64::NAN)),
    )?;
    col.set_item("deadline_weight", floats(&|i| iv(i).deadline_weight))?;
    col.set_item("source", strings(&|i| iv(i).source.clone()))?;
    Ok(col)
}

/// Every precedence link, explicit (`origin="links"`) and from `after` (`origin="after"`).
pub(crate) fn links_table<'py>(py: Python<'py>, sc: &Scenario) -> PyResult<Bound<'py, PyDict>> {
    let links = sc.all_links();
    let explicit = sc.links.len();
    let col = PyDict::new(py);
    col.set_item(
        "from",
        links.iter().map(|l| l.from.clone()).collect::<Vec<_>>(),
    )?;
    col.set_item("to", links.iter().map(|l| l.to.clone()).collect::<Vec<_>>())?;
    col.set_item(
        "type",
        links.iter().map(|l| l.kind.as_str()).collect::<Vec<_>>(),
    )?;
    col.set_item(
        "lag_months",
        links.iter().map(|l| l.lag_months).collect::<Vec<_>>(),
    )?;
    col.set_item(
        "origin",
        (0..links.len())
            .map(|k| if k < explicit { "links" } else { "after" })
            .collect::<Vec<_>>(),
    )?;
    Ok(col)
}
