"""Tables of a Monte Carlo :class:`~peaceplan.Simulation` (pandas DataFrames).

The numbers are computed in the Rust core; this module only arranges them. Quantiles use the
inverted empirical CDF (NumPy ``method="inverted_cdf"``), the rule pinned in the core.

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

if TYPE_CHECKING:
    from peaceplan._core import Simulation

__all__ = ["QUANTILES", "criticality", "merge_bias", "risk_drivers", "summary"]

QUANTILES = (0.1, 0.5, 0.8, 0.9)


def _row(values: np.ndarray) -> dict[str, float]:
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    out: dict[str, float] = {}
    for q in QUANTILES:
        out[f"P{round(q * 100)}"] = (
            float(np.quantile(v, q, method="inverted_cdf")) if v.size else np.nan
        )
    finite = v[np.isfinite(v)]
    out["mean"] = float(finite.mean()) if finite.size else np.nan
    out["happens"] = v.size / max(len(values), 1)
    return out


def summary(sim: Simulation) -> pd.DataFrame:
    """P10/P50/P80/P90 and mean of the finish: project, each situation, each milestone.

    Also the funding gap and the relapse risks (rows of kind ``money`` and ``relapse``).
    A milestone that does not happen in every draw is summarised over the draws where it does
    (column ``happens``).

    Parameters
    ----------
    sim : Simulation

    Returns
    -------
    pandas.DataFrame
        Indexed by name, with columns ``kind``, ``P10``, ``P50``, ``P80``, ``P90``, ``mean``,
        ``happens``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=300, seed=2)
    >>> summary = pp.risk.summary(sim)
    >>> bool(summary.loc["project", "P80"] >= summary.loc["project", "P50"])
    True
    """
    rows: dict[str, dict[str, float | str]] = {}
    rows["project"] = {"kind": "project", **_row(sim.finish)}
    cols = sim.columns
    for s in sim.situation_ids:
        rows[s] = {"kind": "situation", **_row(cols[f"finish:{s}"])}
    if "finish_matrix" in cols and "duration" in cols:
        fm, dur = cols["finish_matrix"], cols["duration"]
        for i, iv in enumerate(sim.intervention_ids):
            if np.all(np.nan_to_num(dur[:, i]) == 0.0):
                rows[iv] = {"kind": "milestone", **_row(fm[:, i])}
    rows["funding_gap_usd"] = {"kind": "money", **_row(cols["funding_gap"])}
    rows["relapse_5y"] = {"kind": "relapse", **_row(cols["relapse_5y"])}
    rows["relapse_10y"] = {"kind": "relapse", **_row(cols["relapse_10y"])}
    return pd.DataFrame.from_dict(rows, orient="index")


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
