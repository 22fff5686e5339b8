"""matplotlib figures of peaceplan plans.

Only the object-oriented matplotlib API is used. A function that is given ``ax`` draws on it and
touches nothing else; without ``ax`` it makes its own figure with :func:`matplotlib.pyplot.subplots`
and detaches it from pyplot at once, so that in Jupyter the returned figure is shown exactly once
(as the cell's value) and is freed with its last reference. Show it with ``display(fig)`` or save it
with ``fig.savefig(...)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    "CAPACITY_COLOUR",
    "CRITICAL_COLOUR",
    "DEMAND_COLOUR",
    "FLOAT_COLOUR",
    "TASK_COLOUR",
    "capacity_utilisation",
    "capacity_waits",
    "compare_gantt",
    "gantt",
    "plot_funding_balance",
]

#: Bar colour of critical interventions.
CRITICAL_COLOUR = "#c0392b"
#: Bar colour of the other interventions.
TASK_COLOUR = "#4a78b0"
#: Colour of the total-float bars.
FLOAT_COLOUR = "#c9d7ea"
#: Fill colour of staff demand in the load panels.
DEMAND_COLOUR = "#7fa7d6"
#: Line colour of pool capacity in the load panels.
CAPACITY_COLOUR = "#222222"
_DELAY_COLOUR = "#e3a33b"
_OVERLOAD_COLOUR = "#c0392b"
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


def _stairs(times: np.ndarray, levels: np.ndarray, end: float) -> tuple[np.ndarray, np.ndarray]:
    """Points of a step function (``levels[k]`` from ``times[k]`` on, 0 before) up to ``end``."""
    if times.size == 0:
        return np.array([0.0, end]), np.array([0.0, 0.0])
    x = np.concatenate([[min(0.0, times[0])], times, [max(end, times[-1])]])
    y = np.concatenate([[0.0], levels, [levels[-1]]])
    return x, y + 0.0


def _draw_load(plan: Plan, pool: str, axes: Axes, end: float) -> None:
    times, levels = (np.asarray(a, dtype=float) for a in plan.staff_steps(pool))
    cap_times, cap_levels = (np.asarray(a, dtype=float) for a in plan.capacity_steps(pool))
    x, demand = _stairs(times, levels, end)
    cx, capacity = _stairs(cap_times, cap_levels, end)
    axes.fill_between(x, demand, step="post", color=DEMAND_COLOUR, linewidth=0, zorder=2)
    axes.step(cx, capacity, where="post", color=CAPACITY_COLOUR, linewidth=1.2, zorder=3)
    # Where demand exceeds capacity (possible only in a critical-path plan), mark the excess.
    grid = np.union1d(x, cx)
    d_at = demand[np.clip(np.searchsorted(x, grid, side="right") - 1, 0, None)]
    c_at = capacity[np.clip(np.searchsorted(cx, grid, side="right") - 1, 0, None)]
    over = d_at > c_at + 1e-9
    if over.any():
        axes.fill_between(
            grid,
            c_at,
            d_at,
            where=over,
            step="post",
            color=_OVERLOAD_COLOUR,
            alpha=0.5,
            linewidth=0,
            zorder=4,
        )
    axes.axvline(plan.makespan, color="0.4", linestyle="--", linewidth=0.8, zorder=0)
    top = max(float(np.max(demand, initial=0.0)), float(np.max(capacity, initial=0.0)), 1.0)
    axes.set_ylim(0.0, top * 1.15)
    axes.set_ylabel(f"{pool}\n(FTE)", fontsize="small")
    axes.tick_params(axis="y", labelsize="small")
    axes.grid(axis="x", color="0.9", zorder=0)
    axes.set_axisbelow(True)
    handles: list[Patch | Line2D] = [
        Patch(color=DEMAND_COLOUR, label="staff demand"),
        Line2D([], [], color=CAPACITY_COLOUR, linewidth=1.2, label="capacity"),
    ]
    if over.any():
        handles.append(Patch(color=_OVERLOAD_COLOUR, alpha=0.5, label="over capacity"))
    axes.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
        fontsize="small",
    )  # fmt: skip


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


def plot_funding_balance(
    plan: Plan, sources: Sequence[str] | None = None, ax: Axes | None = None
) -> Figure:
    """Money available in each funding source over time.

    The balance rises when a pledge arrives and falls as interventions commit their costs; it is
    drawn piecewise linear between the breakpoints of ``Plan.funding_balance``. A plan made by
    ``Scenario.schedule`` never takes a source below zero (the zero line); a critical-path plan
    ignores when pledges arrive, so a dip below zero there is money spent before it is there.

    Parameters
    ----------
    plan : Plan
        The plan.
    sources : sequence of str, optional
        Source ids to draw, in this order; by default every source of the plan.
    ax : matplotlib.axes.Axes, optional
        Axes to draw every source on, one line each. Without it a new figure is made with one
        small panel per source, each on its own scale, one above the other on a shared month
        axis: sources differ by orders of magnitude (a peacekeeping budget and a trust fund).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (``ax``'s figure when ``ax`` is given).

    Raises
    ------
    ValueError
        If there is no source to draw.
    peaceplan.UnknownIdError
        If a source id is not one of the plan's.

    Examples
    --------
    >>> import peaceplan as pp
    >>> plan = pp.examples.postwar_country().schedule()
    >>> fig = pp.plot.plot_funding_balance(plan, ["pbf", "voluntary"])
    >>> len(fig.axes)
    2
    """
    names = list(plan.source_ids if sources is None else sources)
    if not names:
        raise ValueError("plot_funding_balance needs at least one funding source")
    curves = {name: plan.balance_steps(name) for name in names}
    end = max([plan.makespan, *(float(np.max(t, initial=0.0)) for t, _ in curves.values())])
    hi = end * 1.02 if end > 0 else 1.0

    def draw(axes: Axes, name: str, colour: str | None) -> None:
        times, values = (np.asarray(a, dtype=float) for a in curves[name])
        if times.size == 0:
            times, values = np.array([0.0]), np.array([0.0])
        x = np.append(times, max(hi, times[-1]))  # the balance stays put after the last event
        y = np.append(values, values[-1]) / 1e6
        axes.plot(x, y, color=colour, linewidth=1.3, label=name, zorder=3)

    def finish(axes: Axes) -> None:
        axes.axhline(0.0, color="black", linewidth=0.8, zorder=2)
        axes.axvline(plan.makespan, color="0.4", linestyle="--", linewidth=0.8, zorder=1)
        axes.grid(color="0.92", zorder=0)
        axes.set_axisbelow(True)
        axes.set_xlim(0.0, hi)

    if ax is not None:
        for name in names:
            draw(ax, name, None)
        finish(ax)
        ax.set_xlabel("months from start")
        ax.set_ylabel("balance (US$ m)")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small")
        return _root_figure(ax)

    fig, grid = _new_figure(
        10.0, 0.6 + 1.25 * len(names), nrows=len(names), sharex=True, squeeze=False
    )
    for axes, name in zip(grid[:, 0], names, strict=True):
        draw(axes, name, TASK_COLOUR)
        finish(axes)
        axes.set_ylabel(f"{name}\n(US$ m)", fontsize="small")
        axes.tick_params(axis="y", labelsize="small")
        lo, top = axes.get_ylim()
        axes.set_ylim(min(lo, 0.0), max(top, 0.0))
    grid[-1, 0].set_xlabel("months from start")
    grid[0, 0].set_title(
        f"Funding balance per source ({plan.method.upper()}, finish at month {plan.makespan:.1f})",
        loc="left",
        fontsize="medium",
    )
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
