//! Serial schedule generation scheme (SGS) over staff pools and funding sources, forward and
//! backward (for justification).
//!
//! Every link `i -> j` reads `S_j >= S_i + delta` (see [`Edge::delta`]), so an activity can be
//! placed once all its predecessors are: its *bound* is the latest of its release date and
//! `S_i + delta` over its predecessors. The serial SGS takes the activities in the order of a
//! precedence-feasible list and puts each at the earliest time `>= bound` at which every pool
//! has its staff free for the whole duration and the money is there (see [`Money::earliest`]);
//! each time a pool or a source pushes the start later, the push is recorded as a [`Jump`], so
//! the start minus the bound is the sum of the jumps of the activity.
//!
//! Work that has already started ([`Problem::pinned`], from progress records) is placed and
//! committed first at its actual start, whatever it takes from the pools and sources, and never
//! moved (see `Sgs::pin_forward`).
//!
//! Zero-duration activities (milestones) use no staff; a milestone with a cost commits it at its
//! start like any other activity.
//!
//! The [`Sgs`] workspace keeps every buffer between passes: a pass allocates nothing once the
//! buffers have grown to the problem's size.

use super::money::Money;
use super::problem::Problem;
use super::profile::Profile;
use super::rules::{list_from_keys, ListBuf};
pub use super::sgs_schedule::{Blocker, Draw, Jump, Schedule, Shortfall, Status};
use crate::error::{Error, Result};
use crate::network::Edge;

/// Reusable workspace of the schedule generation schemes.
#[derive(Debug, Clone, Default)]
pub struct Sgs {
    pub(crate) profiles: Vec<Profile>,
    pub(crate) money: Money,
    pub(crate) dur: Vec<f64>,
    pub(crate) pos: Vec<u32>,
    pub(crate) list: Vec<u32>,
    pub(crate) keys: Vec<f64>,
    pub(crate) buf: ListBuf,
    pub(crate) jbuf: super::justify::JustifyBuf,
    /// Passes run since creation (every forward or backward pass counts one).
    pub passes: u64,
}

impl Sgs {
    /// A new workspace.
    pub fn new() -> Sgs {
        Sgs::default()
    }

    /// Size the buffers and set the durations of the chosen modes.
    pub(crate) fn prepare(&mut self, p: &Problem, modes: &[u8]) -> Result<()> {
        p.check_modes(modes)?;
        self.dur.clear();
        self.dur.extend(
            modes
                .iter()
                .enumerate()
                .map(|(i, &m)| p.duration(p.mode_start(i) + m as usize)),
        );
        self.profiles.resize_with(p.pools().len(), Profile::new);
        Ok(())
    }

    pub(crate) fn reset_forward(&mut self, p: &Problem) {
        for (prof, pool) in self.profiles.iter_mut().zip(p.pools()) {
            prof.reset(&pool.steps);
        }
        self.money.reset(p.sources());
    }

    /// Serial SGS: place the activities of `list` (a precedence-feasible order of every
    /// activity) one by one at their earliest feasible start, in the given `modes`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `list` is not a precedence-feasible permutation or
    /// `modes` is not a valid mode vector; [`Error::Infeasible`] when an activity can never get
    /// its staff (capacity falls below the demand for good) or its money.
    pub fn serial(
        &mut self,
        p: &Problem,
        list: &[u32],
        modes: &[u8],
        out: &mut Schedule,
    ) -> Result<()> {
        self.prepare(p, modes)?;
        self.check_list(p, list)?;
        self.passes += 1;
        self.reset_forward(p);
        out.reset(p.len(), modes);
        self.pin_forward(p, modes, out);
        let net = p.network();
        let release = net.release();
        for &j in list {
            let ju = j as usize;
            // Indexing: every per-activity array has length n = p.len() (prepare/reset) and
            // the list holds indices < n (check_list).
            let dj = self.dur[ju];
            let mut bound = release[ju];
            let mut binding = u32::MAX;
            let mut held = false;
            for e in net.predecessors().edges(ju) {
                let i = e.node as usize;
                held |= out.status[i] != Status::Scheduled;
                let c = out.start[i] + Edge::delta(e.kind, e.lag, self.dur[i], dj);
                if c > bound {
                    bound = c;
                    binding = e.node;
                }
            }
            if held && p.pinned(ju).is_none() {
                // a predecessor never starts (money hold): neither does this
                out.bound[ju] = f64::INFINITY;
                out.binding[ju] = binding;
                out.hold(ju, Status::Held);
                continue;
            }
            let fm = p.mode_start(ju) + modes[ju] as usize;
            let t = match p.pinned(ju) {
                // already placed and committed by pin_forward
                Some(s) => s,
                None => {
                    let mut t = self.place(p, ju, fm, bound, true, &mut out.jumps)?;
                    if t == f64::INFINITY && self.mobilise(p, ju, fm, bound, out) {
                        // the money it lacks is mobilised from the month it is ready
                        t = self.place(p, ju, fm, bound, true, &mut out.jumps)?;
                    }
                    if t == f64::INFINITY {
                        if !p.hold_unfunded() {
                            let d = if p.spread(ju) { dj } else { 0.0 };
                            return Err(self.money_never(p, ju, fm, bound, d));
                        }
                        // its money never arrives: held (see `Problem::set_hold_unfunded`)
                        out.bound[ju] = bound;
                        out.binding[ju] = binding;
                        self.mark_unfunded(p, ju, fm, out);
                        continue;
                    }
                    self.commit(p, ju, fm, t, true, &mut out.draws);
                    t
                }
            };
            out.bound[ju] = bound;
            out.binding[ju] = binding;
            out.start[ju] = t;
            out.finish[ju] = t + dj;
        }
        out.finish_makespan();
        Ok(())
    }

    /// Right-justify `fwd`: a serial pass backwards in time (latest finish first, successors
    /// before predecessors) that puts each activity as late as its successors, the staff and
    /// the finish `fwd.makespan` allow. Money and release dates are not checked (the forward
    /// pass that follows enforces them); starts may fall before 0.
    ///
    /// # Errors
    /// As [`Sgs::serial`] for the modes; [`Error::Infeasible`] should not occur (capacity
    /// beyond the horizon is the pool's largest).
    pub fn backward(&mut self, p: &Problem, fwd: &Schedule, out: &mut Schedule) -> Result<()> {
        self.prepare(p, &fwd.modes)?;
        self.passes += 1;
        let horizon = fwd.makespan;
        for (prof, pool) in self.profiles.iter_mut().zip(p.pools()) {
            prof.reset_mirrored(&pool.steps, horizon, pool.capacity.max());
        }
        // latest finish first: key = -finish, over the successor graph
        self.keys.clear();
        self.keys.extend(fwd.finish.iter().map(|&f| -f));
        let mut list = std::mem::take(&mut self.list);
        list_from_keys(p, &self.keys, false, true, &mut self.buf, &mut list);
        out.reset(p.len(), &fwd.modes);
        // started work stays where it is: its mirrored staff is occupied first
        for j in 0..p.len() {
            if let Some(s) = p.pinned(j) {
                let dj = self.dur[j];
                let fm = p.mode_start(j) + fwd.modes[j] as usize;
                self.commit(p, j, fm, horizon - s - dj, false, &mut out.draws);
                out.start[j] = s;
                out.finish[j] = s + dj;
            }
        }
        let net = p.network();
        for &j in &list {
            let ju = j as usize;
            if p.pinned(ju).is_some() {
                continue;
            }
            let dj = self.dur[ju];
            let mut bound = 0.0f64;
            for e in net.successors().edges(ju) {
                let k = e.node as usize;
                // mirrored start m = horizon - finish; the link j -> k becomes
                // m_j >= m_k + d_k + delta(j -> k) - d_j
                let mk = horizon - out.finish[k];
                let dk = self.dur[k];
                bound = bound.max(mk + dk + Edge::delta(e.kind, e.lag, dj, dk) - dj);
            }
            let fm = p.mode_start(ju) + fwd.modes[ju] as usize;
            let m = self.place(p, ju, fm, bound, false, &mut out.jumps)?;
            self.commit(p, ju, fm, m, false, &mut out.draws);
            out.start[ju] = horizon - m - dj;
            out.finish[ju] = horizon - m;
        }
        self.list = list;
        // the span of the right-justified schedule
        out.makespan = out.finish.iter().copied().fold(0.0, f64::max)
            - out.start.iter().copied().fold(0.0, f64::min);
        Ok(())
    }

    /// Place and commit (staff and money, in order of actual start) every activity that has
    /// already started, at its actual start, before anything else. It is already happening:
    /// when that takes a pool over its capacity or a source below zero, that is reality and
    /// the later work waits; no other activity can go over.
    pub(crate) fn pin_forward(&mut self, p: &Problem, modes: &[u8], out: &mut Schedule) {
        if !p.has_pinned() {
            return;
        }
        let mut pins: Vec<(f64, usize)> = (0..p.len())
            .filter_map(|j| p.pinned(j).map(|s| (s, j)))
            .collect();
        pins.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (s, j) in pins {
            let fm = p.mode_start(j) + modes.get(j).copied().unwrap_or(0) as usize;
            self.commit(p, j, fm, s, true, &mut out.draws);
            if let (Some(st), Some(fi), Some(&d)) =
                (out.start.get_mut(j), out.finish.get_mut(j), self.dur.get(j))
            {
                *st = s;
                *fi = s + d;
            }
        }
    }

    /// Earliest start `>= bound` of activity `j` in flat mode `fm` given the staff (and, when
    /// `money`, the funding) already committed; records the pushes in `jumps`. `+inf` when
    /// the money never suffices and the problem holds unfunded work
    /// ([`Problem::set_hold_unfunded`]).
    pub(crate) fn place(
        &self,
        p: &Problem,
        j: usize,
        fm: usize,
        bound: f64,
        money: bool,
        jumps: &mut Vec<Jump>,
    ) -> Result<f64> {
        let d = p.duration(fm);
        let dem = p.demands(fm);
        let fixed = p.draws(fm);
        let fund = p.funding(j);
        let cost = p.cost(fm);
        let use_money = money && (!fixed.is_empty() || (cost > 0.0 && !fund.is_empty()));
        let spread_d = if p.spread(j) { d } else { 0.0 };
        let mut t = bound;
        // t only grows, each time to a breakpoint of a profile or a balance (or a bisected
        // point between two): bounded by the total number of breakpoints.
        let limit = 4
            + self
                .profiles
                .iter()
                .map(|q| q.breakpoints().0.len())
                .sum::<usize>()
            + if use_money { 2 * p.len() + 64 } else { 0 }
            + self.money_breakpoints();
        for _ in 0..limit {
            let mut moved = false;
            if d > 0.0 {
                for &(q, fte) in dem {
                    let prof = self.profiles.get(q as usize);
                    match prof.and_then(|pr| pr.earliest_fit(t, d, fte)) {
                        None => return Err(self.pool_never(p, j, q, fte, d, t)),
                        Some(t2) if t2 > t => {
                            jumps.push(Jump {
                                activity: j as u32,
                                by: Blocker::Pool(q),
                                months: t2 - t,
                            });
                            t = t2;
                            moved = true;
                        }
                        Some(_) => {}
                    }
                }
            }
            if use_money {
                match self.money.earliest(t, fixed, fund, cost, spread_d) {
                    None if p.hold_unfunded() || p.mobilisation(j).is_some() => {
                        return Ok(f64::INFINITY)
                    }
                    None => return Err(self.money_never(p, j, fm, t, spread_d)),
                    Some((t2, short)) if t2 > t => {
                        jumps.push(Jump {
                            activity: j as u32,
                            by: Blocker::Source(short.unwrap_or(0)),
                            months: t2 - t,
                        });
                        t = t2;
                        moved = true;
                    }
                    Some(_) => {}
                }
            }
            if !moved {
                return Ok(t);
            }
        }
        Err(Error::Infeasible {
            intervention: p.id(j).to_string(),
            resource: String::new(),
            shortfall: 0.0,
            message: format!(
                "no start found for `{}` after {limit} tries (staff and money never agree)",
                p.id(j)
            ),
        })
    }

    fn money_breakpoints(&self) -> usize {
        (0..self.money.len())
            .filter_map(|s| self.money.balance(s))
            .map(|b| b.breakpoints().0.len())
            .sum()
    }

    /// Occupy the staff and (when `money`) commit the money of `j` started at `t`.
    pub(crate) fn commit(
        &mut self,
        p: &Problem,
        j: usize,
        fm: usize,
        t: f64,
        money: bool,
        draws: &mut Vec<Draw>,
    ) {
        let d = p.duration(fm);
        for &(q, fte) in p.demands(fm) {
            if let Some(prof) = self.profiles.get_mut(q as usize) {
                prof.add(t, d, fte);
            }
        }
        if money {
            let over = if p.spread(j) { d } else { 0.0 };
            self.money.commit(
                t,
                p.draws(fm),
                p.funding(j),
                p.cost(fm),
                over,
                |source, amount| {
                    draws.push(Draw {
                        activity: j as u32,
                        source,
                        amount,
                        start: t,
                        over,
                    })
                },
            );
        }
    }
}
