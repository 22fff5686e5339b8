//! Time in one draw of the capacity simulation: integrating staff levels and the queue into time
//! bins, and the times of Poisson arrivals (shared by the general and the fast event loops).

use rand::Rng;
use rand_distr::{Distribution, Exp1};

use super::compiled::Model;
use super::stats::Acc;

/// The time bin the integration has reached and where it ends (months).
pub(super) struct BinCursor {
    bin: usize,
    end: f64,
}

impl BinCursor {
    pub(super) fn new(m: &Model) -> BinCursor {
        BinCursor { bin: 0, end: m.bin }
    }
}

/// Integrate busy and on-duty FTE per section and the queue of new situations from `from` to
/// `t` into the time bins (an interval inside the current bin costs one multiply-add per series).
#[allow(clippy::too_many_arguments)]
#[inline]
pub(super) fn integrate(
    m: &Model,
    acc: &mut Acc,
    used: &[f64],
    duty: &[f64],
    waiting_new: usize,
    mut from: f64,
    t: f64,
    cur: &mut BinCursor,
) {
    while from < t {
        let b = cur.bin;
        let last = b + 1 >= m.bins;
        let to = if last { t } else { t.min(cur.end) };
        let dt = to - from;
        let counted = (to - from.max(m.warmup)).max(0.0);
        for (k, (&u, &d)) in used.iter().zip(duty).enumerate() {
            let i = k * m.bins + b;
            acc.busy[i] += u * dt;
            acc.duty[i] += d * dt;
            if counted > 0.0 {
                acc.busy_total[k] += u * counted;
                acc.duty_total[k] += d * counted;
            }
        }
        acc.queue[b] += waiting_new as f64 * dt;
        if to < t {
            cur.bin = b + 1;
            cur.end = (cur.bin as f64 + 1.0) * m.bin;
        }
        from = to;
    }
}

/// Time of the next Poisson arrival after `from` (piecewise-constant rate by year), if any before
/// the horizon's last rate runs out.
#[inline]
pub(super) fn next_poisson_time<R: Rng>(m: &Model, rng: &mut R, from: f64) -> Option<f64> {
    if m.rate_by_year.is_empty() {
        // One rate throughout: the loop below in one step (same arithmetic).
        let rate = m.rate_after / 12.0;
        if from >= m.horizon || rate <= 0.0 {
            return None;
        }
        let x: f64 = Exp1.sample(rng);
        return Some(from + x / rate);
    }
    let mut t = from;
    while t < m.horizon {
        let year = (t / 12.0) as usize;
        let rate = m.rate_by_year.get(year).copied().unwrap_or(m.rate_after) / 12.0;
        let year_end = (year as f64 + 1.0) * 12.0;
        if rate <= 0.0 {
            if year >= m.rate_by_year.len() {
                return None; // no more Poisson arrivals
            }
            t = year_end;
            continue;
        }
        let x: f64 = Exp1.sample(rng);
        let next = t + x / rate;
        if next < year_end || year >= m.rate_by_year.len() {
            return Some(next);
        }
        t = year_end; // memoryless: restart at the year boundary with the next rate
    }
    None
}
