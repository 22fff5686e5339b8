//! The portfolio an office serves: how situations arrive, and the phases each engagement runs
//! through with its staff demand per kind (`planning`, `financing`, ...).
//!
//! Arrivals combine a Poisson process (a rate per year, optionally one rate per year of the
//! horizon) with a dated list (the real agenda of the Peacebuilding Commission can be written as
//! one), and situations already in progress at the start.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::io::{parse_json, parse_toml, write_json, write_toml, Format};
use crate::model::{Dist, SCHEMA_VERSION};

fn one() -> f64 {
    1.0
}

fn is_one(v: &f64) -> bool {
    *v == 1.0
}

fn is_false(v: &bool) -> bool {
    !*v
}

fn is_zero(v: &u32) -> bool {
    *v == 0
}

/// Highest priority an engagement may have (priorities are small class ranks, not weights).
pub const MAX_PRIORITY: u32 = 1000;

/// How new situations arrive.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Arrivals {
    /// Poisson rate (situations per year) after the years listed in `rate_by_year`.
    #[serde(default)]
    pub rate_per_year: f64,
    /// Poisson rate in year 1, 2, ... of the horizon; later years use `rate_per_year`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rate_by_year: Vec<f64>,
    /// Situations that arrive at known dates (in addition to the Poisson ones).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dated: Vec<DatedArrival>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

impl Arrivals {
    /// Poisson rate per year in year `year` (0-based).
    pub fn rate_in_year(&self, year: usize) -> f64 {
        self.rate_by_year
            .get(year)
            .copied()
            .unwrap_or(self.rate_per_year)
    }
}

/// A situation that arrives at a known time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedArrival {
    /// Name (e.g. the country).
    pub name: String,
    /// Months from the start of the simulation.
    pub at_months: f64,
    /// Engagement id; empty = the first engagement.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub engagement: String,
    /// Where the date comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// One phase of an engagement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Id, unique within its engagement.
    pub id: String,
    /// Duration once started (months).
    pub duration_months: Dist,
    /// FTE needed per demand kind while the phase runs.
    pub demand: BTreeMap<String, f64>,
    /// Share of every demand that must be in place for the phase to start, in (0, 1] (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub min_start_share: f64,
    /// Periodic extra demand while the phase runs (e.g. the biannual reviews of monitoring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peaks: Option<Peaks>,
    /// If true, an under-staffed phase progresses at staffed / required FTE of its own demand (its
    /// end moves when staffing changes, and it stalls with nobody); if false (default) its
    /// duration is fixed when it starts and under-staffed time is only recorded.
    #[serde(default, skip_serializing_if = "is_false")]
    pub slows_when_short: bool,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// Periodic peaks of demand within a phase: peak `k` (k = 1, 2, ...) runs over
/// `[k * every_months - duration_months, k * every_months)` after the phase starts (the work
/// before each review), truncated at the phase's end, and adds `extra` FTE per demand kind.
/// Staff for a peak is found like a top-up (free staff, in order of preference); a peak that
/// cannot be staffed counts as under-staffed time. With enough staff the time-average demand of a
/// phase lasting a whole number of periods rises by `extra * duration_months / every_months`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Peaks {
    /// Period (months), > 0.
    pub every_months: f64,
    /// Length of each peak (months), in (0, every_months].
    pub duration_months: f64,
    /// Extra FTE per demand kind during a peak.
    pub extra: BTreeMap<String, f64>,
}

/// A kind of engagement: the phases a situation runs through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Engagement {
    /// Unique id.
    pub id: String,
    /// Readable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Relative share of Poisson arrivals that are of this kind (default 1): this kind arrives
    /// as a Poisson process of rate `rate x share / sum of shares`.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub share: f64,
    /// Priority class (default 0; at most [`MAX_PRIORITY`]): a higher class is served first when
    /// staff frees up and, on arrival, pre-empts lower-class phases in service when no team is
    /// free (preemptive-resume: the pre-empted phase keeps its remaining work and resumes later).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub priority: u32,
    /// Phases, run one after the other.
    pub phases: Vec<Phase>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A situation already on the agenda at the start: it asks for staff for `phase` at time 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InProgress {
    /// Name (e.g. the country).
    pub name: String,
    /// Engagement id; empty = the first engagement.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub engagement: String,
    /// Phase id it is in.
    pub phase: String,
    /// Months left in that phase (drawn once per run).
    pub remaining_months: Dist,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The portfolio of country situations an office serves (schema 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portfolio {
    /// Format version, must be 1.
    pub schema: u32,
    /// Readable name.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// How new situations arrive.
    pub arrivals: Arrivals,
    /// Kinds of engagement.
    pub engagements: Vec<Engagement>,
    /// Situations in progress at the start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_progress: Vec<InProgress>,
}

impl Portfolio {
    /// The founding note's simple model: Poisson arrivals at `rate_per_year`, one phase needing
    /// `team_fte` of `demand` for an exponential time of mean `mean_months` (an M/M/c office when
    /// the serving section has a multiple of `team_fte` posts and no recruitment lag).
    pub fn simple(rate_per_year: f64, team_fte: f64, mean_months: f64, demand: &str) -> Portfolio {
        Portfolio {
            schema: SCHEMA_VERSION,
            name: format!("{rate_per_year} situations a year, teams of {team_fte}"),
            description: String::new(),
            arrivals: Arrivals {
                rate_per_year,
                ..Arrivals::default()
            },
            engagements: vec![Engagement {
                id: "engagement".into(),
                name: String::new(),
                share: 1.0,
                priority: 0,
                phases: vec![Phase {
                    id: "engagement".into(),
                    duration_months: Dist::Exponential { mean: mean_months },
                    demand: BTreeMap::from([(demand.to_string(), team_fte)]),
                    min_start_share: 1.0,
                    peaks: None,
                    slows_when_short: false,
                    source: String::new(),
                }],
                source: String::new(),
            }],
            in_progress: Vec::new(),
        }
    }

    /// A copy with the Poisson rate set to `rate_per_year` in every year.
    pub fn with_rate(&self, rate_per_year: f64) -> Portfolio {
        let mut p = self.clone();
        p.arrivals.rate_per_year = rate_per_year;
        p.arrivals.rate_by_year.clear();
        p
    }

    /// A copy with priority classes: engagement `id` arrives as a Poisson process of
    /// `rates_per_year[id]` situations a year (its share; the total rate is their sum, in every
    /// year) and has priority `priorities[id]` (0 when not given).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `rates_per_year` or `priorities` for an unknown
    /// engagement, a missing, negative or non-finite rate, all rates zero, or a priority above
    /// [`MAX_PRIORITY`].
    pub fn with_classes(
        &self,
        rates_per_year: &BTreeMap<String, f64>,
        priorities: &BTreeMap<String, u32>,
    ) -> Result<Portfolio> {
        let bad = |name: &str, message: String| Error::InvalidArgument {
            name: name.to_string(),
            message,
        };
        for id in rates_per_year.keys() {
            if self.engagements.iter().all(|e| &e.id != id) {
                return Err(bad("rates_per_year", format!("no engagement `{id}`")));
            }
        }
        for (id, p) in priorities {
            if self.engagements.iter().all(|e| &e.id != id) {
                return Err(bad("priorities", format!("no engagement `{id}`")));
            }
            if *p > MAX_PRIORITY {
                return Err(bad(
                    "priorities",
                    format!("priority of `{id}` is {p}, above {MAX_PRIORITY}"),
                ));
            }
        }
        let mut p = self.clone();
        let mut total = 0.0;
        for e in &mut p.engagements {
            let Some(&rate) = rates_per_year.get(&e.id) else {
                return Err(bad(
                    "rates_per_year",
                    format!("no rate for engagement `{}` (give 0 for none)", e.id),
                ));
            };
            if !rate.is_finite() || !(0.0..=1e6).contains(&rate) {
                return Err(bad(
                    "rates_per_year",
                    format!("rate of `{}` is {rate}; it must lie in [0, 1e6]", e.id),
                ));
            }
            e.share = rate;
            e.priority = priorities.get(&e.id).copied().unwrap_or(0);
            total += rate;
        }
        if total <= 0.0 {
            return Err(bad("rates_per_year", "every rate is 0".into()));
        }
        p.arrivals.rate_per_year = total;
        p.arrivals.rate_by_year.clear();
        Ok(p)
    }

    /// Whether engagements have different priorities (priority classes with pre-emption).
    pub fn has_classes(&self) -> bool {
        let mut it = self.engagements.iter().map(|e| e.priority);
        let first = it.next();
        it.any(|p| Some(p) != first)
    }

    /// Index of engagement `id` (empty = the first one).
    pub fn engagement_index(&self, id: &str) -> Option<usize> {
        if id.is_empty() {
            (!self.engagements.is_empty()).then_some(0)
        } else {
            self.engagements.iter().position(|e| e.id == id)
        }
    }

    /// Read from TOML text (structure only; see [`Portfolio::validate`]).
    ///
    /// # Errors
    /// [`Error::Parse`] with path, line and column, or for an unsupported schema.
    ///
    /// # Example
    /// ```
    /// let p = peaceplan::capacity::Portfolio::from_toml_str(r#"
    /// schema = 1
    /// name = "note"
    /// arrivals = { rate_per_year = 4.5 }
    /// [[engagements]]
    /// id = "country"
    /// phases = [{ id = "strategy", duration_months = { pert = [2, 10, 18] }, demand = { planning = 3 } }]
    /// "#).unwrap();
    /// assert_eq!(p.engagements[0].phases[0].demand["planning"], 3.0);
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Portfolio> {
        let p: Portfolio = parse_toml(text)?;
        check_schema(p.schema, "toml")?;
        Ok(p)
    }

    /// Read from JSON text.
    ///
    /// # Errors
    /// [`Error::Parse`] with path, line and column, or for an unsupported schema.
    pub fn from_json_str(text: &str) -> Result<Portfolio> {
        let p: Portfolio = parse_json(text)?;
        check_schema(p.schema, "json")?;
        Ok(p)
    }

    /// Write as TOML.
    ///
    /// # Errors
    /// [`Error::Parse`] if a value cannot be written.
    pub fn to_toml_string(&self) -> Result<String> {
        write_toml(self)
    }

    /// Write as JSON.
    ///
    /// # Errors
    /// [`Error::Parse`] if a value cannot be written.
    pub fn to_json_string(&self) -> Result<String> {
        write_json(self)
    }

    /// Read a `.toml` or `.json` file.
    ///
    /// # Errors
    /// [`Error::Io`], [`Error::InvalidArgument`] for an unknown extension, or [`Error::Parse`].
    pub fn load(path: &Path) -> Result<Portfolio> {
        let format = Format::of_path(path)?;
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        match format {
            Format::Toml => Portfolio::from_toml_str(&text),
            Format::Json => Portfolio::from_json_str(&text),
        }
    }
}

fn check_schema(schema: u32, format: &'static str) -> Result<()> {
    if schema == SCHEMA_VERSION {
        return Ok(());
    }
    Err(Error::Parse {
        format,
        path: Some("schema".into()),
        line: None,
        column: None,
        message: format!(
            "unsupported schema version {schema}; this version of peaceplan reads schema {SCHEMA_VERSION}"
        ),
    })
}
