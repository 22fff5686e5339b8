//! What the one-draw path computes of a draw once it is scheduled: cost per source, funding
//! gap, peak staff and relapse risk.

use super::draw_out::DrawOut;
use super::relapse_draw::relapse_of;
use super::runner::Runner;
use super::sampler::DrawSample;
use crate::schedule::Schedule;

/// What the constrained engine charged in the draw: cost per source and per intervention from
/// the schedule's draws on the sources (what the scheme committed, in its preference order),
/// and the money missing per source from its shortfalls (see [`crate::schedule::Shortfall`]).
pub(crate) fn charges(r: &Runner, sched: &Schedule, o: &mut DrawOut) {
    o.source_cost = vec![0.0; r.sampler.sources];
    o.source_gap = vec![0.0; r.sampler.sources];
    o.funded = vec![0.0; r.len()];
    for d in &sched.draws {
        if let Some(c) = o.source_cost.get_mut(d.source as usize) {
            *c += d.amount;
        }
        if let Some(f) = o.funded.get_mut(d.activity as usize) {
            *f += d.amount;
        }
    }
    for sh in &sched.shortfalls {
        if let Some(g) = o.source_gap.get_mut(sh.source as usize) {
            *g += sh.amount;
        }
    }
    o.charged = true;
}

/// Cost per source, funding gap, peak staff and relapse risk of one draw (`events` and `cum` are
/// scratch space kept by the caller from draw to draw).
pub(crate) fn money_staff_relapse(
    r: &Runner,
    s: &DrawSample,
    o: &mut DrawOut,
    events: &mut Vec<(f64, f64)>,
    cum: &mut Vec<(f64, f64)>,
) {
    let n = r.len();
    o.cost = s.cost.iter().fold(0.0, |a, c| a + c);
    o.peak = vec![0.0; r.pools];
    o.relapse = [0.0; 2];
    let (mut completions, mut windows) = (Vec::new(), Vec::new());
    relapse_of(
        r,
        |i| {
            let get = |v: &Vec<f64>| v.get(i).copied().unwrap_or(f64::NAN);
            (get(&o.start), get(&o.finish))
        },
        &mut completions,
        &mut windows,
        &mut o.relapse,
    );
    super::cashflow::cumulative_inflows(s, &o.mobilised, cum);
    super::cashflow::cash(r, s, cum, o);
    if o.infeasible {
        o.source_cost = vec![0.0; r.sampler.sources];
        o.source_gap = vec![f64::NAN; r.sampler.sources];
        o.funded = vec![0.0; n];
        o.short = vec![0.0; n];
        o.gap = f64::NAN;
        o.unfunded = f64::NAN;
        return;
    }
    if o.charged {
        // money honoured by the scheme: what it charged, what it could not (see `charges`)
        o.short = (0..n)
            .map(|i| {
                let c = s.cost.get(i).copied().unwrap_or(0.0);
                (c - o.funded.get(i).copied().unwrap_or(0.0)).max(0.0)
            })
            .collect();
        // (as in `charge_after`: only interventions with an eligible source)
        o.unfunded = (0..n)
            .filter(|&i| r.funding.get(i).is_some_and(|f| !f.is_empty()))
            .filter_map(|i| o.short.get(i))
            .sum();
        o.gap = o.source_gap.iter().sum();
    } else {
        charge_after(r, s, cum, o);
    }
    peak_staff(r, o, events);
}

/// Money of a draw scheduled without it (the critical path): cost per source, in order of
/// start, against each source's realised inflows (the part no eligible source covers charged
/// to the gap of the first eligible source), and the pooled funding gap, the largest excess
/// of cost committed over cash received at any time.
fn charge_after(r: &Runner, s: &DrawSample, cum: &[(f64, f64)], o: &mut DrawOut) {
    let n = r.len();
    o.source_cost = vec![0.0; r.sampler.sources];
    o.source_gap = vec![0.0; r.sampler.sources];
    o.funded = vec![0.0; n];
    o.short = s.cost.clone();
    o.short.resize(n, 0.0);
    // cost per source, in order of start, against each source's realised inflows
    let mut left: Vec<f64> = s
        .inflows
        .iter()
        .map(|f| f.iter().map(|x| x.1).sum())
        .collect();
    let mut order: Vec<usize> = (0..n)
        .filter(|&i| r.funding.get(i).is_some_and(|f| !f.is_empty()))
        .collect();
    let at = |i: usize| o.start.get(i).copied().unwrap_or(f64::NAN);
    order.sort_by(|&a, &b| at(a).total_cmp(&at(b)).then(a.cmp(&b)));
    let mut unfunded = 0.0;
    for &i in &order {
        let mut need = s.cost.get(i).copied().unwrap_or(0.0);
        let mut got = 0.0;
        for &k in r.funding.get(i).map_or(&[][..], Vec::as_slice) {
            if let (Some(budget), Some(used)) = (left.get_mut(k), o.source_cost.get_mut(k)) {
                let take = need.min(*budget).max(0.0);
                *budget -= take;
                *used += take;
                got += take;
                need -= take;
            }
        }
        if let (Some(f), Some(u)) = (o.funded.get_mut(i), o.short.get_mut(i)) {
            *f = got;
            *u = need;
        }
        if need > 0.0 {
            let first = r.funding.get(i).and_then(|f| f.first()).copied();
            if let Some(g) = first.and_then(|k| o.source_gap.get_mut(k)) {
                *g += need;
            }
        }
        unfunded += need;
    }
    o.unfunded = unfunded;
    // largest gap: committed(t) - inflows(t) at every breakpoint
    let mut times: Vec<f64> = Vec::new();
    for &i in &order {
        let (st, f) = (at(i), o.finish.get(i).copied().unwrap_or(f64::NAN));
        if st.is_finite() {
            times.push(st);
            if r.spread.get(i).copied().unwrap_or(false) && f.is_finite() {
                times.push(f);
            }
        }
    }
    times.extend(cum.iter().map(|e| e.0));
    times.sort_by(f64::total_cmp);
    times.dedup();
    let mut gap: f64 = 0.0;
    let mut k = 0;
    for &t in &times {
        let mut committed = 0.0;
        for &i in &order {
            let (st, f) = (at(i), o.finish.get(i).copied().unwrap_or(f64::NAN));
            let c = s.cost.get(i).copied().unwrap_or(0.0);
            if st.is_nan() || st > t {
                continue;
            }
            if r.spread.get(i).copied().unwrap_or(false) && f > st {
                committed += c * ((t - st) / (f - st)).min(1.0);
            } else {
                committed += c;
            }
        }
        let inflow = super::cashflow::received_by(cum, t, &mut k);
        gap = gap.max(committed - inflow);
    }
    o.gap = gap;
}

/// Peak staff per pool of a scheduled draw (`events` is scratch space).
fn peak_staff(r: &Runner, o: &mut DrawOut, events: &mut Vec<(f64, f64)>) {
    let n = r.len();
    let at = |i: usize| o.start.get(i).copied().unwrap_or(f64::NAN);
    for (q, peak) in o.peak.iter_mut().enumerate() {
        events.clear();
        for i in 0..n {
            let (st, f) = (at(i), o.finish.get(i).copied().unwrap_or(f64::NAN));
            if f.is_nan() || st.is_nan() || f <= st {
                continue;
            }
            for &(p, fte) in r.demands.get(i).map_or(&[][..], Vec::as_slice) {
                if p == q {
                    events.push((st, fte));
                    events.push((f, -fte));
                }
            }
        }
        // finishes before starts at equal times
        events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut level: f64 = 0.0;
        for &(_, d) in events.iter() {
            level += d;
            *peak = peak.max(level);
        }
    }
}
