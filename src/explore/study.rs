//! Experiments: a model, parameters (uncertainties and levers) and outcomes; each experiment is
//! a copy of the model with the parameters set, run through an engine, reduced to the outcomes.
//!
//! **Common random numbers**: every experiment runs its engine with the same seed, so two
//! experiments (two options, or two values of an uncertainty) are compared on the same draws
//! of everything the study does not vary. Experiments run in parallel (rayon); an experiment's
//! outcomes depend only on the model, its inputs and the seed, so any split into chunks, on any
//! number of threads or machines, gives bit-identical results.

use rayon::prelude::*;

use super::outcome::{self, CapacityStat, Outcome};
use super::params::{Model, Param, Params};
use crate::capacity::{self, CapacityOptions};
use crate::error::{Error, Result};
use crate::model::Point;
use crate::schedule::constrained::{schedule, Method, ScheduleOptions};
use crate::simulate::catalogue::{self, Field};
use crate::simulate::{self, Engine, SimOptions};

/// Engine settings of a study.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Monte Carlo draws per experiment (scenario) or capacity draws (office).
    pub draws: usize,
    /// Seed of every experiment's engine (common random numbers).
    pub seed: u64,
    /// Scenario engine per draw.
    pub engine: Engine,
    /// Simulated years (office).
    pub years: f64,
    /// Service threshold in months (office: `wait.p_over_threshold`).
    pub threshold_months: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            draws: 200,
            seed: 0,
            engine: Engine::Auto,
            years: 10.0,
            threshold_months: 3.0,
        }
    }
}

/// A compiled study.
#[derive(Debug, Clone)]
pub struct Study {
    model: Model,
    params: Params,
    outcomes: Vec<Outcome>,
    settings: Settings,
}

/// Results of a batch of experiments.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// Outcomes, experiments x outcomes, row-major (NaN in a failed experiment's row).
    pub y: Vec<f64>,
    /// Failed experiments: (row, message).
    pub errors: Vec<(usize, String)>,
}

impl Study {
    /// Compile a study.
    ///
    /// # Errors
    /// Unknown parameter paths or outcomes (naming them, with suggestions), no outcome, zero
    /// draws.
    pub fn new(
        model: Model,
        params: &[Param],
        outcomes: &[String],
        settings: Settings,
    ) -> Result<Study> {
        if outcomes.is_empty() {
            return Err(Error::InvalidArgument {
                name: "outcomes".into(),
                message: "give at least one outcome".into(),
            });
        }
        if settings.draws == 0 {
            return Err(Error::InvalidArgument {
                name: "draws".into(),
                message: "must be at least 1".into(),
            });
        }
        let params = Params::resolve(&model, params)?;
        let outcomes = outcomes
            .iter()
            .map(|o| outcome::resolve(o, &model))
            .collect::<Result<Vec<_>>>()?;
        Ok(Study {
            model,
            params,
            outcomes,
            settings,
        })
    }

    /// Number of parameters (columns of the inputs).
    pub fn inputs(&self) -> usize {
        self.params.len()
    }

    /// Number of outcomes (columns of the results).
    pub fn outputs(&self) -> usize {
        self.outcomes.len()
    }

    /// Run one experiment.
    ///
    /// # Errors
    /// Bad values (naming the path) and the engine's errors for the modified model.
    pub fn run_one(&self, x: &[f64]) -> Result<Vec<f64>> {
        Ok(self
            .run_one_noise(x, None)?
            .into_iter()
            .map(|(v, _)| v)
            .collect())
    }

    /// Run one experiment and say how precise each outcome is: `(value, half-width)` of the
    /// interval at `conf_level` from the experiment's own Monte Carlo draws
    /// ([`super::precision::stat_interval`]): 0 for the deterministic plan, NaN where the engine
    /// gives no draws (office outcomes, the minimum and maximum).
    ///
    /// # Errors
    /// As [`Study::run_one`].
    pub fn noise(&self, x: &[f64], conf_level: f64) -> Result<Vec<(f64, f64)>> {
        super::precision::check_level(conf_level)?;
        self.run_one_noise(x, Some(conf_level))
    }

    fn run_one_noise(&self, x: &[f64], conf: Option<f64>) -> Result<Vec<(f64, f64)>> {
        let mut m = self.model.clone();
        self.params.apply(&mut m, x)?;
        match &m {
            Model::Scenario(sc) => {
                let needs_sim = self.outcomes.iter().any(|o| matches!(o, Outcome::Sim(..)));
                // an intervention's start or finish reads the draws x interventions matrices
                let per_intervention = self.outcomes.iter().any(|o| {
                    matches!(o, Outcome::Sim(c, _) if matches!(
                        c.field,
                        Field::Start | Field::InterventionFinish | Field::Duration
                    ))
                });
                let sim = if needs_sim {
                    let opts = SimOptions {
                        draws: self.settings.draws,
                        seed: self.settings.seed,
                        engine: self.settings.engine,
                        per_intervention: Some(per_intervention),
                        ..SimOptions::default()
                    };
                    Some(simulate::simulate(sc, &opts)?)
                } else {
                    None
                };
                let needs_plan = self
                    .outcomes
                    .iter()
                    .any(|o| matches!(o, Outcome::PlanFinish | Outcome::PlanCost));
                let plan = if needs_plan {
                    let opts = ScheduleOptions {
                        method: Method::Parallel,
                        max_schedules: 1,
                        seed: self.settings.seed,
                        point: Point::Mode,
                        ..ScheduleOptions::default()
                    };
                    Some(schedule(sc, &opts)?)
                } else {
                    None
                };
                Ok(self
                    .outcomes
                    .iter()
                    .map(|o| match o {
                        Outcome::PlanFinish => {
                            (plan.as_ref().map_or(f64::NAN, |p| p.makespan), 0.0)
                        }
                        Outcome::PlanCost => (
                            plan.as_ref().map_or(f64::NAN, |p| p.cost_usd.iter().sum()),
                            0.0,
                        ),
                        Outcome::Sim(col, s) => sim.as_ref().map_or((f64::NAN, f64::NAN), |sim| {
                            let v = catalogue::values(&sim.outcomes, *col).unwrap_or_default();
                            let v = &v[..];
                            let half = conf.map_or(f64::NAN, |c| {
                                super::precision::stat_interval(v, *s, c)
                                    .map_or(f64::NAN, |e| e.half_width())
                            });
                            (outcome::stat(v, *s), half)
                        }),
                        Outcome::Capacity(_) => (f64::NAN, f64::NAN),
                    })
                    .collect())
            }
            Model::Office { office, portfolio } => {
                let opts = CapacityOptions {
                    years: self.settings.years,
                    draws: self.settings.draws as u64,
                    seed: self.settings.seed,
                    threshold_months: self.settings.threshold_months,
                    max_waits: 0,
                    ..CapacityOptions::default()
                };
                let r = capacity::simulate(office, portfolio, &opts)?;
                Ok(self
                    .outcomes
                    .iter()
                    .map(|o| match o {
                        Outcome::Capacity(c) => (cap_stat(&r, *c), f64::NAN),
                        _ => (f64::NAN, f64::NAN),
                    })
                    .collect())
            }
        }
    }

    /// Run experiments `x` (rows of [`Study::inputs`] values, row-major) in parallel.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `x` is not a whole number of rows. A failing experiment
    /// is not an error of the batch: its row is NaN and it is listed in [`Batch::errors`].
    pub fn run(&self, x: &[f64]) -> Result<Batch> {
        let k = self.inputs();
        let m = self.outputs();
        if (k == 0 && !x.is_empty()) || (k > 0 && !x.len().is_multiple_of(k)) {
            return Err(Error::InvalidArgument {
                name: "x".into(),
                message: format!("{} values are not rows of {k} parameters", x.len()),
            });
        }
        let rows = x.len().checked_div(k).unwrap_or(0);
        let results: Vec<Result<Vec<f64>>> = (0..rows)
            .into_par_iter()
            .map(|r| {
                crate::interrupt::check()?;
                self.run_one(x.get(r * k..(r + 1) * k).unwrap_or(&[]))
            })
            .collect();
        // an interrupted batch is an interruption, not a batch of failed experiments
        crate::interrupt::check()?;
        let mut y = Vec::with_capacity(rows * m);
        let mut errors = Vec::new();
        for (r, res) in results.into_iter().enumerate() {
            match res {
                Ok(v) => y.extend(v),
                Err(e) => {
                    y.extend(std::iter::repeat_n(f64::NAN, m));
                    errors.push((r, e.to_string()));
                }
            }
        }
        Ok(Batch { y, errors })
    }
}

fn cap_stat(r: &capacity::CapacityResult, c: CapacityStat) -> f64 {
    use CapacityStat::*;
    match c {
        WaitMean => r.mean_wait,
        WaitP50 => r.wait_p50,
        WaitP80 => r.wait_p80,
        WaitP90 => r.wait_p90,
        PWait => r.p_wait,
        PWaitOver => r.p_wait_over_threshold,
        Utilisation(i) => r.utilisation.get(i).copied().unwrap_or(f64::NAN),
        UnderstaffedShare => r.share_understaffed,
        UnderstaffedMean => r.mean_understaffed,
        CostPosts => r.post_cost_usd_per_year,
        CostSurge => r.surge_cost_usd_per_year,
        Completed => r.completed as f64,
    }
}
