"""Shared look of peaceplan figures: colours and figure helpers (no plotting of its own)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CAPACITY_COLOUR",
    "CRITICAL_COLOUR",
    "DEMAND_COLOUR",
    "FLOAT_COLOUR",
    "TASK_COLOUR",
    "new_figure",
    "root_figure",
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


def root_figure(ax: Axes) -> Figure:
    fig = ax.figure
    # A SubFigure's .figure is its parent; walk up to the Figure that owns the canvas.
    while getattr(fig, "figure", fig) is not fig:
        fig = fig.figure
    return fig  # type: ignore[return-value]


def new_figure(width: float, height: float, **kwargs: Any) -> tuple[Figure, Any]:
    import matplotlib.pyplot as plt  # late: importing peaceplan should not load a backend

    fig, axes = plt.subplots(figsize=(width, height), layout="constrained", **kwargs)
    plt.close(fig)  # detach from pyplot's registry: the caller owns the figure from here on
    return fig, axes
