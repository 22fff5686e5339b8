//! Alternative modes, fixed modes and fixed draws on sources, as seen by validation and CPM.
#![allow(clippy::unwrap_used)]

use peaceplan::model::{Point, Scenario};
use peaceplan::{cpm, Error};

const MODAL: &str = r#"
schema = 1
name = "modes"
[[pools]]
id = "planning"
capacity = 3
[[sources]]
id = "pbf"
kind = "voluntary"
pledges = [{amount_usd = 10, at_months = 0}]
[[interventions]]
id = "a"
duration_months = 4
staff = {planning = 1}
cost_usd = 5
funding = ["pbf"]
consumes = {pbf = 2}
modes = [{id = "fast", duration_months = 2, staff = {planning = 3}}]
[[interventions]]
id = "b"
duration_months = 1
after = ["a"]
"#;

fn sc(text: &str) -> Scenario {
    Scenario::from_toml_str(text).unwrap()
}

#[test]
fn base_mode_by_default_and_fixed_mode_when_named() {
    let base = cpm(&sc(MODAL), Point::Mode).unwrap();
    assert_eq!(base.makespan, 5.0);
    assert_eq!(base.staff[0], [1.0]);
    let fast = sc(&MODAL.replace(
        "consumes = {pbf = 2}",
        "consumes = {pbf = 2}\nmode = \"fast\"",
    ));
    let plan = cpm(&fast, Point::Mode).unwrap();
    assert_eq!(plan.makespan, 3.0, "fast mode takes 2 months");
    assert_eq!(plan.staff[0], [3.0], "the mode's own staff");
    assert_eq!(plan.cost_usd[0], 5.0, "cost inherited from the base");
}

#[test]
fn consumes_are_charged_to_their_source() {
    let plan = cpm(&sc(MODAL), Point::Mode).unwrap();
    // 2 fixed + 5 by preference out of 10 pledged
    assert_eq!(plan.sources[0].allocated_usd, 7.0);
    assert_eq!(plan.unfunded_usd, 0.0);
    let short = sc(&MODAL.replace("consumes = {pbf = 2}", "consumes = {pbf = 8}"));
    let plan = cpm(&short, Point::Mode).unwrap();
    assert_eq!(plan.sources[0].allocated_usd, 10.0);
    assert_eq!(plan.unfunded_usd, 3.0);
}

#[test]
fn mode_problems_are_validation_issues_with_paths() {
    let bad = sc(&MODAL
        .replace("mode = ", "x = ")
        .replace(
            "modes = [{id = \"fast\", duration_months = 2, staff = {planning = 3}}]",
            "modes = [{id = \"base\", duration_months = -2}, {id = \"f\", staff = {planning = 9}}, {id = \"f\", consumes = {ghost = 1}}]\nmode = \"slow\"",
        ));
    let issues = bad.issues();
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    for expected in [
        "interventions[0].modes[0].id",
        "interventions[0].modes[0].duration_months",
        "interventions[0].modes[1].staff.planning",
        "interventions[0].modes[2].id",
        "interventions[0].modes[2].consumes.ghost",
        "interventions[0].mode",
    ] {
        assert!(paths.contains(&expected), "{expected} missing in {paths:?}");
    }
    let slow = issues
        .iter()
        .find(|i| i.path == "interventions[0].mode")
        .unwrap();
    assert!(slow.message.contains("`slow`") && slow.message.contains("base, f"));
    assert!(matches!(cpm(&bad, Point::Mode), Err(Error::Validation(_))));
}

#[test]
fn inexecutable_mode_is_an_issue_only_when_nothing_else_can_run() {
    // the fast mode needs 9 FTE of a 3-FTE pool: it can never run, but the base mode can
    let text = MODAL.replace("staff = {planning = 3}}]", "staff = {planning = 9}}]");
    assert!(sc(&text).issues().is_empty());
    // fixed to the mode that cannot run
    let fixed = text.replace(
        "consumes = {pbf = 2}",
        "consumes = {pbf = 2}\nmode = \"fast\"",
    );
    let issues = sc(&fixed).issues();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "interventions[0].modes[0].staff.planning");
    // no mode can run
    let none = text.replace("staff = {planning = 1}", "staff = {planning = 4}");
    let paths: Vec<String> = sc(&none).issues().into_iter().map(|i| i.path).collect();
    assert_eq!(
        paths,
        [
            "interventions[0].staff.planning",
            "interventions[0].modes[0].staff.planning"
        ]
    );
}
