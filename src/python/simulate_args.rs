//! Arguments of `Scenario.simulate`: engine, correlation matrix and the other options, checked.

use pyo3::prelude::*;

use crate::simulate::{Correlation, Engine, SimOptions};
use crate::Error;

pub(super) fn arg(name: &str, message: String) -> PyErr {
    Error::InvalidArgument {
        name: name.into(),
        message,
    }
    .into()
}

/// `correlation=`: a pandas DataFrame indexed by intervention ids, or `(ids, matrix)`.
fn correlation_arg(obj: &Bound<'_, PyAny>) -> PyResult<Correlation> {
    let (ids, rows): (Vec<String>, Vec<Vec<f64>>) = if obj.hasattr("columns")? {
        let ids = obj.getattr("columns")?.call_method0("tolist")?.extract()?;
        let rows = obj
            .call_method0("to_numpy")?
            .call_method0("tolist")?
            .extract()?;
        (ids, rows)
    } else {
        obj.extract().map_err(|_| {
            arg(
                "correlation",
                "expected a DataFrame indexed by intervention ids or a tuple (ids, matrix)".into(),
            )
        })?
    };
    if rows.len() != ids.len() || rows.iter().any(|r| r.len() != ids.len()) {
        let k = ids.len();
        return Err(arg(
            "correlation",
            format!(
                "expected a {k} x {k} matrix for {k} interventions, got {} rows of lengths {:?}",
                rows.len(),
                rows.iter().map(Vec::len).collect::<Vec<_>>()
            ),
        ));
    }
    Ok(Correlation {
        ids,
        matrix: rows.into_iter().flatten().collect(),
    })
}

/// Options from the keyword arguments of `Scenario.simulate`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn options(
    draws: i64,
    seed: i64,
    lhs: bool,
    correlation: Option<&Bound<'_, PyAny>>,
    engine: &str,
    rule: &str,
    trigen: Option<(f64, f64)>,
    per_intervention: Option<bool>,
    relapse_p10: f64,
    max_bytes: i64,
) -> PyResult<SimOptions> {
    let draws = usize::try_from(draws)
        .map_err(|_| arg("draws", format!("must be a positive integer, got {draws}")))?;
    let max_bytes = usize::try_from(max_bytes).map_err(|_| {
        arg(
            "max_bytes",
            format!("must be non-negative, got {max_bytes}"),
        )
    })?;
    let o = SimOptions {
        draws,
        seed: crate::schedule::constrained::seed_from_i64(seed)?,
        lhs,
        correlation: correlation
            .filter(|c| !c.is_none())
            .map(correlation_arg)
            .transpose()?,
        trigen,
        engine: Engine::parse(engine)?,
        rule: crate::schedule::Rule::parse(rule)?,
        per_intervention,
        max_bytes,
        relapse_p10,
        disabled_risks: Vec::new(),
    };
    o.validate()?;
    Ok(o)
}
