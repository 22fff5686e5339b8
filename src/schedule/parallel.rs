//! Parallel schedule generation scheme: time advances from one decision point to the next
//! (finishes, capacity changes, inflows, release and precedence bounds); at each point the
//! eligible activities (every predecessor started, bound reached) start in priority order when
//! their staff is free for their whole duration and the money is there. It makes non-delay
//! schedules, the honest simulation of an office that dispatches work as time runs.
//!
//! With generalised links an activity becomes eligible only once all its predecessors have
//! started, so a negative lag (lead) cannot make it start before the last of them: the parallel
//! scheme then starts it at that decision point and records the link as the cause.

use super::problem::Problem;
use super::sgs::{Blocker, Jump, Schedule, Sgs, Status};
use crate::error::{Error, Result};
use crate::network::Edge;

impl Sgs {
    /// Parallel SGS in `modes` with `priority` values per activity (lower = first; higher
    /// situation priority always first, ties by index).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a `priority` of the wrong length or invalid `modes`;
    /// [`Error::Infeasible`] when an eligible activity can never get its staff or money.
    pub fn parallel(
        &mut self,
        p: &Problem,
        priority: &[f64],
        modes: &[u8],
        out: &mut Schedule,
    ) -> Result<()> {
        let n = p.len();
        if priority.len() != n {
            return Err(Error::InvalidArgument {
                name: "priority".into(),
                message: format!("expected {n} priority values, got {}", priority.len()),
            });
        }
        self.prepare(p, modes)?;
        self.passes += 1;
        self.reset_forward(p);
        out.reset(n, modes);
        let net = p.network();
        let mut indeg = std::mem::take(&mut self.pos);
        let mut elig = std::mem::take(&mut self.list);
        let mut block: Vec<Option<Blocker>> = vec![None; n];
        indeg.clear();
        indeg.extend((0..n).map(|j| net.predecessors().degree(j) as u32));
        elig.clear();
        // started work first, at its actual start (see `Sgs::pin_forward`); it is never
        // eligible, and its successors wait for their other predecessors as usual
        self.pin_forward(p, modes, out);
        let mut placed = 0;
        for j in 0..n {
            if p.pinned(j).is_some() {
                placed += 1;
                out.bound[j] = out.start[j];
                for e in net.successors().edges(j) {
                    indeg[e.node as usize] -= 1;
                }
            }
        }
        for (j, &d) in indeg.iter().enumerate() {
            if d == 0 && p.pinned(j).is_none() {
                elig.push(j as u32);
                // Indexing: per-activity arrays have length n (reset/prepare).
                let dj = self.dur[j];
                let (mut b, mut by) = (net.release()[j], u32::MAX);
                for pe in net.predecessors().edges(j) {
                    let i = pe.node as usize;
                    let c = out.start[i] + Edge::delta(pe.kind, pe.lag, self.dur[i], dj);
                    if c > b {
                        (b, by) = (c, pe.node);
                    }
                }
                out.bound[j] = b;
                out.binding[j] = by;
            }
        }
        let events: usize = self
            .profiles
            .iter()
            .map(|q| q.breakpoints().0.len())
            .sum::<usize>()
            + p.sources().iter().map(|s| s.inflows.len()).sum::<usize>()
            + 4 * n
            + 4;
        let limit = (n + 1) * (events + n + 2);
        let use_sit = p.has_priorities();
        let mut t = 0.0f64;
        let mut result = Ok(());
        for _ in 0..limit {
            if placed == n {
                break;
            }
            let key = |j: u32| {
                let s = if use_sit {
                    -p.situation_priority(j as usize)
                } else {
                    0.0
                };
                (s, priority[j as usize], j)
            };
            elig.sort_by(|&a, &b| {
                let (ka, kb) = (key(a), key(b));
                ka.0.total_cmp(&kb.0)
                    .then(ka.1.total_cmp(&kb.1))
                    .then(ka.2.cmp(&kb.2))
            });
            let mut started = None;
            for (k, &j) in elig.iter().enumerate() {
                let ju = j as usize;
                if out.bound[ju] > t {
                    continue;
                }
                let fm = p.mode_start(ju) + modes[ju] as usize;
                let d = p.duration(fm);
                let mut blocker = p.demands(fm).iter().find_map(|&(q, fte)| {
                    let ok = self
                        .profiles
                        .get(q as usize)
                        .is_some_and(|pr| pr.fits_at(t, d, fte));
                    (!ok).then_some(Blocker::Pool(q))
                });
                if blocker.is_none() {
                    let over = if p.spread(ju) { d } else { 0.0 };
                    let (fixed, fund, cost) = (p.draws(fm), p.funding(ju), p.cost(fm));
                    blocker = self
                        .money
                        .short_at(t, fixed, fund, cost, over)
                        .map(Blocker::Source);
                    if blocker.is_some()
                        && p.mobilisation(ju).is_some()
                        && self.never_covered(p, ju, fm)
                    {
                        // its pledges never suffice: mobilise from now (it waits for it)
                        self.mobilise(p, ju, fm, t, out);
                    }
                }
                block[ju] = blocker;
                if blocker.is_none() {
                    started = Some((k, ju, fm, d));
                    break;
                }
            }
            if let Some((k, ju, fm, d)) = started {
                elig.remove(k);
                self.commit(p, ju, fm, t, true, &mut out.draws);
                out.start[ju] = t;
                out.finish[ju] = t + d;
                placed += 1;
                for e in net.successors().edges(ju) {
                    let v = e.node as usize;
                    indeg[v] -= 1;
                    if indeg[v] == 0 && p.pinned(v).is_none() && out.status[v] == Status::Scheduled
                    {
                        let dv = self.dur[v];
                        let (mut b, mut by) = (net.release()[v], u32::MAX);
                        for pe in net.predecessors().edges(v) {
                            let i = pe.node as usize;
                            let c = out.start[i] + Edge::delta(pe.kind, pe.lag, self.dur[i], dv);
                            if c > b {
                                (b, by) = (c, pe.node);
                            }
                        }
                        if b < t {
                            (b, by) = (t, ju as u32);
                        }
                        out.bound[v] = b;
                        out.binding[v] = by;
                        elig.push(e.node);
                    }
                }
                continue;
            }
            // advance to the next decision point
            let mut next = f64::INFINITY;
            for &j in &elig {
                let b = out.bound[j as usize];
                if b > t {
                    next = next.min(b);
                }
            }
            for prof in &self.profiles {
                next = next.min(prof.next_after(t));
            }
            for s in 0..self.money.len() {
                if let Some(b) = self.money.balance(s) {
                    next = next.min(b.next_after(t));
                }
            }
            if !next.is_finite() {
                // nothing will ever change again: eligible work short of money is unfunded
                // (with a money hold), anything else can never start
                if p.hold_unfunded() {
                    let before = placed;
                    placed += self.hold_money_short(p, &mut elig, &block, modes, out, t);
                    if placed > before {
                        continue;
                    }
                }
                result = Err(self.stuck(p, &elig, modes, out, t));
                break;
            }
            for &j in &elig {
                let ju = j as usize;
                if out.bound[ju] <= t {
                    if let Some(by) = block[ju] {
                        out.jumps.push(Jump {
                            activity: j,
                            by,
                            months: next - t,
                        });
                    }
                }
            }
            t = next;
        }
        if result.is_ok() && placed < n {
            result = Err(Error::Infeasible {
                intervention: String::new(),
                resource: String::new(),
                shortfall: 0.0,
                message: format!("the parallel scheme stopped after {limit} decision points"),
            });
        }
        self.pos = indeg;
        self.list = elig;
        result?;
        out.finish_makespan();
        Ok(())
    }

    /// With a money hold, when nothing will change again after `t`: mark the eligible
    /// activities held back by money unfunded, hold every activity after them, take them out
    /// of `elig`; the number of activities so marked.
    fn hold_money_short(
        &self,
        p: &Problem,
        elig: &mut Vec<u32>,
        block: &[Option<Blocker>],
        modes: &[u8],
        out: &mut Schedule,
        t: f64,
    ) -> usize {
        let mut marked = 0;
        let mut stack: Vec<usize> = Vec::new();
        elig.retain(|&j| {
            let ju = j as usize;
            let short = out.bound.get(ju).is_some_and(|&b| b <= t)
                && matches!(block.get(ju), Some(Some(Blocker::Source(_))));
            if short {
                let fm = p.mode_start(ju) + modes.get(ju).copied().unwrap_or(0) as usize;
                self.mark_unfunded(p, ju, fm, out);
                marked += 1;
                stack.push(ju);
            }
            !short
        });
        let net = p.network();
        while let Some(j) = stack.pop() {
            for e in net.successors().edges(j) {
                let v = e.node as usize;
                if out.status.get(v) == Some(&Status::Scheduled)
                    && out.start.get(v).is_some_and(|s| s.is_nan())
                {
                    out.hold(v, Status::Held);
                    marked += 1;
                    stack.push(v);
                }
            }
        }
        // a held activity may already have been eligible (a lead from another predecessor)
        elig.retain(|&j| out.status.get(j as usize) == Some(&Status::Scheduled));
        marked
    }

    /// The error for eligible activities that nothing will ever let start.
    fn stuck(&self, p: &Problem, elig: &[u32], modes: &[u8], out: &Schedule, t: f64) -> Error {
        let mut scratch = Vec::new();
        for &j in elig {
            let ju = j as usize;
            let fm = p.mode_start(ju) + modes.get(ju).copied().unwrap_or(0) as usize;
            let bound = out.bound.get(ju).copied().unwrap_or(t).max(t);
            if let Err(e) = self.place(p, ju, fm, bound, true, &mut scratch) {
                return e;
            }
        }
        let id = elig.first().map_or("", |&j| p.id(j as usize));
        Error::Infeasible {
            intervention: id.to_string(),
            resource: String::new(),
            shortfall: 0.0,
            message: format!("`{id}` can never start after month {t}"),
        }
    }
}
