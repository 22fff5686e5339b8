//! Shared helpers of the validation tests (`tests/validate.rs`, `tests/validate_fields.rs`): a
//! clean base scenario and assertions on the issue at a path.

use peaceplan::model::{Link, LinkKind};
use peaceplan::{Issue, IssueKind, Scenario};

pub const BASE: &str = r#"
schema = 1
name = "base"
start_date = "2024-02-29"

[[situations]]
id = "north"
arrival_months = 0

[[situations]]
id = "south"
arrival_months = 6
priority = 2

[[pools]]
id = "planning"
capacity = [{from_months = 0, fte = 2}, {from_months = 9, fte = 7}]

[[pools]]
id = "partners"
capacity = 4

[[sources]]
id = "pbf"
kind = "voluntary"
pledges = [{amount_usd = 35e6, at_months = 3, probability = 0.9, delay_months = {triangular = [1, 4, 12]}}]

[[sources]]
id = "assessed"
kind = "assessed"
pledges = [{amount_usd = 10e6}]

[[interventions]]
id = "pa"
duration_months = 0
situation = "north"

[[interventions]]
id = "dd"
duration_months = {pert = [8, 11, 48]}
staff = {planning = 0.5, partners = 4}
cost_usd = {triangular = [0.5e6, 1.3e6, 3.3e6]}
funding = ["pbf", "assessed"]
after = ["pa"]
not_before_months = 1
deadline_months = 60
relapse_hazard_reduction = 0.2

[[interventions]]
id = "el"
duration_months = {lognormal = [6, 2]}
cost_usd = {uniform = [1e6, 2e6]}
after = ["dd"]

[[links]]
from = "pa"
to = "el"
type = "SS"
lag_months = -2

[[risks]]
id = "coup"
probability = 0.1
affects = ["dd", "el"]
delay_months = {exponential = 3}
duration_scale = {lognormal = [1.2, 0.3]}
extra_cost_usd = {discrete = {values = [0, 1e5], weights = [1, 1]}}
"#;

pub fn base() -> Scenario {
    Scenario::from_toml_str(BASE).unwrap()
}

/// The single issue at `path`; fails listing every issue otherwise.
pub fn at<'a>(issues: &'a [Issue], path: &str) -> &'a Issue {
    let found: Vec<&Issue> = issues.iter().filter(|i| i.path == path).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one issue at {path}, got {issues:#?}"
    );
    found[0]
}

/// Asserts exactly one issue at `path`, of `kind`, whose message contains every `needle`.
pub fn expect(sc: &Scenario, path: &str, kind: IssueKind, needles: &[&str]) {
    let issues = sc.issues();
    let issue = at(&issues, path);
    assert_eq!(issue.kind, kind, "{issue:?}");
    for needle in needles {
        assert!(
            issue.message.contains(needle),
            "{needle:?} not in {issue:?}"
        );
    }
    assert_eq!(issue.message, issue.message.trim_end_matches('.'));
    assert!(!issue.message.starts_with(char::is_uppercase), "{issue:?}");
}

pub fn link(from: &str, to: &str) -> Link {
    Link {
        from: from.into(),
        to: to.into(),
        kind: LinkKind::FS,
        lag_months: 0.0,
        source: String::new(),
    }
}
