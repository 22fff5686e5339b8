//! The outcome catalogue: every per-draw outcome of a simulation, one row each, with its name,
//! unit, description, how it is computed and its scope (see `docs/outcomes.md`).
//!
//! One naming scheme, dot paths: an outcome of the whole draw is named alone (`finish`,
//! `funding.gap.max`); an outcome of one situation, source, pool or intervention is named under
//! it, `situations.<id>.finish`, `sources.<id>.gap`, `pools.<id>.staff.peak`,
//! `interventions.<id>.finish`. A statistic over the draws is a suffix: `.mean`, `.std`,
//! `.min`, `.max` or `.pNN` (percentile NN by the inverted empirical CDF,
//! [`super::metrics::quantile`]); without suffix, the mean.
//!
//! The catalogue is read by the study grammar (`explore::outcome`: the names a study accepts),
//! by [`values`] (the per-draw values of a row in [`Outcomes`]) and by the bindings (the names
//! of the columns of a Python `Simulation` and `peaceplan._core._outcome_catalogue()`).

use std::borrow::Cow;

use super::outcomes::Outcomes;
use crate::model::Scenario;

/// What one row of the catalogue is an outcome of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole draw (one value per draw).
    Draw,
    /// Each situation (`situations.<id>.<name>`).
    Situation,
    /// Each funding source (`sources.<id>.<name>`).
    Source,
    /// Each staff pool (`pools.<id>.<name>`).
    Pool,
    /// Each intervention (`interventions.<id>.<name>`; needs the per-intervention matrices).
    Intervention,
}

impl Scope {
    /// `draw`, `situation`, `source`, `pool` or `intervention`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Draw => "draw",
            Scope::Situation => "situation",
            Scope::Source => "source",
            Scope::Pool => "pool",
            Scope::Intervention => "intervention",
        }
    }

    /// The head of the names of this scope (`situations`, ...), `None` for a draw.
    pub fn head(self) -> Option<&'static str> {
        match self {
            Scope::Draw => None,
            Scope::Situation => Some("situations"),
            Scope::Source => Some("sources"),
            Scope::Pool => Some("pools"),
            Scope::Intervention => Some("interventions"),
        }
    }

    /// The ids of the members of this scope in `sc` (one empty id for a draw).
    pub fn ids(self, sc: &Scenario) -> Vec<&str> {
        match self {
            Scope::Draw => vec![""],
            Scope::Situation => sc.situations.iter().map(|s| s.id.as_str()).collect(),
            Scope::Source => sc.sources.iter().map(|s| s.id.as_str()).collect(),
            Scope::Pool => sc.pools.iter().map(|p| p.id.as_str()).collect(),
            Scope::Intervention => sc.interventions.iter().map(|i| i.id.as_str()).collect(),
        }
    }
}

/// The per-draw values an outcome reads in [`Outcomes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Field {
    Finish,
    FinishFunded,
    UnfundedCount,
    HeldCount,
    Cost,
    Unfunded,
    FundingGap,
    Relapse5,
    Relapse10,
    MoneyShort,
    Infeasible,
    SituationFinish,
    SourceCost,
    SourceGap,
    SourceReceived,
    PeakStaff,
    Start,
    InterventionFinish,
    Duration,
}

/// One row of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The name under its scope: `finish` (whole draw) or, for a situation, the `finish` of
    /// `situations.<id>.finish`.
    pub name: &'static str,
    /// What it is an outcome of.
    pub scope: Scope,
    /// Unit of the values.
    pub unit: &'static str,
    /// What it means.
    pub description: &'static str,
    /// How the engine computes it per draw.
    pub computed: &'static str,
    /// Label of its tables and figures (`{id}` replaced by the member's id).
    pub label: &'static str,
    /// Key of its column in a Python `Simulation`'s `columns` (`{id}` replaced by the member's
    /// id; for an intervention the key of the draws x interventions matrix).
    pub column: &'static str,
    /// Deprecated study name still accepted (`{id}` replaced), if any.
    pub alias: Option<&'static str>,
    /// The values it reads.
    pub field: Field,
}

impl Entry {
    /// The full name for member `id` (ignored for a draw), e.g. `situations.north.finish`.
    pub fn full_name(&self, id: &str) -> String {
        match self.scope.head() {
            None => self.name.to_string(),
            Some(h) => format!("{h}.{id}.{}", self.name),
        }
    }

    /// The name pattern, e.g. `situations.<id>.finish`.
    pub fn pattern(&self) -> String {
        self.full_name("<id>")
    }

    /// Its column key for member `id`.
    pub fn column_for(&self, id: &str) -> String {
        self.column.replace("{id}", id)
    }

    /// Its label for member `id`.
    pub fn label_for(&self, id: &str) -> String {
        self.label.replace("{id}", id)
    }
}

#[allow(clippy::too_many_arguments)]
const fn row(
    name: &'static str,
    scope: Scope,
    unit: &'static str,
    field: Field,
    column: &'static str,
    label: &'static str,
    description: &'static str,
    computed: &'static str,
) -> Entry {
    Entry {
        name,
        scope,
        unit,
        description,
        computed,
        label,
        column,
        alias: None,
        field,
    }
}

const fn alias(e: Entry, alias: &'static str) -> Entry {
    Entry {
        alias: Some(alias),
        ..e
    }
}

use Field as F;
use Scope as S;

/// Every per-draw outcome of a simulation.
pub const CATALOGUE: &[Entry] = &[
    row("finish", S::Draw, "months", F::Finish, "finish", "Finish (months)",
        "Finish of all work; +inf (censored) when some work never starts because its money never arrives or staff never suffices",
        "latest finish over the interventions of the draw's schedule (critical path, or the constrained engine when staff or money constrain)"),
    row("finish_funded", S::Draw, "months", F::FinishFunded, "finish_funded", "Finish of funded work (months)",
        "Finish of the work that started; +inf for an infeasible draw",
        "latest finite finish over the interventions of the draw's schedule"),
    row("unfunded_count", S::Draw, "interventions", F::UnfundedCount, "unfunded_count", "Interventions unfunded",
        "Interventions that never started because their money never arrived",
        "count of interventions with status unfunded in the draw's schedule"),
    row("held_count", S::Draw, "interventions", F::HeldCount, "held_count", "Interventions held",
        "Interventions held because a predecessor never started",
        "count of interventions with status held in the draw's schedule"),
    row("cost", S::Draw, "US$", F::Cost, "cost", "Cost (US$)",
        "Total cost committed in the draw",
        "sum of the sampled costs (with risk costs) of the interventions that happened and started"),
    row("unfunded", S::Draw, "US$", F::Unfunded, "unfunded", "Unfunded cost (US$)",
        "Cost no source was charged for: all of the interventions that never started or have no eligible source",
        "cost minus the sum of the sources' charges, in order of start against each source's realised inflows"),
    row("funding.gap.max", S::Draw, "US$", F::FundingGap, "funding_gap", "Funding gap (US$)",
        "Largest excess of cost committed over cash received at any time (0 when the constrained engine honours money)",
        "maximum over time of cumulative committed cost minus cumulative realised inflows, pooled over sources"),
    row("relapse.5y", S::Draw, "probability", F::Relapse5, "relapse_5y", "Relapse risk, 5 years",
        "Probability of relapse within 5 years given the draw's schedule",
        "1 - product over situations of the survival of the Weibull baseline hazard multiplied piecewise by the completed and active interventions and rules"),
    row("relapse.10y", S::Draw, "probability", F::Relapse10, "relapse_10y", "Relapse risk, 10 years",
        "Probability of relapse within 10 years given the draw's schedule",
        "as relapse.5y at 120 months"),
    row("money_short", S::Draw, "0/1", F::MoneyShort, "money_short", "Money short",
        "1 when the draw's pledges fell short of some cost (work unfunded, or started on mobilised money); its mean is the probability",
        "the constrained engine recorded a shortfall in the draw"),
    row("infeasible", S::Draw, "0/1", F::Infeasible, "infeasible", "Infeasible",
        "1 when staff never suffices in the draw; its mean is the probability",
        "the constrained engine found no schedule"),
    alias(row("finish", S::Situation, "months", F::SituationFinish, "finish:{id}", "Finish of {id} (months)",
        "Finish of the interventions of the situation (+inf as for finish)",
        "latest finish over the situation's interventions that happened"), "finish.{id}"),
    alias(row("cost", S::Source, "US$", F::SourceCost, "cost:{id}", "Cost charged to {id} (US$)",
        "Cost charged to the source in the draw",
        "charges in order of start, each intervention to its eligible sources in order of preference, against each source's realised inflows"), "cost.{id}"),
    row("gap", S::Source, "US$", F::SourceGap, "gap:{id}", "Money missing from {id} (US$)",
        "Money missing per source: the cost of work left unfunded after every eligible source gave all it could, charged to its first eligible source",
        "sum of the draw's shortfalls charged to the source"),
    row("received", S::Source, "US$", F::SourceReceived, "received:{id}", "Received from {id} (US$)",
        "Realised inflows of the source in the draw (pledges that arrived, and money mobilised)",
        "sum of the source's sampled pledge amounts that arrived (probability, delay) plus money mobilised"),
    alias(row("staff.peak", S::Pool, "FTE", F::PeakStaff, "peak_staff:{id}", "Peak staff of {id} (FTE)",
        "Peak staff demand on the pool in the draw",
        "maximum over time of the summed FTE demands of the active interventions"), "staff.peak.{id}"),
    row("start", S::Intervention, "months", F::Start, "start", "Start of {id} (months)",
        "Start of the intervention (NaN when it did not happen, +inf when its money never arrived)",
        "earliest start of the draw's schedule"),
    row("finish", S::Intervention, "months", F::InterventionFinish, "finish_matrix", "Finish of {id} (months)",
        "Finish of the intervention (NaN when it did not happen, +inf when its money never arrived)",
        "start plus sampled duration in the draw's schedule"),
    row("duration", S::Intervention, "months", F::Duration, "duration", "Duration of {id} (months)",
        "Sampled duration of the intervention (risk impacts included)",
        "inverse CDF of the duration distribution at the draw's uniform, scaled by risk events"),
];

/// Columns of a Python `Simulation` that are not per-draw outcomes: the cash curves on their
/// grid and the risk occurrences (draws x risks).
pub const OTHER_COLUMNS: &[&str] = &[
    "cash_grid",
    "committed_curve",
    "received_curve",
    "risk_occurred",
];

/// A catalogue row resolved for one member: which values of [`Outcomes`] to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ref {
    /// The values.
    pub field: Field,
    /// Index of the situation, source, pool or intervention (0 for a draw).
    pub index: usize,
}

/// Every outcome name of `sc` with its catalogue row and member: the canonical names, then the
/// deprecated aliases (flagged `true`).
pub fn names(sc: &Scenario) -> Vec<(String, &'static Entry, Ref, bool)> {
    let mut out = Vec::new();
    let mut aliases = Vec::new();
    for e in CATALOGUE {
        for (index, id) in e.scope.ids(sc).into_iter().enumerate() {
            let r = Ref {
                field: e.field,
                index,
            };
            out.push((e.full_name(id), e, r, false));
            if let Some(a) = e.alias {
                aliases.push((a.replace("{id}", id), e, r, true));
            }
        }
    }
    out.extend(aliases);
    out
}

/// The per-draw values of `r` (one per draw; `None` when the run kept no such values: an
/// index out of range, or per-intervention matrices not kept).
pub fn values<'a>(o: &'a Outcomes, r: Ref) -> Option<Cow<'a, [f64]>> {
    let nested = |v: &'a [Vec<f64>]| v.get(r.index).map(|c| Cow::Borrowed(c.as_slice()));
    let counts = |v: &[u32]| Some(Cow::Owned(v.iter().map(|&c| f64::from(c)).collect()));
    let flags = |v: &[bool]| {
        Some(Cow::Owned(
            v.iter().map(|&b| f64::from(u8::from(b))).collect(),
        ))
    };
    let matrix = |m: &[f64]| {
        let n = m.len().checked_div(o.draws)?;
        (r.index < n).then(|| {
            Cow::Owned(
                (0..o.draws)
                    .map(|d| m.get(d * n + r.index).copied().unwrap_or(f64::NAN))
                    .collect(),
            )
        })
    };
    match r.field {
        F::Finish => Some(Cow::Borrowed(&o.finish)),
        F::FinishFunded => Some(Cow::Borrowed(&o.finish_funded)),
        F::UnfundedCount => counts(&o.unfunded_count),
        F::HeldCount => counts(&o.held_count),
        F::Cost => Some(Cow::Borrowed(&o.cost)),
        F::Unfunded => Some(Cow::Borrowed(&o.unfunded)),
        F::FundingGap => Some(Cow::Borrowed(&o.funding_gap)),
        F::Relapse5 => Some(Cow::Borrowed(&o.relapse5)),
        F::Relapse10 => Some(Cow::Borrowed(&o.relapse10)),
        F::MoneyShort => flags(&o.money_short),
        F::Infeasible => flags(&o.infeasible),
        F::SituationFinish => nested(&o.situation_finish),
        F::SourceCost => nested(&o.source_cost),
        F::SourceGap => nested(&o.source_gap),
        F::SourceReceived => nested(&o.received),
        F::PeakStaff => nested(&o.peak_staff),
        F::Start => matrix(&o.start),
        F::InterventionFinish => matrix(&o.finish_matrix),
        F::Duration => matrix(&o.duration),
    }
}

/// The key of the column of `r` in a Python `Simulation.columns` and, for an intervention, its
/// column in that draws x interventions matrix (`None` for an index out of range).
pub fn column_key(sc: &Scenario, r: Ref) -> Option<(String, Option<usize>)> {
    let e = entry(r.field)?;
    let id = *e.scope.ids(sc).get(r.index)?;
    Some(match e.scope {
        Scope::Intervention => (e.column.to_string(), Some(r.index)),
        _ => (e.column_for(id), None),
    })
}

/// The catalogue row of `field` (every field has one).
pub fn entry(field: Field) -> Option<&'static Entry> {
    CATALOGUE.iter().find(|e| e.field == field)
}

/// The key in a Python `Simulation.columns` of `field` for member `id` (`id` ignored for a
/// whole-draw outcome).
pub fn column_name(field: Field, id: &str) -> String {
    entry(field).map_or_else(String::new, |e| e.column_for(id))
}
