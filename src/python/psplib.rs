//! PSPLIB instances (`.sm`, `.mm`) as scenarios.

use std::path::PathBuf;

use pyo3::prelude::*;

use super::scenario::PyScenario;

/// Read a PSPLIB instance (``.sm`` single-mode or ``.mm`` multi-mode) as a Scenario.
///
/// Jobs become interventions with ids ``"1"``, ``"2"``, ... (the dummy source and sink are
/// zero-duration milestones), renewable resources become pools ``R1``..``R4``, non-renewable
/// resources of ``.mm`` files become sources ``N1``, ``N2`` drawn through ``consumes``, and mode 1
/// is the base mode (modes 2.. are alternatives ``"2"``, ``"3"``).
///
/// Parameters
/// ----------
/// path : str or path-like
///     The instance file.
///
/// Returns
/// -------
/// Scenario
///
/// Raises
/// ------
/// ParseError
///     Malformed file (with the line).
#[pyfunction]
pub fn psplib_load(path: PathBuf) -> PyResult<PyScenario> {
    Ok(PyScenario::new(crate::psplib::load(&path)?))
}
