//! Helpers shared by the hand-computed schedule-generation tests (`sgs.rs`, `sgs_infeasible.rs`).
#![allow(dead_code)]

use peaceplan::model::{Point, Scenario};
use peaceplan::schedule::{schedule, Method, Plan, Rule, ScheduleOptions};

/// A scenario from the body of a TOML file (the `schema` and `name` lines are added).
pub fn sc(body: &str) -> Scenario {
    Scenario::from_toml_str(&format!("schema = 1\nname = \"t\"\n{body}")).unwrap()
}

/// Options of the tests: LFT, 200 schedules, seed 1, mode durations, soft deadlines.
pub fn opts(method: Method) -> ScheduleOptions {
    ScheduleOptions {
        method,
        rule: Rule::Lft,
        max_schedules: 200,
        seed: 1,
        point: Point::Mode,
        hard_deadlines: false,
    }
}

/// The plan of `body` by `method`.
pub fn run(body: &str, method: Method) -> Plan {
    schedule(&sc(body), &opts(method)).unwrap()
}
