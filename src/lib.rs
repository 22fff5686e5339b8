//! peaceplan: sequencing, staffing and funding of peacebuilding interventions.
//!
//! The crate is layered (arrows go one way): [`model`] (what is planned, data only) <-
//! [`network`] (a compiled dependency graph) <- [`schedule`](mod@schedule) (critical path and plans).
//! Python bindings live in `python` behind the cargo feature `python`.
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
