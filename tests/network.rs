//! Network compilation (CSR lists, order, releases, cycles), CPM errors and kernel reuse.

#![allow(clippy::unwrap_used)] // tests may unwrap

use peaceplan::error::IssueKind;
use peaceplan::model::LinkKind;
use peaceplan::network::Network;
use peaceplan::schedule::cpm::{forward_backward, CpmResult};
use peaceplan::{cpm, Error, Point, Scenario};

fn scenario(body: &str) -> Scenario {
    Scenario::from_toml_str(&format!("schema = 1\nname = \"t\"\n{body}")).unwrap()
}

#[test]
fn csr_and_order() {
    let sc = scenario(
        r#"
[[situations]]
id = "x"
arrival_months = 4
[[interventions]]
id = "a"
duration_months = 1
[[interventions]]
id = "b"
duration_months = 1
after = ["c"]
situation = "x"
[[interventions]]
id = "c"
duration_months = 1
after = ["a"]
not_before_months = 6
[[links]]
from = "a"
to = "b"
type = "SS"
lag_months = -1
"#,
    );
    let net = Network::build(&sc).unwrap();
    assert_eq!(net.len(), 3);
    assert_eq!(net.link_count(), 3);
    assert_eq!(net.order(), &[0, 2, 1]);
    assert_eq!(net.release(), &[0.0, 4.0, 6.0]);
    let s: Vec<_> = net.successors().edges(0).collect();
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].node, s[0].kind, s[0].lag), (1, LinkKind::SS, -1.0));
    assert_eq!((s[1].node, s[1].kind), (2, LinkKind::FS));
    assert_eq!(net.predecessors().degree(1), 2);
    assert_eq!(net.successors().edges(99).count(), 0);
}

#[test]
fn cycle_is_spelled_out() {
    let sc = scenario(
        r#"
[[interventions]]
id = "a"
duration_months = 1
after = ["c"]
[[interventions]]
id = "b"
duration_months = 1
after = ["a"]
[[interventions]]
id = "c"
duration_months = 1
after = ["b"]
"#,
    );
    match Network::build(&sc).unwrap_err() {
        Error::Validation(issues) => {
            assert_eq!(issues.len(), 1);
            assert_eq!(issues[0].kind, IssueKind::Cycle);
            let m = &issues[0].message;
            assert!(
                m.contains("a -> b -> c -> a")
                    || m.contains("b -> c -> a -> b")
                    || m.contains("c -> a -> b -> c"),
                "{m}"
            );
            assert!(
                issues[0].path.starts_with("interventions["),
                "{}",
                issues[0].path
            );
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn self_link_and_unknown_ids() {
    let sc = scenario(
        "[[interventions]]\nid = \"a\"\nduration_months = 1\n[[links]]\nfrom = \"a\"\nto = \"a\"\n",
    );
    match Network::build(&sc).unwrap_err() {
        Error::Validation(issues) => {
            assert_eq!(issues[0].message, "dependency cycle a -> a");
            assert_eq!(issues[0].path, "links[0]");
        }
        other => panic!("unexpected {other:?}"),
    }
    let sc = scenario("[[interventions]]\nid = \"a\"\nduration_months = 1\nafter = [\"zz\"]\n");
    assert!(matches!(
        Network::build(&sc),
        Err(Error::UnknownId { what: "intervention", ref id }) if id == "zz"
    ));
    let sc = scenario("[[interventions]]\nid = \"a\"\nduration_months = 1\nsituation = \"s\"\n");
    assert!(matches!(
        Network::build(&sc),
        Err(Error::UnknownId {
            what: "situation",
            ..
        })
    ));
}

#[test]
fn empty_scenario() {
    let net = Network::build(&scenario("")).unwrap();
    assert!(net.is_empty());
    assert!(net.order().is_empty());
    assert_eq!(net.successors().offsets(), &[0]);
}

const CHAIN: &str = "[[interventions]]\nid = \"X\"\nduration_months = 2\n\
    [[interventions]]\nid = \"Y\"\nduration_months = 3\nafter = [\"X\"]\n\
    [[interventions]]\nid = \"Z\"\nduration_months = 1\nafter = [\"Y\"]\n";

fn assert_vec(label: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got, want, "{label}");
}

/// The kernel is reusable: one network, one result buffer, several duration vectors.
#[test]
fn kernel_reuses_network_and_buffer() {
    let net = Network::build(&scenario(CHAIN)).unwrap();
    let mut out = CpmResult::new();
    forward_backward(&net, &[2.0, 3.0, 1.0], &mut out).unwrap();
    assert_eq!(out.makespan, 6.0);
    forward_backward(&net, &[1.0, 1.0, 0.5], &mut out).unwrap();
    assert_eq!(out.makespan, 2.5);
    assert_vec("ES", &out.early_start, &[0., 1., 2.]);
    assert!(matches!(
        forward_backward(&net, &[1.0], &mut out),
        Err(Error::InvalidArgument { .. })
    ));
}

#[test]
fn errors_and_empty() {
    let p = cpm(&scenario(""), Point::Mode).unwrap();
    assert_eq!(p.makespan, 0.0);
    assert!(p.critical_path.is_empty() && p.ids.is_empty());
    let cyclic = scenario(
        "[[interventions]]\nid = \"a\"\nduration_months = 1\nafter = [\"b\"]\n\
         [[interventions]]\nid = \"b\"\nduration_months = 1\nafter = [\"a\"]\n",
    );
    match cpm(&cyclic, Point::Mode) {
        Err(Error::Validation(issues)) => {
            assert_eq!(issues[0].kind, IssueKind::Cycle);
            assert!(
                issues[0].message.contains("a -> b -> a")
                    || issues[0].message.contains("b -> a -> b")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    let unknown_source =
        scenario("[[interventions]]\nid = \"a\"\nduration_months = 1\nfunding = [\"ghost\"]\n");
    match cpm(&unknown_source, Point::Mode) {
        Err(Error::Validation(issues)) => {
            assert_eq!(issues[0].kind, IssueKind::UnknownId);
            assert_eq!(issues[0].path, "interventions[0].funding[0]");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn duplicate_id_is_rejected() {
    let sc = scenario(
        "[[interventions]]\nid = \"a\"\nduration_months = 1\n\
         [[interventions]]\nid = \"a\"\nduration_months = 2\n",
    );
    match Network::build(&sc) {
        Err(Error::Validation(issues)) => {
            assert_eq!(issues[0].kind, IssueKind::DuplicateId);
            assert_eq!(issues[0].path, "interventions[1].id");
        }
        other => panic!("unexpected {other:?}"),
    }
}
