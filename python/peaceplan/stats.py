"""The core's one quantile rule, for numbers a notebook or script already holds.

Every P-value peaceplan shows (``sim.pvalue``, ``sim.summary()``, ``sim.financing()``,
``pp.compare``, ``pp.progress.assess``, the study results, the figures' marks and titles) is
computed in the Rust core by the inverted empirical CDF, ``P_q = inf{t : F(t) >= q}``: the
``ceil(q N)``-th smallest of the ``N`` values, never an interpolation between two draws (NumPy's
``method="inverted_cdf"``; see ``docs/statistics.md``). Use :func:`quantile` for a P-value of
your own columns so that it agrees with the tables to the last digit.

Examples
--------
>>> import peaceplan as pp
>>> pp.stats.quantile([4.0, 1.0, 3.0, 2.0, 5.0], 0.8)
4.0
>>> pp.stats.quantile([1.0, float("nan"), 3.0], 0.5)  # NaN (did not happen) is ignored
1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from peaceplan import _core

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["quantile", "quantiles"]


def quantile(values: ArrayLike, q: float) -> float:
    """``P_q`` of ``values`` by the inverted empirical CDF (NaN ignored; NaN when none is left).

    Examples
    --------
    >>> import peaceplan as pp
    >>> pp.stats.quantile(range(1, 11), 0.8)  # the 8th of 10, no interpolation
    8.0
    """
    return float(_core._stats_quantile(np.ascontiguousarray(values, dtype=float), float(q)))


def quantiles(values: ArrayLike, qs: ArrayLike) -> np.ndarray:
    """``P_q`` of each column of a 2-D array for each ``q`` of ``qs``: ``len(qs) x columns``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> pp.stats.quantiles([[1.0, 30.0], [2.0, 20.0], [3.0, 10.0]], [0.5, 1.0]).tolist()
    [[2.0, 20.0], [3.0, 30.0]]
    """
    v = np.ascontiguousarray(values, dtype=float)
    if v.ndim != 2:
        v = v.reshape(len(v), -1)
    return _core._stats_quantiles(v, [float(q) for q in np.atleast_1d(qs)])
