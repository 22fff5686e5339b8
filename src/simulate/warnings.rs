//! Warnings of a simulation on what the model could not honour in its draws: money that never
//! arrived (work unfunded), money that had to be mobilised, staff that never sufficed.

use super::outcomes::Outcomes;
use crate::model::Scenario;

/// Share of draws above which unfunded or mobilised work is a warning.
pub const UNFUNDED_WARN: f64 = 0.05;

/// The interventions most often counted in `counts` (at most three), with their share.
fn most_often(sc: &Scenario, counts: &[u64], n: f64) -> String {
    let mut worst: Vec<(usize, u64)> = counts
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, c)| c > 0)
        .collect();
    worst.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let names: Vec<String> = worst
        .iter()
        .take(3)
        .filter_map(|&(i, c)| {
            sc.interventions.get(i).map(|iv| match iv.name.trim() {
                "" => format!("{} {:.0} %", iv.id, 100.0 * c as f64 / n),
                name => format!("{name} [{}] {:.0} %", iv.id, 100.0 * c as f64 / n),
            })
        })
        .collect();
    names.join(", ")
}

/// Warnings on money and staff the model could not honour: work never started for lack of
/// money, or started on mobilised money, in more than 5 % of the draws (with the
/// interventions most often concerned), and draws whose staff never suffices.
pub fn money_and_staff(sc: &Scenario, o: &Outcomes) -> Vec<String> {
    let mut out = Vec::new();
    let n = o.draws.max(1) as f64;
    let share = |v: &[u32]| v.iter().filter(|&&c| c > 0).count() as f64 / n;
    let unfunded = share(&o.unfunded_count);
    if unfunded > UNFUNDED_WARN {
        out.push(format!(
            "in {:.1} % of draws some work never starts because its money never arrives \
             ({}); the finish of all work is then censored (inf), see 'finish_funded', \
             'unfunded_count', 'gap:<source>' and Simulation.unfunded()",
            100.0 * unfunded,
            most_often(sc, &o.unfunded_draws, n)
        ));
    }
    let mobilised = o
        .money_short
        .iter()
        .zip(&o.unfunded_count)
        .filter(|(&s, &u)| s && u == 0)
        .count() as f64
        / n;
    if mobilised > UNFUNDED_WARN {
        out.push(format!(
            "in {:.1} % of draws pledges fall short and work waits for money to be mobilised \
             ({}); its lag is in the finish, the money in 'cost:<mobilisation source>' and \
             'gap:<source>', see Simulation.unfunded()",
            100.0 * mobilised,
            most_often(sc, &o.mobilised_draws, n)
        ));
    }
    let infeasible = o.infeasible.iter().filter(|&&x| x).count();
    if infeasible > 0 {
        out.push(format!(
            "in {infeasible} of {} draws some staff demand can never be met (finish inf)",
            o.draws
        ));
    }
    out
}
