//! Invariants of the schedule generation schemes on random instances: links and release dates
//! respected, no pool over capacity, no source below zero, justification never worse, the
//! critical path never longer, the delay causes summing to the delay, determinism.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{check_plan, inst, toml};
use peaceplan::model::{Point, Scenario};
use peaceplan::schedule::justify::justify;
use peaceplan::schedule::rules::{priority_values, sample_list, ListBuf, Rule};
use peaceplan::schedule::{cpm, schedule, Method, Problem, Schedule, ScheduleOptions, Sgs};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn options(method: Method, seed: u64) -> ScheduleOptions {
    ScheduleOptions {
        method,
        rule: Rule::Lft,
        max_schedules: 30,
        seed,
        point: Point::Mode,
        hard_deadlines: false,
    }
}

/// 96 cases, or `PROPTEST_CASES` when set (`with_cases` alone would ignore it).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(96)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn schedules_respect_every_constraint(inst in inst(), seed in 0u64..1000) {
        let text = toml(&inst);
        let sc = Scenario::from_toml_str(&text).unwrap();
        let base = cpm(&sc, Point::Mode).unwrap();
        for method in [Method::Serial, Method::Parallel, Method::Search] {
            let plan = schedule(&sc, &options(method, seed)).map_err(|e| {
                TestCaseError::fail(format!("{method:?}: {e}\n{text}"))
            })?;
            check_plan(&sc, &plan)?;
            if plan.modes.iter().all(|m| m == "base") {
                prop_assert!(base.makespan <= plan.makespan + 1e-9);
            }
            let again = schedule(&sc, &options(method, seed)).unwrap();
            prop_assert_eq!(format!("{plan:?}"), format!("{again:?}"));
        }
    }

    #[test]
    fn justification_never_worse(inst in inst(), seed in 0u64..1000) {
        let sc = Scenario::from_toml_str(&toml(&inst)).unwrap();
        let p = Problem::build(&sc, Point::Mode).unwrap();
        let modes = p.default_modes();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (mut buf, mut values, mut list) = (ListBuf::default(), Vec::new(), Vec::new());
        priority_values(&p, &modes, Rule::Lft, &mut rng, &mut buf, &mut values).unwrap();
        sample_list(&p, &values, &mut rng, &mut buf, &mut list);
        let mut sgs = Sgs::new();
        let mut out = Schedule::new();
        sgs.serial(&p, &list, &modes, &mut out).unwrap();
        let before = out.makespan;
        justify(&p, &mut sgs, &mut out, &mut list, 50, false).unwrap();
        prop_assert!(out.makespan <= before + 1e-9);
        // the list returned decodes to a schedule no worse than before
        let mut again = Schedule::new();
        sgs.serial(&p, &list, &modes, &mut again).unwrap();
        prop_assert!(again.makespan <= before + 1e-9);
    }
}
