"""Closed forms of queueing theory for quick answers and cross-checks of the simulation.

Each function takes ``(arrival_rate, service_rate, servers)`` in one time unit (e.g. per year).
They are computed in Rust with the Erlang-B recursion, which is stable for thousands of servers.
``servers`` is a number of *teams*: use :func:`office_teams` for the teams an office's routing
actually yields (posts x efficiency per section, whole teams), not ``posts // 3``.

Examples
--------
>>> from peaceplan import queueing
>>> teams = 16 // 3  # founding note: 16 posts, 3 professionals per situation
>>> round(queueing.erlang_c(4.5, 1.0, teams), 3)  # P(a new situation waits)
0.762
>>> round(queueing.mean_wait(4.5, 1.0, teams), 3)  # years, engagements of 1 year on average
1.525
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from peaceplan import _core
from peaceplan._core import (
    allen_cunneen,
    erlang_a,
    erlang_b,
    erlang_c,
    mean_wait,
    min_servers,
    time_varying,
    wait_over,
)
from peaceplan._wrap import core_of

if TYPE_CHECKING:
    from peaceplan.office import Office
    from peaceplan.portfolio import Portfolio

__all__ = [
    "allen_cunneen",
    "closed_form",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "mean_wait",
    "min_servers",
    "office_teams",
    "time_varying",
    "wait_over",
]


def office_teams(office: Office, portfolio: Portfolio) -> dict[str, Any] | None:
    """Whole teams the office's routing yields for the portfolio's first phase (posts x
    efficiency per section, teams of the phase's demand), or None when that phase needs several
    kinds.

    Examples
    --------
    >>> import peaceplan as pp
    >>> from peaceplan.queueing import office_teams
    >>> office_teams(pp.examples.pbso_office(), pp.Portfolio(4.5))["teams"]  # 10.25 FTE / 3
    3
    """
    return _core.office_teams(core_of(office), core_of(portfolio))  # type: ignore[no-any-return]


def closed_form(
    office: Office,
    portfolio: Portfolio,
    *,
    threshold_months: float = 3.0,
    teams: dict[str, int] | None = None,
) -> pd.DataFrame:
    """Erlang C on the teams the routing yields, next to any other team counts to compare.

    The portfolio's long-run Poisson rate and its first phase (team size and mean duration) give
    the M/M/c view; the team count is computed in the core from posts, efficiencies and whole
    teams (:func:`office_teams`).

    Parameters
    ----------
    office, portfolio : Office, Portfolio
    threshold_months : float, default 3
        For the P(wait > threshold) column.
    teams : dict of str to int, optional
        Extra rows, e.g. ``{"posts // 3": 5}``.

    Returns
    -------
    pandas.DataFrame
        One row per team count: ``teams``, ``utilisation`` (rho), ``p_wait``,
        ``p_wait_over_threshold``, ``mean_wait_months`` (NaN / 1.0 / inf when rho >= 1:
        no steady state).

    Examples
    --------
    >>> import peaceplan as pp
    >>> df = closed_form(pp.examples.pbso_office(), pp.Portfolio(4.5), teams={"posts // 3": 5})
    >>> df["teams"].tolist()
    [3, 5]
    """
    t = office_teams(office, portfolio)
    if t is None:
        msg = "the portfolio's first phase needs several kinds of demand: no single team size"
        raise ValueError(msg)
    lam = portfolio.to_dict()["arrivals"]["rate_per_year"]
    mu = 12.0 / t["mean_months"]
    rows = {"routing (posts x efficiency)": t["teams"], **(teams or {})}
    out = {}
    for name, c in rows.items():
        rho = lam / (c * mu) if c > 0 else math.inf
        if rho < 1:
            p, w = erlang_c(lam, mu, c), 12.0 * mean_wait(lam, mu, c)
            over = wait_over(lam, mu, c, threshold_months / 12.0)
        else:
            p, w, over = 1.0, math.inf, 1.0
        out[name] = {
            "teams": c,
            "utilisation": rho,
            "p_wait": p,
            "p_wait_over_threshold": over,
            "mean_wait_months": w,
        }
    df = pd.DataFrame.from_dict(out, orient="index")
    df.index.name = f"M/M/c, {lam:g} a year, teams of {t['team_fte']:g} FTE"
    return df
