//! Staff: renewable pools used by plans, and the office (sections, posts, recruitment channels).

use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::dist::{Dist, Point};
use super::staffing::{Route, Surge, Turnover};
use crate::error::Result;

/// Most posts of an office: each is simulated individually by capacity planning, so validation
/// refuses more (naming the post whose count passes the limit).
pub const MAX_POSTS: u64 = 100_000;

/// Average month length in days (365.25 / 12), used to turn recruitment lags in days into months.
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// One step of a capacity profile: from `from_months` on, `fte` staff are available.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Time in months from which this level holds.
    pub from_months: f64,
    /// Full-time equivalents available.
    pub fte: f64,
}

/// Capacity of a pool over time: a constant, or a step function (0 before its first step).
#[derive(Debug, Clone, PartialEq)]
pub enum Capacity {
    /// The same number of FTE at all times.
    Constant(f64),
    /// Steps in increasing `from_months`; the level before the first step is 0.
    Steps(Vec<Step>),
}

impl Capacity {
    /// FTE available at time `t` (months).
    pub fn at(&self, t: f64) -> f64 {
        match self {
            Capacity::Constant(v) => *v,
            Capacity::Steps(steps) => steps
                .iter()
                .take_while(|s| s.from_months <= t)
                .last()
                .map_or(0.0, |s| s.fte),
        }
    }

    /// Longest stretch of time, months, during which at least `fte` are available without a
    /// break: infinite when that level is held from some time on, 0 when never reached.
    pub fn longest_at_least(&self, fte: f64) -> f64 {
        match self {
            Capacity::Constant(v) => {
                if *v >= fte {
                    f64::INFINITY
                } else {
                    0.0
                }
            }
            Capacity::Steps(steps) => {
                let (mut best, mut since) = (0.0_f64, None);
                for s in steps {
                    if s.fte >= fte {
                        since.get_or_insert(s.from_months);
                    } else if let Some(t0) = since.take() {
                        best = best.max(s.from_months - t0);
                    }
                }
                if since.is_some() {
                    f64::INFINITY
                } else {
                    best
                }
            }
        }
    }

    /// The largest level ever available.
    pub fn max(&self) -> f64 {
        match self {
            Capacity::Constant(v) => *v,
            Capacity::Steps(steps) => steps.iter().map(|s| s.fte).fold(0.0, f64::max),
        }
    }
}

impl Serialize for Capacity {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Capacity::Constant(v) => s.serialize_f64(*v),
            Capacity::Steps(steps) => steps.serialize(s),
        }
    }
}

struct CapacityVisitor;

impl<'de> Visitor<'de> for CapacityVisitor {
    type Value = Capacity;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number of FTE or a list of {from_months, fte} steps")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Capacity, E> {
        Ok(Capacity::Constant(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Capacity, E> {
        Ok(Capacity::Constant(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Capacity, E> {
        Ok(Capacity::Constant(v as f64))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Capacity, A::Error> {
        let mut steps = Vec::new();
        while let Some(step) = seq.next_element::<Step>()? {
            steps.push(step);
        }
        Ok(Capacity::Steps(steps))
    }
}

impl<'de> Deserialize<'de> for Capacity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Capacity, D::Error> {
        d.deserialize_any(CapacityVisitor)
    }
}

/// A renewable staff pool (a section of the office, or a partner's staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pool {
    /// Unique id, referenced by interventions' `staff`.
    pub id: String,
    /// Readable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// FTE available over time.
    pub capacity: Capacity,
    /// Where the numbers come from (DOMAIN.md keys, `[A]`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A way of filling a post, with its lag from approval to staff on duty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Unique id (e.g. `external`, `redeployment`, `secondment`).
    pub id: String,
    /// Readable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Days from approval to staff on duty.
    pub lag_days: Dist,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A group of identical posts in a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Post {
    /// Grade (e.g. `ASG`, `D-1`, `P-4`, `G-5`).
    pub grade: String,
    /// Number of such posts.
    #[serde(default = "one_post")]
    pub count: u32,
    /// Recruitment channel id.
    pub channel: String,
    /// Whether the posts are already filled at the start (no recruitment lag).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub filled: bool,
    /// Cost of one such post per year (US$); `None` = the office's `post_cost_usd_per_year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_usd_per_year: Option<f64>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

fn one_post() -> u32 {
    1
}

impl Post {
    /// Professional and higher grades (P-, D-, ASG, USG) as opposed to General Service.
    pub fn is_professional(&self) -> bool {
        let g = self.grade.to_ascii_uppercase();
        g.starts_with("P-") || g.starts_with("D-") || g == "ASG" || g == "USG"
    }
}

/// A section of the office: a set of posts that work as one staff pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Unique id; the pool of the same id in a scenario draws on these posts.
    pub id: String,
    /// Readable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Posts of the section.
    pub posts: Vec<Post>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The office: sections, posts and recruitment channels (schema 1; capacity planning builds on it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    /// Format version, must be 1.
    pub schema: u32,
    /// Readable name.
    pub name: String,
    /// Free text on what this office is and where it comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Recruitment channels.
    pub channels: Vec<Channel>,
    /// Sections.
    pub sections: Vec<Section>,
    /// Which sections serve which kind of demand, in order of preference (capacity planning).
    /// A demand kind without a route is served by the section of the same id only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routing: Vec<Route>,
    /// Staff turnover and re-recruitment (none when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnover: Option<Turnover>,
    /// Surge options (secondments, rosters).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub surge: Vec<Surge>,
    /// Months from the start before any recruitment can begin (budget approval); none when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_lag_months: Option<Dist>,
    /// Default cost of a post per year (US$), for posts without their own `cost_usd_per_year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_cost_usd_per_year: Option<f64>,
    /// Where the office-wide numbers (costs, turnover) come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

impl Office {
    /// Number of posts, professional (P/D/ASG/USG) only when `professional_only`.
    pub fn post_count(&self, professional_only: bool) -> u32 {
        self.sections
            .iter()
            .flat_map(|s| &s.posts)
            .filter(|p| !professional_only || p.is_professional())
            .map(|p| p.count)
            .sum()
    }

    /// Cost of all posts per year (US$); posts without a cost of their own use
    /// `post_cost_usd_per_year` (0 when that is absent too).
    pub fn post_cost_usd_per_year(&self) -> f64 {
        self.sections
            .iter()
            .flat_map(|s| &s.posts)
            .map(|p| {
                let each = p
                    .cost_usd_per_year
                    .or(self.post_cost_usd_per_year)
                    .unwrap_or(0.0);
                each * f64::from(p.count)
            })
            .sum()
    }

    /// The sections that serve demand `kind`, in order of preference, with their efficiency:
    /// the `routing` entry of that kind, or else the section of the same id at efficiency 1.
    pub fn servers_of(&self, kind: &str) -> Vec<(String, f64)> {
        match self.routing.iter().find(|r| r.demand == kind) {
            Some(route) => route
                .sections
                .iter()
                .map(|s| (s.section.clone(), s.efficiency))
                .collect(),
            None => self
                .sections
                .iter()
                .filter(|s| s.id == kind)
                .map(|s| (s.id.clone(), 1.0))
                .collect(),
        }
    }

    /// One pool per section whose capacity steps up as posts come on line: each post not yet
    /// filled arrives after its channel's lag (days, taken at `point`, converted to months).
    /// Only posts of the given grades count when `professional_only`.
    ///
    /// # Errors
    /// [`crate::Error::UnknownId`] for a post whose channel does not exist, or an invalid `point`.
    pub fn pools(&self, point: Point, professional_only: bool) -> Result<Vec<Pool>> {
        let mut pools = Vec::with_capacity(self.sections.len());
        for section in &self.sections {
            let mut arrivals: Vec<(f64, f64)> = Vec::new();
            for post in &section.posts {
                if professional_only && !post.is_professional() {
                    continue;
                }
                let at = if post.filled {
                    0.0
                } else {
                    let channel = self
                        .channels
                        .iter()
                        .find(|c| c.id == post.channel)
                        .ok_or_else(|| crate::Error::UnknownId {
                            what: "recruitment channel",
                            id: post.channel.clone(),
                        })?;
                    channel.lag_days.point(point)? / DAYS_PER_MONTH
                };
                arrivals.push((at, f64::from(post.count)));
            }
            arrivals.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut steps: Vec<Step> = Vec::new();
            let mut level = 0.0;
            for (at, n) in arrivals {
                level += n;
                match steps.last_mut() {
                    Some(last) if last.from_months == at => last.fte = level,
                    _ => steps.push(Step {
                        from_months: at,
                        fte: level,
                    }),
                }
            }
            pools.push(Pool {
                id: section.id.clone(),
                name: section.name.clone(),
                capacity: Capacity::Steps(steps),
                source: section.source.clone(),
            });
        }
        Ok(pools)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_capacity() {
        let c = Capacity::Steps(vec![
            Step {
                from_months: 2.0,
                fte: 1.0,
            },
            Step {
                from_months: 9.0,
                fte: 7.0,
            },
        ]);
        assert_eq!(c.at(0.0), 0.0);
        assert_eq!(c.at(2.0), 1.0);
        assert_eq!(c.at(8.99), 1.0);
        assert_eq!(c.at(100.0), 7.0);
        assert_eq!(c.max(), 7.0);
    }

    #[test]
    fn professional_grades() {
        let p = |g: &str| Post {
            grade: g.into(),
            count: 1,
            channel: "x".into(),
            filled: false,
            cost_usd_per_year: None,
            source: String::new(),
        };
        assert!(p("P-3").is_professional());
        assert!(p("D-2").is_professional());
        assert!(p("ASG").is_professional());
        assert!(!p("G-5").is_professional());
    }
}
