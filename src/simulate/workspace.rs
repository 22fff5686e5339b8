//! The buffers of the one-draw path, one set per block of draws.

use super::draw_cpm::DrawCpm;
use super::runner::Runner;
use super::sampler::DrawSample;
use crate::schedule::{Problem, Schedule, Sgs};

/// Buffers of one block of the one-draw path (sample, critical path, constrained engine).
pub(crate) struct Workspace {
    pub(crate) sample: DrawSample,
    pub(crate) cpm: DrawCpm,
    pub(crate) problem: Option<Problem>,
    pub(crate) sgs: Sgs,
    pub(crate) sched: Schedule,
    pub(crate) flat_dur: Vec<f64>,
    pub(crate) flat_cost: Vec<f64>,
    pub(crate) release: Vec<f64>,
    pub(crate) events: Vec<(f64, f64)>,
    /// The draw's inflows, sorted, cumulative (see `cashflow::cumulative_inflows`).
    pub(crate) inflows: Vec<(f64, f64)>,
    /// The draw's mobilisation lags.
    pub(crate) lags: Vec<f64>,
}

impl Workspace {
    /// Fresh buffers for the draws of `r`.
    pub(crate) fn new(r: &Runner) -> Workspace {
        Workspace {
            sample: DrawSample::default(),
            cpm: DrawCpm::default(),
            problem: r.problem.clone(),
            sgs: Sgs::new(),
            sched: Schedule::new(),
            flat_dur: r
                .problem
                .as_ref()
                .map(|p| p.dur.clone())
                .unwrap_or_default(),
            flat_cost: r
                .problem
                .as_ref()
                .map(|p| p.cost.clone())
                .unwrap_or_default(),
            release: r.net.release().to_vec(),
            events: Vec::new(),
            inflows: Vec::new(),
            lags: Vec::new(),
        }
    }
}
