//! Search over activity lists and modes under a budget of generated schedules.
//!
//! This is the placeholder search behind `Method::Search`: regret-based biased random sampling
//! (on the rule's values, LFT for `random`/`rbrs`) decoded by the serial SGS, each sample
//! improved by forward-backward justification, the best kept. The first sample is the rule's
//! own list in the default modes; later samples draw a random possible mode for every activity
//! whose mode is not fixed. Every SGS pass counts against `max_schedules`. A genetic algorithm
//! can replace [`run`] with the same signature.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::justify::{better, justify};
use super::problem::Problem;
use super::rules::{list_from_keys, priority_values, sample_list, ListBuf, Rule};
use super::sgs::{Schedule, Sgs};
use crate::error::{Error, Result};

/// Options of [`run`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    /// Budget of generated schedules (every forward or backward pass counts one); > 0.
    pub max_schedules: u64,
    /// Seed of the random stream (ChaCha8).
    pub seed: u64,
    /// Rule whose values bias the sampling (`random` and `rbrs` mean LFT).
    pub rule: Rule,
    /// Improve every sample by forward-backward justification.
    pub justify: bool,
    /// Prefer less total lateness over a shorter makespan.
    pub hard_deadlines: bool,
    /// Let the search choose the modes that are not fixed.
    pub choose_modes: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            max_schedules: 1000,
            seed: 0,
            rule: Rule::Lft,
            justify: true,
            hard_deadlines: false,
            choose_modes: true,
        }
    }
}

/// The best schedule found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    /// A precedence-feasible list that the serial SGS decodes into `schedule` (in `modes`).
    pub list: Vec<u32>,
    /// Mode of each activity.
    pub modes: Vec<u8>,
    /// The schedule.
    pub schedule: Schedule,
    /// Its makespan, months.
    pub makespan: f64,
    /// Schedules generated.
    pub passes: u64,
}

/// Sample, decode and justify until `max_schedules` passes are used; same seed, same result.
///
/// # Errors
/// [`Error::InvalidArgument`] when `max_schedules` is 0; [`Error::Infeasible`] when no sample
/// gives a feasible schedule (the first sample's error).
pub fn run(problem: &Problem, sgs: &mut Sgs, opts: &SearchOptions) -> Result<SearchResult> {
    if opts.max_schedules == 0 {
        return Err(Error::InvalidArgument {
            name: "max_schedules".into(),
            message: "the budget of schedules must be at least 1".into(),
        });
    }
    let p = problem;
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let base_rule = match opts.rule {
        Rule::Random | Rule::Rbrs => Rule::Lft,
        r => r,
    };
    let default_modes = p.default_modes();
    let mut buf = ListBuf::default();
    let mut values = Vec::new();
    let mut list = Vec::new();
    let mut modes = default_modes.clone();
    let mut cur = Schedule::new();
    let mut best: Option<(Schedule, Vec<u32>)> = None;
    let mut first_err = None;
    let mut used = 0u64;
    let mut sample = 0u64;
    while used < opts.max_schedules {
        if sample > 0 && opts.choose_modes {
            for (i, m) in modes.iter_mut().enumerate() {
                if p.fixed_mode(i).is_none() {
                    let count = p.mode_count(i);
                    let pick = rng.random_range(0..count.max(1));
                    *m = (0..count)
                        .map(|k| (pick + k) % count)
                        .find(|&k| p.mode_feasible(i, k))
                        .unwrap_or(0) as u8;
                }
            }
        }
        if sample == 0 || opts.choose_modes {
            priority_values(p, &modes, base_rule, &mut rng, &mut buf, &mut values)?;
        }
        if sample == 0 {
            list_from_keys(p, &values, true, false, &mut buf, &mut list);
        } else {
            sample_list(p, &values, &mut rng, &mut buf, &mut list);
        }
        sample += 1;
        used += 1;
        match sgs.serial(p, &list, &modes, &mut cur) {
            Ok(()) => {}
            Err(e @ Error::InvalidArgument { .. }) => return Err(e),
            Err(e) => {
                first_err.get_or_insert(e);
                continue;
            }
        }
        if opts.justify {
            used += justify(
                p,
                sgs,
                &mut cur,
                &mut list,
                opts.max_schedules - used,
                opts.hard_deadlines,
            )?;
        }
        let improves = match &best {
            None => true,
            Some((b, _)) => better(p, &cur, b, opts.hard_deadlines),
        };
        if improves {
            best = Some((cur.clone(), list.clone()));
        }
    }
    match best {
        Some((schedule, list)) => Ok(SearchResult {
            list,
            modes: schedule.modes.clone(),
            makespan: schedule.makespan,
            schedule,
            passes: used,
        }),
        None => Err(first_err.unwrap_or_else(|| Error::InvalidArgument {
            name: "max_schedules".into(),
            message: "no schedule was generated".into(),
        })),
    }
}
