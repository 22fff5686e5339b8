"""Financing overview: committed, pledged, received and gap by source kind, source, intervention
and over time, for a plan (``Plan.financing``) and across Monte Carlo draws
(``Simulation.financing``).

The numbers come from the core: a plan's draws on each source and the inflows at the plan's point
(``Plan.draw_table``, ``Plan.inflow_table``); a simulation's cost charged to each source, realised
inflows and cumulative curves of money needed and money received on a common time grid
(``Simulation.columns``). This module only arranges them in tables.

Definitions (US$):

- *pledged*: the sum of the pledges as promised (every pledge, its full amount);
- *received*: cash that arrives (a plan: every pledge at its point; a simulation: the realised
  pledges of each draw, after probability, delay and share);
- *committed*: cost of interventions charged to the source;
- *gap*: the largest shortfall over time of money committed over money received (a plan: per
  source and per kind; a simulation: pooled over sources, per draw, then P50/P80).

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

from peaceplan.errors import ArgumentError

if TYPE_CHECKING:
    from peaceplan.plan import Plan
    from peaceplan.scenario import Scenario
    from peaceplan.simulation import Simulation

__all__ = ["KINDS", "plan_financing", "simulation_financing"]

#: The four kinds of money of the founding note, in report order.
KINDS = ("assessed", "voluntary", "grant", "other")


def _committed_at(draws: pd.DataFrame, t: np.ndarray) -> np.ndarray:
    """Cumulative committed US$ at each time of ``t`` for the draws (start/over/amount)."""
    if draws.empty:
        return np.zeros(len(t))
    s = draws["start"].to_numpy(float)[:, None]
    over = draws["over"].to_numpy(float)[:, None]
    a = draws["amount_usd"].to_numpy(float)[:, None]
    tt = t[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(over > 0, np.clip((tt - s) / np.where(over > 0, over, 1.0), 0, 1), tt >= s)
    return (a * frac).sum(axis=0)


def _received_at(inflows: pd.DataFrame, t: np.ndarray) -> np.ndarray:
    if inflows.empty:
        return np.zeros(len(t))
    m = inflows["months"].to_numpy(float)[:, None]
    a = inflows["amount_usd"].to_numpy(float)[:, None]
    return (a * (m <= t[None, :])).sum(axis=0)


def _times(draws: pd.DataFrame, inflows: pd.DataFrame, end: float) -> np.ndarray:
    pts = [0.0, end]
    pts += draws["start"].tolist() + (draws["start"] + draws["over"]).tolist()
    pts += inflows["months"].tolist()
    return np.unique(np.asarray([p for p in pts if np.isfinite(p) and p <= end], dtype=float))


def _gap(draws: pd.DataFrame, inflows: pd.DataFrame, end: float) -> float:
    t = _times(draws, inflows, end)
    return float(max(0.0, np.max(_committed_at(draws, t) - _received_at(inflows, t), initial=0.0)))


def _plan_parts(plan: Plan) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    table = pd.DataFrame(plan.funding_table())
    kinds = dict(zip(table["source"], table["kind"], strict=True))
    draws = pd.DataFrame(plan.draw_table())
    inflows = pd.DataFrame(plan.inflow_table())
    for frame in (draws, inflows):
        frame["kind"] = frame["source"].map(kinds)
    return table, draws, inflows


def _plan_rows(
    keys: list[str],
    key: str,
    table: pd.DataFrame,
    draws: pd.DataFrame,
    inflows: pd.DataFrame,
    end: float,
) -> pd.DataFrame:
    rows = []
    for k in keys:
        d, f = draws[draws[key] == k], inflows[inflows[key] == k]
        rows.append(
            {
                key: k,
                "pledged_usd": float(table.loc[table[key] == k, "pledged_usd"].sum()),
                "received_usd": float(f.loc[f["months"] <= end, "amount_usd"].sum()),
                "committed_usd": float(d["amount_usd"].sum()),
                "gap_usd": _gap(d, f, end),
            }
        )
    return pd.DataFrame(rows).set_index(key)


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
    table, draws, inflows = _plan_parts(plan)
    end = float(plan.makespan)
    if by == "source":
        out = _plan_rows(list(table["source"]), "source", table, draws, inflows, end)
        out.insert(0, "kind", list(table["kind"]))
        return out
    if by == "kind":
        out = _plan_rows(list(KINDS), "kind", table, draws, inflows, end)
        total = _plan_rows(
            ["total"],
            "all",
            table.assign(all="total"),
            draws.assign(all="total"),
            inflows.assign(all="total"),
            end,
        )
        total.index.name = "kind"
        return pd.concat([out, total])
    if by == "intervention":
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
    if by == "time":
        last = max([end, *inflows["months"].tolist()]) if len(inflows) else end
        t = np.arange(0.0, np.ceil(last) + 1.0)
        out = pd.DataFrame({"months": t})
        out["received_usd"] = _received_at(inflows, t)
        out["committed_usd"] = _committed_at(draws, t)
        out["gap_usd"] = (out["committed_usd"] - out["received_usd"]).clip(lower=0.0)
        for k in KINDS:
            out[f"received:{k}"] = _received_at(inflows[inflows["kind"] == k], t)
            out[f"committed:{k}"] = _committed_at(draws[draws["kind"] == k], t)
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
    v = values[np.isfinite(values)]
    if v.size == 0:
        return {f"{prefix}_mean": np.nan, f"{prefix}_p50": np.nan, f"{prefix}_p80": np.nan}
    q = 0.2 if low else 0.8
    return {
        f"{prefix}_mean": float(v.mean()),
        f"{prefix}_p50": float(np.quantile(v, 0.5)),
        f"{prefix}_{'p20' if low else 'p80'}": float(np.quantile(v, q)),
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
        com = np.asarray(cols["committed_curve"], dtype=float)
        rec = np.asarray(cols["received_curve"], dtype=float)
        ok = np.isfinite(com).all(axis=1)
        com, rec = com[ok], rec[ok]
        gap = np.clip(com - rec, 0.0, None)
        q = (lambda m, p: np.quantile(m, p, axis=0)) if len(com) else (lambda m, p: np.nan)
        return pd.DataFrame(
            {
                "months": grid,
                "committed_p50": q(com, 0.5),
                "committed_p80": q(com, 0.8),
                "received_p50": q(rec, 0.5),
                "received_p20": q(rec, 0.2),
                "gap_p50": q(gap, 0.5),
                "gap_p80": q(gap, 0.8),
            }
        )
    if by == "intervention":
        return _simulation_interventions(sim)
    if by not in ("kind", "source"):
        raise ArgumentError(f"by: expected kind, source, intervention or time, got {by!r}")
    groups = (
        [[s] for s in src["source"]]
        if by == "source"
        else [list(src.loc[src["kind"] == k, "source"]) for k in KINDS]
    )
    keys = list(src["source"]) if by == "source" else list(KINDS)
    rows = []
    n = sim.draws
    for key, members in zip(keys, groups, strict=True):
        rec = sum((np.asarray(cols[f"received:{s}"], float) for s in members), np.zeros(n))
        com = sum((np.asarray(cols[f"cost:{s}"], float) for s in members), np.zeros(n))
        row = {
            by: key,
            "pledged_usd": float(src.loc[src["source"].isin(members), "pledged_usd"].sum()),
        }
        row |= _stats("received", rec, low=True) | _stats("committed", com)
        rows.append(row)
    out = pd.DataFrame(rows).set_index(by)
    if by == "source":
        out.insert(0, "kind", list(src["kind"]))
        return out
    total = {"pledged_usd": out["pledged_usd"].sum()}
    rec = sum((np.asarray(cols[f"received:{s}"], float) for s in src["source"]), np.zeros(n))
    com = sum((np.asarray(cols[f"cost:{s}"], float) for s in src["source"]), np.zeros(n))
    total |= _stats("received", rec, low=True) | _stats("committed", com)
    total |= _stats("gap", np.asarray(cols["funding_gap"], float))
    total |= _stats("unfunded", np.asarray(cols["unfunded"], float))
    out.loc["total", list(total)] = list(total.values())
    return out
