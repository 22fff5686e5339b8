//! Regressions of the fuzzing campaign of issue #16 and of `make fuzz` (fuzz/): inputs that
//! validated but which the engines could not honour (overflow, lost precision, unbounded
//! allocation, staff that can never be had for long enough). Each must now be refused by
//! validation with the path of the culprit, and values just inside the bounds must still work.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::validate::{base, expect};
use peaceplan::model::{Dist, Office, Point, Scenario, MAX_MODES, MAX_MONTHS, MAX_POSTS};
use peaceplan::psplib;
use peaceplan::schedule::{schedule, Method, Rule, ScheduleOptions};
use peaceplan::IssueKind;

fn options(method: Method) -> ScheduleOptions {
    ScheduleOptions {
        method,
        rule: Rule::Lft,
        max_schedules: 50,
        seed: 0,
        point: Point::Mode,
        hard_deadlines: false,
    }
}

/// PSPLIB j301_1 (the shared data set), when present.
fn j301_1() -> Option<Scenario> {
    let p = std::path::Path::new("/work/shared/data/psplib/j30/j301_1.sm");
    p.exists().then(|| psplib::load(p).unwrap())
}

#[test]
fn office_with_a_billion_posts_is_refused_by_validation() {
    let text = r#"
schema = 1
name = "huge"
channels = [{id = "external", lag_days = 200}]
[[sections]]
id = "planning"
posts = [{grade = "P-4", count = 1000000000, channel = "external"}]
"#;
    let office = Office::from_toml_str(text).unwrap();
    let issues = office.issues();
    assert_eq!(issues.len(), 1, "{issues:#?}");
    assert_eq!(issues[0].path, "sections[0].posts[0].count");
    assert!(issues[0].message.contains(&MAX_POSTS.to_string()));
    // the same office at the limit validates
    let at_limit = text.replace("1000000000", &MAX_POSTS.to_string());
    assert!(Office::from_toml_str(&at_limit)
        .unwrap()
        .issues()
        .is_empty());
}

#[test]
fn durations_beyond_the_bound_are_refused_on_j301_1() {
    let Some(sc) = j301_1() else { return };
    for d in [4294967295.0, 2147483648.0, 1e9] {
        let mut big = sc.clone();
        big.interventions[2].duration_months = Dist::Fixed(d);
        expect(
            &big,
            "interventions[2].duration_months",
            IssueKind::BadNumber,
            &["duration", "months"],
        );
    }
}

#[test]
fn durations_at_the_bound_keep_every_pool_within_capacity() {
    // at 1e9 months the serial scheme put 14 FTE on the 13 FTE pool R2 (k = 2 and 19);
    // at the bound every scheme is exact
    let Some(sc) = j301_1() else { return };
    for k in [2, 7, 19] {
        let mut big = sc.clone();
        big.interventions[k].duration_months = Dist::Fixed(MAX_MONTHS);
        assert!(big.issues().is_empty(), "{:?}", big.issues());
        for method in [Method::Serial, Method::Parallel, Method::Search] {
            let plan = schedule(&big, &options(method)).unwrap();
            common::check_plan(&big, &plan).unwrap();
        }
    }
}

#[test]
fn a_horizon_beyond_the_bound_is_refused() {
    let mut sc = base();
    // 11 x 1e6 months in sequence: every value within its bound, their sum is not
    for k in 0..11 {
        let mut iv = sc.interventions[0].clone();
        iv.id = format!("long{k}");
        iv.duration_months = Dist::Fixed(MAX_MONTHS);
        iv.after = if k == 0 {
            vec![]
        } else {
            vec![format!("long{}", k - 1)]
        };
        sc.interventions.push(iv);
    }
    expect(&sc, "interventions", IssueKind::BadNumber, &["months"]);
}

#[test]
fn distributions_that_overflow_are_refused() {
    for (dist, path) in [
        (
            Dist::Discrete {
                values: vec![1.0, 2.0],
                weights: vec![1e308, 1e308],
            },
            "interventions[2].duration_months",
        ),
        (
            Dist::Triangular {
                min: 0.0,
                mode: 0.0,
                max: 1e308,
            },
            "interventions[2].duration_months",
        ),
        (
            Dist::Exponential { mean: 1e308 },
            "interventions[2].duration_months",
        ),
    ] {
        let mut sc = base();
        sc.interventions[2].duration_months = dist.clone();
        expect(&sc, path, IssueKind::BadNumber, &[dist.family()]);
        // the same families on a cost (no month bound) are refused by the magnitude bound
        let mut sc = base();
        sc.interventions[2].cost_usd = dist.clone();
        expect(
            &sc,
            "interventions[2].cost_usd",
            IssueKind::BadNumber,
            &["1e15"],
        );
    }
}

#[test]
fn an_exponential_duration_whose_tail_passes_the_bound_is_refused() {
    let mut sc = base();
    sc.interventions[2].duration_months = Dist::Exponential { mean: 1e5 };
    expect(
        &sc,
        "interventions[2].duration_months",
        IssueKind::BadNumber,
        &["reaches"],
    );
    sc.interventions[2].duration_months = Dist::Exponential { mean: 1e4 };
    assert!(sc.issues().is_empty(), "{:?}", sc.issues());
}

fn with_modes(n: usize) -> Scenario {
    let mut text = String::from(
        "schema = 1\nname = \"modes\"\n[[interventions]]\nid = \"a\"\nduration_months = 300\n",
    );
    for k in 0..n {
        text.push_str(&format!(
            "[[interventions.modes]]\nid = \"m{k}\"\nduration_months = {}\n",
            k + 1
        ));
    }
    Scenario::from_toml_str(&text).unwrap()
}

#[test]
fn validation_refuses_the_modes_the_scheduler_refuses() {
    let too_many = with_modes(MAX_MODES);
    expect(
        &too_many,
        "interventions[0].modes",
        IssueKind::Other,
        &["256 modes", "255"],
    );
    assert!(schedule(&too_many, &options(Method::Serial)).is_err());
    let most = with_modes(MAX_MODES - 1);
    assert!(most.issues().is_empty(), "{:?}", most.issues());
    let plan = schedule(&most, &options(Method::Search)).unwrap();
    // every alternative (1..254 months) is shorter than the base (300)
    assert_ne!(plan.modes[0], "base");
    assert!(plan.makespan < 300.0);
}

const WINDOW: &str = r#"
schema = 1
name = "window"
[[pools]]
id = "planning"
capacity = [{from_months = 0, fte = 5}, {from_months = 2, fte = 1}, {from_months = 10, fte = 5}, {from_months = 13, fte = 2}]
[[interventions]]
id = "strategy"
duration_months = 4
staff = {planning = 4}
"#;

#[test]
fn staff_that_fits_the_largest_capacity_but_never_long_enough_is_refused() {
    let sc = Scenario::from_toml_str(WINDOW).unwrap();
    expect(
        &sc,
        "interventions[0].staff.planning",
        IssueKind::Capacity,
        &["`strategy`", "`planning`", "4 FTE", "4 months", "3 months"],
    );
    // the scheduler agrees: no plan exists
    assert!(schedule(&sc, &options(Method::Serial)).is_err());
    // three months fit the window from month 10 to 13
    let fits =
        Scenario::from_toml_str(&WINDOW.replace("duration_months = 4", "duration_months = 3"))
            .unwrap();
    assert!(fits.issues().is_empty(), "{:?}", fits.issues());
    let plan = schedule(&fits, &options(Method::Serial)).unwrap();
    assert_eq!(plan.start[0], 10.0);
}

#[test]
fn a_window_infeasible_mode_is_forgiven_when_another_mode_runs() {
    let text = format!(
        "{WINDOW}modes = [{{id = \"light\", staff = {{planning = 1}}, duration_months = 8}}]\n"
    );
    let sc = Scenario::from_toml_str(&text).unwrap();
    assert!(sc.issues().is_empty(), "{:?}", sc.issues());
    // the search finds the mode that runs (one pass of the serial or parallel scheme takes the
    // shortest mode and fails; see the report of issue #16)
    let plan = schedule(&sc, &options(Method::Search)).unwrap();
    assert_eq!(plan.modes[0], "light");
    // fixed to the base mode, it is refused again
    let fixed = Scenario::from_toml_str(&format!("{text}mode = \"base\"\n")).unwrap();
    expect(
        &fixed,
        "interventions[0].staff.planning",
        IssueKind::Capacity,
        &["never has 4 FTE"],
    );
}

#[test]
fn a_normal_duration_is_bounded_by_its_quantiles_not_its_infinite_support() {
    let mut sc = base();
    sc.interventions[2].duration_months = Dist::Normal {
        mean: 10.0,
        sd: 2.0,
    };
    assert!(sc.issues().is_empty(), "{:?}", sc.issues());
    sc.interventions[2].duration_months = Dist::Normal { mean: 9e5, sd: 1e5 };
    expect(
        &sc,
        "interventions[2].duration_months",
        IssueKind::BadNumber,
        &["reaches"],
    );
}
