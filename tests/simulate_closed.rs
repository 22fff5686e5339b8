//! Closed-form checks of the Monte Carlo engine (reference/schedule_risk.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use peaceplan::network::Network;
use peaceplan::simulate::metrics::{merge_bias, quantile};
use peaceplan::simulate::{correlate, simulate, Correlation, SimOptions};
use peaceplan::Scenario;

fn scenario(body: &str) -> Scenario {
    Scenario::from_toml_str(&format!("schema = 1\nname = \"t\"\n{body}")).unwrap()
}

fn opts(draws: usize, seed: u64) -> SimOptions {
    SimOptions {
        draws,
        seed,
        ..SimOptions::default()
    }
}

fn merge(dist: &str) -> Scenario {
    scenario(&format!(
        r#"
[[interventions]]
id = "a"
duration_months = {dist}
[[interventions]]
id = "b"
duration_months = {dist}
[[interventions]]
id = "m"
duration_months = 0
after = ["a", "b"]
"#
    ))
}

#[test]
fn merge_bias_two_uniforms_is_one_sixth() {
    let sc = merge("{uniform = [0, 1]}");
    let sim = simulate(&sc, &opts(200_000, 1)).unwrap();
    let mb = merge_bias(&Network::build(&sc).unwrap(), &sim.outcomes);
    assert_eq!(mb.len(), 1);
    assert_eq!(mb[0].id, "m");
    assert!((mb[0].bias - 1.0 / 6.0).abs() < 0.004, "{:?}", mb[0]);
}

#[test]
fn merge_bias_two_normals_is_two_over_sqrt_pi() {
    let sc = merge("{normal = [10, 2]}");
    let sim = simulate(&sc, &opts(200_000, 2)).unwrap();
    let mb = merge_bias(&Network::build(&sc).unwrap(), &sim.outcomes);
    let want = 2.0 / std::f64::consts::PI.sqrt();
    assert!((mb[0].bias - want).abs() < 0.02, "{} vs {want}", mb[0].bias);
}

fn chain(n: usize, dist: &str) -> Scenario {
    let mut body = String::new();
    for i in 0..n {
        body.push_str(&format!(
            "[[interventions]]\nid = \"t{i}\"\nduration_months = {dist}\n"
        ));
        if i > 0 {
            body.push_str(&format!("after = [\"t{}\"]\n", i - 1));
        }
    }
    scenario(&body)
}

fn mean_var(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    (
        m,
        v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0),
    )
}

#[test]
fn five_triangulars_in_series_have_variance_10_83() {
    let sc = chain(5, "{triangular = [2, 4, 9]}");
    let sim = simulate(&sc, &opts(100_000, 3)).unwrap();
    let (m, v) = mean_var(&sim.outcomes.finish);
    assert!((m - 25.0).abs() < 0.05, "mean {m}");
    assert!((v - 65.0 / 6.0).abs() < 0.25, "variance {v}");
    // Latin hypercube keeps the marginals
    let mut o = opts(20_000, 3);
    o.lhs = true;
    let (m, v) = mean_var(&simulate(&sc, &o).unwrap().outcomes.finish);
    assert!(
        (m - 25.0).abs() < 0.02 && (v - 65.0 / 6.0).abs() < 0.4,
        "lhs {m} {v}"
    );
}

#[test]
fn criticality_of_uniform_parallel_to_fixed_half_is_one_half() {
    let sc = scenario(
        r#"
[[interventions]]
id = "a"
duration_months = {uniform = [0, 1]}
[[interventions]]
id = "b"
duration_months = 0.5
"#,
    );
    let sim = simulate(&sc, &opts(100_000, 4)).unwrap();
    let ci: Vec<f64> = sim
        .outcomes
        .critical_count
        .iter()
        .map(|&c| c as f64 / 100_000.0)
        .collect();
    assert!(
        (ci[0] - 0.5).abs() < 0.01 && (ci[1] - 0.5).abs() < 0.01,
        "{ci:?}"
    );
}

#[test]
fn p_values_of_a_normal_chain() {
    let sc = chain(4, "{normal = [10, 1.5]}");
    let sim = simulate(&sc, &opts(200_000, 5)).unwrap();
    let sd = 1.5 * 2.0;
    for (q, z) in [
        (0.1, -1.281_551_565),
        (0.5, 0.0),
        (0.8, 0.841_621_234),
        (0.9, 1.281_551_565),
    ] {
        let p = quantile(&sim.outcomes.finish, q);
        assert!((p - (40.0 + z * sd)).abs() < 0.05, "P{q}: {p}");
    }
}

#[test]
fn iman_conover_reaches_the_target_spearman() {
    let sc = chain(3, "{triangular = [8, 10, 15]}");
    let mut o = opts(10_000, 6);
    o.correlation = Some(Correlation {
        ids: vec!["t0".into(), "t1".into(), "t2".into()],
        matrix: vec![1.0, 0.6, 0.3, 0.6, 1.0, -0.2, 0.3, -0.2, 1.0],
    });
    o.per_intervention = Some(true);
    let sim = simulate(&sc, &o).unwrap();
    let d = &sim.outcomes.duration;
    let col = |i: usize| -> Vec<f64> { (0..10_000).map(|k| d[k * 3 + i]).collect() };
    for (a, b, want) in [(0, 1, 0.6), (0, 2, 0.3), (1, 2, -0.2)] {
        let got = correlate::spearman(&col(a), &col(b));
        assert!(
            (got - want).abs() < 0.03,
            "rho[{a}][{b}] = {got}, want {want}"
        );
    }
    assert!(sim.warnings.is_empty());
}

#[test]
fn a_non_psd_matrix_is_repaired_with_a_warning() {
    let sc = chain(3, "{uniform = [1, 2]}");
    let mut o = opts(2_000, 7);
    o.correlation = Some(Correlation {
        ids: vec!["t0".into(), "t1".into(), "t2".into()],
        matrix: vec![1.0, 0.9, -0.9, 0.9, 1.0, 0.9, -0.9, 0.9, 1.0],
    });
    let sim = simulate(&sc, &o).unwrap();
    assert_eq!(sim.warnings.len(), 1, "{:?}", sim.warnings);
}

#[test]
fn trigen_reads_bounds_as_percentiles() {
    let (a, b) = peaceplan::simulate::trigen(2.0, 4.0, 9.0, 0.1, 0.9);
    let d = peaceplan::Dist::Triangular {
        min: a,
        mode: 4.0,
        max: b,
    };
    assert!((d.quantile(0.1) - 2.0).abs() < 1e-9 && (d.quantile(0.9) - 9.0).abs() < 1e-9);
    assert!(a < 2.0 && b > 9.0);
}

#[test]
fn money_per_intervention_with_a_short_pledge_is_exact() {
    // a (6) then b (5) drawn on one source of 8 (a second pledge never arrives: the plan at
    // the point is feasible, every draw is short of money): a is funded 6; b never starts (2
    // left of its 5: unfunded, shortfall 3 charged to `s`); c (3) has no source and is not
    // constrained by money; d (probability 0) never happens
    let sc = scenario(
        r#"
[[sources]]
id = "s"
kind = "voluntary"
pledges = [
  {amount_usd = 8, at_months = 0},
  {amount_usd = 100, at_months = 0, probability = 0.0},
]
[[interventions]]
id = "a"
duration_months = {triangular = [1, 2, 4]}
cost_usd = 6
funding = ["s"]
[[interventions]]
id = "b"
duration_months = 1
after = ["a"]
cost_usd = 5
funding = ["s"]
[[interventions]]
id = "c"
duration_months = 2
cost_usd = 3
[[interventions]]
id = "d"
duration_months = 1
probability = 0.0
cost_usd = 4
funding = ["s"]
"#,
    );
    let draws = 1_000;
    let o = simulate(&sc, &opts(draws, 3)).unwrap().outcomes;
    assert!(o.infeasible.iter().all(|&x| !x));
    let n = draws as f64;
    let mean = |v: &[f64]| v.iter().map(|x| x / n).collect::<Vec<_>>();
    assert_eq!(mean(&o.cost_sum), [6.0, 5.0, 3.0, 0.0]);
    assert_eq!(mean(&o.funded_sum), [6.0, 0.0, 0.0, 0.0]);
    assert_eq!(mean(&o.short_sum), [0.0, 5.0, 3.0, 0.0]);
    assert_eq!(o.exists_count, [1_000, 1_000, 1_000, 0]);
    assert_eq!(o.unfunded_draws, [0, 1_000, 0, 0]);
    assert!(o.money_short.iter().all(|&x| x));
    assert!(o.unfunded_count.iter().all(|&c| c == 1));
    // the work that never starts leaves the finish of all work censored; the funded work
    // finishes when a or c does
    assert!(o.finish.iter().all(|&f| f == f64::INFINITY));
    for &f in &o.finish_funded {
        assert!((2.0..=4.0).contains(&f), "finish of funded work {f}");
    }
    // the per-intervention sums agree with the per-draw columns
    let unfunded: f64 = o.unfunded.iter().sum();
    assert_eq!(
        unfunded / n,
        5.0,
        "unfunded counts only interventions with a source"
    );
    assert!(o.source_gap[0].iter().all(|&g| (g - 3.0).abs() < 1e-9));
    assert!(o.funding_gap.iter().all(|&g| (g - 3.0).abs() < 1e-9));
    let charged: f64 = o.source_cost[0].iter().sum();
    assert_eq!(charged, o.funded_sum.iter().sum::<f64>());
}
