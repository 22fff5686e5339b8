//! Python bindings (feature `python`): thin wrappers, one file per area.

use pyo3::prelude::*;

/// The compiled core of peaceplan (private; use the `peaceplan` package).
#[pymodule]
mod _core {
    #[allow(non_upper_case_globals)]
    #[pymodule_export]
    const __version__: &str = env!("CARGO_PKG_VERSION");
}
