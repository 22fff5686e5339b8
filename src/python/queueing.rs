//! Closed forms of queueing theory (`peaceplan.queueing`).

use pyo3::prelude::*;

use crate::capacity::queueing;

/// Erlang B: probability that an arrival finds all servers busy (loss system M/M/c/c).
///
/// Parameters
/// ----------
/// arrival_rate : float
///     Arrivals per unit of time (>= 0).
/// service_rate : float
///     Services per unit of time of one server (> 0).
/// servers : int
///     Number of servers (>= 1); stable up to thousands.
///
/// Returns
/// -------
/// float
///
/// Examples
/// --------
/// >>> from peaceplan.queueing import erlang_b
/// >>> round(erlang_b(4.0, 1.0, 5), 4)
/// 0.1991
#[pyfunction]
pub fn erlang_b(arrival_rate: f64, service_rate: f64, servers: u32) -> PyResult<f64> {
    Ok(queueing::erlang_b(arrival_rate, service_rate, servers)?)
}

/// Erlang C: probability that an arrival waits in an M/M/c queue.
///
/// Parameters
/// ----------
/// arrival_rate : float
///     Arrivals per unit of time (>= 0).
/// service_rate : float
///     Services per unit of time of one server (> 0).
/// servers : int
///     Number of servers (>= 1).
///
/// Returns
/// -------
/// float
///
/// Raises
/// ------
/// ArgumentError
///     Naming the argument; ``arrival_rate`` when the utilisation is 1 or more.
///
/// Examples
/// --------
/// >>> from peaceplan.queueing import erlang_c
/// >>> round(erlang_c(4.5, 1.0, 5), 3)  # 16 posts / 3 = 5 teams, 4.5 situations a year
/// 0.762
#[pyfunction]
pub fn erlang_c(arrival_rate: f64, service_rate: f64, servers: u32) -> PyResult<f64> {
    Ok(queueing::erlang_c(arrival_rate, service_rate, servers)?)
}

/// Mean wait in queue of an M/M/c system, in the time unit of the rates.
///
/// Parameters
/// ----------
/// arrival_rate : float
///     Arrivals per unit of time (>= 0).
/// service_rate : float
///     Services per unit of time of one server (> 0).
/// servers : int
///     Number of servers (>= 1).
///
/// Returns
/// -------
/// float
///
/// Examples
/// --------
/// >>> from peaceplan.queueing import mean_wait
/// >>> round(mean_wait(4.5, 1.0, 5), 3)  # years
/// 1.525
#[pyfunction]
pub fn mean_wait(arrival_rate: f64, service_rate: f64, servers: u32) -> PyResult<f64> {
    Ok(queueing::mean_wait(arrival_rate, service_rate, servers)?)
}

/// Allen-Cunneen approximation of the mean wait of a GI/G/c queue.
///
/// ``Wq ~= Wq(M/M/c) * (arrival_cv**2 + service_cv**2) / 2``.
///
/// Parameters
/// ----------
/// arrival_rate : float
///     Arrivals per unit of time (>= 0).
/// service_rate : float
///     Services per unit of time of one server (> 0).
/// servers : int
///     Number of servers (>= 1).
/// arrival_cv : float, default 1.0
///     Coefficient of variation of inter-arrival times (1 = Poisson).
/// service_cv : float, default 1.0
///     Coefficient of variation of service times (1 = exponential).
///
/// Returns
/// -------
/// float
///
/// Examples
/// --------
/// >>> from peaceplan.queueing import allen_cunneen
/// >>> round(allen_cunneen(4.5, 1.0, 5, service_cv=0.5), 3)
/// 0.953
#[pyfunction]
#[pyo3(signature = (arrival_rate, service_rate, servers, arrival_cv = 1.0, service_cv = 1.0))]
pub fn allen_cunneen(
    arrival_rate: f64,
    service_rate: f64,
    servers: u32,
    arrival_cv: f64,
    service_cv: f64,
) -> PyResult<f64> {
    Ok(queueing::allen_cunneen(
        arrival_rate,
        service_rate,
        servers,
        arrival_cv,
        service_cv,
    )?)
}
