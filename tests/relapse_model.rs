//! The relapse model against its sources (DOMAIN §6, `docs/relapse.md`): the Weibull baseline
//! reproduces both anchors, reductions after completion and while active match their closed
//! forms, invariants hold for any plan, and bad anchors are reported with their paths.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use peaceplan::simulate::relapse::{relapse_piecewise, Baseline, Window};
use peaceplan::simulate::{simulate, SimOptions};
use peaceplan::Scenario;
use proptest::prelude::*;

/// Risk at 5 and 10 years of the first draw (all durations fixed: every draw is the same).
fn risk(text: &str) -> (f64, f64) {
    let sc = Scenario::from_toml_str(text).unwrap();
    assert!(sc.issues().is_empty(), "{:?}", sc.issues());
    let o = SimOptions {
        draws: 8,
        ..SimOptions::default()
    };
    let sim = simulate(&sc, &o).unwrap();
    (sim.outcomes.relapse5[0], sim.outcomes.relapse10[0])
}

fn scenario(situation: &str, interventions: &str) -> String {
    format!("schema = 1\nname = \"r\"\n[[situations]]\nid = \"x\"\n{situation}\n{interventions}")
}

const PLAIN: &str = "[[interventions]]\nid = \"a\"\nsituation = \"x\"\nduration_months = 6\n";

#[test]
fn without_reducers_the_sourced_anchors_are_reproduced_at_both_horizons() {
    let (p5, p10) = risk(&scenario("", PLAIN));
    assert!((p5 - 0.30).abs() < 1e-12, "{p5}");
    assert!((p10 - 0.40).abs() < 1e-12, "{p10}");
    // stated anchors
    let (p5, p10) = risk(&scenario("relapse_p5 = 0.23\nrelapse_p10 = 0.31", PLAIN));
    assert!(
        (p5 - 0.23).abs() < 1e-12 && (p10 - 0.31).abs() < 1e-12,
        "{p5} {p10}"
    );
    // p10 alone (scenarios written before relapse_p5): the sourced shape through it
    let (p5, p10) = risk(&scenario("relapse_p10 = 0.5", PLAIN));
    let want5 = 1.0 - (0.5f64.ln() * 0.5f64.powf(Baseline::sourced_shape())).exp();
    assert!(
        (p10 - 0.5).abs() < 1e-12 && (p5 - want5).abs() < 1e-12,
        "{p5} {p10}"
    );
    // p5 alone
    let (p5, _) = risk(&scenario("relapse_p5 = 0.25", PLAIN));
    assert!((p5 - 0.25).abs() < 1e-12);
    // no situation: the simulation's default p10 with the sourced shape
    let none = "schema = 1\nname = \"r\"\n[[interventions]]\nid = \"a\"\nduration_months = 1\n";
    let (p5, p10) = risk(none);
    assert!((p5 - 0.30).abs() < 1e-12 && (p10 - 0.40).abs() < 1e-12);
}

#[test]
fn a_completed_reduction_scales_the_hazard_after_the_finish_in_closed_form() {
    let ivs = "[[interventions]]\nid = \"a\"\nsituation = \"x\"\nduration_months = 18\nrelapse_hazard_reduction = 0.25\n";
    let (p5, p10) = risk(&scenario("", ivs));
    let b = Baseline::default();
    for (p, t) in [(p5, 60.0), (p10, 120.0)] {
        let h = b.cumulative(18.0) + 0.75 * (b.cumulative(t) - b.cumulative(18.0));
        assert!((p - (1.0 - (-h).exp())).abs() < 1e-12, "{p}");
    }
}

#[test]
fn a_presence_reduces_the_hazard_only_while_active_in_closed_form() {
    // active over [12, 84): present at 5 years, gone before 10
    let ivs = "[[interventions]]\nid = \"pk\"\nsituation = \"x\"\nnot_before_months = 12\nduration_months = 72\nrelapse_hazard_reduction_while_active = 0.27\n";
    let (p5, p10) = risk(&scenario("relapse_p5 = 0.3\nrelapse_p10 = 0.4", ivs));
    let h = |t: f64| Baseline::default().cumulative(t);
    let h5 = h(12.0) + 0.73 * (h(60.0) - h(12.0));
    let h10 = h(12.0) + 0.73 * (h(84.0) - h(12.0)) + (h(120.0) - h(84.0));
    assert!((p5 - (1.0 - (-h5).exp())).abs() < 1e-12, "{p5}");
    assert!((p10 - (1.0 - (-h10).exp())).abs() < 1e-12, "{p10}");
    // present over the whole 10 years: the hazard ratio 0.73 applies throughout
    let all = ivs
        .replace("not_before_months = 12\n", "")
        .replace("72", "130");
    let (_, p10) = risk(&scenario("", &all));
    assert!((p10 - (1.0 - 0.6f64.powf(0.73))).abs() < 1e-12, "{p10}");
    // both fields stack: presence while active, then the completed reduction
    let both = format!("{ivs}relapse_hazard_reduction = 0.5\n");
    let (_, p10) = risk(&scenario("", &both));
    let h10 = h(12.0) + 0.73 * (h(84.0) - h(12.0)) + 0.5 * (h(120.0) - h(84.0));
    assert!((p10 - (1.0 - (-h10).exp())).abs() < 1e-12, "{p10}");
}

#[test]
fn the_weibull_fit_differs_from_the_old_constant_hazard_where_it_should() {
    let (w, c) = (Baseline::default(), Baseline::constant(0.4));
    // same 10-year risk, more of it early
    assert!((w.probability_by(120.0) - c.probability_by(120.0)).abs() < 1e-12);
    for t in [12.0, 24.0, 60.0] {
        assert!(w.probability_by(t) > c.probability_by(t));
    }
    assert!((c.probability_by(60.0) - 0.2254).abs() < 1e-4);
}

#[test]
fn bad_anchors_and_presence_are_reported_with_paths() {
    let cases = [
        (
            "relapse_p5 = 0.4\nrelapse_p10 = 0.4",
            "situations[0].relapse_p5",
        ),
        (
            "relapse_p5 = 0.5\nrelapse_p10 = 0.4",
            "situations[0].relapse_p5",
        ),
        (
            "relapse_p5 = 0.0\nrelapse_p10 = 0.4",
            "situations[0].relapse_p5",
        ),
        ("relapse_p5 = 1.0", "situations[0].relapse_p5"),
        ("relapse_p5 = -0.1", "situations[0].relapse_p5"),
        ("relapse_p5 = nan", "situations[0].relapse_p5"),
        ("relapse_p10 = nan", "situations[0].relapse_p10"),
    ];
    for (sit, path) in cases {
        let sc = Scenario::from_toml_str(&scenario(sit, PLAIN)).unwrap();
        let issues = sc.issues();
        assert_eq!(issues.len(), 1, "{sit}: {issues:?}");
        assert_eq!(issues[0].path, path, "{sit}");
        assert!(issues[0].message.contains("`x`"), "{}", issues[0].message);
    }
    let bad = PLAIN.to_string() + "relapse_hazard_reduction_while_active = 1.0\n";
    let sc = Scenario::from_toml_str(&scenario("", &bad)).unwrap();
    let issues = sc.issues();
    assert_eq!(
        issues[0].path,
        "interventions[0].relapse_hazard_reduction_while_active"
    );
    assert!(issues[0].message.contains("`a`"));
    // a simulation refuses the scenario
    assert!(simulate(&sc, &SimOptions::default()).is_err());
}

#[test]
fn anchors_and_presence_round_trip_through_toml() {
    let text = scenario(
        "relapse_p5 = 0.2\nrelapse_p10 = 0.35",
        &(PLAIN.to_string() + "relapse_hazard_reduction_while_active = 0.3\n"),
    );
    let sc = Scenario::from_toml_str(&text).unwrap();
    assert_eq!(sc.situations[0].relapse_p5, Some(0.2));
    let back = Scenario::from_toml_str(&sc.to_toml_string().unwrap()).unwrap();
    assert_eq!(back, sc);
}

fn plan() -> impl Strategy<Value = (f64, f64, Vec<(f64, f64)>, Vec<Window>)> {
    let anchors = (0.01f64..0.9, 0.01f64..0.99);
    let completions = prop::collection::vec((0.0f64..150.0, 0.0f64..0.99), 0..5);
    let windows = prop::collection::vec(
        (0.0f64..150.0, 0.0f64..100.0, 0.0f64..4.0).prop_map(|(start, len, factor)| Window {
            start,
            end: start + len,
            factor,
        }),
        0..4,
    );
    (anchors, completions, windows).prop_map(|((a, b), c, w)| (a.min(b), a.max(b), c, w))
}

proptest! {
    #[test]
    fn risk_is_a_probability_non_decreasing_in_the_horizon(
        (p5, p10, mut comp, win) in plan()
    ) {
        let base = Baseline::fit(p5, p10).unwrap_or_else(|| Baseline::through_p10(p10));
        comp.sort_by(|a, b| a.0.total_cmp(&b.0));
        let horizons: Vec<f64> = (0..=40).map(|i| f64::from(i) * 4.0).collect();
        let mut out = vec![0.0; horizons.len()];
        relapse_piecewise(&base, &comp, &win, &horizons, &mut out);
        prop_assert_eq!(out[0], 0.0);
        for pair in out.windows(2) {
            prop_assert!((0.0..=1.0).contains(&pair[1]));
            prop_assert!(pair[1] >= pair[0] - 1e-15, "{:?}", pair);
        }
    }

    #[test]
    fn reducers_never_increase_the_risk(
        (p5, p10, mut comp, win) in plan(),
        extra in (0.0f64..150.0, 0.0f64..0.99),
        presence in (0.0f64..150.0, 0.0f64..100.0, 0.0f64..0.99),
    ) {
        let base = Baseline::fit(p5, p10).unwrap_or_else(|| Baseline::through_p10(p10));
        let horizons = [12.0, 60.0, 120.0];
        let mut before = [0.0; 3];
        comp.sort_by(|a, b| a.0.total_cmp(&b.0));
        relapse_piecewise(&base, &comp, &win, &horizons, &mut before);
        // one more completed reduction
        let mut more = comp.clone();
        more.push(extra);
        more.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut after = [0.0; 3];
        relapse_piecewise(&base, &more, &win, &horizons, &mut after);
        for (a, b) in after.iter().zip(before) {
            prop_assert!(*a <= b + 1e-15, "{} > {}", a, b);
        }
        // one more presence window (factor 1 - r <= 1)
        let mut w2 = win.clone();
        let (start, len, r) = presence;
        w2.push(Window { start, end: start + len, factor: 1.0 - r });
        relapse_piecewise(&base, &comp, &w2, &horizons, &mut after);
        for (a, b) in after.iter().zip(before) {
            prop_assert!(*a <= b + 1e-15, "{} > {}", a, b);
        }
    }
}
