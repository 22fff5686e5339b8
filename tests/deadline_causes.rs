//! `hard_deadlines = true`: the error names the binding cause of the missed deadline, a pool
//! (with the month its staff is free), a source (with the month its money arrives), a link from
//! a delayed predecessor (traced to that predecessor's cause), a release date, or links and
//! durations that make it impossible whatever the staff and money. Hand-computed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sgs_hand;

use peaceplan::schedule::{schedule, Method};
use peaceplan::Error;
use sgs_hand::{opts, sc};

/// `(intervention, resource, shortfall, message)` of the hard-deadline error, for every method.
fn fail(body: &str) -> (String, String, f64, String) {
    let mut first = None;
    for m in [Method::Serial, Method::Parallel, Method::Search] {
        let mut o = opts(m);
        o.hard_deadlines = true;
        match schedule(&sc(body), &o) {
            Err(Error::Infeasible {
                intervention,
                resource,
                shortfall,
                message,
            }) => {
                let got = (intervention, resource, shortfall, message);
                // every method makes the same plan here, so the same explanation
                if let Some(f) = &first {
                    assert_eq!(f, &got, "{m:?}");
                }
                first.get_or_insert(got);
            }
            r => panic!("{m:?}: expected a missed deadline, got {r:?}"),
        }
    }
    first.unwrap()
}

fn has(message: &str, parts: &[&str]) {
    for p in parts {
        assert!(message.contains(p), "{p:?} not in: {message}");
    }
}

#[test]
fn pool_with_the_month_its_staff_is_free() {
    let (iv, res, short, msg) = fail(
        r#"
[[pools]]
id = "desk"
capacity = 1
[[interventions]]
id = "a"
duration_months = 3
staff = {desk = 1}
deadline_months = 3
[[interventions]]
id = "b"
duration_months = 2
staff = {desk = 1}
deadline_months = 4
"#,
    );
    assert_eq!(
        (iv.as_str(), res.as_str(), short),
        ("b", "deadline:pool:desk", 1.0)
    );
    has(
        &msg,
        &[
            "`b` finishes at month 5, 1 month after its deadline at month 4 (hard_deadlines)",
            "`b` waits for staff of pool `desk`, free from month 3 (when `a` finishes)",
        ],
    );
}

#[test]
fn pool_whose_capacity_arrives_by_recruitment() {
    let (iv, res, _, msg) = fail(
        r#"
[[pools]]
id = "desk"
capacity = [{from_months = 0, fte = 0}, {from_months = 6, fte = 1}]
[[interventions]]
id = "x"
duration_months = 2
staff = {desk = 1}
deadline_months = 5
"#,
    );
    assert_eq!((iv.as_str(), res.as_str()), ("x", "deadline:pool:desk"));
    has(
        &msg,
        &["free from month 6 (when its capacity rises to 1 FTE)"],
    );
}

const MONEY: &str = r#"
[[sources]]
id = "pbf"
kind = "voluntary"
pledges = [{amount_usd = 2e6, at_months = 7}]
[[interventions]]
id = "x"
duration_months = 2
cost_usd = 2e6
funding = ["pbf"]
"#;

#[test]
fn source_with_the_month_its_money_arrives() {
    let (iv, res, short, msg) = fail(&format!("{MONEY}deadline_months = 8\n"));
    assert_eq!(
        (iv.as_str(), res.as_str(), short),
        ("x", "deadline:source:pbf", 1.0)
    );
    has(
        &msg,
        &["`x` waits for money from source `pbf`, which arrives at month 7"],
    );
}

#[test]
fn link_from_a_delayed_predecessor_is_traced_to_its_cause() {
    let body = format!(
        r#"{MONEY}
[[interventions]]
id = "y"
duration_months = 1
after = ["x"]
deadline_months = 9
[[interventions]]
id = "z"
duration_months = 1
deadline_months = 12
[[links]]
from = "y"
to = "z"
type = "SS"
lag_months = 2
"#
    );
    // x 7-9 (money), y 9-10 (late 1), z 11-12 (on time)
    let (iv, res, short, msg) = fail(&body);
    assert_eq!(
        (iv.as_str(), res.as_str(), short),
        ("y", "deadline:source:pbf", 1.0)
    );
    has(
        &msg,
        &[
            "`y` starts at month 9 after `x` (FS link); ",
            "`x` waits for money from source `pbf`, which arrives at month 7",
        ],
    );
    // two links back, through an SS link with a lag: z 11-12, due at 11
    let (iv, res, _, msg) = fail(
        &body
            .replace("deadline_months = 9", "deadline_months = 10")
            .replace("deadline_months = 12", "deadline_months = 11"),
    );
    assert_eq!((iv.as_str(), res.as_str()), ("z", "deadline:source:pbf"));
    has(
        &msg,
        &[
            "`z` starts at month 11 after `y` (SS link); `y` starts at month 9 after `x` (FS link); ",
            "`x` waits for money from source `pbf`, which arrives at month 7",
        ],
    );
}

#[test]
fn release_date_that_makes_the_deadline_impossible() {
    let (iv, res, short, msg) = fail(
        r#"
[[interventions]]
id = "a"
duration_months = 3
not_before_months = 10
[[interventions]]
id = "b"
duration_months = 2
after = ["a"]
deadline_months = 12
"#,
    );
    assert_eq!(
        (iv.as_str(), res.as_str(), short),
        ("b", "deadline:release:a", 3.0)
    );
    has(
        &msg,
        &[
            "even without staff or money limits `b` cannot finish before month 15",
            "the critical chain `a` -> `b` starts at the release date of `a`, month 10",
            "(its not_before_months)",
        ],
    );
}

#[test]
fn situation_arrival_is_a_release_date_too() {
    let (_, res, _, msg) = fail(
        r#"
[[situations]]
id = "late"
arrival_months = 6
[[interventions]]
id = "a"
situation = "late"
duration_months = 3
deadline_months = 8
"#,
    );
    assert_eq!(res, "deadline:release:a");
    has(&msg, &["month 6 (its situation's arrival)"]);
}

#[test]
fn links_and_durations_alone() {
    let (iv, res, short, msg) = fail(
        r#"
[[interventions]]
id = "a"
duration_months = 5
[[interventions]]
id = "side"
duration_months = 1
[[interventions]]
id = "b"
duration_months = 5
after = ["a", "side"]
deadline_months = 8
"#,
    );
    assert_eq!(
        (iv.as_str(), res.as_str(), short),
        ("b", "deadline:links", 2.0)
    );
    has(
        &msg,
        &[
            "`b` cannot finish before month 10",
            "the critical chain `a` -> `b` is too long (links and durations)",
        ],
    );
}

#[test]
fn deadlines_met_give_no_error() {
    let mut o = opts(Method::Search);
    o.hard_deadlines = true;
    let plan = schedule(&sc(&format!("{MONEY}deadline_months = 9\n")), &o).unwrap();
    assert_eq!(plan.weighted_tardiness, 0.0);
}

#[test]
fn work_already_started_late() {
    // `a` started at month 1 with 4 months to go at month 2: it finishes at 6, due at 5
    let (iv, res, short, msg) = fail(
        r#"
status_months = 2
progress = [{id = "a", started_months = 1, remaining_months = 4}]
[[interventions]]
id = "a"
duration_months = 3
deadline_months = 5
"#,
    );
    assert_eq!(
        (iv.as_str(), res.as_str(), short),
        ("a", "deadline:started:a", 1.0)
    );
    has(
        &msg,
        &["the critical chain `a` starts with `a`, which already started at month 1 (progress"],
    );
}
