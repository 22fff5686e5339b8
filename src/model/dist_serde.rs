//! Display and serde forms of [`Dist`]: a number, or a one-key table naming the family.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::dist::Dist;

impl fmt::Display for Dist {
    /// Short form for tables, e.g. `pert(8, 11, 48)` or `4`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dist::Fixed(v) => write!(f, "{v}"),
            Dist::Uniform { min, max } => write!(f, "uniform({min}, {max})"),
            Dist::Triangular { min, mode, max } => write!(f, "triangular({min}, {mode}, {max})"),
            Dist::Pert { min, mode, max } => write!(f, "pert({min}, {mode}, {max})"),
            Dist::LogNormal { mean, sd } => write!(f, "lognormal({mean}, {sd})"),
            Dist::Normal { mean, sd } => write!(f, "normal({mean}, {sd})"),
            Dist::Exponential { mean } => write!(f, "exponential({mean})"),
            Dist::Discrete { values, weights } => {
                write!(f, "discrete({values:?}, {weights:?})")
            }
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscreteSpec {
    values: Vec<f64>,
    weights: Vec<f64>,
}

impl Serialize for Dist {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if let Dist::Fixed(v) = self {
            return s.serialize_f64(*v);
        }
        let mut map = s.serialize_map(Some(1))?;
        match self {
            Dist::Fixed(_) => {}
            Dist::Uniform { min, max } => map.serialize_entry("uniform", &[min, max])?,
            Dist::Triangular { min, mode, max } => {
                map.serialize_entry("triangular", &[min, mode, max])?
            }
            Dist::Pert { min, mode, max } => map.serialize_entry("pert", &[min, mode, max])?,
            Dist::LogNormal { mean, sd } => map.serialize_entry("lognormal", &[mean, sd])?,
            Dist::Normal { mean, sd } => map.serialize_entry("normal", &[mean, sd])?,
            Dist::Exponential { mean } => map.serialize_entry("exponential", mean)?,
            Dist::Discrete { values, weights } => map.serialize_entry(
                "discrete",
                &DiscreteSpec {
                    values: values.clone(),
                    weights: weights.clone(),
                },
            )?,
        }
        map.end()
    }
}

const FAMILIES: &[&str] = &[
    "uniform",
    "triangular",
    "pert",
    "lognormal",
    "normal",
    "exponential",
    "discrete",
];

struct DistVisitor;

impl<'de> Visitor<'de> for DistVisitor {
    type Value = Dist;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a table with one key: uniform, triangular, pert, lognormal, normal, exponential or discrete")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Dist, E> {
        Ok(Dist::Fixed(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Dist, E> {
        Ok(Dist::Fixed(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Dist, E> {
        Ok(Dist::Fixed(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Dist, A::Error> {
        let key: String = map
            .next_key()?
            .ok_or_else(|| de::Error::custom("empty distribution table"))?;
        let dist = match key.as_str() {
            "uniform" => {
                let [min, max]: [f64; 2] = map.next_value()?;
                Dist::Uniform { min, max }
            }
            "triangular" => {
                let [min, mode, max]: [f64; 3] = map.next_value()?;
                Dist::Triangular { min, mode, max }
            }
            "pert" => {
                let [min, mode, max]: [f64; 3] = map.next_value()?;
                Dist::Pert { min, mode, max }
            }
            "lognormal" => {
                let [mean, sd]: [f64; 2] = map.next_value()?;
                Dist::LogNormal { mean, sd }
            }
            "normal" => {
                let [mean, sd]: [f64; 2] = map.next_value()?;
                Dist::Normal { mean, sd }
            }
            "exponential" => Dist::Exponential {
                mean: map.next_value()?,
            },
            "discrete" => {
                let spec: DiscreteSpec = map.next_value()?;
                Dist::Discrete {
                    values: spec.values,
                    weights: spec.weights,
                }
            }
            other => return Err(de::Error::unknown_variant(other, FAMILIES)),
        };
        if let Some(extra) = map.next_key::<String>()? {
            return Err(de::Error::custom(format!(
                "a distribution table has exactly one key, found `{key}` and `{extra}`"
            )));
        }
        Ok(dist)
    }
}

impl<'de> Deserialize<'de> for Dist {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Dist, D::Error> {
        d.deserialize_any(DistVisitor)
    }
}
