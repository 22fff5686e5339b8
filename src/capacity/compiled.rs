//! The office and portfolio compiled for the capacity simulation: checked options, and flat arrays
//! of phases, posts and surge options indexed by number for the event loops.

use super::classes::ClassAcc;
use super::des::CapacityOptions;
use super::limits::{check_options, check_posts};
use super::portfolio::Portfolio;
use super::sampler::Sampler;
use super::stats::{hist_width, Acc};
use crate::error::{Error, Result};
use crate::model::office::DAYS_PER_MONTH;
use crate::model::validate::into_result;
use crate::model::Office;

/// One phase, compiled.
pub(crate) struct PhaseSpec {
    pub duration: Sampler,
    /// (demand kind index, FTE): the phase's own demand, then its review peaks' extra demand.
    pub demand: Vec<(usize, f64)>,
    /// How many entries of `demand` are the phase's own (the rest are peak extras).
    pub n_base: usize,
    pub min_share: f64,
    pub peaks: Option<PeakSpec>,
    /// Work progresses at staffed / required FTE (the end moves when staffing changes).
    pub slows: bool,
}

/// Periodic peaks of a phase: `[k * every - duration, k * every)` after its start, k = 1, 2, ...
pub(crate) struct PeakSpec {
    pub every: f64,
    pub duration: f64,
}

/// One post (a group of `count` posts is expanded).
pub(crate) struct PostSpec {
    pub section: usize,
    pub lag_days: Sampler,
    pub relag_days: Sampler,
    pub filled: bool,
}

/// One surge option, compiled.
pub(crate) struct SurgeSpec {
    pub section: usize,
    pub fte: f64,
    pub lag_days: Sampler,
    pub duration: f64,
    pub cost: f64,
    pub trigger: usize,
    pub max_active: usize,
}

/// The office and portfolio as flat arrays for the event loop.
pub(crate) struct Model {
    pub n_sections: usize,
    /// Per demand kind: (section, efficiency) in preference order.
    pub servers: Vec<Vec<(usize, f64)>>,
    pub engagements: Vec<Vec<PhaseSpec>>,
    /// Cumulative shares of engagements for Poisson arrivals.
    pub shares: Vec<f64>,
    /// Priority class per engagement (higher first).
    pub priority: Vec<u32>,
    /// Engagements differ in priority: order the queue by class, pre-empt, keep per-class figures.
    pub classes: bool,
    pub posts: Vec<PostSpec>,
    pub surges: Vec<SurgeSpec>,
    pub approval_months: Option<Sampler>,
    pub turnover_per_month: f64,
    pub rate_by_year: Vec<f64>,
    pub rate_after: f64,
    /// (months, engagement).
    pub dated: Vec<(f64, usize)>,
    /// (engagement, phase, remaining months).
    pub in_progress: Vec<(usize, usize, Sampler)>,
    pub horizon: f64,
    pub warmup: f64,
    pub bin: f64,
    pub bins: usize,
    pub years: usize,
    pub max_waits: usize,
}

fn arg(name: &str, message: String) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        message,
    }
}

impl Model {
    pub(crate) fn compile(
        office: &Office,
        portfolio: &Portfolio,
        o: &CapacityOptions,
    ) -> Result<Model> {
        check_options(o)?;
        check_posts(office)?;
        into_result(portfolio.issues_with(office))?;
        let section_index = |id: &str| office.sections.iter().position(|s| s.id == id);
        let channel_lag = |id: &str| {
            office
                .channels
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.lag_days.clone())
                .ok_or_else(|| Error::UnknownId {
                    what: "recruitment channel",
                    id: id.to_string(),
                })
        };
        let mut kinds: Vec<String> = Vec::new();
        let mut engagements = Vec::new();
        for e in &portfolio.engagements {
            let mut phases = Vec::new();
            for p in &e.phases {
                let mut demand = Vec::new();
                let mut kind_of = |kind: &String| match kinds.iter().position(|x| x == kind) {
                    Some(k) => k,
                    None => {
                        kinds.push(kind.clone());
                        kinds.len() - 1
                    }
                };
                for (kind, fte) in &p.demand {
                    let k = kind_of(kind);
                    if *fte > 0.0 {
                        demand.push((k, *fte));
                    }
                }
                let n_base = demand.len();
                let mut peaks = None;
                if let Some(pk) = &p.peaks {
                    for (kind, fte) in &pk.extra {
                        let k = kind_of(kind);
                        if *fte > 0.0 {
                            demand.push((k, *fte));
                        }
                    }
                    if demand.len() > n_base {
                        peaks = Some(PeakSpec {
                            every: pk.every_months,
                            duration: pk.duration_months,
                        });
                    }
                }
                phases.push(PhaseSpec {
                    duration: Sampler::new(&p.duration_months),
                    demand,
                    n_base,
                    min_share: p.min_start_share,
                    peaks,
                    slows: p.slows_when_short,
                });
            }
            engagements.push(phases);
        }
        let servers = kinds
            .iter()
            .map(|k| {
                office
                    .servers_of(k)
                    .into_iter()
                    .filter_map(|(s, eff)| section_index(&s).map(|i| (i, eff)))
                    .collect()
            })
            .collect();
        let mut shares = Vec::new();
        let mut total = 0.0;
        for e in &portfolio.engagements {
            total += e.share;
            shares.push(total);
        }
        let turnover = office.turnover.as_ref();
        let mut posts = Vec::new();
        for (si, section) in office.sections.iter().enumerate() {
            for post in &section.posts {
                let lag_days = channel_lag(&post.channel)?;
                let relag_days = match turnover.map(|t| t.channel.as_str()) {
                    Some(c) if !c.is_empty() => channel_lag(c)?,
                    _ => lag_days.clone(),
                };
                for _ in 0..post.count {
                    posts.push(PostSpec {
                        section: si,
                        lag_days: Sampler::new(&lag_days),
                        relag_days: Sampler::new(&relag_days),
                        filled: post.filled,
                    });
                }
            }
        }
        let surges = office
            .surge
            .iter()
            .filter_map(|s| {
                section_index(&s.section).map(|i| SurgeSpec {
                    section: i,
                    fte: s.fte,
                    lag_days: Sampler::new(&s.lag_days),
                    duration: s.duration_months,
                    cost: s.cost_usd_per_fte_month,
                    trigger: s.trigger_queue.max(1) as usize,
                    max_active: s.max_active as usize,
                })
            })
            .collect();
        let horizon = o.years * 12.0;
        let bin = if o.bin_months > 0.0 {
            o.bin_months
        } else {
            (horizon / 1200.0).max(1.0)
        };
        let bins = ((horizon / bin).ceil() as usize).max(1);
        if bins > 100_000 {
            let m = format!(
                "gives {bins} time bins over {} years; use at most 100000",
                o.years
            );
            return Err(arg("bin_months", m));
        }
        let mut dated: Vec<(f64, usize)> = portfolio
            .arrivals
            .dated
            .iter()
            .filter_map(|d| {
                portfolio
                    .engagement_index(&d.engagement)
                    .map(|e| (d.at_months, e))
            })
            .collect();
        dated.sort_by(|a, b| a.0.total_cmp(&b.0));
        let in_progress = portfolio
            .in_progress
            .iter()
            .filter_map(|s| {
                let e = portfolio.engagement_index(&s.engagement)?;
                let p = portfolio
                    .engagements
                    .get(e)?
                    .phases
                    .iter()
                    .position(|p| p.id == s.phase)?;
                Some((e, p, Sampler::new(&s.remaining_months)))
            })
            .collect();
        Ok(Model {
            n_sections: office.sections.len(),
            servers,
            engagements,
            shares,
            priority: portfolio.engagements.iter().map(|e| e.priority).collect(),
            classes: portfolio.has_classes(),
            posts,
            surges,
            approval_months: office.approval_lag_months.as_ref().map(Sampler::new),
            turnover_per_month: turnover.map_or(0.0, |t| t.rate_per_year / 12.0),
            rate_by_year: portfolio.arrivals.rate_by_year.clone(),
            rate_after: portfolio.arrivals.rate_per_year,
            dated,
            in_progress,
            horizon,
            warmup: o.warmup_years * 12.0,
            bin,
            bins,
            years: (o.years.ceil() as usize).max(1),
            max_waits: o.max_waits,
        })
    }

    pub(crate) fn acc(&self) -> Acc {
        let mut acc = Acc::new(
            self.n_sections,
            self.bins,
            self.years,
            self.max_waits,
            hist_width(self.horizon),
        );
        if self.classes {
            acc.classes = vec![ClassAcc::default(); self.engagements.len()];
        }
        acc
    }
}

/// Lag in days drawn from `d`, in months (never negative).
pub(crate) fn days_to_months(days: f64) -> f64 {
    (days / DAYS_PER_MONTH).max(0.0)
}
