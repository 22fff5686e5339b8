//! The outcome catalogue: every row is producible by a simulation, the study grammar accepts
//! exactly its names (and the deprecated aliases, to the same values), and an intervention's
//! start or finish statistic is an outcome equal to the inverted-CDF quantile of its column.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use peaceplan::explore::outcome::{deprecated, resolve, Outcome, Stat};
use peaceplan::explore::params::{Model, Param};
use peaceplan::explore::study::{Settings, Study};
use peaceplan::simulate::catalogue::{names, values, Scope, CATALOGUE};
use peaceplan::simulate::metrics::quantile;
use peaceplan::simulate::{simulate, SimOptions};
use peaceplan::Scenario;

fn postwar() -> Scenario {
    Scenario::from_toml_str(include_str!(
        "../python/peaceplan/data/postwar_country.toml"
    ))
    .unwrap()
}

/// Two situations, a chain `a -> b` in the first and `c` in the second.
fn situations() -> Scenario {
    Scenario::from_toml_str(
        "schema = 1\nname = \"s\"\n[[situations]]\nid = \"north\"\n[[situations]]\nid = \"south\"\n\
         [[interventions]]\nid = \"a\"\nsituation = \"north\"\nduration_months = {uniform = [2, 4]}\n\
         [[interventions]]\nid = \"b\"\nsituation = \"north\"\nduration_months = {uniform = [1, 3]}\n\
         [[interventions]]\nid = \"c\"\nsituation = \"south\"\nduration_months = {triangular = [1, 2, 6]}\n\
         [[links]]\nfrom = \"a\"\nto = \"b\"\n",
    )
    .unwrap()
}

#[test]
fn every_catalogue_row_is_produced_by_a_simulation() {
    for sc in [postwar(), situations()] {
        let opts = SimOptions {
            draws: 300,
            seed: 3,
            per_intervention: Some(true),
            ..SimOptions::default()
        };
        let sim = simulate(&sc, &opts).unwrap();
        let all = names(&sc);
        for (name, e, r, _) in &all {
            let v = values(&sim.outcomes, *r).unwrap_or_else(|| panic!("{name} not produced"));
            assert_eq!(v.len(), 300, "{name}");
            assert!(e.unit.len() > 1 && e.description.len() > 10, "{name}");
        }
        // every scope that the scenario has members of appears
        for scope in [Scope::Draw, Scope::Source, Scope::Pool, Scope::Intervention] {
            let has = !scope.ids(&sc).is_empty();
            let named = all.iter().any(|(_, e, ..)| e.scope == scope);
            assert_eq!(has, named, "{scope:?}");
        }
    }
    // without the matrices an intervention's values are not there (not silently zero)
    let sc = situations();
    let sim = simulate(
        &sc,
        &SimOptions {
            draws: 40,
            per_intervention: Some(false),
            ..SimOptions::default()
        },
    )
    .unwrap();
    let (_, _, r, _) = names(&sc)
        .into_iter()
        .find(|(n, ..)| n == "interventions.a.finish")
        .unwrap();
    assert!(values(&sim.outcomes, r).is_none());
}

#[test]
fn names_are_unique_and_dot_paths() {
    let sc = postwar();
    let all = names(&sc);
    let mut seen = std::collections::HashSet::new();
    for (n, ..) in &all {
        assert!(seen.insert(n.clone()), "{n} twice");
        assert!(!n.contains(':') && !n.contains(' '), "{n}");
    }
    // the catalogue's patterns are documented in docs/outcomes.md
    let doc = include_str!("../docs/outcomes.md");
    for e in CATALOGUE {
        assert!(
            doc.contains(&format!("`{}`", e.pattern())),
            "{} undocumented",
            e.pattern()
        );
    }
}

#[test]
fn an_intervention_finish_quantile_is_an_outcome_by_the_inverted_cdf() {
    let sc = situations();
    let model = Model::Scenario(sc.clone());
    let Outcome::Sim(col, Stat::Percentile(q)) =
        resolve("interventions.b.finish.p80", &model).unwrap()
    else {
        panic!("not a percentile of a simulated column");
    };
    assert_eq!(q, 80.0);
    let settings = Settings {
        draws: 500,
        seed: 11,
        ..Settings::default()
    };
    let study = Study::new(
        model,
        &[],
        &[
            "interventions.b.finish.p80".into(),
            "interventions.b.start.mean".into(),
        ],
        settings,
    )
    .unwrap();
    let y = study.run_one(&[]).unwrap();
    let sim = simulate(
        &sc,
        &SimOptions {
            draws: 500,
            seed: 11,
            per_intervention: Some(true),
            ..SimOptions::default()
        },
    )
    .unwrap();
    let fin = values(&sim.outcomes, col).unwrap();
    assert_eq!(y[0], quantile(&fin, 0.8));
    // b starts when a finishes: U(2, 4), mean 3
    assert!((y[1] - 3.0).abs() < 0.1, "{}", y[1]);
    // its finish is a + b, within [3, 7]
    assert!(y[0] > 3.0 && y[0] < 7.0, "{}", y[0]);
}

#[test]
fn a_study_over_one_intervention_moves_its_finish_monotonically() {
    let model = Model::Scenario(situations());
    let study = Study::new(
        model,
        &[Param::numeric("interventions.a.duration.scale")],
        &[
            "interventions.b.finish.p80".into(),
            "interventions.c.finish.p80".into(),
        ],
        Settings {
            draws: 200,
            seed: 5,
            ..Settings::default()
        },
    )
    .unwrap();
    let batch = study.run(&[0.5, 1.0, 1.5, 2.0]).unwrap();
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    let b: Vec<f64> = batch.y.chunks(2).map(|r| r[0]).collect();
    let c: Vec<f64> = batch.y.chunks(2).map(|r| r[1]).collect();
    for w in b.windows(2) {
        assert!(w[1] > w[0], "{b:?}");
    }
    // c does not follow a: same draws (common random numbers), same finish
    assert!(c.iter().all(|&x| x == c[0]), "{c:?}");
}

#[test]
fn deprecated_aliases_resolve_to_the_same_outcome() {
    let model = Model::Scenario(situations());
    for (old, new) in [
        ("finish.north.p80", "situations.north.finish.p80"),
        ("finish.south", "situations.south.finish"),
    ] {
        assert_eq!(resolve(old, &model).unwrap(), resolve(new, &model).unwrap());
        assert_eq!(deprecated(old, &model).as_deref(), Some(new));
        assert_eq!(deprecated(new, &model), None);
    }
    // `finish.p80` is the canonical `finish`, not an alias
    assert_eq!(deprecated("finish.p80", &model), None);
    let model = Model::Scenario(postwar());
    assert_eq!(
        deprecated("cost.pbf.mean", &model).as_deref(),
        Some("sources.pbf.cost.mean")
    );
    assert_eq!(deprecated("cost.p80", &model), None);
    assert_eq!(
        deprecated("staff.peak.planning", &model).as_deref(),
        Some("pools.planning.staff.peak")
    );
}

#[test]
fn an_unknown_outcome_names_the_nearest_catalogue_names() {
    let model = Model::Scenario(situations());
    let e = resolve("interventions.bb.finish.p80", &model)
        .unwrap_err()
        .to_string();
    assert!(e.contains("interventions.b.finish"), "{e}");
    let e = resolve("interventions.b.finsh.p80", &model)
        .unwrap_err()
        .to_string();
    assert!(e.contains("interventions.b.finish"), "{e}");
    assert!(resolve("interventions.b.finish.p100", &model).is_err());
}
