//! PRIM, the Patient Rule Induction Method (Friedman and Fisher 1999) for scenario discovery:
//! find a box of inputs where the cases of interest (e.g. an option failing) are concentrated.
//!
//! Peeling removes, at each step, the `alpha` share of the box's points at the low or high end
//! of one input, whichever leaves the highest density of cases; it stops below `mass_min`. The
//! steps form the coverage/density trade-off (coverage = share of all cases inside the box,
//! density = share of the box's points that are cases). The suggested box is the step with the
//! highest harmonic mean of coverage and density, then pasted: bounds are widened by `alpha`
//! while that raises the density.

use crate::error::{Error, Result};

/// One box: bounds per input (`-inf`/`inf` when unrestricted) and its statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimBox {
    /// Lower bounds (inclusive).
    pub lower: Vec<f64>,
    /// Upper bounds (inclusive).
    pub upper: Vec<f64>,
    /// Share of all cases inside.
    pub coverage: f64,
    /// Share of the points inside that are cases.
    pub density: f64,
    /// Share of all points inside.
    pub mass: f64,
}

/// The peeling trajectory and the suggested (pasted) box.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimResult {
    /// Boxes after each peeling step (the first is the whole space).
    pub trajectory: Vec<PrimBox>,
    /// Index of the suggested step in `trajectory`.
    pub selected: usize,
    /// The suggested box after pasting.
    pub pasted: PrimBox,
}

struct Data<'a> {
    x: &'a [f64],
    y: &'a [bool],
    d: usize,
    cases: f64,
}

impl Data<'_> {
    fn v(&self, row: usize, c: usize) -> f64 {
        self.x.get(row * self.d + c).copied().unwrap_or(f64::NAN)
    }

    fn inside(&self, row: usize, lo: &[f64], hi: &[f64]) -> bool {
        lo.iter().zip(hi).enumerate().all(|(c, (l, h))| {
            let v = self.v(row, c);
            v >= *l && v <= *h
        })
    }

    fn make(&self, lo: Vec<f64>, hi: Vec<f64>) -> PrimBox {
        let n = self.y.len();
        let (mut m, mut k) = (0usize, 0usize);
        for r in 0..n {
            if self.inside(r, &lo, &hi) {
                m += 1;
                k += usize::from(self.y.get(r).copied().unwrap_or(false));
            }
        }
        PrimBox {
            lower: lo,
            upper: hi,
            coverage: k as f64 / self.cases,
            density: if m > 0 { k as f64 / m as f64 } else { 0.0 },
            mass: m as f64 / n as f64,
        }
    }
}

/// Run PRIM on inputs `x` (rows of `d` values, row-major) and cases `y`.
///
/// # Errors
/// [`Error::InvalidArgument`] for mismatched shapes, NaN inputs, no case of interest, `alpha`
/// outside (0, 0.5) or `mass_min` outside (0, 1).
pub fn prim(x: &[f64], y: &[bool], d: usize, alpha: f64, mass_min: f64) -> Result<PrimResult> {
    let bad = |name: &str, message: String| Error::InvalidArgument {
        name: name.into(),
        message,
    };
    let n = y.len();
    if d == 0 || x.len() != n * d || n == 0 {
        return Err(bad(
            "x",
            format!("expected {n} rows of {d} inputs, got {} values", x.len()),
        ));
    }
    if x.iter().any(|v| v.is_nan()) {
        return Err(bad("x", "inputs contain NaN".into()));
    }
    let cases = y.iter().filter(|&&b| b).count();
    if cases == 0 {
        return Err(bad(
            "threshold",
            "no experiment is a case of interest: nothing to find".into(),
        ));
    }
    if !(alpha > 0.0 && alpha < 0.5) {
        return Err(bad("alpha", format!("must be in (0, 0.5), got {alpha}")));
    }
    if !(mass_min > 0.0 && mass_min < 1.0) {
        return Err(bad(
            "mass_min",
            format!("must be in (0, 1), got {mass_min}"),
        ));
    }
    let data = Data {
        x,
        y,
        d,
        cases: cases as f64,
    };
    let mut lo = vec![f64::NEG_INFINITY; d];
    let mut hi = vec![f64::INFINITY; d];
    let mut rows: Vec<usize> = (0..n).collect();
    let mut trajectory = vec![data.make(lo.clone(), hi.clone())];
    loop {
        let m = rows.len();
        let k = ((alpha * m as f64).floor() as usize).max(1);
        // best candidate: (density, mass, dim, is_low, bound)
        let mut best: Option<(f64, usize, usize, bool, f64)> = None;
        for c in 0..d {
            let mut vals: Vec<f64> = rows.iter().map(|&r| data.v(r, c)).collect();
            vals.sort_by(f64::total_cmp);
            let cands = [
                (true, vals.get(k).copied()),
                (false, vals.get(m.saturating_sub(k + 1)).copied()),
            ];
            for (is_low, bound) in cands {
                let Some(b) = bound else { continue };
                let keep = |r: &usize| {
                    let v = data.v(*r, c);
                    if is_low {
                        v >= b
                    } else {
                        v <= b
                    }
                };
                let (mut mm, mut kk) = (0usize, 0usize);
                for r in rows.iter().filter(|r| keep(r)) {
                    mm += 1;
                    kk += usize::from(y.get(*r).copied().unwrap_or(false));
                }
                if mm == m || mm == 0 {
                    continue; // ties: the peel removes nothing (or everything)
                }
                let dens = kk as f64 / mm as f64;
                if best.is_none_or(|(bd, bm, ..)| dens > bd || (dens == bd && mm > bm)) {
                    best = Some((dens, mm, c, is_low, b));
                }
            }
        }
        let Some((_, mm, c, is_low, b)) = best else {
            break;
        };
        if (mm as f64) / (n as f64) < mass_min {
            break;
        }
        if let Some(slot) = if is_low { lo.get_mut(c) } else { hi.get_mut(c) } {
            *slot = b;
        }
        rows.retain(|&r| data.inside(r, &lo, &hi));
        trajectory.push(data.make(lo.clone(), hi.clone()));
        if trajectory.last().is_some_and(|b| b.density >= 1.0) {
            break;
        }
    }
    let f1 = |b: &PrimBox| {
        if b.coverage + b.density > 0.0 {
            2.0 * b.coverage * b.density / (b.coverage + b.density)
        } else {
            0.0
        }
    };
    let selected = trajectory
        .iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |(bi, bf), (i, b)| {
            if f1(b) > bf {
                (i, f1(b))
            } else {
                (bi, bf)
            }
        })
        .0;
    let start = trajectory
        .get(selected)
        .cloned()
        .unwrap_or_else(|| data.make(lo.clone(), hi.clone()));
    let pasted = paste(&data, start, alpha);
    Ok(PrimResult {
        trajectory,
        selected,
        pasted,
    })
}

/// Widen bounds by `alpha` of the box's points while that raises the density.
fn paste(data: &Data<'_>, mut bx: PrimBox, alpha: f64) -> PrimBox {
    let n = data.y.len();
    for _ in 0..100 {
        let m = (bx.mass * n as f64).round() as usize;
        let k = ((alpha * m as f64).ceil() as usize).max(1);
        let mut best: Option<PrimBox> = None;
        for c in 0..data.d {
            for is_low in [true, false] {
                let cur = if is_low {
                    bx.lower.get(c)
                } else {
                    bx.upper.get(c)
                };
                if cur.is_none_or(|v| v.is_infinite()) {
                    continue;
                }
                // points just outside this bound that satisfy every other bound
                let mut lo = bx.lower.clone();
                let mut hi = bx.upper.clone();
                if let Some(s) = if is_low { lo.get_mut(c) } else { hi.get_mut(c) } {
                    *s = if is_low {
                        f64::NEG_INFINITY
                    } else {
                        f64::INFINITY
                    };
                }
                let mut out: Vec<f64> = (0..n)
                    .filter(|&r| data.inside(r, &lo, &hi) && !data.inside(r, &bx.lower, &bx.upper))
                    .map(|r| data.v(r, c))
                    .collect();
                if out.is_empty() {
                    continue;
                }
                out.sort_by(f64::total_cmp);
                let nb = if is_low {
                    out.get(out.len().saturating_sub(k)).copied()
                } else {
                    out.get(k.min(out.len()) - 1).copied()
                };
                let Some(nb) = nb else { continue };
                let mut lo2 = bx.lower.clone();
                let mut hi2 = bx.upper.clone();
                if let Some(s) = if is_low {
                    lo2.get_mut(c)
                } else {
                    hi2.get_mut(c)
                } {
                    *s = nb;
                }
                let cand = data.make(lo2, hi2);
                if cand.density > best.as_ref().map_or(bx.density, |b| b.density) {
                    best = Some(cand);
                }
            }
        }
        match best {
            Some(b) => bx = b,
            None => break,
        }
    }
    bx
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn recovers_planted_box() {
        let mut g = rand_chacha::ChaCha8Rng::seed_from_u64(0);
        let (n, d) = (4000, 5);
        let x: Vec<f64> = (0..n * d).map(|_| g.random::<f64>()).collect();
        let y: Vec<bool> = (0..n)
            .map(|r| (x[r * d] > 0.7 && x[r * d + 1] < 0.4) || g.random::<f64>() < 0.02)
            .collect();
        let p = prim(&x, &y, d, 0.05, 0.05).expect("prim");
        let b = &p.pasted;
        assert!((b.lower[0] - 0.7).abs() < 0.05, "{b:?}");
        assert!((b.upper[1] - 0.4).abs() < 0.05, "{b:?}");
        assert!(b.density > 0.9 && b.coverage > 0.75, "{b:?}");
    }
}
