//! How a plan is made for one set of durations.

pub mod cpm;
pub mod money;
pub mod plan;
pub mod problem;
pub mod profile;

pub use cpm::cpm;
pub use plan::{Plan, SourceUse};
pub use problem::Problem;
