//! peaceplan: sequencing, staffing and funding of peacebuilding interventions.
//!
//! The crate is layered (arrows go one way, each layer uses only those to its left):
//!
//! ```text
//! model <- network <- schedule / simulate / capacity / explore
//!       <- python bindings (`peaceplan._core`: plain data)
//!       <- `peaceplan` Python package (wrappers, pandas tables, matplotlib figures, report, CLI)
//! ```
//!
//! [`model`] is what is planned (data only), [`network`] a compiled dependency graph,
//! [`schedule`](mod@schedule), [`simulate`], [`capacity`] and [`explore`] compute. The bindings
//! (`src/python/`, cargo feature `python`) convert Rust results to numbers, numpy arrays, lists
//! and dicts of columns and define the exception classes; they import nothing from the
//! `peaceplan` package. The package's public classes (`Scenario`, `Plan`, `Simulation`,
//! `Office`, `Portfolio`, `CapacityResult`) hold a core object and arrange its data into
//! DataFrames and figures.
#![warn(missing_docs)]

pub mod capacity;
pub mod error;
pub mod explore;
pub mod interrupt;
pub mod model;
pub mod network;
pub mod psplib;
pub mod schedule;
pub mod simulate;

pub use error::{Error, Issue, IssueKind, Result};
pub use model::{Dist, Office, Point, Scenario};
pub use schedule::{cpm, schedule, Plan, ScheduleOptions};

#[cfg(feature = "python")]
mod python;
