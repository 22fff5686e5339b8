//! What the engine reads off a draw's constrained schedule (the driving chain, the finish of
//! the work that started) and the per-draw lags of mobilised money.

use crate::model::Scenario;
use crate::schedule::cpm::tolerance;
use crate::schedule::{Schedule, Status};

/// Per intervention, the lag distribution of its first *to be mobilised* source; empty when
/// no intervention lists one.
pub(crate) fn mobilisation_lags(sc: &Scenario) -> Vec<Option<crate::model::Dist>> {
    let lags: Vec<Option<crate::model::Dist>> = sc
        .interventions
        .iter()
        .map(|iv| {
            iv.funding.iter().find_map(|f| {
                sc.sources
                    .iter()
                    .find(|s| &s.id == f)
                    .and_then(|s| s.mobilisation_lag_months.clone())
            })
        })
        .collect();
    if lags.iter().all(Option::is_none) {
        Vec::new()
    } else {
        lags
    }
}

/// The uniform of the mobilisation lag of intervention `i` in `draw`, in (0, 1): a hash of
/// the seed, the draw and the intervention (SplitMix64), so that it does not depend on the
/// threads nor take numbers from the draw's streams (same durations with or without
/// mobilisation).
pub(crate) fn lag_uniform(seed: u64, draw: u64, i: usize) -> f64 {
    let mut z = seed
        ^ draw.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (i as u64)
            .wrapping_add(1)
            .wrapping_mul(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// Latest finite finish (the finish of funded work; 0 when nothing finishes).
pub(crate) fn funded_makespan(finish: &[f64]) -> f64 {
    finish
        .iter()
        .copied()
        .filter(|f| f.is_finite())
        .fold(0.0, f64::max)
}

/// Interventions on a driving chain of a constrained schedule: from those finishing last
/// (at `makespan`, the finish of the work that started), back through the predecessor that
/// set each start's bound, stopping where a pool or source pushed the start later (the
/// resource then drives). Work that never started is never critical.
pub(crate) fn driving(s: &Schedule, makespan: f64) -> Vec<bool> {
    let n = s.finish.len();
    let mut crit = vec![false; n];
    let tol = tolerance(makespan);
    let mut stack: Vec<usize> = Vec::new();
    for (i, &f) in s.finish.iter().enumerate() {
        if s.status.get(i).is_some_and(|&x| x != Status::Scheduled) {
            continue;
        }
        if (f - makespan).abs() <= tol {
            crit[i] = true;
            stack.push(i);
        }
    }
    while let Some(j) = stack.pop() {
        let (Some(&st), Some(&b), Some(&p)) = (s.start.get(j), s.bound.get(j), s.binding.get(j))
        else {
            continue;
        };
        if st > b + tol || p == u32::MAX {
            continue;
        }
        if let Some(c) = crit.get_mut(p as usize) {
            if !*c {
                *c = true;
                stack.push(p as usize);
            }
        }
    }
    crit
}
