//! Progress actuals: what has started, what has finished and what remains at a status date, and
//! the re-plannable scenario they imply.
//!
//! A scenario with `status_months` and `[[progress]]` records is planned from the status date:
//! a finished intervention keeps its actual start and duration; a running one keeps its actual
//! start and takes `elapsed + remaining` as its duration; every other one may not start before
//! the status date. [`effective`] turns these rules into plain model values (release dates,
//! fixed or shifted durations, frozen modes) so every engine (critical path, constrained
//! scheduling, Monte Carlo) honours them without knowing about progress.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::dist::Dist;
use super::intervention::LinkKind;
use super::scenario::Scenario;
use crate::error::{Error, Issue, IssueKind, Result};

/// Slack on comparisons of actual dates, months (about 1.5 minutes).
const TOL: f64 = 1e-6;

/// What happened to one intervention by the status date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// Intervention id.
    pub id: String,
    /// Actual start, months from month 0.
    pub started_months: f64,
    /// Actual finish, months (absent while running).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_months: Option<f64>,
    /// Remaining duration from the status date of a running intervention (absent: its
    /// original estimate stands, at least the time elapsed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_months: Option<Dist>,
    /// Where the record comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

fn issue(path: String, message: String) -> Issue {
    Issue {
        path,
        message,
        kind: IssueKind::Other,
    }
}

/// Every problem with the progress records of `sc` (empty when there are none).
pub fn issues(sc: &Scenario) -> Vec<Issue> {
    let mut out = Vec::new();
    if sc.progress.is_empty() {
        return out;
    }
    let Some(status) = sc.status_months else {
        out.push(issue(
            "status_months".into(),
            "progress records need a status date (status_months)".into(),
        ));
        return out;
    };
    if !status.is_finite() || status < 0.0 {
        out.push(issue(
            "status_months".into(),
            format!("status date must be a month >= 0, got {status}"),
        ));
        return out;
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, p) in sc.progress.iter().enumerate() {
        let at = format!("progress[{k}]");
        if sc.intervention_index(&p.id).is_none() {
            out.push(issue(
                format!("{at}.id"),
                format!("unknown intervention `{}`", p.id),
            ));
        }
        if let Some(j) = seen.insert(&p.id, k) {
            out.push(issue(
                format!("{at}.id"),
                format!("duplicate progress for `{}`, first at progress[{j}]", p.id),
            ));
        }
        let s = p.started_months;
        if !s.is_finite() || s < 0.0 {
            out.push(issue(
                format!("{at}.started_months"),
                format!("`{}` started at {s}: before the scenario start", p.id),
            ));
        } else if s > status + TOL {
            out.push(issue(
                format!("{at}.started_months"),
                format!(
                    "`{}` started at month {s}, after the status date {status}",
                    p.id
                ),
            ));
        }
        if let Some(f) = p.finished_months {
            if !f.is_finite() || f + TOL < s {
                out.push(issue(
                    format!("{at}.finished_months"),
                    format!("`{}` finished at month {f}, before it started ({s})", p.id),
                ));
            } else if f > status + TOL {
                out.push(issue(
                    format!("{at}.finished_months"),
                    format!(
                        "`{}` finished at month {f}, after the status date {status}",
                        p.id
                    ),
                ));
            }
            if p.remaining_months.is_some() {
                out.push(issue(
                    format!("{at}.remaining_months"),
                    format!("`{}` is finished: it has no remaining duration", p.id),
                ));
            }
        }
        if let Some(d) = &p.remaining_months {
            if shift(d, 0.0).is_none() || d.min() < 0.0 {
                out.push(issue(
                    format!("{at}.remaining_months"),
                    "remaining duration must be a fixed, uniform, triangular, pert, normal or \
                     discrete distribution >= 0"
                        .into(),
                ));
            }
        }
    }
    links(sc, &mut out);
    out
}

/// Links into started or finished interventions must hold on the actual dates.
fn links(sc: &Scenario, out: &mut Vec<Issue>) {
    let rec: HashMap<&str, &Progress> = sc.progress.iter().map(|p| (p.id.as_str(), p)).collect();
    for (k, l) in sc.all_links().iter().enumerate() {
        let Some(to) = rec.get(l.to.as_str()) else {
            continue;
        };
        let from = rec.get(l.from.as_str());
        let (fs, ff) = (
            from.map(|p| p.started_months),
            from.and_then(|p| p.finished_months),
        );
        let (need, have, what) = match l.kind {
            LinkKind::FS => (
                ff.map(|f| f + l.lag_months),
                Some(to.started_months),
                "finished",
            ),
            LinkKind::SS => (
                fs.map(|s| s + l.lag_months),
                Some(to.started_months),
                "started",
            ),
            LinkKind::FF => (ff.map(|f| f + l.lag_months), to.finished_months, "finished"),
            LinkKind::SF => (fs.map(|s| s + l.lag_months), to.finished_months, "started"),
        };
        let Some(have) = have else { continue };
        let verb = if matches!(l.kind, LinkKind::FS | LinkKind::SS) {
            "started"
        } else {
            "finished"
        };
        let ok = need.is_some_and(|n| have + TOL >= n);
        if !ok {
            let when = need.map_or(format!("has not {what}"), |n| {
                format!("allows it from month {n}")
            });
            let lead = if l.lag_months < 0.0 {
                ""
            } else {
                " without a lead"
            };
            out.push(issue(
                format!("links[{k}]"),
                format!(
                    "`{}` {verb} at month {have} but its predecessor `{}` ({} link{lead}) {when}",
                    l.to,
                    l.from,
                    l.kind.as_str()
                ),
            ));
        }
    }
}

/// `d + by`, for the distributions that can be shifted exactly.
fn shift(d: &Dist, by: f64) -> Option<Dist> {
    Some(match d {
        Dist::Fixed(v) => Dist::Fixed(v + by),
        Dist::Uniform { min, max } => Dist::Uniform {
            min: min + by,
            max: max + by,
        },
        Dist::Triangular { min, mode, max } => Dist::Triangular {
            min: min + by,
            mode: mode + by,
            max: max + by,
        },
        Dist::Pert { min, mode, max } => Dist::Pert {
            min: min + by,
            mode: mode + by,
            max: max + by,
        },
        Dist::Normal { mean, sd } => Dist::Normal {
            mean: mean + by,
            sd: *sd,
        },
        Dist::Discrete { values, weights } => Dist::Discrete {
            values: values.iter().map(|v| v + by).collect(),
            weights: weights.clone(),
        },
        _ => return None,
    })
}

/// The original estimate of a running intervention, raised to at least `elapsed`.
fn at_least(d: &Dist, elapsed: f64) -> Dist {
    let f = |v: &f64| v.max(elapsed);
    match d {
        Dist::Fixed(v) => Dist::Fixed(f(v)),
        Dist::Uniform { min, max } => Dist::Uniform {
            min: f(min),
            max: f(max),
        },
        Dist::Triangular { min, mode, max } => Dist::Triangular {
            min: f(min),
            mode: f(mode),
            max: f(max),
        },
        Dist::Pert { min, mode, max } => Dist::Pert {
            min: f(min),
            mode: f(mode),
            max: f(max),
        },
        other if other.min() >= elapsed => other.clone(),
        _ => Dist::Fixed(d.mode().max(elapsed)),
    }
}

/// The scenario to plan from the status date (borrowed unchanged when there is no progress):
/// started interventions are released at their actual start with their mode frozen, finished
/// ones take their actual duration, running ones `elapsed + remaining`; all others are
/// released no earlier than the status date; risk events no longer touch started work.
///
/// # Errors
/// [`Error::Validation`] listing every problem of the progress records (see [`issues`]).
pub fn effective(sc: &Scenario) -> Result<Cow<'_, Scenario>> {
    let Some(status) = sc.status_months else {
        return Ok(Cow::Borrowed(sc));
    };
    let problems = issues(sc);
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let mut out = sc.clone();
    let rec: HashMap<&str, &Progress> = sc.progress.iter().map(|p| (p.id.as_str(), p)).collect();
    for iv in &mut out.interventions {
        let Some(p) = rec.get(iv.id.as_str()) else {
            let release = iv.not_before_months.unwrap_or(0.0).max(status);
            iv.not_before_months = Some(release);
            continue;
        };
        if let Some(view) = iv.fixed_mode_index().and_then(|k| iv.mode_view(k)) {
            let (d, st, c, n) = (
                view.duration_months.clone(),
                view.staff.clone(),
                view.cost_usd.clone(),
                view.consumes.clone(),
            );
            (iv.duration_months, iv.staff, iv.cost_usd, iv.consumes) = (d, st, c, n);
        }
        iv.modes.clear();
        iv.mode = None;
        iv.probability = 1.0;
        iv.not_before_months = Some(p.started_months);
        let elapsed = (status - p.started_months).max(0.0);
        iv.duration_months = match (p.finished_months, &p.remaining_months) {
            (Some(f), _) => Dist::Fixed((f - p.started_months).max(0.0)),
            (None, Some(rem)) => shift(rem, elapsed).unwrap_or(Dist::Fixed(elapsed)),
            (None, None) => at_least(&iv.duration_months, elapsed),
        };
    }
    for r in &mut out.risks {
        let left: Vec<String> = r
            .affects
            .iter()
            .filter(|a| !rec.contains_key(a.as_str()))
            .cloned()
            .collect();
        if left.is_empty() {
            // keep the risk (and its random numbers: common random numbers) but switch it off
            r.probability = 0.0;
        } else {
            r.affects = left;
        }
    }
    Ok(Cow::Owned(out))
}
