//! Risk events: things that may happen and hit named interventions.

use serde::{Deserialize, Serialize};

use super::dist::Dist;

/// A risk event with its probability and impacts on the interventions it affects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskEvent {
    /// Unique id.
    pub id: String,
    /// Readable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Probability that the event occurs (once per draw).
    pub probability: f64,
    /// Ids of the interventions it affects.
    pub affects: Vec<String>,
    /// Extra delay (months) added to the start of each affected intervention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_months: Option<Dist>,
    /// Factor by which the durations of affected interventions are multiplied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_scale: Option<Dist>,
    /// Extra cost (US$) added to each affected intervention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_cost_usd: Option<Dist>,
    /// Where the numbers come from (DOMAIN.md keys, `[A]`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}
