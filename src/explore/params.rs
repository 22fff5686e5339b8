//! Parameter paths: the grammar that addresses any number of a scenario, an office or a
//! portfolio, resolved once into typed setters.
//!
//! # Grammar
//!
//! A path is a list of segments joined by `.`; ids are the ids of the model (they may not
//! contain `.`). A scenario's paths have no prefix; an office's start with `office.` and a
//! portfolio's with `portfolio.`.
//!
//! | path | what it sets |
//! |---|---|
//! | `interventions.<id>.duration.scale` | multiplies the duration distribution (every mode's) |
//! | `interventions.<id>.duration.shift` | adds months to the duration distribution |
//! | `interventions.<id>.duration.<p>` | one parameter `<p>` of the distribution: `value` (makes it fixed), `min`, `mode`, `max`, `mean`, `sd` |
//! | `interventions.<id>.cost.scale`, `.cost.<p>` | the same for the cost in US$ |
//! | `interventions.<id>.not_before_months`, `.deadline_months`, `.probability`, `.relapse_hazard_reduction` | that field |
//! | `interventions.<id>.staff.<pool>` | FTE demanded from a pool |
//! | `interventions.<id>.mode` | **lever**: the mode (`base` or a mode id), one of the choices |
//! | `links.<from>-><to>.lag_months` | the lag of an existing link |
//! | `links.<from>-><to>.enabled` | **lever**: `1` keeps the link, `0` removes it |
//! | `links.<from>-><to>.type` | **lever**: `FS`, `SS`, `FF` or `SF`, one of the choices |
//! | `pools.<id>.capacity` | constant FTE of a pool (replaces any steps) |
//! | `pools.<id>.capacity.scale` | multiplies every level of the pool |
//! | `sources.<id>.scale` | multiplies every pledged amount |
//! | `sources.<id>.pledges.<k>.amount_usd`, `.probability`, `.at_months`, `.delay.scale` | pledge `k` (0-based) |
//! | `risks.<id>.probability`, `.delay.scale`, `.cost.scale` | a risk event |
//! | `situations.<id>.arrival_months`, `.priority` | a situation |
//! | `office.sections.<id>.posts` | total posts of a section (rounded; added to or removed from its last post groups) |
//! | `office.sections.<id>.posts.<k>.count` | posts of group `k` |
//! | `office.channels.<id>.lag.scale` | multiplies a recruitment channel's lag |
//! | `office.approval_lag.scale`, `office.turnover.rate_per_year`, `office.surge.<id>.fte` | office-wide numbers |
//! | `portfolio.arrivals_per_year` | the Poisson rate in every year |
//! | `portfolio.arrivals.scale` | multiplies every rate |
//! | `portfolio.engagements.<id>.share`, `.phases.<id>.duration.scale`, `.phases.<id>.demand.<kind>` | engagements |
//!
//! [`Params::resolve`] checks every path once against the model and returns typed setters
//! (indices into the model's vectors); applying them is then a few stores per experiment. An
//! unknown path is [`Error::InvalidArgument`] naming the path and suggesting the nearest valid
//! ones by edit distance ([`valid_paths`] lists them all).

use super::setters::Setter;
use crate::capacity::Portfolio;
use crate::error::{Error, Result};
use crate::model::{Office, Scenario};

/// What a study varies: a scenario, or an office with the portfolio it serves.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Model {
    /// A planning scenario (Monte Carlo and schedule outcomes).
    Scenario(Scenario),
    /// An office and its portfolio (capacity outcomes).
    Office {
        /// The office.
        office: Office,
        /// The portfolio it serves.
        portfolio: Portfolio,
    },
}

/// One parameter of a study: a path and, for a categorical lever, its choices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Param {
    /// The path, e.g. `interventions.dd.duration.scale`.
    pub path: String,
    /// Choices of a categorical lever (mode ids, link types); the value is an index into them.
    /// Empty for a numeric parameter.
    pub choices: Vec<String>,
}

impl Param {
    /// A numeric parameter.
    pub fn numeric(path: &str) -> Param {
        Param {
            path: path.to_string(),
            choices: Vec::new(),
        }
    }
}

/// Parameters resolved against a model: one setter per parameter.
#[derive(Debug, Clone)]
pub struct Params {
    setters: Vec<(Setter, Vec<String>)>,
    paths: Vec<String>,
}

/// Levenshtein distance between two strings (bytes).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.bytes().enumerate() {
        if let Some(c0) = cur.first_mut() {
            *c0 = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(c) = cur.get_mut(j + 1) {
                *c = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

/// The `k` candidates nearest to `word` by edit distance (ties in catalogue order).
pub fn nearest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>, k: usize) -> Vec<String> {
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .enumerate()
        .map(|(i, c)| (edit_distance(word, c), i, c))
        .collect();
    scored.sort_unstable();
    scored
        .into_iter()
        .take(k)
        .map(|(_, _, c)| c.to_string())
        .collect()
}

/// Every valid path of `model`, in model order.
pub fn valid_paths(model: &Model) -> Vec<String> {
    super::setters::catalogue(model)
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

fn unknown_path(path: &str, catalogue: &[(String, Setter)]) -> Error {
    let near = nearest(path, catalogue.iter().map(|(p, _)| p.as_str()), 3);
    Error::InvalidArgument {
        name: path.to_string(),
        message: format!(
            "unknown parameter path; did you mean {}?",
            near.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

impl Params {
    /// Resolve `params` against `model`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming an unknown path (with the nearest valid ones), a path
    /// given twice, choices on a numeric parameter, or a categorical lever without choices or
    /// with a choice that does not exist (an unknown mode, a link type other than FS/SS/FF/SF).
    pub fn resolve(model: &Model, params: &[Param]) -> Result<Params> {
        let catalogue = super::setters::catalogue(model);
        let mut setters = Vec::with_capacity(params.len());
        let mut paths: Vec<String> = Vec::with_capacity(params.len());
        for p in params {
            if paths.contains(&p.path) {
                return Err(Error::InvalidArgument {
                    name: p.path.clone(),
                    message: "parameter path given twice".into(),
                });
            }
            let setter = catalogue
                .iter()
                .find(|(q, _)| *q == p.path)
                .map(|(_, s)| s.clone())
                .ok_or_else(|| unknown_path(&p.path, &catalogue))?;
            setter.check_choices(model, &p.path, &p.choices)?;
            setters.push((setter, p.choices.clone()));
            paths.push(p.path.clone());
        }
        Ok(Params { setters, paths })
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.setters.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.setters.is_empty()
    }

    /// The paths, in order.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// Set every parameter of `model` to `values` (one per parameter; a categorical lever takes
    /// the index of its choice).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the path for a value of the wrong count, a NaN, a
    /// negative count or a choice index out of range.
    pub fn apply(&self, model: &mut Model, values: &[f64]) -> Result<()> {
        if values.len() != self.setters.len() {
            return Err(Error::InvalidArgument {
                name: "values".into(),
                message: format!(
                    "expected {} values (one per parameter), got {}",
                    self.setters.len(),
                    values.len()
                ),
            });
        }
        for (((setter, choices), path), &x) in self.setters.iter().zip(&self.paths).zip(values) {
            if x.is_nan() {
                return Err(Error::InvalidArgument {
                    name: path.clone(),
                    message: "value is NaN".into(),
                });
            }
            setter.apply(model, x, choices, path)?;
        }
        Ok(())
    }
}

impl Scenario {
    /// A copy with the parameters at `values` (the explore grammar; see
    /// [`crate::explore::params`]). A categorical lever's value is given as its single choice.
    ///
    /// # Errors
    /// As [`Params::resolve`] and [`Params::apply`].
    ///
    /// # Example
    /// ```
    /// let sc = peaceplan::Scenario::from_toml_str(r#"
    /// schema = 1
    /// name = "one"
    /// [[interventions]]
    /// id = "a"
    /// duration_months = 4
    /// "#)?;
    /// let longer = sc.with_params(&[("interventions.a.duration.scale", 1.5.into())])?;
    /// assert_eq!(peaceplan::cpm(&longer, peaceplan::Point::Mode)?.makespan, 6.0);
    /// # Ok::<(), peaceplan::Error>(())
    /// ```
    pub fn with_params(&self, values: &[(&str, ParamValue)]) -> Result<Scenario> {
        let mut params = Vec::with_capacity(values.len());
        let mut xs = Vec::with_capacity(values.len());
        for (path, v) in values {
            match v {
                ParamValue::Number(x) => {
                    params.push(Param::numeric(path));
                    xs.push(*x);
                }
                ParamValue::Choice(c) => {
                    params.push(Param {
                        path: (*path).to_string(),
                        choices: vec![c.clone()],
                    });
                    xs.push(0.0);
                }
            }
        }
        let mut model = Model::Scenario(self.clone());
        Params::resolve(&model, &params)?.apply(&mut model, &xs)?;
        match model {
            Model::Scenario(sc) => Ok(sc),
            Model::Office { .. } => Err(Error::InvalidArgument {
                name: "model".into(),
                message: "expected a scenario".into(),
            }),
        }
    }
}

/// A value given to [`Scenario::with_params`]: a number or a lever's choice.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A number.
    Number(f64),
    /// A choice (mode id, link type).
    Choice(String),
}

impl From<f64> for ParamValue {
    fn from(x: f64) -> Self {
        ParamValue::Number(x)
    }
}

impl From<&str> for ParamValue {
    fn from(s: &str) -> Self {
        ParamValue::Choice(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }
}
