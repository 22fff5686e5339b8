//! The catalogue of every valid parameter path of a model, each with its [`Setter`].

use super::dist_field::DIST_FIELDS;
use super::params::Model;
use super::setters::Setter;
use crate::model::Scenario;

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
        out.push((
            format!("{p}.relapse_hazard_reduction_while_active"),
            IvRelapseWhileActive(i),
        ));
        out.push((format!("{p}.deadline_weight"), IvDeadlineWeight(i)));
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
        if s.mobilisation_lag_months.is_some() {
            for (name, f) in DIST_FIELDS {
                let p = format!("sources.{}.mobilisation_lag.{name}", s.id);
                out.push((p, SourceMobilisationLag(i, f)));
            }
        }
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
        out.push((
            format!("situations.{}.relapse_p5", s.id),
            SituationRelapseP5(i),
        ));
        out.push((
            format!("situations.{}.relapse_p10", s.id),
            SituationRelapseP10(i),
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
