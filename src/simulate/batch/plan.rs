//! What the batched kernel precomputes once per run: the flags that switch its optional work
//! on, the situations' members, and the forward pass as a list of steps in topological order.

use crate::model::LinkKind;
use crate::network::Network;
use crate::simulate::rng::{Fast, Tri};
use crate::simulate::sampler::Sampler;

/// How the links into a node are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// Every link finish-to-start without lag: the ask of predecessor `p` is its finish
    /// `es_p + d_p` (`d_p + 0.0 = d_p` for the non-negative durations, so the same bits as the
    /// general rule).
    Plain,
    /// Every link finish-to-start, some with a lag: `es_p + (d_p + lag)`.
    Fs,
    /// Any link type ([`crate::network::Edge::delta`]).
    General,
}

/// One node of the forward pass.
#[derive(Debug, Clone, Copy)]
pub(super) struct Step {
    /// The intervention.
    pub(super) j: u32,
    /// Its links in the predecessor lists of the network: `lo..hi`.
    pub(super) lo: u32,
    pub(super) hi: u32,
    pub(super) form: Form,
    /// Earliest start.
    pub(super) release: f64,
}

/// A duration sampled by inverse CDF from one uniform, or fixed: the whole sampling of a node
/// in the common case (see [`Plan::quick`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Quick {
    Fixed(f64),
    Uniform { lo: f64, width: f64 },
    Triangular(Tri),
}

/// What the kernel needs beyond the [`crate::simulate::Runner`].
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Some intervention may not happen (probability below 1).
    pub(super) has_exist: bool,
    /// Some cost is not a fixed 0 or some risk adds cost.
    pub(super) has_cost: bool,
    /// There are risk events (waits, scaled durations and extra costs after sampling).
    pub(super) has_risk: bool,
    /// Some duration is read from the draws' uniforms (Latin hypercube, correlation).
    pub(super) has_uniforms: bool,
    /// Members of each situation, in index order.
    pub(super) members: Vec<Vec<u32>>,
    /// The forward pass, in topological order.
    pub(super) steps: Vec<Step>,
    /// The durations of the steps, in step order, when sampling is nothing more: every
    /// duration fixed, uniform or triangular, no existence probability, no cost, no uniforms
    /// read from a hypercube. The sampling loop then makes no call and keeps the generators in
    /// registers.
    pub(super) quick: Option<Vec<Quick>>,
}

impl Plan {
    /// The plan of a run (`s` its sampler, `net` its network, `situation` the situation of each
    /// intervention among `situations`), or `None` when a draw needs more than the critical
    /// path (`constrained`: a constrained engine or pools; or sources).
    pub(crate) fn new(
        constrained: bool,
        s: &Sampler,
        net: &Network,
        situation: &[Option<usize>],
        situations: usize,
    ) -> Option<Plan> {
        if constrained || s.sources > 0 || net.is_empty() {
            return None;
        }
        let mut members = vec![Vec::new(); situations];
        for (i, k) in situation.iter().enumerate() {
            if let Some(m) = k.and_then(|k| members.get_mut(k)) {
                m.push(i as u32);
            }
        }
        let pred = net.predecessors();
        let (off, kinds, lags) = (pred.offsets(), pred.kinds(), pred.lags());
        let release = net.release();
        let mut steps = Vec::with_capacity(net.len());
        for &j in net.order() {
            let ju = j as usize;
            let (lo, hi) = (off.get(ju).copied()?, off.get(ju + 1).copied()?);
            let range = lo as usize..hi as usize;
            let fs = kinds.get(range.clone())?.iter().all(|&k| k == LinkKind::FS);
            let form = if !fs {
                Form::General
            } else if lags.get(range)?.iter().all(|&l| l == 0.0) {
                Form::Plain
            } else {
                Form::Fs
            };
            steps.push(Step {
                j,
                lo,
                hi,
                form,
                release: release.get(ju).copied()?,
            });
        }
        let has_exist = s.exist.iter().any(|&p| p < 1.0);
        let has_cost = s.cost_fast.iter().any(|c| *c != Fast::Fixed(0.0))
            || s.risks.iter().any(|k| k.extra.is_some());
        let has_uniforms = s.uniforms.col_of.iter().any(|&c| c != u32::MAX);
        let quick = if has_exist || has_cost || has_uniforms {
            None
        } else {
            steps
                .iter()
                .map(|st| match s.dur_fast.get(st.j as usize)? {
                    Fast::Fixed(v) => Some(Quick::Fixed(*v)),
                    Fast::Uniform { lo, width } => Some(Quick::Uniform {
                        lo: *lo,
                        width: *width,
                    }),
                    Fast::Triangular(t) => Some(Quick::Triangular(*t)),
                    Fast::Other(_) => None,
                })
                .collect()
        };
        Some(Plan {
            has_exist,
            has_cost,
            has_risk: !s.risks.is_empty(),
            has_uniforms,
            members,
            steps,
            quick,
        })
    }
}
