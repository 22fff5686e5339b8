//! Shared helpers of the integration tests: random instances (staff pools with steps, funding
//! sources with timed pledges, alternative modes, generalised links with lags and release
//! dates) and an independent check of a plan's feasibility.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::fmt::Write as _;

use peaceplan::model::Scenario;
use peaceplan::network::Edge;
use peaceplan::schedule::Plan;
use proptest::prelude::*;

pub mod validate;

#[derive(Debug, Clone)]
pub struct Act {
    dur: u8,
    demand: Vec<u8>,
    alt: Option<(u8, u8)>,
    cost: u8,
    spread: bool,
    release: u8,
    funding: Vec<bool>,
}

#[derive(Debug, Clone)]
pub struct Inst {
    acts: Vec<Act>,
    links: Vec<(usize, usize, u8, i8)>,
    pools: Vec<(u8, u8, u8)>,
    pledges: Vec<Vec<(u8, u8)>>,
}

pub fn inst() -> impl Strategy<Value = Inst> {
    (2usize..9, 1usize..4, 0usize..3).prop_flat_map(|(n, np, ns)| {
        let act = (
            0u8..5,
            prop::collection::vec(0u8..4, np),
            prop::option::of((1u8..4, 0u8..4)),
            0u8..4,
            any::<bool>(),
            prop_oneof![Just(0u8), 0u8..6],
            prop::collection::vec(any::<bool>(), ns),
        )
            .prop_map(|(dur, demand, alt, cost, spread, release, funding)| Act {
                dur,
                demand,
                alt,
                cost,
                spread,
                release,
                funding,
            });
        (
            prop::collection::vec(act, n),
            prop::collection::vec((0..n, 0..n, 0u8..4, -2i8..3), 0..2 * n),
            prop::collection::vec((0u8..4, 1u8..8, 0u8..4), np),
            prop::collection::vec(prop::collection::vec((0u8..10, 1u8..8), 1..3), ns),
        )
            .prop_map(|(acts, links, pools, pledges)| Inst {
                acts,
                links: links.into_iter().filter(|l| l.0 < l.1).collect(),
                pools,
                pledges,
            })
    })
}

pub fn toml(inst: &Inst) -> String {
    let mut s = String::from("schema = 1\nname = \"random\"\n");
    for (k, &(c0, at, extra)) in inst.pools.iter().enumerate() {
        // the last level is at least the largest demand (3), so every demand fits eventually
        let _ = writeln!(
            s,
            "[[pools]]\nid = \"p{k}\"\ncapacity = [{{from_months = 0, fte = {c0}}}, {{from_months = {at}, fte = {}}}]",
            3 + extra
        );
    }
    let total_cost: u32 = inst.acts.iter().map(|a| u32::from(a.cost)).sum();
    for (k, pl) in inst.pledges.iter().enumerate() {
        let _ = writeln!(s, "[[sources]]\nid = \"s{k}\"\nkind = \"grant\"");
        // enough money in the end: the last pledge covers every cost
        for (j, &(at, amount)) in pl.iter().enumerate() {
            let amount = if j + 1 == pl.len() {
                u32::from(amount) + total_cost
            } else {
                u32::from(amount)
            };
            let _ = writeln!(
                s,
                "[[sources.pledges]]\namount_usd = {amount}\nat_months = {at}"
            );
        }
    }
    for (i, a) in inst.acts.iter().enumerate() {
        let _ = writeln!(
            s,
            "[[interventions]]\nid = \"a{i}\"\nduration_months = {}",
            a.dur
        );
        let staff: Vec<String> = a
            .demand
            .iter()
            .enumerate()
            .filter(|(_, &d)| d > 0)
            .map(|(k, d)| format!("p{k} = {d}"))
            .collect();
        let _ = writeln!(s, "staff = {{{}}}", staff.join(", "));
        let funding: Vec<String> = a
            .funding
            .iter()
            .enumerate()
            .filter(|(_, &f)| f)
            .map(|(k, _)| format!("\"s{k}\""))
            .collect();
        if !funding.is_empty() {
            let _ = writeln!(
                s,
                "cost_usd = {}\nfunding = [{}]",
                a.cost,
                funding.join(", ")
            );
            if a.spread {
                s.push_str("cost_timing = \"spread\"\n");
            }
        }
        if a.release > 0 {
            let _ = writeln!(s, "not_before_months = {}", a.release);
        }
        if let Some((d, fte)) = a.alt {
            let _ = writeln!(
                s,
                "modes = [{{id = \"alt\", duration_months = {d}, staff = {{p0 = {fte}}}}}]"
            );
        }
    }
    for &(from, to, kind, lag) in &inst.links {
        let kind = ["FS", "SS", "FF", "SF"][kind as usize];
        let _ = writeln!(
            s,
            "[[links]]\nfrom = \"a{from}\"\nto = \"a{to}\"\ntype = \"{kind}\"\nlag_months = {lag}"
        );
    }
    s
}

pub fn check_plan(sc: &Scenario, plan: &Plan) -> Result<(), TestCaseError> {
    let tol = 1e-6;
    let idx = |id: &str| plan.index_of(id).unwrap();
    // links and release dates
    for l in sc.all_links() {
        let (i, j) = (idx(&l.from), idx(&l.to));
        let delta = Edge::delta(l.kind, l.lag_months, plan.duration[i], plan.duration[j]);
        prop_assert!(plan.start[j] >= plan.start[i] + delta - tol, "link {l:?}");
    }
    for (i, iv) in sc.interventions.iter().enumerate() {
        prop_assert!(plan.start[i] >= iv.not_before_months.unwrap_or(0.0) - tol);
        prop_assert!(plan.start[i] >= -tol);
    }
    // capacity at every breakpoint
    for (p, pool) in sc.pools.iter().enumerate() {
        let mut times: Vec<f64> = plan.start.iter().chain(&plan.finish).copied().collect();
        if let peaceplan::model::Capacity::Steps(st) = &pool.capacity {
            times.extend(st.iter().map(|s| s.from_months));
        }
        for &t in &times {
            let used: f64 = (0..plan.ids.len())
                .filter(|&i| plan.start[i] <= t && t < plan.finish[i])
                .map(|i| plan.staff[i][p])
                .sum();
            prop_assert!(
                used <= pool.capacity.at(t) + tol,
                "pool {} at {t}: {used}",
                pool.id
            );
        }
    }
    // money never below zero
    for s in &sc.sources {
        let (_, bal) = plan.balance_steps(&s.id).unwrap();
        let scale = s.pledged_usd().max(1.0);
        prop_assert!(
            bal.iter().all(|&b| b >= -1e-8 * scale),
            "source {}: {bal:?}",
            s.id
        );
    }
    // causes sum to the delay; the critical path is never longer
    for d in &plan.delays {
        let sum: f64 = d.causes.iter().map(|c| c.2).sum();
        prop_assert!((sum - d.delay_months).abs() <= 1e-6, "{d:?}");
    }
    Ok(())
}
