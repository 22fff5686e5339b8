//! Critical path method on hand-computed networks: funding by preference and staff profiles.

#![allow(clippy::unwrap_used)] // tests may unwrap

use peaceplan::{cpm, Error, Plan, Point, Scenario};

fn scenario(body: &str) -> Scenario {
    Scenario::from_toml_str(&format!("schema = 1\nname = \"test\"\n{body}")).unwrap()
}

fn plan(body: &str) -> Plan {
    cpm(&scenario(body), Point::Mode).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn assert_vec(label: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{label}: {got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(close(*g, *w), "{label}: got {got:?}, want {want:?}");
    }
}

/// (8) Budgets: pbf 3 + 1 = 4 M, wb 2 M. By early start (ties: scenario order):
/// A (ES 0, 3 M, [pbf])       -> pbf 3            pbf left 1
/// B (ES 0, 2.5 M, [pbf, wb]) -> pbf 1, wb 1.5    pbf left 0, wb left 0.5
/// C (ES 1, 1 M, [wb, pbf])   -> wb 0.5, 0.5 unfunded (listed first, but starts later)
/// D (ES 2, 0.2 M, [])        -> 0.2 unfunded
#[test]
fn funding_by_preference_with_exhaustion() {
    let p = plan(
        r#"
[[sources]]
id = "pbf"
kind = "voluntary"
pledges = [{amount_usd = 3e6, at_months = 6}, {amount_usd = 1e6, probability = 0.5}]
[[sources]]
id = "wb"
kind = "grant"
pledges = [{amount_usd = 2e6}]
[[sources]]
id = "nat"
kind = "other"
[[interventions]]
id = "C"
duration_months = 1
after = ["A"]
cost_usd = 1e6
funding = ["wb", "pbf"]
[[interventions]]
id = "A"
duration_months = 1
cost_usd = {triangular = [2e6, 3e6, 5e6]}
funding = ["pbf"]
[[interventions]]
id = "B"
duration_months = 4
cost_usd = 2.5e6
funding = ["pbf", "wb"]
[[interventions]]
id = "D"
duration_months = 1
after = ["C"]
cost_usd = 0.2e6
"#,
    );
    assert_vec("cost", &p.cost_usd, &[1e6, 3e6, 2.5e6, 0.2e6]);
    let ids: Vec<&str> = p.sources.iter().map(|s| s.source.as_str()).collect();
    assert_eq!(ids, ["pbf", "wb", "nat"]);
    assert_vec(
        "pledged",
        &p.sources.iter().map(|s| s.pledged_usd).collect::<Vec<_>>(),
        &[4e6, 2e6, 0.0],
    );
    assert_vec(
        "allocated",
        &p.sources
            .iter()
            .map(|s| s.allocated_usd)
            .collect::<Vec<_>>(),
        &[4e6, 2e6, 0.0],
    );
    assert!(close(p.unfunded_usd, 0.7e6), "{}", p.unfunded_usd);
    assert_eq!(p.sources[1].kind, peaceplan::model::SourceKind::Grant);
}

const STAFFED: &str = r#"
[[pools]]
id = "planning"
capacity = 3
[[pools]]
id = "ops"
capacity = 2
[[interventions]]
id = "A"
duration_months = 4
staff = {planning = 1.0}
[[interventions]]
id = "B"
duration_months = 4
staff = {planning = 0.5, ops = 2}
[[interventions]]
id = "C"
duration_months = 0
after = ["A"]
staff = {planning = 3}
[[interventions]]
id = "D"
duration_months = 2
after = ["B"]
staff = {planning = 0.25}
[[links]]
from = "A"
to = "B"
type = "SS"
lag_months = 2
"#;

/// (9) A 0-4 (planning 1), B 2-6 (planning 0.5, ops 2), milestone C at 4 (planning 3, adds
/// nothing), D 6-8 (planning 0.25). Planning: 1 from 0, 1.5 from 2, 0.5 from 4, 0.25 from 6,
/// 0 from 8; ops: 2 from 2, 0 from 6.
#[test]
fn staff_profile_and_peak() {
    let p = plan(STAFFED);
    assert_eq!(p.pools, ["planning", "ops"]);
    assert_eq!(p.staff[1], [0.5, 2.0]);
    assert_eq!(p.staff[0], [1.0, 0.0]);
    let (t, level) = p.staff_profile("planning").unwrap();
    assert_vec("t", &t, &[0., 2., 4., 6., 8.]);
    assert_vec("planning", &level, &[1., 1.5, 0.5, 0.25, 0.]);
    let (t, level) = p.staff_profile("ops").unwrap();
    assert_vec("t", &t, &[2., 6.]);
    assert_vec("ops", &level, &[2., 0.]);
    assert_eq!(
        p.peak_staff(),
        [("planning".to_string(), 1.5), ("ops".to_string(), 2.0)]
    );
    assert_eq!(p.index_of("C"), Some(2));
    assert_eq!(p.index_of("nope"), None);
    assert!(matches!(
        p.staff_profile("finance"),
        Err(Error::UnknownId { what: "pool", .. })
    ));
    let bad = scenario(&STAFFED.replace("ops = 2", "logistics = 2"));
    // validation runs first and names the culprit by path
    match cpm(&bad, Point::Mode) {
        Err(Error::Validation(issues)) => assert!(
            issues.iter().any(|i| i.path.ends_with("staff.logistics")),
            "{issues:?}"
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
}
