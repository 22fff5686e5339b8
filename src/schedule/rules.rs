//! Priority rules and activity lists.
//!
//! A rule gives every activity a *value*, lower = scheduled first, computed from the critical
//! path of the problem in the chosen modes ([`forward_backward`]):
//! LFT (latest finish), LST (latest start), MinSlack (late minus early start), GRPW (greatest
//! rank positional weight: own duration + immediate successors' durations, negated), MTS (most
//! total successors, negated), SPT (shortest duration), Random (uniform, seeded).
//!
//! Situation priority comes first: when the situations' priority weights differ, an eligible
//! activity of a higher-priority situation always goes before one of a lower-priority situation
//! (in lists, in the parallel scheme and in sampling), and the rule orders activities within the
//! same weight. Ties: lower index first.
//!
//! [`sample_list`] is regret-based biased random sampling (Kolisch & Drexl): among the eligible
//! activities (of the highest situation priority present), activity `j` is drawn with
//! probability proportional to `(max_k v_k - v_j + epsilon)^alpha`, `alpha = epsilon = 1`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::cpm::{forward_backward, CpmResult};
use super::problem::Problem;
use crate::error::{Error, Result};

/// A priority rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Rule {
    /// Minimum latest finish.
    #[default]
    Lft,
    /// Minimum latest start.
    Lst,
    /// Minimum slack (latest minus earliest start).
    MinSlack,
    /// Greatest rank positional weight.
    Grpw,
    /// Most total successors.
    Mts,
    /// Shortest processing time.
    Spt,
    /// Uniform random values (seeded).
    Random,
    /// Regret-based biased random sampling on LFT (seeded).
    Rbrs,
}

impl Rule {
    /// Parse `lft`, `lst`, `minslack` (or `mslk`), `grpw`, `mts`, `spt`, `random`, `rbrs`
    /// (case-insensitive).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `rule`.
    pub fn parse(text: &str) -> Result<Rule> {
        Ok(match text.trim().to_ascii_lowercase().as_str() {
            "lft" => Rule::Lft,
            "lst" => Rule::Lst,
            "minslack" | "mslk" | "min_slack" => Rule::MinSlack,
            "grpw" => Rule::Grpw,
            "mts" => Rule::Mts,
            "spt" => Rule::Spt,
            "random" => Rule::Random,
            "rbrs" => Rule::Rbrs,
            other => {
                return Err(Error::InvalidArgument {
                    name: "rule".into(),
                    message: format!(
                        "expected lft, lst, minslack, grpw, mts, spt, random or rbrs, got {other:?}"
                    ),
                })
            }
        })
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Lft => "lft",
            Rule::Lst => "lst",
            Rule::MinSlack => "minslack",
            Rule::Grpw => "grpw",
            Rule::Mts => "mts",
            Rule::Spt => "spt",
            Rule::Random => "random",
            Rule::Rbrs => "rbrs",
        }
    }
}

/// Reusable buffers of list construction.
#[derive(Debug, Clone, Default)]
pub struct ListBuf {
    heap: BinaryHeap<Reverse<(u64, u64, u32)>>,
    indeg: Vec<u32>,
    eligible: Vec<u32>,
    weights: Vec<f64>,
    cpm: CpmResult,
    dur: Vec<f64>,
}

/// Map an f64 to a u64 with the same order (total order, NaN last).
#[inline]
fn ordered(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

/// Priority values of `rule` (lower = first) for the activities in `modes`, into `out`.
/// `Rbrs` gives its base (LFT) values.
///
/// # Errors
/// [`Error::InvalidArgument`] when `modes` is not a valid mode vector.
pub fn priority_values(
    p: &Problem,
    modes: &[u8],
    rule: Rule,
    rng: &mut ChaCha8Rng,
    buf: &mut ListBuf,
    out: &mut Vec<f64>,
) -> Result<()> {
    p.durations_for(modes, &mut buf.dur)?;
    forward_backward(p.network(), &buf.dur, &mut buf.cpm)?;
    let (r, d) = (&buf.cpm, &buf.dur);
    out.clear();
    let n = p.len();
    let succ = p.network().successors();
    match rule {
        Rule::Lft | Rule::Rbrs => out.extend_from_slice(&r.late_finish),
        Rule::Lst => out.extend_from_slice(&r.late_start),
        Rule::MinSlack => out.extend(r.late_start.iter().zip(&r.early_start).map(|(l, e)| l - e)),
        Rule::Spt => out.extend_from_slice(d),
        Rule::Grpw => out.extend((0..n).map(|i| {
            let own = d.get(i).copied().unwrap_or(0.0);
            -(own
                + succ
                    .edges(i)
                    .map(|e| d.get(e.node as usize).copied().unwrap_or(0.0))
                    .sum::<f64>())
        })),
        Rule::Mts => {
            // transitive successors as bitsets, in reverse topological order
            let words = n.div_ceil(64);
            let mut bits = vec![0u64; n * words];
            for &i in p.network().order().iter().rev() {
                let i = i as usize;
                for e in succ.edges(i) {
                    let j = e.node as usize;
                    for w in 0..words {
                        let v = bits.get(j * words + w).copied().unwrap_or(0);
                        if let Some(b) = bits.get_mut(i * words + w) {
                            *b |= v;
                        }
                    }
                    if let Some(b) = bits.get_mut(i * words + j / 64) {
                        *b |= 1u64 << (j % 64);
                    }
                }
            }
            out.extend((0..n).map(|i| {
                let row = bits.get(i * words..(i + 1) * words).unwrap_or(&[]);
                -f64::from(row.iter().map(|w| w.count_ones()).sum::<u32>())
            }));
        }
        Rule::Random => out.extend((0..n).map(|_| rng.random::<f64>())),
    }
    Ok(())
}

/// A precedence-feasible list: repeatedly the eligible activity with the lowest key (higher
/// situation priority first when `situations`); over the successor graph (every successor
/// before its predecessors) when `reverse`.
pub fn list_from_keys(
    p: &Problem,
    keys: &[f64],
    situations: bool,
    reverse: bool,
    buf: &mut ListBuf,
    out: &mut Vec<u32>,
) {
    let n = p.len();
    let net = p.network();
    let (into, from) = if reverse {
        (net.successors(), net.predecessors())
    } else {
        (net.predecessors(), net.successors())
    };
    let use_sit = situations && p.has_priorities();
    let entry = |j: usize| {
        let sit = if use_sit {
            ordered(-p.situation_priority(j))
        } else {
            0
        };
        let k = keys.get(j).copied().unwrap_or(0.0);
        Reverse((sit, ordered(k), j as u32))
    };
    buf.indeg.clear();
    buf.indeg.extend((0..n).map(|j| into.degree(j) as u32));
    buf.heap.clear();
    for (j, &d) in buf.indeg.iter().enumerate() {
        if d == 0 {
            buf.heap.push(entry(j));
        }
    }
    out.clear();
    while let Some(Reverse((_, _, j))) = buf.heap.pop() {
        out.push(j);
        for e in from.edges(j as usize) {
            if let Some(d) = buf.indeg.get_mut(e.node as usize) {
                *d -= 1;
                if *d == 0 {
                    buf.heap.push(entry(e.node as usize));
                }
            }
        }
    }
}

/// Regret-based biased random sampling of a precedence-feasible list from rule `values`
/// (lower = more urgent), `alpha = epsilon = 1`; see the module documentation.
pub fn sample_list(
    p: &Problem,
    values: &[f64],
    rng: &mut ChaCha8Rng,
    buf: &mut ListBuf,
    out: &mut Vec<u32>,
) {
    let n = p.len();
    let net = p.network();
    let use_sit = p.has_priorities();
    buf.indeg.clear();
    buf.indeg
        .extend((0..n).map(|j| net.predecessors().degree(j) as u32));
    buf.eligible.clear();
    buf.eligible.extend(
        buf.indeg
            .iter()
            .enumerate()
            .filter(|(_, &d)| d == 0)
            .map(|(j, _)| j as u32),
    );
    out.clear();
    let v = |j: u32| values.get(j as usize).copied().unwrap_or(0.0);
    while !buf.eligible.is_empty() {
        let top = if use_sit {
            buf.eligible
                .iter()
                .map(|&j| p.situation_priority(j as usize))
                .fold(f64::NEG_INFINITY, f64::max)
        } else {
            0.0
        };
        let counts = |j: u32| !use_sit || p.situation_priority(j as usize) >= top;
        let vmax = buf
            .eligible
            .iter()
            .filter(|&&j| counts(j))
            .map(|&j| v(j))
            .fold(f64::NEG_INFINITY, f64::max);
        buf.weights.clear();
        let mut total = 0.0;
        for &j in &buf.eligible {
            let w = if counts(j) { vmax - v(j) + 1.0 } else { 0.0 };
            total += w;
            buf.weights.push(total);
        }
        let x = rng.random::<f64>() * total;
        let k = buf
            .weights
            .iter()
            .position(|&c| c > x)
            .unwrap_or(buf.eligible.len() - 1);
        let j = buf.eligible.swap_remove(k);
        out.push(j);
        for e in net.successors().edges(j as usize) {
            if let Some(d) = buf.indeg.get_mut(e.node as usize) {
                *d -= 1;
                if *d == 0 {
                    buf.eligible.push(e.node);
                }
            }
        }
    }
}
