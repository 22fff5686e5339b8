//! Python bindings (feature `python`): thin wrappers, one file per area. No algorithm lives here:
//! each function extracts Rust data, runs the core (outside the GIL where it computes) and converts
//! the result back to plain data (numbers, numpy arrays, lists, dicts of columns).
//!
//! Layering: this module is `peaceplan._core` and sits *below* the Python package. It imports
//! nothing from `peaceplan` (no run-time import of a package module; `test_layering.py`
//! checks both the source and a run under an empty stand-in package). The exception classes are
//! defined here (`errors.rs`) and re-exported by `peaceplan.errors`; the package's public classes
//! wrap these pyclasses and build DataFrames, figures and reports from their data.

use pyo3::prelude::*;

mod capacity;
mod catalogue;
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
mod stats;

/// The compiled core of peaceplan (private; use the `peaceplan` package).
#[pymodule]
mod _core {
    #[pymodule_export]
    use super::capacity::{capacity, minimum_structure, PyCapacityResult, PyPortfolio};
    #[pymodule_export]
    use super::catalogue::{_outcome_canonical, _outcome_catalogue, _outcome_column};
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
    #[pymodule_export]
    use super::stats::{
        _explore_oat, _explore_tornado_swings, _stats_describe, _stats_mean, _stats_plan_financing,
        _stats_quantile, _stats_quantiles, _stats_sim_bands, _stats_sim_money, _stats_slip,
        _stats_spread,
    };

    /// The exception classes (`PeaceplanError` and the rest, see `errors.rs`), and the loading
    /// process recorded for fork safety (see `interrupt`).
    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        super::interrupt::init();
        super::errors::register(m)
    }

    #[allow(non_upper_case_globals)]
    #[pymodule_export]
    const __version__: &str = env!("CARGO_PKG_VERSION");
}
