//! PSPLIB reader on hand-written texts: field by field, malformed input and tables, the file
//! extension, and the TOML round trip (of those texts and of a few stored instances).
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use peaceplan::model::{Capacity, Dist, Point, SourceKind};
use peaceplan::psplib::{self, Variant};
use peaceplan::{cpm, Error, Scenario};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/psplib");

/// The data folder, or `None` (with a note) when it is not beside the repository.
fn data() -> Option<PathBuf> {
    let p = PathBuf::from(DATA);
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("note: {DATA} not found, skipping the PSPLIB data tests");
        None
    }
}

fn map(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}
const SM: &str = "\
************************************************************************
file with basedata            : tiny.bas
initial value random generator: 1
************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  5
horizon                       :  9
RESOURCES
  - renewable                 :  2   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      3      0       7        2        7
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           5
   4        1          1           5
   5        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  R 2
------------------------------------------------------------------------
  1      1     0       0    0
  2      1     3       2    0
  3      1     2       0    1
  4      1     4       1    1
  5      1     0       0    0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1  R 2
    2    1
************************************************************************
";

#[test]
fn hand_written_single_mode_field_by_field() {
    let inst = psplib::parse_instance(SM, "tiny", Variant::SingleMode).unwrap();
    assert_eq!(inst.horizon, 9);
    assert_eq!(inst.mpm_time, Some(7));
    assert_eq!(inst.due_date, Some(7));
    assert_eq!(inst.release_date, Some(0));
    assert_eq!(inst.tardiness_cost, Some(2));
    let sc = inst.scenario;
    assert_eq!(sc, psplib::parse_sm(SM, "tiny").unwrap());
    assert_eq!(sc.schema, 1);
    assert_eq!(sc.name, "tiny");
    assert!(sc
        .description
        .starts_with("PSPLIB instance tiny (horizon 9, MPM-Time 7)"));
    let ids: Vec<&str> = sc.pools.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["R1", "R2"]);
    assert_eq!(sc.pools[0].capacity, Capacity::Constant(2.0));
    assert_eq!(sc.pools[1].capacity, Capacity::Constant(1.0));
    assert_eq!(sc.pools[0].source, psplib::PROVENANCE);
    assert!(sc.sources.is_empty() && sc.links.is_empty());
    let ids: Vec<&str> = sc.interventions.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    let after: Vec<Vec<&str>> = sc
        .interventions
        .iter()
        .map(|i| i.after.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        after,
        [vec![], vec!["1"], vec!["1"], vec!["2"], vec!["3", "4"]]
    );
    let durations: Vec<Dist> = sc
        .interventions
        .iter()
        .map(|i| i.duration_months.clone())
        .collect();
    assert_eq!(durations, [0.0, 3.0, 2.0, 4.0, 0.0].map(Dist::Fixed));
    assert!(sc.interventions[0].staff.is_empty());
    assert_eq!(sc.interventions[1].staff, map(&[("R1", 2.0)]));
    assert_eq!(sc.interventions[2].staff, map(&[("R2", 1.0)]));
    assert_eq!(sc.interventions[3].staff, map(&[("R1", 1.0), ("R2", 1.0)]));
    for iv in &sc.interventions {
        assert!(iv.modes.is_empty() && iv.consumes.is_empty() && iv.mode.is_none());
        assert_eq!(iv.source, psplib::PROVENANCE);
    }
    sc.validate().unwrap();
    assert_eq!(cpm(&sc, Point::Mode).unwrap().makespan, 7.0);
}

const MM: &str = "\
jobs (incl. supersource/sink ):  4
horizon                       :  12
RESOURCES
  - renewable                 :  1   R
  - nonrenewable              :  2   N
  - doubly constrained        :  0   D
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      2      0       5        1        3
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        2          1           4
   3        3          1           4
   4        1          0
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  N 1  N 2
---------------------------------------
  1      1     0       0    0    0
  2      1     1       3    0    5
         2     4       1    2    0
  3      1     3       0    4    0   \t
         2     2       2    0    0

         3     5       0    0    0
  4      1     0       0    0    0
RESOURCEAVAILABILITIES:
  R 1  N 1  N 2
    3    6    5

";

#[test]
fn hand_written_multi_mode_field_by_field() {
    let inst = psplib::parse_instance(MM, "mini", Variant::MultiMode).unwrap();
    assert_eq!(
        (inst.horizon, inst.mpm_time, inst.due_date),
        (12, Some(3), Some(5))
    );
    let sc = inst.scenario;
    assert!(sc
        .description
        .starts_with("PSPLIB multi-mode instance mini (horizon 12, MPM-Time 3)"));
    assert_eq!(sc.pools.len(), 1);
    assert_eq!(sc.pools[0].id, "R1");
    assert_eq!(sc.pools[0].capacity, Capacity::Constant(3.0));
    let ids: Vec<&str> = sc.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["N1", "N2"]);
    for (s, amount) in sc.sources.iter().zip([6.0, 5.0]) {
        assert_eq!(s.kind, SourceKind::Other);
        assert_eq!(s.pledges.len(), 1);
        assert_eq!(
            (s.pledges[0].amount_usd, s.pledges[0].at_months),
            (amount, 0.0)
        );
        assert_eq!(s.source, psplib::PROVENANCE);
    }
    let a = &sc.interventions[1];
    assert_eq!(a.duration_months, Dist::Fixed(1.0));
    assert_eq!(a.staff, map(&[("R1", 3.0)]));
    assert_eq!(a.consumes, map(&[("N2", 5.0)]));
    assert_eq!(a.modes.len(), 1);
    let m = &a.modes[0];
    assert_eq!(m.id, "2");
    assert_eq!(m.duration_months, Some(Dist::Fixed(4.0)));
    assert_eq!(m.staff, Some(map(&[("R1", 1.0)])));
    assert_eq!(m.consumes, Some(map(&[("N1", 2.0)])));
    assert_eq!(m.cost_usd, None);
    let b = &sc.interventions[2];
    assert_eq!(b.consumes, map(&[("N1", 4.0)]));
    assert!(b.staff.is_empty());
    let ids: Vec<&str> = b.modes.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["2", "3"]);
    // Explicit empty maps: nothing is inherited from the base mode by accident.
    assert_eq!(b.modes[0].consumes, Some(BTreeMap::new()));
    assert_eq!(b.modes[1].staff, Some(BTreeMap::new()));
    assert_eq!(b.modes[1].duration_months, Some(Dist::Fixed(5.0)));
    assert_eq!(b.mode_view(2).unwrap().consumes, &BTreeMap::new());
    assert_eq!(sc.interventions[3].after, ["2", "3"]);
    sc.validate().unwrap();
    assert_eq!(cpm(&sc, Point::Mode).unwrap().makespan, 3.0);
    // A multi-mode text is not a single-mode file.
    let (line, _, msg) = line_of(psplib::parse_sm(MM, "mini").unwrap_err());
    assert_eq!(line, 13);
    assert!(msg.contains("job 2 has 2 modes"), "{msg}");
}

/// The line of a `psplib` parse error (panics on anything else).
fn line_of(err: Error) -> (usize, Option<usize>, String) {
    match err {
        Error::Parse {
            format: "psplib",
            path: None,
            line: Some(line),
            column,
            message,
        } => (line, column, message),
        other => panic!("expected a psplib parse error, got {other:?}"),
    }
}

fn bad(text: &str) -> (usize, Option<usize>, String) {
    line_of(psplib::parse_sm(text, "bad").unwrap_err())
}

/// 1-based line number of the first line of `SM` containing `needle`.
fn line_in_sm(needle: &str) -> usize {
    SM.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn malformed_inputs_name_the_line() {
    // Truncated in the precedence section: the end of file is reported after the last line.
    let cut: String = SM
        .lines()
        .take(line_in_sm("   3        1"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (line, _, msg) = bad(&cut);
    assert_eq!(line, cut.lines().count() + 1);
    assert!(
        msg.contains("end of file") && msg.contains("job 4"),
        "{msg}"
    );
    // Truncated before the availabilities.
    let cut: String = SM
        .lines()
        .take(line_in_sm("RESOURCEAVAIL"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(bad(&cut).2.contains("resource availabilities"));
    // Not a number.
    let (line, col, msg) = bad(&SM.replace(
        "  3      1     2       0    1",
        "  3      1     x       0    1",
    ));
    assert_eq!(line, line_in_sm("  3      1     2       0    1"));
    assert_eq!(col, Some(16));
    assert!(msg.contains("`x`"), "{msg}");
    // Wrong column count in a request row.
    let row = "  4      1     4       1    1";
    let (line, _, msg) = bad(&SM.replace(row, "  4      1     4       1"));
    assert_eq!(line, line_in_sm(row));
    assert!(msg.contains("expected 5 numbers"), "{msg}");
    // Successor count does not match the list.
    let row = "   1        1          2           2   3";
    let (line, _, msg) = bad(&SM.replace(row, "   1        1          3           2   3"));
    assert_eq!(line, line_in_sm(row));
    assert!(msg.contains("declares 3 successors but lists 2"), "{msg}");
    // Unknown successor, with its column.
    let row = "   2        1          1           4";
    let (line, col, msg) = bad(&SM.replace(row, "   2        1          1           9"));
    assert_eq!((line, col), (line_in_sm(row), Some(36)));
    assert!(msg.contains("unknown successor 9"), "{msg}");
    // Job out of order.
    let (line, _, msg) = bad(&SM.replace(
        "   3        1          1           5",
        "   7        1          1           5",
    ));
    assert_eq!(line, line_in_sm("   4        1          1           5") - 1);
    assert!(msg.contains("expected job 3, found job 7"), "{msg}");
    // A missing header value; a doubly constrained resource.
    let (line, _, msg) = bad(&SM.replace("horizon                       :  9", "horizon : "));
    assert_eq!(line, line_in_sm("horizon"));
    assert!(msg.contains("horizon"), "{msg}");
    let (line, _, msg) = bad(&SM.replace(":  0   D", ":  1   D"));
    assert_eq!(line, line_in_sm("doubly"));
    assert!(msg.contains("doubly constrained"), "{msg}");
    // Trailing garbage; availability with too few columns; empty input.
    assert_eq!(bad(&format!("{SM}\nextra\n")).0, SM.lines().count() + 2);
    let (line, _, _) = bad(&SM.replace("    2    1\n", "    2\n"));
    assert_eq!(line, line_in_sm("    2    1"));
    assert_eq!(bad("").0, 1);
    assert!(bad("   \n").2.contains("jobs"));
    // Never a panic, whatever prefix of the file is given.
    for n in 0..SM.len() {
        if SM.is_char_boundary(n) {
            let _ = psplib::parse_sm(&SM[..n], "prefix");
            let _ = psplib::parse_mm(&MM[..n.min(MM.len())], "prefix");
        }
    }
}

#[test]
fn load_checks_the_extension() {
    let err = psplib::load(Path::new("x.txt")).unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    let err = psplib::load(Path::new("/nonexistent/x.sm")).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
}
#[test]
fn malformed_tables_name_the_line() {
    let (line, col, _) =
        line_of(psplib::parse_table("Par Inst Makespan\n1 2 x\n", "j30").unwrap_err());
    assert_eq!((line, col), (2, Some(5)));
    assert_eq!(
        line_of(psplib::parse_table("\n\n3 4\n", "j30").unwrap_err()).0,
        3
    );
    let csv =
        "set,instance,parameter,index,n_activities,n_resources,cp_lb,lb,best_ub,proven_optimal\n\
               j30,j301_1.sm,1,1,30,4,38,43,43,1\n\
               j30,j301_2.sm,1,2,30,4,38,43,43\n";
    match psplib::parse_reference_bounds(csv).unwrap_err() {
        Error::Parse {
            format: "csv",
            line: Some(3),
            ..
        } => {}
        other => panic!("{other:?}"),
    }
    let ok = psplib::parse_reference_bounds(&csv.replace(",43\n", ",43,0\n")).unwrap();
    assert_eq!(ok[0].instance, "j301_1");
    assert!(ok[0].proven_optimal && !ok[1].proven_optimal);
    assert!(psplib::parse_reference_bounds("set,instance\n").is_err());
}

fn round_trip(sc: &Scenario) {
    let text = sc.to_toml_string().unwrap();
    assert_eq!(&Scenario::from_toml_str(&text).unwrap(), sc, "{}", sc.name);
    let json = sc.to_json_string().unwrap();
    assert_eq!(&Scenario::from_json_str(&json).unwrap(), sc, "{}", sc.name);
}

#[test]
fn parsed_instances_round_trip_through_toml() {
    round_trip(&psplib::parse_sm(SM, "tiny").unwrap());
    round_trip(&psplib::parse_mm(MM, "mini").unwrap());
    let Some(root) = data() else { return };
    for file in [
        "j30/j301_1.sm",
        "j120/j12060_10.sm",
        "mm/j10/j1010_1.mm",
        "mm/j30/j3064_9.mm",
    ] {
        round_trip(&psplib::load(&root.join(file)).unwrap());
    }
}
