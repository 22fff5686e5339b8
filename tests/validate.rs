//! Integration tests of `Scenario::issues` / `validate` and `Office::issues` / `validate`: ids,
//! links and cycles, many problems at once, robustness, and the office. Field-by-field checks are
//! in `validate_fields.rs`.
// clippy's allow-unwrap-in-tests covers #[test] functions only, not this file's helpers.
#![allow(clippy::unwrap_used)]

mod common;

use common::validate::{at, base, expect, link};
use peaceplan::model::{Capacity, Channel, Dist, Office, Post, Section};
use peaceplan::{Error, Issue, IssueKind, Scenario};

#[test]
fn clean_scenario_has_no_issues() {
    let sc = base();
    assert_eq!(sc.issues(), vec![]);
    assert!(sc.validate().is_ok());
}

#[test]
fn validate_returns_validation_error_with_all_issues() {
    let mut sc = base();
    sc.interventions[1].after.push("ghost".into());
    sc.risks[0].probability = 2.0;
    match sc.validate() {
        Err(Error::Validation(issues)) => {
            assert_eq!(issues, sc.issues());
            assert_eq!(issues.len(), 2);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn schema_must_be_one() {
    let mut sc = base();
    sc.schema = 2;
    expect(&sc, "schema", IssueKind::Other, &["2"]);
}

#[test]
fn empty_id() {
    let mut sc = base();
    sc.interventions[2].id = String::new();
    expect(&sc, "interventions[2].id", IssueKind::Other, &["empty"]);
}

#[test]
fn duplicate_ids_in_every_list() {
    let mut sc = base();
    sc.interventions[2].id = "dd".into();
    sc.pools[1].id = "planning".into();
    sc.sources[1].id = "pbf".into();
    sc.situations[1].id = "north".into();
    let mut risk = sc.risks[0].clone();
    sc.risks.push(risk.clone());
    risk.id = "other".into();
    sc.risks.push(risk);
    let k = IssueKind::DuplicateId;
    expect(&sc, "interventions[2].id", k, &["`dd`", "interventions[1]"]);
    expect(&sc, "pools[1].id", k, &["`planning`", "pools[0]"]);
    expect(&sc, "sources[1].id", k, &["`pbf`", "sources[0]"]);
    expect(&sc, "situations[1].id", k, &["`north`", "situations[0]"]);
    expect(&sc, "risks[1].id", k, &["`coup`", "risks[0]"]);
    assert!(sc.issues().iter().all(|i| i.path != "risks[2].id"));
}

#[test]
fn unknown_after_and_self_after() {
    let mut sc = base();
    sc.interventions[2].after = vec!["dd".into(), "ghost".into(), "el".into()];
    expect(
        &sc,
        "interventions[2].after[1]",
        IssueKind::UnknownId,
        &["`ghost`", "`el`"],
    );
    expect(
        &sc,
        "interventions[2].after[2]",
        IssueKind::SelfLink,
        &["`el`"],
    );
}

#[test]
fn link_problems() {
    let mut sc = base();
    sc.links.push(link("ghost", "el"));
    sc.links.push(link("dd", "nobody"));
    sc.links.push(link("dd", "dd"));
    let mut nan = link("pa", "dd");
    nan.lag_months = f64::NAN;
    sc.links.push(nan);
    expect(&sc, "links[1].from", IssueKind::UnknownId, &["`ghost`"]);
    expect(&sc, "links[2].to", IssueKind::UnknownId, &["`nobody`"]);
    expect(&sc, "links[3]", IssueKind::SelfLink, &["`dd`"]);
    expect(&sc, "links[4].lag_months", IssueKind::BadNumber, &["NaN"]);
    // A negative lag is a lead, not a problem.
    assert!(sc.issues().iter().all(|i| i.path != "links[0].lag_months"));
}

/// The ids named by a cycle message `dependency cycle a -> b -> a`, closing repeat removed.
fn cycle_ids(message: &str) -> Vec<String> {
    let spelled = message.trim_start_matches("dependency cycle ");
    let mut ids: Vec<String> = spelled
        .split(" -> ")
        .map(|s| s.trim_matches('`').to_string())
        .collect();
    assert!(ids.len() >= 3, "{message}");
    assert_eq!(ids.first(), ids.last(), "cycle must close: {message}");
    ids.pop();
    ids
}

/// Whether `got` is a rotation of `want`.
fn is_rotation(got: &[String], want: &[&str]) -> bool {
    got.len() == want.len()
        && (0..want.len()).any(|r| (0..want.len()).all(|i| got[(i + r) % got.len()] == want[i]))
}

#[test]
fn three_cycle_is_spelled_out() {
    let mut sc = base();
    // pa -> dd -> el already; close it with el -> pa (links[1]).
    sc.links.push(link("el", "pa"));
    let issues = sc.issues();
    let cycles: Vec<&Issue> = issues
        .iter()
        .filter(|i| i.kind == IssueKind::Cycle)
        .collect();
    assert_eq!(cycles.len(), 1, "{issues:#?}");
    let ids = cycle_ids(&cycles[0].message);
    assert!(
        is_rotation(&ids, &["pa", "dd", "el"]) || is_rotation(&ids, &["pa", "el"]),
        "{:?}",
        cycles[0]
    );
    let edge_paths = [
        "links[0]",
        "links[1]",
        "interventions[1].after[0]",
        "interventions[2].after[0]",
    ];
    assert!(edge_paths.contains(&cycles[0].path.as_str()), "{cycles:?}");
}

#[test]
fn cycle_message_exact_spelling() {
    let toml = r#"
schema = 1
name = "ring"
[[interventions]]
id = "a"
duration_months = 1
[[interventions]]
id = "b"
duration_months = 1
after = ["a"]
[[interventions]]
id = "c"
duration_months = 1
after = ["b"]
[[links]]
from = "c"
to = "a"
lag_months = -5
"#;
    let sc = Scenario::from_toml_str(toml).unwrap();
    let issues = sc.issues();
    assert_eq!(issues.len(), 1, "{issues:#?}");
    let issue = &issues[0];
    assert_eq!(issue.kind, IssueKind::Cycle);
    let rotations = [
        "dependency cycle a -> b -> c -> a",
        "dependency cycle b -> c -> a -> b",
        "dependency cycle c -> a -> b -> c",
    ];
    assert!(rotations.contains(&issue.message.as_str()), "{issue:?}");
    assert!(
        [
            "links[0]",
            "interventions[1].after[0]",
            "interventions[2].after[0]"
        ]
        .contains(&issue.path.as_str()),
        "{issue:?}"
    );
    assert!(matches!(sc.validate(), Err(Error::Validation(v)) if v.len() == 1));
}

#[test]
fn one_cycle_per_strongly_connected_component() {
    let mut sc = base();
    sc.links = vec![link("dd", "pa"), link("x", "y"), link("y", "x")];
    for id in ["x", "y"] {
        let mut iv = sc.interventions[0].clone();
        iv.id = id.into();
        sc.interventions.push(iv);
    }
    let cycles: Vec<Issue> = sc
        .issues()
        .into_iter()
        .filter(|i| i.kind == IssueKind::Cycle)
        .collect();
    assert_eq!(cycles.len(), 2, "{cycles:#?}");
    let mut sets: Vec<Vec<String>> = cycles
        .iter()
        .map(|c| {
            let mut ids = cycle_ids(&c.message);
            ids.sort();
            ids
        })
        .collect();
    sets.sort();
    assert_eq!(sets, vec![vec!["dd", "pa"], vec!["x", "y"]]);
}

#[test]
fn many_problems_reported_at_once() {
    let mut sc = base();
    sc.schema = 3;
    sc.start_date = Some("2023-02-30".into());
    let dup = sc.interventions[0].clone();
    sc.interventions.push(dup);
    sc.interventions[0].duration_months = Dist::Fixed(f64::NAN);
    sc.interventions[1].after.push("ghost".into());
    sc.interventions[1].funding.push("bank".into());
    sc.interventions[1].staff.insert("planning".into(), 9.0);
    sc.links.push(link("el", "el"));
    sc.pools[1].capacity = Capacity::Constant(f64::NAN);
    sc.sources[0].pledges[0].probability = 2.0;
    sc.situations[0].priority = -1.0;
    sc.risks[0].affects.push("ghost".into());
    let issues = sc.issues();
    let mut got: Vec<(&str, IssueKind)> =
        issues.iter().map(|i| (i.path.as_str(), i.kind)).collect();
    got.sort_by_key(|(p, _)| *p);
    let mut want = vec![
        ("schema", IssueKind::Other),
        ("start_date", IssueKind::Other),
        ("interventions[0].duration_months", IssueKind::BadNumber),
        ("interventions[1].after[1]", IssueKind::UnknownId),
        ("interventions[1].funding[2]", IssueKind::UnknownId),
        ("interventions[1].staff.planning", IssueKind::Capacity),
        ("interventions[3].id", IssueKind::DuplicateId),
        ("links[1]", IssueKind::SelfLink),
        ("pools[1].capacity", IssueKind::BadNumber),
        ("sources[0].pledges[0].probability", IssueKind::Probability),
        ("situations[0].priority", IssueKind::BadNumber),
        ("risks[0].affects[2]", IssueKind::UnknownId),
    ];
    want.sort_by_key(|(p, _)| *p);
    assert_eq!(got, want, "{issues:#?}");
}

#[test]
fn arbitrary_junk_does_not_panic() {
    let mut sc = base();
    sc.interventions[0].duration_months = Dist::Discrete {
        values: vec![],
        weights: vec![],
    };
    sc.interventions[1].duration_months = Dist::Discrete {
        values: vec![1.0, 2.0],
        weights: vec![0.0, 0.0],
    };
    sc.interventions[2].cost_usd = Dist::Exponential { mean: f64::NAN };
    sc.pools[0].capacity = Capacity::Steps(vec![]);
    sc.links.push(link("", ""));
    let issues = sc.issues();
    assert!(issues.len() >= 5, "{issues:#?}");
}

fn office() -> Office {
    let post = |grade: &str, count: u32, channel: &str| Post {
        grade: grade.into(),
        count,
        channel: channel.into(),
        filled: false,
        source: String::new(),
        cost_usd_per_year: None,
    };
    Office {
        schema: 1,
        name: "pbso".into(),
        description: String::new(),
        channels: vec![
            Channel {
                id: "external".into(),
                name: String::new(),
                lag_days: Dist::Triangular {
                    min: 90.0,
                    mode: 180.0,
                    max: 365.0,
                },
                source: String::new(),
            },
            Channel {
                id: "secondment".into(),
                name: String::new(),
                lag_days: Dist::Fixed(60.0),
                source: String::new(),
            },
        ],
        sections: vec![
            Section {
                id: "planning".into(),
                name: String::new(),
                posts: vec![post("P-4", 2, "external"), post("G-5", 1, "secondment")],
                source: String::new(),
            },
            Section {
                id: "financing".into(),
                name: String::new(),
                posts: vec![post("P-5", 1, "external")],
                source: String::new(),
            },
        ],
        ..Office::default()
    }
}

#[test]
fn clean_office_has_no_issues() {
    let o = office();
    assert_eq!(o.issues(), vec![]);
    assert!(o.validate().is_ok());
}

#[test]
fn office_problems() {
    let mut o = office();
    o.schema = 0;
    o.channels[1].id = "external".into();
    o.channels[0].lag_days = Dist::Uniform {
        min: -10.0,
        max: 20.0,
    };
    o.sections[1].id = "planning".into();
    o.sections[0].posts[1].channel = "loan".into();
    o.sections[1].posts[0].count = 0;
    let issues = o.issues();
    let check = |path: &str, kind: IssueKind, needle: &str| {
        let i = at(&issues, path);
        assert_eq!(i.kind, kind, "{i:?}");
        assert!(i.message.contains(needle), "{needle:?} not in {i:?}");
    };
    check("schema", IssueKind::Other, "0");
    check("channels[1].id", IssueKind::DuplicateId, "`external`");
    check("channels[0].lag_days", IssueKind::BadNumber, "-10");
    check("sections[1].id", IssueKind::DuplicateId, "`planning`");
    check(
        "sections[0].posts[1].channel",
        IssueKind::UnknownId,
        "`loan`",
    );
    check("sections[1].posts[0].count", IssueKind::BadNumber, "0");
    assert_eq!(issues.len(), 6, "{issues:#?}");
    assert!(matches!(o.validate(), Err(Error::Validation(v)) if v.len() == 6));
}

#[test]
fn long_chain_and_ring_do_not_overflow_the_stack() {
    let n = 20_000;
    let mut sc = Scenario::from_toml_str("schema = 1\nname = \"long\"").unwrap();
    let mut iv = base().interventions[0].clone();
    iv.situation = None;
    for i in 0..n {
        iv.id = format!("n{i}");
        iv.after = if i == 0 {
            vec![]
        } else {
            vec![format!("n{}", i - 1)]
        };
        sc.interventions.push(iv.clone());
    }
    assert_eq!(sc.issues(), vec![]);
    sc.links.push(link(&format!("n{}", n - 1), "n0"));
    let issues = sc.issues();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].kind, IssueKind::Cycle);
    assert_eq!(cycle_ids(&issues[0].message).len(), n);
}
