"""matplotlib figures of a plan's resources: staff load on each pool and funding balances.

Same conventions as :mod:`peaceplan.plot` (object-oriented API, figures detached from pyplot).
:func:`plot_funding_balance` is re-exported as ``peaceplan.plot.plot_funding_balance``; the load
panels are drawn under the bars of :func:`peaceplan.plot.gantt`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from peaceplan._style import CAPACITY_COLOUR, DEMAND_COLOUR, TASK_COLOUR
from peaceplan._style import new_figure as _new_figure
from peaceplan._style import root_figure as _root_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from peaceplan.plan import Plan

__all__ = ["plot_funding_balance"]

_OVERLOAD_COLOUR = "#c0392b"


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
