//! Closed forms of queueing theory for the office: Erlang B, Erlang C, the M/M/c mean wait and the
//! Allen-Cunneen approximation for general service times.
//!
//! Each function takes `(arrival_rate, service_rate, servers)` in the same time unit (e.g. per
//! year). The offered load is `a = arrival_rate / service_rate`, the utilisation `rho = a / c`.
//! Erlang B uses the recursion `B(k) = a B(k-1) / (k + a B(k-1))`, which has no factorials and is
//! stable for any `c` (tested at `c = 1000`); Erlang C is derived from it:
//! `C = c B / (c - a (1 - B))`.

pub use super::queueing_more::{erlang_a, min_servers, time_varying, wait_over, ErlangA, Varying};
use crate::error::{Error, Result};

fn bad(name: &str, message: String) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        message,
    }
}

/// Check the three common arguments; returns the offered load `a`.
fn load(arrival_rate: f64, service_rate: f64, servers: u32) -> Result<f64> {
    if !arrival_rate.is_finite() || arrival_rate < 0.0 {
        return Err(bad(
            "arrival_rate",
            format!("must be a finite number >= 0, got {arrival_rate}"),
        ));
    }
    if !service_rate.is_finite() || service_rate <= 0.0 {
        return Err(bad(
            "service_rate",
            format!("must be a finite number > 0, got {service_rate}"),
        ));
    }
    if servers == 0 {
        return Err(bad("servers", "must be at least 1, got 0".into()));
    }
    Ok(arrival_rate / service_rate)
}

/// Check that the queue is stable (`rho < 1`); returns `a`.
fn stable_load(arrival_rate: f64, service_rate: f64, servers: u32) -> Result<f64> {
    let a = load(arrival_rate, service_rate, servers)?;
    let rho = a / f64::from(servers);
    if rho >= 1.0 {
        return Err(bad(
            "arrival_rate",
            format!(
                "the queue is unstable: utilisation rho = arrival_rate / (servers * service_rate) = {rho:.4} >= 1"
            ),
        ));
    }
    Ok(a)
}

fn erlang_b_load(a: f64, servers: u32) -> f64 {
    let mut b = 1.0;
    for k in 1..=servers {
        b = a * b / (f64::from(k) + a * b);
    }
    b
}

/// Erlang B: probability that an arrival finds all `servers` busy in a loss system (M/M/c/c, and
/// any service distribution with the same mean).
///
/// # Errors
/// [`Error::InvalidArgument`] naming the argument: a negative or non-finite `arrival_rate`, a
/// `service_rate` that is not > 0, or `servers == 0`. Any load is allowed (no queue, no instability).
///
/// # Example
/// ```
/// let b = peaceplan::capacity::queueing::erlang_b(4.0, 1.0, 5).unwrap();
/// assert!((b - 0.1991).abs() < 1e-4);
/// ```
pub fn erlang_b(arrival_rate: f64, service_rate: f64, servers: u32) -> Result<f64> {
    let a = load(arrival_rate, service_rate, servers)?;
    Ok(erlang_b_load(a, servers))
}

/// Erlang C: probability that an arrival has to wait in an M/M/c queue.
///
/// # Errors
/// As [`erlang_b`], and `arrival_rate` when `rho = arrival_rate / (servers * service_rate) >= 1`.
///
/// # Example
/// ```
/// let c = peaceplan::capacity::queueing::erlang_c(4.5, 1.0, 5).unwrap();
/// assert!((c - 0.7625).abs() < 1e-3);
/// ```
pub fn erlang_c(arrival_rate: f64, service_rate: f64, servers: u32) -> Result<f64> {
    let a = stable_load(arrival_rate, service_rate, servers)?;
    let b = erlang_b_load(a, servers);
    let c = f64::from(servers);
    Ok(c * b / (c - a * (1.0 - b)))
}

/// Mean wait in queue of an M/M/c system, `Wq = C / (c mu - lambda)`, in the time unit of the rates.
///
/// # Errors
/// As [`erlang_c`].
///
/// # Example
/// ```
/// let w = peaceplan::capacity::queueing::mean_wait(4.5, 1.0, 5).unwrap();
/// assert!((w - 1.525).abs() < 1e-3);
/// ```
pub fn mean_wait(arrival_rate: f64, service_rate: f64, servers: u32) -> Result<f64> {
    let p = erlang_c(arrival_rate, service_rate, servers)?;
    Ok(p / (f64::from(servers) * service_rate - arrival_rate))
}

/// Allen-Cunneen approximation of the mean wait of a GI/G/c queue:
/// `Wq ~= Wq(M/M/c) (ca^2 + cs^2) / 2`, with `ca` and `cs` the coefficients of variation of the
/// inter-arrival and service times (1 and 1 give the exact M/M/c value).
///
/// # Errors
/// As [`erlang_c`], and `arrival_cv` / `service_cv` when negative or not finite.
///
/// # Example
/// ```
/// use peaceplan::capacity::queueing::allen_cunneen;
/// let w = allen_cunneen(4.5, 1.0, 5, 1.0, 0.5).unwrap();
/// assert!((w - 0.953).abs() < 1e-3);
/// ```
pub fn allen_cunneen(
    arrival_rate: f64,
    service_rate: f64,
    servers: u32,
    arrival_cv: f64,
    service_cv: f64,
) -> Result<f64> {
    for (name, v) in [("arrival_cv", arrival_cv), ("service_cv", service_cv)] {
        if !v.is_finite() || v < 0.0 {
            return Err(bad(name, format!("must be a finite number >= 0, got {v}")));
        }
    }
    let w = mean_wait(arrival_rate, service_rate, servers)?;
    Ok(w * (arrival_cv * arrival_cv + service_cv * service_cv) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn reference_table() {
        // reference/capacity.md §3 (mu = 1 per year).
        let rows = [
            (4.0, 5, 0.199, 0.554, 0.554, 0.346),
            (4.5, 5, 0.243, 0.762, 1.525, 0.953),
            (4.5, 6, 0.154, 0.422, 0.281, 0.176),
            (4.5, 7, 0.090, 0.217, 0.087, 0.054),
        ];
        for (lam, c, b, pc, wq, ac) in rows {
            assert!(close(erlang_b(lam, 1.0, c).unwrap_or(f64::NAN), b, 1e-3));
            assert!(close(erlang_c(lam, 1.0, c).unwrap_or(f64::NAN), pc, 1e-3));
            assert!(close(mean_wait(lam, 1.0, c).unwrap_or(f64::NAN), wq, 1e-3));
            let a = allen_cunneen(lam, 1.0, c, 1.0, 0.5).unwrap_or(f64::NAN);
            assert!(close(a, ac, 1e-3));
        }
    }

    #[test]
    fn large_c_is_finite() {
        let c = erlang_c(950.0, 1.0, 1000).unwrap_or(f64::NAN);
        assert!(c.is_finite() && c > 0.0 && c < 1.0);
        let b = erlang_b(1e4, 1.0, 1000).unwrap_or(f64::NAN);
        assert!(close(b, 1.0 - 1000.0 / 1e4, 1e-3));
    }

    #[test]
    fn errors_name_the_argument() {
        let name = |r: Result<f64>| match r {
            Err(Error::InvalidArgument { name, .. }) => name,
            _ => String::new(),
        };
        assert_eq!(name(erlang_c(5.0, 1.0, 5)), "arrival_rate");
        assert_eq!(name(erlang_b(-1.0, 1.0, 5)), "arrival_rate");
        assert_eq!(name(erlang_b(1.0, 0.0, 5)), "service_rate");
        assert_eq!(name(erlang_b(1.0, 1.0, 0)), "servers");
        assert_eq!(name(allen_cunneen(1.0, 1.0, 2, -1.0, 1.0)), "arrival_cv");
    }
}
