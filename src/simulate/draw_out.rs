//! The result of one draw of the one-draw path, before it is written into columns.

/// The result of one draw before it is written into columns.
#[derive(Debug, Clone, Default)]
pub(crate) struct DrawOut {
    pub(crate) start: Vec<f64>,
    pub(crate) finish: Vec<f64>,
    pub(crate) critical: Vec<bool>,
    /// Finish of all work (`+inf` when some never starts).
    pub(crate) makespan: f64,
    /// Finish of the work that started (the latest finite finish).
    pub(crate) funded_makespan: f64,
    pub(crate) infeasible: bool,
    /// The draw's pledges fell short of some cost (work unfunded or mobilised).
    pub(crate) money_short: bool,
    /// Per intervention, from the constrained engine (empty otherwise).
    pub(crate) status: Vec<crate::schedule::Status>,
    /// Whether `source_cost`, `funded` and `source_gap` were charged by the scheme.
    pub(crate) charged: bool,
    /// Money missing per source (US$).
    pub(crate) source_gap: Vec<f64>,
    /// `(intervention, US$)` of each shortfall of the draw (see `Schedule::shortfalls`).
    pub(crate) short_of: Vec<(u32, f64)>,
    /// Money mobilised in the draw, `(source, month, US$)`.
    pub(crate) mobilised: Vec<(u16, f64, f64)>,
    pub(crate) cost: f64,
    pub(crate) source_cost: Vec<f64>,
    /// Per intervention: cost charged to its sources, and the part of its cost they leave
    /// uncovered (its whole cost when it has no source).
    pub(crate) funded: Vec<f64>,
    pub(crate) short: Vec<f64>,
    pub(crate) unfunded: f64,
    pub(crate) gap: f64,
    pub(crate) peak: Vec<f64>,
    pub(crate) relapse: [f64; 2],
    // cash flows (see `cashflow.rs`): realised inflows per source, cumulative curves on the grid
    pub(crate) received: Vec<f64>,
    pub(crate) committed_curve: Vec<f64>,
    pub(crate) received_curve: Vec<f64>,
}
