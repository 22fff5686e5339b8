//! Errors of the serial SGS: an activity list that is not a precedence-feasible permutation,
//! and an activity whose staff or money never suffices.

use super::problem::{usd, Problem};
use super::sgs::Sgs;
use crate::error::{Error, Result};

impl Sgs {
    /// Check that `list` is a permutation of the activities with every predecessor first.
    pub(super) fn check_list(&mut self, p: &Problem, list: &[u32]) -> Result<()> {
        let n = p.len();
        let bad = |message: String| Error::InvalidArgument {
            name: "list".into(),
            message,
        };
        if list.len() != n {
            return Err(bad(format!(
                "expected {n} activities in the list, got {}",
                list.len()
            )));
        }
        self.pos.clear();
        self.pos.resize(n, u32::MAX);
        for (k, &j) in list.iter().enumerate() {
            match self.pos.get_mut(j as usize) {
                Some(slot) if *slot == u32::MAX => *slot = k as u32,
                _ => return Err(bad(format!("activity {j} is out of range or repeated"))),
            }
        }
        for (j, &pj) in self.pos.iter().enumerate() {
            for e in p.network().predecessors().edges(j) {
                if self.pos.get(e.node as usize).is_none_or(|&pi| pi > pj) {
                    return Err(bad(format!(
                        "`{}` comes before its predecessor `{}`",
                        p.id(j),
                        p.id(e.node as usize)
                    )));
                }
            }
        }
        Ok(())
    }

    pub(super) fn pool_never(
        &self,
        p: &Problem,
        j: usize,
        q: u16,
        fte: f64,
        d: f64,
        t: f64,
    ) -> Error {
        let pool = p.pools().get(q as usize);
        let id = pool.map_or("", |x| x.id.as_str());
        let most = pool.map_or(0.0, |x| {
            x.steps
                .iter()
                .filter(|s| s.0 >= t)
                .map(|s| s.1)
                .fold(x.capacity.at(t), f64::max)
        });
        let iv = p.id(j);
        Error::Infeasible {
            intervention: iv.to_string(),
            resource: id.to_string(),
            shortfall: fte - most,
            message: format!(
                "`{iv}` needs {fte} FTE of pool `{id}` for {d} months, which from month {t} on never has more than {most}"
            ),
        }
    }

    pub(super) fn money_never(&self, p: &Problem, j: usize, fm: usize, t: f64, d: f64) -> Error {
        let iv = p.id(j);
        let fund = p.funding(j);
        let names: Vec<&str> = fund
            .iter()
            .chain(p.draws(fm).iter().map(|f| &f.0))
            .filter_map(|&s| p.sources().get(s as usize).map(|x| x.id.as_str()))
            .collect();
        let need = p.cost(fm) + p.draws(fm).iter().map(|f| f.1).sum::<f64>();
        let late = 1e300;
        let have: f64 = fund
            .iter()
            .filter_map(|&s| self.money.balance(s as usize))
            .map(|b| b.avail(late, d, 0.0))
            .sum::<f64>()
            + p.draws(fm)
                .iter()
                .filter_map(|f| self.money.balance(f.0 as usize))
                .map(|b| b.avail(late, 0.0, 0.0))
                .sum::<f64>();
        let list = names.join(", ");
        Error::Infeasible {
            intervention: iv.to_string(),
            resource: list.clone(),
            shortfall: (need - have).max(0.0),
            message: format!(
                "`{iv}` needs {} from its sources ({list}) from month {t} on but at most {} is left after earlier commitments (shortfall {})",
                usd(need),
                usd(have),
                usd((need - have).max(0.0))
            ),
        }
    }
}
