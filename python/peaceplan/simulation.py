"""The :class:`Simulation` class: Monte Carlo draws of the core, with their tables and figures."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from peaceplan import _core
from peaceplan._wrap import Wrapper

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from peaceplan.explore_results import FeatureScoresResult, PawnResult
    from peaceplan.scenario import Scenario

__all__ = ["Simulation"]


class Simulation(Wrapper):
    """The outcome of a Monte Carlo simulation (``Scenario.simulate``): one value per draw for
    every outcome, as numpy arrays handed over without copying.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sim = pp.examples.postwar_country().simulate(draws=500, seed=1)
    >>> sim.finish.shape
    (500,)
    >>> bool(sim.pvalue(0.8) >= sim.pvalue(0.5))
    True
    """

    __slots__ = ()
    _core: _core.Simulation

    def __init__(self) -> None:
        raise TypeError("No constructor defined for Simulation (made by Scenario.simulate)")

    @property
    def finish(self) -> npt.NDArray[np.float64]:
        """Project finish per draw, months (``inf`` for a draw whose staff never suffices)."""
        return self._core.finish

    @property
    def columns(self) -> dict[str, npt.NDArray[Any]]:
        """Every outcome column by name (``finish``, ``finish:<situation>``, ``cost``,
        ``cost:<source>``, ``received:<source>`` (realised inflows), ``unfunded``, ``funding_gap``,
        ``cash_grid`` (months), ``committed_curve`` and ``received_curve`` (draws x grid,
        cumulative US$; without funding sources both are zero: a read-only view of one row of
        zeros), ``peak_staff:<pool>``, ``relapse_5y``,
        ``relapse_10y``, ``money_short``, ``infeasible``, ``risk_occurred`` (draws x risks) and,
        when kept, ``start``, ``finish_matrix``, ``duration`` (draws x interventions)).
        """
        return self._core.columns

    def finish_of(self, id: str) -> npt.NDArray[np.float64]:
        """Finish per draw of an intervention (NaN where it did not happen) or a situation.

        Raises
        ------
        UnknownIdError
            For an id that is neither.
        ArgumentError
            When the per-intervention matrices were not kept (``per_intervention=False``).
        """
        return self._core.finish_of(id)

    @property
    def draws(self) -> int:
        """Number of draws."""
        return self._core.draws

    @property
    def engine(self) -> str:
        """Engine used in each draw: ``cpm``, ``serial`` or ``parallel``."""
        return self._core.engine

    @property
    def seed(self) -> int:
        """Seed of the run."""
        return self._core.seed

    @property
    def deterministic_finish(self) -> float:
        """Finish of the deterministic plan (every number at its mode, every pledge arriving)."""
        return self._core.deterministic_finish

    @property
    def warnings(self) -> list[str]:
        """Warnings of the run (e.g. a repaired correlation matrix)."""
        return self._core.warnings

    @property
    def intervention_ids(self) -> list[str]:
        """Intervention ids."""
        return self._core.intervention_ids

    @property
    def situation_ids(self) -> list[str]:
        """Situation ids."""
        return self._core.situation_ids

    @property
    def risk_ids(self) -> list[str]:
        """Risk ids."""
        return self._core.risk_ids

    def pvalue(self, q: float, column: str = "finish") -> float:
        """``P_q`` of the project finish (or of a named column) by the inverted empirical CDF."""
        return self._core.pvalue(q, column)

    def confidence(self, months: float | None = None) -> float:
        """Share of draws finishing by ``months`` (default: the deterministic finish)."""
        return self._core.confidence(months)

    def joint_confidence(self, cost_usd: float, months: float) -> float:
        """Joint confidence: share of draws with cost <= ``cost_usd`` and finish <= ``months``."""
        return self._core.joint_confidence(cost_usd, months)

    def convergence_table(self, q: float = 0.8, points: int = 50) -> dict[str, list[Any]]:
        """Running mean and ``P_q`` of the finish over the first k draws, at ``points``
        checkpoints."""
        return self._core.convergence_table(q, points)

    def criticality_table(self) -> dict[str, list[Any]]:
        """Per intervention: criticality index, signed Spearman cruciality, SSI, share of draws in
        which it happened.
        """
        return self._core.criticality_table()

    def merge_bias_table(self) -> dict[str, list[Any]]:
        """Merge bias per merge node (``E[max] - max E`` over its predecessors, months)."""
        return self._core.merge_bias_table()

    def money_table(self) -> dict[str, list[Any]]:
        """Per intervention, sums over the feasible draws (streamed, exact means once divided by
        their number): ``committed_usd_sum`` (its cost where it happened), ``funded_usd_sum``
        (charged to its sources, in order of start against their realised inflows),
        ``unfunded_usd_sum`` (the rest: all of it without a source, or never started),
        ``shortfall_usd_sum`` (what its pledged sources lacked: mobilised or never started);
        and ``happened``, the draws
        (all of them) in which it happened.
        """
        return self._core.money_table()

    def unfunded_table(self) -> dict[str, list[Any]]:
        """Per intervention, the share of draws in which it never started: ``unfunded`` (its
        money never arrived) and ``held`` (a predecessor never started); and ``mobilised``, the
        share in which its pledges fell short and it started on money mobilised for it.
        """
        return self._core.unfunded_table()

    def deadline_table(self) -> dict[str, list[Any]]:
        """Per intervention with a deadline: ``deadline_months`` and ``on_time``, the share of
        draws in which it finished by its deadline (work that never starts is late).
        """
        return self._core.deadline_table()

    def funded_by_table(self) -> dict[str, Any]:
        """``P(funded by month t)``: per intervention (rows, scenario order) and point of the cash
        grid (columns, ``months``), the share of draws in which it had started, its money
        committed, by then. Empty rows when money does not constrain the run.
        """
        return self._core.funded_by_table()

    def unfunded(self) -> pd.DataFrame:
        """Per intervention, the share of draws in which it was unfunded, held or started on
        mobilised money (DataFrame, most affected first; see ``peaceplan.risk.unfunded``).
        """
        from peaceplan import risk

        return risk.unfunded(self)

    def deadlines(self) -> pd.DataFrame:
        """P(on time) per intervention with a deadline (DataFrame)."""
        from peaceplan import risk

        return risk.deadlines(self)

    def funded_by(self) -> pd.DataFrame:
        """P(funded by month t) per intervention (DataFrame, months x interventions)."""
        from peaceplan import risk

        return risk.funded_by(self)

    def risk_drivers_table(self, q: float = 0.8) -> dict[str, Any]:
        """Risk drivers at ``q``: each risk's effect on ``P_q`` (all risks vs all but it, common
        random numbers) and the waterfall. Re-runs the simulation (outside the GIL).
        """
        return self._core.risk_drivers_table(q)

    def summary(self) -> pd.DataFrame:
        """P10/P50/P80/P90 and mean per situation and milestone (DataFrame)."""
        from peaceplan import risk

        return risk.summary(self)

    def criticality(self) -> pd.DataFrame:
        """Criticality, cruciality and SSI per intervention (DataFrame, most critical first)."""
        from peaceplan import risk

        return risk.criticality(self)

    def financing(self, by: str = "kind") -> pd.DataFrame:
        """Committed, pledged, received and gap (P50, P80, mean over draws) by source kind, source,
        intervention (means) or over time (DataFrame; see
        ``peaceplan.financing.simulation_financing``).
        """
        from peaceplan import financing

        return financing.simulation_financing(self, by)

    def report(self, path: str | os.PathLike[str]) -> Any:
        """Write a self-contained HTML report of the simulation (see ``peaceplan.report_html``)."""
        from peaceplan import report_html

        return report_html.simulation_report(self, path)

    @property
    def scenario(self) -> Scenario:
        """The scenario simulated."""
        from peaceplan.scenario import Scenario

        return Scenario._wrap(self._core.scenario)

    def risk_drivers(self, q: float = 0.8) -> pd.DataFrame:
        """Risk drivers at ``q`` (DataFrame in waterfall order)."""
        from peaceplan import risk

        return risk.risk_drivers(self, q)

    def plot_cdf(self, of: str | None = None, ax: Axes | None = None) -> Axes:
        """S-curve (empirical CDF) of the finish, or of a situation's / intervention's finish."""
        from peaceplan import risk_plot

        return risk_plot.plot_cdf(self, of, ax)

    def plot_histogram(self, of: str | None = None, ax: Axes | None = None) -> Axes:
        """Histogram of the finish with P50/P80 marked."""
        from peaceplan import risk_plot

        return risk_plot.plot_histogram(self, of, ax)

    def plot_tornado(self, top: int = 10, ax: Axes | None = None) -> Axes:
        """Tornado of cruciality (signed Spearman) per intervention."""
        from peaceplan import risk_plot

        return risk_plot.plot_tornado(self, top, ax)

    def pawn(self, output: str = "finish", **kwargs: Any) -> PawnResult:
        """PAWN indices of the sampled inputs (durations when kept, risks) for ``output`` (see
        ``peaceplan.explore_given.simulation_pawn``; keyword arguments as ``pp.explore.pawn``).
        """
        from peaceplan import explore_given

        return explore_given.simulation_pawn(self, output, **kwargs)

    def feature_scores(self, output: str = "finish", **kwargs: Any) -> FeatureScoresResult:
        """Feature scores of the sampled inputs for ``output`` (see
        ``peaceplan.explore_given.simulation_feature_scores``).
        """
        from peaceplan import explore_given

        return explore_given.simulation_feature_scores(self, output, **kwargs)
