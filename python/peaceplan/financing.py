"""Financing overview: committed, pledged, received and gap by source kind, source, intervention
and over time, for a plan (``Plan.financing``) and across Monte Carlo draws
(``Simulation.financing``).

Every number comes from the core (``peaceplan._core._stats_plan_financing``,
``_stats_sim_money``, ``_stats_sim_bands``, ``_stats_spread``; Rust ``simulate::financing``): a
plan's draws on each source and its inflows, summed and compared there; a simulation's cost
charged to each source, realised inflows and pooled largest gap per draw (the engine's
``cost:<source>``, ``received:<source>`` and ``funding_gap`` columns) summarised there with the
one quantile rule (``docs/statistics.md``). This module only arranges them in tables.

Definitions (US$):

- *pledged*: the sum of the pledges as promised (every pledge, its full amount);
- *received*: cash that arrives (a plan: every pledge at its point; a simulation: the realised
  pledges of each draw, after probability, delay and share);
- *committed*: cost of interventions charged to the source;
- *gap*: the largest shortfall over time of money committed over money received (a plan: per
  source and per kind, exact, including the moment just before an inflow arrives; a
  simulation: pooled over sources, per draw, then P50/P80: the ``funding_gap_usd`` row of
  ``Simulation.summary``).

Examples
--------
>>> import peaceplan as pp
>>> plan = pp.examples.postwar_country().schedule()
>>> plan.financing().index.tolist()
['assessed', 'voluntary', 'grant', 'other', 'total']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from peaceplan import _core
from peaceplan._wrap import core_of
from peaceplan.errors import ArgumentError

if TYPE_CHECKING:
    from peaceplan.plan import Plan
    from peaceplan.scenario import Scenario
    from peaceplan.simulation import Simulation

__all__ = ["KINDS", "plan_financing", "simulation_financing"]

#: The four kinds of money of the founding note, in report order.
KINDS = ("assessed", "voluntary", "grant", "other")

_MONEY_COLUMNS = [
    "pledged_usd",
    "received_mean",
    "received_p50",
    "received_p20",
    "committed_mean",
    "committed_p50",
    "committed_p80",
]


def _plan_table(plan: Plan, by: str) -> pd.DataFrame:
    """The core's plan financing (``kind``, ``source`` or ``time``) as a table."""
    cols = _core._stats_plan_financing(core_of(plan), by)
    if by == "time":
        return pd.DataFrame(cols)
    return pd.DataFrame(cols).set_index(by)


def plan_financing(plan: Plan, by: str = "kind") -> pd.DataFrame:
    """Financing of a plan by source kind, source, intervention or over time.

    Parameters
    ----------
    plan : Plan
        A plan (``Scenario.schedule`` or ``Scenario.cpm``).
    by : {"kind", "source", "intervention", "time"}
        ``kind``: one row per kind of money and a ``total`` row; ``source``: one row per source
        (with its kind); ``intervention``: cost, US$ drawn on each source, funded and unfunded;
        ``time``: cumulative received and committed per month (total and per kind) and the gap.
        Received counts inflows up to the plan's finish.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import peaceplan as pp
    >>> plan = pp.examples.postwar_country().schedule()
    >>> src = plan.financing("source")
    >>> bool((src["committed_usd"] <= src["pledged_usd"] + 1e-6).all())
    True
    >>> plan.financing("time").columns[:4].tolist()
    ['months', 'received_usd', 'committed_usd', 'gap_usd']
    """
    if by in ("kind", "source", "time"):
        out = _plan_table(plan, by)
        if by == "source":
            out = out[["kind", "pledged_usd", "received_usd", "committed_usd", "gap_usd"]]
        return out
    if by == "intervention":
        table = pd.DataFrame(plan.funding_table())
        draws = pd.DataFrame(plan.draw_table())
        cols = plan.columns()
        out = pd.DataFrame(
            {
                "id": cols["id"],
                "name": cols["name"],
                "start": cols["start"],
                "cost_usd": cols["cost_usd"],
            }
        ).set_index("id")
        wide = draws.pivot_table(
            index="intervention", columns="source", values="amount_usd", aggfunc="sum"
        )
        for s in table["source"]:
            out[f"from:{s}"] = wide[s].reindex(out.index).fillna(0.0) if s in wide else 0.0
        out["funded_usd"] = out[[c for c in out.columns if c.startswith("from:")]].sum(axis=1)
        out["unfunded_usd"] = (out["cost_usd"] - out["funded_usd"]).clip(lower=0.0)
        return out
    raise ArgumentError(f"by: expected kind, source, intervention or time, got {by!r}")


def _sources(scenario: Scenario) -> pd.DataFrame:
    doc = scenario.to_dict()
    return pd.DataFrame(
        [
            {
                "source": s["id"],
                "kind": s["kind"],
                "pledged_usd": float(sum(p["amount_usd"] for p in s.get("pledges", []))),
            }
            for s in doc.get("sources", [])
        ],
        columns=["source", "kind", "pledged_usd"],
    )


def _stats(prefix: str, values: np.ndarray, low: bool = False) -> dict[str, float]:
    """Mean, P50 and P80 (P20 with ``low``) of the finite values, from the core."""
    mean, p50, tail = _core._stats_spread(
        np.ascontiguousarray(values, dtype=float), 0.2 if low else 0.8
    )
    return {
        f"{prefix}_mean": mean,
        f"{prefix}_p50": p50,
        f"{prefix}_{'p20' if low else 'p80'}": tail,
    }


def _simulation_interventions(sim: Simulation) -> pd.DataFrame:
    """Mean committed, funded and unfunded US$ per intervention over the feasible draws."""
    m = sim.money_table()
    feasible = int(np.count_nonzero(~np.asarray(sim.columns["infeasible"], dtype=bool)))
    names = {i["id"]: i.get("name", i["id"]) for i in sim.scenario.to_dict()["interventions"]}
    div = feasible if feasible else np.nan
    out = pd.DataFrame(
        {
            "id": m["id"],
            "name": [names.get(i, i) for i in m["id"]],
            "committed_mean_usd": np.asarray(m["committed_usd_sum"], float) / div,
            "funded_mean_usd": np.asarray(m["funded_usd_sum"], float) / div,
            "gap_mean_usd": np.asarray(m["unfunded_usd_sum"], float) / div,
            "shortfall_mean_usd": np.asarray(m["shortfall_usd_sum"], float) / div,
            "p_happens": np.asarray(m["happened"], float) / max(sim.draws, 1),
        }
    )
    return out.set_index("id")


def simulation_financing(sim: Simulation, by: str = "kind") -> pd.DataFrame:
    """Financing across the draws of a simulation, by source kind, source, intervention or time.

    Money needed takes its P80 (exceeded in 20% of draws); money in takes its P20 (80% of draws
    receive at least this): the pessimistic side of each.

    Parameters
    ----------
    sim : Simulation
    by : {"kind", "source", "intervention", "time"}
        ``kind`` and ``source``: pledged, received (mean, P50, P20), committed (mean, P50, P80);
        the ``total`` row of ``kind`` adds the pooled gap and unfunded cost (mean, P50, P80).
        ``intervention``: one row per intervention (index ``id``) with ``name``, the means over
        feasible draws of its committed cost (0 where it did not happen), of the part charged to
        its sources (in order of start, against their realised inflows) and of the part left
        unfunded (``committed_mean_usd``, ``funded_mean_usd``, ``gap_mean_usd``, all of the cost
        for an intervention without a source or that never started), ``shortfall_mean_usd``
        (what its pledged sources lacked: mobilised or never started, eligibility respected),
        and ``p_happens``, the share of draws in which it happened. The engine streams these
        sums (exact means, no draws x interventions matrix).
        ``time``: per month of the simulation's cash grid, P50/P80 of money committed, P50/P20
        of money received and P50/P80 of the gap (committed minus received, when positive).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=200, seed=1)
    >>> f = sim.financing()
    >>> bool(f.loc["total", "gap_p80"] >= f.loc["total", "gap_p50"])
    True
    >>> sim.financing("time").columns.tolist()[:3]
    ['months', 'committed_p50', 'committed_p80']
    >>> iv = sim.financing("intervention")
    >>> iv.columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['name', 'committed_mean_usd', 'funded_mean_usd', 'gap_mean_usd', 'shortfall_mean_usd',
     'p_happens']
    >>> parts = iv["funded_mean_usd"] + iv["gap_mean_usd"]
    >>> bool(np.allclose(parts, iv["committed_mean_usd"]))
    True
    """
    cols = sim.columns
    src = _sources(sim.scenario)
    if by == "time":
        grid = np.asarray(cols["cash_grid"], dtype=float)
        bands = _core._stats_sim_bands(
            np.ascontiguousarray(cols["committed_curve"], dtype=float),
            np.ascontiguousarray(cols["received_curve"], dtype=float),
        )
        return pd.DataFrame({"months": grid} | bands)
    if by == "intervention":
        return _simulation_interventions(sim)
    if by not in ("kind", "source"):
        raise ArgumentError(f"by: expected kind, source, intervention or time, got {by!r}")
    sources = list(src["source"])
    keys = sources if by == "source" else list(KINDS)
    kinds = list(src["kind"])
    group = list(range(len(sources))) if by == "source" else [KINDS.index(k) for k in kinds]
    n = sim.draws
    rec = np.zeros((n, len(sources)))
    com = np.zeros((n, len(sources)))
    for j, s in enumerate(sources):
        rec[:, j] = np.asarray(cols[f"received:{s}"], float)
        com[:, j] = np.asarray(cols[f"cost:{s}"], float)
    money = _core._stats_sim_money(rec, com, group, len(keys))
    pledged = [
        float(src.loc[[g == i for g in group], "pledged_usd"].sum()) for i in range(len(keys))
    ]
    out = pd.DataFrame({by: keys, "pledged_usd": pledged} | money).set_index(by)
    out = out[_MONEY_COLUMNS]
    if by == "source":
        out.insert(0, "kind", kinds)
        return out
    total = {"pledged_usd": out["pledged_usd"].sum()}
    pooled = _core._stats_sim_money(rec, com, [0] * len(sources), 1)
    total |= {k: v[0] for k, v in pooled.items()}
    total |= _stats("gap", np.asarray(cols["funding_gap"], float))
    total |= _stats("unfunded", np.asarray(cols["unfunded"], float))
    out.loc["total", list(total)] = list(total.values())
    return out
