//! Property tests: scenarios survive a TOML and a JSON round trip unchanged, and validation never
//! panics whatever the numbers (NaN, infinities, negatives) and id references.
// clippy's allow-unwrap-in-tests covers #[test] functions only, not proptest bodies.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use peaceplan::model::{
    Capacity, Channel, CostTiming, Dist, Intervention, Link, LinkKind, Mode, Office, Pledge, Pool,
    Post, RiskEvent, Section, Situation, Source, SourceKind, Step,
};
use peaceplan::Scenario;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;

type Num = BoxedStrategy<f64>;
type Id = BoxedStrategy<String>;

/// Finite numbers of all magnitudes, with round values and zero over-represented.
fn finite() -> Num {
    prop_oneof![
        3 => -1e4..1e4f64,
        1 => Just(0.0),
        1 => (-100i32..100).prop_map(f64::from),
        1 => proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
    ]
    .boxed()
}

/// Finite numbers with at most 15 significant digits (thousandths up to 1e9). serde_json, as
/// configured in Cargo.toml (without its `float_roundtrip` feature), does not read back every
/// 17-digit f64 exactly, so the JSON round trip is checked on these; see
/// `json_round_trip_full_precision` below.
fn decimal() -> Num {
    prop_oneof![
        3 => (-1_000_000_000_000i64..1_000_000_000_000).prop_map(|k| k as f64 / 1000.0),
        1 => Just(0.0),
        1 => (-100i32..100).prop_map(f64::from),
    ]
    .boxed()
}

/// Any f64 at all, NaN and infinities included.
fn wild() -> Num {
    prop_oneof![
        2 => -10.0..10.0f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(0.0),
        1 => Just(1.0),
        1 => any::<f64>(),
    ]
    .boxed()
}

/// Free-form ids and names: any printable text, including spaces, quotes and non-ASCII.
fn text() -> Id {
    "\\PC{0,8}".boxed()
}

/// Ids drawn from a handful of names, so references hit, miss, repeat and form cycles.
fn few_ids() -> Id {
    prop_oneof![
        6 => "[a-e]",
        1 => Just(String::new()),
        1 => "[a-z]{2,3}",
    ]
    .boxed()
}

fn dist(num: Num) -> BoxedStrategy<Dist> {
    let n = || num.clone();
    prop_oneof![
        n().prop_map(Dist::Fixed),
        (n(), n()).prop_map(|(min, max)| Dist::Uniform { min, max }),
        (n(), n(), n()).prop_map(|(min, mode, max)| Dist::Triangular { min, mode, max }),
        (n(), n(), n()).prop_map(|(min, mode, max)| Dist::Pert { min, mode, max }),
        (n(), n()).prop_map(|(mean, sd)| Dist::LogNormal { mean, sd }),
        (n(), n()).prop_map(|(mean, sd)| Dist::Normal { mean, sd }),
        n().prop_map(|mean| Dist::Exponential { mean }),
        (vec(n(), 0..4), vec(n(), 0..4))
            .prop_map(|(values, weights)| Dist::Discrete { values, weights }),
    ]
    .boxed()
}

fn capacity(num: Num) -> BoxedStrategy<Capacity> {
    let step = (num.clone(), num.clone()).prop_map(|(from_months, fte)| Step { from_months, fte });
    prop_oneof![
        num.prop_map(Capacity::Constant),
        vec(step, 0..4).prop_map(Capacity::Steps),
    ]
    .boxed()
}

fn pool(num: Num, id: Id) -> impl Strategy<Value = Pool> {
    (id, text(), capacity(num), text()).prop_map(|(id, name, capacity, source)| Pool {
        id,
        name,
        capacity,
        source,
    })
}

fn source(num: Num, id: Id) -> impl Strategy<Value = Source> {
    let pledge = (num.clone(), num.clone(), num.clone(), dist(num)).prop_map(
        |(amount_usd, at_months, probability, delay_months)| Pledge {
            amount_usd,
            at_months,
            probability,
            delay_months,
            share: None,
        },
    );
    let kind = prop_oneof![
        Just(SourceKind::Assessed),
        Just(SourceKind::Voluntary),
        Just(SourceKind::Grant),
        Just(SourceKind::Other),
    ];
    (id, text(), kind, vec(pledge, 0..3), text()).prop_map(|(id, name, kind, pledges, source)| {
        Source {
            id,
            name,
            kind,
            pledges,
            mobilisation_lag_months: None,
            source,
        }
    })
}

fn situation(num: Num, id: Id) -> impl Strategy<Value = Situation> {
    (id, text(), num.clone(), num, text()).prop_map(
        |(id, name, arrival_months, priority, source)| Situation {
            id,
            name,
            arrival_months,
            priority,
            relapse_p5: None,
            relapse_p10: None,
            source,
        },
    )
}

fn intervention(num: Num, id: Id) -> impl Strategy<Value = Intervention> {
    let labels = (
        id.clone(),
        text(),
        text(),
        text(),
        option::of(id.clone()),
        text(),
    );
    let amounts = (
        dist(num.clone()),
        btree_map(id.clone(), num.clone(), 0..3),
        dist(num.clone()),
    );
    let refs = (vec(id.clone(), 0..3), vec(id.clone(), 0..3));
    let times = (
        option::of(num.clone()),
        option::of(num.clone()),
        option::of(num.clone()),
        option::of(num.clone()),
    );
    let timing = prop_oneof![Just(CostTiming::Start), Just(CostTiming::Spread)];
    let modal = (
        timing,
        btree_map(id.clone(), num.clone(), 0..3),
        vec(mode(num, id.clone()), 0..3),
        option::of(id),
    );
    (labels, amounts, refs, times, modal).prop_map(
        |(
            (id, name, lead, category, situation, source),
            (duration_months, staff, cost_usd),
            (funding, after),
            (
                not_before_months,
                deadline_months,
                relapse_hazard_reduction,
                relapse_hazard_reduction_while_active,
            ),
            (cost_timing, consumes, modes, mode),
        )| Intervention {
            cost_timing,
            consumes,
            modes,
            mode,
            id,
            name,
            lead,
            category,
            situation,
            duration_months,
            staff,
            cost_usd,
            funding,
            after,
            not_before_months,
            deadline_months,
            deadline_weight: 1.0,
            relapse_hazard_reduction,
            relapse_hazard_reduction_while_active,
            probability: 1.0,
            source,
        },
    )
}

fn mode(num: Num, id: Id) -> impl Strategy<Value = Mode> {
    let d = || option::of(dist(num.clone()));
    let m = || option::of(btree_map(id.clone(), num.clone(), 0..3));
    ((id.clone(), text(), text()), (d(), d(), m(), m())).prop_map(
        |((id, name, source), (duration_months, cost_usd, staff, consumes))| Mode {
            id,
            name,
            duration_months,
            staff,
            cost_usd,
            consumes,
            source,
        },
    )
}

fn link(num: Num, id: Id) -> impl Strategy<Value = Link> {
    let kind = prop_oneof![
        Just(LinkKind::FS),
        Just(LinkKind::SS),
        Just(LinkKind::FF),
        Just(LinkKind::SF),
    ];
    (id.clone(), id, kind, num, text()).prop_map(|(from, to, kind, lag_months, source)| Link {
        from,
        to,
        kind,
        lag_months,
        source,
    })
}

fn risk(num: Num, id: Id) -> impl Strategy<Value = RiskEvent> {
    let d = || option::of(dist(num.clone()));
    (
        (id.clone(), text(), num.clone(), vec(id, 0..3)),
        (d(), d(), d(), text()),
    )
        .prop_map(
            |((id, name, probability, affects), (delay, scale, cost, source))| RiskEvent {
                id,
                name,
                probability,
                affects,
                delay_months: delay,
                duration_scale: scale,
                extra_cost_usd: cost,
                source,
            },
        )
}

fn scenario(num: Num, id: Id, date: BoxedStrategy<String>) -> impl Strategy<Value = Scenario> {
    let head = (1u32..=1, text(), text(), option::of(date));
    let lists = (
        vec(situation(num.clone(), id.clone()), 0..3),
        vec(pool(num.clone(), id.clone()), 0..3),
        vec(source(num.clone(), id.clone()), 0..3),
    );
    let work = (
        vec(intervention(num.clone(), id.clone()), 0..6),
        vec(link(num.clone(), id.clone()), 0..6),
        vec(risk(num, id), 0..3),
    );
    (head, lists, work).prop_map(
        |(
            (schema, name, description, start_date),
            (situations, pools, sources),
            (interventions, links, risks),
        )| Scenario {
            schema,
            name,
            description,
            start_date,
            situations,
            pools,
            sources,
            interventions,
            links,
            risks,
            status_months: None,
            progress: Vec::new(),
            relapse_rules: vec![],
        },
    )
}

fn office(num: Num, id: Id) -> impl Strategy<Value = Office> {
    let channel = (id.clone(), dist(num)).prop_map(|(id, lag_days)| Channel {
        id,
        name: String::new(),
        lag_days,
        source: String::new(),
    });
    let post =
        (text(), 0u32..3, id.clone(), any::<bool>()).prop_map(|(grade, count, channel, filled)| {
            Post {
                grade,
                count,
                channel,
                filled,
                source: String::new(),
                cost_usd_per_year: None,
            }
        });
    let section = (id, vec(post, 0..3)).prop_map(|(id, posts)| Section {
        id,
        name: String::new(),
        posts,
        source: String::new(),
    });
    (0u32..3, vec(channel, 0..3), vec(section, 0..3)).prop_map(|(schema, channels, sections)| {
        Office {
            schema,
            name: "office".into(),
            description: String::new(),
            channels,
            sections,
            ..Office::default()
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn toml_round_trip(sc in scenario(finite(), text(), text())) {
        let text = sc.to_toml_string().unwrap();
        let back = Scenario::from_toml_str(&text);
        prop_assert!(back.is_ok(), "{back:?}\n{text}");
        prop_assert_eq!(back.unwrap(), sc, "{}", text);
    }

    #[test]
    fn json_round_trip(sc in scenario(decimal(), text(), text())) {
        let text = sc.to_json_string().unwrap();
        let back = Scenario::from_json_str(&text);
        prop_assert!(back.is_ok(), "{back:?}\n{text}");
        prop_assert_eq!(back.unwrap(), sc, "{}", text);
    }

    #[test]
    fn issues_never_panic(
        mut sc in scenario(wild(), few_ids(), "[0-9-]{0,11}".boxed()),
        schema in 0u32..3,
    ) {
        sc.schema = schema;
        let issues = sc.issues();
        prop_assert_eq!(sc.validate().is_ok(), issues.is_empty());
        for issue in &issues {
            prop_assert!(!issue.path.is_empty());
            prop_assert!(!issue.message.is_empty() && !issue.message.ends_with('.'));
        }
    }

    #[test]
    fn office_issues_never_panic(o in office(wild(), few_ids())) {
        let issues = o.issues();
        prop_assert_eq!(o.validate().is_ok(), issues.is_empty());
    }
}

/// serde_json needs its `float_roundtrip` feature (on in Cargo.toml): without it
/// `1.1157791734231357e-73` reads back as `1.1157791734231356e-73`.
#[test]
fn json_round_trip_full_precision() {
    let mut sc = Scenario::from_toml_str("schema = 1\nname = \"x\"").unwrap();
    sc.links.push(Link {
        from: "a".into(),
        to: "b".into(),
        kind: LinkKind::SS,
        lag_months: 1.1157791734231357e-73,
        source: String::new(),
    });
    let back = Scenario::from_json_str(&sc.to_json_string().unwrap()).unwrap();
    assert_eq!(back, sc);
}

#[test]
fn staff_map_keys_with_dots_and_spaces_round_trip() {
    let mut staff = BTreeMap::new();
    staff.insert("a.b c".to_string(), 1.5);
    let sc = Scenario {
        schema: 1,
        name: "keys".into(),
        description: String::new(),
        start_date: None,
        situations: vec![],
        pools: vec![],
        sources: vec![],
        interventions: vec![Intervention {
            cost_timing: CostTiming::Start,
            consumes: BTreeMap::new(),
            modes: vec![],
            mode: None,
            id: "x".into(),
            name: String::new(),
            lead: String::new(),
            category: String::new(),
            situation: None,
            duration_months: Dist::Fixed(1.0),
            staff,
            cost_usd: Dist::Fixed(0.0),
            funding: vec![],
            after: vec![],
            not_before_months: None,
            deadline_months: None,
            deadline_weight: 1.0,
            relapse_hazard_reduction: None,
            relapse_hazard_reduction_while_active: None,
            probability: 1.0,
            source: String::new(),
        }],
        links: vec![],
        risks: vec![],
        status_months: None,
        progress: vec![],
        relapse_rules: vec![],
    };
    let back = Scenario::from_toml_str(&sc.to_toml_string().unwrap()).unwrap();
    assert_eq!(back, sc);
    let issues = sc.issues();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].path, "interventions[0].staff.a.b c");
}
