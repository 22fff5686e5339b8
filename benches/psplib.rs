//! PSPLIB benchmark of the constrained scheduler (a benchmark, not a test).
//!
//! `cargo bench --bench psplib -- [--sets j30,j60,j120] [--budgets 1000,5000] [--seed 0]
//! [--limit N] [--every K] [--threads N] [--data DIR] [--times FILE]`
//!
//! Protocol (Kolisch & Hartmann 2006): stop after a budget of generated schedules, every SGS pass
//! counted (forward and backward passes of the justification too). Deviation from the optimum
//! (`best_ub` of proven-optimal instances) for J30 and from the critical-path bound (`cp_lb`) for
//! J60/J120. Instances run in parallel (one thread each, deterministic per instance: same seed,
//! same result); schedules per second per core = schedules generated / CPU seconds spent.
//! `--every K` keeps every K-th instance (a spread subset for quick calibration runs), and the
//! environment variables `GA_POP`, `GA_FBI`, `GA_SHIFT`, `GA_PEAK`, `GA_STALL`, `GA_RS`, `GA_SO`,
//! `GA_NEW` override the genetic algorithm's parameters ([`GaParams`]) for calibration.
//! `--times FILE` writes one line `set instance budget seconds makespan` per run, which
//! `benches/ortools_psplib.py` reads to give CP-SAT the same wall-clock budget per instance.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use peaceplan::model::Point;
use peaceplan::psplib;
use peaceplan::schedule::search::{run_with, GaParams, SearchOptions};
use peaceplan::schedule::{Problem, Sgs};

/// Published average deviations at 1,000 / 5,000 schedules (rcpsp.md §3; [R] unless verified).
const RECORDS: &[(&str, &str, f64, f64)] = &[
    ("j30", "Kochetov & Stolyar 2003", 0.10, 0.04),
    ("j30", "Debels & Vanhoucke 2007 DBGA", 0.12, 0.04),
    ("j30", "Valls et al. 2008 HGA", 0.27, 0.06),
    ("j30", "Hartmann 1998 GA", 0.54, 0.25),
    ("j60", "Debels & Vanhoucke 2007 DBGA", 11.45, 10.95),
    ("j60", "Valls et al. 2008 HGA", 11.56, 11.10),
    ("j60", "Hartmann 1998 GA", 12.68, 11.89),
    ("j120", "Debels & Vanhoucke 2007 DBGA", 33.55, 32.18),
    ("j120", "Valls et al. 2008 HGA", 34.07, 32.54),
    ("j120", "Hartmann 1998 GA", 39.37, 36.74),
];

/// The bars at 5,000 schedules.
const BARS: &[(&str, f64)] = &[("j30", 0.10), ("j60", 11.5), ("j120", 33.5)];

struct Args {
    sets: Vec<String>,
    budgets: Vec<u64>,
    seed: u64,
    limit: Option<usize>,
    every: usize,
    threads: usize,
    data: PathBuf,
    times: Option<PathBuf>,
}

fn parse_args() -> Args {
    let mut a = Args {
        sets: vec!["j30".into(), "j60".into(), "j120".into()],
        budgets: vec![1000, 5000],
        seed: 0,
        limit: None,
        every: 1,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        data: Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/psplib"),
        times: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--sets" => a.sets = value().split(',').map(str::to_string).collect(),
            "--budgets" => {
                a.budgets = value()
                    .split(',')
                    .map(|b| b.parse().expect("budget"))
                    .collect()
            }
            "--seed" => a.seed = value().parse().expect("seed"),
            "--limit" => a.limit = Some(value().parse().expect("limit")),
            "--every" => a.every = value().parse().expect("every"),
            "--threads" => a.threads = value().parse().expect("threads"),
            "--data" => a.data = PathBuf::from(value()),
            "--times" => a.times = Some(PathBuf::from(value())),
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

struct Outcome {
    instance: String,
    makespan: f64,
    reference: f64,
    seconds: f64,
    passes: u64,
}

fn solve(path: &Path, budget: u64, seed: u64) -> (f64, u64, f64) {
    let sc = psplib::load(path).expect("instance");
    let started = Instant::now();
    let problem = Problem::build(&sc, Point::Mode).expect("problem");
    let mut sgs = Sgs::new();
    let opts = SearchOptions {
        max_schedules: budget,
        seed,
        ..SearchOptions::default()
    };
    let mut params = GaParams::for_budget(problem.len(), budget);
    let env = |k: &str| std::env::var(k).ok();
    if let Some(v) = env("GA_POP") {
        params.pop = v.parse().unwrap();
    }
    if let Some(v) = env("GA_FBI") {
        params.fbi_rounds = v.parse().unwrap();
    }
    if let Some(v) = env("GA_SHIFT") {
        params.p_shift = v.parse().unwrap();
    }
    if let Some(v) = env("GA_PEAK") {
        params.p_peak = v.parse().unwrap();
    }
    if let Some(v) = env("GA_STALL") {
        params.stall = v.parse().unwrap();
    }
    if let Some(v) = env("GA_RS") {
        params.restart_shifts = v.parse().unwrap();
    }
    if let Some(v) = env("GA_NEW") {
        params.prefer_new = v == "1";
    }
    if let Some(v) = env("GA_SO") {
        params.start_order = v == "1";
    }
    let result = run_with(&problem, &mut sgs, &opts, &params).expect("search");
    (
        result.makespan,
        result.passes,
        started.elapsed().as_secs_f64(),
    )
}

fn main() {
    let args = parse_args();
    let bounds = psplib::read_reference_bounds(&args.data.join("reference_bounds.csv"))
        .expect("reference_bounds.csv");
    let times = args
        .times
        .as_ref()
        .map(|p| Mutex::new(std::fs::File::create(p).expect("times file")));
    println!(
        "{:<5} {:>7} {:>9} {:>8} {:>9} {:>11} {:>13}",
        "set", "budget", "instances", "dev %", "hits %", "s/instance", "sched/s/core"
    );
    let mut summary = Vec::new();
    for set in &args.sets {
        let mut rows: Vec<_> = bounds.iter().filter(|b| &b.set == set).collect();
        if set == "j30" {
            rows.retain(|b| b.proven_optimal);
        }
        rows.sort_by_key(|b| (b.parameter, b.index));
        if args.every > 1 {
            rows = rows.into_iter().step_by(args.every).collect();
        }
        if let Some(n) = args.limit {
            rows.truncate(n);
        }
        for &budget in &args.budgets {
            let next = AtomicUsize::new(0);
            let out = Mutex::new(Vec::new());
            let wall = Instant::now();
            std::thread::scope(|s| {
                for _ in 0..args.threads.max(1) {
                    s.spawn(|| loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(b) = rows.get(k) else { break };
                        let path = args.data.join(set).join(format!("{}.sm", b.instance));
                        let (makespan, passes, seconds) = solve(&path, budget, args.seed);
                        let reference = if set == "j30" { b.best_ub } else { b.cp_lb } as f64;
                        out.lock().unwrap().push(Outcome {
                            instance: b.instance.clone(),
                            makespan,
                            reference,
                            seconds,
                            passes,
                        });
                    });
                }
            });
            let wall = wall.elapsed().as_secs_f64();
            let mut out = out.into_inner().unwrap();
            out.sort_by(|a, b| a.instance.cmp(&b.instance));
            let n = out.len().max(1) as f64;
            let dev = out
                .iter()
                .map(|o| 100.0 * (o.makespan - o.reference) / o.reference)
                .sum::<f64>()
                / n;
            let hits = out
                .iter()
                .filter(|o| {
                    let b = bounds.iter().find(|b| b.instance == o.instance).unwrap();
                    o.makespan <= b.best_ub as f64
                })
                .count() as f64
                / n
                * 100.0;
            let cpu: f64 = out.iter().map(|o| o.seconds).sum();
            let passes: u64 = out.iter().map(|o| o.passes).sum();
            println!(
                "{:<5} {:>7} {:>9} {:>8.2} {:>9.1} {:>11.4} {:>13.0}   (wall {:.1} s)",
                set,
                budget,
                out.len(),
                dev,
                hits,
                cpu / n,
                passes as f64 / cpu.max(1e-12),
                wall
            );
            if let Some(f) = &times {
                let mut f = f.lock().unwrap();
                for o in &out {
                    writeln!(
                        f,
                        "{set} {} {budget} {:.6} {}",
                        o.instance, o.seconds, o.makespan
                    )
                    .unwrap();
                }
            }
            summary.push((set.clone(), budget, dev));
        }
    }
    println!("\npublished records (average deviation %, 1,000 / 5,000 schedules):");
    for (set, name, k1, k5) in RECORDS {
        if args.sets.iter().any(|s| s == set) {
            println!("  {set:<5} {name:<32} {k1:>6.2} / {k5:>6.2}");
        }
    }
    println!("\nbars at 5,000 schedules:");
    for (set, bar) in BARS {
        if let Some((_, _, dev)) = summary.iter().find(|(s, b, _)| s == set && *b == 5000) {
            let verdict = if dev <= bar { "met" } else { "NOT met" };
            println!("  {set:<5} {dev:>6.2} % vs bar {bar:.2} %: {verdict}");
        }
    }
}
