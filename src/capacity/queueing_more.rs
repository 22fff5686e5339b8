//! More closed forms for the office: the tail of the M/M/c wait, Erlang A (situations that go
//! elsewhere after a patience time), the inverse problem (fewest teams for a service target) and
//! time-varying arrivals (pointwise-stationary and modified-offered-load approximations).
//!
//! Same conventions as [`super::queueing`]: rates in one time unit, `c` servers (teams).

use super::queueing::{erlang_c, mean_wait};
use crate::error::{Error, Result};

fn bad(name: &str, message: String) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        message,
    }
}

/// `P(Wq > t) = C(c, a) exp(-(c mu - lambda) t)` for an M/M/c queue (`t` in the rates' unit).
///
/// # Errors
/// As [`erlang_c`], and `t` when negative or not finite.
///
/// # Example
/// ```
/// use peaceplan::capacity::queueing::wait_over;
/// let p = wait_over(4.5, 1.0, 5, 0.5).unwrap(); // P(wait > 6 months), rates per year
/// assert!((p - 0.7625 * (-0.25f64).exp()).abs() < 1e-3);
/// ```
pub fn wait_over(arrival_rate: f64, service_rate: f64, servers: u32, t: f64) -> Result<f64> {
    if !(t.is_finite() && t >= 0.0) {
        return Err(bad("t", format!("must be a finite number >= 0, got {t}")));
    }
    let pc = erlang_c(arrival_rate, service_rate, servers)?;
    Ok(pc * (-(f64::from(servers) * service_rate - arrival_rate) * t).exp())
}

/// Erlang A (M/M/c+M, Palm): waiting situations go elsewhere after an exponential patience of
/// rate `patience_rate` (mean patience `1 / patience_rate`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangA {
    /// Probability that an arrival has to wait.
    pub p_wait: f64,
    /// Probability that an arrival leaves before its team is in place.
    pub p_abandon: f64,
    /// Mean wait in queue over all arrivals (those who leave count their time waited).
    pub mean_wait: f64,
    /// Mean number waiting.
    pub mean_queue: f64,
}

/// Erlang A by the birth-death chain (death rate `min(n, c) mu + max(n - c, 0) theta`), summed
/// until the terms vanish; stable at any load because impatient situations leave.
///
/// # Errors
/// [`Error::InvalidArgument`] naming the argument (rates not finite or not > 0 where needed,
/// `servers == 0`).
///
/// # Example
/// ```
/// use peaceplan::capacity::queueing::erlang_a;
/// // 3 teams, 4.5 a year, engagements of 1 year, situations go elsewhere after 1 year of waiting.
/// let a = erlang_a(4.5, 1.0, 3, 1.0).unwrap();
/// assert!(a.p_abandon > 0.2 && a.p_abandon < 0.5);
/// ```
pub fn erlang_a(
    arrival_rate: f64,
    service_rate: f64,
    servers: u32,
    patience_rate: f64,
) -> Result<ErlangA> {
    if !(arrival_rate.is_finite() && arrival_rate >= 0.0) {
        let m = format!("must be a finite number >= 0, got {arrival_rate}");
        return Err(bad("arrival_rate", m));
    }
    if !(service_rate.is_finite() && service_rate > 0.0) {
        let m = format!("must be a finite number > 0, got {service_rate}");
        return Err(bad("service_rate", m));
    }
    if !(patience_rate.is_finite() && patience_rate > 0.0) {
        let m = format!("must be a finite number > 0, got {patience_rate}");
        return Err(bad("patience_rate", m));
    }
    if servers == 0 || servers > 100_000 {
        let m = format!("must lie in [1, 100000], got {servers}");
        return Err(bad("servers", m));
    }
    let c = f64::from(servers);
    // Unnormalised probabilities, scaled as we go to avoid overflow.
    let (mut p, mut total, mut waiting, mut queue) = (1.0f64, 1.0f64, 0.0f64, 0.0f64);
    let mut n = 0u64;
    let peak = arrival_rate / patience_rate + c;
    loop {
        let nf = n as f64;
        let death = (nf + 1.0).min(c) * service_rate + (nf + 1.0 - c).max(0.0) * patience_rate;
        p = p * arrival_rate / death;
        n += 1;
        total += p;
        if n as f64 >= c {
            waiting += p;
            queue += (n as f64 - c) * p;
        }
        if total > 1e250 {
            total *= 1e-250;
            waiting *= 1e-250;
            queue *= 1e-250;
            p *= 1e-250;
        }
        if (n as f64 > 2.0 * peak + 50.0 && p < 1e-16 * total) || n > 10_000_000 || p == 0.0 {
            break;
        }
    }
    // P(wait): an arrival finds all c teams busy (PASTA), states n >= c.
    let p_wait = waiting / total;
    let mean_queue = queue / total;
    let (mean_wait, p_abandon) = if arrival_rate > 0.0 {
        (
            mean_queue / arrival_rate,
            patience_rate * mean_queue / arrival_rate,
        )
    } else {
        (0.0, 0.0)
    };
    Ok(ErlangA {
        p_wait,
        p_abandon,
        mean_wait,
        mean_queue,
    })
}

/// Fewest servers (teams) with `P(Wq > t) <= target` in an M/M/c queue (Erlang C tail), in
/// microseconds; the answer to "how many teams for P(wait > 6 months) <= 20 %".
///
/// # Errors
/// [`Error::InvalidArgument`] naming `target` (outside [0, 1)), `t`, or the rates.
///
/// # Example
/// ```
/// use peaceplan::capacity::queueing::min_servers;
/// // 4.5 a year, 1-year engagements: P(wait > 6 months) <= 20 % needs 6 teams (18 posts).
/// assert_eq!(min_servers(4.5, 1.0, 0.5, 0.2).unwrap(), 6);
/// ```
pub fn min_servers(arrival_rate: f64, service_rate: f64, t: f64, target: f64) -> Result<u32> {
    if !(target.is_finite() && (0.0..1.0).contains(&target)) {
        return Err(bad("target", format!("must lie in [0, 1), got {target}")));
    }
    if !(service_rate.is_finite() && service_rate > 0.0) {
        let m = format!("must be a finite number > 0, got {service_rate}");
        return Err(bad("service_rate", m));
    }
    if !(arrival_rate.is_finite() && arrival_rate >= 0.0) {
        let m = format!("must be a finite number >= 0, got {arrival_rate}");
        return Err(bad("arrival_rate", m));
    }
    let a = arrival_rate / service_rate;
    if a > 1e6 {
        return Err(bad(
            "arrival_rate",
            format!("offered load {a} is above 1e6"),
        ));
    }
    let first = (a.floor() as u32).saturating_add(1).max(1);
    for c in first..=first.saturating_add(100_000) {
        if wait_over(arrival_rate, service_rate, c, t)? <= target {
            return Ok(c);
        }
    }
    Err(bad(
        "target",
        format!("cannot be met with up to {first} + 100000 servers"),
    ))
}

/// Per period of a time-varying arrival rate: offered load and Erlang C figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Varying {
    /// Offered load of each period, pointwise-stationary: `rate / mu`.
    pub psa_load: Vec<f64>,
    /// Modified offered load at the end of each period (the mean number an infinite office would
    /// be serving, which lags the rate; exponential service, starting empty).
    pub mol_load: Vec<f64>,
    /// P(wait > t) per period with the pointwise-stationary load (1 where the load >= c).
    pub psa_wait_over: Vec<f64>,
    /// P(wait > t) per period with the modified offered load, averaged over the period.
    pub mol_wait_over: Vec<f64>,
    /// Mean wait per period with the modified offered load (infinite where the load >= c).
    pub mol_mean_wait: Vec<f64>,
}

/// Time-varying arrivals (`rates`, one per period of length 1 in the rates' unit, e.g. years):
/// the pointwise-stationary approximation (PSA) evaluates Erlang C at each period's rate; the
/// modified-offered-load approximation (MOL) evaluates it at `m(t)`, the mean number in service
/// of an infinite-server system (`m' = lambda(t) - mu m`, exact for piecewise-constant rates),
/// averaged over the period on `steps` points. Periods with load >= c give P = 1 and infinite
/// waits (no steady state, the backlog grows).
///
/// # Errors
/// [`Error::InvalidArgument`] naming `rates` (negative or not finite), `service_rate`, `servers`
/// or `t`.
pub fn time_varying(
    rates: &[f64],
    service_rate: f64,
    servers: u32,
    t: f64,
    m0: f64,
) -> Result<Varying> {
    if let Some((i, r)) = rates
        .iter()
        .enumerate()
        .find(|(_, r)| !(r.is_finite() && **r >= 0.0))
    {
        return Err(bad(
            "rates",
            format!("rates[{i}] must be a finite number >= 0, got {r}"),
        ));
    }
    if rates.len() > 100_000 {
        return Err(bad(
            "rates",
            format!("at most 100000 periods, got {}", rates.len()),
        ));
    }
    if !(m0.is_finite() && m0 >= 0.0) {
        return Err(bad("m0", format!("must be a finite number >= 0, got {m0}")));
    }
    let c = f64::from(servers);
    let over = |a: f64| -> Result<(f64, f64)> {
        if a >= c {
            return Ok((1.0, f64::INFINITY));
        }
        let lam = a * service_rate;
        Ok((
            wait_over(lam, service_rate, servers, t)?,
            mean_wait(lam, service_rate, servers)?,
        ))
    };
    let steps = 24;
    let mut v = Varying {
        psa_load: Vec::new(),
        mol_load: Vec::new(),
        psa_wait_over: Vec::new(),
        mol_wait_over: Vec::new(),
        mol_mean_wait: Vec::new(),
    };
    let mut m = m0;
    for &r in rates {
        let a = r / service_rate;
        v.psa_load.push(a);
        v.psa_wait_over.push(over(a)?.0);
        let (mut p, mut w) = (0.0, 0.0);
        for k in 1..=steps {
            let s = k as f64 / steps as f64;
            let mk = a + (m - a) * (-service_rate * s).exp();
            let (pk, wk) = over(mk)?;
            p += pk / steps as f64;
            w += wk / steps as f64;
        }
        m = a + (m - a) * (-service_rate).exp();
        v.mol_load.push(m);
        v.mol_wait_over.push(p);
        v.mol_mean_wait.push(w);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_a_tends_to_erlang_c_with_endless_patience() {
        let a = erlang_a(4.0, 1.0, 5, 1e-7).unwrap_or_else(|e| panic!("{e}"));
        let pc = erlang_c(4.0, 1.0, 5).unwrap_or_else(|e| panic!("{e}"));
        let wq = mean_wait(4.0, 1.0, 5).unwrap_or_else(|e| panic!("{e}"));
        assert!((a.p_wait - pc).abs() < 1e-4, "{} vs {pc}", a.p_wait);
        assert!((a.mean_wait - wq).abs() < 1e-3, "{} vs {wq}", a.mean_wait);
        // Overloaded yet stable: with patience, 4.5 a year on 3 teams has a steady state.
        let o = erlang_a(4.5, 1.0, 3, 1.0).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            o.p_wait > 0.8 && o.p_abandon > 0.2 && o.p_abandon < 0.5,
            "{o:?}"
        );
        // Flow balance: served = lambda (1 - p_abandon) = mu E[busy] <= c mu.
        assert!(4.5 * (1.0 - o.p_abandon) <= 3.0 + 1e-9);
    }

    #[test]
    fn inverse_and_time_varying() {
        let c = min_servers(4.5, 1.0, 0.5, 0.2).unwrap_or_else(|e| panic!("{e}"));
        assert!(wait_over(4.5, 1.0, c, 0.5).unwrap_or(1.0) <= 0.2);
        assert!(wait_over(4.5, 1.0, c - 1, 0.5).unwrap_or(1.0) > 0.2);
        let v = time_varying(
            &[4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0],
            1.0,
            5,
            0.25,
            4.0,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        // Constant rate, started at its steady load: MOL = PSA.
        assert!((v.mol_wait_over[5] - v.psa_wait_over[5]).abs() < 1e-9);
        let up = time_varying(&[1.0, 6.0], 1.0, 5, 0.0, 0.0).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(up.psa_wait_over[1], 1.0); // rate 6 > 5 teams: PSA says saturated
        assert!(up.mol_load[1] < 6.0 && up.mol_wait_over[1] < 1.0); // MOL: load lags the rate
    }
}
