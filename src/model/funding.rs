//! Funding sources and their pledges.

use serde::{Deserialize, Serialize};

use super::dist::Dist;

/// The four kinds of money of the founding note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Assessed contributions (peacekeeping and regular budgets).
    Assessed,
    /// Voluntary contributions (PBF, trust funds, appeals).
    Voluntary,
    /// Grants (World Bank and similar).
    Grant,
    /// National budgets, bilateral money and anything else.
    Other,
}

impl SourceKind {
    /// Lowercase name as in files.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Assessed => "assessed",
            SourceKind::Voluntary => "voluntary",
            SourceKind::Grant => "grant",
            SourceKind::Other => "other",
        }
    }
}

fn one() -> f64 {
    1.0
}

fn is_one(v: &f64) -> bool {
    *v == 1.0
}

fn is_zero_dist(d: &Dist) -> bool {
    *d == Dist::Fixed(0.0)
}

/// A promise of money.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pledge {
    /// Amount promised in US$.
    pub amount_usd: f64,
    /// When it is promised to arrive, in months from the start.
    #[serde(default)]
    pub at_months: f64,
    /// Probability that it arrives at all.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub probability: f64,
    /// Delay after `at_months` until the cash is there, in months.
    #[serde(default, skip_serializing_if = "is_zero_dist")]
    pub delay_months: Dist,
    /// Share of `amount_usd` paid when the pledge arrives (support within [0, 1]); absent = all
    /// of it. Deterministic plans take it at their point; Monte Carlo samples it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Dist>,
}

/// A funding source (cumulative resource).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Unique id, referenced by interventions' `funding`.
    pub id: String,
    /// Readable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Kind of money.
    pub kind: SourceKind,
    /// Pledges, in any order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pledges: Vec<Pledge>,
    /// Makes this a *to be mobilised* source (no pledges): when an intervention that lists it
    /// in its `funding` can never be covered by its other eligible sources, the missing amount
    /// is mobilised and arrives here this many months (a distribution, drawn per draw and
    /// intervention; its mode in a plan) after the work is ready. Without such a source,
    /// work whose money never arrives does not start (Monte Carlo) or is an error (plans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobilisation_lag_months: Option<Dist>,
    /// Where the numbers come from (DOMAIN.md keys, `[A]`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

impl Source {
    /// Sum of all pledged amounts (ignoring probability and timing).
    pub fn pledged_usd(&self) -> f64 {
        // (a fold from +0: `Sum` of no f64 gives -0, printed "-0.0" for a source without pledges)
        self.pledges.iter().fold(0.0, |a, p| a + p.amount_usd)
    }
}
