//! Assigning staff to phases: starting a phase, topping up short ones, taking staff back.

use rand::Rng;

use super::draw::{Ev, State, EPS};
use super::stats::Acc;

impl<R: Rng> State<'_, R> {
    /// Start the current phase of `id` if its minimum staffing can be assigned.
    pub(super) fn try_start(&mut self, id: usize, acc: &mut Acc) -> bool {
        let m = self.m;
        let Some(sit) = self.sits.get(id) else {
            return false;
        };
        let Some(phase) = m
            .engagements
            .get(sit.engagement)
            .and_then(|e| e.get(sit.phase))
        else {
            return false;
        };
        self.scratch.clear();
        self.scratch.extend(
            self.duty
                .iter()
                .zip(&self.used)
                .map(|(d, u)| (d - u).max(0.0)),
        );
        self.plan.clear();
        let mut full = true;
        for (j, &(kind, fte)) in phase.demand.iter().enumerate().take(phase.n_base) {
            let mut rem = fte;
            for &(sec, eff) in m.servers.get(kind).map_or(&[][..], |v| v.as_slice()) {
                if rem <= EPS {
                    break;
                }
                let Some(free) = self.scratch.get_mut(sec) else {
                    continue;
                };
                let take = free.min(rem / eff);
                if take > EPS {
                    *free -= take;
                    rem -= take * eff;
                    self.plan.push((sec, take, j, eff));
                }
            }
            if rem > fte * (1.0 - phase.min_share) + EPS {
                return false;
            }
            if rem > EPS {
                full = false;
            }
        }
        // Commit.
        let now = self.t;
        let duration = match self.sits.get_mut(id).and_then(|s| s.remaining.take()) {
            Some(d) => d,
            None => phase.duration.sample(self.rng).max(0.0),
        };
        let Some(sit) = self.sits.get_mut(id) else {
            return false;
        };
        sit.got.clear();
        sit.got.resize(phase.demand.len(), 0.0);
        for &(sec, take, j, eff) in &self.plan {
            if let Some(u) = self.used.get_mut(sec) {
                *u += take;
            }
            if let Some(g) = sit.got.get_mut(j) {
                *g += take * eff;
            }
            sit.held.push((sec, take, j));
        }
        sit.running = true;
        sit.run = sit.run.wrapping_add(1);
        sit.peak_on = false;
        let run = sit.run;
        if m.classes {
            if let Some(since) = sit.suspended_since.take() {
                if let (true, Some(c)) = (sit.counted, acc.classes.get_mut(sit.engagement)) {
                    c.suspended_months += now - since;
                }
            }
        }
        if sit.first.is_nan() {
            sit.first = now;
            self.waiting_new = self.waiting_new.saturating_sub(1);
            if sit.counted {
                acc.wait(now - sit.arrival);
                if m.classes {
                    let width = acc.width;
                    if let Some(c) = acc.classes.get_mut(sit.engagement) {
                        c.wait(now - sit.arrival, width);
                    }
                }
                if let Some(y) = acc.started_year.get_mut((now / 12.0) as usize) {
                    *y += 1.0;
                }
            }
        }
        if full {
            if let Some(since) = sit.under_since.take() {
                sit.under += now - since;
            }
        } else {
            sit.under_since.get_or_insert(now);
            sit.ever_under = true;
            self.short.push(id);
        }
        self.running.push(id);
        if phase.slows {
            if let Some(sit) = self.sits.get_mut(id) {
                sit.work = duration;
                sit.since = now;
                sit.rate = 0.0;
            }
            self.reschedule(id);
        } else if let Some(sit) = self.sits.get_mut(id) {
            sit.end_epoch = sit.end_epoch.wrapping_add(1);
            if m.classes {
                sit.end = now + duration;
            }
            let epoch = sit.end_epoch;
            self.push(now + duration, Ev::PhaseEnd(id, epoch));
        }
        if let Some(pk) = &phase.peaks {
            self.push(now + pk.every - pk.duration, Ev::PeakStart(id, run));
        }
        true
    }

    /// A slowed phase's staffing changed: progress so far at the old rate, then move its end
    /// to when the work left is done at the new rate (no end while nobody works on it).
    pub(super) fn reschedule(&mut self, id: usize) {
        let m = self.m;
        let now = self.t;
        let Some(sit) = self.sits.get_mut(id) else {
            return;
        };
        let Some(phase) = m
            .engagements
            .get(sit.engagement)
            .and_then(|e| e.get(sit.phase))
        else {
            return;
        };
        if !phase.slows || !sit.running {
            return;
        }
        sit.work = (sit.work - sit.rate * (now - sit.since)).max(0.0);
        sit.since = now;
        let (mut need, mut got) = (0.0, 0.0);
        for (j, &(_, fte)) in phase.demand.iter().enumerate().take(phase.n_base) {
            need += fte;
            got += sit.got.get(j).copied().unwrap_or(0.0).min(fte);
        }
        sit.rate = if need > 0.0 {
            (got / need).min(1.0)
        } else {
            1.0
        };
        sit.end_epoch = sit.end_epoch.wrapping_add(1);
        let epoch = sit.end_epoch;
        if sit.rate > EPS {
            let end = now + sit.work / sit.rate;
            self.push(end, Ev::PhaseEnd(id, epoch));
        }
    }

    /// A review peak of `id`'s current phase begins: ask for its extra staff (like a top-up).
    pub(super) fn peak_start(&mut self, id: usize, run: u32, acc: &mut Acc) {
        let Some(sit) = self.sits.get_mut(id) else {
            return;
        };
        if !sit.running || sit.run != run {
            return;
        }
        let Some(pk) = self
            .m
            .engagements
            .get(sit.engagement)
            .and_then(|e| e.get(sit.phase))
            .and_then(|p| p.peaks.as_ref())
        else {
            return;
        };
        sit.peak_on = true;
        let end = self.t + pk.duration;
        if !self.short.contains(&id) {
            self.short.push(id);
        }
        self.push(end, Ev::PeakEnd(id, run));
        self.dispatch(acc);
    }

    /// A review peak ends: its extra staff goes back; the next peak is scheduled.
    pub(super) fn peak_end(&mut self, id: usize, run: u32, acc: &mut Acc) {
        let m = self.m;
        let now = self.t;
        let Some(sit) = self.sits.get_mut(id) else {
            return;
        };
        if !sit.running || sit.run != run {
            return;
        }
        let Some(phase) = m
            .engagements
            .get(sit.engagement)
            .and_then(|e| e.get(sit.phase))
        else {
            return;
        };
        let Some(pk) = &phase.peaks else {
            return;
        };
        sit.peak_on = false;
        for &(sec, take, j) in &sit.held {
            if j >= phase.n_base {
                if let Some(u) = self.used.get_mut(sec) {
                    *u = (*u - take).max(0.0);
                }
            }
        }
        sit.held.retain(|h| h.2 < phase.n_base);
        for g in sit.got.iter_mut().skip(phase.n_base) {
            *g = 0.0;
        }
        let full = phase
            .demand
            .iter()
            .take(phase.n_base)
            .zip(&sit.got)
            .all(|(&(_, fte), &g)| g >= fte - EPS);
        if full {
            if let Some(since) = sit.under_since.take() {
                sit.under += now - since;
            }
            self.short.retain(|&x| x != id);
        }
        self.push(now + pk.every - pk.duration, Ev::PeakStart(id, run));
        self.dispatch(acc);
    }

    pub(super) fn top_up(&mut self) {
        let m = self.m;
        let mut short = std::mem::take(&mut self.short);
        short.sort_by(|a, b| {
            let key = |i: &usize| self.sits.get(*i).map_or(f64::INFINITY, |s| s.arrival);
            key(a).total_cmp(&key(b))
        });
        let now = self.t;
        let mut still = std::mem::take(&mut self.still);
        still.clear();
        for &id in &short {
            let Some(sit) = self.sits.get_mut(id) else {
                continue;
            };
            let Some(phase) = m
                .engagements
                .get(sit.engagement)
                .and_then(|e| e.get(sit.phase))
            else {
                continue;
            };
            let mut full = true;
            let mut base_changed = false;
            for (j, &(kind, fte)) in phase.demand.iter().enumerate() {
                let need = if j < phase.n_base || sit.peak_on {
                    fte
                } else {
                    0.0
                };
                let mut rem = need - sit.got.get(j).copied().unwrap_or(0.0);
                for &(sec, eff) in m.servers.get(kind).map_or(&[][..], |v| v.as_slice()) {
                    if rem <= EPS {
                        break;
                    }
                    let free = self.duty.get(sec).copied().unwrap_or(0.0)
                        - self.used.get(sec).copied().unwrap_or(0.0);
                    let take = free.min(rem / eff);
                    if take > EPS {
                        if let Some(u) = self.used.get_mut(sec) {
                            *u += take;
                        }
                        rem -= take * eff;
                        if let Some(g) = sit.got.get_mut(j) {
                            *g += take * eff;
                        }
                        sit.held.push((sec, take, j));
                        base_changed |= j < phase.n_base;
                    }
                }
                if rem > EPS {
                    full = false;
                }
            }
            if full {
                if let Some(since) = sit.under_since.take() {
                    sit.under += now - since;
                }
            } else {
                // (already set for phases short since they started; set for review peaks)
                sit.under_since.get_or_insert(now);
                sit.ever_under = true;
                still.push(id);
            }
            if base_changed && phase.slows {
                self.reschedule(id);
            }
        }
        self.still = short;
        self.short = still;
    }

    /// Section `sec` lost staff: take it back from the newest running situations.
    pub(super) fn reclaim(&mut self, sec: usize) {
        let m = self.m;
        let mut excess =
            self.used.get(sec).copied().unwrap_or(0.0) - self.duty.get(sec).copied().unwrap_or(0.0);
        if excess <= EPS {
            return;
        }
        let mut order = self.running.clone();
        order.sort_by(|a, b| {
            let key = |i: &usize| self.sits.get(*i).map_or(0.0, |s| s.arrival);
            key(b).total_cmp(&key(a))
        });
        let now = self.t;
        for id in order {
            if excess <= EPS {
                break;
            }
            let Some(sit) = self.sits.get_mut(id) else {
                continue;
            };
            let Some(phase) = m
                .engagements
                .get(sit.engagement)
                .and_then(|e| e.get(sit.phase))
            else {
                continue;
            };
            let mut lost = false;
            for h in sit.held.iter_mut().filter(|h| h.0 == sec) {
                let give = h.1.min(excess);
                if give <= EPS {
                    continue;
                }
                h.1 -= give;
                excess -= give;
                let eff = phase
                    .demand
                    .get(h.2)
                    .and_then(|(k, _)| m.servers.get(*k))
                    .and_then(|v| v.iter().find(|(s, _)| *s == sec))
                    .map_or(1.0, |x| x.1);
                if let Some(g) = sit.got.get_mut(h.2) {
                    *g -= give * eff;
                }
                if let Some(u) = self.used.get_mut(sec) {
                    *u -= give;
                }
                lost = true;
            }
            if lost {
                sit.held.retain(|h| h.1 > EPS);
                sit.under_since.get_or_insert(now);
                sit.ever_under = true;
                if !self.short.contains(&id) {
                    self.short.push(id);
                }
                self.reschedule(id);
            }
        }
    }
}
