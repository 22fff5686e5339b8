"""Progress assessment: record actuals at a status date, re-plan and re-simulate from it, and
compare with the baseline.

The actuals live in the scenario (``status_months`` and ``[[progress]]`` records, see
``docs/scenario-format.md``); every engine plans from the status date: what is done stays done
(actual start and duration), what is running keeps its actual start and takes the time elapsed
plus its remaining duration, everything else is re-sequenced and starts no earlier than the
status date. Only what remains is sampled by ``Scenario.simulate``.

Examples
--------
>>> import peaceplan as pp
>>> sc = pp.examples.postwar_country()
>>> now = sc.with_progress({"pa": {"started": 0, "finished": 0},
...                         "ps": {"started": 0, "remaining_months": 2}}, status_date=3)
>>> plan = now.cpm()
>>> float(plan.start[list(plan.ids).index("ps")])
0.0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from peaceplan import _core
from peaceplan._tables_read import SheetReader
from peaceplan.errors import ArgumentError, ValidationError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from peaceplan.scenario import Scenario
    from peaceplan.simulation import Simulation

__all__ = ["assess", "plot_assessment", "with_progress"]

_KEYS = {"started", "finished", "remaining_months", "source"}


def _months(reader: SheetReader, what: str, value: Any) -> float | None:
    if isinstance(value, Mapping):
        raise ArgumentError(f"{what}: expected months or a date, got a mapping")
    return reader.months("progress", None, what, value)


def with_progress(
    scenario: Scenario, progress: Mapping[str, Mapping[str, Any]], status_date: Any
) -> Scenario:
    """A copy of ``scenario`` with actuals recorded at ``status_date``.

    Parameters
    ----------
    scenario : Scenario
    progress : mapping
        ``{id: {"started": t, "finished": t}}`` for finished work, ``{id: {"started": t,
        "remaining_months": d}}`` for running work (``d`` a number or a distribution in the file
        syntax, e.g. ``{"pert": [2, 3, 6]}``; without it the original estimate stands, at least
        the time elapsed). Times are months from month 0 or calendar dates (with the scenario's
        ``start_date``). Interventions not listed have not started. Replaces earlier records.
    status_date : float or date
        The status date (months or a calendar date).

    Returns
    -------
    Scenario

    Raises
    ------
    ValidationError
        Impossible progress, every problem at once: unknown ids, finished before started, dates
        after the status date or before the start, started before a predecessor finished (or
        started, for an SS link) without a lead allowing it.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.postwar_country()
    >>> try:
    ...     sc.with_progress({"pa": {"started": 2, "finished": 1}}, status_date=3)
    ... except pp.ValidationError as e:
    ...     print(e.errors()[0]["message"])
    `pa` finished at month 1, before it started (2)
    """
    from peaceplan.scenario import Scenario

    reader = SheetReader(scenario.start_date)
    status = _months(reader, "status_date", status_date)
    records = []
    for iid, rec in progress.items():
        unknown = set(rec) - _KEYS
        if unknown:
            raise ArgumentError(
                f"progress[{iid!r}]: unknown keys {sorted(unknown)}; use {sorted(_KEYS)}"
            )
        if "started" not in rec:
            raise ArgumentError(f"progress[{iid!r}]: 'started' is required")
        out: dict[str, Any] = {"id": str(iid)}
        out["started_months"] = _months(reader, f"{iid}.started", rec["started"])
        if rec.get("finished") is not None:
            out["finished_months"] = _months(reader, f"{iid}.finished", rec["finished"])
        if rec.get("remaining_months") is not None:
            out["remaining_months"] = rec["remaining_months"]
        if rec.get("source"):
            out["source"] = str(rec["source"])
        records.append(out)
    if reader.problems:
        raise ValidationError(
            "; ".join(f"{p['column']}: {p['message']}" for p in reader.problems),
            reader.problems,
        )
    for r in records:
        if r["started_months"] is None:  # pragma: no cover - reported above
            r["started_months"] = float("nan")
    doc = scenario.to_dict()
    doc["status_months"] = status
    doc["progress"] = records
    updated = Scenario.from_dict(doc)
    updated.validate()
    return updated


def _milestone_rows(sim: Simulation, ids: list[str]) -> dict[str, np.ndarray]:
    out = {"project finish": np.asarray(sim.finish, dtype=float)}
    for sit in sim.situation_ids:
        out[f"{sit} (situation)"] = np.asarray(sim.columns[f"finish:{sit}"], dtype=float)
    if "finish_matrix" in sim.columns:
        for m in ids:
            out[m] = np.asarray(sim.finish_of(m), dtype=float)
    return out


def _c(v: object) -> np.ndarray:
    return np.ascontiguousarray(v, dtype=float)


def assess(
    baseline: Scenario, current: Scenario, draws: int = 2000, seed: int = 0, **simulate: Any
) -> pd.DataFrame:  # the simulations: pp.compare(..., return_simulations=True)
    """Re-forecast against the baseline: slip per milestone, change in P80 finish, relapse risk
    and funding gap, both scenarios simulated with the same seed.

    Parameters
    ----------
    baseline : Scenario
        The plan as agreed (no progress, or an earlier status).
    current : Scenario
        The same scenario with progress recorded (:func:`with_progress`).
    draws, seed, **simulate
        As for ``Scenario.simulate``.

    Returns
    -------
    pandas.DataFrame
        One row per milestone (project, situations, zero-duration interventions) with
        ``baseline_p50``, ``current_p50``, ``slip_p50``, ``baseline_p80``, ``current_p80``,
        ``slip_p80`` (months), then rows ``relapse risk 10y`` and ``largest funding gap P80
        (US$)`` with the same columns (the slip being the change). The P-values and slips are
        computed in the core with its one quantile rule (``docs/statistics.md``): the same
        figures as ``sim.summary()`` and ``pp.compare`` for the same draws.

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.postwar_country()
    >>> now = sc.with_progress({"pa": {"started": 0, "finished": 0},
    ...                         "ps": {"started": 0, "remaining_months": 4}}, status_date=3)
    >>> table = pp.progress.assess(sc, now, draws=200, seed=1)
    >>> table.columns.tolist()[:3]
    ['baseline_p50', 'current_p50', 'slip_p50']
    """
    from peaceplan.options import milestones

    sims = {
        "baseline": baseline.simulate(draws=draws, seed=seed, **simulate),
        "current": current.simulate(draws=draws, seed=seed, **simulate),
    }
    ids = milestones(baseline)
    rows = {k: _milestone_rows(s, ids) for k, s in sims.items()}
    table = []
    for name in rows["baseline"]:
        b, c = rows["baseline"][name], rows["current"].get(name)
        if c is None:
            continue
        rec: dict[str, Any] = {"milestone": name}
        for q, label in ((0.5, "p50"), (0.8, "p80")):
            slip = _core._stats_slip(_c(b), _c(c), q)
            rec[f"baseline_{label}"], rec[f"current_{label}"], rec[f"slip_{label}"] = slip
        table.append(rec)
    for name, col, fn in (
        ("relapse risk 10y", "relapse_10y", _core._stats_mean),
        ("largest funding gap P80 (US$)", "funding_gap", lambda v: _core._stats_quantile(v, 0.8)),
    ):
        b, c = (float(fn(_c(s.columns[col]))) for s in sims.values())
        table.append(
            {
                "milestone": name,
                "baseline_p50": b,
                "current_p50": c,
                "slip_p50": c - b,
                "baseline_p80": b,
                "current_p80": c,
                "slip_p80": c - b,
            }
        )
    out = pd.DataFrame(table).set_index("milestone")
    return out


def plot_assessment(table: pd.DataFrame, top: int = 15) -> Figure:
    """Slip per milestone: P50 and P80 change of the finish against the baseline (months).

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.examples.postwar_country()
    >>> now = sc.with_progress({"pa": {"started": 0, "finished": 1}}, status_date=2)
    >>> fig = pp.progress.plot_assessment(pp.progress.assess(sc, now, draws=100))
    """
    from matplotlib.figure import Figure

    rows = table[~table.index.str.contains("relapse|gap")].head(top).iloc[::-1]
    fig = Figure(figsize=(8, 0.4 * len(rows) + 1.5))
    ax = fig.add_subplot()
    y = np.arange(len(rows))
    ax.barh(y - 0.2, rows["slip_p50"], height=0.4, label="slip P50", color="#4c72b0")
    ax.barh(y + 0.2, rows["slip_p80"], height=0.4, label="slip P80", color="#c44e52")
    ax.set_yticks(y, rows.index)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel("months later than the baseline (negative: earlier)")
    ax.set_title("Re-forecast against the baseline")
    ax.legend(loc="lower right", fontsize="small")
    ax.grid(axis="x", alpha=0.3)
    return fig
