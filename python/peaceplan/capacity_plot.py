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

    from peaceplan.capacity_result import CapacityResult

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
        ax.set_ylabel(f"{section}\n(FTE)", fontsize="small")
        ax.legend(loc="upper left", fontsize="x-small")
    qax = axes[-1]
    qax.step(t, result.queue, where="post", color=CRITICAL_COLOUR)
    qax.set_ylabel("new situations\nwaiting (count)", fontsize="small")
    qax.set_xlabel("months from start (mean over draws)")
    return fig


def capacity_waits(result: CapacityResult, *, width: float = 10.0) -> Figure:
    """Waits until a new situation's team is in place, censored waits included.

    Left: histogram of the waits of situations that got a team, with the share still waiting
    at the horizon. Right: the Kaplan-Meier estimate of P(wait > t) (computed in the core), which
    counts the situations still waiting at the horizon as waiting at least that long; where it
    stops, nobody is left at risk and the rest of the curve is unknown (shaded).

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
    >>> "censored" in fig.axes[1].get_title()
    True
    """
    f = result.figures()
    km = result.wait_survival()
    waits = np.asarray(result.waits)
    threshold = f["threshold_months"]
    horizon = f["horizon_months"]
    censored = f["censored_share"]
    fig, (hax, sax) = _new_figure(width, 3.8, ncols=2)
    if waits.size:
        hax.hist(waits, bins=40, color=TASK_COLOUR)
    hax.set_title(
        f"Waits of situations that got a team\n({censored:.0%} still waiting at the horizon "
        "are not in this histogram)",
        fontsize="small",
    )
    hax.set_xlabel("wait until the team is in place (months)")
    hax.set_ylabel("situations (first draws)")
    months, surv = km["months"], km["p_wait_over"]
    if surv.size:
        sax.plot(months, surv, color=CRITICAL_COLOUR, label="Kaplan-Meier P(wait > t)")
        end = months[-1]
        last = surv[-1]
        if last >= 0.005:
            sax.axvspan(end, max(horizon, end), color="#dddddd", alpha=0.6, label="not identified")
            sax.annotate(
                f"{last:.0%} still waiting\nafter {end:.0f} months",
                xy=(end, last),
                xytext=(-8, 8),
                textcoords="offset points",
                ha="right",
                fontsize="x-small",
            )
    sax.axvline(threshold, color="#888888", linestyle="--", linewidth=1, label="threshold")
    sax.set_ylim(0, 1.02)
    sax.set_xlim(0, max(horizon, 1.0))
    sax.set_title(
        f"P(wait > t), censored waits counted ({km['censored']:,} of "
        f"{km['started'] + km['censored']:,} censored)",
        fontsize="small",
    )
    sax.set_xlabel("t (months since referral)")
    sax.set_ylabel("P(wait > t)")
    sax.legend(loc="upper right", fontsize="x-small")
    return fig
