//! Consistency checks of a scenario and of an office: every problem at once, each with a path.
//!
//! Paths use `[i]` for list indices and `.key` for map keys (`interventions[3].staff.planning`,
//! `sources[0].pledges[1].probability`). Messages are lowercase, without a final period, and name
//! the culprit id and value. Nothing here panics, whatever the numbers (NaN, infinities) or ids.

use std::collections::{HashMap, HashSet};

use super::dist::Dist;
use super::intervention::{Intervention, Link};
use super::office::{Office, Pool};
use super::scenario::{Scenario, SCHEMA_VERSION};
use super::validate_graph::cycle_issues;
use crate::error::{Error, Issue, IssueKind, Result};

/// Collects issues.
#[derive(Default)]
pub(crate) struct Report {
    pub(crate) issues: Vec<Issue>,
}

impl Report {
    pub(crate) fn push(
        &mut self,
        kind: IssueKind,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.issues.push(Issue::new(kind, path, message));
    }

    pub(crate) fn schema(&mut self, schema: u32) {
        if schema != SCHEMA_VERSION {
            self.push(
                IssueKind::Other,
                "schema",
                format!("unsupported schema version {schema}, expected {SCHEMA_VERSION}"),
            );
        }
    }

    /// Empty ids and duplicates (reported at the second occurrence) in the list `list`.
    pub(crate) fn ids<T>(
        &mut self,
        list: &str,
        what: &str,
        items: &[T],
        id_of: impl Fn(&T) -> &str,
    ) {
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(items.len());
        for (i, id) in items.iter().map(id_of).enumerate() {
            let path = || format!("{list}[{i}].id");
            if id.is_empty() {
                self.push(IssueKind::Other, path(), format!("{what} id is empty"));
            } else if let Some(j) = first.get(id) {
                self.push(
                    IssueKind::DuplicateId,
                    path(),
                    format!("duplicate {what} id `{id}`, first used at {list}[{j}]"),
                );
            } else {
                first.insert(id, i);
            }
        }
    }

    /// `value` must be finite and >= 0.
    pub(crate) fn non_negative(&mut self, value: f64, path: String, what: &str) {
        if !value.is_finite() || value < 0.0 {
            self.push(
                IssueKind::BadNumber,
                path,
                format!("{what} must be a finite number >= 0, got {value}"),
            );
        }
    }

    /// `value` must be finite (any sign).
    pub(crate) fn finite(&mut self, value: f64, path: String, what: &str) {
        if !value.is_finite() {
            self.push(
                IssueKind::BadNumber,
                path,
                format!("{what} must be a finite number, got {value}"),
            );
        }
    }

    /// `value` must be a probability in [0, 1] (`upper_open`: in [0, 1)).
    pub(crate) fn probability(&mut self, value: f64, path: String, what: &str, upper_open: bool) {
        self.probability_lazy(value, || path.clone(), || what.to_string(), upper_open);
    }

    /// [`Report::probability`] with the path and the description built only for a problem
    /// (validation runs before every simulation; formatting them eagerly for every
    /// intervention was most of its time).
    pub(crate) fn probability_lazy(
        &mut self,
        value: f64,
        path: impl Fn() -> String,
        what: impl Fn() -> String,
        upper_open: bool,
    ) {
        let range = if upper_open { "[0, 1)" } else { "[0, 1]" };
        if !value.is_finite() {
            let msg = format!("{} must be a finite number in {range}, got {value}", what());
            self.push(IssueKind::BadNumber, path(), msg);
        } else if !(0.0..=1.0).contains(&value) || (upper_open && value == 1.0) {
            let msg = format!("{} must lie in {range}, got {value}", what());
            self.push(IssueKind::Probability, path(), msg);
        }
    }

    /// Parameters of `dist`, then its support, which must not reach below 0.
    pub(crate) fn dist(&mut self, dist: &Dist, path: String, what: &str) {
        self.dist_lazy(dist, || path.clone(), || what.to_string());
    }

    /// [`Report::dist`] with the path and the description built only for a problem.
    pub(crate) fn dist_lazy(
        &mut self,
        dist: &Dist,
        path: impl Fn() -> String,
        what: impl Fn() -> String,
    ) {
        let problems = dist.problems();
        if !problems.is_empty() {
            for (kind, message) in problems {
                self.push(kind, path(), format!("{}: {message}", what()));
            }
            return;
        }
        if let Dist::Normal { mean, sd } = dist {
            if *mean < 4.0 * sd {
                self.push(
                    IssueKind::BadNumber,
                    path(),
                    format!(
                        "{} must not be negative: a normal needs mean >= 4 sd here \
                         (samples below 0 count as 0), got [{mean}, {sd}]",
                        what()
                    ),
                );
            }
            return;
        }
        let low = dist.min();
        if low < 0.0 {
            self.push(
                IssueKind::BadNumber,
                path(),
                format!(
                    "{} must not be negative, but its {} support starts at {low}",
                    what(),
                    dist.family()
                ),
            );
        }
    }
}

/// Known ids of a scenario, for reference checks (first occurrence wins on duplicates).
pub(super) struct Known<'a> {
    pub(super) interventions: HashSet<&'a str>,
    pub(super) pools: HashMap<&'a str, &'a Pool>,
    pub(super) sources: HashSet<&'a str>,
    pub(super) situations: HashSet<&'a str>,
    /// Interventions already started (progress records with a status date): their staff is
    /// already at work, so a demand above a pool's capacity is reality, not a problem.
    pub(super) started: HashSet<&'a str>,
}

impl<'a> Known<'a> {
    fn of(sc: &'a Scenario) -> Self {
        let mut pools = HashMap::new();
        for p in &sc.pools {
            pools.entry(p.id.as_str()).or_insert(p);
        }
        Known {
            interventions: sc.interventions.iter().map(|i| i.id.as_str()).collect(),
            pools,
            sources: sc.sources.iter().map(|s| s.id.as_str()).collect(),
            situations: sc.situations.iter().map(|s| s.id.as_str()).collect(),
            started: match sc.status_months {
                Some(_) => sc.progress.iter().map(|p| p.id.as_str()).collect(),
                None => HashSet::new(),
            },
        }
    }
}

impl Report {
    fn intervention(&mut self, i: usize, iv: &Intervention, known: &Known<'_>) {
        let at = format!("interventions[{i}]");
        let id = &iv.id;
        self.dist_lazy(
            &iv.duration_months,
            || format!("{at}.duration_months"),
            || format!("duration of `{id}`"),
        );
        self.dist_lazy(
            &iv.cost_usd,
            || format!("{at}.cost_usd"),
            || format!("cost of `{id}`"),
        );
        let first = self.issues.len();
        if !iv.staff.is_empty() {
            self.staff(&at, iv, known);
        }
        if !iv.consumes.is_empty() {
            self.consumes_map(&format!("{at}.consumes"), id, &iv.consumes, known);
        }
        self.modes(&at, iv, known);
        self.windows(&at, iv, known);
        self.forgive_inexecutable_modes(first, &at, iv, known);
        self.references(&at, iv, known);
        self.timing(&at, iv);
        self.probability_lazy(
            iv.probability,
            || format!("{at}.probability"),
            || format!("probability of `{id}`"),
            false,
        );
        for (field, r) in [
            ("relapse_hazard_reduction", iv.relapse_hazard_reduction),
            (
                "relapse_hazard_reduction_while_active",
                iv.relapse_hazard_reduction_while_active,
            ),
        ] {
            if let Some(r) = r {
                self.probability_lazy(
                    r,
                    || format!("{at}.{field}"),
                    || format!("{field} of `{id}`"),
                    true,
                );
            }
        }
    }

    fn staff(&mut self, at: &str, iv: &Intervention, known: &Known<'_>) {
        self.staff_map(&format!("{at}.staff"), &iv.id, &iv.staff, known);
    }

    /// Staff demands `map` (pool -> FTE) of intervention `id`, at `path` (`...staff`).
    pub(super) fn staff_map(
        &mut self,
        at: &str,
        id: &str,
        map: &std::collections::BTreeMap<String, f64>,
        known: &Known<'_>,
    ) {
        for (pool, &fte) in map {
            let path = format!("{at}.{pool}");
            let Some(p) = known.pools.get(pool.as_str()) else {
                let msg = format!("`{id}` needs staff from unknown pool `{pool}`");
                self.push(IssueKind::UnknownId, path, msg);
                continue;
            };
            if !fte.is_finite() || fte < 0.0 {
                let what = format!("staff demand of `{id}` on pool `{pool}`");
                self.non_negative(fte, path, &what);
                continue;
            }
            let most = p.capacity.max();
            if fte > most && !known.started.contains(id) {
                let msg = format!(
                    "`{id}` needs {fte} FTE of pool `{pool}` whose capacity never exceeds {most}"
                );
                self.push(IssueKind::Capacity, path, msg);
            }
        }
    }

    fn references(&mut self, at: &str, iv: &Intervention, known: &Known<'_>) {
        let id = &iv.id;
        for (k, source) in iv.funding.iter().enumerate() {
            if !known.sources.contains(source.as_str()) {
                let msg = format!("`{id}` is funded by unknown source `{source}`");
                self.push(IssueKind::UnknownId, format!("{at}.funding[{k}]"), msg);
            }
        }
        for (k, pred) in iv.after.iter().enumerate() {
            let path = || format!("{at}.after[{k}]");
            if pred == id {
                let msg = format!("`{id}` cannot come after itself");
                self.push(IssueKind::SelfLink, path(), msg);
            } else if !known.interventions.contains(pred.as_str()) {
                let msg = format!("`{id}` comes after unknown intervention `{pred}`");
                self.push(IssueKind::UnknownId, path(), msg);
            }
        }
        if let Some(s) = &iv.situation {
            if !known.situations.contains(s.as_str()) {
                let msg = format!("`{id}` belongs to unknown situation `{s}`");
                self.push(IssueKind::UnknownId, format!("{at}.situation"), msg);
            }
        }
    }

    fn timing(&mut self, at: &str, iv: &Intervention) {
        let id = &iv.id;
        if let Some(nb) = iv.not_before_months {
            let what = format!("not_before_months of `{id}`");
            self.non_negative(nb, format!("{at}.not_before_months"), &what);
        }
        let what = format!("deadline_weight of `{id}`");
        self.non_negative(iv.deadline_weight, format!("{at}.deadline_weight"), &what);
        if let Some(dl) = iv.deadline_months {
            let what = format!("deadline_months of `{id}`");
            self.non_negative(dl, format!("{at}.deadline_months"), &what);
            if let Some(nb) = iv.not_before_months {
                if dl.is_finite() && nb.is_finite() && dl < nb {
                    let msg =
                        format!("deadline of `{id}` ({dl}) is before its not_before_months ({nb})");
                    self.push(IssueKind::Order, format!("{at}.deadline_months"), msg);
                }
            }
        }
    }

    fn link(&mut self, k: usize, link: &Link, known: &Known<'_>) {
        let at = format!("links[{k}]");
        for (end, id) in [("from", &link.from), ("to", &link.to)] {
            if !known.interventions.contains(id.as_str()) {
                let msg = format!("link {end} unknown intervention `{id}`");
                self.push(IssueKind::UnknownId, format!("{at}.{end}"), msg);
            }
        }
        if link.from == link.to {
            let msg = format!("link from `{}` to itself", link.from);
            self.push(IssueKind::SelfLink, at.clone(), msg);
        }
        let what = format!("lag of link `{}` -> `{}`", link.from, link.to);
        self.finite(link.lag_months, format!("{at}.lag_months"), &what);
    }
}

impl Scenario {
    /// Every consistency problem of the scenario (empty when it is sound), each with the path of
    /// the offending value: unknown, duplicate and empty ids, self links, dependency cycles,
    /// negative/NaN/infinite numbers, distributions out of order, probabilities outside [0, 1],
    /// staff demand above a pool's largest capacity, unknown funding sources, bad dates.
    ///
    /// # Example
    /// ```
    /// let sc = peaceplan::Scenario::from_toml_str(r#"
    /// schema = 1
    /// name = "tiny"
    /// [[interventions]]
    /// id = "a"
    /// duration_months = 2
    /// after = ["b"]
    /// "#).unwrap();
    /// let issues = sc.issues();
    /// assert_eq!(issues[0].path, "interventions[0].after[0]");
    /// ```
    pub fn issues(&self) -> Vec<Issue> {
        let mut r = Report::default();
        r.schema(self.schema);
        if let Some(date) = &self.start_date {
            r.start_date(date);
        }
        r.ids("situations", "situation", &self.situations, |s| &s.id);
        r.ids("pools", "pool", &self.pools, |p| &p.id);
        r.ids("sources", "source", &self.sources, |s| &s.id);
        r.ids("interventions", "intervention", &self.interventions, |i| {
            &i.id
        });
        r.ids("risks", "risk", &self.risks, |x| &x.id);
        let known = Known::of(self);
        for (i, s) in self.situations.iter().enumerate() {
            r.situation(i, s);
        }
        for (i, p) in self.pools.iter().enumerate() {
            r.pool(i, p);
        }
        for (i, s) in self.sources.iter().enumerate() {
            r.source(i, s);
        }
        for (i, iv) in self.interventions.iter().enumerate() {
            r.intervention(i, iv, &known);
        }
        r.issues.extend(super::progress::issues(self));
        for (k, link) in self.links.iter().enumerate() {
            r.link(k, link, &known);
        }
        r.issues.extend(cycle_issues(self));
        for (i, risk) in self.risks.iter().enumerate() {
            r.risk(i, risk, &known);
        }
        for (k, rule) in self.relapse_rules.iter().enumerate() {
            r.relapse_rule(k, rule, &known);
        }
        r.bounds(self);
        r.issues
    }

    /// `Ok(())` when sound, otherwise [`Error::Validation`] with every problem.
    ///
    /// # Errors
    /// [`Error::Validation`] listing all issues (see [`Scenario::issues`]).
    pub fn validate(&self) -> Result<()> {
        into_result(self.issues())
    }
}

impl Office {
    /// Every consistency problem of the office (empty when it is sound): schema version, empty or
    /// duplicate channel and section ids, posts on an unknown channel, posts with a count of 0,
    /// recruitment lags that are invalid or can be negative.
    pub fn issues(&self) -> Vec<Issue> {
        let mut r = Report::default();
        r.schema(self.schema);
        r.ids("channels", "channel", &self.channels, |c| &c.id);
        r.ids("sections", "section", &self.sections, |s| &s.id);
        for (i, c) in self.channels.iter().enumerate() {
            let what = format!("lag_days of channel `{}`", c.id);
            r.dist(&c.lag_days, format!("channels[{i}].lag_days"), &what);
        }
        let channels: HashSet<&str> = self.channels.iter().map(|c| c.id.as_str()).collect();
        for (i, section) in self.sections.iter().enumerate() {
            for (j, post) in section.posts.iter().enumerate() {
                let at = format!("sections[{i}].posts[{j}]");
                let (sid, grade) = (&section.id, &post.grade);
                if !channels.contains(post.channel.as_str()) {
                    let channel = &post.channel;
                    let msg =
                        format!("{grade} post of section `{sid}` uses unknown channel `{channel}`");
                    r.push(IssueKind::UnknownId, format!("{at}.channel"), msg);
                }
                if let Some(cost) = post.cost_usd_per_year {
                    r.non_negative(cost, format!("{at}.cost_usd_per_year"), "post cost");
                }
                if post.count == 0 {
                    let msg = format!("{grade} post of section `{sid}` has a count of 0");
                    r.push(IssueKind::BadNumber, format!("{at}.count"), msg);
                }
            }
        }
        r.staffing(self);
        r.office_bounds(self);
        r.issues
    }

    /// `Ok(())` when sound, otherwise [`Error::Validation`] with every problem.
    ///
    /// # Errors
    /// [`Error::Validation`] listing all issues (see [`Office::issues`]).
    pub fn validate(&self) -> Result<()> {
        into_result(self.issues())
    }
}

pub(crate) fn into_result(issues: Vec<Issue>) -> Result<()> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(issues))
    }
}
