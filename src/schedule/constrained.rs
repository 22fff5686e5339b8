//! `schedule()`: a plan under staff and funding limits, by one pass of a scheme or by search.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::assemble::assemble;
use super::plan::Plan;
use super::problem::Problem;
use super::rules::{list_from_keys, priority_values, sample_list, ListBuf, Rule};
use super::search::{self, SearchOptions};
use super::sgs::{Schedule, Sgs};
use crate::error::{Error, Result};
use crate::model::{Point, Scenario};

/// How the plan is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Method {
    /// One serial SGS pass with the rule's list.
    Serial,
    /// One parallel SGS pass with the rule's priorities.
    Parallel,
    /// Genetic algorithm with justification under the budget ([`search::run`]).
    #[default]
    Search,
}

impl Method {
    /// Parse `serial`, `parallel` or `search`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `method`.
    pub fn parse(text: &str) -> Result<Method> {
        match text.trim().to_ascii_lowercase().as_str() {
            "serial" => Ok(Method::Serial),
            "parallel" => Ok(Method::Parallel),
            "search" => Ok(Method::Search),
            other => Err(Error::InvalidArgument {
                name: "method".into(),
                message: format!("expected serial, parallel or search, got {other:?}"),
            }),
        }
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Serial => "serial",
            Method::Parallel => "parallel",
            Method::Search => "search",
        }
    }
}

/// Options of [`schedule`].
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleOptions {
    /// Scheme or search.
    pub method: Method,
    /// Priority rule (`random` and `rbrs` use the seed).
    pub rule: Rule,
    /// Budget of generated schedules for `Search` (each SGS pass counts one); must be > 0.
    pub max_schedules: u64,
    /// Seed of the random stream.
    pub seed: u64,
    /// Which point of every distribution (durations, costs, pledge delays) to take.
    pub point: Point,
    /// Turn a missed deadline into [`Error::Infeasible`] naming its binding cause. (The search
    /// minimises weighted tardiness first whenever there are deadlines, hard or not.)
    pub hard_deadlines: bool,
}

impl Default for ScheduleOptions {
    fn default() -> Self {
        ScheduleOptions {
            method: Method::Search,
            rule: Rule::Lft,
            max_schedules: 1000,
            seed: 0,
            point: Point::Mode,
            hard_deadlines: false,
        }
    }
}

/// A seed given as a signed integer (as from Python), checked.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `seed` when it is negative.
pub fn seed_from_i64(seed: i64) -> Result<u64> {
    u64::try_from(seed).map_err(|_| Error::InvalidArgument {
        name: "seed".into(),
        message: format!("must be a non-negative integer, got {seed}"),
    })
}

impl ScheduleOptions {
    /// Check the options.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `max_schedules` when it is 0.
    pub fn validate(&self) -> Result<()> {
        if self.max_schedules == 0 {
            return Err(Error::InvalidArgument {
                name: "max_schedules".into(),
                message: "the budget of schedules must be at least 1".into(),
            });
        }
        Ok(())
    }
}

/// A plan of `scenario` under its staff pools and funding sources.
///
/// `Serial`/`Parallel` make one pass with `rule` in the fixed modes (base where none is
/// fixed); `Search` samples lists and modes and justifies them within `max_schedules`. The plan
/// carries starts, modes, staff and funding, floats (precedence floats against the constrained
/// finish), the delay of each intervention against its critical-path early start with causes,
/// and each situation's finish against its critical path.
///
/// # Errors
/// [`Error::InvalidArgument`] for bad options; the errors of [`Problem::build`];
/// [`Error::Infeasible`] when staff or money can never suffice, or with `hard_deadlines` when
/// an intervention finishes after its deadline: the latest one is named, with the binding
/// cause in `resource` (`deadline:pool:<id>`, `deadline:source:<id>`,
/// `deadline:release:<intervention>`, `deadline:links` or `deadline:started:<intervention>`)
/// and the chain of delays, with months, in the message.
///
/// # Example
/// ```
/// use peaceplan::schedule::constrained::{schedule, ScheduleOptions};
/// let sc = peaceplan::Scenario::from_toml_str(r#"
/// schema = 1
/// name = "one desk"
/// [[pools]]
/// id = "desk"
/// capacity = 1
/// [[interventions]]
/// id = "a"
/// duration_months = 2
/// staff = {desk = 1}
/// [[interventions]]
/// id = "b"
/// duration_months = 3
/// staff = {desk = 1}
/// "#)?;
/// let plan = schedule(&sc, &ScheduleOptions::default())?;
/// assert_eq!(plan.makespan, 5.0);
/// # Ok::<(), peaceplan::Error>(())
/// ```
pub fn schedule(scenario: &Scenario, opts: &ScheduleOptions) -> Result<Plan> {
    opts.validate()?;
    let problem = Problem::build(scenario, opts.point)?;
    let mut sgs = Sgs::new();
    let (sched, used) = run_method(&problem, &mut sgs, opts)?;
    let plan = assemble(scenario, &problem, &sched, opts.method.as_str(), used)?;
    if opts.hard_deadlines {
        super::deadline_cause::check_deadlines(&problem, &sched, &plan)?;
    }
    Ok(plan)
}

/// Run the method of `opts` on a compiled problem: the schedule and the passes used.
///
/// # Errors
/// As [`schedule`], without the deadline check.
pub fn run_method(p: &Problem, sgs: &mut Sgs, opts: &ScheduleOptions) -> Result<(Schedule, u64)> {
    opts.validate()?;
    let modes = p.default_modes();
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut buf = ListBuf::default();
    let mut values = Vec::new();
    let mut list = Vec::new();
    let mut out = Schedule::new();
    match opts.method {
        Method::Search => {
            let so = SearchOptions {
                max_schedules: opts.max_schedules,
                seed: opts.seed,
                rule: opts.rule,
                justify: true,
                hard_deadlines: opts.hard_deadlines,
                choose_modes: true,
            };
            let r = search::run(p, sgs, &so)?;
            Ok((r.schedule, r.passes))
        }
        Method::Serial | Method::Parallel => {
            priority_values(p, &modes, opts.rule, &mut rng, &mut buf, &mut values)?;
            if opts.rule == Rule::Rbrs {
                sample_list(p, &values, &mut rng, &mut buf, &mut list);
            } else {
                list_from_keys(p, &values, true, false, &mut buf, &mut list);
            }
            if opts.method == Method::Serial {
                sgs.serial(p, &list, &modes, &mut out)?;
            } else {
                // the list position is the priority (situations and rule already in it)
                let mut prio = vec![0.0; p.len()];
                for (k, &j) in list.iter().enumerate() {
                    if let Some(v) = prio.get_mut(j as usize) {
                        *v = k as f64;
                    }
                }
                sgs.parallel(p, &prio, &modes, &mut out)?;
            }
            Ok((out, 1))
        }
    }
}
