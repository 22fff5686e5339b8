//! Bounds on magnitudes and counts, so that what validation passes the engines can honour
//! exactly: times (months), the whole horizon, FTE and money, modes per intervention, posts of an
//! office, and staff demands that fit a pool's largest capacity but never for long enough.
//!
//! Non-finite and negative numbers are reported by the other checks; these only look at finite
//! values that are too large (each issue names the field's path).

use super::dist::{Dist, MAX_MAGNITUDE};
use super::intervention::Intervention;
use super::office::{Capacity, Office, DAYS_PER_MONTH, MAX_POSTS};
use super::scenario::Scenario;
use super::validate::{Known, Report};
use crate::error::IssueKind;

/// Largest time value, months (about 83,000 years): durations, lags, release dates, deadlines,
/// delays, windows and capacity steps. Times are `f64` months; the schedule generation schemes
/// compare sums of them with a small tolerance, which stays exact far beyond this bound (at
/// durations of 1e9 months the serial scheme let a pool run over its capacity).
pub const MAX_MONTHS: f64 = 1e6;

/// Largest horizon, months: the longest durations of every intervention (the 99.9999 % quantile
/// of an unbounded one) plus every positive lag plus the latest release date.
pub const MAX_HORIZON_MONTHS: f64 = 1e7;

/// Most modes of one intervention, its own values (`base`) included: the scheduler's limit.
pub const MAX_MODES: usize = 255;

/// Most pools, and most sources, of a scenario: the scheduler's limit.
pub const MAX_POOLS: usize = 65_535;

/// The largest magnitude a distribution can reach (its 0.0001 % and 99.9999 % quantiles where
/// unbounded); `None`
/// when its parameters are invalid (reported elsewhere).
fn reach(d: &Dist) -> Option<f64> {
    if !d.problems().is_empty() {
        return None;
    }
    let (lo, hi) = (d.min(), d.max());
    let lo = if lo.is_finite() { lo } else { d.quantile(1e-6) };
    let hi = if hi.is_finite() {
        hi
    } else {
        d.quantile(1.0 - 1e-6)
    };
    Some(hi.abs().max(lo.abs()))
}

impl Report {
    /// A finite `value` above `limit` in magnitude.
    fn at_most(&mut self, value: f64, limit: f64, path: impl Fn() -> String, what: &str) {
        if value.is_finite() && value.abs() > limit {
            let msg = format!("{what} must lie within +-{limit:e}, got {value:e}");
            self.push(IssueKind::BadNumber, path(), msg);
        }
    }

    fn months(&mut self, value: f64, path: impl Fn() -> String, what: &str) {
        let what = format!("{what} (months)");
        self.at_most(value, MAX_MONTHS, path, &what);
    }

    fn dist_months(&mut self, d: &Dist, path: impl Fn() -> String, what: &str) {
        if let Some(hi) = reach(d) {
            if hi > MAX_MONTHS {
                let msg = format!(
                    "{what} reaches {hi:e} months, above the limit of {MAX_MONTHS:e} months"
                );
                self.push(IssueKind::BadNumber, path(), msg);
            }
        }
    }

    /// Staff demands of `iv` (every mode) that fit the largest capacity of their pool but
    /// never for the shortest duration of the mode: no schedule can ever run them.
    pub(super) fn windows(&mut self, at: &str, iv: &Intervention, known: &Known<'_>) {
        if known.started.contains(iv.id.as_str()) {
            return;
        }
        for k in 0..iv.mode_count() {
            let Some(v) = iv.mode_view(k) else { continue };
            let Some(shortest) = reach(v.duration_months).map(|_| v.duration_months.min()) else {
                continue;
            };
            for (pool, &fte) in v.staff {
                let Some(p) = known.pools.get(pool.as_str()) else {
                    continue;
                };
                if !(fte.is_finite() && fte > 0.0 && fte <= p.capacity.max()) {
                    continue; // reported by the capacity check
                }
                let longest = p.capacity.longest_at_least(fte);
                if longest >= shortest {
                    continue;
                }
                let path = match k
                    .checked_sub(1)
                    .and_then(|m| iv.modes.get(m).map(|x| (m, x)))
                {
                    None => format!("{at}.staff.{pool}"),
                    Some((m, mode)) if mode.staff.is_some() => {
                        format!("{at}.modes[{m}].staff.{pool}")
                    }
                    Some((m, _)) => format!("{at}.modes[{m}].duration_months"),
                };
                let msg = format!(
                    "`{}` (mode `{}`) needs {fte} FTE of pool `{pool}` for at least {shortest} \
                     months, but the pool never has {fte} FTE for longer than {longest} months",
                    iv.id, v.id
                );
                self.push(IssueKind::Capacity, path, msg);
            }
        }
    }

    /// Whether mode `k` of `iv` fits every pool's capacity long enough (see [`Report::windows`]).
    pub(super) fn mode_fits(iv: &Intervention, k: usize, known: &Known<'_>) -> bool {
        iv.mode_view(k).is_some_and(|v| {
            let shortest = v.duration_months.min();
            v.staff.iter().all(|(pool, fte)| {
                known.pools.get(pool.as_str()).is_none_or(|p| {
                    *fte <= p.capacity.max()
                        && !(*fte > 0.0 && p.capacity.longest_at_least(*fte) < shortest)
                })
            })
        })
    }

    /// Magnitudes and counts of a scenario (see the module documentation).
    pub(super) fn bounds(&mut self, sc: &Scenario) {
        for (which, n) in [("pools", sc.pools.len()), ("sources", sc.sources.len())] {
            if n > MAX_POOLS {
                let msg = format!("at most {MAX_POOLS} {which} are supported, got {n}");
                self.push(IssueKind::Other, which, msg);
            }
        }
        let mut horizon = 0.0_f64;
        let mut release = 0.0_f64;
        for (i, p) in sc.pools.iter().enumerate() {
            let at = format!("pools[{i}].capacity");
            match &p.capacity {
                Capacity::Constant(v) => self.at_most(*v, MAX_MAGNITUDE, || at.clone(), "fte"),
                Capacity::Steps(steps) => {
                    for (j, s) in steps.iter().enumerate() {
                        let path = || format!("{at}[{j}].from_months");
                        self.months(s.from_months, path, "capacity step");
                        let path = || format!("{at}[{j}].fte");
                        self.at_most(s.fte, MAX_MAGNITUDE, path, "fte");
                    }
                }
            }
        }
        for (i, s) in sc.situations.iter().enumerate() {
            self.months(
                s.arrival_months,
                || format!("situations[{i}].arrival_months"),
                "arrival",
            );
            release = release.max(s.arrival_months);
        }
        for (i, s) in sc.sources.iter().enumerate() {
            if let Some(d) = &s.mobilisation_lag_months {
                let path = || format!("sources[{i}].mobilisation_lag_months");
                self.dist_months(d, path, "mobilisation lag");
            }
            for (j, p) in s.pledges.iter().enumerate() {
                let at = format!("sources[{i}].pledges[{j}]");
                self.months(p.at_months, || format!("{at}.at_months"), "pledge date");
                self.dist_months(&p.delay_months, || format!("{at}.delay_months"), "delay");
                let what = "pledged amount";
                self.at_most(
                    p.amount_usd,
                    MAX_MAGNITUDE,
                    || format!("{at}.amount_usd"),
                    what,
                );
                release = release.max(p.at_months + reach(&p.delay_months).unwrap_or(0.0));
            }
        }
        for (i, iv) in sc.interventions.iter().enumerate() {
            let at = format!("interventions[{i}]");
            if iv.mode_count() > MAX_MODES {
                let msg = format!(
                    "`{}` has {} modes with its own values, at most {MAX_MODES} are supported",
                    iv.id,
                    iv.mode_count()
                );
                self.push(IssueKind::Other, format!("{at}.modes"), msg);
            }
            let mut longest = 0.0_f64;
            for k in 0..iv.mode_count().min(MAX_MODES + 1) {
                let Some(v) = iv.mode_view(k) else { continue };
                let path = || match k {
                    0 => format!("{at}.duration_months"),
                    _ => format!("{at}.modes[{}].duration_months", k - 1),
                };
                if k == 0
                    || iv
                        .modes
                        .get(k - 1)
                        .is_some_and(|m| m.duration_months.is_some())
                {
                    self.dist_months(v.duration_months, path, "duration");
                }
                longest = longest.max(reach(v.duration_months).unwrap_or(0.0));
                for (pool, fte) in v.staff {
                    let path = || format!("{at}.staff.{pool}");
                    self.at_most(*fte, MAX_MAGNITUDE, path, "staff demand");
                }
                for (src, amount) in v.consumes {
                    let path = || format!("{at}.consumes.{src}");
                    self.at_most(*amount, MAX_MAGNITUDE, path, "consumed amount");
                }
            }
            horizon += longest;
            if let Some(nb) = iv.not_before_months {
                self.months(
                    nb,
                    || format!("{at}.not_before_months"),
                    "not_before_months",
                );
                release = release.max(nb);
            }
            if let Some(dl) = iv.deadline_months {
                self.months(dl, || format!("{at}.deadline_months"), "deadline_months");
            }
            let what = "deadline_weight";
            self.at_most(
                iv.deadline_weight,
                MAX_MAGNITUDE,
                || format!("{at}.deadline_weight"),
                what,
            );
        }
        for (k, l) in sc.links.iter().enumerate() {
            self.months(l.lag_months, || format!("links[{k}].lag_months"), "lag");
            horizon += l.lag_months.max(0.0);
        }
        for (i, r) in sc.risks.iter().enumerate() {
            if let Some(d) = &r.delay_months {
                self.dist_months(d, || format!("risks[{i}].delay_months"), "risk delay");
                horizon += reach(d).unwrap_or(0.0);
            }
        }
        if let Some(s) = sc.status_months {
            self.months(s, || "status_months".into(), "status date");
            release = release.max(s);
        }
        for (i, p) in sc.progress.iter().enumerate() {
            let at = format!("progress[{i}]");
            self.months(
                p.started_months,
                || format!("{at}.started_months"),
                "actual start",
            );
            if let Some(f) = p.finished_months {
                self.months(f, || format!("{at}.finished_months"), "actual finish");
            }
            if let Some(d) = &p.remaining_months {
                self.dist_months(d, || format!("{at}.remaining_months"), "remaining duration");
                horizon += reach(d).unwrap_or(0.0);
            }
        }
        for (k, r) in sc.relapse_rules.iter().enumerate() {
            let path = || format!("relapse_rules[{k}].window_months");
            self.months(r.window_months, path, "window");
        }
        let total = horizon + release;
        if total.is_finite() && total > MAX_HORIZON_MONTHS {
            let msg = format!(
                "the plan could last {total:e} months (longest durations, positive lags and the \
                 latest release date added up), above the limit of {MAX_HORIZON_MONTHS:e} months"
            );
            self.push(IssueKind::BadNumber, "interventions", msg);
        }
    }

    /// Magnitudes and counts of an office: posts, lags, surge and costs.
    pub(super) fn office_bounds(&mut self, office: &Office) {
        let mut posts: u64 = 0;
        'sections: for (i, s) in office.sections.iter().enumerate() {
            for (j, p) in s.posts.iter().enumerate() {
                posts = posts.saturating_add(u64::from(p.count));
                if posts > MAX_POSTS {
                    let msg = format!(
                        "the office would have more than {MAX_POSTS} posts (count {} here); \
                         each post is simulated individually",
                        p.count
                    );
                    let path = format!("sections[{i}].posts[{j}].count");
                    self.push(IssueKind::BadNumber, path, msg);
                    break 'sections;
                }
                if let Some(c) = p.cost_usd_per_year {
                    let path = || format!("sections[{i}].posts[{j}].cost_usd_per_year");
                    self.at_most(c, MAX_MAGNITUDE, path, "post cost");
                }
            }
        }
        let days = MAX_MONTHS * DAYS_PER_MONTH;
        for (i, c) in office.channels.iter().enumerate() {
            if let Some(hi) = reach(&c.lag_days) {
                if hi > days {
                    let msg = format!(
                        "lag_days of channel `{}` reaches {hi:e} days, above the limit of {days:e}",
                        c.id
                    );
                    self.push(IssueKind::BadNumber, format!("channels[{i}].lag_days"), msg);
                }
            }
        }
        for (i, s) in office.surge.iter().enumerate() {
            let at = format!("surge[{i}]");
            self.months(
                s.duration_months,
                || format!("{at}.duration_months"),
                "surge duration",
            );
            self.at_most(s.fte, MAX_MAGNITUDE, || format!("{at}.fte"), "surge fte");
            if let Some(hi) = reach(&s.lag_days) {
                if hi > days {
                    let msg = format!("lag_days reaches {hi:e} days, above the limit of {days:e}");
                    self.push(IssueKind::BadNumber, format!("{at}.lag_days"), msg);
                }
            }
        }
        if let Some(d) = &office.approval_lag_months {
            self.dist_months(d, || "approval_lag_months".into(), "approval lag");
        }
        if let Some(c) = office.post_cost_usd_per_year {
            self.at_most(
                c,
                MAX_MAGNITUDE,
                || "post_cost_usd_per_year".into(),
                "post cost",
            );
        }
    }
}
