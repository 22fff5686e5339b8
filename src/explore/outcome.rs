//! Outcome names: statistics of the engines' results.
//!
//! # Grammar
//!
//! For a scenario, `<column>.<stat>` over the Monte Carlo draws, where `<column>` is any name
//! of the outcome catalogue ([`crate::simulate::catalogue`], `docs/outcomes.md`): `finish`,
//! `cost`, `unfunded`, `funding.gap.max`, `relapse.5y`, `relapse.10y`, ...,
//! `situations.<id>.finish`, `sources.<id>.cost`, `sources.<id>.gap`, `pools.<id>.staff.peak`,
//! `interventions.<id>.start`, `interventions.<id>.finish`, `interventions.<id>.duration`; and
//! `<stat>` is `mean`, `std`, `min`, `max` or `pNN` (a percentile by the inverted empirical
//! CDF, e.g. `p80`, `p95`, `p99.5`); without `.<stat>` the mean. The former names
//! `finish.<situation>`, `cost.<source>` and `staff.peak.<pool>` are deprecated aliases (see
//! [`deprecated`]). `plan.finish` and `plan.cost` are the deterministic constrained plan's (no
//! Monte Carlo).
//!
//! For an office and portfolio (the capacity simulation): `wait.mean`, `wait.p50`, `wait.p80`,
//! `wait.p90`, `wait.p_any`, `wait.p_over_threshold`, `utilisation.<section>.mean`,
//! `understaffed.share`, `understaffed.mean`, `cost.posts`, `cost.surge`, `completed`.

use super::params::{nearest, Model};
use crate::error::{Error, Result};
use crate::simulate::catalogue;

/// A statistic over draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stat {
    /// Arithmetic mean.
    Mean,
    /// Standard deviation (n - 1).
    Std,
    /// Minimum.
    Min,
    /// Maximum.
    Max,
    /// Percentile in (0, 100).
    Percentile(f64),
}

/// A column of the Monte Carlo outcomes: a row of [`crate::simulate::catalogue::CATALOGUE`]
/// for one member.
pub use crate::simulate::catalogue::Ref as Column;

/// A resolved outcome.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum Outcome {
    Sim(Column, Stat),
    PlanFinish,
    PlanCost,
    Capacity(CapacityStat),
}

/// A statistic of the capacity simulation.
#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(missing_docs)]
pub enum CapacityStat {
    WaitMean,
    WaitP50,
    WaitP80,
    WaitP90,
    PWait,
    PWaitOver,
    Utilisation(usize),
    UnderstaffedShare,
    UnderstaffedMean,
    CostPosts,
    CostSurge,
    Completed,
}

/// Every column name of `model` (canonical names, then deprecated aliases) from the catalogue.
fn columns(model: &Model) -> Vec<(String, Column)> {
    match model {
        Model::Scenario(sc) => catalogue::names(sc)
            .into_iter()
            .map(|(name, _, r, _)| (name, r))
            .collect(),
        Model::Office { .. } => Vec::new(),
    }
}

/// The canonical name of `name` when it is a deprecated alias of a scenario outcome (e.g.
/// `finish.north.p80` -> `situations.north.finish.p80`), else `None`.
pub fn deprecated(name: &str, model: &Model) -> Option<String> {
    let Model::Scenario(sc) = model else {
        return None;
    };
    let names = catalogue::names(sc);
    let (alias, r) = names
        .iter()
        .filter(|(a, _, _, is_alias)| *is_alias && fits(name, a))
        .max_by_key(|(a, ..)| a.len())
        .map(|(a, _, r, _)| (a, *r))?;
    // the longest canonical name prefixing `name` must be this alias's, or the name is not
    // an alias (`cost.p80` is the canonical `cost`, not the alias `cost.<source>`)
    let best = names
        .iter()
        .filter(|(a, ..)| fits(name, a))
        .max_by_key(|(a, ..)| a.len())?;
    if !best.3 {
        return None;
    }
    let canonical = names
        .iter()
        .find(|(_, _, c, is_alias)| !is_alias && *c == r)?;
    Some(format!(
        "{}{}",
        canonical.0,
        name.get(alias.len()..).unwrap_or("")
    ))
}

/// Whether column `c` prefixes outcome `name` (`c` itself or `c.<stat>`).
fn fits(name: &str, c: &str) -> bool {
    let rest = name.strip_prefix(c);
    matches!(rest, Some("")) || rest.is_some_and(|r| r.starts_with('.'))
}

/// Example outcome names of `model` (every column with `.mean` and `.p80`, and the rest).
pub fn valid_outcomes(model: &Model) -> Vec<String> {
    let mut out = Vec::new();
    match model {
        Model::Scenario(_) => {
            if let Model::Scenario(sc) = model {
                for (c, ..) in catalogue::names(sc).into_iter().filter(|x| !x.3) {
                    out.push(format!("{c}.mean"));
                    out.push(format!("{c}.p80"));
                }
            }
            out.push("plan.finish".into());
            out.push("plan.cost".into());
        }
        Model::Office { office, .. } => {
            for n in [
                "wait.mean",
                "wait.p50",
                "wait.p80",
                "wait.p90",
                "wait.p_any",
                "wait.p_over_threshold",
            ] {
                out.push(n.into());
            }
            for s in &office.sections {
                out.push(format!("utilisation.{}.mean", s.id));
            }
            for n in [
                "understaffed.share",
                "understaffed.mean",
                "cost.posts",
                "cost.surge",
                "completed",
            ] {
                out.push(n.into());
            }
        }
    }
    out
}

/// Parses `mean`, `std`, `min`, `max` or `pNN`.
pub fn parse_stat(text: &str) -> Option<Stat> {
    match text {
        "mean" => Some(Stat::Mean),
        "std" => Some(Stat::Std),
        "min" => Some(Stat::Min),
        "max" => Some(Stat::Max),
        _ => {
            let q: f64 = text.strip_prefix('p')?.parse().ok()?;
            (q > 0.0 && q < 100.0).then_some(Stat::Percentile(q))
        }
    }
}

fn unknown(name: &str, model: &Model) -> Error {
    let valid = valid_outcomes(model);
    let near = nearest(name, valid.iter().map(String::as_str), 3);
    Error::InvalidArgument {
        name: name.to_string(),
        message: format!(
            "unknown outcome for this model; did you mean {}?",
            near.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Resolve an outcome name against `model`.
///
/// # Errors
/// [`Error::InvalidArgument`] naming an outcome that does not exist for the model, with the
/// nearest valid names.
pub fn resolve(name: &str, model: &Model) -> Result<Outcome> {
    use CapacityStat::*;
    match model {
        Model::Scenario(_) => {
            match name {
                "plan.finish" => return Ok(Outcome::PlanFinish),
                "plan.cost" => return Ok(Outcome::PlanCost),
                _ => {}
            }
            // the longest column that prefixes the name
            let mut best: Option<(usize, Column)> = None;
            for (c, col) in columns(model) {
                if fits(name, &c) && best.is_none_or(|(l, _)| c.len() > l) {
                    best = Some((c.len(), col));
                }
            }
            let (len, col) = best.ok_or_else(|| unknown(name, model))?;
            let rest = name.get(len..).unwrap_or("");
            let stat = match rest.strip_prefix('.') {
                None => Some(Stat::Mean),
                Some(s) => parse_stat(s),
            };
            stat.map(|s| Outcome::Sim(col, s))
                .ok_or_else(|| unknown(name, model))
        }
        Model::Office { office, .. } => {
            let stat = match name {
                "wait.mean" => WaitMean,
                "wait.p50" => WaitP50,
                "wait.p80" => WaitP80,
                "wait.p90" => WaitP90,
                "wait.p_any" => PWait,
                "wait.p_over_threshold" => PWaitOver,
                "understaffed.share" => UnderstaffedShare,
                "understaffed.mean" => UnderstaffedMean,
                "cost.posts" => CostPosts,
                "cost.surge" => CostSurge,
                "completed" => Completed,
                _ => {
                    let sec = name
                        .strip_prefix("utilisation.")
                        .and_then(|r| r.strip_suffix(".mean"))
                        .and_then(|id| office.sections.iter().position(|s| s.id == id));
                    match sec {
                        Some(i) => Utilisation(i),
                        None => return Err(unknown(name, model)),
                    }
                }
            };
            Ok(Outcome::Capacity(stat))
        }
    }
}

/// The statistic of `values` (NaN ignored; `inf` kept).
pub fn stat(values: &[f64], s: Stat) -> f64 {
    let v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    let n = v.len() as f64;
    match s {
        Stat::Mean => v.iter().sum::<f64>() / n,
        Stat::Std => {
            let m = v.iter().sum::<f64>() / n;
            (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0)).sqrt()
        }
        Stat::Min => v.iter().copied().fold(f64::INFINITY, f64::min),
        Stat::Max => v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        Stat::Percentile(q) => crate::simulate::metrics::quantile(&v, q / 100.0),
    }
}
