//! The batched CPM kernel against the one-draw path: identical per-draw bits on every
//! instruction set and thread count; block sums equal up to rounding.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use peaceplan::simulate::dispatch::Isa;
use peaceplan::simulate::{Engine, Outcomes, Runner, SimOptions};
use peaceplan::Scenario;

/// Every feature the kernel handles: all link types with lags and leads, releases,
/// existence probabilities, risks (delay, scale, extra cost; one switched off), several
/// distribution families, situations, relapse reductions, costs.
const SCENARIO: &str = r#"
schema = 1
name = "batch kernel"
[[situations]]
id = "north"
arrival_months = 2
[[situations]]
id = "south"
[[interventions]]
id = "a"
situation = "north"
duration_months = {triangular = [2, 4, 9]}
cost_usd = {uniform = [100, 200]}
relapse_hazard_reduction = 0.2
[[interventions]]
id = "b"
situation = "north"
duration_months = {pert = [1, 3, 8]}
probability = 0.7
not_before_months = 3
[[interventions]]
id = "c"
situation = "south"
duration_months = {lognormal = [5, 1]}
after = ["a"]
relapse_hazard_reduction = 0.3
[[interventions]]
id = "d"
duration_months = {uniform = [1, 6]}
after = ["a", "b"]
[[interventions]]
id = "e"
situation = "south"
duration_months = {exponential = 3}
cost_usd = 50
[[interventions]]
id = "f"
duration_months = 0
after = ["c", "d", "e"]
relapse_hazard_reduction = 0.1
[[links]]
from = "b"
to = "e"
type = "SS"
lag_months = 1.5
[[links]]
from = "a"
to = "e"
type = "FF"
lag_months = -2
[[links]]
from = "d"
to = "e"
type = "SF"
lag_months = 4
[[risks]]
id = "r1"
probability = 0.3
affects = ["c", "b"]
delay_months = {triangular = [0, 1, 3]}
duration_scale = {uniform = [1, 1.5]}
extra_cost_usd = 10
[[risks]]
id = "r2"
probability = 0.5
affects = ["d"]
delay_months = 2
"#;

fn runner(sc: &Scenario, draws: usize, batched: bool) -> Runner {
    let opts = SimOptions {
        draws,
        seed: 5,
        engine: Engine::Cpm,
        per_intervention: Some(true),
        disabled_risks: sc
            .risks
            .iter()
            .filter(|r| r.id == "r2")
            .map(|r| r.id.clone())
            .collect(),
        ..SimOptions::default()
    };
    let mut r = Runner::new(sc, &opts).unwrap();
    r.set_batched(batched);
    assert_eq!(r.batched(), batched);
    r
}

fn run(r: &Runner, draws: usize, threads: usize) -> Outcomes {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let mut out = Outcomes::new(r);
    out.extend(pool.install(|| r.run(0, draws)).unwrap());
    out
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// Per-draw columns must agree bit for bit.
fn same_draws(a: &Outcomes, b: &Outcomes) {
    assert_eq!(a.draws, b.draws);
    assert_eq!(bits(&a.finish), bits(&b.finish));
    for (x, y) in a.situation_finish.iter().zip(&b.situation_finish) {
        assert_eq!(bits(x), bits(y));
    }
    assert_eq!(bits(&a.cost), bits(&b.cost));
    assert_eq!(bits(&a.relapse5), bits(&b.relapse5));
    assert_eq!(bits(&a.relapse10), bits(&b.relapse10));
    assert_eq!(bits(&a.start), bits(&b.start));
    assert_eq!(bits(&a.finish_matrix), bits(&b.finish_matrix));
    assert_eq!(bits(&a.duration), bits(&b.duration));
    assert_eq!(bits(&a.unfunded), bits(&b.unfunded));
    assert_eq!(bits(&a.funding_gap), bits(&b.funding_gap));
    assert_eq!(a.risk_occurred, b.risk_occurred);
    assert_eq!(a.infeasible, b.infeasible);
    assert_eq!(a.critical_count, b.critical_count);
    assert_eq!(a.exists_count, b.exists_count);
}

fn close(a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() <= 1e-9 * x.abs().max(1.0), "{x} vs {y}");
    }
}

#[test]
fn batched_kernel_matches_the_one_draw_path() {
    let sc = Scenario::from_toml_str(SCENARIO).unwrap();
    let draws = 1_000 + 3; // a partial last batch
    let one = run(&runner(&sc, draws, false), draws, 1);
    let bat = run(&runner(&sc, draws, true), draws, 1);
    same_draws(&one, &bat);
    close(&one.dur_sum, &bat.dur_sum);
    close(&one.dur_sq, &bat.dur_sq);
    // money per intervention: no source, so nothing funded and all of it unfunded
    close(&one.cost_sum, &bat.cost_sum);
    close(&one.short_sum, &bat.short_sum);
    assert_eq!(bits(&bat.cost_sum), bits(&bat.short_sum));
    assert!(bat.funded_sum.iter().all(|&x| x == 0.0));
    assert!(one.funded_sum.iter().all(|&x| x == 0.0));
    let total: f64 = one.cost.iter().sum();
    close(&[one.cost_sum.iter().sum::<f64>()], &[total]);
    // merge bias from the per-node sums equals the one-draw path's per-link sums
    let net = peaceplan::network::Network::build(&sc).unwrap();
    let (m1, m2) = (
        peaceplan::simulate::metrics::merge_bias(&net, &one),
        peaceplan::simulate::metrics::merge_bias(&net, &bat),
    );
    assert_eq!(m1.len(), 3, "d, e and f merge");
    for (x, y) in m1.iter().zip(&m2) {
        close(
            &[x.mean_of_max, x.max_of_means],
            &[y.mean_of_max, y.max_of_means],
        );
    }
    assert!(one.cost_sum.iter().any(|&x| x > 0.0));
    // the scenario exercises what it claims to
    assert!(one.exists_count[1] > 600 && one.exists_count[1] < 800);
    assert!(one.risk_occurred.iter().any(|&x| x));
    assert!(one.critical_count.iter().all(|&c| c > 0));
    // two situations at the default 0.40: at most 1 - 0.6^2 = 0.64 in 10 years
    assert!(one.relapse10.iter().all(|&p| p > 0.0 && p < 0.64));
}

#[test]
fn batched_kernel_is_identical_on_every_thread_count_and_instruction_set() {
    let sc = Scenario::from_toml_str(SCENARIO).unwrap();
    let draws = 3_000 + 5;
    let mut r = runner(&sc, draws, true);
    r.isa = Isa::Baseline;
    let base = run(&r, draws, 1);
    let many = run(&r, draws, 3);
    same_draws(&base, &many);
    assert_eq!(bits(&base.dur_sum), bits(&many.dur_sum));
    assert_eq!(bits(&base.dur_sq), bits(&many.dur_sq));
    assert_eq!(bits(&base.cost_sum), bits(&many.cost_sum));
    for isa in [Isa::Avx2, Isa::Avx512] {
        if !isa.supported() {
            eprintln!("{} not supported here; not compared", isa.as_str());
            continue;
        }
        r.isa = isa;
        let other = run(&r, draws, 2);
        same_draws(&base, &other);
        assert_eq!(bits(&base.dur_sum), bits(&other.dur_sum));
        assert_eq!(bits(&base.dur_sq), bits(&other.dur_sq));
        assert_eq!(bits(&base.cost_sum), bits(&other.cost_sum));
    }
}

#[test]
fn batched_kernel_agrees_with_the_triangular_chain_variance() {
    // five iid Tri(2, 4, 9) in series: variance 5 * 39 / 18 = 10.83, mean 25
    let mut text = String::from("schema = 1\nname = \"chain\"\n");
    for i in 0..5 {
        text.push_str(&format!(
            "[[interventions]]\nid = \"t{i}\"\nduration_months = {{triangular = [2, 4, 9]}}\n"
        ));
        if i > 0 {
            text.push_str(&format!("after = [\"t{}\"]\n", i - 1));
        }
    }
    let sc = Scenario::from_toml_str(&text).unwrap();
    let draws = 100_000;
    let r = runner(&sc, draws, true);
    let o = run(&r, draws, 2);
    let n = draws as f64;
    let mean = o.finish.iter().sum::<f64>() / n;
    let var = o.finish.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    assert!((mean - 25.0).abs() < 0.05, "{mean}");
    assert!((var - 10.83).abs() < 0.2, "{var}");
}

/// The common case the kernel's quick sampling loop takes (durations fixed, uniform or
/// triangular; no existence probability, cost, risk or hypercube), with links of every form:
/// finish-to-start without lag, with a lag, and start-to-start; merges; a release.
const QUICK: &str = r#"
schema = 1
name = "quick path"
[[situations]]
id = "north"
[[interventions]]
id = "a"
situation = "north"
duration_months = {triangular = [2, 4, 9]}
[[interventions]]
id = "b"
duration_months = {uniform = [1, 6]}
not_before_months = 2
[[interventions]]
id = "c"
situation = "north"
duration_months = 3
after = ["a", "b"]
[[interventions]]
id = "d"
duration_months = {triangular = [1, 1, 5]}
after = ["a"]
[[interventions]]
id = "e"
duration_months = {triangular = [0, 2, 2]}
after = ["c", "d"]
[[links]]
from = "b"
to = "d"
type = "FS"
lag_months = 1.5
[[links]]
from = "a"
to = "e"
type = "SS"
lag_months = 3
"#;

#[test]
fn quick_sampling_path_matches_the_one_draw_path_on_every_instruction_set() {
    let sc = Scenario::from_toml_str(QUICK).unwrap();
    let draws = 2_000 + 7;
    let net = peaceplan::network::Network::build(&sc).unwrap();
    let one = run(
        &runner(&Scenario::from_toml_str(QUICK).unwrap(), draws, false),
        draws,
        1,
    );
    let mut r = runner(&sc, draws, true);
    for isa in [Isa::Baseline, Isa::Avx2, Isa::Avx512] {
        if !isa.supported() {
            eprintln!("{} not supported here; not compared", isa.as_str());
            continue;
        }
        r.isa = isa;
        for threads in [1, 2] {
            let bat = run(&r, draws, threads);
            same_draws(&one, &bat);
            close(&one.dur_sum, &bat.dur_sum);
            close(&one.dur_sq, &bat.dur_sq);
            let (m1, m2) = (
                peaceplan::simulate::metrics::merge_bias(&net, &one),
                peaceplan::simulate::metrics::merge_bias(&net, &bat),
            );
            assert_eq!(m1.len(), 3, "c, d and e merge");
            for (x, y) in m1.iter().zip(&m2) {
                assert_eq!(x.id, y.id);
                close(
                    &[x.mean_of_max, x.max_of_means],
                    &[y.mean_of_max, y.max_of_means],
                );
                assert!(x.bias >= -1e-9, "{}: {}", x.id, x.bias);
            }
        }
    }
    // every link form and the release are in play: e often starts with a (SS + 3) binding
    assert!(one.critical_count.iter().all(|&c| c > 0));
    // the kernel's lean blocks (no cost, nothing uncertain) leave out those sums; the totals
    // are still one per intervention: every draw happened, nothing cost anything
    let bat = run(&r, draws, 2);
    let n = sc.interventions.len();
    assert_eq!(bat.exists_count, vec![draws as u64; n]);
    for v in [&bat.cost_sum, &bat.funded_sum, &bat.short_sum] {
        assert_eq!(bits(v), bits(&vec![0.0; n]));
    }
    assert_eq!(bits(&one.cost_sum), bits(&bat.cost_sum));
}
