"""The :class:`Plan` class: a schedule made by the core, with its tables and Gantt chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from peaceplan import _core
from peaceplan._wrap import Wrapper

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["Plan"]


class Plan(Wrapper):
    """A schedule of every intervention (made by ``Scenario.cpm``).

    Examples
    --------
    >>> import peaceplan as pp
    >>> plan = pp.examples.postwar_country().cpm()
    >>> plan.makespan > 0
    True
    >>> df = plan.to_pandas()
    """

    __slots__ = ()
    _core: _core.Plan

    def __init__(self) -> None:
        raise TypeError(
            "No constructor defined for Plan (made by Scenario.cpm or Scenario.schedule)"
        )

    @property
    def makespan(self) -> float:
        """Project finish in months from month 0."""
        return self._core.makespan

    @property
    def critical_path(self) -> list[str]:
        """Critical intervention ids in order of start."""
        return self._core.critical_path

    @property
    def method(self) -> str:
        """Engine that made the plan (``"cpm"``)."""
        return self._core.method

    @property
    def durations(self) -> str:
        """Which point of each distribution was used (``"mode"``, ``"mean"``, ``"0.8"``...)."""
        return self._core.durations

    @property
    def scenario_name(self) -> str:
        """Name of the scenario planned."""
        return self._core.scenario_name

    @property
    def start_date(self) -> str | None:
        """Calendar date of month 0 or None."""
        return self._core.start_date

    @property
    def ids(self) -> list[str]:
        """Intervention ids (row order of every column)."""
        return self._core.ids

    @property
    def pool_ids(self) -> list[str]:
        """Pool ids."""
        return self._core.pool_ids

    @property
    def unfunded_usd(self) -> float:
        """Cost no eligible source could cover (US$)."""
        return self._core.unfunded_usd

    @property
    def weighted_tardiness(self) -> float:
        """Total weighted tardiness: the sum over interventions with a deadline of
        ``deadline_weight * lateness`` (months; 0 when every deadline is met). With deadlines,
        ``Scenario.schedule(method="search")`` minimises it first and the makespan second.
        """
        return self._core.weighted_tardiness

    @property
    def start(self) -> npt.NDArray[np.float64]:
        """Start of each intervention (months)."""
        return self._core.start

    @property
    def finish(self) -> npt.NDArray[np.float64]:
        """Finish of each intervention (months)."""
        return self._core.finish

    @property
    def modes(self) -> list[str]:
        """Mode chosen for each intervention (``"base"`` or a mode id)."""
        return self._core.modes

    @property
    def schedules_used(self) -> int:
        """Schedules generated to make this plan (1 for a single pass, 0 for CPM)."""
        return self._core.schedules_used

    @property
    def source_ids(self) -> list[str]:
        """Funding source ids."""
        return self._core.source_ids

    def capacity_steps(self, pool: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Capacity of a pool as a step function: (breakpoints in months, FTE from each on)."""
        return self._core.capacity_steps(pool)

    def balance_steps(self, source: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Balance of a funding source over time: (months, US$), linear between breakpoints."""
        return self._core.balance_steps(source)

    def utilisation(self) -> dict[str, float]:
        """Share of each pool's available FTE-months used over [0, makespan]."""
        return self._core.utilisation()

    def delay_table(self) -> dict[str, list[Any]]:
        """Why interventions start later than their critical-path early start: one row per cause
        (columns id, delay_months, cause, resource, months).
        """
        return self._core.delay_table()

    def situation_table(self) -> dict[str, list[Any]]:
        """Each situation's finish against its unconstrained critical path
        (columns id, finish, cpm_finish, delay).
        """
        return self._core.situation_table()

    def delays(self) -> pd.DataFrame:
        """Delays and their causes as a DataFrame (one row per intervention and cause)."""
        from peaceplan import frames

        return frames.delays_frame(self)

    def funding_balance(self, source: str) -> pd.DataFrame:
        """Balance of a funding source over time as a DataFrame (months, balance_usd)."""
        from peaceplan import frames

        return frames.funding_balance_frame(self, source)

    def columns(self) -> dict[str, Any]:
        """Every per-intervention column: lists of str for ids/names/situations, numpy arrays
        otherwise.
        """
        return self._core.columns()

    def staff_steps(self, pool: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Staff in a pool over time as a step function: (breakpoints in months, FTE from each
        on)."""
        return self._core.staff_steps(pool)

    def peak_staff(self) -> dict[str, float]:
        """Largest simultaneous FTE demand per pool."""
        return self._core.peak_staff()

    def funding_table(self) -> dict[str, list[Any]]:
        """Use of each funding source: columns source, kind, pledged_usd, allocated_usd."""
        return self._core.funding_table()

    def inflow_table(self) -> dict[str, list[Any]]:
        """Every inflow of every source at the plan's point (columns source, months, amount_usd)."""
        return self._core.inflow_table()

    def draw_table(self) -> dict[str, list[Any]]:
        """Every draw of an intervention on a source (columns intervention, source, amount_usd,
        start, over: months over which it is spread, 0 = all at the start).
        """
        return self._core.draw_table()

    def financing(self, by: str = "kind") -> pd.DataFrame:
        """Committed, pledged, received and gap by source kind, source, intervention or over time
        (DataFrame; see ``peaceplan.financing.plan_financing``).
        """
        from peaceplan import financing

        return financing.plan_financing(self, by)

    def to_pandas(self) -> pd.DataFrame:
        """The plan as a pandas DataFrame (one row per intervention)."""
        from peaceplan import frames

        return frames.plan_frame(self)

    def staff_profile(self, pool: str) -> pd.DataFrame:
        """Staff in a pool over time as a DataFrame (from_months, to_months, fte)."""
        from peaceplan import frames

        return frames.staff_profile_frame(self, pool)

    def gantt(self, ax: Axes | None = None) -> Figure:
        """Gantt chart with the critical path marked; returns a matplotlib Figure."""
        from peaceplan import plot

        return plot.gantt(self, ax=ax)

    def _repr_html_(self) -> str:
        """HTML view for Jupyter."""
        from peaceplan import frames

        return frames.plan_html(self)
