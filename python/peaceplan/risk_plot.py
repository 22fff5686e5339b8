"""Figures of a Monte Carlo :class:`~peaceplan.Simulation` (matplotlib).

Examples
--------
>>> import peaceplan as pp
>>> sim = pp.examples.postwar_country().simulate(draws=200, seed=3)
>>> ax = pp.risk_plot.plot_cdf(sim)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np

from peaceplan import _core

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from peaceplan.simulation import Simulation

__all__ = ["plot_cdf", "plot_histogram", "plot_tornado"]


def _values(sim: Simulation, of: str | None) -> np.ndarray:
    """The finishes of the draws in which it happens (NaN dropped; ``inf``, never done, kept)."""
    v = np.asarray(sim.finish if of is None else sim.finish_of(of), dtype=float)
    return np.ascontiguousarray(v[~np.isnan(v)])


def _marks(v: np.ndarray) -> list[tuple[float, float]]:
    """``(q, P_q)`` of the P50 and P80 the figures mark, from the core (the figures of
    ``sim.summary()``); a P-value that is ``inf`` (censored draws) is not marked."""
    out = [(q, _core._stats_quantile(v, q)) for q in (0.5, 0.8)] if v.size else []
    return [(q, p) for q, p in out if np.isfinite(p)]


def _axes(ax: Any) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    return ax


def plot_cdf(sim: Simulation, of: str | None = None, ax: Axes | None = None) -> Axes:
    """S-curve: share of draws finished by each month, with P50, P80 and the deterministic date.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=200, seed=3)
    >>> ax = sim.plot_cdf()
    """
    ax = _axes(ax)
    v = np.sort(_values(sim, of))
    if v.size:
        done = v[np.isfinite(v)]
        ax.step(done, np.arange(1, done.size + 1) / v.size, where="post", label=of or "project")
        for q, p in _marks(v):
            ax.axvline(p, ls=":", c="grey")
            ax.annotate(f"P{round(q * 100)} {p:.1f}", (p, q), fontsize=8)
    if of is None:
        ax.axvline(sim.deterministic_finish, c="C3", ls="--", label="deterministic")
    ax.set_xlabel("finish (months from start)")
    ax.set_ylabel("probability of finishing by then")
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right")
    return ax


def plot_histogram(
    sim: Simulation, of: str | None = None, ax: Axes | None = None, bins: int = 40
) -> Axes:
    """Histogram of the finish with P50 and P80 marked.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=200, seed=3)
    >>> ax = sim.plot_histogram()
    """
    ax = _axes(ax)
    v = _values(sim, of)
    ax.hist(v[np.isfinite(v)], bins=bins, color="C0", alpha=0.8)
    for _, p in _marks(v):
        ax.axvline(p, ls=":", c="k")
    ax.set_xlabel("finish (months from start)")
    ax.set_ylabel("draws")
    return ax


def plot_tornado(sim: Simulation, top: int = 10, ax: Axes | None = None) -> Axes:
    """Tornado of the signed Spearman cruciality of each intervention's duration.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=200, seed=3)
    >>> ax = sim.plot_tornado(top=5)
    """
    import pandas as pd

    ax = _axes(ax)
    t = pd.DataFrame(sim.criticality_table()).set_index("id")["cruciality"].dropna()
    t = t.reindex(t.abs().sort_values(ascending=True).index)[-top:]
    ax.barh(t.index, t.to_numpy(), color=["C3" if x > 0 else "C2" for x in t])
    ax.axvline(0, c="k", lw=0.8)
    ax.set_xlabel("Spearman correlation of duration with finish")
    return ax
