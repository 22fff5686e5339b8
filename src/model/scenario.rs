//! The scenario: everything a plan is made from.

use serde::{Deserialize, Serialize};

use super::funding::Source;
use super::intervention::{Intervention, Link, LinkKind};
use super::office::Pool;
use super::risk::RiskEvent;

/// The only file-format version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

fn one() -> f64 {
    1.0
}

fn is_one(v: &f64) -> bool {
    *v == 1.0
}

/// A country engagement: its arrival on the agenda and its priority among several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Situation {
    /// Unique id, referenced by interventions' `situation`.
    pub id: String,
    /// Readable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Arrival time in months; none of its interventions start earlier.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub arrival_months: f64,
    /// Priority weight among situations (higher = served first); default 1.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub priority: f64,
    /// Base probability of relapse into conflict within 5 years, in (0, 1) and below
    /// `relapse_p10` when both are set (DOMAIN §6: 0.30). With both, the Weibull baseline
    /// passes through both; with one, the sourced shape is rescaled through it; with none, the
    /// simulation's default applies (see `docs/relapse.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relapse_p5: Option<f64>,
    /// Base probability of relapse into conflict within 10 years, in [0, 1); none = the
    /// simulation's default (DOMAIN §6: 0.40).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relapse_p10: Option<f64>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A rule multiplying the relapse hazard for a window after an event: when intervention `when`
/// finishes before intervention `before` finishes (or `before` never does), the hazard is
/// multiplied by `factor` for `window_months` after `when` finishes (e.g. elections held before
/// disarmament completes, after Brancati & Snyder; the factor is an assumption \[A\]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelapseRule {
    /// The intervention whose early finish triggers the rule.
    pub when: String,
    /// The intervention that should have finished first.
    pub before: String,
    /// Hazard multiplier during the window (>= 0).
    pub factor: f64,
    /// Length of the window after `when` finishes, months (>= 0).
    pub window_months: f64,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A planning scenario (schema 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version, must be 1.
    pub schema: u32,
    /// Readable name.
    pub name: String,
    /// Free text describing the scenario and its provenance.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Calendar date of month 0 as `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// Situations (country engagements); may be empty for a single-country scenario.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub situations: Vec<Situation>,
    /// Renewable staff pools.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pools: Vec<Pool>,
    /// Funding sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Interventions.
    #[serde(default)]
    pub interventions: Vec<Intervention>,
    /// Explicit links (in addition to the `after` shorthand).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Risk events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<RiskEvent>,
    /// Status date of the progress records, months (see [`super::progress`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_months: Option<f64>,
    /// Actual starts, finishes and remaining durations at `status_months`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<super::progress::Progress>,
    /// Rules multiplying the relapse hazard after an event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relapse_rules: Vec<RelapseRule>,
}

impl Scenario {
    /// Position of an intervention by id.
    pub fn intervention_index(&self, id: &str) -> Option<usize> {
        self.interventions.iter().position(|i| i.id == id)
    }

    /// [`Scenario::all_links`] without copying: `(from, to, kind, lag_months)` of every
    /// precedence link, in the same order (validation and the network use it before every
    /// run).
    pub fn link_refs(&self) -> impl Iterator<Item = (&str, &str, LinkKind, f64)> + '_ {
        let explicit = self
            .links
            .iter()
            .map(|l| (l.from.as_str(), l.to.as_str(), l.kind, l.lag_months));
        let after = self.interventions.iter().flat_map(|iv| {
            iv.after
                .iter()
                .map(move |p| (p.as_str(), iv.id.as_str(), LinkKind::FS, 0.0))
        });
        explicit.chain(after)
    }

    /// All precedence links, the `after` shorthand expanded to FS-0 links, in file order
    /// (explicit links first).
    pub fn all_links(&self) -> Vec<Link> {
        let mut links = self.links.clone();
        for iv in &self.interventions {
            for pred in &iv.after {
                links.push(Link {
                    from: pred.clone(),
                    to: iv.id.clone(),
                    kind: LinkKind::FS,
                    lag_months: 0.0,
                    source: String::new(),
                });
            }
        }
        links
    }
}
