//! Priority classes with pre-emption: engagements of a higher `priority` are served first when
//! staff frees up, and a situation arriving when no team is free pre-empts lower-class phases in
//! service (preemptive-resume). Figures per class: Kaplan-Meier waits, pre-emptions, and the time
//! pre-empted situations spent suspended (the extra delay the higher classes cause them).
//!
//! Pre-emption happens only when it lets the newcomer start: victims are taken from the lowest
//! class first, the most recently started first, until the freed staff (with what is free) covers
//! the newcomer's minimum staffing; if all lower-class staff would not suffice nobody is
//! pre-empted and the newcomer waits at the head of its class. A pre-empted phase gives back all
//! its staff, keeps the work it has left (months left for a fixed-duration phase, work at full
//! staff for a slowed one) and waits, ahead of later arrivals of its class, to resume; its review
//! peaks restart from the resumption.

use rand::Rng;

use super::draw::{State, EPS};
use super::stats::{bin_of, Acc, HIST_BINS};
use super::survival::WaitSurvival;

/// Sums per class (engagement) over any number of draws; empty unless the portfolio has classes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClassAcc {
    pub arrived: u64,
    pub started: u64,
    pub wait_pos: u64,
    pub unstarted: u64,
    pub completed: u64,
    pub sum_wait: f64,
    pub hist: Vec<u32>,
    pub cens: Vec<u32>,
    /// Pre-emptions suffered (a situation may be pre-empted more than once).
    pub preemptions: u64,
    /// Situations pre-empted at least once.
    pub preempted: u64,
    /// Months spent suspended by pre-emption (up to the horizon).
    pub suspended_months: f64,
    /// Time integral of the number of this class's situations in the office (waiting, suspended
    /// or served) after the warm-up.
    pub in_system: f64,
}

impl Default for ClassAcc {
    fn default() -> Self {
        ClassAcc {
            arrived: 0,
            started: 0,
            wait_pos: 0,
            unstarted: 0,
            completed: 0,
            sum_wait: 0.0,
            hist: vec![0; HIST_BINS],
            cens: vec![0; HIST_BINS],
            preemptions: 0,
            preempted: 0,
            suspended_months: 0.0,
            in_system: 0.0,
        }
    }
}

impl ClassAcc {
    /// Record the wait of a situation of this class that got its team.
    pub(crate) fn wait(&mut self, w: f64, width: f64) {
        self.started += 1;
        self.sum_wait += w;
        if w > 0.0 {
            self.wait_pos += 1;
            if let Some(h) = self.hist.get_mut(bin_of(w, width)) {
                *h += 1;
            }
        }
    }

    /// Record a situation of this class still waiting at the horizon after `w` months.
    pub(crate) fn censor(&mut self, w: f64, width: f64) {
        self.unstarted += 1;
        if let Some(h) = self.cens.get_mut(bin_of(w, width)) {
            *h += 1;
        }
    }

    pub(crate) fn merge(&mut self, o: &ClassAcc) {
        self.arrived += o.arrived;
        self.started += o.started;
        self.wait_pos += o.wait_pos;
        self.unstarted += o.unstarted;
        self.completed += o.completed;
        self.sum_wait += o.sum_wait;
        for (a, b) in self.hist.iter_mut().zip(&o.hist) {
            *a += *b;
        }
        for (a, b) in self.cens.iter_mut().zip(&o.cens) {
            *a += *b;
        }
        self.preemptions += o.preemptions;
        self.preempted += o.preempted;
        self.suspended_months += o.suspended_months;
        self.in_system += o.in_system;
    }
}

/// Figures of one priority class (one engagement kind); times in months, means over draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassResult {
    /// Engagement id.
    pub id: String,
    /// Its priority (higher is served first and pre-empts lower ones).
    pub priority: u32,
    /// Arrival rate per year (the share of the portfolio's long-run rate).
    pub rate_per_year: f64,
    /// Counted situations of the class (arrived after the warm-up), all draws.
    pub arrived: u64,
    /// Of those, how many got their first team before the horizon.
    pub started: u64,
    /// Of those, still waiting at the horizon (censored waits).
    pub unstarted: u64,
    /// Counted situations that finished all phases.
    pub completed: u64,
    /// P(wait > 0), Kaplan-Meier.
    pub p_wait: f64,
    /// P(wait > threshold), Kaplan-Meier.
    pub p_wait_over_threshold: f64,
    /// Mean wait of the situations that got a team.
    pub mean_wait: f64,
    /// Restricted mean wait (area under the Kaplan-Meier curve up to the horizon).
    pub mean_wait_restricted: f64,
    /// Median wait (a lower bound when `wait_beyond[0]`).
    pub wait_p50: f64,
    /// 90th percentile of the wait (a lower bound when `wait_beyond[1]`).
    pub wait_p90: f64,
    /// Whether P50 and P90 lie beyond what the curve covers.
    pub wait_beyond: [bool; 2],
    /// Kaplan-Meier survival of the class's wait for its first team.
    pub survival: WaitSurvival,
    /// Pre-emptions suffered, all draws.
    pub preemptions: u64,
    /// Share of started situations pre-empted at least once.
    pub share_preempted: f64,
    /// Extra delay from pre-emption: mean months suspended per started situation.
    pub mean_preempted_months: f64,
    /// Mean months suspended per pre-emption.
    pub months_per_preemption: f64,
    /// Time-average number of the class's situations in the office (waiting, suspended or
    /// served) after the warm-up.
    pub mean_in_system: f64,
}

impl ClassResult {
    /// Figures of class `a`, `draws` draws of `counted_months` each after the warm-up.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn of(
        a: &ClassAcc,
        width: f64,
        id: &str,
        priority: u32,
        rate_per_year: f64,
        draws: u64,
        counted_months: f64,
        threshold: f64,
    ) -> ClassResult {
        let ratio = |x: f64, y: f64| if y > 0.0 { x / y } else { f64::NAN };
        let zero = a.started.saturating_sub(a.wait_pos);
        let survival = WaitSurvival::estimate(width, zero, &a.hist, &a.cens);
        let q = |p: f64| survival.quantile(p);
        ClassResult {
            id: id.to_string(),
            priority,
            rate_per_year,
            arrived: a.arrived,
            started: a.started,
            unstarted: a.unstarted,
            completed: a.completed,
            p_wait: survival.at(0.0),
            p_wait_over_threshold: survival.at(threshold),
            mean_wait: ratio(a.sum_wait, a.started as f64),
            mean_wait_restricted: survival.restricted_mean(),
            wait_p50: q(0.5).unwrap_or(survival.span()),
            wait_p90: q(0.9).unwrap_or(survival.span()),
            wait_beyond: [q(0.5).is_none(), q(0.9).is_none()],
            preemptions: a.preemptions,
            share_preempted: ratio(a.preempted as f64, a.started as f64),
            mean_preempted_months: ratio(a.suspended_months, a.started as f64),
            months_per_preemption: ratio(a.suspended_months, a.preemptions as f64),
            mean_in_system: ratio(a.in_system, draws as f64 * counted_months),
            survival,
        }
    }
}

impl<R: Rng> State<'_, R> {
    /// Put `id` in the queue: after every situation of a higher or equal class that arrived no
    /// later (so the queue runs by class, then arrival). Returns its position.
    #[inline(never)]
    pub(super) fn enqueue(&mut self, id: usize) -> usize {
        let key = self.class_key(id);
        let pos = self.waiting.partition_point(|&w| self.class_key(w) <= key);
        self.waiting.insert(pos, id);
        pos
    }

    /// Queue order: higher priority first, then earlier arrival.
    pub(super) fn class_key(&self, id: usize) -> (std::cmp::Reverse<u32>, f64) {
        match self.sits.get(id) {
            Some(s) => (
                std::cmp::Reverse(self.m.priority.get(s.engagement).copied().unwrap_or(0)),
                s.arrival,
            ),
            None => (std::cmp::Reverse(0), f64::INFINITY),
        }
    }

    /// `id` (waiting at queue position `pos`) could not start: pre-empt lower-class phases if
    /// that lets it start, and start it. Returns whether it started.
    #[inline(never)]
    pub(super) fn preempt_for(&mut self, id: usize, pos: usize, acc: &mut Acc) -> bool {
        let m = self.m;
        let Some(sit) = self.sits.get(id) else {
            return false;
        };
        let prio = m.priority.get(sit.engagement).copied().unwrap_or(0);
        let Some(phase) = m
            .engagements
            .get(sit.engagement)
            .and_then(|e| e.get(sit.phase))
        else {
            return false;
        };
        // Candidates: lower classes, lowest first, the most recently started first.
        let mut victims: Vec<(u32, usize, usize)> = self
            .running
            .iter()
            .enumerate()
            .filter_map(|(k, &r)| {
                let p = self
                    .sits
                    .get(r)
                    .and_then(|s| m.priority.get(s.engagement).copied())?;
                (p < prio).then_some((p, usize::MAX - k, r))
            })
            .collect();
        if victims.is_empty() {
            return false;
        }
        victims.sort_unstable();
        let mut free: Vec<f64> = self
            .duty
            .iter()
            .zip(&self.used)
            .map(|(d, u)| (d - u).max(0.0))
            .collect();
        let mut n = 0;
        let mut fits = false;
        for &(_, _, v) in &victims {
            if let Some(s) = self.sits.get(v) {
                for &(sec, take, _) in &s.held {
                    if let Some(f) = free.get_mut(sec) {
                        *f += take;
                    }
                }
            }
            n += 1;
            if phase_fits(m, phase, &free) {
                fits = true;
                break;
            }
        }
        if !fits {
            return false;
        }
        for &(_, _, v) in victims.iter().take(n) {
            self.suspend(v, acc);
        }
        // Victims queue behind `id` (a lower class), so its position is unchanged.
        let pos = match self.waiting.get(pos) {
            Some(&w) if w == id => Some(pos),
            _ => self.waiting.iter().position(|&w| w == id),
        };
        let started = self.try_start(id, acc);
        if let (true, Some(p)) = (started, pos) {
            self.waiting.remove(p);
        }
        started
    }

    /// Pre-empt the phase `id` is running: its staff goes back, its remaining work is kept.
    fn suspend(&mut self, id: usize, acc: &mut Acc) {
        let m = self.m;
        let now = self.t;
        let Some(sit) = self.sits.get_mut(id) else {
            return;
        };
        let slows = m
            .engagements
            .get(sit.engagement)
            .and_then(|e| e.get(sit.phase))
            .is_some_and(|p| p.slows);
        for &(sec, take, _) in &sit.held {
            if let Some(u) = self.used.get_mut(sec) {
                *u = (*u - take).max(0.0);
            }
        }
        sit.held.clear();
        let left = if slows {
            sit.work - sit.rate * (now - sit.since)
        } else {
            sit.end - now
        };
        sit.remaining = Some(left.max(0.0));
        sit.running = false;
        sit.peak_on = false;
        // Its pending end and review peaks are now stale.
        sit.end_epoch = sit.end_epoch.wrapping_add(1);
        sit.run = sit.run.wrapping_add(1);
        sit.under_since.get_or_insert(now);
        sit.ever_under = true;
        let first_time = sit.suspended_since.is_none() && !sit.was_suspended;
        sit.suspended_since = Some(now);
        sit.was_suspended = true;
        let (counted, e) = (sit.counted, sit.engagement);
        if counted {
            if let Some(c) = acc.classes.get_mut(e) {
                c.preemptions += 1;
                if first_time {
                    c.preempted += 1;
                }
            }
        }
        self.running.retain(|&x| x != id);
        self.short.retain(|&x| x != id);
        self.enqueue(id);
    }
}

/// Whether `phase`'s minimum staffing can be assigned from `free` FTE per section (the same
/// allocation as `try_start`, on a copy).
fn phase_fits(
    m: &super::compiled::Model,
    phase: &super::compiled::PhaseSpec,
    free: &[f64],
) -> bool {
    let mut free = free.to_vec();
    for &(kind, fte) in phase.demand.iter().take(phase.n_base) {
        let mut rem = fte;
        for &(sec, eff) in m.servers.get(kind).map_or(&[][..], |v| v.as_slice()) {
            if rem <= EPS {
                break;
            }
            let Some(f) = free.get_mut(sec) else {
                continue;
            };
            let take = f.min(rem / eff);
            if take > EPS {
                *f -= take;
                rem -= take * eff;
            }
        }
        if rem > fte * (1.0 - phase.min_share) + EPS {
            return false;
        }
    }
    true
}
