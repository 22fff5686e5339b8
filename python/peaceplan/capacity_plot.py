"""matplotlib figures of a capacity run (:func:`peaceplan.capacity`).

Same conventions as :mod:`peaceplan.plot`. ``CapacityResult.plot_utilisation()`` and
``CapacityResult.plot_waits()`` call the functions below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from peaceplan._style import CRITICAL_COLOUR, FLOAT_COLOUR, TASK_COLOUR
from peaceplan._style import new_figure as _new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from peaceplan._core import CapacityResult

__all__ = ["capacity_utilisation", "capacity_waits"]


def capacity_utilisation(
    result: CapacityResult, sections: list[str] | None = None, *, width: float = 10.0
) -> Figure:
    """Staff on duty and in use per section over time, and the queue of new situations.

    Parameters
    ----------
    result : CapacityResult
        From :func:`peaceplan.capacity`.
    sections : list of str, optional
        Sections to draw (default: those with staff in use at some time).
    width : float, default 10
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), draws=10)
    >>> fig = r.plot_utilisation()
    >>> len(fig.axes) >= 2
    True
    """
    busy, duty, t = result.busy_fte, result.duty_fte, result.bin_starts
    ids = result.sections
    chosen = sections or [s for i, s in enumerate(ids) if busy[i].max() > 0]
    fig, axes = _new_figure(width, 2.0 * (len(chosen) + 1), nrows=len(chosen) + 1, sharex=True)
    axes = np.atleast_1d(axes)
    for ax, section in zip(axes, chosen, strict=False):
        i = ids.index(section)
        ax.step(t, duty[i], where="post", color=FLOAT_COLOUR, label="on duty (FTE)")
        ax.fill_between(t, busy[i], step="post", color=TASK_COLOUR, alpha=0.8, label="in use")
        ax.set_ylabel(section, fontsize="small")
        ax.legend(loc="upper left", fontsize="x-small")
    qax = axes[-1]
    qax.step(t, result.queue, where="post", color=CRITICAL_COLOUR)
    qax.set_ylabel("waiting\nsituations", fontsize="small")
    qax.set_xlabel("months from start (mean over draws)")
    return fig


def capacity_waits(result: CapacityResult, *, width: float = 10.0) -> Figure:
    """Waits until a new situation's team is in place: histogram and P(wait > t).

    Parameters
    ----------
    result : CapacityResult
        From :func:`peaceplan.capacity`.
    width : float, default 10
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), draws=10)
    >>> fig = r.plot_waits()
    """
    waits = np.sort(result.waits)
    fig, (hax, sax) = _new_figure(width, 3.5, ncols=2)
    if waits.size:
        hax.hist(waits, bins=40, color=TASK_COLOUR)
        surv = 1.0 - np.arange(1, waits.size + 1) / waits.size
        sax.step(waits, surv, where="post", color=CRITICAL_COLOUR)
    threshold = result.figures()["threshold_months"]
    sax.axvline(threshold, color="#888888", linestyle="--", linewidth=1)
    hax.set_xlabel("wait until the team is in place (months)")
    hax.set_ylabel("situations")
    sax.set_xlabel("months")
    sax.set_ylabel("P(wait > t)")
    return fig
