//! Arguments of `Scenario` methods, checked: `durations=` (also taken by `Office`) and the values
//! of `Scenario.with_params`.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::model::Point;
use crate::Error;

/// Parse the `durations=` argument: `"mode"`, `"mean"`, `"min"`, `"max"` or a quantile in (0, 1).
pub(super) fn point_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Point> {
    let Some(obj) = obj else {
        return Ok(Point::Mode);
    };
    if let Ok(text) = obj.extract::<String>() {
        return Ok(Point::parse(&text)?);
    }
    if !obj.is_instance_of::<pyo3::types::PyBool>() {
        if let Ok(p) = obj.extract::<f64>() {
            return Ok(Point::quantile(p)?);
        }
    }
    Err(Error::InvalidArgument {
        name: "durations".into(),
        message: format!(
            "expected \"mode\", \"mean\", \"min\", \"max\" or a quantile in (0, 1), got {}",
            obj.repr().map(|r| r.to_string()).unwrap_or_default()
        ),
    }
    .into())
}

/// The `values` of `Scenario.with_params`: path to a number, or to the choice of a lever (a str).
pub(super) fn param_values(
    values: &Bound<'_, PyDict>,
) -> PyResult<Vec<(String, crate::explore::ParamValue)>> {
    let mut pairs: Vec<(String, crate::explore::ParamValue)> = Vec::with_capacity(values.len());
    for (k, v) in values.iter() {
        let path: String = k.extract()?;
        let value = if let Ok(s) = v.extract::<String>() {
            crate::explore::ParamValue::Choice(s)
        } else {
            crate::explore::ParamValue::Number(v.extract::<f64>()?)
        };
        pairs.push((path, value));
    }
    Ok(pairs)
}
