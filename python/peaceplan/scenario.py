"""The :class:`Scenario` class: the core scenario wrapped, with its tables and its Excel export."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from peaceplan import _core
from peaceplan._wrap import Wrapper
from peaceplan.plan import Plan
from peaceplan.simulation import Simulation

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Scenario"]


class Scenario(Wrapper):
    """A planning scenario: interventions, links, situations, staff pools, funding sources and
    risks.

    Immutable: builder methods (`with_link`, `without_link`) return a modified copy, so each
    sequencing option is one line.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.Scenario.from_toml('''
    ... schema = 1
    ... name = "tiny"
    ... [[interventions]]
    ... id = "a"
    ... duration_months = {triangular = [1, 2, 4]}
    ... ''')
    >>> sc.cpm().makespan
    2.0
    """

    __slots__ = ()
    _core: _core.Scenario

    def __init__(self) -> None:
        raise TypeError(
            "No constructor defined for Scenario "
            "(made by pp.load, Scenario.from_toml or Scenario.from_dict)"
        )

    @staticmethod
    def from_toml(text: str) -> Scenario:
        """Read a scenario from TOML text.

        Raises
        ------
        ParseError
            On a syntax error, wrong type or unknown key (with ``path``, ``line``, ``column``).
        """
        return Scenario._wrap(_core.Scenario.from_toml(text))

    @staticmethod
    def from_json(text: str) -> Scenario:
        """Read a scenario from JSON text (same structure as TOML)."""
        return Scenario._wrap(_core.Scenario.from_json(text))

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Scenario:
        """Build a scenario from a dict with the structure of the file format."""
        return Scenario._wrap(_core.Scenario.from_dict(data))

    @staticmethod
    def load(path: str | os.PathLike[str]) -> Scenario:
        """Read a ``.toml`` or ``.json`` scenario file."""
        return Scenario._wrap(_core.Scenario.load(path))

    def to_toml(self) -> str:
        """The scenario as TOML text."""
        return self._core.to_toml()

    def to_json(self) -> str:
        """The scenario as JSON text."""
        return self._core.to_json()

    def to_dict(self) -> dict[str, Any]:
        """The scenario as a plain dict (the file structure)."""
        return self._core.to_dict()

    @property
    def name(self) -> str:
        """Scenario name."""
        return self._core.name

    @property
    def description(self) -> str:
        """Free-text description."""
        return self._core.description

    @property
    def start_date(self) -> str | None:
        """Calendar date of month 0 (``YYYY-MM-DD``) or None."""
        return self._core.start_date

    @property
    def intervention_ids(self) -> list[str]:
        """Intervention ids in file order."""
        return self._core.intervention_ids

    @property
    def pool_ids(self) -> list[str]:
        """Pool ids in file order."""
        return self._core.pool_ids

    @property
    def source_ids(self) -> list[str]:
        """Funding source ids in file order."""
        return self._core.source_ids

    def interventions_table(self) -> dict[str, list[Any]]:
        """One column per field of the interventions (for ``to_pandas``)."""
        return self._core.interventions_table()

    def links_table(self) -> dict[str, list[Any]]:
        """Every precedence link, explicit (`origin="links"`) and from `after`
        (`origin="after"`)."""
        return self._core.links_table()

    def issues(self) -> list[dict[str, str]]:
        """Every consistency problem as a dict with ``path``, ``message`` and ``kind`` (empty if
        valid).
        """
        return self._core.issues()

    def validate(self) -> None:
        """Check the scenario; raises ``ValidationError`` listing every problem at once."""
        return self._core.validate()

    def cpm(self, durations: str | float = "mode") -> Plan:
        """Critical path method: early/late dates, floats and the critical path.

        Parameters
        ----------
        durations : str or float, default "mode"
            Which value of each duration distribution to use: ``"mode"``, ``"mean"``, ``"min"``,
            ``"max"`` or a quantile in (0, 1).

        Returns
        -------
        Plan

        Examples
        --------
        >>> import peaceplan as pp
        >>> plan = pp.examples.postwar_country().cpm()
        >>> plan.critical_path[0]
        'pa'
        """
        return Plan._wrap(self._core.cpm(durations))

    def schedule(
        self,
        method: str = "serial",
        rule: str = "lft",
        max_schedules: int = 5000,
        seed: int = 0,
        durations: str | float = "mode",
        hard_deadlines: bool = False,
    ) -> Plan:
        """A plan under the staff pools and funding sources (constrained scheduling).

        Parameters
        ----------
        method : {"serial", "parallel", "search"}, default "serial"
            ``serial``: one serial schedule-generation pass (plan with foresight); ``parallel``: one
            parallel pass (dispatch as time runs, as an office that cannot see the future);
            ``search``: a genetic algorithm over activity lists and modes (justified children)
            within ``max_schedules``. Its objective is the makespan; when some intervention has a
            ``deadline_months`` it is the total weighted tardiness first
            (``plan.weighted_tardiness``)
            and the makespan second, so it accepts a later finish to meet a deadline.
        rule : str, default "lft"
            Priority rule: ``lft``, ``lst``, ``minslack``, ``grpw``, ``mts``, ``spt``, ``random``
            or ``rbrs`` (regret-based biased random sampling).
        max_schedules : int, default 5000
            Budget of generated schedules for ``search`` (every pass counts); at least 1.
        seed : int, default 0
            Seed of the random stream (non-negative); same seed, same plan.
        durations : str or float, default "mode"
            Which value of every distribution (durations, costs, pledge delays) to use.
        hard_deadlines : bool, default False
            Raise ``InfeasibleError`` when an intervention finishes after its deadline; its
            ``resource`` names the binding cause (``"deadline:pool:<id>"``,
            ``"deadline:source:<id>"``, ``"deadline:release:<id>"``, ``"deadline:links"``) and the
            message the chain of delays with the month the staff or money became available.

        Returns
        -------
        Plan

        Raises
        ------
        InfeasibleError
            Staff or money that can never suffice, or a missed deadline with ``hard_deadlines``.

        Examples
        --------
        >>> import peaceplan as pp
        >>> sc = pp.examples.postwar_country()
        >>> plan = sc.schedule(method="search", max_schedules=500, seed=1)
        >>> plan.makespan >= sc.cpm().makespan
        True
        """
        return Plan._wrap(
            self._core.schedule(method, rule, max_schedules, seed, durations, hard_deadlines)
        )

    def simulate(
        self,
        draws: int = 10000,
        seed: int = 0,
        lhs: bool = False,
        correlation: pd.DataFrame | tuple[list[str], list[list[float]]] | None = None,
        engine: str = "auto",
        rule: str = "lft",
        trigen: tuple[float, float] | None = None,
        per_intervention: bool | None = None,
        relapse_p10: float = 0.4,
        progress: bool | None = None,
        max_bytes: int = 1073741824,
    ) -> Simulation:
        """Monte Carlo schedule and funding risk: durations, costs, pledges, risk events and
        branching sampled per draw; each draw scheduled by CPM, or levelled by the constrained
        engine when pools or money constrain.

        Parameters
        ----------
        draws : int, default 10000
            Number of draws (>= 1).
        seed : int, default 0
            Same seed, bit-identical results on any number of threads.
        lhs : bool, default False
            Latin hypercube sampling of the uncertain durations.
        correlation : DataFrame or (ids, matrix), optional
            Target Spearman correlation between the durations of the named interventions
            (Iman-Conover); a matrix that is not positive definite is repaired with a warning.
        engine : {"auto", "cpm", "serial", "parallel"}, default "auto"
            ``auto``: parallel SGS when staff or money constrain, else CPM.
        rule : str, default "lft"
            Priority rule of the constrained engine.
        trigen : (float, float), optional
            Read triangular ``[min, mode, max]`` durations as these percentiles, e.g. (0.1, 0.9).
        per_intervention : bool, optional
            Keep start/finish/duration matrices (default: when they need at most 64 MB, e.g.
            100 interventions x 25,000 draws; larger runs stream their statistics unless
            ``True`` is given).
        relapse_p10 : float, default 0.40
            Base probability of relapse within 10 years (DOMAIN §6) for situations that state
            neither ``relapse_p5`` nor ``relapse_p10``, on the sourced Weibull shape (with 0.40:
            0.30 within 5 years; see ``docs/relapse.md``).
        progress : bool, optional
            Show a tqdm progress bar (default: for long runs).
        max_bytes : int, default 2**30
            Memory limit of the outcome arrays; above it the run is refused with the size.

        Returns
        -------
        Simulation

        Examples
        --------
        >>> import peaceplan as pp
        >>> sim = pp.examples.postwar_country().simulate(draws=400, seed=7)
        >>> sim.engine
        'parallel'
        """
        return Simulation._wrap(
            self._core.simulate(
                draws,
                seed,
                lhs,
                correlation,
                engine,
                rule,
                trigen,
                per_intervention,
                relapse_p10,
                progress,
                max_bytes,
            )
        )

    def with_link(
        self, from_id: str, to_id: str, type: str = "FS", lag_months: float = 0.0
    ) -> Scenario:
        """A copy whose link from ``from_id`` to ``to_id`` is exactly this one (replacing any).

        Examples
        --------
        >>> import peaceplan as pp
        >>> sc = pp.examples.postwar_country()
        >>> overlap = sc.with_link("dd", "el", "SS", lag_months=6)
        """
        return Scenario._wrap(self._core.with_link(from_id, to_id, type, lag_months))

    def without_link(self, from_id: str, to_id: str) -> Scenario:
        """A copy without the links (explicit and ``after``) from ``from_id`` to ``to_id``."""
        return Scenario._wrap(self._core.without_link(from_id, to_id))

    @staticmethod
    def from_frames(
        interventions: pd.DataFrame,
        links: pd.DataFrame | None = None,
        pools: pd.DataFrame | None = None,
        sources: pd.DataFrame | None = None,
        **kwargs: Any,
    ) -> Scenario:
        """Build a scenario from pandas DataFrames (see ``peaceplan.tables.from_frames``)."""
        from peaceplan import tables

        return tables.from_frames(interventions, links, pools, sources, **kwargs)

    def to_excel(self, path: str | os.PathLike[str]) -> Any:
        """Write the scenario as an Excel workbook, one sheet per table (see
        ``peaceplan.tables.to_excel``); returns the path.
        """
        from peaceplan import tables

        return tables.to_excel(self, path)

    def with_progress(self, progress: dict[str, dict[str, Any]], status_date: Any) -> Scenario:
        """A copy with progress recorded at ``status_date`` (see
        ``peaceplan.progress.with_progress``).
        """
        from peaceplan import progress as _progress

        return _progress.with_progress(self, progress, status_date)

    def with_params(self, values: dict[str, Any]) -> Scenario:
        """A copy with parameters set by path (the grammar of :class:`peaceplan.Study`).

        Parameters
        ----------
        values : dict of str to float or str
            Path to value, e.g. ``{"pools.planning.capacity": 9}``; a lever such as
            ``interventions.el.mode`` takes its choice (``"fast"``). ``peaceplan.explore.paths(sc)``
            lists every valid path.

        Raises
        ------
        ArgumentError
            An unknown path (naming it and suggesting the nearest valid ones) or a bad value.

        Examples
        --------
        >>> import peaceplan as pp
        >>> sc = pp.examples.postwar_country()
        >>> slower = sc.with_params({"interventions.dd.duration.scale": 1.5})
        >>> slower.cpm().makespan > sc.cpm().makespan
        True
        """
        return Scenario._wrap(self._core.with_params(values))

    def to_pandas(self) -> pd.DataFrame:
        """The interventions as a pandas DataFrame."""
        from peaceplan import frames

        return frames.scenario_frame(self)

    def _repr_html_(self) -> str:
        """HTML view for Jupyter."""
        from peaceplan import frames

        return frames.scenario_html(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return bool(self._core == other._core)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (Scenario.from_json, (self.to_json(),))
