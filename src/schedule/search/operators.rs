//! Operators on activity lists: two-point crossover (Hartmann 1998), peak crossover (after
//! Valls, Ballestín & Quintanilla 2008), shift mutation within the precedence window, and a
//! list hash for duplicate detection. Every operator keeps lists precedence-feasible with
//! respect to the network (feasibility of a list is a matter of order only, whatever the
//! link types and lags).

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::super::problem::Problem;
use super::super::rules::{list_from_keys, ListBuf};

/// Scratch buffers of the operators.
#[derive(Debug, Clone, Default)]
pub(super) struct OpBuf {
    taken: Vec<bool>,
    pos: Vec<u32>,
    keys: Vec<f64>,
    usage: Vec<f64>,
    cap: Vec<f64>,
    list: ListBuf,
}

/// Two-point crossover: `mother[..q1]`, then the father's activities not yet taken until the
/// child holds `q2`, then the mother's remaining ones. The mode of an activity comes from the
/// parent that gave it.
#[allow(clippy::too_many_arguments)]
pub(super) fn two_point(
    mother: (&[u32], &[u8]),
    father: (&[u32], &[u8]),
    q1: usize,
    q2: usize,
    buf: &mut OpBuf,
    child: &mut Vec<u32>,
    modes: &mut Vec<u8>,
) {
    let n = mother.0.len();
    buf.taken.clear();
    buf.taken.resize(n, false);
    child.clear();
    modes.clear();
    modes.extend_from_slice(mother.1);
    for &j in mother.0.iter().take(q1) {
        push(&mut buf.taken, child, j);
    }
    for &j in father.0 {
        if child.len() >= q2 {
            break;
        }
        if push(&mut buf.taken, child, j) {
            if let (Some(m), Some(&f)) = (modes.get_mut(j as usize), father.1.get(j as usize)) {
                *m = f;
            }
        }
    }
    for &j in mother.0 {
        push(&mut buf.taken, child, j);
    }
}

#[inline]
fn push(taken: &mut [bool], child: &mut Vec<u32>, j: u32) -> bool {
    match taken.get_mut(j as usize) {
        Some(t) if !*t => {
            *t = true;
            child.push(j);
            true
        }
        _ => false,
    }
}

/// Peak crossover: find the window of the father's schedule (`starts`, in `fmodes`) where the
/// staff pools are used most, of a random length between a quarter and half the makespan;
/// the child keeps the mother's order for the activities the father starts before the window,
/// then the father's order (and modes) for the activities starting in the window, then the
/// mother's order for the rest. The order is made precedence-feasible by a topological sort
/// that follows it as closely as possible (negative lags can break the window's closure).
#[allow(clippy::too_many_arguments)]
pub(super) fn peak(
    p: &Problem,
    mother: (&[u32], &[u8]),
    father: (&[u32], &[u8], &[f64]),
    rng: &mut ChaCha8Rng,
    buf: &mut OpBuf,
    child: &mut Vec<u32>,
    modes: &mut Vec<u8>,
) {
    let n = mother.0.len();
    let (flist, fmodes, fstart) = father;
    let (a, b) = peak_window(p, fmodes, fstart, rng, buf);
    // key: group (0 before, 1 window, 2 after) * n + position in the group's parent
    buf.keys.clear();
    buf.keys.resize(n, 0.0);
    modes.clear();
    modes.extend_from_slice(mother.1);
    let group = |s: f64| {
        if s < a {
            0.0
        } else if s <= b {
            1.0
        } else {
            2.0
        }
    };
    for (k, &j) in mother.0.iter().enumerate() {
        let g = group(fstart.get(j as usize).copied().unwrap_or(0.0));
        if g != 1.0 {
            if let Some(x) = buf.keys.get_mut(j as usize) {
                *x = g * n as f64 + k as f64;
            }
        }
    }
    for (k, &j) in flist.iter().enumerate() {
        let ju = j as usize;
        if group(fstart.get(ju).copied().unwrap_or(0.0)) == 1.0 {
            if let Some(x) = buf.keys.get_mut(ju) {
                *x = n as f64 + k as f64;
            }
            if let (Some(m), Some(&f)) = (modes.get_mut(ju), fmodes.get(ju)) {
                *m = f;
            }
        }
    }
    list_from_keys(p, &buf.keys, false, false, &mut buf.list, child);
}

/// The window `[a, b]` (start times) of highest staff utilisation in a schedule.
fn peak_window(
    p: &Problem,
    modes: &[u8],
    start: &[f64],
    rng: &mut ChaCha8Rng,
    buf: &mut OpBuf,
) -> (f64, f64) {
    // utilisation per unit period on integer time points [0, horizon)
    let mut horizon = 0.0f64;
    for (i, &s) in start.iter().enumerate() {
        let d = p.duration(p.mode_start(i) + modes.get(i).copied().unwrap_or(0) as usize);
        horizon = horizon.max(s + d);
    }
    let h = (horizon.ceil().max(1.0) as usize).min(1 << 16);
    buf.cap.clear();
    buf.cap
        .extend(p.pools().iter().map(|q| q.capacity.max().max(1e-9)));
    buf.usage.clear();
    buf.usage.resize(h + 1, 0.0);
    for (i, &s) in start.iter().enumerate() {
        let fm = p.mode_start(i) + modes.get(i).copied().unwrap_or(0) as usize;
        let d = p.duration(fm);
        if d <= 0.0 || !s.is_finite() {
            continue;
        }
        let w: f64 = p
            .demands(fm)
            .iter()
            .map(|&(q, fte)| fte / buf.cap.get(q as usize).copied().unwrap_or(1.0))
            .sum();
        let lo = (s.max(0.0).floor() as usize).min(h);
        let hi = ((s + d).ceil().max(0.0) as usize).min(h);
        if let Some(x) = buf.usage.get_mut(lo) {
            *x += w;
        }
        if let Some(x) = buf.usage.get_mut(hi) {
            *x -= w;
        }
    }
    let mut acc = 0.0;
    for x in buf.usage.iter_mut() {
        acc += *x;
        *x = acc;
    }
    let frac = 0.25 + 0.25 * rng.random::<f64>();
    let len = ((h as f64 * frac).round() as usize).clamp(1, h);
    // sliding window sum over [t, t + len)
    let mut sum: f64 = buf.usage.iter().take(len).sum();
    let (mut best, mut at) = (sum, 0usize);
    for t in 1..=(h - len) {
        sum += buf.usage.get(t + len - 1).copied().unwrap_or(0.0)
            - buf.usage.get(t - 1).copied().unwrap_or(0.0);
        if sum > best + 1e-12 {
            best = sum;
            at = t;
        }
    }
    (at as f64, (at + len) as f64 - 1e-9)
}

/// Move a random activity to a random position between its last predecessor and its first
/// successor in `list`.
pub(super) fn shift(p: &Problem, list: &mut [u32], rng: &mut ChaCha8Rng, buf: &mut OpBuf) {
    let n = list.len();
    if n < 2 {
        return;
    }
    buf.pos.clear();
    buf.pos.resize(n, 0);
    for (k, &j) in list.iter().enumerate() {
        if let Some(x) = buf.pos.get_mut(j as usize) {
            *x = k as u32;
        }
    }
    let from = rng.random_range(0..n);
    let j = list.get(from).copied().unwrap_or(0) as usize;
    let net = p.network();
    let pos = |i: u32| buf.pos.get(i as usize).copied().unwrap_or(0) as usize;
    let lo = net
        .predecessors()
        .edges(j)
        .map(|e| pos(e.node) + 1)
        .max()
        .unwrap_or(0);
    let hi = net
        .successors()
        .edges(j)
        .map(|e| pos(e.node).saturating_sub(1))
        .min()
        .unwrap_or(n - 1);
    if hi <= lo {
        return;
    }
    let to = rng.random_range(lo..=hi);
    if to > from {
        list[from..=to].rotate_left(1);
    } else if to < from {
        list[to..=from].rotate_right(1);
    }
}

/// FNV-1a hash of a list and its modes (duplicate detection).
pub(super) fn hash(list: &[u32], modes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &j in list {
        h = (h ^ u64::from(j)).wrapping_mul(0x0100_0000_01b3);
    }
    for &m in modes {
        h = (h ^ u64::from(m)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}
