//! Progress actuals in the staff- and money-levelled engines: work that has already started
//! keeps its actual start in every engine (serial, parallel, search, Monte Carlo) even when a
//! pool or a source is short then; finished work keeps its dates; the rest waits for the
//! status date.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use peaceplan::schedule::Method;
use peaceplan::simulate::{simulate, Engine, SimOptions};
use peaceplan::{schedule, Plan, Scenario, ScheduleOptions};

const METHODS: [Method; 3] = [Method::Serial, Method::Parallel, Method::Search];

fn sc(body: &str) -> Scenario {
    Scenario::from_toml_str(&format!("schema = 1\nname = \"p\"\n{body}")).unwrap()
}

fn run(s: &Scenario, method: Method) -> Plan {
    let opts = ScheduleOptions {
        method,
        max_schedules: 200,
        ..ScheduleOptions::default()
    };
    schedule(s, &opts).unwrap_or_else(|e| panic!("{method:?}: {e}"))
}

fn at(plan: &Plan, id: &str) -> (f64, f64) {
    let i = plan.index_of(id).unwrap();
    (plan.start[i], plan.finish[i])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// One FTE of staff; `x` (finished) and `a` (running) both started at month 0 with more staff
/// than the pool ever has; `c` has not started.
const POOL: &str = r#"
status_months = 2
progress = [
  {id = "x", started_months = 0, finished_months = 2},
  {id = "a", started_months = 0, remaining_months = 4},
]
[[pools]]
id = "staff"
capacity = 1
[[interventions]]
id = "x"
duration_months = 3
staff = {staff = 2}
[[interventions]]
id = "a"
duration_months = {pert = [3, 5, 9]}
staff = {staff = 1}
[[interventions]]
id = "c"
duration_months = 1
staff = {staff = 1}
"#;

#[test]
fn started_work_keeps_its_start_when_the_pool_is_short() {
    // x within the capacity (a plain levelling would hold a back to month 2), then above it
    let within = POOL.replace("staff = {staff = 2}", "staff = {staff = 1}");
    for s in [sc(&within), sc(POOL)] {
        started_work_keeps_its_start(&s);
    }
}

fn started_work_keeps_its_start(s: &Scenario) {
    for m in METHODS {
        let plan = run(s, m);
        assert_eq!(
            at(&plan, "x"),
            (0.0, 2.0),
            "{m:?}: finished keeps its dates"
        );
        assert_eq!(at(&plan, "a"), (0.0, 6.0), "{m:?}: running keeps its start");
        // not started: released at the status date, then waits for the staff a holds
        assert_eq!(at(&plan, "c"), (6.0, 7.0), "{m:?}");
    }
}

#[test]
fn not_started_work_is_released_at_the_status_date() {
    let s = sc(&POOL.replace("capacity = 1", "capacity = 5"));
    for m in METHODS {
        let plan = run(&s, m);
        assert_eq!(at(&plan, "a"), (0.0, 6.0), "{m:?}");
        assert_eq!(at(&plan, "c"), (2.0, 3.0), "{m:?}");
    }
}

/// `r` started at month 1 and committed 2e6 when only 1e6 had arrived; `n` waits for money.
const MONEY: &str = r#"
status_months = 2
progress = [{id = "r", started_months = 1}]
[[sources]]
id = "pbf"
kind = "voluntary"
pledges = [{amount_usd = 1e6, at_months = 0}, {amount_usd = 2e6, at_months = 5}]
[[interventions]]
id = "r"
duration_months = 4
cost_usd = 2e6
funding = ["pbf"]
[[interventions]]
id = "n"
duration_months = 1
cost_usd = 1e6
funding = ["pbf"]
"#;

#[test]
fn started_work_keeps_its_start_when_the_money_is_short() {
    let s = sc(MONEY);
    for m in METHODS {
        let plan = run(&s, m);
        assert_eq!(at(&plan, "r"), (1.0, 5.0), "{m:?}");
        assert_eq!(at(&plan, "n"), (5.0, 6.0), "{m:?}");
    }
}

#[test]
fn monte_carlo_keeps_the_actual_start_in_every_draw() {
    let s = sc(POOL);
    let (ia, ix, ic) = (1, 0, 2);
    for engine in [Engine::Auto, Engine::Serial, Engine::Parallel] {
        let opts = SimOptions {
            draws: 300,
            seed: 7,
            engine,
            per_intervention: Some(true),
            ..SimOptions::default()
        };
        let sim = simulate(&s, &opts).unwrap();
        let o = &sim.outcomes;
        assert!(o.infeasible.iter().all(|&b| !b), "{engine:?}");
        let n = 3;
        assert_eq!(o.start.len(), 300 * n, "{engine:?}");
        for d in 0..300 {
            let row = &o.start[d * n..(d + 1) * n];
            let fin = &o.finish_matrix[d * n..(d + 1) * n];
            assert!(close(row[ia], 0.0), "{engine:?} draw {d}: {row:?}");
            assert!(close(row[ix], 0.0) && close(fin[ix], 2.0), "{engine:?} {d}");
            // c waits for a (one FTE), after the status date
            assert!(close(row[ic], fin[ia]) && row[ic] >= 2.0, "{engine:?} {d}");
        }
    }
}
