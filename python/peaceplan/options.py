"""Options compared in one call: every option simulated with the same seed, one table of outcomes
and which option wins on each.

Common random numbers: each draw's random stream depends only on ``(seed, draw)`` and is consumed
in a fixed order (interventions, then risks, then pledges, in file order). Options built from one
scenario with the builder methods (``with_link``, ``without_link``, ``with_mode`` ...) keep their
elements in the same order, so draw ``k`` of every option sees the same durations, costs, risk
events and pledges: the differences in the table come from the options, not from sampling noise.
Options whose interventions, risks or pledges differ in number or order share fewer numbers.

Examples
--------
>>> import peaceplan as pp
>>> sc = pp.examples.postwar_country()
>>> table = pp.compare({"as planned": sc, "overlap": sc.with_link("dd", "el", "SS", 6)},
...                    draws=200, seed=1)
>>> "best" in table.columns
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from peaceplan.errors import ArgumentError

if TYPE_CHECKING:
    from peaceplan._core import Scenario, Simulation

__all__ = ["compare", "milestones"]


def milestones(scenario: Scenario) -> list[str]:
    """Ids of the zero-duration interventions (milestones), in file order.

    Examples
    --------
    >>> import peaceplan as pp
    >>> ms = pp.options.milestones(pp.examples.postwar_country())
    >>> len(ms) > 0
    True
    """
    doc = scenario.to_dict()
    return [iv["id"] for iv in doc.get("interventions", []) if iv["duration_months"] == 0]


def _q(values: Any, q: float) -> float:
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    return float(np.quantile(v, q)) if v.size else float("nan")


def _rows(sim: Simulation, scenario: Scenario) -> dict[tuple[str, str], float]:
    cols = sim.columns
    out: dict[tuple[str, str], float] = {}
    for q, label in ((0.5, "P50"), (0.8, "P80")):
        out[("finish", f"project finish {label} (months)")] = _q(cols["finish"], q)
    for sit in sim.situation_ids:
        for q, label in ((0.5, "P50"), (0.8, "P80")):
            out[("finish", f"{sit} finish {label} (months)")] = _q(cols[f"finish:{sit}"], q)
    if "finish_matrix" in cols:
        for m in milestones(scenario):
            f = sim.finish_of(m)
            for q, label in ((0.5, "P50"), (0.8, "P80")):
                out[("finish", f"{m} {label} (months)")] = _q(f, q)
    for s in scenario.source_ids:
        out[("cost", f"cost from {s}, mean (US$)")] = float(np.nanmean(cols[f"cost:{s}"]))
    out[("cost", "total cost, mean (US$)")] = float(np.nanmean(cols["cost"]))
    out[("money", "largest funding gap P80 (US$)")] = _q(cols["funding_gap"], 0.8)
    out[("money", "unfunded cost P80 (US$)")] = _q(cols["unfunded"], 0.8)
    for p in scenario.pool_ids:
        out[("staff", f"peak staff {p} P80 (FTE)")] = _q(cols[f"peak_staff:{p}"], 0.8)
    out[("relapse", "relapse risk within 5 years (mean)")] = float(np.nanmean(cols["relapse_5y"]))
    out[("relapse", "relapse risk within 10 years (mean)")] = float(np.nanmean(cols["relapse_10y"]))
    return out


def compare(
    options: dict[str, Scenario],
    draws: int = 2000,
    seed: int = 0,
    *,
    return_simulations: bool = False,
    **simulate: Any,
) -> pd.DataFrame | tuple[pd.DataFrame, dict[str, Simulation]]:
    """Simulate every option with the same seed and tabulate the outcomes side by side.

    Parameters
    ----------
    options : dict of str to Scenario
        Option name -> scenario (at least one).
    draws : int, default 2000
        Draws per option.
    seed : int, default 0
        The same seed for every option (common random numbers, see the module help).
    return_simulations : bool, default False
        Also return the simulations by option name: ``(table, {name: Simulation})``.
    **simulate
        Further keyword arguments of ``Scenario.simulate`` (``engine``, ``lhs`` ...).

    Returns
    -------
    pandas.DataFrame
        Index (group, metric): P50/P80 finish of the project, each situation and each milestone,
        mean cost by source and in total, the P80 largest funding gap and unfunded cost, the P80
        peak staff per pool and the mean relapse risk at 5 and 10 years; one column per option;
        ``best``: the option with the lowest value (every metric is better lower; ``tie`` when
        equal, empty when no option has it).

    Raises
    ------
    ArgumentError
        No options, or an option that is not a Scenario.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.postwar_country()
    >>> t = pp.compare({"A": sc, "B": sc}, draws=100, seed=3)
    >>> bool((t["A"].fillna(0) == t["B"].fillna(0)).all())  # same seed, same futures
    True
    """
    from peaceplan._core import Scenario

    if not options:
        raise ArgumentError("options: give at least one {name: scenario}")
    sims: dict[str, Simulation] = {}
    rows: dict[str, dict[tuple[str, str], float]] = {}
    for name, sc in options.items():
        if not isinstance(sc, Scenario):
            raise ArgumentError(f"options[{name!r}]: expected a Scenario, got {type(sc).__name__}")
        sim = sc.simulate(draws=draws, seed=seed, **simulate)
        sims[name] = sim
        rows[name] = _rows(sim, sc)
    keys: list[tuple[str, str]] = []
    for r in rows.values():
        keys += [k for k in r if k not in keys]
    table = pd.DataFrame(
        {name: [r.get(k, np.nan) for k in keys] for name, r in rows.items()},
        index=pd.MultiIndex.from_tuples(keys, names=["group", "metric"]),
    )
    best = []
    for _, values in table.iterrows():
        v = values.dropna()
        if v.empty:
            best.append("")
            continue
        winners = v.index[np.isclose(v.to_numpy(float), v.min(), rtol=1e-9, atol=1e-9)]
        best.append(winners[0] if len(winners) == 1 else "tie")
    table["best"] = best
    return (table, sims) if return_simulations else table
