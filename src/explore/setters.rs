//! Typed setters behind the parameter paths of [`super::params`], and the catalogue of every
//! valid path of a model.
//!
//! [`DistField`] and [`catalogue`] are defined beside this module and re-exported here.

pub use super::catalogue::catalogue;
use super::dist_field::set_dist;
pub use super::dist_field::DistField;
use super::params::Model;
use crate::error::{Error, Result};
use crate::model::{Capacity, LinkKind, Scenario};

/// A resolved parameter: where to store a value in a model.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum Setter {
    IvDuration(usize, DistField),
    IvCost(usize, DistField),
    IvNotBefore(usize),
    IvDeadline(usize),
    IvProbability(usize),
    IvRelapse(usize),
    IvRelapseWhileActive(usize),
    IvDeadlineWeight(usize),
    IvStaff(usize, String),
    IvMode(usize),
    LinkLag(String, String),
    LinkEnabled(String, String),
    LinkType(String, String),
    PoolCapacity(usize),
    PoolScale(usize),
    SourceScale(usize),
    SourceMobilisationLag(usize, DistField),
    PledgeAmount(usize, usize),
    PledgeProbability(usize, usize),
    PledgeAt(usize, usize),
    PledgeDelayScale(usize, usize),
    RiskProbability(usize),
    RiskDelayScale(usize),
    RiskCostScale(usize),
    SituationArrival(usize),
    SituationPriority(usize),
    SituationRelapseP5(usize),
    SituationRelapseP10(usize),
    SectionPosts(usize),
    PostCount(usize, usize),
    ChannelLagScale(usize),
    ApprovalLagScale,
    TurnoverRate,
    SurgeFte(usize),
    ArrivalsRate,
    ArrivalsScale,
    EngagementShare(usize),
    PhaseDurationScale(usize, usize),
    PhaseDemand(usize, usize, String),
}

fn iv<'a>(
    sc: &'a mut Scenario,
    i: usize,
    path: &str,
) -> Result<&'a mut crate::model::Intervention> {
    sc.interventions.get_mut(i).ok_or_else(|| gone(path))
}

fn bad(path: &str, message: String) -> Error {
    Error::InvalidArgument {
        name: path.to_string(),
        message,
    }
}

fn gone(path: &str) -> Error {
    bad(path, "the model no longer has this item".into())
}

impl Setter {
    fn categorical(&self) -> bool {
        matches!(self, Setter::IvMode(_) | Setter::LinkType(..))
    }

    /// Check the choices of a lever (none for a numeric parameter).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `path`.
    pub fn check_choices(&self, model: &Model, path: &str, choices: &[String]) -> Result<()> {
        if !self.categorical() {
            if !choices.is_empty() {
                return Err(bad(path, "is numeric; give numbers, not choices".into()));
            }
            return Ok(());
        }
        if choices.is_empty() {
            return Err(bad(path, "is a categorical lever; give its choices".into()));
        }
        for c in choices {
            let ok = match (self, model) {
                (Setter::IvMode(i), Model::Scenario(sc)) => sc
                    .interventions
                    .get(*i)
                    .is_some_and(|iv| iv.mode_index(c).is_some()),
                (Setter::LinkType(..), _) => LinkKind::parse(c).is_some(),
                _ => false,
            };
            if !ok {
                return Err(bad(path, format!("unknown choice {c:?}")));
            }
        }
        Ok(())
    }

    /// Store `x` (for a lever, the index of its choice) into `model`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `path`.
    pub fn apply(&self, model: &mut Model, x: f64, choices: &[String], path: &str) -> Result<()> {
        use Setter::*;
        let choice = || {
            let k = x.round();
            (k >= 0.0)
                .then(|| choices.get(k as usize))
                .flatten()
                .ok_or_else(|| bad(path, format!("choice index {x} out of range")))
        };
        let count = || {
            if x >= 0.0 && x.is_finite() {
                Ok(x.round() as u32)
            } else {
                Err(bad(path, format!("must be a count >= 0, got {x}")))
            }
        };
        let nodist = |_| bad(path, "the distribution has no such parameter".into());
        match model {
            Model::Scenario(sc) => match self {
                IvDuration(i, f) => {
                    let v = iv(sc, *i, path)?;
                    set_dist(&mut v.duration_months, *f, x).map_err(nodist)?;
                    if matches!(f, DistField::Scale | DistField::Shift) {
                        for m in &mut v.modes {
                            if let Some(d) = m.duration_months.as_mut() {
                                set_dist(d, *f, x).map_err(nodist)?;
                            }
                        }
                    }
                }
                IvCost(i, f) => set_dist(&mut iv(sc, *i, path)?.cost_usd, *f, x).map_err(nodist)?,
                IvNotBefore(i) => iv(sc, *i, path)?.not_before_months = Some(x),
                IvDeadline(i) => iv(sc, *i, path)?.deadline_months = Some(x),
                IvProbability(i) => iv(sc, *i, path)?.probability = x,
                IvRelapse(i) => iv(sc, *i, path)?.relapse_hazard_reduction = Some(x),
                IvRelapseWhileActive(i) => {
                    iv(sc, *i, path)?.relapse_hazard_reduction_while_active = Some(x)
                }
                IvDeadlineWeight(i) => iv(sc, *i, path)?.deadline_weight = x,
                IvStaff(i, pool) => {
                    iv(sc, *i, path)?.staff.insert(pool.clone(), x);
                }
                IvMode(i) => {
                    let c = choice()?.clone();
                    iv(sc, *i, path)?.mode = Some(c);
                }
                LinkLag(a, b) | LinkEnabled(a, b) | LinkType(a, b) => {
                    let link = sc
                        .all_links()
                        .into_iter()
                        .find(|l| &l.from == a && &l.to == b)
                        .ok_or_else(|| gone(path))?;
                    *sc = match self {
                        LinkLag(..) => sc.with_link(a, b, link.kind, x)?,
                        LinkEnabled(..) if x < 0.5 => sc.without_link(a, b)?,
                        LinkEnabled(..) => return Ok(()),
                        _ => {
                            let kind = LinkKind::parse(choice()?)
                                .ok_or_else(|| bad(path, "unknown link type".into()))?;
                            sc.with_link(a, b, kind, link.lag_months)?
                        }
                    };
                }
                PoolCapacity(i) => {
                    sc.pools.get_mut(*i).ok_or_else(|| gone(path))?.capacity = Capacity::Constant(x)
                }
                PoolScale(i) => match &mut sc.pools.get_mut(*i).ok_or_else(|| gone(path))?.capacity
                {
                    Capacity::Constant(v) => *v *= x,
                    Capacity::Steps(steps) => steps.iter_mut().for_each(|s| s.fte *= x),
                },
                SourceScale(i) => sc
                    .sources
                    .get_mut(*i)
                    .ok_or_else(|| gone(path))?
                    .pledges
                    .iter_mut()
                    .for_each(|p| p.amount_usd *= x),
                SourceMobilisationLag(i, f) => {
                    let lag = sc
                        .sources
                        .get_mut(*i)
                        .and_then(|s| s.mobilisation_lag_months.as_mut())
                        .ok_or_else(|| gone(path))?;
                    set_dist(lag, *f, x).map_err(nodist)?;
                }
                PledgeAmount(i, k)
                | PledgeProbability(i, k)
                | PledgeAt(i, k)
                | PledgeDelayScale(i, k) => {
                    let p = sc
                        .sources
                        .get_mut(*i)
                        .and_then(|s| s.pledges.get_mut(*k))
                        .ok_or_else(|| gone(path))?;
                    match self {
                        PledgeAmount(..) => p.amount_usd = x,
                        PledgeProbability(..) => p.probability = x,
                        PledgeAt(..) => p.at_months = x,
                        _ => set_dist(&mut p.delay_months, DistField::Scale, x).map_err(nodist)?,
                    }
                }
                RiskProbability(i) | RiskDelayScale(i) | RiskCostScale(i) => {
                    let r = sc.risks.get_mut(*i).ok_or_else(|| gone(path))?;
                    match self {
                        RiskProbability(_) => r.probability = x,
                        RiskDelayScale(_) => {
                            if let Some(d) = r.delay_months.as_mut() {
                                set_dist(d, DistField::Scale, x).map_err(nodist)?;
                            }
                        }
                        _ => {
                            if let Some(d) = r.extra_cost_usd.as_mut() {
                                set_dist(d, DistField::Scale, x).map_err(nodist)?;
                            }
                        }
                    }
                }
                SituationArrival(i) => {
                    sc.situations
                        .get_mut(*i)
                        .ok_or_else(|| gone(path))?
                        .arrival_months = x
                }
                SituationPriority(i) => {
                    sc.situations
                        .get_mut(*i)
                        .ok_or_else(|| gone(path))?
                        .priority = x
                }
                SituationRelapseP5(i) => {
                    sc.situations
                        .get_mut(*i)
                        .ok_or_else(|| gone(path))?
                        .relapse_p5 = Some(x)
                }
                SituationRelapseP10(i) => {
                    sc.situations
                        .get_mut(*i)
                        .ok_or_else(|| gone(path))?
                        .relapse_p10 = Some(x)
                }
                _ => return Err(bad(path, "does not apply to a scenario".into())),
            },
            Model::Office { office, portfolio } => match self {
                SectionPosts(i) => {
                    let s = office.sections.get_mut(*i).ok_or_else(|| gone(path))?;
                    let want = count()?;
                    let have: u32 = s.posts.iter().map(|p| p.count).sum();
                    if want >= have {
                        let last = s
                            .posts
                            .last_mut()
                            .ok_or_else(|| bad(path, "the section has no post group".into()))?;
                        last.count += want - have;
                    } else {
                        let mut remove = have - want;
                        for p in s.posts.iter_mut().rev() {
                            let r = remove.min(p.count);
                            p.count -= r;
                            remove -= r;
                        }
                        // a group of 0 posts is invalid: drop emptied groups
                        s.posts.retain(|p| p.count > 0);
                    }
                }
                PostCount(i, k) => {
                    office
                        .sections
                        .get_mut(*i)
                        .and_then(|s| s.posts.get_mut(*k))
                        .ok_or_else(|| gone(path))?
                        .count = count()?
                }
                ChannelLagScale(i) => {
                    let c = office.channels.get_mut(*i).ok_or_else(|| gone(path))?;
                    set_dist(&mut c.lag_days, DistField::Scale, x).map_err(nodist)?;
                }
                ApprovalLagScale => {
                    if let Some(d) = office.approval_lag_months.as_mut() {
                        set_dist(d, DistField::Scale, x).map_err(nodist)?;
                    }
                }
                TurnoverRate => match office.turnover.as_mut() {
                    Some(t) => t.rate_per_year = x,
                    None => {
                        office.turnover = Some(crate::model::Turnover {
                            rate_per_year: x,
                            channel: String::new(),
                            source: String::new(),
                        })
                    }
                },
                SurgeFte(i) => office.surge.get_mut(*i).ok_or_else(|| gone(path))?.fte = x,
                ArrivalsRate => {
                    portfolio.arrivals.rate_per_year = x;
                    portfolio.arrivals.rate_by_year.clear();
                }
                ArrivalsScale => {
                    portfolio.arrivals.rate_per_year *= x;
                    portfolio
                        .arrivals
                        .rate_by_year
                        .iter_mut()
                        .for_each(|r| *r *= x);
                }
                EngagementShare(e) => {
                    portfolio
                        .engagements
                        .get_mut(*e)
                        .ok_or_else(|| gone(path))?
                        .share = x
                }
                PhaseDurationScale(e, k) | PhaseDemand(e, k, _) => {
                    let ph = portfolio
                        .engagements
                        .get_mut(*e)
                        .and_then(|g| g.phases.get_mut(*k))
                        .ok_or_else(|| gone(path))?;
                    match self {
                        PhaseDemand(_, _, kind) => {
                            ph.demand.insert(kind.clone(), x);
                        }
                        _ => set_dist(&mut ph.duration_months, DistField::Scale, x)
                            .map_err(nodist)?,
                    }
                }
                _ => {
                    return Err(bad(
                        path,
                        "does not apply to an office and portfolio".into(),
                    ))
                }
            },
        }
        Ok(())
    }
}
