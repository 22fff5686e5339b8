"""matplotlib figures of peaceplan plans.

Only the object-oriented matplotlib API is used. A function that is given ``ax`` draws on it and
touches nothing else; without ``ax`` it makes its own figure with :func:`matplotlib.pyplot.subplots`
and detaches it from pyplot at once, so that in Jupyter the returned figure is shown exactly once
(as the cell's value) and is freed with its last reference. Show it with ``display(fig)`` or save it
with ``fig.savefig(...)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from peaceplan.frames import DAYS_PER_MONTH

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from numpy.typing import ArrayLike

    from peaceplan._core import CapacityResult, Plan

__all__ = [
    "CRITICAL_COLOUR",
    "FLOAT_COLOUR",
    "TASK_COLOUR",
    "capacity_utilisation",
    "capacity_waits",
    "compare_gantt",
    "gantt",
]

#: Bar colour of critical interventions.
CRITICAL_COLOUR = "#c0392b"
#: Bar colour of the other interventions.
TASK_COLOUR = "#4a78b0"
#: Colour of the total-float bars.
FLOAT_COLOUR = "#c9d7ea"
_MILESTONE_COLOUR = "#333333"
_LABEL_CHARS = 38


def _root_figure(ax: Axes) -> Figure:
    fig = ax.figure
    # A SubFigure's .figure is its parent; walk up to the Figure that owns the canvas.
    while getattr(fig, "figure", fig) is not fig:
        fig = fig.figure
    return fig  # type: ignore[return-value]


def _new_figure(width: float, height: float, **kwargs: Any) -> tuple[Figure, Any]:
    import matplotlib.pyplot as plt  # late: importing peaceplan should not load a backend

    fig, axes = plt.subplots(figsize=(width, height), layout="constrained", **kwargs)
    plt.close(fig)  # detach from pyplot's registry: the caller owns the figure from here on
    return fig, axes


def _label(ident: str, name: str) -> str:
    if not name or name == ident:
        return ident
    if len(name) > _LABEL_CHARS:
        name = name[: _LABEL_CHARS - 1].rstrip() + "…"
    return f"{name} ({ident})"


def _calendar_axis(ax: Axes, start_date: str) -> None:
    origin = mdates.date2num(pd.Timestamp(start_date).to_pydatetime())

    def to_date(months: ArrayLike) -> np.ndarray:
        return origin + np.asarray(months) * DAYS_PER_MONTH

    def to_months(days: ArrayLike) -> np.ndarray:
        return (np.asarray(days) - origin) / DAYS_PER_MONTH

    sec = ax.secondary_xaxis("top", functions=(to_date, to_months))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    sec.xaxis.set_major_locator(locator)
    sec.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    sec.tick_params(labelsize="small")


def gantt(plan: Plan, ax: Axes | None = None, *, title: str | None = None) -> Figure:
    """Gantt chart of a plan with the critical path marked.

    One horizontal bar per intervention, in order of start (earliest at the top). Critical
    interventions are drawn in red, the others in blue followed by a light thin bar as long as
    their total float (how far they may slip without delaying the finish). Milestones
    (zero duration) are diamonds, deadlines short black ticks, and the plan's finish a dashed line.
    The x axis is in months from the start; when the scenario has a ``start_date`` a calendar axis
    is added on top.

    Parameters
    ----------
    plan : Plan
        The plan to draw, e.g. from ``Scenario.cpm()``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on. Without it a new figure is made, sized to the number of interventions.
    title : str, optional
        Axes title; by default the scenario name, the finish and the method. ``""`` for none.

    Returns
    -------
    matplotlib.figure.Figure
        The figure that holds the chart (``ax``'s figure when ``ax`` is given).

    Examples
    --------
    >>> import peaceplan as pp
    >>> plan = pp.examples.postwar_country().cpm()
    >>> fig = pp.plot.gantt(plan)  # same as plan.gantt()
    >>> fig.savefig("gantt.svg")  # doctest: +SKIP
    """
    cols = plan.columns()
    ids = [str(i) for i in cols["id"]]
    names = [str(n) for n in cols["name"]]
    start = np.asarray(cols["start"], dtype=float)
    finish = np.asarray(cols["finish"], dtype=float)
    duration = np.asarray(cols["duration"], dtype=float)
    total_float = np.asarray(cols["total_float"], dtype=float)
    critical = np.asarray(cols["critical"], dtype=bool)
    deadline = np.asarray(cols["deadline"], dtype=float)
    n = len(ids)

    axes: Axes
    if ax is None:
        fig, axes = _new_figure(10.0, max(2.5, 0.3 * n + 1.6))
    else:
        fig, axes = _root_figure(ax), ax

    order = np.lexsort((finish, start))  # by start, ties by finish
    y = np.arange(n, dtype=float)
    s, f, d = start[order], finish[order], duration[order]
    tf, crit, dl = total_float[order], critical[order], deadline[order]

    colours = np.where(crit, CRITICAL_COLOUR, TASK_COLOUR)
    axes.barh(y, d, left=s, height=0.6, color=colours, linewidth=0, label="interventions", zorder=2)
    slack = ~crit & (tf > 0)
    if slack.any():
        axes.barh(
            y[slack],
            tf[slack],
            left=f[slack],
            height=0.2,
            color=FLOAT_COLOUR,
            linewidth=0,
            label="total float",
            zorder=1,
        )
    milestone = d == 0
    if milestone.any():
        axes.scatter(
            s[milestone],
            y[milestone],
            marker="D",
            s=42,
            c=np.where(crit[milestone], CRITICAL_COLOUR, _MILESTONE_COLOUR),
            zorder=3,
            label="milestones",
        )
    has_deadline = np.isfinite(dl)
    if has_deadline.any():
        axes.scatter(
            dl[has_deadline],
            y[has_deadline],
            marker="|",
            s=160,
            c="black",
            linewidths=1.5,
            zorder=4,
            label="deadlines",
        )
    axes.axvline(plan.makespan, color="0.4", linestyle="--", linewidth=0.8, zorder=0)

    axes.set_yticks(y, [_label(ids[i], names[i]) for i in order], fontsize="small")
    for tick, is_crit in zip(axes.get_yticklabels(), crit, strict=True):
        if is_crit:
            tick.set_color(CRITICAL_COLOUR)
    axes.set_ylim(n - 0.5, -0.5)  # earliest at the top
    lo = min(0.0, float(start.min())) if n else 0.0
    ends = [
        plan.makespan,
        *finish,
        *(finish + np.maximum(total_float, 0.0)),
        *deadline[np.isfinite(deadline)],
    ]
    hi = max(ends) if n else 1.0
    span = max(hi - lo, 1.0)
    axes.set_xlim(lo - 0.015 * span, hi + 0.02 * span)  # room for diamonds at the ends
    axes.set_xlabel("months from start")
    axes.grid(axis="x", color="0.9", zorder=0)
    axes.set_axisbelow(True)
    if plan.start_date:
        _calendar_axis(axes, plan.start_date)

    handles: list[Patch | Line2D] = [
        Patch(color=CRITICAL_COLOUR, label="critical path"),
        Patch(color=TASK_COLOUR, label="other interventions"),
    ]
    if slack.any():
        handles.append(Patch(color=FLOAT_COLOUR, label="total float"))
    if milestone.any():
        handles.append(
            Line2D([], [], marker="D", linestyle="", color=_MILESTONE_COLOUR, label="milestone")
        )
    if has_deadline.any():
        handles.append(
            Line2D([], [], marker="|", linestyle="", color="black", markersize=10, label="deadline")
        )
    handles.append(Line2D([], [], color="0.4", linestyle="--", linewidth=0.8, label="finish"))
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize="small",
    )

    if title is None:
        title = (
            f"{plan.scenario_name}\nfinish at month {plan.makespan:.1f} "
            f"({plan.method.upper()}, {plan.durations} durations)"
        )
    if title:
        axes.set_title(title, loc="left", fontsize="medium")
    return fig


def compare_gantt(plans: Mapping[str, Plan], *, sharex: bool = True, width: float = 11.0) -> Figure:
    """Gantt charts of several plans (options) one above the other, on one time axis.

    Parameters
    ----------
    plans : mapping of str to Plan
        Label -> plan, e.g. ``{"A: elections after DD": plan_a, "B: overlap": plan_b}``.
    sharex : bool, default True
        Use the same month axis for all charts, so that finishes line up.
    width : float, default 11
        Figure width in inches; the height follows the number of interventions.

    Returns
    -------
    matplotlib.figure.Figure
        One row of axes per plan, in the mapping's order.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.postwar_country()
    >>> fig = pp.plot.compare_gantt(
    ...     {"A": sc.cpm(), "B": sc.with_link("dd", "el", "SS", lag_months=6).cpm()}
    ... )
    >>> len(fig.axes) >= 2
    True
    """
    if not plans:
        raise ValueError("compare_gantt needs at least one plan")
    sizes = [max(len(p.ids), 1) for p in plans.values()]
    height = sum(0.3 * k + 1.3 for k in sizes)
    fig, axes = _new_figure(
        width,
        height,
        nrows=len(sizes),
        sharex=sharex,
        squeeze=False,
        gridspec_kw={"height_ratios": [k + 3 for k in sizes]},
    )
    limits = []
    for ax, (label, plan) in zip(axes[:, 0], plans.items(), strict=True):
        gantt(plan, ax=ax, title=f"{label}: finish at month {plan.makespan:.1f}")
        limits.append(ax.get_xlim())
    if sharex:
        # Each chart sized the axis to its own plan; the shared axis must hold the longest one.
        axes[0, 0].set_xlim(min(lo for lo, _ in limits), max(hi for _, hi in limits))
        for ax in axes[:, 0]:
            ax.tick_params(axis="x", labelbottom=True)  # month labels under every chart
    return fig


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
