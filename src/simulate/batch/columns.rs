//! The outcome columns of a batch, lane by lane.

use super::plan::Plan;
use super::workspace::{on, Workspace};
use crate::simulate::outcomes::Block;
use crate::simulate::relapse_draw::relapse_of;
use crate::simulate::runner::Runner;
use crate::simulate::simd::V;

/// Append the outcomes of the batch's first `active` lanes (makespans `t`, costs `cost`).
pub(super) fn columns<const N: usize>(
    r: &Runner,
    p: &Plan,
    ws: &mut Workspace<N>,
    t: &V<N>,
    cost: &V<N>,
    active: usize,
    out: &mut Block,
) {
    let n = r.len();
    let fin = |ws: &Workspace<N>, i: usize, l: usize| -> f64 {
        match (ws.ex.get(i), ws.fin.get(i)) {
            (Some(&x), Some(f)) if on(x, l) => f.0[l],
            _ => f64::NAN,
        }
    };
    let start = |ws: &Workspace<N>, i: usize, l: usize| -> f64 {
        match (ws.ex.get(i), ws.es.get(i)) {
            (Some(&x), Some(s)) if on(x, l) => s.0[l],
            _ => f64::NAN,
        }
    };
    let mut completions = std::mem::take(&mut ws.completions);
    let mut windows = std::mem::take(&mut ws.windows);
    for l in 0..active.min(N) {
        out.finish.push(t.0[l]);
        out.finish_funded.push(t.0[l]);
        out.unfunded_count.push(0);
        out.held_count.push(0);
        for col in &mut out.source_gap {
            col.push(0.0);
        }
        for (c, &(i, dl)) in out.on_time.iter_mut().zip(&r.deadlines) {
            *c += u64::from(fin(ws, i as usize, l) <= dl);
        }
        for ((col, members), &arrival) in out
            .situation_finish
            .iter_mut()
            .zip(&p.members)
            .zip(&r.arrival)
        {
            let mut f = arrival;
            for &i in members {
                let fi = fin(ws, i as usize, l);
                if fi.is_finite() {
                    f = f.max(fi);
                }
            }
            col.push(f);
        }
        out.cost.push(cost.0[l]);
        out.unfunded.push(0.0);
        out.funding_gap.push(0.0);
        let mut rel = [0.0; 2];
        relapse_of(
            r,
            |i| (start(ws, i, l), fin(ws, i, l)),
            &mut completions,
            &mut windows,
            &mut rel,
        );
        out.relapse5.push(rel[0]);
        out.relapse10.push(rel[1]);
        out.infeasible.push(false);
        out.money_short.push(false);
        for &o in &ws.occurred {
            out.risk_occurred.push(on(o, l));
        }
        if r.keep_matrix {
            for i in 0..n {
                out.start_m.push(start(ws, i, l));
                out.finish_m.push(fin(ws, i, l));
                out.duration_m
                    .push(ws.d.get(i).map_or(f64::NAN, |d| d.0[l]));
            }
        }
    }
    ws.completions = completions;
    ws.windows = windows;
}
