//! Typed setters behind the parameter paths of [`super::params`], and the catalogue of every
//! valid path of a model.

use super::params::Model;
use crate::error::{Error, Result};
use crate::model::{Capacity, Dist, LinkKind, Scenario};

/// A parameter of a distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistField {
    /// Multiply the whole distribution.
    Scale,
    /// Add to the whole distribution.
    Shift,
    /// Make it fixed at the value.
    Value,
    /// The lower bound.
    Min,
    /// The most likely value.
    Mode,
    /// The upper bound.
    Max,
    /// The mean (normal, log-normal, exponential).
    Mean,
    /// The standard deviation.
    Sd,
}

const DIST_FIELDS: [(&str, DistField); 8] = [
    ("scale", DistField::Scale),
    ("shift", DistField::Shift),
    ("value", DistField::Value),
    ("min", DistField::Min),
    ("mode", DistField::Mode),
    ("max", DistField::Max),
    ("mean", DistField::Mean),
    ("sd", DistField::Sd),
];

/// Apply `f` to a distribution; `Err(())` when the distribution has no such parameter.
fn set_dist(d: &mut Dist, f: DistField, x: f64) -> std::result::Result<(), ()> {
    use Dist::*;
    match f {
        DistField::Scale | DistField::Shift => {
            let g = |v: f64| if f == DistField::Scale { v * x } else { v + x };
            *d = match d.clone() {
                Fixed(v) => Fixed(g(v)),
                Uniform { min, max } => Uniform {
                    min: g(min),
                    max: g(max),
                },
                Triangular { min, mode, max } => Triangular {
                    min: g(min),
                    mode: g(mode),
                    max: g(max),
                },
                Pert { min, mode, max } => Pert {
                    min: g(min),
                    mode: g(mode),
                    max: g(max),
                },
                LogNormal { mean, sd } if f == DistField::Scale => LogNormal {
                    mean: g(mean),
                    sd: sd * x,
                },
                Normal { mean, sd } if f == DistField::Scale => Normal {
                    mean: g(mean),
                    sd: sd * x,
                },
                LogNormal { mean, sd } => LogNormal { mean: g(mean), sd },
                Normal { mean, sd } => Normal { mean: g(mean), sd },
                Exponential { mean } if f == DistField::Scale => Exponential { mean: g(mean) },
                Exponential { .. } => return Err(()),
                Discrete { values, weights } => Discrete {
                    values: values.into_iter().map(g).collect(),
                    weights,
                },
            };
        }
        DistField::Value => *d = Fixed(x),
        _ => {
            let slot = match (d, f) {
                (
                    Uniform { min, .. } | Triangular { min, .. } | Pert { min, .. },
                    DistField::Min,
                ) => min,
                (
                    Uniform { max, .. } | Triangular { max, .. } | Pert { max, .. },
                    DistField::Max,
                ) => max,
                (Triangular { mode, .. } | Pert { mode, .. }, DistField::Mode) => mode,
                (
                    LogNormal { mean, .. } | Normal { mean, .. } | Exponential { mean },
                    DistField::Mean,
                ) => mean,
                (LogNormal { sd, .. } | Normal { sd, .. }, DistField::Sd) => sd,
                _ => return Err(()),
            };
            *slot = x;
        }
    }
    Ok(())
}

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
    IvStaff(usize, String),
    IvMode(usize),
    LinkLag(String, String),
    LinkEnabled(String, String),
    LinkType(String, String),
    PoolCapacity(usize),
    PoolScale(usize),
    SourceScale(usize),
    PledgeAmount(usize, usize),
    PledgeProbability(usize, usize),
    PledgeAt(usize, usize),
    PledgeDelayScale(usize, usize),
    RiskProbability(usize),
    RiskDelayScale(usize),
    RiskCostScale(usize),
    SituationArrival(usize),
    SituationPriority(usize),
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

fn scenario_catalogue(sc: &Scenario, out: &mut Vec<(String, Setter)>) {
    use Setter::*;
    for (i, iv) in sc.interventions.iter().enumerate() {
        let p = format!("interventions.{}", iv.id);
        for (name, f) in DIST_FIELDS {
            out.push((format!("{p}.duration.{name}"), IvDuration(i, f)));
        }
        for (name, f) in DIST_FIELDS {
            out.push((format!("{p}.cost.{name}"), IvCost(i, f)));
        }
        out.push((format!("{p}.not_before_months"), IvNotBefore(i)));
        out.push((format!("{p}.deadline_months"), IvDeadline(i)));
        out.push((format!("{p}.probability"), IvProbability(i)));
        out.push((format!("{p}.relapse_hazard_reduction"), IvRelapse(i)));
        for pool in &sc.pools {
            out.push((
                format!("{p}.staff.{}", pool.id),
                IvStaff(i, pool.id.clone()),
            ));
        }
        out.push((format!("{p}.mode"), IvMode(i)));
    }
    for l in sc.all_links() {
        let p = format!("links.{}->{}", l.from, l.to);
        out.push((
            format!("{p}.lag_months"),
            LinkLag(l.from.clone(), l.to.clone()),
        ));
        out.push((
            format!("{p}.enabled"),
            LinkEnabled(l.from.clone(), l.to.clone()),
        ));
        out.push((format!("{p}.type"), LinkType(l.from.clone(), l.to.clone())));
    }
    for (i, pool) in sc.pools.iter().enumerate() {
        out.push((format!("pools.{}.capacity", pool.id), PoolCapacity(i)));
        out.push((format!("pools.{}.capacity.scale", pool.id), PoolScale(i)));
    }
    for (i, s) in sc.sources.iter().enumerate() {
        out.push((format!("sources.{}.scale", s.id), SourceScale(i)));
        for k in 0..s.pledges.len() {
            let p = format!("sources.{}.pledges.{k}", s.id);
            out.push((format!("{p}.amount_usd"), PledgeAmount(i, k)));
            out.push((format!("{p}.probability"), PledgeProbability(i, k)));
            out.push((format!("{p}.at_months"), PledgeAt(i, k)));
            out.push((format!("{p}.delay.scale"), PledgeDelayScale(i, k)));
        }
    }
    for (i, r) in sc.risks.iter().enumerate() {
        out.push((format!("risks.{}.probability", r.id), RiskProbability(i)));
        out.push((format!("risks.{}.delay.scale", r.id), RiskDelayScale(i)));
        out.push((format!("risks.{}.cost.scale", r.id), RiskCostScale(i)));
    }
    for (i, s) in sc.situations.iter().enumerate() {
        out.push((
            format!("situations.{}.arrival_months", s.id),
            SituationArrival(i),
        ));
        out.push((
            format!("situations.{}.priority", s.id),
            SituationPriority(i),
        ));
    }
}

/// Every valid path of `model` with its setter, in model order.
pub fn catalogue(model: &Model) -> Vec<(String, Setter)> {
    use Setter::*;
    let mut out = Vec::new();
    match model {
        Model::Scenario(sc) => scenario_catalogue(sc, &mut out),
        Model::Office { office, portfolio } => {
            for (i, s) in office.sections.iter().enumerate() {
                out.push((format!("office.sections.{}.posts", s.id), SectionPosts(i)));
                for k in 0..s.posts.len() {
                    out.push((
                        format!("office.sections.{}.posts.{k}.count", s.id),
                        PostCount(i, k),
                    ));
                }
            }
            for (i, c) in office.channels.iter().enumerate() {
                out.push((
                    format!("office.channels.{}.lag.scale", c.id),
                    ChannelLagScale(i),
                ));
            }
            out.push(("office.approval_lag.scale".into(), ApprovalLagScale));
            out.push(("office.turnover.rate_per_year".into(), TurnoverRate));
            for (i, s) in office.surge.iter().enumerate() {
                out.push((format!("office.surge.{}.fte", s.id), SurgeFte(i)));
            }
            out.push(("portfolio.arrivals_per_year".into(), ArrivalsRate));
            out.push(("portfolio.arrivals.scale".into(), ArrivalsScale));
            for (e, eng) in portfolio.engagements.iter().enumerate() {
                let p = format!("portfolio.engagements.{}", eng.id);
                out.push((format!("{p}.share"), EngagementShare(e)));
                for (k, ph) in eng.phases.iter().enumerate() {
                    let q = format!("{p}.phases.{}", ph.id);
                    out.push((format!("{q}.duration.scale"), PhaseDurationScale(e, k)));
                    for kind in ph.demand.keys() {
                        out.push((
                            format!("{q}.demand.{kind}"),
                            PhaseDemand(e, k, kind.clone()),
                        ));
                    }
                }
            }
        }
    }
    out
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
