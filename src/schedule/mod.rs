//! How a plan is made for one set of durations.

pub mod cpm;
pub mod justify;
pub mod money;
pub mod parallel;
pub mod plan;
pub mod problem;
pub mod profile;
pub mod rules;
pub mod search;
pub mod sgs;

pub use cpm::cpm;
pub use plan::{Plan, SourceUse};
pub use problem::Problem;
pub use rules::Rule;
pub use sgs::{Schedule, Sgs};
