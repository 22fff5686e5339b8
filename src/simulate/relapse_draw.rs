//! Relapse risk in the Monte Carlo engine: the risk of one draw at the horizons
//! ([`relapse_of`]), for the models of `relapse_group`, on the hazard model of
//! [`super::relapse`].

use super::relapse::{relapse_piecewise, Window, HORIZONS};
use super::runner::Runner;

/// Relapse risk of one draw at [`HORIZONS`], given the start and finish of each intervention
/// (`span(i)`; a non-finite finish: never completed, a NaN start: never started): per situation
/// group the exact integral of the piecewise-multiplied baseline, then the probability that at
/// least one relapses. `buf` and `win` are scratch space.
pub(crate) fn relapse_of(
    r: &Runner,
    span: impl Fn(usize) -> (f64, f64),
    buf: &mut Vec<(f64, f64)>,
    win: &mut Vec<Window>,
    out: &mut [f64; 2],
) {
    let mut calm = [1.0; 2];
    for g in &r.relapse {
        if g.reducers.is_empty() && g.presence.is_empty() && g.rules.is_empty() {
            // nothing in the draw changes the hazard: the base rate's risk, computed once
            for (c, x) in calm.iter_mut().zip(g.base) {
                *c *= 1.0 - x;
            }
            continue;
        }
        buf.clear();
        buf.extend(
            g.reducers
                .iter()
                .map(|&(i, red)| (span(i as usize).1, red))
                .filter(|(f, _)| f.is_finite()),
        );
        buf.sort_by(|a, b| a.0.total_cmp(&b.0));
        win.clear();
        for &(i, red) in &g.presence {
            // present from the start to the finish (to the horizon if it never finishes)
            let (st, f) = span(i as usize);
            let end = if f.is_nan() { f64::INFINITY } else { f };
            if st.is_finite() && end > st {
                win.push(Window {
                    start: st,
                    end,
                    factor: 1.0 - red,
                });
            }
        }
        for &(w, b, factor, window) in &g.rules {
            let (fw, fb) = (span(w as usize).1, span(b as usize).1);
            // fires when `before` finishes later or never (NaN: did not happen)
            if fw.is_finite() && (fb.is_nan() || fb > fw) {
                win.push(Window {
                    start: fw,
                    end: fw + window,
                    factor,
                });
            }
        }
        let mut p = [0.0; 2];
        relapse_piecewise(&g.baseline, buf, win, &HORIZONS, &mut p);
        for (c, x) in calm.iter_mut().zip(p) {
            *c *= 1.0 - x;
        }
    }
    for (o, c) in out.iter_mut().zip(calm) {
        *o = 1.0 - c;
    }
}
