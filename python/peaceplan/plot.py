"""matplotlib figures of peaceplan plans.

Only the object-oriented matplotlib API is used. A function that is given ``ax`` draws on it and
touches nothing else; without ``ax`` it makes its own figure with :func:`matplotlib.pyplot.subplots`
and detaches it from pyplot at once, so that in Jupyter the returned figure is shown exactly once
(as the cell's value) and is freed with its last reference. Show it with ``display(fig)`` or save it
with ``fig.savefig(...)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

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

    from peaceplan.plan import Plan

__all__ = [
    "CAPACITY_COLOUR",
    "CRITICAL_COLOUR",
    "DEMAND_COLOUR",
    "FLOAT_COLOUR",
    "TASK_COLOUR",
    "compare_gantt",
    "gantt",
    "plot_funding_balance",
]

from peaceplan._style import (  # re-exported: part of this module's public names
    CAPACITY_COLOUR,
    CRITICAL_COLOUR,
    DEMAND_COLOUR,
    FLOAT_COLOUR,
    TASK_COLOUR,
)
from peaceplan._style import new_figure as _new_figure
from peaceplan._style import root_figure as _root_figure
from peaceplan.resource_plot import _draw_load, plot_funding_balance

_DELAY_COLOUR = "#e3a33b"
_MILESTONE_COLOUR = "#333333"
_LABEL_CHARS = 38


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


def _delays_by_id(plan: Plan) -> dict[str, float]:
    table = plan.delay_table()
    return {str(i): float(d) for i, d in zip(table["id"], table["delay_months"], strict=True)}


def _draw_bars(plan: Plan, axes: Axes, title: str | None) -> None:
    cols = plan.columns()
    ids = [str(i) for i in cols["id"]]
    names = [str(n) for n in cols["name"]]
    start = np.asarray(cols["start"], dtype=float)
    finish = np.asarray(cols["finish"], dtype=float)
    duration = np.asarray(cols["duration"], dtype=float)
    total_float = np.asarray(cols["total_float"], dtype=float)
    critical = np.asarray(cols["critical"], dtype=bool)
    deadline = np.asarray(cols["deadline"], dtype=float)
    delays = _delays_by_id(plan)
    delay = np.array([delays.get(i, 0.0) for i in ids], dtype=float)
    n = len(ids)

    order = np.lexsort((finish, start))  # by start, ties by finish
    y = np.arange(n, dtype=float)
    s, f, d = start[order], finish[order], duration[order]
    tf, crit, dl, late = total_float[order], critical[order], deadline[order], delay[order]

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
    held = late > 1e-9
    if held.any():
        # From the critical-path early start to the actual start: time lost to staff or money.
        axes.barh(
            y[held],
            late[held],
            left=s[held] - late[held],
            height=0.2,
            color=_DELAY_COLOUR,
            linewidth=0,
            label="delay",
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
    axes.set_xlim(*_month_limits(plan))
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
    if held.any():
        handles.append(Patch(color=_DELAY_COLOUR, label="delay vs critical path"))
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
        how = f"{plan.method.upper()}, {plan.durations} durations"
        if plan.method != "cpm":
            used = plan.schedules_used
            how += f", {used:,} schedule{'s' if used != 1 else ''}"
        title = f"{plan.scenario_name}\nfinish at month {plan.makespan:.1f} ({how})"
    if title:
        axes.set_title(title, loc="left", fontsize="medium")


def _month_limits(plan: Plan) -> tuple[float, float]:
    """The month axis of a plan's charts: from the first start to the last finish or float."""
    cols = plan.columns()
    start = np.asarray(cols["start"], dtype=float)
    finish = np.asarray(cols["finish"], dtype=float)
    total_float = np.asarray(cols["total_float"], dtype=float)
    deadline = np.asarray(cols["deadline"], dtype=float)
    if start.size == 0:
        return -0.015, 1.02
    lo = min(0.0, float(start.min()))
    hi = max(
        [
            plan.makespan,
            *finish,
            *(finish + np.maximum(total_float, 0.0)),
            *deadline[np.isfinite(deadline)],
        ]
    )
    span = max(hi - lo, 1.0)
    return lo - 0.015 * span, hi + 0.02 * span  # room for diamonds at the ends


def gantt(
    plan: Plan,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    show_load: bool | None = None,
) -> Figure:
    """Gantt chart of a plan with the critical path marked, and the load on each staff pool.

    One horizontal bar per intervention, in order of start (earliest at the top). Critical
    interventions are drawn in red, the others in blue followed by a light thin bar as long as
    their total float (how far they may slip without delaying the finish). An intervention that
    staff or money held back has a thin orange bar from its critical-path early start to its
    actual start. Milestones (zero duration) are diamonds, deadlines short black ticks, and the
    plan's finish a dashed line. The x axis is in months from the start; when the scenario has a
    ``start_date`` a calendar axis is added on top.

    Under the bars, one panel per staff pool shows the FTE demanded over time (filled steps)
    against the pool's capacity (line), on the same month axis; demand above capacity, possible
    only in a critical-path plan, is marked in red.

    Parameters
    ----------
    plan : Plan
        The plan to draw, e.g. from ``Scenario.schedule()`` or ``Scenario.cpm()``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw the bars on (no load panels then). Without it a new figure is made, sized
        to the number of interventions and pools.
    title : str, optional
        Title; by default the scenario name, the finish and the method. ``""`` for none.
    show_load : bool, optional
        Add the load panels. By default they are shown for plans made under staff and money
        limits (``Scenario.schedule``) that have pools, not for critical-path plans. Ignored
        when ``ax`` is given.

    Returns
    -------
    matplotlib.figure.Figure
        The figure that holds the chart (``ax``'s figure when ``ax`` is given).

    Examples
    --------
    >>> import peaceplan as pp
    >>> plan = pp.examples.postwar_country().cpm()
    >>> fig = pp.plot.gantt(plan)  # same as plan.gantt()
    >>> len(fig.axes)
    1
    >>> fig = pp.examples.postwar_country().schedule().gantt()  # bars + one panel per pool
    >>> len(fig.axes)
    3
    >>> fig.savefig("gantt.svg")  # doctest: +SKIP
    """
    if ax is not None:
        _draw_bars(plan, ax, title)
        return _root_figure(ax)

    n = len(plan.ids)
    pools = list(plan.pool_ids)
    if show_load is None:
        show_load = plan.method != "cpm"
    if not show_load:
        pools = []
    bar_height = max(2.5, 0.3 * n + 1.6)
    if not pools:
        fig, axes = _new_figure(10.0, bar_height)
        _draw_bars(plan, axes, title)
        return fig
    panel = 1.1
    fig, grid = _new_figure(
        10.0,
        bar_height + panel * len(pools),
        nrows=1 + len(pools),
        sharex=True,
        squeeze=False,
        gridspec_kw={"height_ratios": [bar_height] + [panel] * len(pools)},
    )
    bars, loads = grid[0, 0], grid[1:, 0]
    _draw_bars(plan, bars, title)
    bars.set_xlabel("")
    lo, hi = _month_limits(plan)
    for axes, pool in zip(loads, pools, strict=True):
        _draw_load(plan, pool, axes, hi)
    bars.set_xlim(lo, hi)
    loads[-1].set_xlabel("months from start")
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


# At the bottom: resource_plot uses the colours and figure helpers above.
