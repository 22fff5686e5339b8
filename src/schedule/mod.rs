//! How a plan is made for one set of durations.

pub mod cpm;
pub mod plan;

pub use cpm::cpm;
pub use plan::{Plan, SourceUse};
