//! Single-threaded speed of the capacity engine on the benchmark's M/M/5 office (a benchmark,
//! not a test): `cargo bench --bench capacity_speed`. The side-by-side comparison with SimPy is
//! `make bench-capacity`. Then, at 64 draws, the same office through the general event loop, and
//! with two priority classes at the same total rate (emergencies pre-empting routine work).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::Instant;

use std::collections::BTreeMap;

use peaceplan::capacity::{simulate, CapacityOptions, Portfolio};
use peaceplan::Office;

fn main() {
    let office = Office::from_toml_str(
        r#"
schema = 1
name = "M/M/5"
channels = [{ id = "none", lag_days = 0 }]
sections = [{ id = "planning", posts = [{ grade = "P-4", count = 15, channel = "none", filled = true }] }]
"#,
    )
    .unwrap();
    let portfolio = Portfolio::simple(4.5, 3.0, 12.0, "planning");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let rate = |portfolio: &Portfolio, draws: u64| {
        let opts = CapacityOptions {
            years: 1000.0,
            draws,
            seed: 1,
            max_waits: 0,
            ..CapacityOptions::default()
        };
        let mut rates: Vec<f64> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let r = pool.install(|| simulate(&office, portfolio, &opts).unwrap());
                r.situations_simulated as f64 / t.elapsed().as_secs_f64()
            })
            .collect();
        rates.sort_by(f64::total_cmp);
        rates[2] / 1e6
    };
    for draws in [1, 4, 8, 64, 200] {
        let r = rate(&portfolio, draws);
        eprintln!("{draws} draws: {r:.2}M situations/s (median of 5)");
    }
    // Not taken by the fast loop (a start share below 1), same queue: the general loop.
    let mut general = portfolio.clone();
    general.engagements[0].phases[0].min_start_share = 0.99;
    let r = rate(&general, 64);
    eprintln!("general loop, one class, 64 draws: {r:.2}M situations/s (median of 5)");
    let mut two = general.clone();
    two.engagements[0].phases[0].min_start_share = 1.0;
    let mut routine = two.engagements[0].clone();
    routine.id = "routine".into();
    two.engagements[0].id = "emergency".into();
    two.engagements.push(routine);
    let rates = BTreeMap::from([("emergency".into(), 1.5), ("routine".into(), 3.0)]);
    let prio = BTreeMap::from([("emergency".into(), 1)]);
    let two = two.with_classes(&rates, &prio).unwrap();
    let r = rate(&two, 64);
    eprintln!(
        "two priority classes (1.5 + 3.0 a year), 64 draws: {r:.2}M situations/s (median of 5)"
    );
}
