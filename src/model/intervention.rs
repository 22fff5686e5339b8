//! Interventions and the links between them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::dist::Dist;

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

fn is_zero_dist(d: &Dist) -> bool {
    *d == Dist::Fixed(0.0)
}

/// One piece of work in a country strategy (a milestone when its duration is 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intervention {
    /// Unique id, referenced by links, risks and `after`.
    pub id: String,
    /// Readable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Lead actor (e.g. `DPKO`, `UNDP`, `govt`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lead: String,
    /// Free category (e.g. `security`, `political`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    /// The situation (country engagement) this belongs to, if the scenario has several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub situation: Option<String>,
    /// Duration in months.
    pub duration_months: Dist,
    /// Staff demand in FTE per pool id while the intervention is active.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub staff: BTreeMap<String, f64>,
    /// Total cost in US$.
    #[serde(default, skip_serializing_if = "is_zero_dist")]
    pub cost_usd: Dist,
    /// Eligible funding sources, in order of preference.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funding: Vec<String>,
    /// Shorthand for finish-to-start links with lag 0 from each listed intervention.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// Release date: may not start before this many months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before_months: Option<f64>,
    /// Deadline for the finish, in months (a miss is reported as lateness).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_months: Option<f64>,
    /// Relative reduction in [0, 1) of the relapse hazard once this intervention is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relapse_hazard_reduction: Option<f64>,
    /// Where the numbers come from (DOMAIN.md keys, `[A]` for assumptions).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// Type of a precedence link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    /// Finish-to-start: the successor starts after the predecessor finishes (+ lag).
    FS,
    /// Start-to-start.
    SS,
    /// Finish-to-finish.
    FF,
    /// Start-to-finish.
    SF,
}

impl LinkKind {
    /// Parse `FS`, `SS`, `FF` or `SF` (case-insensitive).
    pub fn parse(text: &str) -> Option<LinkKind> {
        match text.to_ascii_uppercase().as_str() {
            "FS" => Some(LinkKind::FS),
            "SS" => Some(LinkKind::SS),
            "FF" => Some(LinkKind::FF),
            "SF" => Some(LinkKind::SF),
            _ => None,
        }
    }

    /// The two-letter name.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::FS => "FS",
            LinkKind::SS => "SS",
            LinkKind::FF => "FF",
            LinkKind::SF => "SF",
        }
    }
}

fn default_kind() -> LinkKind {
    LinkKind::FS
}

fn is_fs(k: &LinkKind) -> bool {
    *k == LinkKind::FS
}

/// A generalised precedence link between two interventions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Predecessor id.
    pub from: String,
    /// Successor id.
    pub to: String,
    /// Link type (default FS).
    #[serde(
        rename = "type",
        default = "default_kind",
        skip_serializing_if = "is_fs"
    )]
    pub kind: LinkKind,
    /// Lag in months; negative is a lead.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lag_months: f64,
    /// Where the link comes from (DOMAIN.md keys, `[A]`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}
