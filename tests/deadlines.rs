//! Deadlines as an objective: with deadlines the search minimises the total weighted tardiness
//! first and the makespan second, and does not stop at the critical-path bound while a deadline
//! is missed; without deadlines nothing changes (results pinned from before the change).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sgs_hand;

use std::path::PathBuf;

use peaceplan::psplib;
use peaceplan::schedule::{schedule, Method, Plan, ScheduleOptions};
use peaceplan::Error;
use sgs_hand::{opts, sc};

fn start(plan: &Plan, id: &str) -> f64 {
    plan.start[plan.index_of(id).unwrap()]
}

/// One desk: `a` (3 months) leads to `c` (5 months, no staff); `b` (2 months) is due at month 2.
/// Makespan first: `a` at 0, `b` at 3 (late 3), finish 8. Tardiness first: `b` at 0, `a` at 2,
/// `c` at 5, finish 10, nothing late.
const DESK: &str = r#"
[[pools]]
id = "desk"
capacity = 1
[[interventions]]
id = "a"
duration_months = 3
staff = {desk = 1}
[[interventions]]
id = "b"
duration_months = 2
staff = {desk = 1}
deadline_months = 2
[[interventions]]
id = "c"
duration_months = 5
after = ["a"]
"#;

#[test]
fn search_meets_a_deadline_at_the_cost_of_a_longer_makespan() {
    let s = sc(DESK);
    // a single LFT pass is makespan-minded and misses the deadline
    let serial = schedule(&s, &opts(Method::Serial)).unwrap();
    assert_eq!(serial.makespan, 8.0);
    assert_eq!(serial.weighted_tardiness, 3.0);
    for seed in [0, 1, 7, 42] {
        let mut o = opts(Method::Search);
        o.seed = seed;
        let plan = schedule(&s, &o).unwrap();
        assert_eq!(plan.weighted_tardiness, 0.0, "seed {seed}");
        assert_eq!(plan.lateness, vec![0.0; 3]);
        assert_eq!(plan.makespan, 10.0, "seed {seed}");
        assert_eq!(start(&plan, "b"), 0.0);
        assert_eq!(start(&plan, "a"), 2.0);
        // the makespan bound (8) is never reached: the search does not stop early on it
        assert!(plan.schedules_used > 1);
        // the same with hard deadlines: no error
        o.hard_deadlines = true;
        assert_eq!(schedule(&s, &o).unwrap().weighted_tardiness, 0.0);
    }
}

#[test]
fn deadline_weights_decide_who_is_late() {
    let body = |wx: f64, wy: f64| {
        format!(
            r#"
[[pools]]
id = "desk"
capacity = 1
[[interventions]]
id = "x"
duration_months = 2
staff = {{desk = 1}}
deadline_months = 2
deadline_weight = {wx}
[[interventions]]
id = "y"
duration_months = 2
staff = {{desk = 1}}
deadline_months = 2
deadline_weight = {wy}
"#
        )
    };
    let plan = schedule(&sc(&body(1.0, 3.0)), &opts(Method::Search)).unwrap();
    assert_eq!((start(&plan, "y"), start(&plan, "x")), (0.0, 2.0));
    assert_eq!(plan.deadline_weight, vec![1.0, 3.0]);
    assert_eq!(plan.weighted_tardiness, 2.0);
    let plan = schedule(&sc(&body(4.0, 0.5)), &opts(Method::Search)).unwrap();
    assert_eq!((start(&plan, "x"), start(&plan, "y")), (0.0, 2.0));
    assert_eq!(plan.weighted_tardiness, 1.0);
    // weight 0: the deadline is still reported as lateness but costs nothing
    let plan = schedule(&sc(&body(0.0, 0.0)), &opts(Method::Search)).unwrap();
    assert_eq!(plan.weighted_tardiness, 0.0);
    assert_eq!(plan.lateness.iter().sum::<f64>(), 2.0);
}

#[test]
fn tardiness_first_then_makespan() {
    // with a small budget too: b on time, then the shortest such plan (b, a, c)
    let mut o = opts(Method::Search);
    o.max_schedules = 50;
    let plan = schedule(&sc(DESK), &o).unwrap();
    assert_eq!((plan.weighted_tardiness, plan.makespan), (0.0, 10.0));
    // a deadline nobody can meet (the critical path already misses it) is minimised, and the
    // makespan still counts: c due at 7, its earliest finish is 8
    let late = DESK.replace(
        "after = [\"a\"]",
        "after = [\"a\"]\ndeadline_months = 7\ndeadline_weight = 2",
    );
    let plan = schedule(&sc(&late), &o).unwrap();
    // a first: c late 1 (x 2) and b late 3, total 5, finish 8; b first: c late 3 (x 2), total
    // 6, finish 10. The first wins
    assert_eq!((plan.weighted_tardiness, plan.makespan), (5.0, 8.0));
}

#[test]
fn plans_report_weighted_tardiness() {
    let s = sc(&DESK.replace(
        "deadline_months = 2",
        "deadline_months = 2\ndeadline_weight = 2.5",
    ));
    let cpm = peaceplan::cpm(&s, peaceplan::model::Point::Mode).unwrap();
    assert_eq!(cpm.weighted_tardiness, 0.0); // no staff limits: b at 0
    let serial = schedule(&s, &opts(Method::Serial)).unwrap();
    assert_eq!(serial.lateness, vec![0.0, 3.0, 0.0]);
    assert_eq!(serial.weighted_tardiness, 7.5);
    // the key survives TOML and JSON
    let back = peaceplan::Scenario::from_toml_str(&s.to_toml_string().unwrap()).unwrap();
    assert_eq!(back.interventions[1].deadline_weight, 2.5);
    assert_eq!(back.interventions[0].deadline_weight, 1.0);
    assert!(!s.to_toml_string().unwrap().contains("deadline_weight = 1"));
}

#[test]
fn deadline_weight_is_validated() {
    for (w, bad) in [
        (-1.0, true),
        (f64::NAN, true),
        (f64::INFINITY, true),
        (0.0, false),
    ] {
        let mut s = sc(DESK);
        s.interventions[1].deadline_weight = w;
        match (s.validate(), bad) {
            (Err(Error::Validation(issues)), true) => {
                assert_eq!(issues.len(), 1, "{issues:?}");
                assert_eq!(issues[0].path, "interventions[1].deadline_weight");
                assert!(issues[0].message.contains("`b`"), "{}", issues[0].message);
                assert!(schedule(&s, &opts(Method::Search)).is_err());
            }
            (Ok(()), false) => {}
            (r, _) => panic!("weight {w}: {r:?}"),
        }
    }
}

/// Results of the search on PSPLIB instances (no deadlines) from before deadlines became an
/// objective: makespan, schedules used (which shows where the lower-bound stop happens) and
/// the sum of the starts, per seed.
#[test]
fn without_deadlines_the_search_is_unchanged() {
    let root = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/psplib"
    ));
    if !root.is_dir() {
        eprintln!("note: {} not found, skipping", root.display());
        return;
    }
    let cases = [
        ("j30/j3011_2.sm", 1, 56.0, 321, 779.0),
        ("j30/j3011_2.sm", 7, 56.0, 93, 779.0),
        ("j30/j3013_6.sm", 1, 67.0, 400, 1103.0),
        ("j30/j3013_6.sm", 7, 65.0, 400, 1064.0),
    ];
    for (file, seed, makespan, used, sum) in cases {
        let s = psplib::load(&root.join(file)).unwrap();
        let o = ScheduleOptions {
            max_schedules: 400,
            seed,
            ..ScheduleOptions::default()
        };
        let plan = schedule(&s, &o).unwrap();
        let got = (
            plan.makespan,
            plan.schedules_used,
            plan.start.iter().sum::<f64>(),
        );
        assert_eq!(got, (makespan, used, sum), "{file} seed {seed}");
        assert_eq!(plan.weighted_tardiness, 0.0);
    }
}
