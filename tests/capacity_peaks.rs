//! Review peaks of a phase and phases slowed by under-staffing: closed-form checks, validation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use peaceplan::capacity::{simulate, CapacityOptions, Portfolio};
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

/// One situation at t = 0 running one phase of `phase` (TOML inline table body).
fn one_situation(phase: &str) -> Portfolio {
    Portfolio::from_toml_str(&format!(
        r#"
schema = 1
name = "one"
arrivals = {{ dated = [{{ name = "A", at_months = 0 }}] }}
[[engagements]]
id = "country"
phases = [{{ id = "monitoring", {phase} }}]
"#
    ))
    .unwrap()
}

fn opts(years: f64) -> CapacityOptions {
    CapacityOptions {
        years,
        draws: 3,
        ..CapacityOptions::default()
    }
}

#[test]
fn peaks_raise_mean_demand_by_extra_times_duty_cycle() {
    // 120 months of monitoring at 1 FTE, reviews every 6 months needing 1 more FTE for 1 month:
    // the mean demand is 1 + 1 * 1/6 with enough staff, and nobody is short.
    let p = one_situation(
        "duration_months = 120, demand = { planning = 1 }, peaks = { every_months = 6, duration_months = 1, extra = { planning = 1 } }",
    );
    let r = simulate(&office(10), &p, &opts(10.0)).unwrap();
    let mean_busy = r.utilisation[0] * 10.0;
    assert!((mean_busy - (1.0 + 1.0 / 6.0)).abs() < 1e-9, "{mean_busy}");
    assert_eq!(r.mean_understaffed, 0.0);
    assert_eq!(r.completed, 0); // ends exactly at the horizon
                                // Without peaks: exactly 1.
    let flat = one_situation("duration_months = 120, demand = { planning = 1 }");
    let r = simulate(&office(10), &flat, &opts(10.0)).unwrap();
    assert!((r.utilisation[0] * 10.0 - 1.0).abs() < 1e-12);
    // With one post, every peak is short: 20 reviews x 1 month under-staffed.
    let r = simulate(&office(1), &p, &opts(10.0)).unwrap();
    assert!(
        (r.mean_understaffed - 20.0).abs() < 1e-9,
        "{}",
        r.mean_understaffed
    );
    assert_eq!(r.p_ever_understaffed, 1.0);
    assert!((r.utilisation[0] - 1.0).abs() < 1e-12);
}

#[test]
fn peaks_round_trip_and_bad_values_are_named() {
    let p = one_situation(
        "duration_months = 12, demand = { planning = 1 }, peaks = { every_months = 6, duration_months = 1, extra = { planning = 1 } }",
    );
    let back = Portfolio::from_toml_str(&p.to_toml_string().unwrap()).unwrap();
    assert_eq!(back, p);
    let bad = one_situation(
        "duration_months = 12, demand = { planning = 1 }, peaks = { every_months = 0, duration_months = 1, extra = { planning = -1, financing = 1 } }",
    );
    match simulate(&office(3), &bad, &opts(1.0)).unwrap_err() {
        Error::Validation(issues) => {
            let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
            for want in [
                "engagements[0].phases[0].peaks.every_months",
                "engagements[0].phases[0].peaks.duration_months",
                "engagements[0].phases[0].peaks.extra.planning",
                "engagements[0].phases[0].peaks.extra.financing",
            ] {
                assert!(paths.contains(&want), "{want} not in {paths:?}");
            }
        }
        other => panic!("{other}"),
    }
    let unknown = Portfolio::from_toml_str(
        r#"
schema = 1
name = "x"
arrivals = { rate_per_year = 1 }
[[engagements]]
id = "c"
phases = [{ id = "m", duration_months = 1, demand = { planning = 1 }, peaks = { every = 6 } }]
"#,
    );
    assert!(unknown.is_err());
}

#[test]
fn slowed_phase_stretches_with_missing_staff() {
    // 3 FTE for 9 months, 2 posts, may start at 2/3: fixed duration -> ends at 9 months,
    // under-staffed throughout; slowed -> progresses at 2/3 and ends at 13.5 months.
    let base = "duration_months = 9, demand = { planning = 3 }, min_start_share = 0.5";
    let fixed = one_situation(base);
    let r = simulate(&office(2), &fixed, &opts(5.0)).unwrap();
    assert_eq!(r.completed, 3);
    assert!((r.mean_understaffed - 9.0).abs() < 1e-9);
    assert!((r.completed_per_year[0] - 1.0).abs() < 1e-12);
    let slowed = one_situation(&format!("{base}, slows_when_short = true"));
    let r = simulate(&office(2), &slowed, &opts(5.0)).unwrap();
    assert_eq!(r.completed, 3);
    assert!(
        (r.mean_understaffed - 13.5).abs() < 1e-9,
        "{}",
        r.mean_understaffed
    );
    assert!((r.completed_per_year[1] - 1.0).abs() < 1e-12);
    // With enough staff the option changes nothing.
    let r = simulate(&office(3), &slowed, &opts(5.0)).unwrap();
    assert_eq!(r.mean_understaffed, 0.0);
    assert!((r.completed_per_year[0] - 1.0).abs() < 1e-12);
}

#[test]
fn utilisation_does_not_depend_on_bin_width() {
    // Bin widths not exact in binary used to drop the rest of an interval at bin edges.
    let office =
        Office::from_toml_str(include_str!("../python/peaceplan/data/pbso_office.toml")).unwrap();
    let portfolio = Portfolio::from_toml_str(include_str!(
        "../python/peaceplan/data/portfolio_default.toml"
    ))
    .unwrap();
    let run = |bin_months: f64| {
        let o = CapacityOptions {
            years: 10.0,
            draws: 8,
            seed: 4,
            bin_months,
            ..CapacityOptions::default()
        };
        simulate(&office, &portfolio, &o).unwrap()
    };
    let (a, b) = (run(0.0), run(0.7));
    for (x, y) in a.utilisation.iter().zip(&b.utilisation) {
        assert!(
            (x - y).abs() < 1e-9 || (x.is_nan() && y.is_nan()),
            "{x} vs {y}"
        );
    }
}
