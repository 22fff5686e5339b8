//! The shipped data files (python/peaceplan/data/) and the example of docs/scenario-format.md:
//! they parse, validate, round-trip through TOML and JSON, and carry the domain facts they claim.

// Helpers outside #[test] functions panic on purpose: a broken data file must fail the test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use peaceplan::model::{Capacity, Office, Point, Scenario};

/// Keep in sync with the example in docs/scenario-format.md ("A complete small example").
const DOC_EXAMPLE: &str = r#"schema = 1
name = "Small example"
description = "A milestone, two interventions, one pool, one source, one risk."
start_date = "2026-01-01"

[[pools]]
id = "planning"
name = "Strategic planning section"
capacity = [{from_months = 0, fte = 3}, {from_months = 10, fte = 7}]
source = "founding note [A]"

[[sources]]
id = "pbf"
name = "Peacebuilding Fund"
kind = "voluntary"
pledges = [{amount_usd = 35e6, at_months = 7.5, probability = 0.9, delay_months = {triangular = [1, 4, 12]}}]
source = "[22] $35m; timing [D]; delay DOMAIN §4.3 [A]"

[[interventions]]
id = "pa"
name = "Peace agreement signed"
duration_months = 0   # a milestone
source = "t = 0"

[[interventions]]
id = "ps"
name = "PBC strategy"
duration_months = {pert = [2, 10, 18]}
staff = {planning = 3}
after = ["pa"]        # FS, lag 0
source = "DOMAIN §7.1 PS"

[[interventions]]
id = "pb"
name = "PBF priority plan"
duration_months = {pert = [24, 36, 48]}
staff = {planning = 1}
cost_usd = {triangular = [10e6, 35e6, 44e6]}
funding = ["pbf"]
source = "DOMAIN §7.1 PB"

[[links]]             # PB may start 6 months after PS starts
from = "ps"
to = "pb"
type = "SS"
lag_months = 6
source = "[A]"

[[risks]]
id = "overrun"
name = "Project overrun"
probability = 0.5
affects = ["pb"]
duration_scale = {triangular = [1.0, 1.0, 1.33]}
source = "[45] +33%"
"#;

fn read(name: &str) -> String {
    let path = format!(
        "{}/python/peaceplan/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load_scenario(name: &str) -> Scenario {
    let text = read(name);
    let sc = Scenario::from_toml_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    sc.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
    sc
}

fn assert_round_trips(sc: &Scenario) {
    let toml = sc.to_toml_string().unwrap();
    assert_eq!(
        &Scenario::from_toml_str(&toml).unwrap(),
        sc,
        "TOML round trip"
    );
    let json = sc.to_json_string().unwrap();
    assert_eq!(
        &Scenario::from_json_str(&json).unwrap(),
        sc,
        "JSON round trip"
    );
}

/// References resolve and every entity says where its numbers come from.
fn assert_consistent_and_sourced(sc: &Scenario) {
    let pools: BTreeSet<&str> = sc.pools.iter().map(|p| p.id.as_str()).collect();
    let sources: BTreeSet<&str> = sc.sources.iter().map(|s| s.id.as_str()).collect();
    let ivs: BTreeSet<&str> = sc.interventions.iter().map(|i| i.id.as_str()).collect();
    let situations: BTreeSet<&str> = sc.situations.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ivs.len(),
        sc.interventions.len(),
        "duplicate intervention id"
    );
    for iv in &sc.interventions {
        assert!(
            !iv.source.trim().is_empty(),
            "intervention {} has no source",
            iv.id
        );
        assert!(!iv.name.is_empty(), "intervention {} has no name", iv.id);
        for pool in iv.staff.keys() {
            assert!(
                pools.contains(pool.as_str()),
                "{}: unknown pool {pool}",
                iv.id
            );
        }
        for src in &iv.funding {
            assert!(
                sources.contains(src.as_str()),
                "{}: unknown source {src}",
                iv.id
            );
        }
        for pred in &iv.after {
            assert!(
                ivs.contains(pred.as_str()),
                "{}: unknown predecessor {pred}",
                iv.id
            );
        }
        if let Some(s) = &iv.situation {
            assert!(
                situations.contains(s.as_str()),
                "{}: unknown situation {s}",
                iv.id
            );
        }
        if let Some(r) = iv.relapse_hazard_reduction {
            assert!((0.0..1.0).contains(&r), "{}: relapse reduction {r}", iv.id);
        }
        assert!(iv.duration_months.problems().is_empty(), "{}", iv.id);
        assert!(iv.cost_usd.problems().is_empty(), "{}", iv.id);
    }
    for pool in &sc.pools {
        assert!(
            !pool.source.trim().is_empty(),
            "pool {} has no source",
            pool.id
        );
    }
    for src in &sc.sources {
        assert!(
            !src.source.trim().is_empty(),
            "source {} has no source",
            src.id
        );
        // a source to be mobilised has a lag and no pledge; every other source has pledges
        assert_ne!(
            src.pledges.is_empty(),
            src.mobilisation_lag_months.is_none(),
            "source {} needs pledges or a mobilisation lag",
            src.id
        );
        for p in &src.pledges {
            assert!((0.0..=1.0).contains(&p.probability), "source {}", src.id);
            assert!(p.amount_usd > 0.0, "source {}", src.id);
        }
    }
    for link in &sc.links {
        assert!(
            !link.source.trim().is_empty(),
            "link {}->{} has no source",
            link.from,
            link.to
        );
        assert!(ivs.contains(link.from.as_str()), "link from {}", link.from);
        assert!(ivs.contains(link.to.as_str()), "link to {}", link.to);
    }
    for risk in &sc.risks {
        assert!(
            !risk.source.trim().is_empty(),
            "risk {} has no source",
            risk.id
        );
        assert!((0.0..=1.0).contains(&risk.probability), "risk {}", risk.id);
        for a in &risk.affects {
            assert!(ivs.contains(a.as_str()), "risk {}: unknown {a}", risk.id);
        }
    }
    for s in &sc.situations {
        assert!(
            !s.source.trim().is_empty(),
            "situation {} has no source",
            s.id
        );
    }
}

#[test]
fn postwar_template() {
    let sc = load_scenario("postwar_country.toml");
    assert_round_trips(&sc);
    assert_consistent_and_sourced(&sc);
    let ids: Vec<&str> = sc.interventions.iter().map(|i| i.id.as_str()).collect();
    let expected = [
        "pa", "pk", "na", "pc", "dd", "ri", "qi", "rr", "el", "sa", "sp", "pf", "ps", "pb", "tj",
        "rl", "ye", "nc",
    ];
    assert_eq!(ids, expected);
    // PA is the t = 0 milestone.
    let pa = &sc.interventions[sc.intervention_index("pa").unwrap()];
    assert_eq!(pa.duration_months.mode(), 0.0);
    // The PBC strategy needs 3 FTE from the planning section (founding note).
    let ps = &sc.interventions[sc.intervention_index("ps").unwrap()];
    assert_eq!(ps.staff.get("planning"), Some(&3.0));
    // Planning pool = D-1 + 6 P.
    let planning = sc.pools.iter().find(|p| p.id == "planning").unwrap();
    assert_eq!(planning.capacity, Capacity::Constant(7.0));
    // DD: 11 months most likely, 3 months after PA and start-to-start with PK.
    let dd = &sc.interventions[sc.intervention_index("dd").unwrap()];
    assert_eq!(dd.duration_months.mode(), 11.0);
    let links = sc.all_links();
    assert!(links
        .iter()
        .any(|l| l.from == "pa" && l.to == "dd" && l.lag_months == 3.0));
    assert!(links
        .iter()
        .any(|l| l.from == "pk" && l.to == "dd" && l.kind.as_str() == "SS"));
    assert!(links.iter().any(|l| l.from == "dd" && l.to == "el"));
    assert!(links.iter().any(|l| l.from == "el" && l.to == "tj"));
    // The first PBF allocation is $35m.
    let pbf = sc.sources.iter().find(|s| s.id == "pbf").unwrap();
    assert!(pbf.pledges.iter().any(|p| p.amount_usd == 35e6));
    assert!(sc.risks.len() >= 3);
    assert!(
        sc.interventions
            .iter()
            .filter(|i| i.relapse_hazard_reduction.is_some())
            .count()
            >= 3
    );
}

#[test]
fn political_transition_template() {
    let sc = load_scenario("political_transition.toml");
    assert_round_trips(&sc);
    assert_consistent_and_sourced(&sc);
    let ids: Vec<&str> = sc.interventions.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["ps", "pb", "cf", "dr", "sq", "jh", "lr", "el", "mr"]);
    // The PBC arrives 0-3 years after the elections.
    assert_eq!(sc.situations.len(), 1);
    assert!((0.0..=36.0).contains(&sc.situations[0].arrival_months));
    assert!(sc
        .interventions
        .iter()
        .all(|i| i.situation.as_deref() == Some(sc.situations[0].id.as_str())));
    let dr = &sc.interventions[sc.intervention_index("dr").unwrap()];
    assert_eq!(dr.cost_usd.mode(), 76e6);
}

#[test]
fn pbso_office() {
    let office = Office::from_toml_str(&read("pbso_office.toml")).unwrap();
    // Office has no validate() yet; pools() checks that every post's channel exists.
    let toml = peaceplan::model::io::write_toml(&office).unwrap();
    assert_eq!(
        Office::from_toml_str(&toml).unwrap(),
        office,
        "TOML round trip"
    );
    let json = peaceplan::model::io::write_json(&office).unwrap();
    assert_eq!(
        Office::from_json_str(&json).unwrap(),
        office,
        "JSON round trip"
    );

    assert_eq!(
        office.post_count(true),
        16,
        "professional posts of the founding note"
    );
    assert_eq!(office.post_count(false), 19, "16 P + 3 GS");
    let count = |id: &str| -> u32 {
        office
            .sections
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no section {id}"))
            .posts
            .iter()
            .map(|p| p.count)
            .sum()
    };
    assert_eq!(count("direction"), 2);
    assert_eq!(count("planning"), 7);
    assert_eq!(count("financing"), 2);
    assert_eq!(count("best_practices"), 3);
    assert_eq!(count("commission_support"), 2);
    assert_eq!(count("support"), 3);
    // A/60/694: 5 redeployments and 3 secondments.
    let by_channel = |c: &str| -> u32 {
        office
            .sections
            .iter()
            .flat_map(|s| &s.posts)
            .filter(|p| p.channel == c)
            .map(|p| p.count)
            .sum()
    };
    assert_eq!(by_channel("redeployment"), 5);
    assert_eq!(by_channel("secondment"), 3);
    for ch in &office.channels {
        assert!(!ch.source.trim().is_empty(), "channel {}", ch.id);
        assert!(ch.lag_days.problems().is_empty(), "channel {}", ch.id);
    }
    for s in &office.sections {
        assert!(!s.source.trim().is_empty(), "section {}", s.id);
        for p in &s.posts {
            assert!(!p.source.trim().is_empty(), "post in {}", s.id);
        }
    }

    let pools = office.pools(Point::Mode, true).unwrap();
    let planning = pools.iter().find(|p| p.id == "planning").unwrap();
    assert_eq!(planning.capacity.max(), 7.0);
    match &planning.capacity {
        Capacity::Steps(steps) => {
            assert_eq!(steps.last().unwrap().fte, 7.0);
            // the last posts arrive by external recruitment: 300 days at the mode
            let last = steps.last().unwrap().from_months;
            assert!((last - 300.0 / 30.4375).abs() < 1e-9, "{last}");
        }
        other => panic!("expected steps, got {other:?}"),
    }
    // Professional-only pools leave the General Service section empty.
    let support = pools.iter().find(|p| p.id == "support").unwrap();
    assert_eq!(support.capacity.max(), 0.0);
}

#[test]
fn scenario_pools_match_office_sections() {
    let office = Office::from_toml_str(&read("pbso_office.toml")).unwrap();
    let sections: BTreeSet<&str> = office.sections.iter().map(|s| s.id.as_str()).collect();
    for name in ["postwar_country.toml", "political_transition.toml"] {
        let sc = Scenario::from_toml_str(&read(name)).unwrap();
        for pool in &sc.pools {
            assert!(sections.contains(pool.id.as_str()), "pool {}", pool.id);
            let posts: u32 = office
                .sections
                .iter()
                .find(|s| s.id == pool.id)
                .unwrap()
                .posts
                .iter()
                .map(|p| p.count)
                .sum();
            assert_eq!(pool.capacity.max(), f64::from(posts), "pool {}", pool.id);
        }
    }
}

#[test]
fn doc_example() {
    let sc = Scenario::from_toml_str(DOC_EXAMPLE).unwrap();
    sc.validate().unwrap();
    assert_round_trips(&sc);
    assert_consistent_and_sourced(&sc);
    assert_eq!(sc.interventions.len(), 3);
    assert_eq!(sc.all_links().len(), 2);
}

#[test]
fn doc_example_in_sync() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/scenario-format.md"
    ))
    .unwrap();
    assert!(
        doc.contains(DOC_EXAMPLE),
        "the example in docs/scenario-format.md differs from DOC_EXAMPLE in tests/embedded.rs"
    );
}
