//! Regressions of the schedule generation schemes found by the property tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::check_plan;
use peaceplan::model::{Point, Scenario};
use peaceplan::schedule::{schedule, Method, Rule, ScheduleOptions};

const SHRUNK: &str = r#"schema = 1
name = "random"
[[pools]]
id = "p0"
capacity = [{from_months = 0, fte = 0}, {from_months = 1, fte = 5}]
[[pools]]
id = "p1"
capacity = [{from_months = 0, fte = 0}, {from_months = 1, fte = 3}]
[[pools]]
id = "p2"
capacity = [{from_months = 0, fte = 0}, {from_months = 1, fte = 3}]
[[sources]]
id = "s0"
kind = "grant"
[[sources.pledges]]
amount_usd = 2
at_months = 0
[[sources.pledges]]
amount_usd = 5
at_months = 3
[[interventions]]
id = "a0"
duration_months = 3
staff = {}
cost_usd = 3
funding = ["s0"]
cost_timing = "spread"
[[interventions]]
id = "a1"
duration_months = 0
staff = {}
[[interventions]]
id = "a2"
duration_months = 0
staff = {}
[[interventions]]
id = "a3"
duration_months = 0
staff = {}
cost_usd = 1
funding = ["s0"]
modes = [{id = "alt", duration_months = 1, staff = {p0 = 1}}]
[[interventions]]
id = "a4"
duration_months = 1
staff = {p0 = 2}
[[interventions]]
id = "a5"
duration_months = 1
staff = {p0 = 3}
[[interventions]]
id = "a6"
duration_months = 3
staff = {}
modes = [{id = "alt", duration_months = 1, staff = {p0 = 0}}]
[[links]]
from = "a1"
to = "a4"
type = "FS"
lag_months = -2
[[links]]
from = "a4"
to = "a5"
type = "SS"
lag_months = 0
[[links]]
from = "a4"
to = "a6"
type = "SS"
lag_months = 0
[[links]]
from = "a0"
to = "a1"
type = "FF"
lag_months = 0
"#;

fn opts(method: Method, seed: u64) -> ScheduleOptions {
    ScheduleOptions {
        method,
        rule: Rule::Lft,
        max_schedules: 30,
        seed,
        point: Point::Mode,
        hard_deadlines: false,
    }
}

/// The shrunk case of `sgs_props::schedules_respect_every_constraint` (seed 163): `a0` spreads
/// 3 US$ over 3 months against 2 US$ at month 0 and 5 more at month 3, so it can start at
/// month 1 exactly. The bisection of the money test used to stop at 1 + 4.5e-13; `a4` and
/// `a5` (5 FTE of p0, chained to `a0` by FF and FS -2) then ended at 3 + 4.5e-13, where the
/// search had already put `a3` in its 1-FTE mode from month 3: 6 FTE of p0 at month 3.
#[test]
fn spread_cost_start_is_exact_and_pools_do_not_overlap() {
    let sc = Scenario::from_toml_str(SHRUNK).unwrap();
    let plan = schedule(&sc, &opts(Method::Search, 0)).unwrap();
    let at = |id: &str| plan.index_of(id).unwrap();
    assert_eq!(plan.start[at("a0")], 1.0, "{plan:?}");
    assert_eq!(plan.start[at("a4")], 2.0, "{plan:?}");
    assert_eq!(plan.finish[at("a5")], 3.0, "{plan:?}");
    assert_eq!(plan.makespan, 4.0);
    check_plan(&sc, &plan).unwrap();
    for seed in 0..50 {
        for method in [Method::Serial, Method::Parallel, Method::Search] {
            let plan = schedule(&sc, &opts(method, seed)).unwrap();
            // integer data, integer times: no rounding drift anywhere
            let mut times = plan.start.iter().chain(&plan.finish);
            assert!(
                times.all(|t| t.fract() == 0.0),
                "{method:?} {seed}: {plan:?}"
            );
            if let Err(e) = check_plan(&sc, &plan) {
                panic!("{method:?}, seed {seed}: {e}\n{plan:?}");
            }
        }
    }
}
