//! Waits as survival data: the Kaplan-Meier curve of a capacity run is non-increasing, every
//! situation is either started or censored, and the summary probabilities agree with the curve.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use peaceplan::capacity::{simulate, CapacityOptions, Portfolio};
use peaceplan::Office;
use proptest::prelude::*;

fn office(posts: u32, lag_days: u32) -> Office {
    Office::from_toml_str(&format!(
        r#"
schema = 1
name = "one section"
channels = [{{ id = "c", lag_days = {lag_days} }}]
sections = [{{ id = "planning", posts = [{{ grade = "P-4", count = {posts}, channel = "c" }}] }}]
"#
    ))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn survival_is_consistent(
        rate in 0.5f64..12.0,
        posts in 3u32..16,
        lag in 0u32..400,
        years in 1.0f64..15.0,
        threshold in 0.0f64..24.0,
        seed in 0u64..1000,
    ) {
        let opts = CapacityOptions {
            years,
            draws: 8,
            seed,
            threshold_months: threshold,
            ..CapacityOptions::default()
        };
        let r = simulate(&office(posts, lag), &Portfolio::simple(rate, 3.0, 12.0, "planning"), &opts)
            .unwrap();
        prop_assert_eq!(r.started + r.unstarted, r.arrived);
        let s = &r.survival;
        for w in s.values.windows(2) {
            prop_assert!(w[1] <= w[0] + 1e-15, "not monotone: {:?}", w);
        }
        if r.arrived > 0 {
            prop_assert!(r.p_wait >= r.p_wait_over_threshold || r.p_wait_over_threshold.is_nan());
            let mut last = 1.0;
            for t in [0.0, 1.0, 3.0, 6.0, 12.0, 24.0] {
                let p = s.at(t);
                if p.is_nan() { break; }
                prop_assert!(p <= last + 1e-15);
                last = p;
            }
            // Censored waits are counted: with nobody started, P(wait > 0) is 1.
            if r.started == 0 {
                prop_assert_eq!(r.p_wait, 1.0);
            }
        }
        let qs = [r.wait_p50, r.wait_p80, r.wait_p90];
        prop_assert!(qs[0] <= qs[1] && qs[1] <= qs[2]);
    }
}

#[test]
fn all_censored_waits_count_as_waiting() {
    // Recruitment takes 20 years: nobody gets a team within 10 years.
    let opts = CapacityOptions {
        years: 10.0,
        draws: 4,
        ..CapacityOptions::default()
    };
    let r = simulate(
        &office(3, 7300),
        &Portfolio::simple(2.0, 3.0, 12.0, "planning"),
        &opts,
    )
    .unwrap();
    assert_eq!(r.started, 0);
    assert!(r.unstarted > 0);
    assert_eq!(r.p_wait, 1.0);
    assert!(r.wait_beyond[0] && r.wait_p50.is_finite() && r.wait_p50 > 0.0);
}
