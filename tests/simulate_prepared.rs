//! A prepared scenario (validated, progress applied, network built once) runs exactly like a
//! fresh one, and an invalid scenario cannot be prepared.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use peaceplan::simulate::{Engine, Outcomes, Prepared, Runner, SimOptions};
use peaceplan::{Dist, Error, Scenario};

const BASE: &str = r#"schema = 1
name = "prepared"
[[interventions]]
id = "a"
duration_months = {pert = [2, 4, 8]}
cost_usd = 100
[[interventions]]
id = "b"
duration_months = {triangular = [2, 3, 5]}
after = ["a"]
probability = 0.8
[[interventions]]
id = "c"
duration_months = {uniform = [1, 3]}
after = ["a"]
[[interventions]]
id = "d"
duration_months = 2
after = ["b", "c"]
"#;

fn run(r: &Runner, draws: usize) -> Outcomes {
    let mut out = Outcomes::new(r);
    out.extend(r.run(0, draws).unwrap());
    out
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn same(a: &Outcomes, b: &Outcomes) {
    assert_eq!(a.draws, b.draws);
    assert_eq!(bits(&a.finish), bits(&b.finish));
    assert_eq!(bits(&a.finish_matrix), bits(&b.finish_matrix));
    assert_eq!(bits(&a.dur_sum), bits(&b.dur_sum));
    assert_eq!(bits(&a.cost_sum), bits(&b.cost_sum));
    assert_eq!(a.critical_count, b.critical_count);
    assert_eq!(a.exists_count, b.exists_count);
}

#[test]
fn prepared_runs_are_identical_to_fresh_ones_with_and_without_progress() {
    let progress = "status_months = 6\nprogress = [\
        {id = \"a\", started_months = 0, finished_months = 5},\
        {id = \"b\", started_months = 5, remaining_months = 4}]\n";
    for (text, engine) in [
        (BASE.to_string(), Engine::Cpm),
        (
            BASE.replace(
                "name = \"prepared\"\n",
                &format!("name = \"p\"\n{progress}"),
            ),
            Engine::Cpm,
        ),
        (BASE.to_string(), Engine::Parallel),
    ] {
        let sc = Arc::new(Scenario::from_toml_str(&text).unwrap());
        let opts = SimOptions {
            draws: 700,
            seed: 11,
            engine,
            per_intervention: Some(true),
            ..SimOptions::default()
        };
        let prepared = Prepared::new(&sc).unwrap();
        let fresh = Runner::new(&sc, &opts).unwrap();
        let again = Runner::from_prepared(&prepared, &opts).unwrap();
        assert_eq!(fresh.cash_grid(), again.cash_grid());
        same(&run(&fresh, 700), &run(&again, 700));
        // the same preparation serves a second run with other options
        let other = SimOptions {
            seed: 12,
            ..opts.clone()
        };
        same(
            &run(&Runner::new(&sc, &other).unwrap(), 700),
            &run(&Runner::from_prepared(&prepared, &other).unwrap(), 700),
        );
    }
}

#[test]
fn progress_is_applied_once_in_the_prepared_scenario() {
    let text = BASE.replace(
        "name = \"prepared\"\n",
        "name = \"p\"\nstatus_months = 6\nprogress = [{id = \"a\", started_months = 0, finished_months = 5}]\n",
    );
    let sc = Arc::new(Scenario::from_toml_str(&text).unwrap());
    let p = Prepared::new(&sc).unwrap();
    // `a` is done: nothing of it is left to sample
    assert_eq!(
        p.scenario().interventions[0].duration_months,
        Dist::Fixed(5.0)
    );
    assert_ne!(sc.interventions[0].duration_months, Dist::Fixed(5.0));
    // the rest is released at the status date
    assert_eq!(p.scenario().interventions[2].not_before_months, Some(6.0));
    assert_eq!(p.network().len(), 4);
}

#[test]
fn an_invalid_scenario_cannot_be_prepared() {
    let bad = BASE.replace("after = [\"b\", \"c\"]", "after = [\"b\", \"x\"]");
    let sc = Arc::new(Scenario::from_toml_str(&bad).unwrap());
    match Prepared::new(&sc) {
        Err(Error::Validation(issues)) => {
            assert!(issues
                .iter()
                .any(|i| i.path == "interventions[3].after[1]" && i.message.contains("`x`")));
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}
