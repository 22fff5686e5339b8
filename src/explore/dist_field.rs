//! The parameters of a distribution that a path can set ([`DistField`], the `.scale`, `.min`, ...
//! suffixes of a path) and how a value is stored into one.

use crate::model::Dist;

/// A parameter of a distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistField {
    /// Multiply the whole distribution.
    Scale,
    /// Add to the whole distribution.
    Shift,
    /// Make it fixed at the value.
    Value,
    /// The lower bound.
    Min,
    /// The most likely value.
    Mode,
    /// The upper bound.
    Max,
    /// The mean (normal, log-normal, exponential).
    Mean,
    /// The standard deviation.
    Sd,
}

pub(super) const DIST_FIELDS: [(&str, DistField); 8] = [
    ("scale", DistField::Scale),
    ("shift", DistField::Shift),
    ("value", DistField::Value),
    ("min", DistField::Min),
    ("mode", DistField::Mode),
    ("max", DistField::Max),
    ("mean", DistField::Mean),
    ("sd", DistField::Sd),
];

/// Apply `f` to a distribution; `Err(())` when the distribution has no such parameter.
pub(super) fn set_dist(d: &mut Dist, f: DistField, x: f64) -> std::result::Result<(), ()> {
    use Dist::*;
    match f {
        DistField::Scale | DistField::Shift => {
            let g = |v: f64| if f == DistField::Scale { v * x } else { v + x };
            *d = match d.clone() {
                Fixed(v) => Fixed(g(v)),
                Uniform { min, max } => Uniform {
                    min: g(min),
                    max: g(max),
                },
                Triangular { min, mode, max } => Triangular {
                    min: g(min),
                    mode: g(mode),
                    max: g(max),
                },
                Pert { min, mode, max } => Pert {
                    min: g(min),
                    mode: g(mode),
                    max: g(max),
                },
                LogNormal { mean, sd } if f == DistField::Scale => LogNormal {
                    mean: g(mean),
                    sd: sd * x,
                },
                Normal { mean, sd } if f == DistField::Scale => Normal {
                    mean: g(mean),
                    sd: sd * x,
                },
                LogNormal { mean, sd } => LogNormal { mean: g(mean), sd },
                Normal { mean, sd } => Normal { mean: g(mean), sd },
                Exponential { mean } if f == DistField::Scale => Exponential { mean: g(mean) },
                Exponential { .. } => return Err(()),
                Discrete { values, weights } => Discrete {
                    values: values.into_iter().map(g).collect(),
                    weights,
                },
            };
        }
        DistField::Value => *d = Fixed(x),
        _ => {
            let slot = match (d, f) {
                (
                    Uniform { min, .. } | Triangular { min, .. } | Pert { min, .. },
                    DistField::Min,
                ) => min,
                (
                    Uniform { max, .. } | Triangular { max, .. } | Pert { max, .. },
                    DistField::Max,
                ) => max,
                (Triangular { mode, .. } | Pert { mode, .. }, DistField::Mode) => mode,
                (
                    LogNormal { mean, .. } | Normal { mean, .. } | Exponential { mean },
                    DistField::Mean,
                ) => mean,
                (LogNormal { sd, .. } | Normal { sd, .. }, DistField::Sd) => sd,
                _ => return Err(()),
            };
            *slot = x;
        }
    }
    Ok(())
}
