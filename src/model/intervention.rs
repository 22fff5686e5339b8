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

fn one() -> f64 {
    1.0
}

fn is_one(v: &f64) -> bool {
    *v == 1.0
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
    /// Deadline for the finish, in months: the search minimises the weighted tardiness against
    /// the deadlines before the makespan; a miss is reported as lateness (an error only with
    /// `hard_deadlines`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_months: Option<f64>,
    /// Weight of this intervention's deadline in the total weighted tardiness (months late times
    /// weight, summed), finite and `>= 0`; default 1. Ignored without `deadline_months`.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub deadline_weight: f64,
    /// Relative reduction in [0, 1) of the relapse hazard once this intervention is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relapse_hazard_reduction: Option<f64>,
    /// Relative reduction in [0, 1) of the relapse hazard while this intervention is active
    /// (from its start to its finish), e.g. a peacekeeping mission's presence; it stacks with
    /// `relapse_hazard_reduction`, which applies only after the finish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relapse_hazard_reduction_while_active: Option<f64>,
    /// Probability that the intervention happens at all (probabilistic branching in Monte Carlo;
    /// default 1). Deterministic plans assume it happens.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub probability: f64,
    /// When the cost is committed: all at the start (default) or evenly over the duration.
    #[serde(default, skip_serializing_if = "CostTiming::is_start")]
    pub cost_timing: CostTiming,
    /// Fixed amounts drawn from named sources at the start, in addition to `cost_usd` (e.g. the
    /// non-renewable resources N1, N2 of PSPLIB multi-mode instances).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub consumes: BTreeMap<String, f64>,
    /// Alternative ways of carrying it out. The intervention's own duration, staff, cost and
    /// consumption form the mode [`BASE_MODE`]; each alternative overrides what it names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modes: Vec<Mode>,
    /// Fixes the mode (`base` or the id of one of `modes`); when absent the search chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Where the numbers come from (DOMAIN.md keys, `[A]` for assumptions).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// Id of the mode made of an intervention's own duration, staff, cost and consumption.
pub const BASE_MODE: &str = "base";

/// When an intervention's cost is committed against its funding sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CostTiming {
    /// The whole cost is committed when the intervention starts.
    #[default]
    Start,
    /// The cost is committed evenly over the duration.
    Spread,
}

impl CostTiming {
    /// Whether this is the default (`start`).
    pub fn is_start(&self) -> bool {
        *self == CostTiming::Start
    }
}

/// An alternative way of carrying out an intervention; unnamed fields are inherited from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mode {
    /// Unique id among the intervention's modes (not `base`).
    pub id: String,
    /// Readable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Duration in months (inherited when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_months: Option<Dist>,
    /// Staff demand per pool (inherited as a whole when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<BTreeMap<String, f64>>,
    /// Total cost in US$ (inherited when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_usd: Option<Dist>,
    /// Fixed draws on named sources (inherited as a whole when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumes: Option<BTreeMap<String, f64>>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The effective values of one mode of an intervention.
#[derive(Debug, Clone, Copy)]
pub struct ModeView<'a> {
    /// Mode id (`base` or an alternative's id).
    pub id: &'a str,
    /// Duration in months.
    pub duration_months: &'a Dist,
    /// Staff demand per pool.
    pub staff: &'a BTreeMap<String, f64>,
    /// Cost in US$.
    pub cost_usd: &'a Dist,
    /// Fixed draws on named sources.
    pub consumes: &'a BTreeMap<String, f64>,
}

impl Intervention {
    /// Number of modes (1 + alternatives).
    pub fn mode_count(&self) -> usize {
        1 + self.modes.len()
    }

    /// Mode `k` (0 = base) with inherited values filled in; `None` when out of range.
    pub fn mode_view(&self, k: usize) -> Option<ModeView<'_>> {
        if k == 0 {
            return Some(ModeView {
                id: BASE_MODE,
                duration_months: &self.duration_months,
                staff: &self.staff,
                cost_usd: &self.cost_usd,
                consumes: &self.consumes,
            });
        }
        let m = self.modes.get(k - 1)?;
        Some(ModeView {
            id: &m.id,
            duration_months: m.duration_months.as_ref().unwrap_or(&self.duration_months),
            staff: m.staff.as_ref().unwrap_or(&self.staff),
            cost_usd: m.cost_usd.as_ref().unwrap_or(&self.cost_usd),
            consumes: m.consumes.as_ref().unwrap_or(&self.consumes),
        })
    }

    /// Index of the mode with this id (0 = base).
    pub fn mode_index(&self, id: &str) -> Option<usize> {
        if id == BASE_MODE {
            Some(0)
        } else {
            self.modes.iter().position(|m| m.id == id).map(|k| k + 1)
        }
    }

    /// Index of the fixed mode: the one named by `mode`, or 0 when none is fixed.
    /// `None` when `mode` names a mode that does not exist.
    pub fn fixed_mode_index(&self) -> Option<usize> {
        match &self.mode {
            None => Some(0),
            Some(id) => self.mode_index(id),
        }
    }
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
