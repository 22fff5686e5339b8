//! Offered load against capacity, and the number of whole teams the routing actually yields.
//!
//! The long-run question of a capacity plan is whether the office completes engagements as fast
//! as they arrive. The offered load of a demand kind is the FTE it needs on average:
//! `rate x share x sum over phases of (demand + peak extra x peak share) x mean duration`, in FTE
//! (arrivals per month times FTE-months per situation). It is served by the sections its routing
//! names, in order of preference and at their efficiency, like the simulation assigns staff:
//! the load fills the first section, then overflows to the next. A section's load is the FTE it
//! would have to give over the FTE it has on duty on average (posts less turnover vacancies).
//! When some load finds no section with room, the queue has no steady state: the backlog grows
//! for as long as the horizon lasts, and every wait figure depends on the horizon.

use super::check::section_posts;
use super::portfolio::Portfolio;
use crate::model::office::DAYS_PER_MONTH;
use crate::model::Office;

/// Load of one section.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionLoad {
    /// Section id.
    pub section: String,
    /// Posts of the section.
    pub posts: f64,
    /// Mean FTE on duty (posts less the share vacant after turnover).
    pub on_duty: f64,
    /// Offered load routed to it (section FTE).
    pub offered_fte: f64,
}

/// Load of one demand kind.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandLoad {
    /// Demand kind (e.g. "planning").
    pub demand: String,
    /// Mean FTE of this kind the portfolio needs at the long-run arrival rate.
    pub offered_fte: f64,
    /// FTE of this kind all posts of its sections could give (posts x efficiency, all filled).
    pub capacity_fte: f64,
    /// Offered load no section had room for (demand FTE); > 0 means overload.
    pub unserved_fte: f64,
    /// (section, efficiency, posts) in order of preference.
    pub routes: Vec<(String, f64, f64)>,
}

/// Whole teams a newly arrived situation's first phase can get at once.
#[derive(Debug, Clone, PartialEq)]
pub struct Teams {
    /// Demand kind of the team.
    pub demand: String,
    /// FTE a team needs (the first phase's demand of the first engagement).
    pub team_fte: f64,
    /// Share of it needed to start (`min_start_share`).
    pub min_start_share: f64,
    /// FTE of that kind with every post filled (posts x efficiency over the routing).
    pub capacity_fte: f64,
    /// Whole teams with every post filled: `floor(capacity_fte / team_fte)`.
    pub teams: u32,
    /// Whole teams with the mean vacancies of turnover taken off.
    pub teams_on_duty: u32,
    /// Mean months of the first phase (the service time of the closed forms).
    pub mean_months: f64,
}

/// Offered load against capacity for an office and a portfolio.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    /// Long-run Poisson arrivals per year (after `rate_by_year`), which decides stability.
    pub arrivals_per_year: f64,
    /// Mean arrivals per year over `years` (rates by year, then the long-run rate, and dated).
    pub mean_arrivals_per_year: f64,
    /// Share of time a post is filled on average: `1 / (1 + turnover x mean re-recruitment lag)`.
    pub availability: f64,
    /// Per demand kind, in order of first use in the portfolio.
    pub demands: Vec<DemandLoad>,
    /// Per section, in office order.
    pub sections: Vec<SectionLoad>,
    /// Offered load over all kinds (demand FTE).
    pub offered_fte: f64,
    /// Mean FTE on duty in the sections that serve the portfolio, in demand FTE (each section at
    /// the best efficiency it serves any demand kind with).
    pub capacity_fte: f64,
    /// Teams for the first phase (None when it needs more than one kind of demand).
    pub teams: Option<Teams>,
    /// Some load finds no room: the backlog grows without bound.
    pub overloaded: bool,
}

/// Offered load against capacity (see the module documentation).
pub fn offered_load(office: &Office, portfolio: &Portfolio, years: f64) -> Load {
    let a = &portfolio.arrivals;
    let rate = a.rate_per_year;
    let total_share: f64 = portfolio.engagements.iter().map(|e| e.share).sum();
    // Offered FTE per kind at the long-run rate.
    let mut kinds: Vec<(String, f64)> = Vec::new();
    let mut add = |kind: &str, fte: f64| match kinds.iter_mut().find(|(k, _)| k == kind) {
        Some(x) => x.1 += fte,
        None => kinds.push((kind.to_string(), fte)),
    };
    for e in &portfolio.engagements {
        let share = if total_share > 0.0 {
            e.share / total_share
        } else {
            0.0
        };
        for p in &e.phases {
            let months = p.duration_months.mean().max(0.0);
            for (kind, fte) in &p.demand {
                add(kind, rate * share * fte * months / 12.0);
            }
            if let Some(pk) = &p.peaks {
                let on = if pk.every_months > 0.0 {
                    (pk.duration_months / pk.every_months).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                for (kind, fte) in &pk.extra {
                    add(kind, rate * share * fte * on * months / 12.0);
                }
            }
        }
    }
    let availability = availability(office);
    let mut sections: Vec<SectionLoad> = office
        .sections
        .iter()
        .map(|s| {
            let posts = section_posts(office, &s.id);
            SectionLoad {
                section: s.id.clone(),
                posts,
                on_duty: posts * availability,
                offered_fte: 0.0,
            }
        })
        .collect();
    let mut demands = Vec::new();
    for (kind, offered) in &kinds {
        let routes: Vec<(String, f64, f64)> = office
            .servers_of(kind)
            .into_iter()
            .map(|(s, eff)| {
                let posts = section_posts(office, &s);
                (s, eff, posts)
            })
            .collect();
        let mut rem = *offered;
        for (s, eff, _) in &routes {
            if let Some(sl) = sections.iter_mut().find(|x| &x.section == s) {
                if *eff > 0.0 && rem > 0.0 {
                    let take = (sl.on_duty - sl.offered_fte).max(0.0).min(rem / eff);
                    sl.offered_fte += take;
                    rem -= take * eff;
                }
            }
        }
        demands.push(DemandLoad {
            demand: kind.clone(),
            offered_fte: *offered,
            capacity_fte: routes.iter().map(|(_, eff, p)| eff * p).sum(),
            unserved_fte: rem.max(0.0),
            routes,
        });
    }
    // Each serving section counted once, at the best efficiency any demand kind gets from it.
    let best_eff = |s: &SectionLoad| {
        demands
            .iter()
            .flat_map(|d| d.routes.iter())
            .filter(|r| r.0 == s.section)
            .map(|r| r.1)
            .fold(0.0, f64::max)
    };
    let capacity_fte = sections.iter().map(|s| s.on_duty * best_eff(s)).sum();
    let offered_fte = kinds.iter().map(|k| k.1).sum();
    let overloaded = demands
        .iter()
        .any(|d| d.unserved_fte > 1e-9 * (1.0 + d.offered_fte));
    Load {
        arrivals_per_year: rate,
        mean_arrivals_per_year: mean_rate(portfolio, years),
        availability,
        teams: teams(office, portfolio, availability),
        demands,
        sections,
        offered_fte,
        capacity_fte,
        overloaded,
    }
}

fn mean_rate(portfolio: &Portfolio, years: f64) -> f64 {
    let a = &portfolio.arrivals;
    if years.is_nan() || years <= 0.0 {
        return f64::NAN;
    }
    let mut n = 0.0;
    for (i, r) in a.rate_by_year.iter().enumerate() {
        n += r * (years - i as f64).clamp(0.0, 1.0);
    }
    let covered = (a.rate_by_year.len() as f64).min(years);
    n += a.rate_per_year * (years - covered).max(0.0);
    let horizon = years * 12.0;
    n += a.dated.iter().filter(|d| d.at_months < horizon).count() as f64;
    n / years
}

/// Mean share of time a post is filled under turnover (each vacancy lasts the re-recruitment lag).
fn availability(office: &Office) -> f64 {
    let Some(t) = office.turnover.as_ref() else {
        return 1.0;
    };
    let lag = |id: &str| {
        office
            .channels
            .iter()
            .find(|c| c.id == id)
            .map_or(0.0, |c| c.lag_days.mean() / DAYS_PER_MONTH)
    };
    let (mut n, mut sum) = (0.0, 0.0);
    for s in &office.sections {
        for p in &s.posts {
            let ch = if t.channel.is_empty() {
                &p.channel
            } else {
                &t.channel
            };
            let months = lag(ch).max(0.0);
            let c = f64::from(p.count);
            n += c;
            sum += c / (1.0 + t.rate_per_year.max(0.0) * months / 12.0);
        }
    }
    if n > 0.0 {
        sum / n
    } else {
        1.0
    }
}

fn teams(office: &Office, portfolio: &Portfolio, availability: f64) -> Option<Teams> {
    let phase = portfolio.engagements.first()?.phases.first()?;
    let mut base = phase.demand.iter().filter(|(_, f)| **f > 0.0);
    let (kind, &team_fte) = base.next()?;
    if base.next().is_some() || team_fte.is_nan() || team_fte <= 0.0 {
        return None;
    }
    let capacity_fte: f64 = office
        .servers_of(kind)
        .into_iter()
        .map(|(s, eff)| eff * section_posts(office, &s))
        .sum();
    let whole = |fte: f64| {
        (fte / team_fte + 1e-9)
            .floor()
            .clamp(0.0, f64::from(u32::MAX)) as u32
    };
    Some(Teams {
        demand: kind.clone(),
        team_fte,
        min_start_share: phase.min_start_share,
        capacity_fte,
        teams: whole(capacity_fte),
        teams_on_duty: whole(capacity_fte * availability),
        mean_months: phase.duration_months.mean(),
    })
}

/// What the simulation saw: situations arriving against teams put in place, late in the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Stability {
    /// Years averaged over (whole years in the second half of the horizon, after the warm-up).
    pub from_year: f64,
    /// Mean situations arriving per year over those years.
    pub arrivals_per_year: f64,
    /// Mean situations getting their first team per year.
    pub starts_per_year: f64,
    /// Mean situations finishing per year.
    pub completions_per_year: f64,
    /// Arrivals less starts: how many more situations wait at the end of each year.
    pub backlog_growth_per_year: f64,
    /// The queue grows: offered load above capacity, or a backlog growing late in the horizon
    /// by more than 10 % of the arrivals and more than a quarter of a situation a year.
    pub unstable: bool,
}

/// Stability from the per-year means (indexed by year of the horizon).
pub(crate) fn stability(
    arrived: &[f64],
    started: &[f64],
    completed: &[f64],
    years: f64,
    warmup: f64,
    overloaded: bool,
) -> Stability {
    let full = years.floor() as usize;
    let mut from = ((years / 2.0).ceil().max(warmup.ceil()) as usize).min(full);
    if from >= full {
        from = (warmup.ceil() as usize).min(full.saturating_sub(1));
    }
    let to = full.max(from + 1).min(arrived.len());
    let mean = |v: &[f64]| {
        let part = v.get(from..to).unwrap_or(&[]);
        if part.is_empty() {
            f64::NAN
        } else {
            part.iter().sum::<f64>() / part.len() as f64
        }
    };
    let (a, st, c) = (mean(arrived), mean(started), mean(completed));
    let growth = a - st;
    Stability {
        from_year: from as f64,
        arrivals_per_year: a,
        starts_per_year: st,
        completions_per_year: c,
        backlog_growth_per_year: growth,
        unstable: overloaded || growth > (0.1 * a).max(0.25),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn founding_note_office_yields_three_teams_and_is_overloaded_at_four_and_a_half() {
        let office =
            Office::from_toml_str(include_str!("../../python/peaceplan/data/pbso_office.toml"))
                .unwrap_or_else(|e| panic!("{e}"));
        let load = offered_load(
            &office,
            &Portfolio::simple(4.5, 3.0, 12.0, "planning"),
            10.0,
        );
        let t = load.teams.clone().unwrap_or_else(|| panic!("no teams"));
        // planning 7 x 1 + best practices 3 x 0.75 + Commission support 2 x 0.5 = 10.25 FTE.
        assert!((t.capacity_fte - 10.25).abs() < 1e-12);
        assert_eq!(t.teams, 3);
        assert!((load.offered_fte - 13.5).abs() < 1e-12);
        assert!(load.overloaded);
        let light = offered_load(
            &office,
            &Portfolio::simple(2.0, 3.0, 12.0, "planning"),
            10.0,
        );
        assert!(!light.overloaded);
        assert!((light.mean_arrivals_per_year - 2.0).abs() < 1e-12);
    }
}
