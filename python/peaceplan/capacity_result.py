"""The :class:`CapacityResult` class: the core capacity simulation wrapped, with its tables and
figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from peaceplan import _core
from peaceplan._wrap import Wrapper

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["CapacityResult"]


class CapacityResult(Wrapper):
    """Results of :func:`peaceplan.capacity`: waits, under-staffing, utilisation and queue over
    time.

    Times are in months. ``summary()`` gives one table of the headline figures; ``waits`` the
    individual waits (first draws, at most ``max_waits``); ``utilisation()`` the binned series.

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(2.0), draws=20)
    >>> isinstance(r, pp.CapacityResult), list(r.summary().columns)
    (True, ['value'])
    """

    __slots__ = ()
    _core: _core.CapacityResult

    def __init__(self) -> None:
        raise TypeError("No constructor defined for CapacityResult (made by pp.capacity)")

    @property
    def sections(self) -> list[str]:
        """Section ids (rows of the per-section arrays)."""
        return self._core.sections

    @property
    def waits(self) -> npt.NDArray[np.float64]:
        """Individual waits (months) of the situations that got a team, first draws first."""
        return self._core.waits

    @property
    def bin_starts(self) -> npt.NDArray[np.float64]:
        """Start of each time bin (months)."""
        return self._core.bin_starts

    @property
    def busy_fte(self) -> npt.NDArray[np.float64]:
        """Mean FTE in use, sections x bins."""
        return self._core.busy_fte

    @property
    def duty_fte(self) -> npt.NDArray[np.float64]:
        """Mean FTE on duty, sections x bins."""
        return self._core.duty_fte

    @property
    def queue(self) -> npt.NDArray[np.float64]:
        """Mean number of new situations waiting for their first team, per bin."""
        return self._core.queue

    def per_year(self) -> dict[str, npt.NDArray[np.float64]]:
        """Per year of the horizon: mean situations ``arrived``, ``started`` (team in place) and
        ``completed`` per draw (numpy arrays).
        """
        return self._core.per_year()

    def figures(self) -> dict[str, Any]:
        """Headline figures as a dict of numbers (``summary()`` shows them as a table)."""
        return self._core.figures()

    def wait_survival(self) -> dict[str, Any]:
        """Kaplan-Meier estimate of the wait (situations still waiting at the horizon censored):
        dict of numpy arrays ``months`` (grid), ``p_wait_over`` (P(wait > months)) and
        ``at_risk`` (situations still waiting at that time, all draws), plus the counts
        ``started`` and ``censored``.
        """
        return self._core.wait_survival()

    def classes(self) -> list[dict[str, Any]]:
        """Figures per priority class (empty unless engagements differ in priority), highest class
        first: dicts with ``id``, ``priority``, ``rate_per_year``, counts (``arrived``,
        ``started``, ``unstarted``, ``completed``), the class's Kaplan-Meier waits (``p_wait``,
        ``p_wait_over_threshold``, ``mean_wait``, ``mean_wait_restricted``, ``wait_p50`` and
        ``wait_p90``, ``inf`` beyond the horizon; ``survival_months`` and ``p_wait_over`` arrays),
        pre-emption (``preemptions`` in all draws, ``preemptions_per_year``,
        ``share_preempted``, ``mean_preempted_months`` = the extra delay per situation,
        ``months_per_preemption``) and ``mean_in_system``.
        """
        return self._core.classes()

    def p_wait_over(self, months: list[float]) -> npt.NDArray[np.float64]:
        """P(wait > t) for each ``t`` in months (Kaplan-Meier; NaN where not identified)."""
        return self._core.p_wait_over(months)

    def load(self) -> dict[str, Any]:
        """Offered load against capacity (closed-form view at the long-run arrival rate) and what
        the simulation saw late in the horizon: a dict with ``arrivals_per_year``,
        ``offered_fte``, ``capacity_fte``, ``availability``, ``overloaded``, ``demands`` and
        ``sections`` (lists of dicts), ``teams`` (dict or None) and ``stability`` (dict with
        ``arrivals_per_year``, ``starts_per_year``, ``completions_per_year``,
        ``backlog_growth_per_year``, ``from_year``, ``unstable``).
        """
        return self._core.load()

    def summary(self) -> pd.DataFrame:
        """Headline figures as a one-column DataFrame (waits in months)."""
        from peaceplan import capacity_frames

        return capacity_frames.capacity_summary(self)

    def utilisation(self) -> pd.DataFrame:
        """Utilisation, FTE in use and on duty per section and time bin, with the queue (long
        format).
        """
        from peaceplan import capacity_frames

        return capacity_frames.capacity_utilisation(self)

    def plot_utilisation(self, sections: list[str] | None = None) -> Figure:
        """Staff on duty and in use per section over time, and the queue of new situations."""
        from peaceplan import capacity_plot

        return capacity_plot.capacity_utilisation(self, sections)

    def plot_waits(self) -> Figure:
        """Distribution of waits until the team is in place (histogram and survival curve)."""
        from peaceplan import capacity_plot

        return capacity_plot.capacity_waits(self)
