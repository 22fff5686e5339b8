//! The outcome catalogue (`crate::simulate::catalogue`) as plain Python data.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::explore::extract_model;
use crate::explore::outcome::{self, Outcome, Stat};
use crate::explore::params::Model;
use crate::simulate::catalogue::{column_key, CATALOGUE};

/// Every row of the outcome catalogue as a dict: `name` (pattern, e.g.
/// `situations.<id>.finish`), `scope`, `unit`, `description`, `computed`, `label`, `column`
/// (key in `Simulation.columns`, `{id}` for the member) and `alias` (deprecated study name or
/// None).
#[pyfunction]
pub fn _outcome_catalogue(py: Python<'_>) -> PyResult<Vec<Bound<'_, PyDict>>> {
    CATALOGUE
        .iter()
        .map(|e| {
            let d = PyDict::new(py);
            d.set_item("name", e.pattern())?;
            d.set_item("scope", e.scope.as_str())?;
            d.set_item("unit", e.unit)?;
            d.set_item("description", e.description)?;
            d.set_item("computed", e.computed)?;
            d.set_item("label", e.label)?;
            d.set_item("column", e.column)?;
            d.set_item("alias", e.alias)?;
            Ok(d)
        })
        .collect()
}

/// The canonical name of outcome `name` of `model` when it is a deprecated alias, else None.
#[pyfunction]
pub fn _outcome_canonical(model: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<String>> {
    Ok(outcome::deprecated(name, &extract_model(model)?))
}

/// Where outcome `name` of scenario `model` is read in `Simulation.columns` and its statistic:
/// `(column key, column of the draws x interventions matrix or None, statistic)`, the statistic
/// as `mean`, `std`, `min`, `max` or `pNN`.
#[pyfunction]
pub fn _outcome_column(
    model: &Bound<'_, PyAny>,
    name: &str,
) -> PyResult<(String, Option<usize>, String)> {
    let m = extract_model(model)?;
    let not_per_draw = || {
        crate::Error::InvalidArgument {
            name: name.to_string(),
            message: "not a per-draw outcome of a simulation (see docs/outcomes.md)".into(),
        }
        .into()
    };
    let (Model::Scenario(sc), Outcome::Sim(col, stat)) = (&m, outcome::resolve(name, &m)?) else {
        return Err(not_per_draw());
    };
    let (key, index) = column_key(sc, col).ok_or_else(not_per_draw)?;
    let stat = match stat {
        Stat::Mean => "mean".to_string(),
        Stat::Std => "std".to_string(),
        Stat::Min => "min".to_string(),
        Stat::Max => "max".to_string(),
        Stat::Percentile(q) => format!("p{q}"),
    };
    Ok((key, index, stat))
}
