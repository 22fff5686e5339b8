//! Single-threaded speed of the capacity engine on the benchmark's M/M/5 office (a benchmark,
//! not a test): `cargo bench --bench capacity_speed`. The side-by-side comparison with SimPy is
//! `make bench-capacity`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::Instant;

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
    for draws in [1, 4, 8, 64, 200] {
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
                let r = pool.install(|| simulate(&office, &portfolio, &opts).unwrap());
                r.situations_simulated as f64 / t.elapsed().as_secs_f64()
            })
            .collect();
        rates.sort_by(f64::total_cmp);
        eprintln!(
            "{draws} draws: {:.2}M situations/s (median of 5)",
            rates[2] / 1e6
        );
    }
}
