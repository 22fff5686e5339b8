//! The genetic algorithm behind [`run`](super::run).
//!
//! Design (Hartmann 1998; Valls, Ballestín & Quintanilla 2005, 2008; Debels & Vanhoucke 2007):
//! * chromosome: a precedence-feasible activity list and a mode per activity, decoded by the
//!   serial SGS (which searches active schedules, a set holding an optimum);
//! * every decoded individual is improved by forward-backward justification (FBI), and its list
//!   is then replaced by the order of the justified schedule's starts ("justified list"), so
//!   the genes carry the improved schedule;
//! * initial population: the rule's own list in the default modes, then regret-based biased
//!   random samples on the rule (LFT), random modes repaired towards affordable ones;
//! * children: parents by binary tournament, peak crossover (the father's most loaded window,
//!   Valls et al. 2008) or two-point crossover (Hartmann 1998), then shift mutation and mode
//!   mutation; the best `pop` distinct individuals of parents and children survive;
//! * after `stall` generations without a better schedule, the population is rebuilt around the
//!   best individual (Valls et al.'s second phase) by shifts of its list;
//! * objective: the makespan, or, when the problem has deadlines (or `hard_deadlines`), the
//!   total weighted tardiness first and the makespan second (see [`better`]); with deadlines
//!   the second initial individual lists by the deadline-tightened latest finishes (`due.rs`);
//! * the search stops early once the lower bounds of both are reached (see `bound.rs`).
//!
//! Why: under a budget of passes only the quality per pass counts, and justification is the
//! cheapest large gain known (Valls et al. 2005); keeping the justified order as the genes lets
//! crossover recombine compact schedules rather than the lists that happened to produce them
//! (off: J30 0.17 % instead of 0.12 % at 5,000). Calibration on PSPLIB (`benches/psplib.rs`,
//! `--every 4` subsets and full sets, 5,000 schedules): the population wants about one
//! individual per `n` schedules of budget (J30 improves up to ~160, J120 degrades above ~50),
//! capped at one per 30 schedules (multi-mode J10 at 1,000: 3.46 % at 83, 1.6 % at 20–33);
//! children first among equal makespans helps J30 (0.09 -> 0.07 % at population 80); peak
//! versus two-point crossover, one versus three FBI rounds, the stall limit and the shift
//! probability made differences within the noise (about 0.02 % on J30, 0.2 % on a J120 subset).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::bound::{lower_bound, Bounds};
use super::modes::ModeSpace;
use super::operators::{hash, peak, shift, two_point, OpBuf};
use super::{SearchOptions, SearchResult};
use crate::error::{Error, Result};
use crate::schedule::justify::{better, justify};
use crate::schedule::problem::Problem;
use crate::schedule::rules::{list_from_keys, priority_values, sample_list, ListBuf, Rule};
use crate::schedule::sgs::{Schedule, Sgs};

/// Parameters of the genetic algorithm.
#[derive(Debug, Clone, PartialEq)]
pub struct GaParams {
    /// Population size.
    pub pop: usize,
    /// Forward-backward rounds per individual at most (two passes each).
    pub fbi_rounds: u64,
    /// Probability of a shift mutation of a child's list.
    pub p_shift: f64,
    /// Probability of a mode mutation of a child.
    pub p_mode: f64,
    /// Probability of peak crossover (else two-point).
    pub p_peak: f64,
    /// Generations without a better schedule before the population is rebuilt.
    pub stall: usize,
    /// Shifts applied to the best list to make a neighbour on a rebuild.
    pub restart_shifts: usize,
    /// Keep the justified schedule's start order as the individual's list.
    pub start_order: bool,
    /// Among equally good individuals, let children go before their parents.
    pub prefer_new: bool,
}

impl GaParams {
    /// Calibrated parameters for a budget of `max_schedules` on `n` activities: the
    /// population grows with the budget per activity (about one individual per `n` schedules),
    /// so that small projects get diversity and large ones get generations, but leaves room
    /// for about ten generations (one individual per 30 schedules at most).
    pub fn for_budget(n: usize, max_schedules: u64) -> GaParams {
        let per = (max_schedules / (n.max(1) as u64)).min(max_schedules / 30);
        GaParams {
            pop: per.clamp(16, 200) as usize,
            fbi_rounds: 1,
            p_shift: 0.6,
            p_mode: 0.3,
            p_peak: 0.5,
            stall: 8,
            restart_shifts: 8,
            start_order: true,
            prefer_new: true,
        }
    }
}

#[derive(Debug, Clone)]
struct Indiv {
    list: Vec<u32>,
    modes: Vec<u8>,
    start: Vec<f64>,
    key: (f64, f64),
    hash: u64,
}

struct Engine<'a> {
    p: &'a Problem,
    sgs: &'a mut Sgs,
    opts: &'a SearchOptions,
    params: &'a GaParams,
    rng: ChaCha8Rng,
    used: u64,
    cur: Schedule,
    best: Option<(Schedule, Vec<u32>)>,
    first_err: Option<Error>,
    lb: ListBuf,
    ops: OpBuf,
    space: ModeSpace,
    improved: bool,
    /// Lower bounds on the makespan and the weighted tardiness (stop once both are reached).
    lower: Bounds,
    /// Compare by weighted tardiness first (the problem has deadlines, or `hard_deadlines`).
    deadlines: bool,
    done: bool,
}

impl Engine<'_> {
    fn left(&self) -> u64 {
        if self.done {
            return 0;
        }
        self.opts.max_schedules.saturating_sub(self.used)
    }

    /// Decode, justify and keep the best; `None` when the budget is spent or the individual is
    /// infeasible.
    fn eval(&mut self, mut list: Vec<u32>, mut modes: Vec<u8>) -> Result<Option<Indiv>> {
        if self.left() == 0 {
            return Ok(None);
        }
        if self.space.any() {
            self.space.repair(self.p, &mut modes, &mut self.rng);
        }
        self.used += 1;
        match self.sgs.serial(self.p, &list, &modes, &mut self.cur) {
            Ok(()) => {}
            Err(e @ Error::InvalidArgument { .. }) => return Err(e),
            Err(e) => {
                self.first_err.get_or_insert(e);
                return Ok(None);
            }
        }
        if self.opts.justify {
            let budget = self.left().min(2 * self.params.fbi_rounds);
            self.used += justify(
                self.p,
                self.sgs,
                &mut self.cur,
                &mut list,
                budget,
                self.opts.hard_deadlines,
            )?;
        }
        let hard = self.opts.hard_deadlines;
        let improves = match &self.best {
            None => true,
            Some((b, _)) => better(self.p, &self.cur, b, hard),
        };
        let tardiness = if self.deadlines {
            self.cur.tardiness(self.p)
        } else {
            0.0
        };
        if improves {
            self.improved = true;
            let tol = crate::schedule::cpm::tolerance(self.cur.makespan);
            // at both bounds nothing better exists; a missed deadline that the critical path
            // could meet keeps the search going whatever the makespan
            let ttol = crate::schedule::cpm::tolerance(self.lower.tardiness);
            self.done = self.cur.makespan <= self.lower.makespan + tol
                && tardiness <= self.lower.tardiness + ttol;
            match &mut self.best {
                Some((b, l)) => {
                    b.clone_from(&self.cur);
                    l.clone_from(&list);
                }
                None => self.best = Some((self.cur.clone(), list.clone())),
            }
        }
        if self.params.start_order {
            list_from_keys(
                self.p,
                &self.cur.start,
                false,
                false,
                &mut self.lb,
                &mut list,
            );
        }
        let modes = std::mem::take(&mut self.cur.modes);
        let start = self.cur.start.clone();
        Ok(Some(Indiv {
            hash: hash(&list, &modes),
            key: (tardiness, self.cur.makespan),
            list,
            modes,
            start,
        }))
    }

    fn tournament(&mut self, n: usize) -> usize {
        let a = self.rng.random_range(0..n);
        let b = self.rng.random_range(0..n);
        a.min(b)
    }

    fn child(&mut self, pop: &[Indiv], m: usize, f: usize) -> (Vec<u32>, Vec<u8>) {
        let (mo, fa) = (&pop[m], &pop[f]);
        let n = mo.list.len();
        let mut list = Vec::with_capacity(n);
        let mut modes = Vec::with_capacity(n);
        if self.rng.random::<f64>() < self.params.p_peak {
            peak(
                self.p,
                (&mo.list, &mo.modes),
                (&fa.list, &fa.modes, &fa.start),
                &mut self.rng,
                &mut self.ops,
                &mut list,
                &mut modes,
            );
        } else {
            let mut q1 = self.rng.random_range(0..=n);
            let mut q2 = self.rng.random_range(0..=n);
            if q1 > q2 {
                std::mem::swap(&mut q1, &mut q2);
            }
            two_point(
                (&mo.list, &mo.modes),
                (&fa.list, &fa.modes),
                q1,
                q2,
                &mut self.ops,
                &mut list,
                &mut modes,
            );
        }
        if self.rng.random::<f64>() < self.params.p_shift {
            shift(self.p, &mut list, &mut self.rng, &mut self.ops);
        }
        if self.space.any() && self.rng.random::<f64>() < self.params.p_mode {
            self.space.mutate(&mut modes, &mut self.rng);
        }
        (list, modes)
    }
}

/// Keep the best `size` distinct individuals (stable: earlier first among equals).
fn survive(all: &mut Vec<Indiv>, size: usize) {
    all.sort_by(|a, b| {
        a.key
            .0
            .total_cmp(&b.key.0)
            .then(a.key.1.total_cmp(&b.key.1))
    });
    let mut kept: Vec<Indiv> = Vec::with_capacity(size);
    let mut rest = Vec::new();
    for ind in all.drain(..) {
        if kept.len() < size && !kept.iter().any(|k| k.hash == ind.hash) {
            kept.push(ind);
        } else {
            rest.push(ind);
        }
    }
    // fill up with duplicates only when too few distinct ones exist
    for ind in rest {
        if kept.len() >= size {
            break;
        }
        kept.push(ind);
    }
    *all = kept;
}

pub(super) fn run(
    p: &Problem,
    sgs: &mut Sgs,
    opts: &SearchOptions,
    params: &GaParams,
) -> Result<SearchResult> {
    let mut e = Engine {
        p,
        sgs,
        opts,
        params,
        rng: ChaCha8Rng::seed_from_u64(opts.seed),
        used: 0,
        cur: Schedule::new(),
        best: None,
        first_err: None,
        lb: ListBuf::default(),
        ops: OpBuf::default(),
        space: ModeSpace::new(p, opts.choose_modes),
        improved: false,
        lower: lower_bound(p, opts.choose_modes),
        deadlines: opts.hard_deadlines || p.has_deadlines(),
        done: false,
    };
    let size = params.pop.max(2);
    let rule = match opts.rule {
        Rule::Random | Rule::Rbrs => Rule::Lft,
        r => r,
    };
    let default_modes = p.default_modes();
    let mut values = Vec::new();
    let mut due = Vec::new();
    let mut pop: Vec<Indiv> = Vec::with_capacity(2 * size);
    // the rule's own list first, then biased samples
    let mut tries = 0;
    while pop.len() < size && e.left() > 0 && tries < 4 * size {
        let mut modes = default_modes.clone();
        if tries > 0 && e.space.any() {
            e.space.randomize(&mut modes, &mut e.rng);
            e.space.repair(p, &mut modes, &mut e.rng);
        }
        if tries == 0 || e.space.any() {
            priority_values(p, &modes, rule, &mut e.rng, &mut e.lb, &mut values)?;
        }
        let mut list = Vec::with_capacity(p.len());
        if tries == 0 {
            list_from_keys(p, &values, true, false, &mut e.lb, &mut list);
        } else if tries == 1 && e.deadlines {
            // the latest finishes that the deadlines allow, in the same modes
            super::due::due_values(p, &modes, &mut due)?;
            list_from_keys(p, &due, true, false, &mut e.lb, &mut list);
        } else {
            sample_list(p, &values, &mut e.rng, &mut e.lb, &mut list);
        }
        tries += 1;
        if let Some(ind) = e.eval(list, modes)? {
            pop.push(ind);
        }
    }
    if !pop.is_empty() {
        survive(&mut pop, size);
        evolve(&mut e, &mut pop, size)?;
    }
    let used = e.used;
    match e.best {
        Some((schedule, list)) => Ok(SearchResult {
            list,
            modes: schedule.modes.clone(),
            makespan: schedule.makespan,
            schedule,
            passes: used,
        }),
        None => Err(e.first_err.unwrap_or_else(|| Error::InvalidArgument {
            name: "max_schedules".into(),
            message: "no schedule was generated".into(),
        })),
    }
}

fn evolve(e: &mut Engine<'_>, pop: &mut Vec<Indiv>, size: usize) -> Result<()> {
    let mut stall = 0;
    while e.left() > 0 {
        e.improved = false;
        let n = pop.len();
        let mut children = Vec::with_capacity(size);
        let mut failures = 0;
        while children.len() < size && e.left() > 0 && failures < 4 * size {
            crate::interrupt::check()?;
            let m = e.tournament(n);
            let f = e.tournament(n);
            let (list, modes) = e.child(pop, m, f);
            match e.eval(list, modes)? {
                Some(c) => children.push(c),
                None => failures += 1,
            }
        }
        if children.is_empty() && failures > 0 {
            break;
        }
        if e.params.prefer_new {
            children.append(pop);
            std::mem::swap(pop, &mut children);
        } else {
            pop.append(&mut children);
        }
        survive(pop, size);
        stall = if e.improved { 0 } else { stall + 1 };
        if stall >= e.params.stall {
            stall = 0;
            restart(e, pop, size)?;
        }
    }
    Ok(())
}

/// Rebuild the population around the best individual: its neighbours by a few shifts.
fn restart(e: &mut Engine<'_>, pop: &mut Vec<Indiv>, size: usize) -> Result<()> {
    let Some(best) = pop.first().cloned() else {
        return Ok(());
    };
    let mut fresh = vec![best.clone()];
    let mut failures = 0;
    while fresh.len() < size && e.left() > 0 && failures < 4 * size {
        let mut list = best.list.clone();
        let mut modes = best.modes.clone();
        for _ in 0..e.params.restart_shifts.max(1) {
            shift(e.p, &mut list, &mut e.rng, &mut e.ops);
        }
        if e.space.any() && e.rng.random::<f64>() < e.params.p_mode {
            e.space.mutate(&mut modes, &mut e.rng);
        }
        match e.eval(list, modes)? {
            Some(c) => fresh.push(c),
            None => failures += 1,
        }
    }
    *pop = fresh;
    survive(pop, size);
    Ok(())
}
