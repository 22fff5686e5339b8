"""Tables of a Monte Carlo :class:`~peaceplan.Simulation` (pandas DataFrames).

The numbers are computed in the Rust core; this module only arranges them. Quantiles use the
inverted empirical CDF (NumPy ``method="inverted_cdf"``), the rule pinned in the core
(``docs/statistics.md``), computed there (``_core._stats_describe``).

Examples
--------
>>> import peaceplan as pp
>>> sim = pp.examples.postwar_country().simulate(draws=300, seed=2)
>>> list(pp.risk.summary(sim).columns)[:3]
['kind', 'P10', 'P50']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from peaceplan import _core

if TYPE_CHECKING:
    from peaceplan.simulation import Simulation

__all__ = [
    "QUANTILES",
    "criticality",
    "deadlines",
    "funded_by",
    "merge_bias",
    "risk_drivers",
    "summary",
    "unfunded",
]

QUANTILES = (0.1, 0.5, 0.8, 0.9)


def _row(values: np.ndarray) -> dict[str, float]:
    """P-values, mean and shares of one column (NaN = did not happen; inf = never done).

    ``inf`` is a censored value (work that never starts), kept in the P-values (a P80 of
    ``inf`` says that more than 20 % of draws never finish); the mean is then undefined (NaN).
    """
    qs, mean, censored, happens = _core._stats_describe(
        np.ascontiguousarray(values, dtype=float), list(QUANTILES)
    )
    out: dict[str, float] = {f"P{round(q * 100)}": p for q, p in zip(QUANTILES, qs, strict=True)}
    out["mean"], out["censored"], out["happens"] = mean, censored, happens
    return out


def _share(flags: np.ndarray) -> dict[str, float | str]:
    """A row holding the share of draws where ``flags`` is true (in ``mean``)."""
    return {"kind": "money", "mean": float(np.mean(flags)) if len(flags) else np.nan}


def summary(sim: Simulation) -> pd.DataFrame:
    """P10/P50/P80/P90 and mean of the finish: project, each situation, each milestone.

    ``project`` is the finish of all work: ``inf`` in a draw where some work never starts
    because its money never arrives (``censored`` gives that share; the mean is then NaN, the
    P-values stay exact and read ``inf`` once the share exceeds 1 - q); ``project (funded
    work)`` is the finish of the work that started. Rows of kind ``money``: the money missing
    (funding gap, in total and per source that lacks any), and the shares of draws in which
    pledges fell short (``draws short of money``) and in which work never started (``draws
    with unfunded work``), in ``mean``. Rows of kind ``deadline``: interventions with a
    deadline, with ``on_time`` = P(finish by the deadline). Rows of kind ``relapse``: the
    relapse risks. A milestone that does not happen in every draw is summarised over the draws
    where it does (column ``happens``).

    Parameters
    ----------
    sim : Simulation

    Returns
    -------
    pandas.DataFrame
        Indexed by name, with columns ``kind``, ``P10``, ``P50``, ``P80``, ``P90``, ``mean``,
        ``censored``, ``happens``, ``on_time``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=300, seed=2)
    >>> summary = pp.risk.summary(sim)
    >>> bool(summary.loc["project", "P80"] >= summary.loc["project", "P50"])
    True
    """
    rows: dict[str, dict[str, float | str]] = {}
    cols = sim.columns
    rows["project"] = {"kind": "project", **_row(sim.finish)}
    rows["project (funded work)"] = {"kind": "project", **_row(cols["finish_funded"])}
    for s in sim.situation_ids:
        rows[s] = {"kind": "situation", **_row(cols[f"finish:{s}"])}
    deadlines = sim.deadline_table()
    on_time = dict(zip(deadlines["id"], deadlines["on_time"], strict=True))
    if "finish_matrix" in cols and "duration" in cols:
        fm, dur = cols["finish_matrix"], cols["duration"]
        for i, iv in enumerate(sim.intervention_ids):
            if iv in on_time:
                rows[iv] = {"kind": "deadline", **_row(fm[:, i]), "on_time": on_time[iv]}
            elif np.all(np.nan_to_num(dur[:, i]) == 0.0):
                rows[iv] = {"kind": "milestone", **_row(fm[:, i])}
    else:
        for iv, p in on_time.items():
            rows[iv] = {"kind": "deadline", "on_time": p}
    rows["funding_gap_usd"] = {"kind": "money", **_row(cols["funding_gap"])}
    for name in [c for c in cols if c.startswith("gap:")]:
        gap = np.asarray(cols[name], float)
        if np.nanmax(gap, initial=0.0) > 0.0:
            rows[f"funding_gap_usd:{name[4:]}"] = {"kind": "money", **_row(gap)}
    rows["draws short of money"] = _share(np.asarray(cols["money_short"]))
    rows["draws with unfunded work"] = _share(np.asarray(cols["unfunded_count"]) > 0)
    rows["relapse_5y"] = {"kind": "relapse", **_row(cols["relapse_5y"])}
    rows["relapse_10y"] = {"kind": "relapse", **_row(cols["relapse_10y"])}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    if "on_time" not in frame:
        frame["on_time"] = np.nan
    return frame


def unfunded(sim: Simulation) -> pd.DataFrame:
    """Per intervention, the share of draws in which money kept it from starting or was mobilised.

    ``unfunded``: its pledged money never arrived and it never started; ``held``: a predecessor
    never started; ``mobilised``: its pledges fell short and it started on money mobilised for
    it (a source with ``mobilisation_lag_months``). Most affected first.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=300, seed=2)
    >>> pp.risk.unfunded(sim).columns.tolist()
    ['unfunded', 'held', 'mobilised']
    """
    df = pd.DataFrame(sim.unfunded_table()).set_index("id")
    order = (df["unfunded"] + df["held"] + df["mobilised"]).sort_values(ascending=False)
    return df.loc[order.index]


def deadlines(sim: Simulation) -> pd.DataFrame:
    """P(on time) per intervention with a deadline: the share of draws finishing by it.

    Work that never starts (money that never arrives) counts as late.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.political_transition().simulate(draws=300, seed=2)
    >>> pp.risk.deadlines(sim).columns.tolist()
    ['deadline_months', 'on_time']
    """
    return pd.DataFrame(sim.deadline_table()).set_index("id")


def funded_by(sim: Simulation) -> pd.DataFrame:
    """P(funded by month t): per intervention (columns), the share of draws in which it had
    started, its money committed, by each month of the cash grid (index, ``months``).

    Empty when money does not constrain the run.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=300, seed=2)
    >>> bool(pp.risk.funded_by(sim)["el"].is_monotonic_increasing)
    True
    """
    t = sim.funded_by_table()
    p = np.asarray(t["p"], float)
    if p.size == 0:
        return pd.DataFrame(index=pd.Index(t["months"], name="months"))
    return pd.DataFrame(p.T, index=pd.Index(t["months"], name="months"), columns=t["id"])


def criticality(sim: Simulation) -> pd.DataFrame:
    """Criticality index, signed Spearman cruciality and SSI per intervention.

    ``criticality``: share of draws on a driving path; ``cruciality``: Spearman correlation of
    the sampled duration with the project finish (signed: negative means lengthening it shortens
    the project); ``ssi`` = criticality x sd(duration) / sd(finish).

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=300, seed=2)
    >>> pp.risk.criticality(sim).columns.tolist()
    ['criticality', 'cruciality', 'ssi', 'happens']
    """
    df = pd.DataFrame(sim.criticality_table()).set_index("id")
    return df.sort_values(["criticality", "ssi"], ascending=False)


def risk_drivers(sim: Simulation, q: float = 0.8) -> pd.DataFrame:
    """Each risk's effect on ``P_q`` of the finish, and the waterfall (AACE 57R-09).

    ``alone`` = P_q(all risks) - P_q(all but this one); ``waterfall`` = the drop when the risk is
    removed after those above it; the steps add up to P_q(all) - P_q(none).

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=200, seed=2)
    >>> drivers = pp.risk.risk_drivers(sim)
    >>> sorted(drivers.index) == sorted(sim.risk_ids)
    True
    """
    t = sim.risk_drivers_table(q)
    p_all = t.pop("p_all")
    df = pd.DataFrame(t).set_index("id")
    df.attrs["p_all"] = p_all
    df.attrs["q"] = q
    return df


def merge_bias(sim: Simulation) -> pd.DataFrame:
    """Merge bias per merge node: ``E[max] - max E`` of its predecessors' demands, months.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=200, seed=2)
    >>> bool((pp.risk.merge_bias(sim)["bias"] >= -1e-9).all())
    True
    """
    return pd.DataFrame(sim.merge_bias_table()).set_index("id")
