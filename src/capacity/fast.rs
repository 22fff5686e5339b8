//! The event loop for the simplest office: one engagement of one phase needing one kind of demand,
//! served by one section at efficiency 1, whole teams only (`min_start_share = 1`), every post on
//! duty from the start, no turnover, surge, dated or in-progress situations, no review peaks. That
//! is the founding note's M/M/c office (and any G/G/c variant of it).
//!
//! It gives the same numbers as the general loop in `draw.rs` (same random numbers in the same
//! order, same ties, same sums), without its bookkeeping: no situation slots, held-staff lists or
//! dispatch scans; the queue is a ring of arrival times and the heap holds only phase ends.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use rand::Rng;

use super::compiled::Model;
use super::draw::EPS;
use super::sampler::Sampler;
use super::stats::Acc;
use super::timeline::{integrate, next_poisson_time, BinCursor};

/// What the fast loop needs beyond [`Model`].
pub(crate) struct Fast {
    /// The section serving the demand.
    pub section: usize,
    /// FTE per team.
    pub fte: f64,
    pub duration: Sampler,
}

/// A running phase: ends at `t` (ties in scheduling order `seq`).
struct End {
    t: f64,
    seq: u64,
    /// First team in place at.
    first: f64,
    /// FTE held (the team, as `try_start` computes it).
    take: f64,
    counted: bool,
}

impl PartialEq for End {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for End {}
impl PartialOrd for End {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for End {
    /// Reversed: the heap pops the earliest time, ties in scheduling order.
    fn cmp(&self, o: &Self) -> Ordering {
        o.t.total_cmp(&self.t).then(o.seq.cmp(&self.seq))
    }
}

impl Fast {
    /// The fast loop's parameters if `m` is simple enough for it (see the module documentation).
    pub(crate) fn of(m: &Model) -> Option<Fast> {
        let [phases] = m.engagements.as_slice() else {
            return None;
        };
        let [phase] = phases.as_slice() else {
            return None;
        };
        let [(kind, fte)] = phase.demand.as_slice() else {
            return None;
        };
        let [(section, eff)] = m.servers.get(*kind)?.as_slice() else {
            return None;
        };
        let simple = *eff == 1.0
            && *fte > EPS
            && phase.min_share == 1.0
            && phase.peaks.is_none()
            && !phase.slows
            && m.posts.iter().all(|p| p.filled)
            && m.turnover_per_month <= 0.0
            && m.surges.is_empty()
            && m.dated.is_empty()
            && m.in_progress.is_empty();
        simple.then(|| Fast {
            section: *section,
            fte: *fte,
            duration: phase.duration.clone(),
        })
    }
}

/// Simulate one draw of a model that [`Fast::of`] accepted, into `acc`.
pub(crate) fn run_fast<R: Rng>(m: &Model, f: &Fast, rng: &mut R, acc: &mut Acc) {
    acc.draws += 1;
    // The general loop draws the approval lag even when every post is filled.
    if let Some(a) = &m.approval_months {
        let _ = a.sample(rng);
    }
    let mut duty = vec![0.0; m.n_sections];
    for post in &m.posts {
        duty[post.section] += 1.0;
    }
    let mut used = vec![0.0; m.n_sections];
    let sec = f.section;
    let mut cur = BinCursor::new(m);
    let mut now = 0.0;
    let mut seq = 0u64;
    let mut ends: BinaryHeap<End> = BinaryHeap::new();
    let mut queue: VecDeque<f64> = VecDeque::new();
    let mut poisson = next_poisson_time(m, rng, 0.0).map(|t| {
        seq += 1;
        (t, seq)
    });
    loop {
        // The earliest event: a phase end, or the next arrival.
        let arrival = match (poisson, ends.peek()) {
            (Some((tp, sp)), Some(e)) => e.t.total_cmp(&tp).then(e.seq.cmp(&sp)) != Ordering::Less,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let t = if arrival {
            poisson.map_or(f64::INFINITY, |p| p.0)
        } else {
            ends.peek().map_or(f64::INFINITY, |e| e.t)
        };
        if t >= m.horizon {
            break;
        }
        integrate(m, acc, &used, &duty, queue.len(), now, t, &mut cur);
        now = t;
        if arrival {
            acc.situations += 1;
            let counted = now >= m.warmup;
            if counted {
                acc.arrived += 1;
                if let Some(y) = acc.arrived_year.get_mut((now / 12.0) as usize) {
                    *y += 1.0;
                }
            }
            // Nothing freed since the last dispatch: only the newcomer may start, if nobody waits.
            let started = queue.is_empty()
                && start(
                    m, f, rng, acc, &duty, &mut used, &mut ends, &mut seq, now, now,
                );
            if !started {
                queue.push_back(now);
            }
            poisson = next_poisson_time(m, rng, now).map(|t| {
                seq += 1;
                (t, seq)
            });
        } else if let Some(e) = ends.pop() {
            used[sec] = (used[sec] - e.take).max(0.0);
            if e.counted {
                acc.completed += 1;
                if let Some(y) = acc.completed_year.get_mut((now / 12.0) as usize) {
                    *y += 1.0;
                }
                acc.engaged_months += (now - e.first.max(0.0)).max(0.0);
            }
            while let Some(&arrived) = queue.front() {
                if !start(
                    m, f, rng, acc, &duty, &mut used, &mut ends, &mut seq, arrived, now,
                ) {
                    break;
                }
                queue.pop_front();
            }
        }
    }
    integrate(m, acc, &used, &duty, queue.len(), now, m.horizon, &mut cur);
    for &arrived in &queue {
        if arrived >= m.warmup {
            acc.censor(m.horizon - arrived);
        }
    }
    for e in ends.iter().filter(|e| e.counted) {
        acc.engaged_months += (m.horizon - e.first.max(0.0)).max(0.0);
    }
}

/// Start the phase of a situation that arrived at `arrived`, if a whole team is free (the same
/// test and arithmetic as `try_start`).
#[allow(clippy::too_many_arguments)]
#[inline]
fn start<R: Rng>(
    m: &Model,
    f: &Fast,
    rng: &mut R,
    acc: &mut Acc,
    duty: &[f64],
    used: &mut [f64],
    ends: &mut BinaryHeap<End>,
    seq: &mut u64,
    arrived: f64,
    now: f64,
) -> bool {
    let free = (duty[f.section] - used[f.section]).max(0.0);
    let take = free.min(f.fte);
    if take <= EPS || f.fte - take > EPS {
        return false;
    }
    let duration = f.duration.sample(rng).max(0.0);
    used[f.section] += take;
    let counted = arrived >= m.warmup;
    if counted {
        acc.wait(now - arrived);
        if let Some(y) = acc.started_year.get_mut((now / 12.0) as usize) {
            *y += 1.0;
        }
    }
    *seq += 1;
    ends.push(End {
        t: now + duration,
        seq: *seq,
        first: now,
        take,
        counted,
    });
    true
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::capacity::des::CapacityOptions;
    use crate::capacity::draw::run_draw;
    use crate::capacity::Portfolio;
    use crate::model::{Dist, Office};

    fn office(sections: &str) -> Office {
        Office::from_toml_str(&format!(
            "schema = 1\nname = \"o\"\nchannels = [{{ id = \"none\", lag_days = 0 }}]\n{sections}"
        ))
        .unwrap()
    }

    /// The fast loop and the general loop give the same accumulators, draw by draw.
    #[test]
    fn same_as_general_loop() {
        let one = r#"sections = [{ id = "planning", posts = [{ grade = "P-4", count = 16, channel = "none", filled = true }] }]"#;
        let two = r#"sections = [
  { id = "other", posts = [{ grade = "P-4", count = 2, channel = "none", filled = true }] },
  { id = "planning", posts = [{ grade = "P-4", count = 7, channel = "none", filled = true }] },
]"#;
        let mut fixed = Portfolio::simple(4.5, 3.0, 12.0, "planning");
        fixed.engagements[0].phases[0].duration_months = Dist::Fixed(12.0);
        let mut by_year = Portfolio::simple(3.0, 1.5, 9.0, "planning");
        by_year.arrivals.rate_by_year = vec![6.0, 0.0, 2.0];
        let mut pert = Portfolio::simple(4.5, 3.0, 12.0, "planning");
        pert.engagements[0].phases[0].duration_months = Dist::Pert {
            min: 2.0,
            mode: 10.0,
            max: 18.0,
        };
        let cases = [
            (
                office(one),
                Portfolio::simple(4.5, 3.0, 12.0, "planning"),
                0.0,
            ),
            (
                office(one),
                Portfolio::simple(4.0, 3.0, 12.0, "planning"),
                20.0,
            ),
            (office(two), fixed, 0.0),
            (office(two), by_year, 1.0),
            (office(one), pert, 0.0),
        ];
        for (o, p, warmup) in cases {
            let opts = CapacityOptions {
                years: 40.0,
                warmup_years: warmup,
                bin_months: 0.7,
                max_waits: 100_000,
                ..CapacityOptions::default()
            };
            let m = Model::compile(&o, &p, &opts).unwrap();
            let f = Fast::of(&m).expect("simple model");
            for draw in 0..20 {
                let mut r1 = ChaCha8Rng::seed_from_u64(9);
                r1.set_stream(draw);
                let mut r2 = r1.clone();
                let (mut a, mut b) = (m.acc(), m.acc());
                run_draw(&m, &mut r1, &mut a);
                run_fast(&m, &f, &mut r2, &mut b);
                // Engaged time is summed in another order (only used as a denominator of 0).
                assert!((a.engaged_months - b.engaged_months).abs() <= 1e-9 * a.engaged_months);
                b.engaged_months = a.engaged_months;
                assert_eq!(
                    format!("{a:?}"),
                    format!("{b:?}"),
                    "draw {draw} of {}",
                    p.name
                );
                assert!(a.started > 0);
            }
        }
    }

    #[test]
    fn not_for_complex_models() {
        let o = office(
            r#"sections = [{ id = "planning", posts = [{ grade = "P-4", count = 16, channel = "none" }] }]"#,
        );
        let p = Portfolio::simple(4.5, 3.0, 12.0, "planning");
        let m = Model::compile(&o, &p, &CapacityOptions::default()).unwrap();
        assert!(Fast::of(&m).is_none(), "posts to recruit");
    }
}
