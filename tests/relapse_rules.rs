//! Relapse risk: per-situation base rates and hazard-multiplying rules from the scenario file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use peaceplan::simulate::relapse::Baseline;
use peaceplan::simulate::{simulate, SimOptions};
use peaceplan::Scenario;

fn run(text: &str) -> peaceplan::simulate::Simulation {
    let sc = Scenario::from_toml_str(text).unwrap();
    let o = SimOptions {
        draws: 16,
        ..SimOptions::default()
    };
    simulate(&sc, &o).unwrap()
}

const BASE: &str = r#"
schema = 1
name = "elections before disarmament"
[[situations]]
id = "x"
relapse_p10 = 0.3
[[interventions]]
id = "el"
situation = "x"
duration_months = 6
[[interventions]]
id = "dd"
situation = "x"
duration_months = 24
"#;

#[test]
fn a_rule_multiplies_the_hazard_for_its_window_in_closed_form() {
    let b = Baseline::through_p10(0.3);
    let plain = run(BASE);
    assert!((plain.outcomes.relapse10[0] - 0.3).abs() < 1e-12);
    let (k, w) = (2.0, 12.0);
    let rule = format!(
        "{BASE}[[relapse_rules]]\nwhen = \"el\"\nbefore = \"dd\"\nfactor = {k}\nwindow_months = {w}\nsource = \"Brancati & Snyder [A]\"\n"
    );
    let sim = run(&rule);
    // the window [6, 18) after the poll: H0(T) + (k - 1) (H0(18) - H0(6))
    let bump = (k - 1.0) * (b.cumulative(6.0 + w) - b.cumulative(6.0));
    for (p, t) in [
        (sim.outcomes.relapse5[0], 60.0),
        (sim.outcomes.relapse10[0], 120.0),
    ] {
        let want = 1.0 - (-(b.cumulative(t) + bump)).exp();
        assert!((p - want).abs() < 1e-12, "{p} vs {want}");
    }
    // elections after disarmament: the rule does not fire
    let late = rule.replace("duration_months = 6", "duration_months = 30");
    assert!((run(&late).outcomes.relapse10[0] - 0.3).abs() < 1e-12);
}

#[test]
fn situations_combine_and_the_default_applies_without_relapse_p10() {
    let two = format!(
        "{BASE}[[situations]]\nid = \"y\"\n[[interventions]]\nid = \"z\"\nsituation = \"y\"\nduration_months = 1\n"
    );
    let sim = run(&two);
    let p = sim.outcomes.relapse10[0];
    let want = 1.0 - (1.0 - 0.3) * (1.0 - 0.4);
    assert!((p - want).abs() < 1e-12, "{p} vs {want}");
    // at 5 years: x has the sourced shape through 0.3 at 10 y, y the sourced anchors (0.30)
    let want5 = 1.0 - (1.0 - Baseline::through_p10(0.3).probability_by(60.0)) * (1.0 - 0.3);
    assert!((sim.outcomes.relapse5[0] - want5).abs() < 1e-12);
}

#[test]
fn bad_rules_and_rates_are_reported_with_paths() {
    let bad = format!(
        "{}[[relapse_rules]]\nwhen = \"el\"\nbefore = \"nope\"\nfactor = -1\nwindow_months = -3\n",
        BASE.replace("relapse_p10 = 0.3", "relapse_p10 = 1.0")
    );
    let sc = Scenario::from_toml_str(&bad).unwrap();
    let paths: Vec<String> = sc.issues().into_iter().map(|i| i.path).collect();
    for want in [
        "situations[0].relapse_p10",
        "relapse_rules[0].before",
        "relapse_rules[0].factor",
        "relapse_rules[0].window_months",
    ] {
        assert!(paths.iter().any(|p| p == want), "{want} not in {paths:?}");
    }
}
