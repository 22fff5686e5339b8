//! Consistency of a portfolio, alone and against the office that is to serve it.

use std::collections::HashSet;

use super::portfolio::{Portfolio, MAX_PRIORITY};
use crate::error::{Issue, IssueKind, Result};
use crate::model::validate::{into_result, Report};
use crate::model::Office;

impl Portfolio {
    /// Every problem of the portfolio on its own, each with a path: schema, ids, negative or
    /// non-finite rates, dates and demands, invalid duration distributions, unknown engagements
    /// and phases.
    pub fn issues(&self) -> Vec<Issue> {
        let mut r = Report::default();
        r.schema(self.schema);
        let a = &self.arrivals;
        r.non_negative(
            a.rate_per_year,
            "arrivals.rate_per_year".into(),
            "arrival rate",
        );
        for (i, v) in a.rate_by_year.iter().enumerate() {
            let what = format!("arrival rate of year {}", i + 1);
            r.non_negative(*v, format!("arrivals.rate_by_year[{i}]"), &what);
        }
        for (i, d) in a.dated.iter().enumerate() {
            let what = format!("arrival date of `{}`", d.name);
            r.non_negative(d.at_months, format!("arrivals.dated[{i}].at_months"), &what);
            if self.engagement_index(&d.engagement).is_none() {
                let msg = format!("`{}` names unknown engagement `{}`", d.name, d.engagement);
                r.push(
                    IssueKind::UnknownId,
                    format!("arrivals.dated[{i}].engagement"),
                    msg,
                );
            }
        }
        if self.engagements.is_empty() {
            r.push(
                IssueKind::Other,
                "engagements",
                "the portfolio has no engagement kind",
            );
        }
        r.ids("engagements", "engagement", &self.engagements, |e| &e.id);
        for (i, e) in self.engagements.iter().enumerate() {
            let at = format!("engagements[{i}]");
            let what = format!("share of engagement `{}`", e.id);
            r.non_negative(e.share, format!("{at}.share"), &what);
            if e.priority > MAX_PRIORITY {
                let msg = format!(
                    "priority of engagement `{}` is {}, above {MAX_PRIORITY}",
                    e.id, e.priority
                );
                r.push(IssueKind::Other, format!("{at}.priority"), msg);
            }
            if e.phases.is_empty() {
                let msg = format!("engagement `{}` has no phase", e.id);
                r.push(IssueKind::Other, format!("{at}.phases"), msg);
            }
            r.ids(&format!("{at}.phases"), "phase", &e.phases, |p| &p.id);
            for (j, p) in e.phases.iter().enumerate() {
                let pat = format!("{at}.phases[{j}]");
                let what = format!("duration of phase `{}.{}`", e.id, p.id);
                r.dist(&p.duration_months, format!("{pat}.duration_months"), &what);
                for (kind, fte) in &p.demand {
                    let what = format!("demand `{kind}` of phase `{}.{}`", e.id, p.id);
                    r.non_negative(*fte, format!("{pat}.demand.{kind}"), &what);
                }
                if let Some(pk) = &p.peaks {
                    let every = pk.every_months;
                    if !(every.is_finite() && every > 0.0) {
                        let msg = format!(
                            "peaks.every_months of phase `{}.{}` must be a finite number > 0, got {every}",
                            e.id, p.id
                        );
                        r.push(
                            IssueKind::BadNumber,
                            format!("{pat}.peaks.every_months"),
                            msg,
                        );
                    }
                    let d = pk.duration_months;
                    if !(d.is_finite() && d > 0.0 && (d <= every || !every.is_finite())) {
                        let msg = format!(
                            "peaks.duration_months of phase `{}.{}` must lie in (0, every_months = {every}], got {d}",
                            e.id, p.id
                        );
                        r.push(
                            IssueKind::BadNumber,
                            format!("{pat}.peaks.duration_months"),
                            msg,
                        );
                    }
                    for (kind, fte) in &pk.extra {
                        let what = format!("peak demand `{kind}` of phase `{}.{}`", e.id, p.id);
                        r.non_negative(*fte, format!("{pat}.peaks.extra.{kind}"), &what);
                    }
                }
                let s = p.min_start_share;
                if !(s.is_finite() && s > 0.0 && s <= 1.0) {
                    let msg = format!(
                        "min_start_share of phase `{}.{}` must lie in (0, 1], got {s}",
                        e.id, p.id
                    );
                    r.push(IssueKind::BadNumber, format!("{pat}.min_start_share"), msg);
                }
            }
        }
        for (i, s) in self.in_progress.iter().enumerate() {
            let at = format!("in_progress[{i}]");
            match self.engagement_index(&s.engagement) {
                None => {
                    let msg = format!("`{}` names unknown engagement `{}`", s.name, s.engagement);
                    r.push(IssueKind::UnknownId, format!("{at}.engagement"), msg);
                }
                Some(k) => {
                    let phases = self.engagements.get(k).map(|e| &e.phases);
                    if !phases.is_some_and(|ps| ps.iter().any(|p| p.id == s.phase)) {
                        let msg = format!("`{}` is in unknown phase `{}`", s.name, s.phase);
                        r.push(IssueKind::UnknownId, format!("{at}.phase"), msg);
                    }
                }
            }
            let what = format!("remaining_months of `{}`", s.name);
            r.dist(&s.remaining_months, format!("{at}.remaining_months"), &what);
        }
        r.issues
    }

    /// Problems of the portfolio, of the office, and of the two together: a demand kind that no
    /// section of the office serves, or a phase whose minimum staffing to start is more than the
    /// whole office could ever give it (all posts of all sections that serve it, at their
    /// efficiency).
    pub fn issues_with(&self, office: &Office) -> Vec<Issue> {
        let mut issues: Vec<Issue> = office
            .issues()
            .into_iter()
            .map(|mut i| {
                i.path = format!("office.{}", i.path);
                i
            })
            .collect();
        issues.extend(self.issues());
        let mut r = Report::default();
        let sections: HashSet<&str> = office.sections.iter().map(|s| s.id.as_str()).collect();
        for (i, e) in self.engagements.iter().enumerate() {
            for (j, p) in e.phases.iter().enumerate() {
                for (kind, fte) in &p.demand {
                    let path = format!("engagements[{i}].phases[{j}].demand.{kind}");
                    let servers = office.servers_of(kind);
                    if servers.is_empty() {
                        let msg = format!(
                            "no section of the office serves demand `{kind}` of phase `{}.{}`",
                            e.id, p.id
                        );
                        r.push(IssueKind::UnknownId, path, msg);
                        continue;
                    }
                    let most: f64 = servers
                        .iter()
                        .filter(|(s, _)| sections.contains(s.as_str()))
                        .map(|(s, eff)| section_posts(office, s) * eff)
                        .sum();
                    let need = fte * p.min_start_share;
                    // (peak extras only make a phase short for a while, never block its start)
                    if need > most + 1e-9 {
                        let msg = format!(
                            "phase `{}.{}` needs {need} FTE of `{kind}` to start, but the whole office can give at most {most}",
                            e.id, p.id
                        );
                        r.push(IssueKind::Capacity, path, msg);
                    }
                }
            }
        }
        for (i, e) in self.engagements.iter().enumerate() {
            for (j, p) in e.phases.iter().enumerate() {
                for kind in p.peaks.iter().flat_map(|pk| pk.extra.keys()) {
                    if office.servers_of(kind).is_empty() {
                        let msg = format!(
                            "no section of the office serves peak demand `{kind}` of phase `{}.{}`",
                            e.id, p.id
                        );
                        let path = format!("engagements[{i}].phases[{j}].peaks.extra.{kind}");
                        r.push(IssueKind::UnknownId, path, msg);
                    }
                }
            }
        }
        issues.extend(r.issues);
        issues
    }

    /// `Ok(())` when the portfolio is sound on its own.
    ///
    /// # Errors
    /// [`crate::Error::Validation`] listing every problem (see [`Portfolio::issues`]).
    pub fn validate(&self) -> Result<()> {
        into_result(self.issues())
    }
}

/// Number of posts (all grades) of section `id`.
pub(crate) fn section_posts(office: &Office, id: &str) -> f64 {
    office
        .sections
        .iter()
        .filter(|s| s.id == id)
        .flat_map(|s| &s.posts)
        .map(|p| f64::from(p.count))
        .sum()
}
