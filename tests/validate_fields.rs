//! Integration tests of `Scenario::issues`, field by field: distributions, staff demands,
//! references to sources and situations, timing, pool capacity, pledges, situations, risks and the
//! start date.
// clippy's allow-unwrap-in-tests covers #[test] functions only, not this file's helpers.
#![allow(clippy::unwrap_used)]

mod common;

use common::validate::{at, base, expect};
use peaceplan::model::{Capacity, Dist, Pledge, Step};
use peaceplan::{Issue, IssueKind};

#[test]
fn duration_and_cost_distributions() {
    let mut sc = base();
    sc.interventions[0].duration_months = Dist::Triangular {
        min: 3.0,
        mode: 1.0,
        max: 2.0,
    };
    sc.interventions[1].duration_months = Dist::Uniform {
        min: -1.0,
        max: 2.0,
    };
    sc.interventions[2].duration_months = Dist::Fixed(f64::INFINITY);
    sc.interventions[1].cost_usd = Dist::Fixed(-5.0);
    expect(
        &sc,
        "interventions[0].duration_months",
        IssueKind::Order,
        &["`pa`", "min <= mode <= max", "[3, 1, 2]"],
    );
    expect(
        &sc,
        "interventions[1].duration_months",
        IssueKind::BadNumber,
        &["`dd`", "-1"],
    );
    expect(
        &sc,
        "interventions[2].duration_months",
        IssueKind::BadNumber,
        &["`el`", "inf"],
    );
    expect(
        &sc,
        "interventions[1].cost_usd",
        IssueKind::BadNumber,
        &["`dd`", "-5"],
    );
}

#[test]
fn staff_problems() {
    let mut sc = base();
    sc.interventions[1].staff.insert("planning".into(), 8.0);
    sc.interventions[1]
        .staff
        .insert("partners".into(), f64::NAN);
    sc.interventions[2].staff.insert("ghosts".into(), 1.0);
    let issues = sc.issues();
    let cap = at(&issues, "interventions[1].staff.planning");
    assert_eq!(cap.kind, IssueKind::Capacity);
    assert_eq!(
        cap.message,
        "`dd` needs 8 FTE of pool `planning` whose capacity never exceeds 7"
    );
    expect(
        &sc,
        "interventions[1].staff.partners",
        IssueKind::BadNumber,
        &["`dd`", "`partners`", "NaN"],
    );
    expect(
        &sc,
        "interventions[2].staff.ghosts",
        IssueKind::UnknownId,
        &["`el`", "`ghosts`"],
    );
}

#[test]
fn capacity_message_for_constant_pool() {
    let mut sc = base();
    sc.pools[0].capacity = Capacity::Constant(2.0);
    sc.interventions[1].staff.insert("planning".into(), 3.0);
    let issues = sc.issues();
    assert_eq!(
        at(&issues, "interventions[1].staff.planning").message,
        "`dd` needs 3 FTE of pool `planning` whose capacity never exceeds 2"
    );
}

#[test]
fn unknown_funding_source_and_situation() {
    let mut sc = base();
    sc.interventions[1].funding.push("bank".into());
    sc.interventions[2].situation = Some("east".into());
    expect(
        &sc,
        "interventions[1].funding[2]",
        IssueKind::UnknownId,
        &["`dd`", "`bank`"],
    );
    expect(
        &sc,
        "interventions[2].situation",
        IssueKind::UnknownId,
        &["`el`", "`east`"],
    );
}

#[test]
fn release_deadline_and_relapse() {
    let mut sc = base();
    sc.interventions[0].not_before_months = Some(-1.0);
    sc.interventions[2].deadline_months = Some(f64::NAN);
    sc.interventions[1].not_before_months = Some(10.0);
    sc.interventions[1].deadline_months = Some(5.0);
    sc.interventions[1].relapse_hazard_reduction = Some(1.0);
    sc.interventions[2].relapse_hazard_reduction = Some(-0.1);
    expect(
        &sc,
        "interventions[0].not_before_months",
        IssueKind::BadNumber,
        &["`pa`", "-1"],
    );
    expect(
        &sc,
        "interventions[2].deadline_months",
        IssueKind::BadNumber,
        &["`el`", "NaN"],
    );
    expect(
        &sc,
        "interventions[1].deadline_months",
        IssueKind::Order,
        &["`dd`", "5", "10"],
    );
    expect(
        &sc,
        "interventions[1].relapse_hazard_reduction",
        IssueKind::Probability,
        &["`dd`", "[0, 1)", "1"],
    );
    expect(
        &sc,
        "interventions[2].relapse_hazard_reduction",
        IssueKind::Probability,
        &["`el`", "-0.1"],
    );
}

#[test]
fn pool_capacity_problems() {
    let mut sc = base();
    sc.pools[1].capacity = Capacity::Constant(-3.0);
    sc.pools[0].capacity = Capacity::Steps(vec![
        Step {
            from_months: 0.0,
            fte: 2.0,
        },
        Step {
            from_months: 9.0,
            fte: f64::NAN,
        },
        Step {
            from_months: 9.0,
            fte: 7.0,
        },
        Step {
            from_months: -1.0,
            fte: 7.0,
        },
    ]);
    sc.interventions[1].staff.clear();
    expect(
        &sc,
        "pools[1].capacity",
        IssueKind::BadNumber,
        &["`partners`", "-3"],
    );
    expect(
        &sc,
        "pools[0].capacity[1].fte",
        IssueKind::BadNumber,
        &["`planning`", "NaN"],
    );
    expect(
        &sc,
        "pools[0].capacity[2].from_months",
        IssueKind::Order,
        &["`planning`", "9"],
    );
    let issues = sc.issues();
    let step3: Vec<&Issue> = issues
        .iter()
        .filter(|i| i.path == "pools[0].capacity[3].from_months")
        .collect();
    let mut kinds: Vec<IssueKind> = step3.iter().map(|i| i.kind).collect();
    kinds.sort_by_key(|k| k.as_str());
    assert_eq!(
        kinds,
        vec![IssueKind::BadNumber, IssueKind::Order],
        "{step3:?}"
    );
}

#[test]
fn pledge_problems() {
    let mut sc = base();
    sc.sources[0].pledges.push(Pledge {
        amount_usd: -1.0,
        at_months: f64::NEG_INFINITY,
        probability: 1.5,
        delay_months: Dist::Uniform {
            min: -2.0,
            max: 1.0,
        },
        share: None,
    });
    let p = "sources[0].pledges[1]";
    expect(
        &sc,
        &format!("{p}.amount_usd"),
        IssueKind::BadNumber,
        &["`pbf`", "-1"],
    );
    expect(
        &sc,
        &format!("{p}.at_months"),
        IssueKind::BadNumber,
        &["`pbf`", "-inf"],
    );
    expect(
        &sc,
        &format!("{p}.probability"),
        IssueKind::Probability,
        &["`pbf`", "1.5"],
    );
    expect(
        &sc,
        &format!("{p}.delay_months"),
        IssueKind::BadNumber,
        &["`pbf`", "-2"],
    );
}

#[test]
fn situation_problems() {
    let mut sc = base();
    sc.situations[0].arrival_months = -4.0;
    sc.situations[1].priority = 0.0;
    expect(
        &sc,
        "situations[0].arrival_months",
        IssueKind::BadNumber,
        &["`north`", "-4"],
    );
    expect(
        &sc,
        "situations[1].priority",
        IssueKind::BadNumber,
        &["`south`", "0"],
    );
}

#[test]
fn risk_problems() {
    let mut sc = base();
    let mut r = sc.risks[0].clone();
    r.id = "flood".into();
    r.probability = -0.5;
    r.affects = vec!["dd".into(), "ghost".into()];
    r.delay_months = Some(Dist::Fixed(-1.0));
    r.duration_scale = Some(Dist::Pert {
        min: 1.0,
        mode: 3.0,
        max: 2.0,
    });
    r.extra_cost_usd = Some(Dist::LogNormal {
        mean: -1.0,
        sd: 1.0,
    });
    sc.risks.push(r);
    let mut empty = sc.risks[0].clone();
    empty.id = "nothing".into();
    empty.affects.clear();
    empty.duration_scale = Some(Dist::Fixed(0.0)); // a scale of 0 is allowed
    sc.risks.push(empty);
    expect(
        &sc,
        "risks[1].probability",
        IssueKind::Probability,
        &["`flood`", "-0.5"],
    );
    expect(
        &sc,
        "risks[1].affects[1]",
        IssueKind::UnknownId,
        &["`flood`", "`ghost`"],
    );
    expect(
        &sc,
        "risks[1].delay_months",
        IssueKind::BadNumber,
        &["`flood`", "-1"],
    );
    expect(
        &sc,
        "risks[1].duration_scale",
        IssueKind::Order,
        &["`flood`", "[1, 3, 2]"],
    );
    expect(
        &sc,
        "risks[1].extra_cost_usd",
        IssueKind::BadNumber,
        &["`flood`", "-1"],
    );
    expect(&sc, "risks[2].affects", IssueKind::Other, &["`nothing`"]);
    assert_eq!(sc.issues().len(), 6, "{:#?}", sc.issues());
}

#[test]
fn start_date_must_be_a_calendar_date() {
    let mut sc = base();
    for good in ["2024-02-29", "2000-02-29", "1999-12-31", "2023-04-30"] {
        sc.start_date = Some(good.into());
        assert!(sc.issues().is_empty(), "{good}");
    }
    for bad in [
        "2023-02-29",
        "1900-02-29",
        "2023-04-31",
        "2023-13-01",
        "2023-00-10",
        "2023-01-00",
        "2023-1-01",
        "23-01-01",
        "2023/01/01",
        "",
        "２０２３-01-01",
        "2023-01-01T00:00",
    ] {
        sc.start_date = Some(bad.into());
        expect(&sc, "start_date", IssueKind::Other, &[&format!("{bad:?}")]);
    }
}
