//! Bounds on the inputs of a capacity run, so that nothing allocates in proportion to an
//! unchecked number: limits on `years`, `draws` and posts, and an estimate of the memory a run
//! needs, refused (with the estimate and the knob to turn) when it exceeds `max_bytes`.

use super::des::CapacityOptions;
use super::portfolio::Portfolio;
use super::stats::HIST_BINS;
use crate::error::{Error, Result};
use crate::model::Office;

/// Most simulated years per draw (per-year series are kept).
pub const MAX_YEARS: f64 = 100_000.0;
/// Most draws of one run.
pub const MAX_DRAWS: u64 = 1_000_000_000;
/// Most posts of an office (each is simulated individually); validation refuses more too.
pub use crate::model::office::MAX_POSTS;
/// Default memory budget of a run (bytes).
pub const DEFAULT_MAX_BYTES: u64 = 2 << 30;
/// Worst-case bytes per live situation in the general loop (its state and events).
const SITUATION_BYTES: f64 = 256.0;
/// Situations simulated between two Ctrl-C checks (about 0.1-1 s of work).
const SITUATIONS_PER_CHECK: f64 = 2.0e6;

fn arg(name: &str, message: String) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        message,
    }
}

/// Check the numbers of a run that size allocations or loops.
pub(crate) fn check_options(o: &CapacityOptions) -> Result<()> {
    if !(o.years.is_finite() && o.years > 0.0 && o.years <= MAX_YEARS) {
        let m = format!(
            "must be a finite number in (0, {MAX_YEARS}] (simulated years per draw), got {:e}; \
             for steady-state figures use more draws rather than longer ones",
            o.years
        );
        return Err(arg("years", m));
    }
    if o.draws == 0 || o.draws > MAX_DRAWS {
        let m = format!("must lie in [1, {MAX_DRAWS}], got {}", o.draws);
        return Err(arg("draws", m));
    }
    if !(o.warmup_years.is_finite() && o.warmup_years >= 0.0 && o.warmup_years < o.years) {
        let m = format!("must lie in [0, years), got {}", o.warmup_years);
        return Err(arg("warmup_years", m));
    }
    if !(o.bin_months.is_finite() && o.bin_months >= 0.0) {
        let m = format!("must be a finite number >= 0, got {}", o.bin_months);
        return Err(arg("bin_months", m));
    }
    if !(o.threshold_months.is_finite() && o.threshold_months >= 0.0) {
        let m = format!("must be a finite number >= 0, got {}", o.threshold_months);
        return Err(arg("threshold_months", m));
    }
    if o.max_bytes == 0 {
        return Err(arg("max_bytes", "must be at least 1, got 0".into()));
    }
    Ok(())
}

/// Posts of the office, refused above [`MAX_POSTS`] (before they are expanded one by one).
pub(crate) fn check_posts(office: &Office) -> Result<()> {
    let mut n: u64 = 0;
    for (i, s) in office.sections.iter().enumerate() {
        for (j, p) in s.posts.iter().enumerate() {
            n = n.saturating_add(u64::from(p.count));
            if n > MAX_POSTS {
                let m = format!(
                    "the office would have more than {MAX_POSTS} posts (count {} here)",
                    p.count
                );
                return Err(arg(&format!("office.sections[{i}].posts[{j}].count"), m));
            }
        }
    }
    Ok(())
}

/// Expected situations arriving in one draw.
pub(crate) fn situations_per_draw(portfolio: &Portfolio, years: f64) -> f64 {
    let a = &portfolio.arrivals;
    let mut n = 0.0;
    for (i, r) in a.rate_by_year.iter().enumerate() {
        n += r.max(0.0) * (years - i as f64).clamp(0.0, 1.0);
    }
    let covered = (a.rate_by_year.len() as f64).min(years);
    n += a.rate_per_year.max(0.0) * (years - covered).max(0.0);
    n + a.dated.len() as f64 + portfolio.in_progress.len() as f64
}

/// Memory plan of a run: bytes of one accumulator, draws per task batch, and the estimate.
pub(crate) struct Plan {
    /// Tasks (of `chunk` draws) run between two Ctrl-C checks.
    pub batch: u64,
    /// Estimated peak bytes.
    #[cfg_attr(not(test), allow(dead_code))]
    pub bytes: f64,
}

/// Estimate the memory of a run (worst case: no situation ever gets a team, so every one of a
/// draw stays in memory) and choose the batch size so Ctrl-C is seen about every second.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `max_bytes` when the estimate exceeds it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan(
    o: &CapacityOptions,
    portfolio: &Portfolio,
    sections: usize,
    bins: usize,
    fast: bool,
    chunk: u64,
    max_batch: u64,
) -> Result<Plan> {
    let threads = rayon::current_num_threads().max(1) as f64;
    let per_draw = situations_per_draw(portfolio, o.years);
    let per_sit = if fast { 16.0 } else { SITUATION_BYTES };
    let years = o.years.ceil();
    let acc = 8.0 * HIST_BINS as f64
        + 8.0 * bins as f64 * (2.0 * sections as f64 + 1.0)
        + 24.0 * years
        + 16.0 * sections as f64
        // Per-class wait histograms when engagements differ in priority.
        + if portfolio.has_classes() {
            8.0 * HIST_BINS as f64 * portfolio.engagements.len() as f64
        } else {
            0.0
        };
    let work = per_draw.max(1.0) * chunk as f64;
    let batch = ((SITUATIONS_PER_CHECK / work).floor() as u64)
        .clamp(1, max_batch)
        .max((threads as u64).min(max_batch))
        .min((256.0 * 1048576.0 / acc).max(1.0) as u64);
    let waits = (o.max_waits as f64).min(per_draw * o.draws as f64) * 8.0;
    let bytes = threads * per_draw * per_sit + (batch as f64 + 1.0) * acc + waits;
    if bytes > o.max_bytes as f64 {
        let rate = portfolio.arrivals.rate_per_year;
        let m = format!(
            "the run would need about {} (up to {per_draw:.3e} situations in memory per draw: \
             {rate:.4e} arrivals a year over {} years, {} draws at a time; plus {} for the kept \
             waits); lower `years` or the arrival rate, or `max_waits`, or raise `max_bytes` \
             (now {})",
            human(bytes),
            o.years,
            threads,
            human(waits),
            human(o.max_bytes as f64)
        );
        return Err(arg("max_bytes", m));
    }
    Ok(Plan { batch, bytes })
}

fn human(bytes: f64) -> String {
    if bytes >= 1e9 {
        format!("{:.1} GB", bytes / 1e9)
    } else {
        format!("{:.0} MB", (bytes / 1e6).max(1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_arrival_rates_are_refused_with_the_estimate() {
        let p = Portfolio::simple(1e12, 3.0, 12.0, "planning");
        let o = CapacityOptions::default();
        let Err(Error::InvalidArgument { name, message }) = plan(&o, &p, 1, 120, true, 4, 64)
        else {
            panic!("accepted")
        };
        assert_eq!(name, "max_bytes");
        assert!(
            message.contains("GB") && message.contains("raise `max_bytes`"),
            "{message}"
        );
        let ok = plan(
            &o,
            &Portfolio::simple(4.5, 3.0, 12.0, "planning"),
            6,
            120,
            false,
            4,
            64,
        );
        assert!(ok.is_ok_and(|p| p.bytes < 1e8 && p.batch >= 1));
    }
}
