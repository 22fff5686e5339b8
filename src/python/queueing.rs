//! Closed forms of queueing theory (`peaceplan.queueing`).

use numpy::IntoPyArray;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::capacity::capacity_load::teams_dict;
use super::capacity::PyPortfolio;
use super::office::PyOffice;

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

/// P(wait > t) in an M/M/c queue: ``erlang_c * exp(-(c mu - lambda) t)``.
///
/// Parameters
/// ----------
/// arrival_rate, service_rate : float
///     Per unit of time (e.g. per year).
/// servers : int
///     Teams.
/// t : float
///     Wait, in the same unit (0.5 = 6 months with yearly rates).
///
/// Examples
/// --------
/// >>> from peaceplan.queueing import wait_over
/// >>> round(wait_over(4.5, 1.0, 6, 0.5), 3)  # 18 posts: P(wait > 6 months)
/// 0.199
#[pyfunction]
pub fn wait_over(arrival_rate: f64, service_rate: f64, servers: u32, t: f64) -> PyResult<f64> {
    Ok(queueing::wait_over(arrival_rate, service_rate, servers, t)?)
}

/// Erlang A (M/M/c+M): situations that wait longer than an exponential patience (rate
/// ``patience_rate``) go elsewhere. Stable at any load.
///
/// Returns
/// -------
/// dict
///     ``p_wait``, ``p_abandon`` (share that goes elsewhere), ``mean_wait`` (all arrivals, in the
///     rates' unit), ``mean_queue``.
///
/// Examples
/// --------
/// >>> from peaceplan.queueing import erlang_a
/// >>> r = erlang_a(4.5, 1.0, 3, 1.0)  # 3 teams, patience of 1 year on average
/// >>> 0.2 < r["p_abandon"] < 0.5
/// True
#[pyfunction]
pub fn erlang_a<'py>(
    py: Python<'py>,
    arrival_rate: f64,
    service_rate: f64,
    servers: u32,
    patience_rate: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let r = queueing::erlang_a(arrival_rate, service_rate, servers, patience_rate)?;
    let d = PyDict::new(py);
    d.set_item("p_wait", r.p_wait)?;
    d.set_item("p_abandon", r.p_abandon)?;
    d.set_item("mean_wait", r.mean_wait)?;
    d.set_item("mean_queue", r.mean_queue)?;
    Ok(d)
}

/// Fewest teams with P(wait > t) <= target (Erlang C tail; microseconds).
///
/// Examples
/// --------
/// >>> from peaceplan.queueing import min_servers
/// >>> min_servers(4.5, 1.0, 0.5, 0.2)  # P(wait > 6 months) <= 20 %: 6 teams of 3 = 18 posts
/// 6
#[pyfunction]
pub fn min_servers(arrival_rate: f64, service_rate: f64, t: f64, target: f64) -> PyResult<u32> {
    Ok(queueing::min_servers(
        arrival_rate,
        service_rate,
        t,
        target,
    )?)
}

/// Time-varying arrivals (one rate per period, e.g. per year): pointwise-stationary (PSA) and
/// modified-offered-load (MOL) approximations of Erlang C.
///
/// Returns
/// -------
/// dict of numpy arrays
///     ``psa_load``, ``mol_load``, ``psa_wait_over``, ``mol_wait_over`` (P(wait > t) per period),
///     ``mol_mean_wait`` (inf where the load reaches the teams).
///
/// Examples
/// --------
/// >>> from peaceplan.queueing import time_varying
/// >>> v = time_varying([1.2, 1.2, 4.0, 6.0, 0.3], 1.0, 5, 0.25)
/// >>> bool(v["psa_wait_over"][3] == 1.0 and v["mol_wait_over"][3] < 1.0)
/// True
#[pyfunction]
#[pyo3(signature = (rates, service_rate, servers, t, initial_load = 0.0))]
pub fn time_varying<'py>(
    py: Python<'py>,
    rates: Vec<f64>,
    service_rate: f64,
    servers: u32,
    t: f64,
    initial_load: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let v = queueing::time_varying(&rates, service_rate, servers, t, initial_load)?;
    let d = PyDict::new(py);
    d.set_item("psa_load", v.psa_load.into_pyarray(py))?;
    d.set_item("mol_load", v.mol_load.into_pyarray(py))?;
    d.set_item("psa_wait_over", v.psa_wait_over.into_pyarray(py))?;
    d.set_item("mol_wait_over", v.mol_wait_over.into_pyarray(py))?;
    d.set_item("mol_mean_wait", v.mol_mean_wait.into_pyarray(py))?;
    Ok(d)
}

/// Whole teams the office's routing yields for the portfolio's first phase (posts x efficiency
/// per section, teams of the phase's demand), or None when that phase needs several kinds.
///
/// Examples
/// --------
/// >>> import peaceplan as pp
/// >>> from peaceplan.queueing import office_teams
/// >>> office_teams(pp.examples.pbso_office(), pp.Portfolio(4.5))["teams"]  # 10.25 FTE / 3
/// 3
#[pyfunction]
pub fn office_teams<'py>(
    py: Python<'py>,
    office: PyRef<'_, PyOffice>,
    portfolio: PyRef<'_, PyPortfolio>,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    let load = crate::capacity::offered_load(office.office(), portfolio.portfolio(), 10.0);
    load.teams.map(|t| teams_dict(py, &t)).transpose()
}
