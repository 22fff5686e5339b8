//! How a plan is made for one set of durations: the critical path method, and schedules under
//! staff pools (renewable) and funding sources (cumulative) by the serial and parallel schedule
//! generation schemes, priority rules, justification and search.

pub mod assemble;
mod balance;
pub mod constrained;
pub mod cpm;
mod deadline_cause;
mod feasible;
pub mod justify;
mod mobilise;
pub mod money;
pub mod parallel;
pub mod plan;
pub mod problem;
mod problem_build;
pub mod profile;
pub mod rules;
pub mod search;
pub mod sgs;
mod sgs_errors;
mod sgs_schedule;

pub use constrained::{schedule, Method, ScheduleOptions};
pub use cpm::cpm;
pub use plan::{CauseKind, Delay, FundingDraw, Plan, SituationResult, SourceUse};
pub use problem::Problem;
pub use rules::Rule;
pub use search::{SearchOptions, SearchResult};
pub use sgs::{Blocker, Draw, Jump, Schedule, Sgs, Shortfall, Status};
