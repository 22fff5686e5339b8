//! Same seed, bit-identical outcomes on 1 and several threads; bad input is named.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use peaceplan::simulate::{simulate, Correlation, SimOptions, Simulation};
use peaceplan::{Error, Scenario};

fn postwar() -> Scenario {
    Scenario::load(std::path::Path::new(
        "python/peaceplan/data/postwar_country.toml",
    ))
    .unwrap()
}

fn run(threads: usize, sc: &Scenario, o: &SimOptions) -> Simulation {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| simulate(sc, o).unwrap())
}

#[test]
fn one_thread_and_many_give_identical_bits() {
    let sc = postwar();
    let o = SimOptions {
        draws: 300,
        seed: 11,
        lhs: true,
        ..SimOptions::default()
    };
    let a = run(1, &sc, &o);
    let b = run(4, &sc, &o);
    assert_eq!(a.engine, "parallel");
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a.outcomes.finish), bits(&b.outcomes.finish));
    assert_eq!(bits(&a.outcomes.relapse10), bits(&b.outcomes.relapse10));
    assert_eq!(
        bits(&a.outcomes.finish_matrix),
        bits(&b.outcomes.finish_matrix)
    );
    assert_eq!(bits(&a.outcomes.funding_gap), bits(&b.outcomes.funding_gap));
    assert_eq!(bits(&a.outcomes.dur_sum), bits(&b.outcomes.dur_sum));
    assert_eq!(a.outcomes.critical_count, b.outcomes.critical_count);
    // money honoured per draw: shortfalls, mobilised money, starts binned on the cash grid
    assert_eq!(
        bits(&a.outcomes.finish_funded),
        bits(&b.outcomes.finish_funded)
    );
    assert_eq!(a.outcomes.money_short, b.outcomes.money_short);
    assert_eq!(a.outcomes.unfunded_count, b.outcomes.unfunded_count);
    assert_eq!(a.outcomes.mobilised_draws, b.outcomes.mobilised_draws);
    assert_eq!(
        bits(&a.outcomes.shortfall_sum),
        bits(&b.outcomes.shortfall_sum)
    );
    for (x, y) in a.outcomes.source_gap.iter().zip(&b.outcomes.source_gap) {
        assert_eq!(bits(x), bits(y));
    }
    assert_eq!(a.outcomes.started_bins, b.outcomes.started_bins);
    assert_eq!(a.outcomes.on_time, b.outcomes.on_time);
    assert!(
        a.outcomes.money_short.iter().any(|&s| s),
        "the template is short of money"
    );
    // relapse risk is a probability, reduced below the base rate by completed interventions
    let bad: Vec<_> = a
        .outcomes
        .relapse10
        .iter()
        .filter(|&&p| !(p > 0.0 && p <= 0.4 + 1e-12))
        .collect();
    assert!(bad.is_empty(), "{bad:?} {:?}", &a.outcomes.finish[..5]);
    assert!(a
        .outcomes
        .finish
        .iter()
        .all(|&f| f >= a.deterministic_finish * 0.5));
}

fn err_name(e: Error) -> String {
    match e {
        Error::InvalidArgument { name, message } => format!("{name}: {message}"),
        other => other.to_string(),
    }
}

#[test]
fn bad_options_name_the_culprit() {
    let sc = postwar();
    let o = SimOptions {
        draws: 0,
        ..SimOptions::default()
    };
    assert!(err_name(simulate(&sc, &o).unwrap_err()).starts_with("draws"));
    let o = SimOptions {
        draws: 1 << 40,
        ..SimOptions::default()
    };
    let e = err_name(simulate(&sc, &o).unwrap_err());
    assert!(e.starts_with("draws") && e.contains("GB"), "{e}");
    let corr = |ids: Vec<&str>, m: Vec<f64>| SimOptions {
        draws: 100,
        correlation: Some(Correlation {
            ids: ids.into_iter().map(String::from).collect(),
            matrix: m,
        }),
        ..SimOptions::default()
    };
    let e = err_name(simulate(&sc, &corr(vec!["dd", "el"], vec![1.0, 0.5, 0.5])).unwrap_err());
    assert!(e.starts_with("correlation") && e.contains("2 x 2"), "{e}");
    let e = err_name(simulate(&sc, &corr(vec!["dd", "el"], vec![1.0, 1.5, 1.5, 1.0])).unwrap_err());
    assert!(e.contains("[-1, 1]"), "{e}");
    let e = err_name(simulate(&sc, &corr(vec!["dd", "zz"], vec![1.0, 0.0, 0.0, 1.0])).unwrap_err());
    assert!(e.contains("`zz`"), "{e}");
    let mut bad = sc.clone();
    bad.risks[0].probability = 1.5;
    assert!(matches!(
        simulate(&bad, &SimOptions::default()),
        Err(Error::Validation(_))
    ));
}
