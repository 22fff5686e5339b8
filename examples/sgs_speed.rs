//! Schedules per second of the serial SGS on a random J30-sized instance (30 jobs with integer
//! durations 1-10, 4 renewable resources, 1-3 successors each), single thread.
//!
//! `cargo run --release --example sgs_speed`
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::time::Instant;

use peaceplan::model::{Capacity, Intervention, Pool};
use peaceplan::schedule::rules::{priority_values, sample_list, ListBuf, Rule};
use peaceplan::schedule::{Problem, Schedule, Sgs};
use peaceplan::{Point, Scenario};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn instance(seed: u64) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = 30;
    let mut ivs: Vec<Intervention> = Vec::new();
    for i in 0..n {
        let mut staff = BTreeMap::new();
        for r in 0..4 {
            if rng.random_bool(0.5) {
                staff.insert(format!("r{r}"), f64::from(rng.random_range(1..=10u32)));
            }
        }
        let after = if i < 3 {
            vec![]
        } else {
            let k = rng.random_range(1..=3usize);
            (0..k)
                .map(|_| format!("a{}", rng.random_range(0..i)))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        let text = format!(
            "id = \"a{i}\"\nduration_months = {}\n",
            rng.random_range(1..=10u32)
        );
        let mut iv: Intervention = toml::from_str(&text).expect("intervention");
        iv.staff = staff;
        iv.after = after;
        ivs.push(iv);
    }
    Scenario {
        schema: 1,
        name: "j30-like".into(),
        description: String::new(),
        start_date: None,
        situations: vec![],
        pools: (0..4)
            .map(|r| Pool {
                id: format!("r{r}"),
                name: String::new(),
                capacity: Capacity::Constant(12.0),
                source: String::new(),
            })
            .collect(),
        sources: vec![],
        interventions: ivs,
        links: vec![],
        risks: vec![],
        status_months: None,
        progress: vec![],
        relapse_rules: vec![],
    }
}

fn main() -> Result<(), peaceplan::Error> {
    let sc = instance(1);
    let p = Problem::build(&sc, Point::Mode)?;
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let modes = p.default_modes();
    let mut buf = ListBuf::default();
    let mut values = Vec::new();
    priority_values(&p, &modes, Rule::Lft, &mut rng, &mut buf, &mut values)?;
    // pre-sample lists so that only the SGS is timed
    let lists: Vec<Vec<u32>> = (0..1000)
        .map(|_| {
            let mut l = Vec::new();
            sample_list(&p, &values, &mut rng, &mut buf, &mut l);
            l
        })
        .collect();
    let mut sgs = Sgs::new();
    let mut out = Schedule::new();
    let mut total = 0.0;
    let passes = 200_000;
    let t = Instant::now();
    for k in 0..passes {
        sgs.serial(&p, &lists[k % lists.len()], &modes, &mut out)?;
        total += out.makespan;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "serial SGS, 30 activities x 4 pools: {:.0} schedules/s (mean makespan {:.2})",
        passes as f64 / secs,
        total / passes as f64
    );
    let t = Instant::now();
    let mut total = 0.0;
    let prio: Vec<f64> = values.clone();
    for _ in 0..passes / 4 {
        sgs.parallel(&p, &prio, &modes, &mut out)?;
        total += out.makespan;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "parallel SGS: {:.0} schedules/s (makespan {:.2})",
        (passes / 4) as f64 / secs,
        total / (passes / 4) as f64
    );
    Ok(())
}
