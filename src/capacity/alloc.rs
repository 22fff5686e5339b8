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
        for (j, &(kind, fte)) in phase.demand.iter().enumerate() {
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
        if sit.first.is_nan() {
            sit.first = now;
            self.waiting_new = self.waiting_new.saturating_sub(1);
            if sit.counted {
                acc.wait(now - sit.arrival, m.threshold);
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
        self.push(now + duration, Ev::PhaseEnd(id));
        true
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
            for (j, &(kind, fte)) in phase.demand.iter().enumerate() {
                let mut rem = fte - sit.got.get(j).copied().unwrap_or(0.0);
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
                still.push(id);
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
            }
        }
    }
}
