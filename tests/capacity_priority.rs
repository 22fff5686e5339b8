//! Priority classes with pre-emption: closed-form checks (preemptive-resume priority with
//! exponential service and equal rates), hand examples of resume, and bounded inputs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use peaceplan::capacity::queueing::{erlang_c, mean_wait};
use peaceplan::capacity::{simulate, CapacityOptions, ClassResult, Portfolio};
use peaceplan::{Error, Office};

fn office(planning: u32) -> Office {
    Office::from_toml_str(&format!(
        r#"
schema = 1
name = "o"
channels = [{{ id = "none", lag_days = 0 }}]
sections = [{{ id = "planning", posts = [{{ grade = "P-4", count = {planning}, channel = "none", filled = true }}] }}]
"#
    ))
    .unwrap()
}

/// Emergency (priority 1) and routine classes, one phase of 3 planners each.
fn two_classes(emergency: &str, routine: &str, rates: (f64, f64)) -> Portfolio {
    let p = Portfolio::from_toml_str(&format!(
        r#"
schema = 1
name = "classes"
arrivals = {{ rate_per_year = 1 }}
[[engagements]]
id = "emergency"
phases = [{{ id = "response", demand = {{ planning = 3 }}, {emergency} }}]
[[engagements]]
id = "routine"
phases = [{{ id = "monitoring", demand = {{ planning = 3 }}, {routine} }}]
"#
    ))
    .unwrap();
    let rates = BTreeMap::from([
        ("emergency".to_string(), rates.0),
        ("routine".to_string(), rates.1),
    ]);
    let prio = BTreeMap::from([("emergency".to_string(), 1)]);
    p.with_classes(&rates, &prio).unwrap()
}

fn class<'a>(r: &'a [ClassResult], id: &str) -> &'a ClassResult {
    r.iter().find(|c| c.id == id).unwrap()
}

/// Preemptive-resume priority, exponential service, equal rates: the top class sees M/M/c with
/// its own arrivals only, and the total in system is M/M/c at the summed rate (work-conserving).
#[test]
fn top_class_is_erlang_c_and_total_is_work_conserving() {
    let (lh, ll, mu, c) = (1.0, 0.6, 1.0, 2u32); // per year; c = 6 posts / 3
    let exp = "duration_months = { exponential = 12 }";
    let p = two_classes(exp, exp, (lh, ll));
    let o = CapacityOptions {
        years: 2000.0,
        warmup_years: 20.0,
        draws: 240,
        seed: 5,
        max_waits: 0,
        ..CapacityOptions::default()
    };
    let r = simulate(&office(6), &p, &o).unwrap();
    let hi = class(&r.classes, "emergency");
    let lo = class(&r.classes, "routine");
    let pw = erlang_c(lh, mu, c).unwrap();
    let wq = mean_wait(lh, mu, c).unwrap() * 12.0;
    let rel = |a: f64, b: f64| (a - b).abs() / b;
    eprintln!(
        "top class: P(wait) {:.4} vs {pw:.4}, mean wait {:.3} vs {wq:.3} months",
        hi.p_wait, hi.mean_wait
    );
    assert!(rel(hi.p_wait, pw) < 0.02, "{} vs {pw}", hi.p_wait);
    assert!(rel(hi.mean_wait, wq) < 0.02, "{} vs {wq}", hi.mean_wait);
    // L = Lq + a for M/M/c at the summed rate.
    let l_of = |lam: f64| mean_wait(lam, mu, c).unwrap() * lam + lam / mu;
    let total = hi.mean_in_system + lo.mean_in_system;
    eprintln!(
        "in system: top {:.4} vs {:.4}, total {total:.4} vs {:.4}",
        hi.mean_in_system,
        l_of(lh),
        l_of(lh + ll)
    );
    assert!(rel(hi.mean_in_system, l_of(lh)) < 0.02);
    assert!(rel(total, l_of(lh + ll)) < 0.02, "{total}");
    // The emergency class is never pre-empted; routine work is, and waits longer.
    assert_eq!(hi.preemptions, 0);
    assert!(lo.preemptions > 0 && lo.mean_preempted_months > 0.0);
    assert!(lo.mean_wait > hi.mean_wait);
}

/// Dated routine engagement at 0 (10 months) and an emergency at month 4 (3 months), one team.
fn hand(years: f64) -> peaceplan::capacity::CapacityResult {
    let p = Portfolio::from_toml_str(
        r#"
schema = 1
name = "hand"
[arrivals]
dated = [{ name = "R", at_months = 0, engagement = "routine" },
         { name = "E", at_months = 4, engagement = "emergency" }]
[[engagements]]
id = "routine"
phases = [{ id = "monitoring", duration_months = 10, demand = { planning = 3 } }]
[[engagements]]
id = "emergency"
priority = 1
phases = [{ id = "response", duration_months = 3, demand = { planning = 3 } }]
"#,
    )
    .unwrap();
    let o = CapacityOptions {
        years,
        draws: 1,
        ..CapacityOptions::default()
    };
    simulate(&office(3), &p, &o).unwrap()
}

/// Resume, not restart: the routine phase stops at 4, resumes at 7 and ends at 13, not 17.
#[test]
fn preempted_work_resumes() {
    let r = hand(13.5 / 12.0);
    let (lo, hi) = (class(&r.classes, "routine"), class(&r.classes, "emergency"));
    assert_eq!((hi.started, hi.p_wait, hi.completed), (1, 0.0, 1));
    assert_eq!((lo.preemptions, lo.completed), (1, 1));
    assert!((lo.mean_preempted_months - 3.0).abs() < 1e-9);
    assert!((lo.months_per_preemption - 3.0).abs() < 1e-9);
    assert!((lo.share_preempted - 1.0).abs() < 1e-12);
    // Just before 13 the routine work is not done; time in system: 13 + 3 months.
    assert_eq!(class(&hand(12.9 / 12.0).classes, "routine").completed, 0);
    assert!((lo.mean_in_system + hi.mean_in_system - 16.0 / 13.5).abs() < 1e-9);
    // Still suspended at the horizon: suspended time counts up to it.
    let r = hand(6.0 / 12.0);
    assert!((class(&r.classes, "routine").mean_preempted_months - 2.0).abs() < 1e-9);
}

#[test]
fn one_class_has_no_class_rows() {
    let p = Portfolio::simple(4.5, 3.0, 12.0, "planning");
    let o = CapacityOptions {
        years: 5.0,
        draws: 2,
        ..CapacityOptions::default()
    };
    assert!(simulate(&office(6), &p, &o).unwrap().classes.is_empty());
}

#[test]
fn bounded_inputs() {
    let base = two_classes("duration_months = 6", "duration_months = 6", (1.0, 1.0));
    let rates =
        |a: f64, b: f64| BTreeMap::from([("emergency".to_string(), a), ("routine".to_string(), b)]);
    let prio = BTreeMap::from([("emergency".to_string(), 1)]);
    let err_name = |e: Error| match e {
        Error::InvalidArgument { name, message } => format!("{name}: {message}"),
        other => panic!("{other:?}"),
    };
    for (r, p, want) in [
        (
            rates(f64::NAN, 1.0),
            prio.clone(),
            "rates_per_year: rate of `emergency`",
        ),
        (
            rates(-1.0, 1.0),
            prio.clone(),
            "rates_per_year: rate of `emergency`",
        ),
        (
            rates(0.0, 0.0),
            prio.clone(),
            "rates_per_year: every rate is 0",
        ),
        (
            BTreeMap::from([("emergency".to_string(), 1.0)]),
            prio.clone(),
            "rates_per_year: no rate for engagement `routine`",
        ),
        (
            rates(1.0, 1.0),
            BTreeMap::from([("relapse".to_string(), 1)]),
            "priorities: no engagement `relapse`",
        ),
        (
            rates(1.0, 1.0),
            BTreeMap::from([("emergency".to_string(), 5000)]),
            "priorities: priority of `emergency` is 5000",
        ),
    ] {
        let got = err_name(base.with_classes(&r, &p).unwrap_err());
        assert!(got.starts_with(want), "{got}");
    }
    let mut p = base.clone();
    p.engagements[0].priority = 1001;
    let issues = p.issues();
    assert!(
        issues.iter().any(|i| i.path == "engagements[0].priority"),
        "{issues:?}"
    );
    // Round trip keeps the classes.
    let back = Portfolio::from_toml_str(&base.to_toml_string().unwrap()).unwrap();
    assert_eq!(back, base);
    assert!(back.has_classes());
}
