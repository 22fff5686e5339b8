//! Critical path method: dates and floats on hand-computed networks, and invariants on random
//! ones. Funding and staff profiles of a CPM plan are in `cpm_resources.rs`.

#![allow(clippy::unwrap_used)] // tests may unwrap

use peaceplan::model::LinkKind;
use peaceplan::network::Edge;
use peaceplan::{cpm, Error, Plan, Point, Scenario};
use proptest::prelude::*;

fn scenario(body: &str) -> Scenario {
    Scenario::from_toml_str(&format!("schema = 1\nname = \"test\"\n{body}")).unwrap()
}

fn plan(body: &str) -> Plan {
    cpm(&scenario(body), Point::Mode).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn assert_vec(label: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{label}: {got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(close(*g, *w), "{label}: got {got:?}, want {want:?}");
    }
}

/// (1) A -> {B, C}; B -> D; C -> E; {D, E} -> F, all FS with lag 0.
///
/// ```text
///      d   ES  EF   LS  LF   TF  FF
///  A   3    0   3    0   3    0   0   LF = min(LS_B, LS_C) = min(3, 7)
///  B   4    3   7    3   7    0   0
///  C   2    3   5    7   9    4   0   FF = ES_E - EF_C = 5 - 5
///  D   5    7  12    7  12    0   0
///  E   3    5   8    9  12    4   4   FF = ES_F - EF_E = 12 - 8
///  F   2   12  14   12  14    0   0   T = 14
/// ```
#[test]
fn classic_fs_network() {
    let p = plan(
        r#"
[[interventions]]
id = "A"
name = "Assessment"
duration_months = 3
[[interventions]]
id = "B"
duration_months = 4
after = ["A"]
[[interventions]]
id = "C"
duration_months = 2
after = ["A"]
[[interventions]]
id = "D"
duration_months = 5
after = ["B"]
[[interventions]]
id = "E"
duration_months = 3
after = ["C"]
[[interventions]]
id = "F"
duration_months = 2
after = ["D", "E"]
"#,
    );
    assert_eq!(p.method, "cpm");
    assert_eq!(p.durations, "mode");
    assert_eq!(p.scenario, "test");
    assert_eq!(p.names, ["Assessment", "B", "C", "D", "E", "F"]);
    assert_eq!(p.situations, ["", "", "", "", "", ""]);
    assert_vec("ES", &p.start, &[0., 3., 3., 7., 5., 12.]);
    assert_vec("EF", &p.finish, &[3., 7., 5., 12., 8., 14.]);
    assert_vec("LS", &p.late_start, &[0., 3., 7., 7., 9., 12.]);
    assert_vec("LF", &p.late_finish, &[3., 7., 9., 12., 12., 14.]);
    assert_vec("TF", &p.total_float, &[0., 0., 4., 0., 4., 0.]);
    assert_vec("FF", &p.free_float, &[0., 0., 0., 0., 4., 0.]);
    assert_eq!(p.makespan, 14.0);
    assert_eq!(p.critical, [true, true, false, true, false, true]);
    assert_eq!(p.critical_path, ["A", "B", "D", "F"]);
    assert!(p.deadline.iter().all(|d| d.is_nan()));
    assert!(p.lateness.iter().all(|&l| l == 0.0));
}

/// (2) A (d 6) -SS+2-> B (d 3), A -FF+1-> C (d 4), A -SF+3-> D (d 2).
///
/// ```text
///  B: S_B >= S_A + 2               -> ES 2, EF 5
///  C: F_C >= F_A + 1 = 7           -> ES 3, EF 7   (T = 7)
///  D: F_D >= S_A + 3 = 3           -> ES 1, EF 3
///  LS: B 4, C 3, D 5; A = min(T - 6 = 1, 4 - 2, 3 - 3, 5 - 1) = 0
///  TF: A 0, B 2, C 0, D 4; FF: A 0, B 2 (T - EF), C 0, D 4
///  critical: C finishes at T, A drives it through the FF link
/// ```
#[test]
fn every_link_type_with_lags() {
    let p = plan(
        r#"
[[interventions]]
id = "A"
duration_months = 6
[[interventions]]
id = "B"
duration_months = 3
[[interventions]]
id = "C"
duration_months = 4
[[interventions]]
id = "D"
duration_months = 2
[[links]]
from = "A"
to = "B"
type = "SS"
lag_months = 2
[[links]]
from = "A"
to = "C"
type = "FF"
lag_months = 1
[[links]]
from = "A"
to = "D"
type = "SF"
lag_months = 3
"#,
    );
    assert_vec("ES", &p.start, &[0., 2., 3., 1.]);
    assert_vec("EF", &p.finish, &[6., 5., 7., 3.]);
    assert_vec("LS", &p.late_start, &[0., 4., 3., 5.]);
    assert_vec("TF", &p.total_float, &[0., 2., 0., 4.]);
    assert_vec("FF", &p.free_float, &[0., 2., 0., 4.]);
    assert_eq!(p.makespan, 7.0);
    assert_eq!(p.critical_path, ["A", "C"]);
}

/// (3) A (d 5) -FS-2-> B (d 4): B starts 3, T = 7, both critical.
/// A -FS-10-> C (d 1): S_C >= -5, held at 0 by the implicit release 0, not driven by A;
/// LS_C = 7 - 1 = 6, TF 6; LS_A = min(7 - 5, 3 - 3, 6 + 5) = 0.
#[test]
fn negative_lag_is_a_lead() {
    let p = plan(
        r#"
[[interventions]]
id = "A"
duration_months = 5
[[interventions]]
id = "B"
duration_months = 4
[[interventions]]
id = "C"
duration_months = 1
[[links]]
from = "A"
to = "B"
lag_months = -2
[[links]]
from = "A"
to = "C"
lag_months = -10
"#,
    );
    assert_vec("ES", &p.start, &[0., 3., 0.]);
    assert_vec("LS", &p.late_start, &[0., 3., 6.]);
    assert_vec("TF", &p.total_float, &[0., 0., 6.]);
    assert_eq!(p.makespan, 7.0);
    assert_eq!(p.critical_path, ["A", "B"]);
}

/// (4) Situation x arrives at 4. A (d 2, in x) 4-6; B (d 3, not before 10, after A) 10-13;
/// C (d 1, after A) 6-7. T = 13. B is critical but its link from A is not driving (10 > 6):
/// the critical chain starts at B's release date. LS_A = min(11, 10 - 2, 12 - 2) = 8, TF 4.
#[test]
fn release_dates_start_the_critical_chain() {
    let p = plan(
        r#"
[[situations]]
id = "x"
arrival_months = 4
[[interventions]]
id = "A"
duration_months = 2
situation = "x"
[[interventions]]
id = "B"
duration_months = 3
after = ["A"]
not_before_months = 10
deadline_months = 12
[[interventions]]
id = "C"
duration_months = 1
after = ["A"]
deadline_months = 8
"#,
    );
    assert_eq!(p.situations, ["x", "", ""]);
    assert_vec("ES", &p.start, &[4., 10., 6.]);
    assert_vec("LS", &p.late_start, &[8., 10., 12.]);
    assert_vec("TF", &p.total_float, &[4., 0., 6.]);
    assert_vec("FF", &p.free_float, &[0., 0., 6.]);
    assert_eq!(p.makespan, 13.0);
    assert_eq!(p.critical, [false, true, false]);
    assert_eq!(p.critical_path, ["B"]);
    assert!(p.deadline[0].is_nan());
    assert_vec("deadline", &p.deadline[1..], &[12., 8.]);
    assert_vec("lateness", &p.lateness, &[0., 1., 0.]);
}

/// A release date tied with a link: D (not before 6) after A (finish 6). Both set ES_D = 6, so
/// delaying A delays D: the tied link drives and A is critical (and has zero float).
#[test]
fn link_tied_with_release_date_drives() {
    let p = plan(
        r#"
[[interventions]]
id = "A"
duration_months = 2
not_before_months = 4
[[interventions]]
id = "D"
duration_months = 7
not_before_months = 6
after = ["A"]
[[interventions]]
id = "P"
duration_months = 1
[[links]]
from = "P"
to = "A"
type = "SS"
"#,
    );
    assert_vec("ES", &p.start, &[4., 6., 0.]);
    assert_eq!(p.makespan, 13.0);
    assert_eq!(p.critical, [true, true, false]);
    assert_vec("TF", &p.total_float, &[0., 0., 4.]);
    assert_eq!(p.critical_path, ["A", "D"]);
}

/// (5) A (d 3) -> milestone M (d 0) -> B (d 2) -> milestone F (d 0): all critical, ordered by
/// (start, finish): A (0, 3), M (3, 3), B (3, 5), F (5, 5).
#[test]
fn milestones() {
    let p = plan(
        r#"
[[interventions]]
id = "F"
duration_months = 0
after = ["B"]
[[interventions]]
id = "B"
duration_months = 2
after = ["M"]
[[interventions]]
id = "M"
duration_months = 0
after = ["A"]
[[interventions]]
id = "A"
duration_months = 3
"#,
    );
    assert_vec("ES", &p.start, &[5., 3., 3., 0.]);
    assert_vec("EF", &p.finish, &[5., 5., 3., 3.]);
    assert_eq!(p.makespan, 5.0);
    assert_eq!(p.critical_path, ["A", "M", "B", "F"]);
}

/// (6) A (d 2) -> {B (d 6), C (d 3)} -> D (d 1): T = 9, C has TF = FF = 3, only A-B-D critical.
#[test]
fn parallel_paths_one_critical() {
    let p = plan(
        r#"
[[interventions]]
id = "A"
duration_months = 2
[[interventions]]
id = "B"
duration_months = 6
after = ["A"]
[[interventions]]
id = "C"
duration_months = 3
after = ["A"]
[[interventions]]
id = "D"
duration_months = 1
after = ["B", "C"]
"#,
    );
    assert_eq!(p.makespan, 9.0);
    assert_vec("TF", &p.total_float, &[0., 0., 3., 0.]);
    assert_vec("FF", &p.free_float, &[0., 0., 3., 0.]);
    assert_eq!(p.critical, [true, true, false, true]);
    assert_eq!(p.critical_path, ["A", "B", "D"]);
}

const TRIANGULAR_CHAIN: &str = r#"
[[interventions]]
id = "X"
duration_months = {triangular = [1, 2, 6]}
[[interventions]]
id = "Y"
duration_months = {triangular = [2, 3, 4]}
after = ["X"]
[[interventions]]
id = "Z"
duration_months = 1
after = ["Y"]
"#;

/// (7) X ~ Tri(1, 2, 6) -> Y ~ Tri(2, 3, 4) -> Z = 1.
/// mode 2 + 3 + 1 = 6; mean 3 + 3 + 1 = 7; min 1 + 2 + 1 = 4; max 6 + 4 + 1 = 11;
/// median: X's mode lies below it (F(2) = 0.2), so q = 6 - sqrt(0.5 * 5 * 4) = 6 - sqrt(10);
/// Y is symmetric (median 3): 10 - sqrt(10).
#[test]
fn duration_points_on_a_triangular_chain() {
    let sc = scenario(TRIANGULAR_CHAIN);
    for (point, want) in [
        (Point::Mode, 6.0),
        (Point::Mean, 7.0),
        (Point::Min, 4.0),
        (Point::Max, 11.0),
        (Point::Quantile(0.5), 10.0 - 10f64.sqrt()),
    ] {
        let p = cpm(&sc, point).unwrap();
        assert!(close(p.makespan, want), "{point}: {} != {want}", p.makespan);
        assert_eq!(p.durations, point.to_string());
        assert_eq!(p.critical_path, ["X", "Y", "Z"]);
    }
    let unbounded =
        scenario("[[interventions]]\nid = \"E\"\nduration_months = {exponential = 2}\n");
    assert!(matches!(
        cpm(&unbounded, Point::Max),
        Err(Error::InvalidArgument { .. })
    ));
}

/// A random DAG: (durations, not_before, links (from < to, kind, lag)).
/// `(from, to, kind, lag)` with `from < to`.
type Links = Vec<(usize, usize, LinkKind, f64)>;

fn random_dag() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Links)> {
    (1usize..12).prop_flat_map(|n| {
        let kind = prop_oneof![
            Just(LinkKind::FS),
            Just(LinkKind::SS),
            Just(LinkKind::FF),
            Just(LinkKind::SF)
        ];
        (
            prop::collection::vec((0u32..9).prop_map(f64::from), n),
            prop::collection::vec(prop_oneof![Just(0.0), (0u32..7).prop_map(f64::from)], n),
            prop::collection::vec(
                ((0..n), (0..n), kind, (-3i32..6).prop_map(f64::from)),
                0..(2 * n),
            )
            .prop_map(|ls| {
                ls.into_iter()
                    .filter(|(a, b, ..)| a != b)
                    .map(|(a, b, k, l)| (a.min(b), a.max(b), k, l))
                    .collect()
            }),
        )
    })
}

fn to_toml(d: &[f64], rel: &[f64], links: &[(usize, usize, LinkKind, f64)]) -> String {
    let mut s = String::new();
    for (i, (d, r)) in d.iter().zip(rel).enumerate() {
        s += &format!(
            "[[interventions]]\nid = \"n{i}\"\nduration_months = {d}\nnot_before_months = {r}\n"
        );
    }
    for (a, b, k, l) in links {
        s += &format!(
            "[[links]]\nfrom = \"n{a}\"\nto = \"n{b}\"\ntype = \"{}\"\nlag_months = {l}\n",
            k.as_str()
        );
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// (10) Invariants on random DAGs with every link type, leads, lags and release dates.
    /// Integer data keep the arithmetic exact, so the driving-path critical set must equal
    /// the zero-total-float set.
    #[test]
    fn random_dag_invariants((d, rel, links) in random_dag()) {
        let p = cpm(&scenario(&to_toml(&d, &rel, &links)), Point::Mode).unwrap();
        let tol = 1e-9 * p.makespan.abs().max(1.0);
        for &(a, b, k, l) in &links {
            // the link read on the dates themselves, independently of Edge::delta
            let (from_es, to_es, from_ls, to_ls) = match k {
                LinkKind::FS => (p.finish[a], p.start[b], p.late_finish[a], p.late_start[b]),
                LinkKind::SS => (p.start[a], p.start[b], p.late_start[a], p.late_start[b]),
                LinkKind::FF => (p.finish[a], p.finish[b], p.late_finish[a], p.late_finish[b]),
                LinkKind::SF => (p.start[a], p.finish[b], p.late_start[a], p.late_finish[b]),
            };
            prop_assert!(to_es >= from_es + l - tol, "early dates violate {a}->{b}");
            prop_assert!(to_ls >= from_ls + l - tol, "late dates violate {a}->{b}");
            // Edge::delta is the start-to-start offset of the same link
            prop_assert!((Edge::delta(k, l, d[a], d[b]) - (from_es + l - to_es + p.start[b] - p.start[a])).abs() <= tol);
        }
        for (i, &r) in rel.iter().enumerate() {
            prop_assert!(p.start[i] >= r - tol);
            prop_assert!(p.total_float[i] >= 0.0);
            prop_assert!(p.free_float[i] >= 0.0);
            prop_assert!(p.free_float[i] <= p.total_float[i] + tol);
            prop_assert!(p.makespan >= p.finish[i] - tol);
            prop_assert!(p.late_finish[i] <= p.makespan + tol);
            prop_assert_eq!(p.critical[i], p.total_float[i] <= tol, "critical vs TF at {}", i);
        }
        prop_assert!(!p.critical_path.is_empty());
        prop_assert!(p.critical.iter().zip(&p.total_float).all(|(&c, &tf)| !c || tf <= tol));
    }
}
