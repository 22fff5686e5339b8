//! The exception hierarchy of peaceplan, defined here in the core, and core errors -> those
//! classes. `peaceplan.errors` re-exports the classes (and adds the two raised only by the
//! package, `SheetError` and `ExperimentError`), so `_core` imports nothing from `peaceplan`.
//!
//! The classes are Python `class` statements compiled by the core when first needed: each one
//! derives from `PeaceplanError` *and* a builtin (`ValueError`, `KeyError`, `OSError`), a
//! multiple inheritance that neither `create_exception!` nor a `#[pyclass]` can express.
//! `__module__` is `peaceplan.errors`, the name users see in tracebacks and pickles.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

use crate::error::{Error, IssueKind};

/// Every exception class the core defines, in the order `peaceplan.errors` lists them.
pub(super) const NAMES: [&str; 8] = [
    "PeaceplanError",
    "ValidationError",
    "CycleError",
    "ParseError",
    "UnknownIdError",
    "ArgumentError",
    "InfeasibleError",
    "FileError",
];

const CLASSES: &std::ffi::CStr = cr#####"
class PeaceplanError(Exception):
    """Base class of every peaceplan error."""

    __module__ = "peaceplan.errors"


class ValidationError(PeaceplanError, ValueError):
    """A scenario is inconsistent; :meth:`errors` lists every problem.

    Examples
    --------
    >>> import peaceplan as pp
    >>> try:
    ...     pp.Scenario.from_dict({"schema": 1, "name": "x", "interventions": [
    ...         {"id": "a", "duration_months": -1}]}).validate()
    ... except pp.ValidationError as e:
    ...     print(e.errors()[0]["path"])
    interventions[0].duration_months
    """

    __module__ = "peaceplan.errors"

    def __init__(self, message, errors=None):
        super().__init__(message)
        self._errors = [dict(e) for e in (errors or [])]

    def errors(self):
        """Every problem as a dict with ``path``, ``message`` and ``kind``."""
        return [dict(e) for e in self._errors]


class CycleError(ValidationError):
    """The dependency graph has a cycle (named in the message, e.g. ``a -> b -> a``)."""

    __module__ = "peaceplan.errors"


class ParseError(PeaceplanError, ValueError):
    """A file or text could not be read: syntax error, wrong type or unknown key.

    ``path`` is the document path of the culprit (``interventions[2].staff``), ``line`` and
    ``column`` are 1-based when known, ``message`` is the parser's own words without the location.
    """

    __module__ = "peaceplan.errors"

    def __init__(self, text, path=None, line=None, column=None, message=None):
        super().__init__(text)
        self.path = path
        self.line = line
        self.column = column
        self.message = text if message is None else message


class UnknownIdError(PeaceplanError, KeyError):
    """An id (intervention, pool, source, link) that does not exist."""

    __module__ = "peaceplan.errors"

    def __str__(self):
        return str(self.args[0]) if self.args else ""


class ArgumentError(PeaceplanError, ValueError):
    """A bad argument to an engine (e.g. ``durations="median"``)."""

    __module__ = "peaceplan.errors"


class InfeasibleError(PeaceplanError, ValueError):
    """Constraints that cannot all be met (raised by the constrained scheduler).

    ``intervention`` is the id that cannot be scheduled, ``resource`` what holds it back (a pool
    id, source ids joined by ``", "``) and ``shortfall`` how much is missing in that resource's
    unit (FTE, US$ or months). A missed deadline under ``hard_deadlines=True`` names its binding
    cause: ``resource`` is ``"deadline:pool:<pool>"``, ``"deadline:source:<source>"``,
    ``"deadline:release:<intervention>"``, ``"deadline:links"`` or
    ``"deadline:started:<intervention>"`` (``"deadline"`` alone when it cannot be traced), the
    shortfall is in months late, and the message spells out the chain of delays with the month
    the pool's staff is free or the source's money arrives.
    """

    __module__ = "peaceplan.errors"

    def __init__(self, message, intervention=None, resource=None, shortfall=None):
        super().__init__(message)
        self.intervention = intervention
        self.resource = resource
        self.shortfall = shortfall


class FileError(PeaceplanError, OSError):
    """A file could not be read or written."""

    __module__ = "peaceplan.errors"
"#####;

/// The namespace holding the classes (compiled once per interpreter).
pub(super) fn classes(py: Python<'_>) -> PyResult<&Bound<'_, PyDict>> {
    static CLASSES_NS: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    CLASSES_NS
        .get_or_try_init(py, || {
            let ns = PyDict::new(py);
            py.run(CLASSES, Some(&ns), None)?;
            Ok::<_, PyErr>(ns.unbind())
        })
        .map(|d| d.bind(py))
}

/// Put every class on the `_core` module.
pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let ns = classes(m.py())?;
    for name in NAMES {
        if let Some(class) = ns.get_item(name)? {
            m.add(name, class)?;
        }
    }
    Ok(())
}

fn build(py: Python<'_>, err: Error) -> PyResult<PyErr> {
    let ns = classes(py)?;
    let class = |name: &str| -> PyResult<Bound<'_, PyAny>> {
        ns.get_item(name)?
            .ok_or_else(|| PyValueError::new_err(format!("no exception class {name}")))
    };
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
            let name = if issues.iter().any(|i| i.kind == IssueKind::Cycle) {
                "CycleError"
            } else {
                "ValidationError"
            };
            class(name)?.call1((message, list))?
        }
        Error::Parse {
            path,
            line,
            column,
            message: raw,
            ..
        } => class("ParseError")?.call1((message, path, line, column, raw))?,
        Error::UnknownId { .. } => class("UnknownIdError")?.call1((message,))?,
        Error::InvalidArgument { .. } => class("ArgumentError")?.call1((message,))?,
        Error::Io { .. } => class("FileError")?.call1((message,))?,
        Error::Interrupted => return Ok(pyo3::exceptions::PyKeyboardInterrupt::new_err(message)),
        Error::Infeasible {
            intervention,
            resource,
            shortfall,
            ..
        } => class("InfeasibleError")?.call1((message, intervention, resource, shortfall))?,
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
