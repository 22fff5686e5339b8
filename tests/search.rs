//! The search (genetic algorithm): budget of schedules respected exactly, determinism, never
//! worse than the rule's own schedule, optima of small PSPLIB instances, multi-mode instances
//! with nonrenewable budgets, feasible plans under funding limits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{check_plan, inst, toml};
use peaceplan::model::{Point, Scenario};
use peaceplan::psplib;
use peaceplan::schedule::rules::{list_from_keys, priority_values, ListBuf, Rule};
use peaceplan::schedule::search::{run, SearchOptions};
use peaceplan::schedule::{schedule, Method, Problem, Schedule, ScheduleOptions, Sgs};
use peaceplan::Error;
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/psplib");

fn data() -> Option<PathBuf> {
    let p = PathBuf::from(DATA);
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("note: {DATA} not found, skipping the PSPLIB search tests");
        None
    }
}

fn opts(max_schedules: u64, seed: u64) -> SearchOptions {
    SearchOptions {
        max_schedules,
        seed,
        ..SearchOptions::default()
    }
}

/// Makespan of the rule's own list (LFT) in the default modes, decoded by the serial SGS.
fn lft_makespan(p: &Problem) -> Option<f64> {
    let modes = p.default_modes();
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let (mut buf, mut values, mut list) = (ListBuf::default(), Vec::new(), Vec::new());
    priority_values(p, &modes, Rule::Lft, &mut rng, &mut buf, &mut values).unwrap();
    list_from_keys(p, &values, true, false, &mut buf, &mut list);
    let mut out = Schedule::new();
    Sgs::new()
        .serial(p, &list, &modes, &mut out)
        .ok()
        .map(|()| out.makespan)
}

fn search_opts(seed: u64) -> ScheduleOptions {
    ScheduleOptions {
        method: Method::Search,
        rule: Rule::Lft,
        max_schedules: 120,
        seed,
        point: Point::Mode,
        hard_deadlines: false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn budget_determinism_and_never_worse(inst in inst(), seed in 0u64..1000, budget in 1u64..80) {
        let sc = Scenario::from_toml_str(&toml(&inst)).unwrap();
        let p = Problem::build(&sc, Point::Mode).unwrap();
        let mut sgs = Sgs::new();
        let before = sgs.passes;
        let r = run(&p, &mut sgs, &opts(budget, seed)).unwrap();
        // every pass is counted, and the budget holds
        prop_assert_eq!(sgs.passes - before, r.passes);
        prop_assert!(r.passes <= budget);
        // the list decodes to the schedule in the modes returned
        let mut again = Schedule::new();
        sgs.serial(&p, &r.list, &r.modes, &mut again).unwrap();
        prop_assert!((again.makespan - r.makespan).abs() <= 1e-9);
        prop_assert_eq!(&r.schedule.modes, &r.modes);
        // never worse than the rule's own schedule (the first one generated)
        if let Some(first) = lft_makespan(&p) {
            prop_assert!(r.makespan <= first + 1e-9);
        }
        // same seed, same result, whatever workspace
        let r2 = run(&p, &mut Sgs::new(), &opts(budget, seed)).unwrap();
        prop_assert_eq!(&r.list, &r2.list);
        prop_assert_eq!(&r.modes, &r2.modes);
        prop_assert_eq!(r.makespan, r2.makespan);
        prop_assert_eq!(r.passes, r2.passes);
    }

    #[test]
    fn funded_plans_are_feasible(inst in inst(), seed in 0u64..1000) {
        let text = toml(&inst);
        let sc = Scenario::from_toml_str(&text).unwrap();
        let plan = schedule(&sc, &search_opts(seed)).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        check_plan(&sc, &plan)?;
    }
}

#[test]
fn zero_budget_is_an_error() {
    let sc = Scenario::from_toml_str(
        "schema = 1\nname = \"x\"\n[[interventions]]\nid = \"a\"\nduration_months = 2\n",
    )
    .unwrap();
    let p = Problem::build(&sc, Point::Mode).unwrap();
    let e = run(&p, &mut Sgs::new(), &opts(0, 0)).unwrap_err();
    assert!(matches!(e, Error::InvalidArgument { .. }), "{e}");
}

/// Money arrives in tranches and every activity competes for it: the plan must wait for the
/// money, and the search must stay feasible and no worse than the LFT schedule.
#[test]
fn tight_funding_gives_a_feasible_plan() {
    let mut text = String::from(
        "schema = 1\nname = \"tight\"\n[[pools]]\nid = \"staff\"\ncapacity = 3\n\
         [[sources]]\nid = \"donor\"\nkind = \"grant\"\n",
    );
    for (at, amount) in [(0, 30), (6, 30), (12, 30), (18, 50)] {
        text.push_str(&format!(
            "[[sources.pledges]]\namount_usd = {amount}\nat_months = {at}\n"
        ));
    }
    for i in 0..10 {
        let (d, s, c) = (2 + i % 4, 1 + i % 3, 10 + 3 * (i % 4));
        text.push_str(&format!(
            "[[interventions]]\nid = \"a{i}\"\nduration_months = {d}\nstaff = {{staff = {s}}}\n\
             cost_usd = {c}\nfunding = [\"donor\"]\n"
        ));
        if i % 3 == 0 {
            text.push_str("cost_timing = \"spread\"\n");
        }
        if i >= 2 {
            text.push_str(&format!("after = [\"a{}\"]\n", i / 2 - 1));
        }
        if i % 2 == 1 {
            text.push_str("modes = [{id = \"fast\", duration_months = 1, staff = {staff = 3}}]\n");
        }
    }
    let sc = Scenario::from_toml_str(&text).unwrap();
    let plan = schedule(&sc, &search_opts(7)).unwrap();
    check_plan(&sc, &plan).unwrap();
    let p = Problem::build(&sc, Point::Mode).unwrap();
    let r = run(&p, &mut Sgs::new(), &opts(300, 3)).unwrap();
    assert!(r.passes <= 300);
    assert!(r.makespan <= lft_makespan(&p).unwrap() + 1e-9);
}

fn best_ub(root: &Path, instance: &str) -> u32 {
    psplib::read_reference_bounds(&root.join("reference_bounds.csv"))
        .unwrap()
        .into_iter()
        .find(|b| b.instance == instance)
        .unwrap()
        .best_ub
}

#[test]
fn finds_optima_of_small_j30_instances() {
    let Some(root) = data() else { return };
    for inst in ["j301_1", "j301_2", "j302_1", "j303_1", "j309_1"] {
        let sc = psplib::load(&root.join("j30").join(format!("{inst}.sm"))).unwrap();
        let p = Problem::build(&sc, Point::Mode).unwrap();
        let r = run(&p, &mut Sgs::new(), &opts(1000, 0)).unwrap();
        assert!(r.passes <= 1000);
        let opt = f64::from(best_ub(&root, inst));
        assert_eq!(r.makespan, opt, "{inst}");
    }
}

#[test]
fn multi_mode_instances_respect_their_budgets() {
    let Some(root) = data() else { return };
    let opt = psplib::read_table(&root.join("mm/j10/j10opt.mm")).unwrap();
    let mut solved = 0;
    let present = opt
        .iter()
        .filter(|(name, best)| {
            *best != psplib::INFEASIBLE_MAKESPAN
                && root.join("mm/j10").join(format!("{name}.mm")).is_file()
        })
        .take(12);
    for (name, best) in present {
        let sc = psplib::load(&root.join("mm/j10").join(format!("{name}.mm"))).unwrap();
        let p = match Problem::build(&sc, Point::Mode) {
            Ok(p) => p,
            Err(e) => {
                panic!("{name}: {e}");
            }
        };
        let r = match run(&p, &mut Sgs::new(), &opts(500, 1)) {
            Ok(r) => r,
            Err(e) => panic!("{name}: {e}"),
        };
        assert!(r.passes <= 500);
        p.check_modes(&r.modes).unwrap();
        // the nonrenewable budgets hold
        for (s, src) in p.sources().iter().enumerate() {
            let have: f64 = src.inflows.iter().map(|f| f.1).sum();
            let used: f64 = (0..p.len())
                .flat_map(|i| p.draws(p.mode_start(i) + r.modes[i] as usize))
                .filter(|d| d.0 as usize == s)
                .map(|d| d.1)
                .sum();
            assert!(used <= have + 1e-9, "{name}: source {s} {used} > {have}");
        }
        assert!(r.makespan >= f64::from(*best) - 1e-9, "{name}");
        assert!(
            r.makespan <= 1.25 * f64::from(*best),
            "{name}: {} vs {best}",
            r.makespan
        );
        solved += 1;
    }
    assert!(solved >= 6, "only {solved} multi-mode instances solved");
}
