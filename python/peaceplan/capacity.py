"""Capacity of the office against a portfolio of country situations.

``peaceplan.capacity`` is both this module and a function: ``pp.capacity(office, portfolio)``
runs the simulation, ``pp.capacity.compare(...)`` compares options and
``pp.capacity.minimum_structure(...)`` searches for the smallest structure meeting a target. All
computing is in the Rust core; this module only orchestrates and builds tables.

Examples
--------
>>> import peaceplan as pp
>>> office = pp.examples.pbso_office()
>>> result = pp.capacity(office, pp.Portfolio(arrivals_per_year=4.5), years=10, draws=50, seed=1)
>>> 0.0 <= result.figures()["p_wait_over_threshold"] <= 1.0
True
"""

from __future__ import annotations

import sys
import types
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from peaceplan import _core
from peaceplan._wrap import core_of
from peaceplan.capacity_frames import UnstableQueueWarning, stability_message
from peaceplan.capacity_result import CapacityResult
from peaceplan.office import Office
from peaceplan.portfolio import Portfolio

__all__ = [
    "CapacityResult",
    "StructureSearch",
    "UnstableQueueWarning",
    "capacity",
    "compare",
    "minimum_structure",
]


def capacity(
    office: Office,
    portfolio: Portfolio,
    years: float = 10,
    draws: int = 1000,
    seed: int = 0,
    *,
    warmup_years: float = 0.0,
    bin_months: float = 0.0,
    threshold_months: float = 3.0,
    max_waits: int = 1_000_000,
    max_bytes: int = 2 << 30,
) -> CapacityResult:
    """Simulate the office serving the portfolio (discrete events, many draws in parallel).

    Posts come on duty after their recruitment lag (the office starts empty unless posts are
    ``filled``), leave by turnover and are recruited again; situations arrive, wait for a team
    drawn from the sections that serve their demand, and run through their phases.

    Parameters
    ----------
    office : Office
        Sections, posts, channels, routing, turnover and surge options.
    portfolio : Portfolio
        Arrivals and engagement phases.
    years : float, default 10
        Simulated years per draw.
    draws : int, default 1000
        Independent draws (run in parallel; set ``RAYON_NUM_THREADS`` to limit threads).
    seed : int, default 0
        Same seed, same numbers, whatever the number of threads.
    warmup_years : float, default 0
        Situations arriving earlier are simulated but not counted (steady-state studies).
    bin_months : float, default 0
        Width of the time bins of the series (0 = automatic, 1 month up to 100 years).
    threshold_months : float, default 3
        The summary reports P(wait > threshold_months).
    max_waits : int, default 1,000,000
        Individual waits kept for :attr:`CapacityResult.waits` (statistics use all).
    max_bytes : int, default 2 GiB
        Memory budget: a run whose worst-case estimate (every situation of a draw kept while it
        waits, per thread) exceeds it is refused with the estimate, before anything is allocated.

    Returns
    -------
    CapacityResult

    Raises
    ------
    ValidationError
        Problems of the office or portfolio, e.g. a phase needing more FTE than the whole office
        or a demand no section serves (each with its path).
    ArgumentError
        A bad option, named: ``years`` (at most 100,000), ``draws``, ``max_bytes`` (the
        estimate and what to lower), a post count, ...
    KeyboardInterrupt
        Ctrl-C, seen between batches of draws.

    Warns
    -----
    UnstableQueueWarning
        When the office starts fewer engagements than arrive (offered load above capacity, or a
        backlog growing late in the horizon): waits then grow with ``years``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.capacity(pp.examples.pbso_office(), pp.examples.default_portfolio(), draws=20)
    >>> bool(r.summary().loc["median wait (months)", "value"] >= 0)
    True
    """
    core = _core.capacity(
        core_of(office),
        core_of(portfolio),
        years,
        draws,
        seed,
        warmup_years=warmup_years,
        bin_months=bin_months,
        threshold_months=threshold_months,
        max_waits=max_waits,
        max_bytes=max_bytes,
    )
    result = CapacityResult._wrap(core)
    message = stability_message(result)
    if message is not None:
        warnings.warn(message, UnstableQueueWarning, stacklevel=2)
    return result


def compare(
    offices: Mapping[str, Office],
    portfolio: Portfolio,
    years: float = 10,
    draws: int = 1000,
    seed: int = 0,
    *,
    threshold_months: float = 3.0,
) -> pd.DataFrame:
    """Compare office options against one portfolio (same seed: common random numbers).

    Parameters
    ----------
    offices : mapping of str to Office
        The options, by name.
    portfolio : Portfolio
        The portfolio all options serve.
    years, draws, seed : see :func:`capacity`
    threshold_months : float, default 3
        Service threshold for ``p_wait_over_threshold``.

    Returns
    -------
    pandas.DataFrame
        One row per option: ``posts`` (professional), ``p_wait``, ``p_wait_over_threshold``,
        ``mean_wait``, ``wait_p90`` (months), ``mean_understaffed`` (months),
        ``utilisation_<section>`` per section, ``censored_share`` (still waiting at the
        horizon), ``backlog_growth_per_year``, ``unstable``, ``post_cost_usd_per_year`` and
        ``surge_cost_usd_per_year``. Probabilities and percentiles are Kaplan-Meier estimates
        (a percentile beyond the horizon is ``inf``).

    Examples
    --------
    >>> import peaceplan as pp
    >>> office = pp.examples.pbso_office()
    >>> df = pp.capacity.compare({"as proposed": office}, pp.Portfolio(4.5), draws=20)
    >>> list(df.index)
    ['as proposed']
    """
    rows = {}
    for name, office in offices.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnstableQueueWarning)
            r = capacity(
                office,
                portfolio,
                years,
                draws,
                seed,
                threshold_months=threshold_months,
                max_waits=0,
            )
        f = r.figures()
        st = r.load()["stability"]
        row = {"posts": office.post_count()}
        for key in (
            "p_wait",
            "p_wait_over_threshold",
            "mean_wait",
            "wait_p90",
            "mean_understaffed",
        ):
            row[key] = f[key]
        for section, u in f["utilisation"].items():
            row[f"utilisation_{section}"] = u
        row["censored_share"] = f["censored_share"]
        row["backlog_growth_per_year"] = st["backlog_growth_per_year"]
        row["unstable"] = st["unstable"]
        row["post_cost_usd_per_year"] = f["post_cost_usd_per_year"]
        row["surge_cost_usd_per_year"] = f["surge_cost_usd_per_year"]
        rows[name] = row
    df = pd.DataFrame.from_dict(rows, orient="index")
    df.index.name = "option"
    return df


@dataclass(frozen=True)
class StructureSearch:
    """Result of :func:`minimum_structure`.

    Attributes
    ----------
    options : pandas.DataFrame
        Every structure tried: step, change, posts per section, P(wait > threshold), mean and
        P90 wait (months), cost of posts, whether it meets the target and was chosen.
    best : Office or None
        The smallest structure found that meets the target (None if none did).
    best_index : int or None
        Its row in ``options``.
    """

    options: pd.DataFrame
    best: Office | None
    best_index: int | None


def minimum_structure(
    office: Office,
    portfolio: Portfolio,
    target: float = 0.10,
    *,
    sections: Sequence[str] | None = None,
    max_steps: int = 20,
    years: float = 10,
    draws: int = 200,
    seed: int = 0,
    threshold_months: float = 3.0,
) -> StructureSearch:
    """Find how many posts, in which sections, meet ``P(wait > threshold) <= target``.

    A greedy search in Rust: from ``office``, add one post at a time to the section where it
    lowers P(wait > threshold) most (or, if the office already meets the target, remove posts
    while it still does). New posts copy the section's last grade and channel and must be
    recruited. Every candidate runs with the same seed.

    Parameters
    ----------
    office : Office
        Starting structure.
    portfolio : Portfolio
        The portfolio to serve (e.g. ``pp.Portfolio(arrivals_per_year=4.5)``).
    target : float, default 0.10
        Largest acceptable P(wait > threshold_months).
    sections : sequence of str, optional
        Sections that may change (default: every section that serves the portfolio).
    max_steps : int, default 20
        Most posts added or removed.
    years, draws, seed, threshold_months : see :func:`capacity`

    Returns
    -------
    StructureSearch

    Examples
    --------
    >>> import peaceplan as pp
    >>> s = pp.capacity.minimum_structure(
    ...     pp.examples.pbso_office(), pp.Portfolio(2.0), target=0.5, draws=20, max_steps=2)
    >>> "meets" in s.options.columns
    True
    """
    tried, best = _core.minimum_structure(
        core_of(office),
        core_of(portfolio),
        target,
        list(sections) if sections is not None else None,
        max_steps,
        years,
        draws,
        seed,
        threshold_months,
    )
    rows = []
    for o in tried:
        row = {k: v for k, v in o.items() if k not in ("posts", "office")}
        row.update({f"posts_{s}": n for s, n in o["posts"].items()})
        rows.append(row)
    df = pd.DataFrame(rows)
    best_office = Office._wrap(tried[best]["office"]) if best is not None else None
    return StructureSearch(options=df, best=best_office, best_index=best)


class _CallableModule(types.ModuleType):
    """Lets ``peaceplan.capacity(...)`` call :func:`capacity` while staying a module."""

    def __call__(
        self,
        office: Office,
        portfolio: Portfolio,
        years: float = 10,
        draws: int = 1000,
        seed: int = 0,
        **kwargs: float,
    ) -> CapacityResult:
        return capacity(office, portfolio, years, draws, seed, **kwargs)  # type: ignore[arg-type]


sys.modules[__name__].__class__ = _CallableModule
