//! One draw of the capacity simulation: a binary-heap event queue over posts, situations and
//! surge calls. Statistics go straight into the draw's accumulator (no per-event storage).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rand::Rng;
use rand_distr::{Distribution, Exp1, StandardUniform};

use super::des::{days_to_months, Model};
use super::stats::Acc;

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

/// A situation in the office (slot reused after it finishes).
#[derive(Default)]
pub(super) struct Sit {
    pub(super) arrival: f64,
    pub(super) engagement: usize,
    pub(super) phase: usize,
    /// First team in place at (NaN until then).
    pub(super) first: f64,
    pub(super) counted: bool,
    pub(super) live: bool,
    pub(super) running: bool,
    /// Demand met so far per demand entry of the current phase.
    pub(super) got: Vec<f64>,
    /// (section, FTE of that section, demand entry).
    pub(super) held: Vec<(usize, f64, usize)>,
    pub(super) under_since: Option<f64>,
    pub(super) under: f64,
    pub(super) ever_under: bool,
    /// Duration override for the first phase (in-progress situations).
    pub(super) remaining: Option<f64>,
    /// Phases started in this slot (peak events carry it; kept when the slot is reused).
    pub(super) run: u32,
    /// Times the current phase's end was scheduled (phase-end events carry it).
    pub(super) end_epoch: u32,
    /// In a review peak of the current phase.
    pub(super) peak_on: bool,
    /// Slowed phases: work left (months at full staff) at `since`, progressing at `rate`.
    pub(super) work: f64,
    pub(super) since: f64,
    pub(super) rate: f64,
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
}

/// The time bin the integration has reached and where it ends (months).
pub(super) struct BinCursor {
    bin: usize,
    end: f64,
}

impl BinCursor {
    pub(super) fn new(m: &Model) -> BinCursor {
        BinCursor { bin: 0, end: m.bin }
    }
}

/// Integrate busy and on-duty FTE per section and the queue of new situations from `from` to
/// `t` into the time bins (an interval inside the current bin costs one multiply-add per series).
#[allow(clippy::too_many_arguments)]
#[inline]
pub(super) fn integrate(
    m: &Model,
    acc: &mut Acc,
    used: &[f64],
    duty: &[f64],
    waiting_new: usize,
    mut from: f64,
    t: f64,
    cur: &mut BinCursor,
) {
    while from < t {
        let b = cur.bin;
        let last = b + 1 >= m.bins;
        let to = if last { t } else { t.min(cur.end) };
        let dt = to - from;
        let counted = (to - from.max(m.warmup)).max(0.0);
        for (k, (&u, &d)) in used.iter().zip(duty).enumerate() {
            let i = k * m.bins + b;
            acc.busy[i] += u * dt;
            acc.duty[i] += d * dt;
            if counted > 0.0 {
                acc.busy_total[k] += u * counted;
                acc.duty_total[k] += d * counted;
            }
        }
        acc.queue[b] += waiting_new as f64 * dt;
        if to < t {
            cur.bin = b + 1;
            cur.end = (cur.bin as f64 + 1.0) * m.bin;
        }
        from = to;
    }
}

/// Time of the next Poisson arrival after `from` (piecewise-constant rate by year), if any before
/// the horizon's last rate runs out.
#[inline]
pub(super) fn next_poisson_time<R: Rng>(m: &Model, rng: &mut R, from: f64) -> Option<f64> {
    if m.rate_by_year.is_empty() {
        // One rate throughout: the loop below in one step (same arithmetic).
        let rate = m.rate_after / 12.0;
        if from >= m.horizon || rate <= 0.0 {
            return None;
        }
        let x: f64 = Exp1.sample(rng);
        return Some(from + x / rate);
    }
    let mut t = from;
    while t < m.horizon {
        let year = (t / 12.0) as usize;
        let rate = m.rate_by_year.get(year).copied().unwrap_or(m.rate_after) / 12.0;
        let year_end = (year as f64 + 1.0) * 12.0;
        if rate <= 0.0 {
            if year >= m.rate_by_year.len() {
                return None; // no more Poisson arrivals
            }
            t = year_end;
            continue;
        }
        let x: f64 = Exp1.sample(rng);
        let next = t + x / rate;
        if next < year_end || year >= m.rate_by_year.len() {
            return Some(next);
        }
        t = year_end; // memoryless: restart at the year boundary with the next rate
    }
    None
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
        s.waiting.push(id);
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

    fn new_sit(&mut self, arrival: f64, engagement: usize, acc: &mut Acc) -> usize {
        acc.situations += 1;
        let counted = arrival >= self.m.warmup;
        let sit = Sit {
            arrival,
            engagement,
            first: f64::NAN,
            counted,
            live: true,
            ..Sit::default()
        };
        if counted {
            acc.arrived += 1;
            if let Some(y) = acc.arrived_year.get_mut((arrival / 12.0) as usize) {
                *y += 1.0;
            }
        }
        match self.free_slots.pop() {
            Some(i) => {
                if let Some(slot) = self.sits.get_mut(i) {
                    let (mut got, mut held) = (
                        std::mem::take(&mut slot.got),
                        std::mem::take(&mut slot.held),
                    );
                    got.clear();
                    held.clear();
                    let (run, end_epoch) = (slot.run, slot.end_epoch);
                    *slot = Sit {
                        got,
                        held,
                        run,
                        end_epoch,
                        ..sit
                    };
                }
                i
            }
            None => {
                self.sits.push(sit);
                self.sits.len() - 1
            }
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

    fn pick_engagement(&mut self) -> usize {
        let shares = &self.m.shares;
        if shares.len() <= 1 {
            return 0;
        }
        let total = shares.last().copied().unwrap_or(0.0);
        if total <= 0.0 {
            return 0;
        }
        let u: f64 = StandardUniform.sample(self.rng);
        let x = u * total;
        shares.iter().position(|&c| x < c).unwrap_or(0)
    }

    fn arrive(&mut self, engagement: usize, acc: &mut Acc) {
        let id = self.new_sit(self.t, engagement, acc);
        self.waiting.push(id);
        self.waiting_new += 1;
        // Nothing freed since the last dispatch, so only the newcomer may fit (first fit).
        if self.try_start(id, acc) {
            self.waiting.pop();
        }
        self.call_surge();
    }

    fn phase_end(&mut self, id: usize, acc: &mut Acc) {
        let m = self.m;
        let now = self.t;
        let Some(sit) = self.sits.get_mut(id) else {
            return;
        };
        for &(sec, take, _) in &sit.held {
            if let Some(u) = self.used.get_mut(sec) {
                *u = (*u - take).max(0.0);
            }
        }
        sit.held.clear();
        sit.running = false;
        sit.peak_on = false;
        sit.phase += 1;
        self.running.retain(|&x| x != id);
        self.short.retain(|&x| x != id);
        let phases = m.engagements.get(sit.engagement).map_or(0, Vec::len);
        if sit.phase < phases {
            sit.under_since.get_or_insert(now);
            let key = sit.arrival;
            let pos = self
                .waiting
                .partition_point(|&w| self.sits.get(w).is_some_and(|x| x.arrival <= key));
            self.waiting.insert(pos, id);
        } else {
            if let Some(since) = sit.under_since.take() {
                sit.under += now - since;
            }
            if sit.counted {
                acc.completed += 1;
                if let Some(y) = acc.completed_year.get_mut((now / 12.0) as usize) {
                    *y += 1.0;
                }
                Self::record_engaged(sit, now, acc);
            }
            sit.live = false;
            self.free_slots.push(id);
        }
        self.dispatch(acc);
    }

    fn record_engaged(sit: &Sit, end: f64, acc: &mut Acc) {
        if sit.first.is_nan() {
            return;
        }
        acc.under_months += sit.under;
        acc.engaged_months += (end - sit.first.max(0.0)).max(0.0);
        if sit.ever_under || sit.under > 0.0 {
            acc.ever_under += 1;
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
    fn call_surge(&mut self) {
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

    /// The horizon: censored waits and open under-staffed periods.
    fn close(&mut self, acc: &mut Acc) {
        let end = self.m.horizon;
        let threshold = self.m.threshold;
        for sit in &mut self.sits {
            if !sit.live || !sit.counted {
                continue;
            }
            if sit.first.is_nan() {
                acc.unstarted += 1;
                if end - sit.arrival > threshold {
                    acc.censored_gt += 1;
                }
                continue;
            }
            if let Some(since) = sit.under_since.take() {
                sit.under += end - since;
            }
            Self::record_engaged(sit, end, acc);
        }
    }
}
