//! Mode genes: random feasible modes, mutation, and a repair towards affordable mode vectors.
//!
//! Nonrenewable budgets (PSPLIB `N1`/`N2`, or any funding source) make many mode vectors
//! unaffordable: the serial SGS then fails with [`Error::Infeasible`](crate::error::Error).
//! Before a mode vector is decoded, [`ModeSpace::repair`] checks a necessary condition, that
//! the money every source must provide over the whole plan does not exceed all it ever
//! receives (fixed draws of the chosen modes, and costs of funded activities shared equally
//! among their sources), and while it fails switches activities, in random order, to the mode
//! that leaves the least excess. The SGS stays the judge (timing of inflows can still make a
//! vector unaffordable; such a pass is counted and the individual dropped).

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::super::problem::Problem;

/// Which modes may be chosen, and what each mode costs every source.
#[derive(Debug, Clone, Default)]
pub(super) struct ModeSpace {
    /// Activities whose mode the search may change (more than one possible mode).
    pub free: Vec<u32>,
    /// Possible modes of each activity.
    choices: Vec<Vec<u8>>,
    /// Sources (0 when money needs no repair).
    sources: usize,
    /// Money each flat mode takes from each source (`flat * sources + s`).
    take: Vec<f64>,
    /// All each source ever receives.
    total: Vec<f64>,
    excess: Vec<f64>,
    order: Vec<u32>,
}

impl ModeSpace {
    /// The mode space of `p`; no free activity when `choose` is false.
    pub fn new(p: &Problem, choose: bool) -> ModeSpace {
        let n = p.len();
        let choices: Vec<Vec<u8>> = (0..n)
            .map(|i| match p.fixed_mode(i) {
                Some(m) => vec![m],
                None => (0..p.mode_count(i))
                    .filter(|&m| p.mode_feasible(i, m))
                    .map(|m| m as u8)
                    .collect(),
            })
            .collect();
        let free = if choose {
            (0..n)
                .filter(|&i| choices.get(i).is_some_and(|c| c.len() > 1))
                .map(|i| i as u32)
                .collect()
        } else {
            Vec::new()
        };
        let s = p.sources().len();
        let mut take = vec![0.0; p.flat_modes() * s];
        for i in 0..n {
            let fund = p.funding(i);
            for m in 0..p.mode_count(i) {
                let fm = p.mode_start(i) + m;
                for &(src, a) in p.draws(fm) {
                    if let Some(x) = take.get_mut(fm * s + src as usize) {
                        *x += a;
                    }
                }
                if !fund.is_empty() {
                    let share = p.cost(fm) / fund.len() as f64;
                    for &src in fund {
                        if let Some(x) = take.get_mut(fm * s + src as usize) {
                            *x += share;
                        }
                    }
                }
            }
        }
        let total = p
            .sources()
            .iter()
            .map(|x| x.inflows.iter().map(|f| f.1).sum())
            .collect();
        ModeSpace {
            sources: if free.is_empty() { 0 } else { s },
            free,
            choices,
            take,
            total,
            excess: Vec::new(),
            order: Vec::new(),
        }
    }

    /// Whether any mode can be chosen.
    pub fn any(&self) -> bool {
        !self.free.is_empty()
    }

    /// A random possible mode for every free activity.
    pub fn randomize(&self, modes: &mut [u8], rng: &mut ChaCha8Rng) {
        for &i in &self.free {
            if let (Some(m), Some(c)) = (modes.get_mut(i as usize), self.choices.get(i as usize)) {
                *m = c.get(rng.random_range(0..c.len())).copied().unwrap_or(*m);
            }
        }
    }

    /// Change the mode of one random free activity to another possible mode.
    pub fn mutate(&self, modes: &mut [u8], rng: &mut ChaCha8Rng) {
        let Some(&i) = self.free.get(rng.random_range(0..self.free.len().max(1))) else {
            return;
        };
        if let (Some(m), Some(c)) = (modes.get_mut(i as usize), self.choices.get(i as usize)) {
            let k = rng.random_range(0..c.len().saturating_sub(1).max(1));
            let cur = c.iter().position(|x| x == m).unwrap_or(0);
            let k = if k >= cur { k + 1 } else { k };
            *m = c.get(k).copied().unwrap_or(*m);
        }
    }

    fn take(&self, p: &Problem, i: usize, m: u8, s: usize) -> f64 {
        let fm = p.mode_start(i) + m as usize;
        self.take.get(fm * self.sources + s).copied().unwrap_or(0.0)
    }

    /// Make `modes` pass the budget check if it can; returns whether it passes.
    pub fn repair(&mut self, p: &Problem, modes: &mut [u8], rng: &mut ChaCha8Rng) -> bool {
        let s = self.sources;
        if s == 0 {
            return true;
        }
        let mut excess = std::mem::take(&mut self.excess);
        let mut order = std::mem::take(&mut self.order);
        excess.clear();
        excess.extend(self.total.iter().map(|t| -t));
        for (i, &m) in modes.iter().enumerate() {
            for (src, e) in excess.iter_mut().enumerate() {
                *e += self.take(p, i, m, src);
            }
        }
        let over = |e: &[f64]| -> f64 {
            e.iter()
                .zip(&self.total)
                .map(|(&x, &t)| (x - 1e-9 * t.max(1.0)).max(0.0))
                .sum()
        };
        let mut ok = over(&excess) <= 0.0;
        while !ok {
            order.clone_from(&self.free);
            for k in (1..order.len()).rev() {
                order.swap(k, rng.random_range(0..=k));
            }
            let mut progress = false;
            for &i in &order {
                let iu = i as usize;
                let Some(&cur) = modes.get(iu) else { continue };
                let now = over(&excess);
                if now <= 0.0 {
                    break;
                }
                let mut best = (now, cur);
                for &m in self.choices.get(iu).map_or(&[][..], Vec::as_slice) {
                    let after: f64 = (0..s)
                        .map(|src| {
                            let e = excess.get(src).copied().unwrap_or(0.0)
                                - self.take(p, iu, cur, src)
                                + self.take(p, iu, m, src);
                            let t = self.total.get(src).copied().unwrap_or(0.0);
                            (e - 1e-9 * t.max(1.0)).max(0.0)
                        })
                        .sum();
                    if after < best.0 - 1e-12 {
                        best = (after, m);
                    }
                }
                if best.1 != cur {
                    for (src, e) in excess.iter_mut().enumerate() {
                        *e += self.take(p, iu, best.1, src) - self.take(p, iu, cur, src);
                    }
                    if let Some(x) = modes.get_mut(iu) {
                        *x = best.1;
                    }
                    progress = true;
                }
            }
            ok = over(&excess) <= 0.0;
            if !progress {
                break;
            }
        }
        self.excess = excess;
        self.order = order;
        ok
    }
}
