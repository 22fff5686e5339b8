//! Uncertainty, options and sensitivity (the XLRM frame of exploratory modelling):
//!
//! * [`params`]: parameter paths (`pools.planning.capacity`, ...) resolved into setters;
//! * [`design`]: one-at-a-time, factorial, Latin hypercube, Sobol/Saltelli, Morris;
//! * [`study`]: experiments run in parallel with common random numbers;
//! * [`analyze`]: Sobol indices with bootstrap intervals, Morris, tornado, PRIM, robustness;
//! * [`pawn`], [`trees`]: PAWN and feature scores from given data (correlated inputs allowed).

pub mod analyze;
mod catalogue;
pub mod design;
mod dist_field;
mod morris;
pub mod outcome;
pub mod paired;
pub mod params;
pub mod pawn;
pub mod precision;
mod prim;
pub mod setters;
mod sobol;
mod sobol_rqmc;
pub mod study;
pub mod trees;

pub use params::{valid_paths, Model, Param, ParamValue, Params};
pub use study::{Batch, Settings, Study};
