//! Pre-checks of a [`Problem`]: modes that can never get their staff or money.

use super::problem::{usd, Problem, RES_TOL};
use crate::error::{Error, Result};

impl Problem {
    /// Mark impossible modes; error when an activity has no possible mode left.
    pub(crate) fn check(&mut self) -> Result<()> {
        let n = self.len();
        let total_in: Vec<f64> = self
            .sources
            .iter()
            .map(|s| s.inflows.iter().map(|f| f.1).sum())
            .collect();
        for i in 0..n {
            if self.pinned(i).is_some() {
                // already happening: never infeasible (its modes were frozen to one)
                let (a, b) = (self.mode_start(i), self.mode_start(i) + self.mode_count(i));
                if let Some(ok) = self.mode_ok.get_mut(a..b) {
                    ok.fill(true);
                }
                continue;
            }
            let mut first_err: Option<Error> = None;
            let fixed = self.fixed_mode.get(i).copied().flatten();
            for m in 0..self.mode_count(i) {
                let fm = self.mode_start(i) + m;
                let err = self.mode_problem(i, fm, &total_in);
                if let Some(slot) = self.mode_ok.get_mut(fm) {
                    *slot = err.is_none();
                }
                if let Some(e) = err {
                    if fixed == Some(m as u8) || (fixed.is_none() && first_err.is_none()) {
                        first_err = Some(e);
                    }
                }
            }
            let possible = match fixed {
                Some(m) => self.mode_feasible(i, m as usize),
                None => (0..self.mode_count(i)).any(|m| self.mode_feasible(i, m)),
            };
            if !possible {
                if let Some(e) = first_err {
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    fn mode_problem(&self, i: usize, fm: usize, total_in: &[f64]) -> Option<Error> {
        let id = self.id(i);
        let mode = match self.mode_ids.get(fm).map(String::as_str) {
            Some("base") | None => String::new(),
            Some(m) => format!(" in mode `{m}`"),
        };
        for &(q, fte) in self.demands(fm) {
            let pool = self.pools.get(q as usize)?;
            let most = pool.capacity.max();
            if fte > most * (1.0 + RES_TOL) {
                return Some(Error::Infeasible {
                    intervention: id.to_string(),
                    resource: pool.id.clone(),
                    shortfall: fte - most,
                    message: format!(
                        "`{id}` needs {fte} FTE of pool `{}`{mode}, which never has more than {most}",
                        pool.id
                    ),
                });
            }
        }
        if self.hold_unfunded || self.mobilisation(i).is_some() {
            // money that never suffices is a held activity, not an error (see `set_hold_unfunded`)
            return None;
        }
        let cost = self.cost.get(fm).copied().unwrap_or(0.0);
        let fund = self.funding(i);
        let mut need: f64 = if fund.is_empty() { 0.0 } else { cost };
        let mut have = 0.0;
        let mut names: Vec<&str> = Vec::new();
        let mut fixed_left: Vec<f64> = total_in.to_vec();
        for &(s, a) in self.draws(fm) {
            if let Some(left) = fixed_left.get_mut(s as usize) {
                *left -= a;
                if *left < -RES_TOL * a.max(1.0) {
                    let sid = self.sources.get(s as usize).map_or("", |x| x.id.as_str());
                    let got = total_in.get(s as usize).copied().unwrap_or(0.0);
                    return Some(Error::Infeasible {
                        intervention: id.to_string(),
                        resource: sid.to_string(),
                        shortfall: a - got,
                        message: format!(
                            "`{id}` draws {} from source `{sid}`{mode} but at most {} ever arrives (shortfall {})",
                            usd(a), usd(got), usd(a - got)
                        ),
                    });
                }
            }
        }
        for &s in fund {
            have += fixed_left.get(s as usize).copied().unwrap_or(0.0).max(0.0);
            names.push(self.sources.get(s as usize).map_or("", |x| x.id.as_str()));
        }
        need -= have;
        if need > RES_TOL * cost.max(1.0) {
            let list = names.join(", ");
            return Some(Error::Infeasible {
                intervention: id.to_string(),
                resource: list.clone(),
                shortfall: need,
                message: format!(
                    "`{id}` needs {} from its sources ({list}){mode} but at most {} ever arrives (shortfall {})",
                    usd(cost),
                    usd(have),
                    usd(need)
                ),
            });
        }
        None
    }
}
