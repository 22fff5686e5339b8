//! Validation of what surrounds the interventions: pools and their capacity steps, funding
//! sources and their pledges, situations, risk events and the start date.

use super::funding::Source;
use super::office::{Capacity, Pool};
use super::risk::RiskEvent;
use super::scenario::Situation;
use super::validate::{Known, Report};
use crate::error::IssueKind;

impl Report {
    pub(super) fn pool(&mut self, i: usize, pool: &Pool) {
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

    pub(super) fn source(&mut self, i: usize, source: &Source) {
        let id = &source.id;
        if let Some(lag) = &source.mobilisation_lag_months {
            let path = format!("sources[{i}].mobilisation_lag_months");
            self.dist(lag, path.clone(), &format!("mobilisation lag of `{id}`"));
            if !source.pledges.is_empty() {
                let msg = format!(
                    "source `{id}` is to be mobilised (mobilisation_lag_months) and cannot also have pledges; put the pledges in a source of their own"
                );
                self.push(IssueKind::Other, path, msg);
            }
        }
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

    pub(super) fn situation(&mut self, i: usize, s: &Situation) {
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
        let n = self.issues.len();
        for (field, p) in [("relapse_p5", s.relapse_p5), ("relapse_p10", s.relapse_p10)] {
            if let Some(p) = p {
                let what = format!("{field} of situation `{id}`");
                self.probability(p, format!("{at}.{field}"), &what, true);
            }
        }
        // both anchors: a Weibull through them needs 0 < p5 < p10 (docs/relapse.md)
        if let (Some(p5), Some(p10), true) = (s.relapse_p5, s.relapse_p10, self.issues.len() == n) {
            if !(0.0 < p5 && p5 < p10) {
                let msg = format!(
                    "relapse_p5 of situation `{id}` must lie in (0, relapse_p10 = {p10}), got {p5}"
                );
                self.push(IssueKind::Order, format!("{at}.relapse_p5"), msg);
            }
        }
    }

    pub(super) fn relapse_rule(
        &mut self,
        k: usize,
        rule: &super::scenario::RelapseRule,
        known: &Known<'_>,
    ) {
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

    pub(super) fn risk(&mut self, i: usize, r: &RiskEvent, known: &Known<'_>) {
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

    pub(super) fn start_date(&mut self, date: &str) {
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
