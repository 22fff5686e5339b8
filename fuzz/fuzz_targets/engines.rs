//! The engines on small fuzzed scenarios: load (TOML, or PSPLIB when the first byte says so)
//! -> validate -> cpm -> schedule (serial, parallel, a short search) -> simulate(draws = 16).
//! Sizes are bounded here so the target tests logic, not allocation. A sound scenario must never
//! panic, and every constrained plan must keep each pool within its capacity.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peaceplan::model::Capacity;
use peaceplan::psplib::{parse_instance, Variant};
use peaceplan::schedule::{Method, Rule};
use peaceplan::simulate::{simulate, Engine, SimOptions};
use peaceplan::{cpm, schedule, Dist, Plan, Point, Scenario, ScheduleOptions};

fn dist_small(d: &Dist) -> bool {
    match d {
        Dist::Discrete { values, .. } => values.len() <= 16,
        _ => true,
    }
}

/// Small enough to run every engine in milliseconds.
fn small(sc: &Scenario) -> bool {
    let ivs = &sc.interventions;
    ivs.len() <= 40
        && sc.links.len() <= 120
        && sc.pools.len() <= 6
        && sc.sources.len() <= 6
        && sc.situations.len() <= 6
        && sc.risks.len() <= 6
        && sc.relapse_rules.len() <= 6
        && sc.progress.len() <= 40
        && sc.sources.iter().all(|s| s.pledges.len() <= 8)
        && sc.risks.iter().all(|r| r.affects.len() <= 40)
        && sc.pools.iter().all(|p| match &p.capacity {
            Capacity::Constant(_) => true,
            Capacity::Steps(s) => s.len() <= 16,
        })
        && ivs.iter().all(|iv| {
            iv.modes.len() <= 4
                && iv.after.len() <= 40
                && dist_small(&iv.duration_months)
                && dist_small(&iv.cost_usd)
        })
}

/// Every pool's demand stays within its capacity at every breakpoint of the demand.
fn check_capacity(sc: &Scenario, plan: &Plan, what: &str) {
    let started = sc.status_months.is_some() && !sc.progress.is_empty();
    if started {
        return; // work already under way may exceed a pool (validation allows it)
    }
    for (p, pool) in plan.pools.iter().enumerate() {
        let Ok((times, levels)) = plan.staff_profile(pool) else {
            continue;
        };
        let cap = &plan.pool_capacity[p];
        for (t, level) in times.iter().zip(&levels) {
            let have = cap.at(*t);
            assert!(
                *level <= have + 1e-6 * have.abs().max(1.0),
                "{what}: pool `{pool}` needs {level} FTE at month {t}, has {have}"
            );
        }
    }
}

fn run(sc: &Scenario, flags: u8) {
    if !small(sc) || !sc.issues().is_empty() {
        return;
    }
    let _ = cpm(sc, Point::Mode);
    let _ = cpm(sc, Point::Mean);
    let rule = match flags % 3 {
        0 => Rule::Lft,
        1 => Rule::Mts,
        _ => Rule::Random,
    };
    for method in [Method::Serial, Method::Parallel, Method::Search] {
        let opts = ScheduleOptions {
            method,
            rule,
            max_schedules: 24,
            seed: u64::from(flags),
            point: Point::Mode,
            hard_deadlines: flags & 8 != 0,
        };
        if let Ok(plan) = schedule(sc, &opts) {
            check_capacity(sc, &plan, &format!("{method:?}"));
        }
    }
    let engine = match (flags >> 4) % 4 {
        0 => Engine::Auto,
        1 => Engine::Cpm,
        2 => Engine::Serial,
        _ => Engine::Parallel,
    };
    let opts = SimOptions {
        draws: 16,
        seed: u64::from(flags),
        lhs: flags & 64 != 0,
        engine,
        per_intervention: Some(true),
        ..SimOptions::default()
    };
    let _ = simulate(sc, &opts);
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let sc = if flags & 128 != 0 {
        let variant = if flags & 4 != 0 {
            Variant::MultiMode
        } else {
            Variant::SingleMode
        };
        parse_instance(text, "fuzz", variant).map(|i| i.scenario)
    } else {
        Scenario::from_toml_str(text)
    };
    if let Ok(sc) = sc {
        run(&sc, flags);
    }
});
