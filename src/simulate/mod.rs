//! Monte Carlo over plans: sampling, the engine and the metrics schedule-risk analysts expect.
//!
//! The files form layers, each importing only from those below it (checked by
//! `tests/simulate_modules.rs`):
//! 1. sampling and numbers: `rng`, `simd`, `sampler`, `correlate`, `relapse`, `draw_cpm`,
//!    `draw_schedule`, `cash_grid`, `options`, `prepare`, `prepared`, `relapse_group`;
//! 2. the compiled run: `runner` ([`Runner`], [`BLOCK`]), with the kernel's `batch::plan` and
//!    `dispatch::isa`;
//! 3. one draw and its columns: `draw_out`, `block`, `outcomes`, `cashflow`, `relapse_draw`,
//!    `draw_outcomes`, `workspace`, the batched kernel `batch` and its `dispatch`;
//! 4. the draws in parallel: `engine` (`Runner::run`), then `simulation` ([`simulate`]),
//!    `metrics` and `warnings`; this `mod.rs` only declares and re-exports.
//!
//! ```
//! use peaceplan::simulate::{simulate, SimOptions};
//! let sc = peaceplan::Scenario::from_toml_str(r#"
//! schema = 1
//! name = "two parallel steps"
//! [[interventions]]
//! id = "a"
//! duration_months = {uniform = [0, 1]}
//! [[interventions]]
//! id = "b"
//! duration_months = {uniform = [0, 1]}
//! "#)?;
//! let sim = simulate(&sc, &SimOptions { draws: 20_000, ..SimOptions::default() })?;
//! let mean = sim.outcomes.finish.iter().sum::<f64>() / 20_000.0;
//! assert!((mean - 2.0 / 3.0).abs() < 0.01); // E[max of two U(0,1)]
//! # Ok::<(), peaceplan::Error>(())
//! ```

mod batch;
mod block;
mod cash_grid;
mod cashflow;
pub mod catalogue;
pub mod correlate;
pub mod dispatch;
mod draw_cpm;
mod draw_out;
mod draw_outcomes;
mod draw_schedule;
pub mod engine;
pub mod financing;
pub mod metrics;
mod options;
pub mod outcomes;
mod prepare;
mod prepared;
pub mod relapse;
mod relapse_draw;
mod relapse_group;
mod rng;
mod runner;
mod sampler;
mod simd;
mod simulation;
pub mod stats;
pub mod warnings;
mod workspace;

pub(crate) use draw_cpm::MergeSums;
pub use options::{matrix_bytes, Correlation, Engine, SimOptions, AUTO_KEEP_BYTES};
pub use outcomes::Outcomes;
pub use prepared::Prepared;
pub use runner::{Runner, BLOCK};
pub use sampler::trigen;
pub use simulation::{deterministic_finish, simulate, Simulation};
