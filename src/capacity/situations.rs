//! Situations in one draw of the capacity simulation: arrival (into a free slot), the end of a
//! phase, and what a situation adds to the draw's statistics when it finishes or the horizon comes.

use rand::Rng;
use rand_distr::{Distribution, StandardUniform};

use super::draw::State;
use super::stats::Acc;

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
    /// Scheduled end of the current phase (fixed-duration phases).
    pub(super) end: f64,
    /// Pre-empted at (while suspended).
    pub(super) suspended_since: Option<f64>,
    /// Pre-empted at least once.
    pub(super) was_suspended: bool,
}

impl<R: Rng> State<'_, R> {
    pub(super) fn new_sit(&mut self, arrival: f64, engagement: usize, acc: &mut Acc) -> usize {
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
        if self.m.classes {
            if let (true, Some(c)) = (counted, acc.classes.get_mut(engagement)) {
                c.arrived += 1;
            }
            if let Some(n) = self.live.get_mut(engagement) {
                *n += 1;
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

    pub(super) fn pick_engagement(&mut self) -> usize {
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

    pub(super) fn arrive(&mut self, engagement: usize, acc: &mut Acc) {
        let id = self.new_sit(self.t, engagement, acc);
        if self.m.classes {
            self.arrive_in_class(id, acc);
            return;
        }
        self.waiting.push(id);
        self.waiting_new += 1;
        // Nothing freed since the last dispatch, so only the newcomer may fit (first fit).
        if self.try_start(id, acc) {
            self.waiting.pop();
        }
        self.call_surge();
    }

    /// Arrival with priority classes: queue by class, start or pre-empt.
    #[inline(never)]
    fn arrive_in_class(&mut self, id: usize, acc: &mut Acc) {
        let pos = self.enqueue(id);
        self.waiting_new += 1;
        // Pre-empt only when nobody of its class or higher waits (they are served first).
        if self.try_start(id, acc) {
            self.waiting.remove(pos);
        } else if pos == 0 {
            self.preempt_for(id, pos, acc);
        }
        self.call_surge();
    }

    pub(super) fn phase_end(&mut self, id: usize, acc: &mut Acc) {
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
            if m.classes {
                self.enqueue(id);
            } else {
                let key = sit.arrival;
                let pos = self
                    .waiting
                    .partition_point(|&w| self.sits.get(w).is_some_and(|x| x.arrival <= key));
                self.waiting.insert(pos, id);
            }
        } else {
            if let Some(since) = sit.under_since.take() {
                sit.under += now - since;
            }
            if sit.counted {
                acc.completed += 1;
                if let Some(y) = acc.completed_year.get_mut((now / 12.0) as usize) {
                    *y += 1.0;
                }
                if let Some(c) = acc.classes.get_mut(sit.engagement) {
                    c.completed += 1;
                }
                Self::record_engaged(sit, now, acc);
            }
            if let Some(n) = self.live.get_mut(sit.engagement) {
                *n = n.saturating_sub(1);
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

    /// The horizon: censored waits and open under-staffed periods.
    pub(super) fn close(&mut self, acc: &mut Acc) {
        let end = self.m.horizon;
        for sit in &mut self.sits {
            if !sit.live || !sit.counted {
                continue;
            }
            if sit.first.is_nan() {
                acc.censor(end - sit.arrival);
                if let Some(c) = acc.classes.get_mut(sit.engagement) {
                    c.censor(end - sit.arrival, acc.width);
                }
                continue;
            }
            if let Some(since) = sit.suspended_since.take() {
                if let Some(c) = acc.classes.get_mut(sit.engagement) {
                    c.suspended_months += end - since;
                }
            }
            if let Some(since) = sit.under_since.take() {
                sit.under += end - since;
            }
            Self::record_engaged(sit, end, acc);
        }
    }
}
