//! Distributions: closed-form moments and quantiles, sampling, parameter checks, serde forms.
#![allow(clippy::unwrap_used)]

use peaceplan::model::{Dist, Point};
use peaceplan::IssueKind;
use serde::{Deserialize, Serialize};

use rand::SeedableRng;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn closed_form_means_and_modes() {
    let t = Dist::Triangular {
        min: 2.0,
        mode: 4.0,
        max: 9.0,
    };
    assert!(close(t.mean(), 5.0, 1e-12));
    let p = Dist::Pert {
        min: 8.0,
        mode: 11.0,
        max: 48.0,
    };
    assert!(close(p.mean(), (8.0 + 44.0 + 48.0) / 6.0, 1e-12));
    assert_eq!(p.mode(), 11.0);
    let ln = Dist::LogNormal {
        mean: 10.0,
        sd: 2.0,
    };
    assert!(close(ln.quantile(0.5), 10.0 / (1.0f64 + 0.04).sqrt(), 1e-9));
    let e = Dist::Exponential { mean: 3.0 };
    assert!(close(e.quantile(0.5), 3.0 * 2f64.ln(), 1e-9));
}

#[test]
fn triangular_quantile_matches_closed_form() {
    // F^-1(p) = min + sqrt(p (max-min)(mode-min)) for p <= (mode-min)/(max-min)
    let t = Dist::Triangular {
        min: 0.0,
        mode: 1.0,
        max: 4.0,
    };
    assert!(close(t.quantile(0.1), (0.1f64 * 4.0).sqrt(), 1e-9));
    assert!(close(t.quantile(0.0), 0.0, 1e-9));
    assert!(close(t.quantile(1.0), 4.0, 1e-9));
}

#[test]
fn pert_median_of_symmetric_is_mode() {
    let p = Dist::Pert {
        min: 0.0,
        mode: 5.0,
        max: 10.0,
    };
    assert!(close(p.quantile(0.5), 5.0, 1e-6));
}

#[test]
fn discrete_quantile_and_mode() {
    let d = Dist::Discrete {
        values: vec![3.0, 1.0, 2.0],
        weights: vec![1.0, 1.0, 2.0],
    };
    assert_eq!(d.mode(), 2.0);
    assert_eq!(d.quantile(0.25), 1.0);
    assert_eq!(d.quantile(0.5), 2.0);
    assert_eq!(d.quantile(0.9), 3.0);
    assert!(close(d.mean(), (3.0 + 1.0 + 4.0) / 4.0, 1e-12));
}

#[test]
fn sample_means_converge() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    for d in [
        Dist::Uniform { min: 1.0, max: 3.0 },
        Dist::Triangular {
            min: 2.0,
            mode: 4.0,
            max: 9.0,
        },
        Dist::Pert {
            min: 8.0,
            mode: 11.0,
            max: 48.0,
        },
        Dist::LogNormal { mean: 5.0, sd: 1.0 },
        Dist::Exponential { mean: 2.0 },
    ] {
        let n = 40_000;
        let m: f64 = (0..n).map(|_| d.sample(&mut rng)).sum::<f64>() / n as f64;
        assert!(close(m, d.mean(), 0.03 * d.mean()), "{d:?}: {m}");
    }
}

#[test]
fn problems_found() {
    let bad = Dist::Triangular {
        min: 3.0,
        mode: 1.0,
        max: 2.0,
    };
    assert_eq!(bad.problems()[0].0, IssueKind::Order);
    assert_eq!(Dist::Fixed(f64::NAN).problems()[0].0, IssueKind::BadNumber);
    assert!(Dist::Exponential { mean: 2.0 }.problems().is_empty());
    assert!(Dist::Exponential { mean: 2.0 }.point(Point::Max).is_err());
}

#[test]
fn point_parse() {
    assert_eq!(Point::parse("mode").ok(), Some(Point::Mode));
    assert_eq!(Point::parse("0.8").ok(), Some(Point::Quantile(0.8)));
    assert!(Point::parse("1.0").is_err());
    assert!(Point::parse("median").is_err());
}

#[test]
fn serde_forms() {
    #[derive(Deserialize, Serialize, Debug, PartialEq)]
    struct W {
        d: Dist,
    }
    let w: W = toml::from_str("d = {pert = [1, 2, 3]}").unwrap();
    assert_eq!(
        w.d,
        Dist::Pert {
            min: 1.0,
            mode: 2.0,
            max: 3.0
        }
    );
    let w: W = toml::from_str("d = 4").unwrap();
    assert_eq!(w.d, Dist::Fixed(4.0));
    let err = toml::from_str::<W>("d = {gamma = [1, 2]}").unwrap_err();
    assert!(err.to_string().contains("gamma"), "{err}");
    let w2: W = serde_json::from_str(&serde_json::to_string(&w).unwrap()).unwrap();
    assert_eq!(w, w2);
    let d = Dist::Discrete {
        values: vec![1.0, 2.0],
        weights: vec![0.5, 0.5],
    };
    let back: W = toml::from_str(&toml::to_string(&W { d: d.clone() }).unwrap()).unwrap();
    assert_eq!(back.d, d);
}
