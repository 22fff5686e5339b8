//! Consistency checks of a scenario and of an office: every problem at once, each with a path.
//!
//! Paths use `[i]` for list indices and `.key` for map keys (`interventions[3].staff.planning`,
//! `sources[0].pledges[1].probability`). Messages are lowercase, without a final period, and name
//! the culprit id and value. Nothing here panics, whatever the numbers (NaN, infinities) or ids.

use std::collections::{HashMap, HashSet};

use super::dist::Dist;
use super::funding::Source;
use super::intervention::{Intervention, Link};
use super::office::{Capacity, Office, Pool};
use super::risk::RiskEvent;
use super::scenario::{Scenario, Situation, SCHEMA_VERSION};
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
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, id) in items.iter().map(id_of).enumerate() {
            let path = format!("{list}[{i}].id");
            if id.is_empty() {
                self.push(IssueKind::Other, path, format!("{what} id is empty"));
            } else if let Some(j) = first.get(id) {
                self.push(
                    IssueKind::DuplicateId,
                    path,
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
        let range = if upper_open { "[0, 1)" } else { "[0, 1]" };
        if !value.is_finite() {
            self.push(
                IssueKind::BadNumber,
                path,
                format!("{what} must be a finite number in {range}, got {value}"),
            );
        } else if !(0.0..=1.0).contains(&value) || (upper_open && value == 1.0) {
            let msg = format!("{what} must lie in {range}, got {value}");
            self.push(IssueKind::Probability, path, msg);
        }
    }

    /// Parameters of `dist`, then its support, which must not reach below 0.
    pub(crate) fn dist(&mut self, dist: &Dist, path: String, what: &str) {
        let problems = dist.problems();
        if !problems.is_empty() {
            for (kind, message) in problems {
                self.push(kind, path.clone(), format!("{what}: {message}"));
            }
            return;
        }
        if let Dist::Normal { mean, sd } = dist {
            if *mean < 4.0 * sd {
                self.push(
                    IssueKind::BadNumber,
                    path,
                    format!(
                        "{what} must not be negative: a normal needs mean >= 4 sd here \
                         (samples below 0 count as 0), got [{mean}, {sd}]"
                    ),
                );
            }
            return;
        }
        let low = dist.min();
        if low < 0.0 {
            self.push(
                IssueKind::BadNumber,
                path,
                format!(
                    "{what} must not be negative, but its {} support starts at {low}",
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
        }
    }
}

impl Report {
    fn intervention(&mut self, i: usize, iv: &Intervention, known: &Known<'_>) {
        let at = format!("interventions[{i}]");
        let id = &iv.id;
        let path = format!("{at}.duration_months");
        self.dist(&iv.duration_months, path, &format!("duration of `{id}`"));
        let path = format!("{at}.cost_usd");
        self.dist(&iv.cost_usd, path, &format!("cost of `{id}`"));
        let first = self.issues.len();
        self.staff(&at, iv, known);
        self.consumes_map(&format!("{at}.consumes"), id, &iv.consumes, known);
        self.modes(&at, iv, known);
        self.forgive_inexecutable_modes(first, &at, iv, known);
        self.references(&at, iv, known);
        self.timing(&at, iv);
        let what = format!("probability of `{id}`");
        self.probability(iv.probability, format!("{at}.probability"), &what, false);
        if let Some(r) = iv.relapse_hazard_reduction {
            let what = format!("relapse_hazard_reduction of `{id}`");
            self.probability(r, format!("{at}.relapse_hazard_reduction"), &what, true);
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
            if fte > most {
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
            let path = format!("{at}.after[{k}]");
            if pred == id {
                let msg = format!("`{id}` cannot come after itself");
                self.push(IssueKind::SelfLink, path, msg);
            } else if !known.interventions.contains(pred.as_str()) {
                let msg = format!("`{id}` comes after unknown intervention `{pred}`");
                self.push(IssueKind::UnknownId, path, msg);
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

    fn pool(&mut self, i: usize, pool: &Pool) {
        let at = format!("pools[{i}].capacity");
        let id = &pool.id;
        match &pool.capacity {
            Capacity::Constant(v) => self.non_negative(*v, at, &format!("capacity of `{id}`")),
            Capacity::Steps(steps) => {
                let mut previous: Option<f64> = None;
                for (j, step) in steps.iter().enumerate() {
                    let from = step.from_months;
                    let path = format!("{at}[{j}].from_months");
                    self.non_negative(from, path.clone(), &format!("step start of `{id}`"));
                    let what = format!("step fte of `{id}`");
                    self.non_negative(step.fte, format!("{at}[{j}].fte"), &what);
                    if let Some(prev) = previous.filter(|p| from.is_finite() && from <= *p) {
                        let msg = format!("capacity steps of `{id}` must start at strictly increasing times, got {from} after {prev}");
                        self.push(IssueKind::Order, path, msg);
                    }
                    if from.is_finite() {
                        previous = Some(from);
                    }
                }
            }
        }
    }

    fn source(&mut self, i: usize, source: &Source) {
        let id = &source.id;
        for (j, p) in source.pledges.iter().enumerate() {
            let at = format!("sources[{i}].pledges[{j}]");
            let what = |field: &str| format!("{field} of pledge {j} of `{id}`");
            let path = format!("{at}.amount_usd");
            self.non_negative(p.amount_usd, path, &what("amount_usd"));
            self.non_negative(p.at_months, format!("{at}.at_months"), &what("at_months"));
            let path = format!("{at}.probability");
            self.probability(p.probability, path, &what("probability"), false);
            let path = format!("{at}.delay_months");
            self.dist(&p.delay_months, path, &what("delay"));
            if let Some(share) = &p.share {
                let path = format!("{at}.share");
                let n = self.issues.len();
                self.dist(share, path.clone(), &what("share"));
                if self.issues.len() == n && share.max() > 1.0 {
                    let msg = format!("{}: must lie within [0, 1], got {share}", what("share"));
                    self.push(IssueKind::BadNumber, path, msg);
                }
            }
        }
    }

    fn situation(&mut self, i: usize, s: &Situation) {
        let at = format!("situations[{i}]");
        let id = &s.id;
        let what = format!("arrival_months of situation `{id}`");
        self.non_negative(s.arrival_months, format!("{at}.arrival_months"), &what);
        let priority = s.priority;
        if !(priority.is_finite() && priority > 0.0) {
            let msg =
                format!("priority of situation `{id}` must be a finite number > 0, got {priority}");
            self.push(IssueKind::BadNumber, format!("{at}.priority"), msg);
        }
        if let Some(p) = s.relapse_p10 {
            let what = format!("relapse_p10 of situation `{id}`");
            self.probability(p, format!("{at}.relapse_p10"), &what, true);
        }
    }

    fn relapse_rule(&mut self, k: usize, rule: &super::scenario::RelapseRule, known: &Known<'_>) {
        let at = format!("relapse_rules[{k}]");
        for (field, id) in [("when", &rule.when), ("before", &rule.before)] {
            if !known.interventions.contains(id.as_str()) {
                let msg =
                    format!("relapse rule {k} names unknown intervention `{id}` in `{field}`");
                self.push(IssueKind::UnknownId, format!("{at}.{field}"), msg);
            }
        }
        if rule.when == rule.before {
            let msg = format!("relapse rule {k} compares `{}` with itself", rule.when);
            self.push(IssueKind::Other, format!("{at}.before"), msg);
        }
        if !(rule.factor.is_finite() && rule.factor >= 0.0) {
            let msg = format!(
                "factor of relapse rule {k} must be a finite number >= 0, got {}",
                rule.factor
            );
            self.push(IssueKind::BadNumber, format!("{at}.factor"), msg);
        }
        let what = format!("window_months of relapse rule {k}");
        self.non_negative(rule.window_months, format!("{at}.window_months"), &what);
    }

    fn risk(&mut self, i: usize, r: &RiskEvent, known: &Known<'_>) {
        let at = format!("risks[{i}]");
        let id = &r.id;
        let what = format!("probability of risk `{id}`");
        self.probability(r.probability, format!("{at}.probability"), &what, false);
        if r.affects.is_empty() {
            let msg = format!("risk `{id}` affects no intervention");
            self.push(IssueKind::Other, format!("{at}.affects"), msg);
        }
        for (k, target) in r.affects.iter().enumerate() {
            if !known.interventions.contains(target.as_str()) {
                let msg = format!("risk `{id}` affects unknown intervention `{target}`");
                self.push(IssueKind::UnknownId, format!("{at}.affects[{k}]"), msg);
            }
        }
        // A duration scale of 0 is allowed (support >= 0), so log-normal and exponential factors,
        // whose support starts at 0, are accepted.
        let impacts = [
            ("delay_months", &r.delay_months),
            ("duration_scale", &r.duration_scale),
            ("extra_cost_usd", &r.extra_cost_usd),
        ];
        for (field, dist) in impacts {
            if let Some(d) = dist {
                let what = format!("{field} of risk `{id}`");
                self.dist(d, format!("{at}.{field}"), &what);
            }
        }
    }

    fn start_date(&mut self, date: &str) {
        if !is_calendar_date(date) {
            let msg =
                format!("start_date must be a real calendar date written YYYY-MM-DD, got {date:?}");
            self.push(IssueKind::Other, "start_date", msg);
        }
    }
}

/// Whether `text` is `YYYY-MM-DD` naming a real day of the proleptic Gregorian calendar.
fn is_calendar_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return false;
    }
    let num = |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
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
