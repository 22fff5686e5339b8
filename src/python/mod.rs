//! Python bindings (feature `python`): thin wrappers, one file per area. No algorithm lives here:
//! each function extracts Rust data, runs the core (outside the GIL where it computes) and converts
//! the result back.

use pyo3::prelude::*;

mod capacity;
mod errors;
mod explore;
mod explore_given;
mod explore_stats;
mod interrupt;
mod office;
mod plan;
mod psplib;
mod queueing;
mod scenario;
mod scenario_args;
mod scenario_tables;
mod simulate;
mod simulate_args;
mod simulate_columns;
mod simulate_run;
mod simulate_tables;

/// The compiled core of peaceplan (private; use the `peaceplan` package).
#[pymodule]
mod _core {
    #[pymodule_export]
    use super::capacity::{capacity, minimum_structure, PyCapacityResult, PyPortfolio};
    #[pymodule_export]
    use super::explore::{
        _explore_catalogue, _explore_check, _explore_factorial, _explore_lhs, _explore_morris,
        _explore_morris_design, _explore_ppf, _explore_prim, _explore_robustness, _explore_run,
        _explore_saltelli, _explore_sobol, _explore_tornado,
    };
    #[pymodule_export]
    use super::explore_given::{_explore_feature_scores, _explore_pawn};
    #[pymodule_export]
    use super::explore_stats::{
        _explore_interval, _explore_noise, _explore_paired, _explore_running,
        _explore_saltelli_replicates, _explore_sobol_replicated,
    };
    #[pymodule_export]
    use super::office::PyOffice;
    #[pymodule_export]
    use super::plan::PyPlan;
    #[pymodule_export]
    use super::psplib::psplib_load;
    #[pymodule_export]
    use super::queueing::{
        allen_cunneen, erlang_a, erlang_b, erlang_c, mean_wait, min_servers, office_teams,
        time_varying, wait_over,
    };
    #[pymodule_export]
    use super::scenario::PyScenario;
    #[pymodule_export]
    use super::simulate::PySimulation;

    /// Records the loading process for fork safety (see `interrupt`).
    #[pymodule_init]
    fn init(_m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        super::interrupt::init();
        Ok(())
    }

    #[allow(non_upper_case_globals)]
    #[pymodule_export]
    const __version__: &str = env!("CARGO_PKG_VERSION");
}
