//! Progress actuals: engines plan from the status date; impossible progress is rejected.

use peaceplan::model::Point;
use peaceplan::simulate::{simulate, SimOptions};
use peaceplan::{cpm, Error, Scenario};

fn sc(extra: &str) -> Scenario {
    let text = format!(
        r#"schema = 1
name = "p"
{extra}
[[interventions]]
id = "a"
duration_months = {{pert = [2, 4, 8]}}
[[interventions]]
id = "b"
duration_months = {{pert = [2, 3, 5]}}
after = ["a"]
[[interventions]]
id = "c"
duration_months = 2
after = ["b"]
"#
    );
    match Scenario::from_toml_str(&text) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

const PROGRESS: &str = r#"status_months = 6
progress = [
  {id = "a", started_months = 0, finished_months = 5},
  {id = "b", started_months = 5, remaining_months = 4},
]"#;

#[test]
fn cpm_keeps_actuals_and_releases_the_rest_at_the_status_date() -> Result<(), Error> {
    let plan = cpm(&sc(PROGRESS), Point::Mode)?;
    assert_eq!(plan.start, vec![0.0, 5.0, 10.0]);
    assert_eq!(plan.finish, vec![5.0, 10.0, 12.0]);
    // nothing started: c may not start before the status date even if b were done
    let only_a =
        "status_months = 9\nprogress = [{id = \"a\", started_months = 0, finished_months = 1}]";
    let plan = cpm(&sc(only_a), Point::Mode)?;
    assert_eq!(plan.start.get(1).copied(), Some(9.0));
    Ok(())
}

#[test]
fn monte_carlo_samples_only_what_remains() -> Result<(), Error> {
    let opts = SimOptions {
        draws: 500,
        ..SimOptions::default()
    };
    let sim = simulate(&sc(PROGRESS), &opts)?;
    assert!(sim.outcomes.finish.iter().all(|&f| (f - 12.0).abs() < 1e-9));
    Ok(())
}

#[test]
fn impossible_progress_is_rejected() {
    let cases = [
        (
            "status_months = 6\nprogress = [{id = \"a\", started_months = 3, finished_months = 2}]",
            "before it started",
        ),
        (
            "status_months = 6\nprogress = [{id = \"a\", started_months = 7}]",
            "after the status date",
        ),
        (
            "status_months = 6\nprogress = [{id = \"b\", started_months = 1}]",
            "predecessor `a`",
        ),
        (
            "progress = [{id = \"a\", started_months = 1}]",
            "status date",
        ),
        (
            "status_months = 6\nprogress = [{id = \"zz\", started_months = 1}]",
            "unknown intervention",
        ),
    ];
    for (extra, needle) in cases {
        let issues = sc(extra).issues();
        assert!(
            issues.iter().any(|i| i.message.contains(needle)),
            "{extra}: {issues:?}"
        );
        assert!(cpm(&sc(extra), Point::Mode).is_err());
    }
}
