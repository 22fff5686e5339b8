//! The office's own capacity against a portfolio of country situations: closed forms of queueing
//! theory, the portfolio model, and a discrete-event simulation of posts, recruitment, turnover,
//! surge and queueing.

mod alloc;
mod check;
mod classes;
mod compiled;
pub mod des;
mod draw;
mod fast;
mod limits;
pub mod load;
pub mod portfolio;
pub mod queueing;
mod queueing_more;
mod sampler;
pub mod search;
mod situations;
mod stats;
pub mod survival;
mod timeline;

pub use classes::ClassResult;
pub use des::{simulate, simulate_with, CapacityOptions, CapacityResult};
pub use limits::{DEFAULT_MAX_BYTES, MAX_DRAWS, MAX_POSTS, MAX_YEARS};
pub use load::{offered_load, DemandLoad, Load, SectionLoad, Stability, Teams};
pub use portfolio::{
    Arrivals, DatedArrival, Engagement, InProgress, Peaks, Phase, Portfolio, MAX_PRIORITY,
};
pub use search::{minimum_structure, minimum_structure_with, SearchOptions, StructureOption};
pub use survival::WaitSurvival;
