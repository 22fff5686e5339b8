//! Schedule generation that must fail, hand-computed: missed hard deadlines, staff demand above
//! capacity at every time, money that never suffices, bad options.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use peaceplan::schedule::constrained::seed_from_i64;
use peaceplan::schedule::{schedule, Method, Rule};
use peaceplan::Error;

mod sgs_hand;
use sgs_hand::{opts, run, sc};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// As in `sgs.rs`: Kolisch (1996)-style instance where no non-delay schedule is optimal:
/// capacity 2, chain 1 -> 3 -> 4 and an independent 2 that, started at 0, blocks 3.
const NONDELAY: &str = include_str!("data/nondelay.toml");

#[test]
fn hard_deadline_miss_is_an_error_naming_the_intervention() {
    let body = r#"
[[pools]]
id = "p"
capacity = 1
[[interventions]]
id = "a"
duration_months = 3
staff = {p = 1}
deadline_months = 4
[[interventions]]
id = "el"
duration_months = 3
staff = {p = 1}
deadline_months = 5
"#;
    let plan = run(body, Method::Serial);
    assert!(plan.lateness.iter().sum::<f64>() > 0.0);
    let mut o = opts(Method::Search);
    o.hard_deadlines = true;
    match schedule(&sc(body), &o).unwrap_err() {
        Error::Infeasible {
            intervention,
            resource,
            shortfall,
            message,
        } => {
            // the pool is the binding cause (see deadline_causes.rs)
            assert_eq!(resource, "deadline:pool:p");
            assert!(intervention == "el" || intervention == "a");
            assert!(shortfall > 0.0);
            assert!(
                message.contains("after its deadline at month")
                    && message.contains("hard_deadlines"),
                "{message}"
            );
        }
        e => panic!("{e}"),
    }
}

#[test]
fn demand_above_capacity_at_every_time() {
    let body = r#"
[[pools]]
id = "planning"
capacity = [{from_months = 0, fte = 1}, {from_months = 4, fte = 2}]
[[interventions]]
id = "dd"
duration_months = 3
staff = {planning = 3}
"#;
    match schedule(&sc(body), &opts(Method::Serial)).unwrap_err() {
        Error::Infeasible {
            intervention,
            resource,
            shortfall,
            message,
        } => {
            assert_eq!(
                (intervention.as_str(), resource.as_str()),
                ("dd", "planning")
            );
            assert_eq!(shortfall, 1.0);
            assert_eq!(
                message,
                "`dd` needs 3 FTE of pool `planning`, which never has more than 2"
            );
        }
        e => panic!("{e}"),
    }
    // capacity that falls for good before the work fits
    let body = r#"
[[pools]]
id = "planning"
capacity = [{from_months = 0, fte = 3}, {from_months = 2, fte = 1}]
[[interventions]]
id = "dd"
duration_months = 3
staff = {planning = 2}
"#;
    for m in [Method::Serial, Method::Parallel, Method::Search] {
        let err = schedule(&sc(body), &opts(m)).unwrap_err();
        assert!(
            matches!(&err, Error::Infeasible { intervention, resource, .. } if intervention == "dd" && resource == "planning"),
            "{err}"
        );
    }
}

#[test]
fn money_that_never_suffices() {
    let body = r#"
[[sources]]
id = "pbf"
kind = "voluntary"
pledges = [{amount_usd = 10e6, at_months = 0}]
[[sources]]
id = "national"
kind = "other"
pledges = [{amount_usd = 2e6, at_months = 3}]
[[interventions]]
id = "el"
duration_months = 3
cost_usd = 17.5e6
funding = ["pbf", "national"]
"#;
    match schedule(&sc(body), &opts(Method::Serial)).unwrap_err() {
        Error::Infeasible {
            intervention,
            resource,
            shortfall,
            message,
        } => {
            assert_eq!(intervention, "el");
            assert_eq!(resource, "pbf, national");
            assert!(close(shortfall, 5.5e6));
            assert_eq!(message, "`el` needs $17.5m from its sources (pbf, national) but at most $12m ever arrives (shortfall $5.5m)");
        }
        e => panic!("{e}"),
    }
    // each alone fits, both together do not: the second to be placed is named
    let body = body.replace("17.5e6", "7e6")
        + "[[interventions]]\nid = \"dd\"\nduration_months = 1\ncost_usd = 7e6\nfunding = [\"pbf\"]\n";
    for m in [Method::Serial, Method::Parallel, Method::Search] {
        let err = schedule(&sc(&body), &opts(m)).unwrap_err();
        assert!(matches!(&err, Error::Infeasible { .. }), "{err}");
    }
}

#[test]
fn bad_options_are_rejected() {
    let mut o = opts(Method::Search);
    o.max_schedules = 0;
    let err = schedule(&sc(NONDELAY), &o).unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { ref name, .. } if name == "max_schedules"));
    assert!(
        matches!(seed_from_i64(-1), Err(Error::InvalidArgument { ref name, .. }) if name == "seed")
    );
    assert_eq!(seed_from_i64(7).unwrap(), 7);
    assert!(Rule::parse("lft").is_ok() && Rule::parse("nope").is_err());
    assert!(Method::parse("parallel").is_ok() && Method::parse("x").is_err());
}
