//! Office fields used by capacity planning: which sections serve which demand, turnover, surge.
//!
//! All of them are optional in the office file; an office without them is the foundation's office
//! (each demand kind is then served only by the section of the same id, at full efficiency).

use serde::{Deserialize, Serialize};

use super::dist::Dist;

fn one() -> f64 {
    1.0
}

fn is_one(v: &f64) -> bool {
    *v == 1.0
}

/// One section that may serve a kind of demand, and how much of a post's time counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// Section id.
    pub section: String,
    /// FTE of demand met by one FTE of this section (in (0, 1]; 1 = fully substitutable).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub efficiency: f64,
}

/// The sections that serve one kind of demand, in order of preference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Demand kind, as named in a portfolio's phases (e.g. `planning`, `financing`).
    pub demand: String,
    /// Sections in order of preference.
    pub sections: Vec<Server>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// Staff turnover: each filled post is vacated at `rate_per_year` and then recruited again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turnover {
    /// Annual rate at which an incumbent leaves (exponential time in post, mean `1 / rate` years).
    pub rate_per_year: f64,
    /// Channel of the re-recruitment (its lag applies); empty = the post's own channel.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub channel: String,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A surge option (secondment, roster): extra FTE in a section after a lag, for a limited time.
///
/// It is called in when the number of situations waiting for their first team reaches
/// `trigger_queue` and fewer than `max_active` calls of this option are pending or active.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Surge {
    /// Unique id.
    pub id: String,
    /// Section that receives the extra staff.
    pub section: String,
    /// Extra FTE per call.
    pub fte: f64,
    /// Days from the call to staff on duty.
    pub lag_days: Dist,
    /// Months the extra staff stay.
    pub duration_months: f64,
    /// Cost per FTE-month on duty (US$).
    #[serde(default)]
    pub cost_usd_per_fte_month: f64,
    /// Waiting situations that trigger a call (default 1).
    #[serde(default = "one_u32")]
    pub trigger_queue: u32,
    /// Calls that may be pending or active at once (default 1).
    #[serde(default = "one_u32")]
    pub max_active: u32,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

fn one_u32() -> u32 {
    1
}
