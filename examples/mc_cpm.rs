//! Monte Carlo CPM throughput of the core (no Python) on the NumPy peer's DAG.
//!
//! ```text
//! python ../shared/peers/numpy_mc_cpm.py --dump-dag /tmp/dag.txt
//! cargo run --release --example mc_cpm -- /tmp/dag.txt 10000 5
//! PEACEPLAN_ISA=baseline cargo run --release --example mc_cpm -- /tmp/dag.txt
//! ```
//! Optional 4th and 5th arguments: `batched` / `one-draw` / `both`, and a single thread count.
//! Prints ns per activity-sample (median of the repeats) on 1 and 2 threads, the batched kernel
//! against the one-draw path.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::fmt::Write as _;
use std::time::Instant;

use peaceplan::simulate::{Outcomes, Runner, SimOptions};
use peaceplan::Scenario;

fn scenario(path: &str) -> Scenario {
    let text = std::fs::read_to_string(path).expect("read the DAG");
    let mut toml = String::from("schema = 1\nname = \"peer dag\"\n");
    for (i, line) in text.lines().enumerate() {
        let p: Vec<&str> = line.split_whitespace().collect();
        let k: usize = p[3].parse().unwrap();
        let after: Vec<String> = p[4..4 + k].iter().map(|x| format!("\"a{x}\"")).collect();
        writeln!(
            toml,
            "[[interventions]]\nid = \"a{i}\"\nduration_months = {{triangular = [{}, {}, {}]}}\nafter = [{}]",
            p[0],
            p[1],
            p[2],
            after.join(", ")
        )
        .unwrap();
    }
    Scenario::from_toml_str(&toml).expect("scenario")
}

/// CPU time of all threads of this process, ns (Linux `schedstat`; 0 elsewhere): robust to
/// other jobs sharing the cores, unlike wall time.
fn cpu_ns() -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    dir.filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).map_or("/tmp/mc/dag.txt", String::as_str);
    let draws: usize = args.get(2).map_or(10_000, |s| s.parse().unwrap());
    let repeat: usize = args.get(3).map_or(5, |s| s.parse().unwrap());
    let only = args.get(4).map_or("both", String::as_str);
    let threads_list: Vec<usize> = match args.get(5) {
        Some(t) => vec![t.parse().unwrap()],
        None => vec![1, 2],
    };
    let sc = scenario(path);
    let n = sc.interventions.len();
    let opts = SimOptions {
        draws,
        per_intervention: Some(false),
        engine: peaceplan::simulate::Engine::Cpm,
        ..SimOptions::default()
    };
    for batched in [true, false] {
        if (only == "batched" && !batched) || (only == "one-draw" && batched) {
            continue;
        }
        let mut runner = Runner::new(&sc, &opts).unwrap();
        runner.set_batched(batched);
        for &threads in &threads_list {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut times = Vec::new();
            let mut cpu = Vec::new();
            let mut mean = 0.0;
            for _ in 0..repeat {
                let c0 = cpu_ns();
                let t = Instant::now();
                let mut out = Outcomes::new(&runner);
                out.extend(pool.install(|| runner.run(0, draws)).unwrap());
                times.push(t.elapsed().as_secs_f64());
                cpu.push((cpu_ns() - c0) as f64 * 1e-9);
                mean = out.finish.iter().sum::<f64>() / draws as f64;
            }
            times.sort_by(f64::total_cmp);
            cpu.sort_by(f64::total_cmp);
            let ns = |s: f64| s * 1e9 / (n * draws) as f64;
            println!(
                "{} isa={} threads={threads}: wall median {:.3} min {:.3}, cpu median {:.3} \
                 ns/activity-sample (mean finish {mean:.3})",
                if batched { "batched " } else { "one-draw" },
                runner.isa.as_str(),
                ns(times[times.len() / 2]),
                ns(times[0]),
                ns(cpu[cpu.len() / 2]),
            );
        }
    }
}
