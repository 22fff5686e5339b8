//! Money is honoured in every Monte Carlo draw: work whose money never arrives does not start
//! (and holds its successors), nothing starts before its money, committed money never exceeds
//! received money per source, and a *to be mobilised* source brings the missing money after
//! its lag.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

use peaceplan::model::Point;
use peaceplan::schedule::constrained::run_method;
use peaceplan::schedule::{Method, Problem, ScheduleOptions, Sgs, Status};
use peaceplan::simulate::{simulate, Engine, SimOptions};
use peaceplan::Scenario;
use proptest::prelude::*;

fn scenario(body: &str) -> Scenario {
    Scenario::from_toml_str(&format!("schema = 1\nname = \"t\"\n{body}")).unwrap()
}

fn opts(draws: usize, seed: u64, engine: Engine) -> SimOptions {
    SimOptions {
        draws,
        seed,
        engine,
        per_intervention: Some(true),
        ..SimOptions::default()
    }
}

/// One source whose only pledge (10) arrives at month 12 with probability 0.5; `a` costs 10,
/// `b` follows `a`, `c` needs no money.
const HALF: &str = r#"
[[sources]]
id = "s"
kind = "voluntary"
pledges = [{amount_usd = 10, at_months = 12, probability = 0.5}]
[[interventions]]
id = "a"
duration_months = {triangular = [1, 2, 4]}
cost_usd = 10
funding = ["s"]
[[interventions]]
id = "b"
duration_months = 1
after = ["a"]
[[interventions]]
id = "c"
duration_months = 3
"#;

#[test]
fn money_arriving_at_month_12_with_probability_half() {
    let sc = scenario(HALF);
    let draws = 4_000;
    for engine in [Engine::Parallel, Engine::Serial, Engine::Auto] {
        let o = simulate(&sc, &opts(draws, 11, engine)).unwrap().outcomes;
        let (mut short, mut n) = (0usize, 3);
        for d in 0..draws {
            let (sa, sb) = (o.start[d * n], o.start[d * n + 1]);
            if o.money_short[d] {
                short += 1;
                // a never starts, b is held, the finish of all work is censored
                assert_eq!(sa, f64::INFINITY);
                assert_eq!(sb, f64::INFINITY);
                assert_eq!(o.finish[d], f64::INFINITY);
                assert_eq!(o.finish_funded[d], 3.0, "only c finishes");
                assert_eq!((o.unfunded_count[d], o.held_count[d]), (1, 1));
                assert!((o.source_gap[0][d] - 10.0).abs() < 1e-9);
            } else {
                // a funded start never precedes its money
                assert!(sa >= 12.0, "draw {d}: a starts at {sa}");
                assert!(o.finish[d].is_finite());
                assert_eq!(o.source_gap[0][d], 0.0);
            }
        }
        n = draws;
        let share = short as f64 / n as f64;
        // binomial(4000, 0.5): sd 0.0079; 5 sd
        assert!(
            (share - 0.5).abs() < 0.04,
            "{engine:?}: unfunded share {share}"
        );
        assert_eq!(o.unfunded_draws[0] as usize, short);
        assert_eq!(o.held_draws[1] as usize, short);
    }
}

#[test]
fn mobilised_money_arrives_after_its_lag() {
    // the same, with a source to be mobilised 6 months after the work is ready (month 0)
    let body = format!(
        "{HALF}\n[[sources]]\nid = \"tbm\"\nkind = \"other\"\nmobilisation_lag_months = 6\n"
    )
    .replace("funding = [\"s\"]", "funding = [\"s\", \"tbm\"]");
    let sc = scenario(&body);
    let draws = 2_000;
    let o = simulate(&sc, &opts(draws, 5, Engine::Parallel))
        .unwrap()
        .outcomes;
    let mut mobilised = 0;
    for d in 0..draws {
        let sa = o.start[d * 3];
        assert!(sa == 6.0 || sa == 12.0, "draw {d}: a starts at {sa}");
        assert!(o.finish[d].is_finite());
        assert_eq!(o.unfunded_count[d], 0);
        if sa == 6.0 {
            mobilised += 1;
            // 10 missing from `s` (its gap), 10 charged to the mobilisation source
            assert!((o.source_gap[0][d] - 10.0).abs() < 1e-9);
            assert!((o.source_cost[1][d] - 10.0).abs() < 1e-9);
            assert!(o.money_short[d]);
        } else {
            assert_eq!(o.source_cost[1][d], 0.0);
        }
    }
    let share = f64::from(mobilised) / draws as f64;
    assert!((share - 0.5).abs() < 0.06, "mobilised share {share}");
    // a plan (every pledge at its point, probability ignored) never needs mobilisation
    let plan = peaceplan::schedule::schedule(
        &sc,
        &ScheduleOptions {
            method: Method::Serial,
            ..ScheduleOptions::default()
        },
    )
    .unwrap();
    assert_eq!(plan.start[0], 12.0);
}

#[test]
fn mobilisation_lag_is_drawn_per_draw_and_reproducible() {
    let body = r#"
[[sources]]
id = "tbm"
kind = "other"
mobilisation_lag_months = {triangular = [6, 12, 24]}
[[interventions]]
id = "a"
duration_months = 1
cost_usd = 5
funding = ["tbm"]
"#;
    let sc = scenario(body);
    let a = simulate(&sc, &opts(3_000, 9, Engine::Auto))
        .unwrap()
        .outcomes;
    let b = simulate(&sc, &opts(3_000, 9, Engine::Auto))
        .unwrap()
        .outcomes;
    assert_eq!(a.start, b.start);
    let mean = a.start.iter().sum::<f64>() / 3_000.0;
    // triangular(6, 12, 24) has mean 14
    assert!((mean - 14.0).abs() < 0.3, "mean lag {mean}");
    assert!(a.start.iter().all(|&s| (6.0..=24.0).contains(&s)));
}

#[test]
fn a_mobilisation_source_with_pledges_is_invalid() {
    let text = "schema = 1\nname = \"t\"\n[[sources]]\nid = \"tbm\"\nkind = \"other\"\nmobilisation_lag_months = 6\npledges = [{amount_usd = 1, at_months = 0}]\n";
    let err = Scenario::from_toml_str(text)
        .unwrap()
        .validate()
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("sources[0].mobilisation_lag_months"), "{msg}");
    assert!(msg.contains("tbm"), "{msg}");
}

/// A random scenario: chains and fan-ins over `n` interventions, one or two sources with
/// pledges that arrive with probability 0.5 and may not cover the costs.
fn random_text(
    acts: &[(u8, u8, bool, u8)],
    links: &[(usize, usize)],
    pledges: &[Vec<(u8, u8)>],
) -> String {
    let mut s = String::from("schema = 1\nname = \"random\"\n");
    for (k, pl) in pledges.iter().enumerate() {
        let _ = writeln!(s, "[[sources]]\nid = \"s{k}\"\nkind = \"voluntary\"");
        for &(at, amount) in pl {
            let _ = writeln!(
                s,
                "[[sources.pledges]]\namount_usd = {amount}\nat_months = {at}\nprobability = 0.5\ndelay_months = {{uniform = [0, 3]}}"
            );
        }
    }
    for (i, &(dur, cost, spread, fund)) in acts.iter().enumerate() {
        let _ = writeln!(
            s,
            "[[interventions]]\nid = \"a{i}\"\nduration_months = {{triangular = [{dur}, {}, {}]}}\ncost_usd = {cost}",
            f64::from(dur) + 1.0,
            f64::from(dur) + 3.0
        );
        if spread {
            let _ = writeln!(s, "cost_timing = \"spread\"");
        }
        let srcs: Vec<String> = (0..pledges.len())
            .filter(|k| fund & (1 << k) != 0)
            .map(|k| format!("\"s{k}\""))
            .collect();
        if !srcs.is_empty() {
            let _ = writeln!(s, "funding = [{}]", srcs.join(", "));
        }
        let after: Vec<String> = links
            .iter()
            .filter(|l| l.1 == i)
            .map(|l| format!("\"a{}\"", l.0))
            .collect();
        if !after.is_empty() {
            let _ = writeln!(s, "after = [{}]", after.join(", "));
        }
    }
    s
}

fn random_case() -> impl Strategy<Value = String> {
    (2usize..7, 1usize..3).prop_flat_map(|(n, ns)| {
        (
            prop::collection::vec((0u8..4, 0u8..8, any::<bool>(), 0u8..4), n),
            prop::collection::vec((0..n, 0..n), 0..n),
            prop::collection::vec(prop::collection::vec((0u8..12, 1u8..12), 1..4), ns),
        )
            .prop_map(|(acts, links, pledges)| {
                let links: Vec<(usize, usize)> = links.into_iter().filter(|l| l.0 < l.1).collect();
                random_text(&acts, &links, &pledges)
            })
    })
}

/// Committed by `t` of draws `(start, over, amount)`: at once or a ramp.
fn committed_by(draws: &[(f64, f64, f64)], t: f64) -> f64 {
    draws
        .iter()
        .map(|&(s, over, a)| {
            if t < s {
                0.0
            } else if over > 0.0 {
                a * ((t - s) / over).min(1.0)
            } else {
                a
            }
        })
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// In every draw of the constrained engine, per source, money committed by any time never
    /// exceeds money received by then; unfunded work holds its successors; a draw's pooled
    /// committed curve never exceeds its received curve.
    #[test]
    fn money_committed_never_exceeds_money_received(text in random_case(), seed in 0u64..500) {
        let sc = Scenario::from_toml_str(&text).unwrap();
        // the schedule level, on sampled inflows: every source's realised pledges
        let mut p = Problem::build_holding_unfunded(&sc, Point::Mode).unwrap();
        let inflows: Vec<Vec<(f64, f64)>> = sc
            .sources
            .iter()
            .map(|s| {
                s.pledges
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| (seed >> j) & 1 == 1)
                    .map(|(_, pl)| (pl.at_months + (seed % 3) as f64, pl.amount_usd))
                    .collect()
            })
            .collect();
        let dur: Vec<f64> = (0..p.len()).map(|i| p.duration(p.mode_start(i))).collect();
        let cost: Vec<f64> = (0..p.len()).map(|i| p.cost(p.mode_start(i))).collect();
        p.set_sample(&dur, &cost, &inflows).unwrap();
        for method in [Method::Serial, Method::Parallel] {
            let so = ScheduleOptions { method, max_schedules: 1, seed, ..ScheduleOptions::default() };
            let (s, _) = run_method(&p, &mut Sgs::new(), &so).unwrap();
            for (k, flows) in inflows.iter().enumerate() {
                let draws: Vec<(f64, f64, f64)> = s
                    .draws
                    .iter()
                    .filter(|d| d.source as usize == k)
                    .map(|d| (d.start, d.over, d.amount))
                    .collect();
                let mut times: Vec<f64> = draws.iter().flat_map(|d| [d.0, d.0 + d.1]).collect();
                times.extend(flows.iter().map(|f| f.0));
                for t in times {
                    let received: f64 = flows.iter().filter(|f| f.0 <= t).map(|f| f.1).sum();
                    let committed = committed_by(&draws, t);
                    prop_assert!(
                        committed <= received + 1e-9 * received.max(1.0),
                        "{method:?}: source s{k} at {t}: committed {committed} > received {received}\n{text}"
                    );
                }
            }
            for j in 0..p.len() {
                if s.status[j] != Status::Scheduled {
                    prop_assert_eq!(s.start[j], f64::INFINITY);
                    for e in p.network().successors().edges(j) {
                        prop_assert!(s.status[e.node as usize] != Status::Scheduled);
                    }
                }
            }
        }
        // the whole Monte Carlo path, pooled over sources
        let o = simulate(&sc, &opts(64, seed, Engine::Auto)).unwrap().outcomes;
        let g = o.committed_curve.len() / 64;
        for (c, r) in o.committed_curve.iter().zip(&o.received_curve) {
            prop_assert!(*c <= r + 1e-9 * r.max(1.0), "committed {c} > received {r} (grid {g})\n{text}");
        }
        for d in 0..64 {
            prop_assert_eq!(o.money_short[d], o.unfunded_count[d] > 0);
        }
    }
}
