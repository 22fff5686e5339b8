//! Streaming statistics of capacity runs: fixed-size accumulators merged in draw order, so memory
//! stays bounded for long horizons and many draws and the numbers do not depend on thread count.

use super::classes::ClassAcc;
use super::survival::WaitSurvival;

/// Narrowest wait-histogram bin (months); wider when the horizon exceeds `HIST_BINS` of them.
pub(crate) const HIST_WIDTH: f64 = 0.1;
/// Number of wait-histogram bins (they cover the whole horizon).
pub(crate) const HIST_BINS: usize = 12_000;

/// Width of the wait bins for a horizon of `horizon` months (0.1 month up to 100 years).
pub(crate) fn hist_width(horizon: f64) -> f64 {
    (horizon / HIST_BINS as f64).max(HIST_WIDTH)
}

/// Sums over any number of draws (all additive).
#[derive(Debug, Clone)]
pub(crate) struct Acc {
    pub draws: u64,
    pub situations: u64,
    pub arrived: u64,
    pub started: u64,
    pub wait_pos: u64,
    pub unstarted: u64,
    pub completed: u64,
    pub sum_wait: f64,
    /// Waits ending in `(k * width, (k + 1) * width]`.
    pub hist: Vec<u32>,
    /// Situations still waiting at the horizon, by time waited so far (same bins).
    pub cens: Vec<u32>,
    pub width: f64,
    pub under_months: f64,
    pub engaged_months: f64,
    pub ever_under: u64,
    pub busy: Vec<f64>,
    pub duty: Vec<f64>,
    pub queue: Vec<f64>,
    pub busy_total: Vec<f64>,
    pub duty_total: Vec<f64>,
    pub arrived_year: Vec<f64>,
    pub started_year: Vec<f64>,
    pub completed_year: Vec<f64>,
    pub surge_calls: f64,
    pub surge_fte_months: f64,
    pub surge_cost_usd: f64,
    pub waits: Vec<f64>,
    pub max_waits: usize,
    /// Per priority class (engagement); empty unless the portfolio has classes.
    pub classes: Vec<ClassAcc>,
}

impl Acc {
    pub(crate) fn new(
        sections: usize,
        bins: usize,
        years: usize,
        max_waits: usize,
        width: f64,
    ) -> Acc {
        Acc {
            draws: 0,
            situations: 0,
            arrived: 0,
            started: 0,
            wait_pos: 0,
            unstarted: 0,
            completed: 0,
            sum_wait: 0.0,
            hist: vec![0; HIST_BINS],
            cens: vec![0; HIST_BINS],
            width,
            under_months: 0.0,
            engaged_months: 0.0,
            ever_under: 0,
            busy: vec![0.0; sections * bins],
            duty: vec![0.0; sections * bins],
            queue: vec![0.0; bins],
            busy_total: vec![0.0; sections],
            duty_total: vec![0.0; sections],
            arrived_year: vec![0.0; years],
            started_year: vec![0.0; years],
            completed_year: vec![0.0; years],
            surge_calls: 0.0,
            surge_fte_months: 0.0,
            surge_cost_usd: 0.0,
            waits: Vec::new(),
            max_waits,
            classes: Vec::new(),
        }
    }

    /// Record the wait of a situation that got its team.
    pub(crate) fn wait(&mut self, w: f64) {
        self.started += 1;
        self.sum_wait += w;
        if w > 0.0 {
            self.wait_pos += 1;
            let k = bin_of(w, self.width);
            if let Some(h) = self.hist.get_mut(k) {
                *h += 1;
            }
        }
        if self.waits.len() < self.max_waits {
            self.waits.push(w);
        }
    }

    /// Record a situation still waiting at the horizon after waiting `w` months (censored).
    pub(crate) fn censor(&mut self, w: f64) {
        self.unstarted += 1;
        let k = bin_of(w, self.width);
        if let Some(h) = self.cens.get_mut(k) {
            *h += 1;
        }
    }

    /// Kaplan-Meier survival of the waits, censored ones included.
    pub(crate) fn survival(&self) -> WaitSurvival {
        let zero = self.started.saturating_sub(self.wait_pos);
        WaitSurvival::estimate(self.width, zero, &self.hist, &self.cens)
    }

    /// Add `other` (the next draws in order) to `self`.
    pub(crate) fn merge(&mut self, other: Acc) {
        self.draws += other.draws;
        self.situations += other.situations;
        self.arrived += other.arrived;
        self.started += other.started;
        self.wait_pos += other.wait_pos;
        self.unstarted += other.unstarted;
        self.completed += other.completed;
        self.sum_wait += other.sum_wait;
        self.under_months += other.under_months;
        self.engaged_months += other.engaged_months;
        self.ever_under += other.ever_under;
        self.surge_calls += other.surge_calls;
        self.surge_fte_months += other.surge_fte_months;
        self.surge_cost_usd += other.surge_cost_usd;
        add(&mut self.hist, &other.hist);
        add(&mut self.cens, &other.cens);
        for (a, b) in [
            (&mut self.busy, &other.busy),
            (&mut self.duty, &other.duty),
            (&mut self.queue, &other.queue),
            (&mut self.busy_total, &other.busy_total),
            (&mut self.duty_total, &other.duty_total),
            (&mut self.arrived_year, &other.arrived_year),
            (&mut self.started_year, &other.started_year),
            (&mut self.completed_year, &other.completed_year),
        ] {
            add(a, b);
        }
        for (a, b) in self.classes.iter_mut().zip(&other.classes) {
            a.merge(b);
        }
        let room = self.max_waits.saturating_sub(self.waits.len());
        self.waits.extend(other.waits.into_iter().take(room));
    }
}

/// Bin `k` holds `(k * width, (k + 1) * width]` (so a wait of exactly 3.0 is not > 3).
pub(crate) fn bin_of(w: f64, width: f64) -> usize {
    let x = w / width;
    let k = if (x - x.round()).abs() < 1e-9 {
        x.round()
    } else {
        x.ceil()
    };
    ((k as usize).saturating_sub(1)).min(HIST_BINS - 1)
}

fn add<T: Copy + std::ops::AddAssign>(a: &mut [T], b: &[T]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += *y;
    }
}
