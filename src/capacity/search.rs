//! Minimum structure: which posts, in which sections, meet a service target such as
//! "P(wait > 3 months) <= 10 %". A greedy search over post counts per section, one post at a
//! time, every candidate simulated with the same seed (common random numbers).

use super::des::{simulate_with, CapacityOptions, CapacityResult};
use super::portfolio::Portfolio;
use crate::error::{Error, Result};
use crate::model::{Office, Post};

/// Settings of [`minimum_structure`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    /// Largest acceptable P(wait > `capacity.threshold_months`).
    pub target: f64,
    /// Sections whose posts may change; empty = every section that serves the portfolio.
    pub sections: Vec<String>,
    /// Most steps (posts added or removed) before giving up.
    pub max_steps: u32,
    /// The simulation run for every candidate.
    pub capacity: CapacityOptions,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            target: 0.10,
            sections: Vec::new(),
            max_steps: 20,
            capacity: CapacityOptions {
                draws: 200,
                ..CapacityOptions::default()
            },
        }
    }
}

/// One office structure the search simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct StructureOption {
    /// Step of the search (0 = the office as given).
    pub step: u32,
    /// What changed against the previous step's choice, e.g. `+1 planning`.
    pub change: String,
    /// Posts per section (all grades), in office order.
    pub posts: Vec<(String, u32)>,
    /// The simulation's result.
    pub result: CapacityResult,
    /// Whether it meets the target.
    pub meets: bool,
    /// Whether the search kept it as the step's choice.
    pub chosen: bool,
    /// The office tried.
    pub office: Office,
}

/// Search for the smallest structure that meets `options.target`: if the office already meets
/// it, remove posts one at a time (cheapest that still meets the target); otherwise add posts one
/// at a time (the addition with the lowest P(wait > threshold)). New posts copy the grade and
/// channel of the section's last post and must be recruited (not filled).
///
/// Returns every option tried and the index of the best one that meets the target (if any).
///
/// # Errors
/// [`Error::InvalidArgument`] for a bad target or an unknown section, and the errors of
/// [`simulate`].
pub fn minimum_structure(
    office: &Office,
    portfolio: &Portfolio,
    options: &SearchOptions,
) -> Result<(Vec<StructureOption>, Option<usize>)> {
    minimum_structure_with(office, portfolio, options, &mut || Ok(()))
}

/// [`minimum_structure`], calling `check` between batches of draws of every candidate (an error
/// from it, e.g. Ctrl-C seen by the Python binding, stops the search and is returned).
///
/// # Errors
/// As [`minimum_structure`], and whatever `check` returns.
pub fn minimum_structure_with(
    office: &Office,
    portfolio: &Portfolio,
    options: &SearchOptions,
    check: &mut dyn FnMut() -> Result<()>,
) -> Result<(Vec<StructureOption>, Option<usize>)> {
    if !(options.target.is_finite() && (0.0..=1.0).contains(&options.target)) {
        return Err(Error::InvalidArgument {
            name: "target".into(),
            message: format!("must lie in [0, 1], got {}", options.target),
        });
    }
    let sections = candidate_sections(office, portfolio, &options.sections)?;
    let mut tried = Vec::new();
    let mut current = evaluate(
        office.clone(),
        portfolio,
        options,
        0,
        "as given".into(),
        check,
    )?;
    current.chosen = true;
    let mut best = current.meets.then_some(0);
    let removing = current.meets;
    tried.push(current.clone());
    for step in 1..=options.max_steps {
        let mut candidates = Vec::new();
        for id in &sections {
            let delta = if removing { -1 } else { 1 };
            let Some(next) = change_posts(&current.office, id, delta) else {
                continue;
            };
            let label = format!("{}1 {id}", if removing { "-" } else { "+" });
            candidates.push(evaluate(next, portfolio, options, step, label, check)?);
        }
        let pick = if removing {
            candidates
                .iter()
                .enumerate()
                .filter(|(_, c)| c.meets)
                .min_by(|a, b| {
                    cost(a.1)
                        .total_cmp(&cost(b.1))
                        .then(p(a.1).total_cmp(&p(b.1)))
                })
                .map(|x| x.0)
        } else {
            candidates
                .iter()
                .enumerate()
                .min_by(|a, b| {
                    p(a.1)
                        .total_cmp(&p(b.1))
                        .then(cost(a.1).total_cmp(&cost(b.1)))
                })
                .map(|x| x.0)
        };
        let base = tried.len();
        let Some(k) = pick else {
            tried.extend(candidates);
            break;
        };
        if let Some(c) = candidates.get_mut(k) {
            c.chosen = true;
            current = c.clone();
        }
        tried.extend(candidates);
        if removing {
            best = Some(base + k);
        } else if current.meets {
            best = Some(base + k);
            break;
        }
    }
    Ok((tried, best))
}

fn p(o: &StructureOption) -> f64 {
    let v = o.result.p_wait_over_threshold;
    if v.is_nan() {
        1.0
    } else {
        v
    }
}

fn cost(o: &StructureOption) -> f64 {
    o.result.post_cost_usd_per_year
}

fn evaluate(
    office: Office,
    portfolio: &Portfolio,
    options: &SearchOptions,
    step: u32,
    change: String,
    check: &mut dyn FnMut() -> Result<()>,
) -> Result<StructureOption> {
    let result = simulate_with(&office, portfolio, &options.capacity, check)?;
    let meets = p_meets(&result, options.target);
    let posts = office
        .sections
        .iter()
        .map(|s| (s.id.clone(), s.posts.iter().map(|p| p.count).sum()))
        .collect();
    Ok(StructureOption {
        step,
        change,
        posts,
        result,
        meets,
        chosen: false,
        office,
    })
}

fn p_meets(r: &CapacityResult, target: f64) -> bool {
    r.p_wait_over_threshold <= target
}

fn candidate_sections(
    office: &Office,
    portfolio: &Portfolio,
    given: &[String],
) -> Result<Vec<String>> {
    if !given.is_empty() {
        for id in given {
            if !office.sections.iter().any(|s| &s.id == id) {
                return Err(Error::InvalidArgument {
                    name: "sections".into(),
                    message: format!("unknown section `{id}`"),
                });
            }
        }
        return Ok(given.to_vec());
    }
    let mut out: Vec<String> = Vec::new();
    for e in &portfolio.engagements {
        for ph in &e.phases {
            for kind in ph.demand.keys() {
                for (s, _) in office.servers_of(kind) {
                    if !out.contains(&s) && office.sections.iter().any(|x| x.id == s) {
                        out.push(s);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The office with one post more (`delta = 1`) or less (`-1`) in section `id`; `None` when the
/// section does not exist or has no post to remove.
pub(crate) fn change_posts(office: &Office, id: &str, delta: i32) -> Option<Office> {
    let mut o = office.clone();
    let first_channel = o.channels.first().map(|c| c.id.clone()).unwrap_or_default();
    let section = o.sections.iter_mut().find(|s| s.id == id)?;
    if delta > 0 {
        let like = section.posts.iter().rev().find(|p| p.is_professional());
        let post = Post {
            grade: like.map_or("P-3".into(), |p| p.grade.clone()),
            count: 1,
            channel: like.map_or(first_channel, |p| p.channel.clone()),
            filled: false,
            cost_usd_per_year: like.and_then(|p| p.cost_usd_per_year),
            source: "added by the minimum-structure search".into(),
        };
        section.posts.push(post);
    } else {
        let i = section.posts.iter().rposition(|p| p.count > 0)?;
        let post = section.posts.get_mut(i)?;
        post.count -= 1;
        if post.count == 0 {
            section.posts.remove(i);
        }
    }
    Some(o)
}
