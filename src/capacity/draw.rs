//! One draw of the capacity simulation: a binary-heap event queue over posts, situations and
//! surge calls. Statistics go straight into the draw's accumulator (no per-event storage).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rand::Rng;
use rand_distr::{Distribution, Exp1};

use super::compiled::{days_to_months, Model};
use super::situations::Sit;
use super::stats::Acc;
use super::timeline::{integrate, next_poisson_time, BinCursor};

pub(super) const EPS: f64 = 1e-9;

#[derive(Debug, Clone, Copy)]
pub(super) enum Ev {
    Poisson,
    Dated(usize),
    /// (situation, end epoch): stale when the end was moved since (slowed phases).
    PhaseEnd(usize, u32),
    /// (situation, phase run): stale when the phase has ended since.
    PeakStart(usize, u32),
    PeakEnd(usize, u32),
    PostOnDuty(usize),
    PostLeaves(usize),
    SurgeOnDuty(usize),
    SurgeEnds(usize),
}

struct Entry {
    pub(super) t: f64,
    pub(super) seq: u64,
    ev: Ev,
}

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    /// Reversed: the heap pops the earliest time, ties in scheduling order.
    fn cmp(&self, o: &Self) -> Ordering {
        o.t.total_cmp(&self.t).then(o.seq.cmp(&self.seq))
    }
}

pub(super) struct State<'m, R: Rng> {
    pub(super) m: &'m Model,
    pub(super) rng: &'m mut R,
    pub(super) t: f64,
    seq: u64,
    heap: BinaryHeap<Entry>,
    /// The next Poisson arrival (time, sequence number), kept out of the heap: one heap push and
    /// pop less per situation, same order (earliest time, ties in scheduling order).
    poisson: Option<(f64, u64)>,
    pub(super) duty: Vec<f64>,
    pub(super) used: Vec<f64>,
    pub(super) sits: Vec<Sit>,
    pub(super) free_slots: Vec<usize>,
    /// Situations waiting for a phase to start, in arrival order.
    pub(super) waiting: Vec<usize>,
    /// New situations among `waiting` (waiting for their first team).
    pub(super) waiting_new: usize,
    /// Running but short of their demand.
    pub(super) short: Vec<usize>,
    pub(super) running: Vec<usize>,
    pub(super) surge_calls: Vec<usize>,
    pub(super) scratch: Vec<f64>,
    /// (section, FTE of that section, demand entry, efficiency).
    pub(super) plan: Vec<(usize, f64, usize, f64)>,
    /// (engagement, phase) that failed to start in the current dispatch.
    failed: Vec<(usize, usize)>,
    /// Situations still short after a top-up (reused buffer).
    pub(super) still: Vec<usize>,
    /// Time bin of `t` and its end (months).
    bin: BinCursor,
    /// Situations in the office per engagement (counted for priority classes only).
    pub(super) live: Vec<usize>,
}

/// Simulate one draw into `acc`.
pub(crate) fn run_draw<R: Rng>(m: &Model, rng: &mut R, acc: &mut Acc) {
    let mut s = State {
        m,
        rng,
        t: 0.0,
        seq: 0,
        heap: BinaryHeap::new(),
        poisson: None,
        duty: vec![0.0; m.n_sections],
        used: vec![0.0; m.n_sections],
        sits: Vec::new(),
        free_slots: Vec::new(),
        waiting: Vec::new(),
        waiting_new: 0,
        short: Vec::new(),
        running: Vec::new(),
        surge_calls: vec![0; m.surges.len()],
        scratch: vec![0.0; m.n_sections],
        plan: Vec::new(),
        failed: Vec::new(),
        still: Vec::new(),
        bin: BinCursor::new(m),
        live: if m.classes {
            vec![0; m.engagements.len()]
        } else {
            Vec::new()
        },
    };
    acc.draws += 1;
    let approval = m
        .approval_months
        .as_ref()
        .map_or(0.0, |d| d.sample(s.rng).max(0.0));
    for (i, post) in m.posts.iter().enumerate() {
        if post.filled {
            s.duty[post.section] += 1.0;
            s.schedule_turnover(i);
        } else {
            let lag = approval + days_to_months(post.lag_days.sample(s.rng));
            s.push(lag, Ev::PostOnDuty(i));
        }
    }
    let n_in = m.in_progress.len();
    for (k, (e, p, rem)) in m.in_progress.iter().enumerate() {
        let remaining = rem.sample(s.rng).max(0.0);
        let id = s.new_sit(-((n_in - k) as f64), *e, acc);
        if let Some(sit) = s.sits.get_mut(id) {
            sit.phase = *p;
            sit.first = 0.0;
            sit.under_since = Some(0.0);
            sit.remaining = Some(remaining);
        }
        if m.classes {
            s.enqueue(id);
        } else {
            s.waiting.push(id);
        }
    }
    for (i, (at, _)) in m.dated.iter().enumerate() {
        if *at < m.horizon {
            s.push(*at, Ev::Dated(i));
        }
    }
    s.next_poisson(0.0);
    s.dispatch(acc);
    while let Some((t, ev)) = s.pop_next() {
        if t >= m.horizon {
            break;
        }
        s.advance(t, acc);
        s.handle(ev, acc);
    }
    s.advance(m.horizon, acc);
    s.close(acc);
}

impl<R: Rng> State<'_, R> {
    pub(super) fn push(&mut self, t: f64, ev: Ev) {
        self.seq += 1;
        self.heap.push(Entry {
            t,
            seq: self.seq,
            ev,
        });
    }

    /// The earliest pending event (ties in scheduling order).
    #[inline]
    fn pop_next(&mut self) -> Option<(f64, Ev)> {
        if let Some((tp, sp)) = self.poisson {
            let heap_first = self
                .heap
                .peek()
                .is_some_and(|e| e.t.total_cmp(&tp).then(e.seq.cmp(&sp)) == Ordering::Less);
            if !heap_first {
                self.poisson = None;
                return Some((tp, Ev::Poisson));
            }
        }
        self.heap.pop().map(|e| (e.t, e.ev))
    }

    fn schedule_turnover(&mut self, post: usize) {
        let rate = self.m.turnover_per_month;
        if rate > 0.0 {
            let x: f64 = Exp1.sample(self.rng);
            self.push(self.t + x / rate, Ev::PostLeaves(post));
        }
    }

    /// Schedule the next Poisson arrival after `from` (piecewise-constant rate by year).
    fn next_poisson(&mut self, from: f64) {
        if let Some(next) = next_poisson_time(self.m, self.rng, from) {
            self.seq += 1;
            self.poisson = Some((next, self.seq));
        }
    }

    fn advance(&mut self, t: f64, acc: &mut Acc) {
        integrate(
            self.m,
            acc,
            &self.used,
            &self.duty,
            self.waiting_new,
            self.t,
            t,
            &mut self.bin,
        );
        if !self.live.is_empty() {
            let counted = (t - self.t.max(self.m.warmup)).max(0.0);
            for (c, &n) in acc.classes.iter_mut().zip(&self.live) {
                c.in_system += n as f64 * counted;
            }
        }
        self.t = t;
    }

    fn handle(&mut self, ev: Ev, acc: &mut Acc) {
        match ev {
            Ev::Poisson => {
                let e = self.pick_engagement();
                self.arrive(e, acc);
                self.next_poisson(self.t);
            }
            Ev::Dated(i) => {
                let e = self.m.dated.get(i).map_or(0, |d| d.1);
                self.arrive(e, acc);
            }
            Ev::PhaseEnd(id, epoch) => {
                if self
                    .sits
                    .get(id)
                    .is_some_and(|s| s.running && s.end_epoch == epoch)
                {
                    self.phase_end(id, acc);
                }
            }
            Ev::PeakStart(id, run) => self.peak_start(id, run, acc),
            Ev::PeakEnd(id, run) => self.peak_end(id, run, acc),
            Ev::PostOnDuty(p) => {
                if let Some(spec) = self.m.posts.get(p) {
                    self.duty[spec.section] += 1.0;
                }
                self.schedule_turnover(p);
                self.dispatch(acc);
            }
            Ev::PostLeaves(p) => {
                if let Some(spec) = self.m.posts.get(p) {
                    let section = spec.section;
                    let lag = days_to_months(spec.relag_days.sample(self.rng));
                    self.push(self.t + lag, Ev::PostOnDuty(p));
                    self.duty[section] -= 1.0;
                    self.reclaim(section);
                    self.dispatch(acc);
                }
            }
            Ev::SurgeOnDuty(i) => {
                if let Some(spec) = self.m.surges.get(i) {
                    self.duty[spec.section] += spec.fte;
                    let end = self.t + spec.duration;
                    let on = (end.min(self.m.horizon) - self.t).max(0.0);
                    acc.surge_calls += 1.0;
                    acc.surge_fte_months += spec.fte * on;
                    acc.surge_cost_usd += spec.fte * on * spec.cost;
                    self.push(end, Ev::SurgeEnds(i));
                    self.dispatch(acc);
                }
            }
            Ev::SurgeEnds(i) => {
                if let Some(spec) = self.m.surges.get(i) {
                    self.duty[spec.section] -= spec.fte;
                    if let Some(c) = self.surge_calls.get_mut(i) {
                        *c = c.saturating_sub(1);
                    }
                    self.reclaim(spec.section);
                    self.dispatch(acc);
                }
            }
        }
    }

    /// Staff freed or added: top up short phases (oldest first), then start waiting phases.
    pub(super) fn dispatch(&mut self, acc: &mut Acc) {
        if !self.short.is_empty() {
            self.top_up();
        }
        let mut failed = std::mem::take(&mut self.failed);
        failed.clear();
        let mut i = 0;
        while i < self.waiting.len() {
            if self.duty.iter().zip(&self.used).all(|(d, u)| d - u <= EPS) {
                break;
            }
            let id = self.waiting.get(i).copied().unwrap_or(usize::MAX);
            let key = self.sits.get(id).map(|s| (s.engagement, s.phase));
            // Identical phases fail identically until capacity changes.
            if key.is_some_and(|k| failed.contains(&k)) {
                i += 1;
                continue;
            }
            if self.try_start(id, acc) {
                self.waiting.remove(i);
            } else {
                if let Some(k) = key {
                    failed.push(k);
                }
                i += 1;
            }
        }
        self.failed = failed;
        self.call_surge();
    }

    /// Call surge options whose trigger is reached.
    pub(super) fn call_surge(&mut self) {
        for (i, spec) in self.m.surges.iter().enumerate() {
            let Some(active) = self.surge_calls.get_mut(i) else {
                continue;
            };
            if self.waiting_new >= spec.trigger && *active < spec.max_active {
                *active += 1;
                let lag = days_to_months(spec.lag_days.sample(self.rng));
                self.seq += 1;
                self.heap.push(Entry {
                    t: self.t + lag,
                    seq: self.seq,
                    ev: Ev::SurgeOnDuty(i),
                });
            }
        }
    }
}
