//! Core errors -> the Python exception classes of `peaceplan.errors`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::error::{Error, IssueKind};

fn build(py: Python<'_>, err: Error) -> PyResult<PyErr> {
    let module = py.import("peaceplan.errors")?;
    let message = err.to_string();
    let exc = match err {
        Error::Validation(issues) => {
            let list = PyList::empty(py);
            for issue in &issues {
                let d = PyDict::new(py);
                d.set_item("path", &issue.path)?;
                d.set_item("message", &issue.message)?;
                d.set_item("kind", issue.kind.as_str())?;
                list.append(d)?;
            }
            let class = if issues.iter().any(|i| i.kind == IssueKind::Cycle) {
                "CycleError"
            } else {
                "ValidationError"
            };
            module.call_method1("_make", (class, message, list))?
        }
        Error::Parse {
            path,
            line,
            column,
            message: raw,
            ..
        } => module.call_method1("_make", ("ParseError", message, path, line, column, raw))?,
        Error::UnknownId { .. } => module.call_method1("_make", ("UnknownIdError", message))?,
        Error::InvalidArgument { .. } => {
            module.call_method1("_make", ("ArgumentError", message))?
        }
        Error::Io { .. } => module.call_method1("_make", ("FileError", message))?,
        Error::Interrupted => return Ok(pyo3::exceptions::PyKeyboardInterrupt::new_err(message)),
        Error::Infeasible {
            intervention,
            resource,
            shortfall,
            ..
        } => module.call_method1(
            "_make",
            (
                "InfeasibleError",
                message,
                intervention,
                resource,
                shortfall,
            ),
        )?,
    };
    Ok(PyErr::from_value(exc))
}

impl From<Error> for PyErr {
    fn from(err: Error) -> PyErr {
        Python::attach(|py| {
            let fallback = err.to_string();
            build(py, err).unwrap_or_else(|_| PyValueError::new_err(fallback))
        })
    }
}
