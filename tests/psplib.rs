//! PSPLIB reader on the stored data: every instance, the reference tables. Hand-written texts,
//! malformed input and the TOML round trip are in `psplib_texts.rs`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use peaceplan::model::Point;
use peaceplan::psplib;
use peaceplan::{cpm, Error};

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

/// Instance files of a folder (`jXXP_I.ext`; tables such as `j30opt.sm` have no `_`), sorted.
fn instances(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == ext)
                && p.file_stem().unwrap().to_string_lossy().contains('_')
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_single_mode_instance_matches_its_mpm_time() {
    let Some(root) = data() else { return };
    let bounds = psplib::read_reference_bounds(&root.join("reference_bounds.csv")).unwrap();
    let cp: BTreeMap<&str, u32> = bounds
        .iter()
        .map(|b| (b.instance.as_str(), b.cp_lb))
        .collect();
    for (set, jobs, count) in [
        ("j30", 32, 480),
        ("j60", 62, 480),
        ("j90", 92, 480),
        ("j120", 122, 600),
    ] {
        let files = instances(&root.join(set), "sm");
        assert_eq!(files.len(), count, "{set}");
        for path in files {
            let inst = psplib::load_instance(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            let sc = &inst.scenario;
            assert_eq!(sc.interventions.len(), jobs, "{path:?}");
            assert_eq!(sc.pools.len(), 4);
            assert!(sc.sources.is_empty());
            sc.validate().unwrap_or_else(|e| panic!("{path:?}: {e}"));
            let mpm = inst.mpm_time.unwrap();
            let plan = cpm(sc, Point::Mode).unwrap();
            assert_eq!(plan.makespan, f64::from(mpm), "{path:?}");
            assert_eq!(cp.get(sc.name.as_str()), Some(&mpm), "{path:?}");
            assert!(inst.horizon >= mpm);
        }
    }
}

#[test]
fn every_multi_mode_instance_parses() {
    let Some(root) = data() else { return };
    let sets = [
        ("j10", 536),
        ("j12", 547),
        ("j14", 551),
        ("j16", 550),
        ("j18", 552),
        ("j20", 554),
        ("j30", 640),
    ];
    let mut over_capacity = 0;
    for (set, count) in sets {
        let jobs: usize = set[1..].parse::<usize>().unwrap() + 2;
        let files = instances(&root.join("mm").join(set), "mm");
        assert_eq!(files.len(), count, "{set}");
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let sc = psplib::load(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            assert_eq!(sc.interventions.len(), jobs, "{path:?}");
            // The file's modes, counted independently: #modes of each PRECEDENCE row.
            let modes: Vec<usize> = text
                .lines()
                .skip_while(|l| !l.starts_with("PRECEDENCE"))
                .skip(2)
                .take(jobs)
                .map(|l| l.split_whitespace().nth(1).unwrap().parse().unwrap())
                .collect();
            let got: Vec<usize> = sc.interventions.iter().map(|i| i.mode_count()).collect();
            assert_eq!(got, modes, "{path:?}");
            for iv in &sc.interventions {
                for m in &iv.modes {
                    assert!(
                        m.duration_months.is_some() && m.staff.is_some() && m.consumes.is_some()
                    );
                }
            }
            assert_eq!(sc.pools.len(), 2);
            assert_eq!(sc.sources.len(), 2);
            // Some files have non-executable modes (a renewable demand above the capacity; the
            // literature removes them in preprocessing). Validation accepts them as long as
            // another mode of the job can run; the engines never choose them.
            let issues = sc.issues();
            assert!(issues.is_empty(), "{path:?}: {issues:?}");
            let capacity = |pool: &str| {
                sc.pools
                    .iter()
                    .find(|p| p.id == pool)
                    .map_or(0.0, |p| p.capacity.max())
            };
            let inexecutable = sc.interventions.iter().any(|iv| {
                (0..iv.mode_count()).any(|k| {
                    let v = iv.mode_view(k).unwrap();
                    v.staff.iter().any(|(pool, fte)| *fte > capacity(pool))
                })
            });
            if inexecutable {
                over_capacity += 1;
            }
            let plan = cpm(&sc, Point::Mode).unwrap();
            assert!(plan.makespan > 0.0, "{path:?}");
        }
    }
    assert_eq!(over_capacity, 262, "instances with a non-executable mode");
}
#[test]
fn reference_tables_parse() {
    let Some(root) = data() else { return };
    let bounds = psplib::read_reference_bounds(&root.join("reference_bounds.csv")).unwrap();
    assert_eq!(bounds.len(), 2040);
    let closed = |set: &str| {
        bounds
            .iter()
            .filter(|b| b.set == set && b.proven_optimal)
            .count()
    };
    assert_eq!(
        [closed("j30"), closed("j60"), closed("j90"), closed("j120")],
        [480, 462, 414, 310]
    );
    let opt = psplib::read_table(&root.join("j30/j30opt.sm")).unwrap();
    assert_eq!(opt.len(), 480);
    assert_eq!(opt[0], ("j301_1".to_string(), 43));
    let best: BTreeMap<&str, u32> = bounds
        .iter()
        .map(|b| (b.instance.as_str(), b.best_ub))
        .collect();
    for (name, makespan) in &opt {
        assert_eq!(best.get(name.as_str()), Some(makespan), "{name}");
    }
    for (file, rows) in [
        ("j30/j30hrs.sm", 480),
        ("j60/j60hrs.sm", 480),
        ("j90/j90hrs.sm", 480),
        ("j120/j120hrs.sm", 600),
        ("mm/j10/j10opt.mm", 640),
        ("mm/j20/j20opt.mm", 640),
        ("mm/j30/j30hrs.mm", 552),
    ] {
        let t = psplib::read_table(&root.join(file)).unwrap();
        assert_eq!(t.len(), rows, "{file}");
    }
    let t = psplib::read_table(&root.join("mm/j10/j10opt.mm")).unwrap();
    let infeasible = t
        .iter()
        .filter(|(_, v)| *v == psplib::INFEASIBLE_MAKESPAN)
        .count();
    assert_eq!(
        640 - infeasible,
        536,
        "feasible j10 instances = instance files"
    );
    assert!(matches!(
        psplib::read_table(&root.join("j60/j60lb.sm")),
        Err(Error::InvalidArgument { .. })
    ));
}
