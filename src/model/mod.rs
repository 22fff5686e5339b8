//! What is planned: data types only (serde), no algorithms beyond simple accessors.

pub mod dist;
mod dist_sample;
mod dist_serde;
pub mod edit;
pub mod funding;
pub mod intervention;
pub mod io;
pub mod office;
pub mod progress;
pub mod risk;
pub mod scenario;
pub mod staffing;
pub mod validate;
mod validate_bounds;
mod validate_context;
mod validate_graph;
mod validate_modes;
mod validate_staffing;

pub use dist::{Dist, Point, MAX_MAGNITUDE};
pub use funding::{Pledge, Source, SourceKind};
pub use intervention::{CostTiming, Intervention, Link, LinkKind, Mode, ModeView, BASE_MODE};
pub use office::{Capacity, Channel, Office, Pool, Post, Section, Step, MAX_POSTS};
pub use progress::Progress;
pub use risk::RiskEvent;
pub use scenario::{RelapseRule, Scenario, Situation, SCHEMA_VERSION};
pub use staffing::{Route, Server, Surge, Turnover};
pub use validate_bounds::{MAX_HORIZON_MONTHS, MAX_MODES, MAX_MONTHS, MAX_POOLS};
