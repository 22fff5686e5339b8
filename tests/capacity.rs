//! Capacity simulation: agreement with Erlang C, determinism across thread counts, bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use peaceplan::capacity::queueing::{erlang_c, mean_wait};
use peaceplan::capacity::{simulate, CapacityOptions, Portfolio};
use peaceplan::{Error, Office};

/// One section of `posts` posts, all on duty from the start (no recruitment lag).
fn mmc_office(posts: u32) -> Office {
    Office::from_toml_str(&format!(
        r#"
schema = 1
name = "M/M/c"
channels = [{{ id = "none", lag_days = 0 }}]
sections = [{{ id = "planning", posts = [{{ grade = "P-4", count = {posts}, channel = "none", filled = true }}] }}]
"#
    ))
    .unwrap()
}

#[test]
fn mmc_agrees_with_erlang_c() {
    // c = 5 teams of 3 posts, lambda = 4 per year, exponential engagements of mean 1 year
    // (rho = 0.8). 320 draws x 5,000 years (50-year warm-up each): about 6.3M situations, a few seconds in debug.
    let (lam, c) = (4.0, 5);
    let office = mmc_office(3 * c);
    let portfolio = Portfolio::simple(lam, 3.0, 12.0, "planning");
    let opts = CapacityOptions {
        years: 5000.0,
        draws: 320,
        seed: 11,
        warmup_years: 50.0,
        max_waits: 0,
        ..CapacityOptions::default()
    };
    let r = simulate(&office, &portfolio, &opts).unwrap();
    let pc = erlang_c(lam, 1.0, c).unwrap();
    let wq = mean_wait(lam, 1.0, c).unwrap() * 12.0;
    let (dp, dw) = ((r.p_wait / pc - 1.0).abs(), (r.mean_wait / wq - 1.0).abs());
    eprintln!(
        "P(wait) {:.4} vs {pc:.4} ({:+.2} %), Wq {:.4} vs {wq:.4} months ({:+.2} %), {} situations",
        r.p_wait,
        100.0 * (r.p_wait / pc - 1.0),
        r.mean_wait,
        100.0 * (r.mean_wait / wq - 1.0),
        r.started
    );
    assert!(dp < 0.02, "P(wait) off by {dp}");
    assert!(dw < 0.02, "mean wait off by {dw}");
    assert!((r.utilisation[0] - 0.8).abs() < 0.01);
}

#[test]
fn same_numbers_with_one_or_many_threads() {
    let office =
        Office::from_toml_str(include_str!("../python/peaceplan/data/pbso_office.toml")).unwrap();
    let portfolio = Portfolio::from_toml_str(include_str!(
        "../python/peaceplan/data/portfolio_default.toml"
    ))
    .unwrap()
    .with_rate(4.5);
    let opts = CapacityOptions {
        years: 10.0,
        draws: 37,
        seed: 5,
        ..CapacityOptions::default()
    };
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| simulate(&office, &portfolio, &opts).unwrap())
    };
    let one = run(1);
    let four = run(4);
    assert_eq!(one, four);
    assert!(one.arrived > 0 && one.started > 0);
}

#[test]
fn bad_input_names_the_culprit() {
    let office = mmc_office(6);
    // A phase needing more than the whole office.
    let p = Portfolio::simple(1.0, 9.0, 12.0, "planning");
    let e = simulate(&office, &p, &CapacityOptions::default()).unwrap_err();
    match e {
        Error::Validation(issues) => {
            assert!(issues[0].path.contains("demand.planning"), "{issues:?}");
            assert!(issues[0].message.contains("at most 6"), "{issues:?}");
        }
        other => panic!("{other}"),
    }
    // No section serves the demand.
    let p = Portfolio::simple(1.0, 1.0, 12.0, "financing");
    let e = simulate(&office, &p, &CapacityOptions::default()).unwrap_err();
    assert!(e
        .to_string()
        .contains("no section of the office serves demand `financing`"));
    // Negative rate.
    let p = Portfolio::simple(-1.0, 1.0, 12.0, "planning");
    let e = simulate(&office, &p, &CapacityOptions::default()).unwrap_err();
    assert!(e.to_string().contains("arrivals.rate_per_year"), "{e}");
    // Bad option.
    let p = Portfolio::simple(1.0, 1.0, 12.0, "planning");
    let opts = CapacityOptions {
        draws: 0,
        ..CapacityOptions::default()
    };
    let e = simulate(&office, &p, &opts).unwrap_err();
    assert!(e.to_string().contains("`draws`"), "{e}");
}

#[test]
fn agenda_in_progress_surge_and_turnover() {
    let mut office =
        Office::from_toml_str(include_str!("../python/peaceplan/data/pbso_office.toml")).unwrap();
    office.surge.push(peaceplan::model::Surge {
        id: "roster".into(),
        section: "planning".into(),
        fte: 2.0,
        lag_days: peaceplan::Dist::Fixed(30.0),
        duration_months: 6.0,
        cost_usd_per_fte_month: 20_000.0,
        trigger_queue: 1,
        max_active: 1,
        source: String::new(),
    });
    let mut portfolio = Portfolio::from_toml_str(include_str!(
        "../python/peaceplan/data/portfolio_pbc_agenda.toml"
    ))
    .unwrap();
    portfolio.in_progress.push(peaceplan::capacity::InProgress {
        name: "Old case".into(),
        engagement: String::new(),
        phase: "monitoring".into(),
        remaining_months: peaceplan::Dist::Fixed(24.0),
        source: String::new(),
    });
    assert!(portfolio.issues_with(&office).is_empty());
    let opts = CapacityOptions {
        years: 8.0,
        draws: 64,
        seed: 3,
        ..CapacityOptions::default()
    };
    let r = simulate(&office, &portfolio, &opts).unwrap();
    assert_eq!(r.arrived, 6 * 64);
    assert!(r.surge_calls > 0.0 && r.surge_cost_usd_per_year > 0.0);
    assert!(r.mean_wait > 0.0 && r.mean_wait.is_finite());
    assert!(r
        .utilisation
        .iter()
        .skip(1)
        .take(3)
        .all(|u| (0.0..=1.0 + 1e-9).contains(u)));
    assert_eq!(r.busy_fte.len(), r.sections.len() * r.bin_starts.len());
    // More planning posts never make the wait longer (same seed, common random numbers).
    let mut bigger = office.clone();
    bigger.sections[1].posts[0].count += 3;
    let r2 = simulate(&bigger, &portfolio, &opts).unwrap();
    assert!(
        r2.mean_wait <= r.mean_wait + 1e-9,
        "{} > {}",
        r2.mean_wait,
        r.mean_wait
    );
}
