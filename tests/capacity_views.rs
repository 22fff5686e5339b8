//! One engine, two views: the office's sections are the scenario's staff pools. Two situations
//! that each need 3 planners for 10 months, 2 months apart: the country-plan view (CPM staff
//! profile against `Office::pools()`), the constrained scheduler over those pools, and the
//! capacity simulation tell the same story.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use peaceplan::capacity::{simulate, CapacityOptions, DatedArrival, Portfolio};
use peaceplan::schedule::constrained::{schedule, Method, ScheduleOptions};
use peaceplan::{cpm, Dist, Office, Point, Scenario};

fn office(planners: u32) -> Office {
    Office::from_toml_str(&format!(
        r#"
schema = 1
name = "planners"
channels = [{{ id = "none", lag_days = 0 }}]
sections = [{{ id = "planning", posts = [{{ grade = "P-4", count = {planners}, channel = "none", filled = true }}] }}]
"#
    ))
    .unwrap()
}

fn scenario(office: &Office) -> Scenario {
    let mut sc = Scenario::from_toml_str(
        r#"
schema = 1
name = "two situations"
[[situations]]
id = "a"
arrival_months = 0
[[situations]]
id = "b"
arrival_months = 2
[[pools]]
id = "planning"
capacity = 0
[[interventions]]
id = "a_strategy"
situation = "a"
duration_months = 10
staff = { planning = 3 }
[[interventions]]
id = "b_strategy"
situation = "b"
duration_months = 10
staff = { planning = 3 }
"#,
    )
    .unwrap();
    sc.pools = office.pools(Point::Mode, true).unwrap();
    sc
}

fn portfolio() -> Portfolio {
    let mut p = Portfolio::simple(0.0, 3.0, 10.0, "planning");
    p.engagements[0].phases[0].duration_months = Dist::Fixed(10.0);
    p.engagements[0].phases[0].demand = BTreeMap::from([("planning".into(), 3.0)]);
    for (name, at) in [("a", 0.0), ("b", 2.0)] {
        p.arrivals.dated.push(DatedArrival {
            name: name.into(),
            at_months: at,
            engagement: String::new(),
            source: String::new(),
        });
    }
    p
}

/// Months during which the unconstrained plan asks more of `pool` than the office has.
fn months_over(sc: &Scenario) -> f64 {
    let plan = cpm(sc, Point::Mode).unwrap();
    let (times, levels) = plan.staff_profile("planning").unwrap();
    let cap = &sc.pools[0].capacity;
    times
        .windows(2)
        .zip(&levels)
        .filter(|(w, level)| **level > cap.at(w[0]) + 1e-9)
        .map(|(w, _)| w[1] - w[0])
        .sum()
}

#[test]
fn plan_view_and_capacity_view_agree() {
    let opts = CapacityOptions {
        years: 2.0,
        draws: 4,
        ..CapacityOptions::default()
    };
    // Three planners: the plan overloads the pool for 8 months; the simulation makes the second
    // situation wait those same 8 months (mean over the two situations: 4).
    let small = office(3);
    assert_eq!(months_over(&scenario(&small)), 8.0);
    let r = simulate(&small, &portfolio(), &opts).unwrap();
    assert!((r.mean_wait - 4.0).abs() < 1e-9, "{}", r.mean_wait);
    // The constrained scheduler, dispatching as time runs over the same pool, starts the second
    // strategy exactly when the first releases its team: 8 months after it arrived.
    for method in [Method::Parallel, Method::Serial] {
        let plan = schedule(
            &scenario(&small),
            &ScheduleOptions {
                method,
                ..ScheduleOptions::default()
            },
        )
        .unwrap();
        let b = plan.index_of("b_strategy").unwrap();
        assert_eq!(plan.start[b] - 2.0, 8.0, "{method:?}");
        let delay = plan.delays.iter().find(|d| d.id == "b_strategy").unwrap();
        assert_eq!(delay.delay_months, 8.0);
        assert_eq!(delay.causes[0].1, "planning");
    }
    // Kaplan-Meier percentile, linear within its 0.1-month bin: (7.9, 8.0].
    assert!(r.wait_p90 > 7.9 && r.wait_p90 <= 8.0, "{}", r.wait_p90);
    // Six planners: the plan fits the pool and nobody waits.
    let big = office(6);
    let sc = scenario(&big);
    assert_eq!(months_over(&sc), 0.0);
    let peak = cpm(&sc, Point::Mode).unwrap().peak_staff();
    assert_eq!(peak, vec![("planning".to_string(), 6.0)]);
    let r = simulate(&big, &portfolio(), &opts).unwrap();
    assert_eq!(r.mean_wait, 0.0);
    assert_eq!(r.p_wait, 0.0);
}
