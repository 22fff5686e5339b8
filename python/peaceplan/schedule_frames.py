"""pandas views of a plan made under staff and money limits.

Staff demand against capacity, funding balances, situation finishes and the reasons for delays,
reshaped from the compiled core's columns. Every number comes from the core. The ``Plan`` methods
``staff_profile``, ``funding_balance`` and ``delays`` call the functions below (through their
re-export in :mod:`peaceplan.frames`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from peaceplan.plan import Plan

__all__ = [
    "DELAY_COLUMNS",
    "delays_frame",
    "explain_delay",
    "funding_balance_frame",
    "situations_frame",
    "staff_profile_frame",
]

# Two times closer than this (months) are the same time: about 3 seconds.
_TIME_TOL = 1e-6

#: Columns of :func:`delays_frame`, in this order.
DELAY_COLUMNS = ("id", "name", "delay_months", "cause", "resource", "months", "explanation")


def _step_values(times: np.ndarray, levels: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Values of a step function (``levels[k]`` from ``times[k]`` on, 0 before) at ``at``."""
    if times.size == 0:
        return np.zeros(at.shape)
    # A breakpoint that differs from ``at`` by rounding noise counts as reached.
    k = np.searchsorted(times, at + _TIME_TOL, side="right") - 1
    return np.where(k >= 0, levels[np.clip(k, 0, None)], 0.0)


def staff_profile_frame(plan: Plan, pool: str) -> pd.DataFrame:
    """Staff demand of a plan on one pool against the pool's capacity, as step functions.

    The breakpoints of demand and capacity are merged, so each row is an interval over which
    both are constant.

    Parameters
    ----------
    plan : Plan
        The plan.
    pool : str
        Pool id (one of ``plan.pool_ids``).

    Returns
    -------
    pandas.DataFrame
        One row per step: ``from_months``, ``to_months`` (``inf`` for the last step), ``fte``,
        the FTE demanded from ``from_months`` until ``to_months``, and ``capacity_fte``, the FTE
        the pool has over that interval (0 before its first step: posts not yet filled). A plan
        made by ``Scenario.schedule`` never demands more than the capacity; a critical-path plan
        (``Scenario.cpm``) ignores it and may.

    Examples
    --------
    >>> import peaceplan as pp
    >>> plan = pp.examples.postwar_country().cpm()
    >>> prof = plan.staff_profile("planning")  # calls staff_profile_frame
    >>> list(prof.columns)
    ['from_months', 'to_months', 'fte', 'capacity_fte']
    >>> bool(prof["fte"].max() == plan.peak_staff()["planning"])
    True
    >>> prof["capacity_fte"].unique().tolist()
    [7.0]
    """
    times, levels = (np.asarray(a, dtype=float) for a in plan.staff_steps(pool))
    cap_times, cap_levels = (np.asarray(a, dtype=float) for a in plan.capacity_steps(pool))
    merged = np.unique(np.concatenate([times, cap_times]))
    if merged.size:
        # Breakpoints closer than the tolerance are one breakpoint (the same date computed twice).
        keep = np.concatenate([[True], np.diff(merged) > _TIME_TOL])
        merged = merged[keep]
    fte = _step_values(times, levels, merged) + 0.0  # + 0.0 shows a -0.0 from the core as 0.0
    capacity = _step_values(cap_times, cap_levels, merged) + 0.0
    ends = np.append(merged[1:], np.inf) if merged.size else merged
    return pd.DataFrame(
        {"from_months": merged, "to_months": ends, "fte": fte, "capacity_fte": capacity}
    )


def funding_balance_frame(plan: Plan, source: str) -> pd.DataFrame:
    """Money available in one funding source over time.

    The balance rises when a pledge arrives and falls when an intervention commits its cost
    (all at its start, or evenly over its duration for ``cost_timing = "spread"``). Between two
    rows it changes linearly; a jump appears as two rows at the same month.

    Parameters
    ----------
    plan : Plan
        The plan.
    source : str
        Source id (one of ``plan.source_ids``).

    Returns
    -------
    pandas.DataFrame
        Columns ``months`` (breakpoints, ascending) and ``balance_usd`` (US$ in the source at
        that time). A plan made by ``Scenario.schedule`` keeps every balance at or above 0; a
        critical-path plan (``Scenario.cpm``) ignores when the pledges arrive, so its balance
        can go negative: money spent before it is there.

    Examples
    --------
    >>> import peaceplan as pp
    >>> plan = pp.examples.postwar_country().schedule()
    >>> bal = plan.funding_balance("pbf")  # calls funding_balance_frame
    >>> list(bal.columns)
    ['months', 'balance_usd']
    >>> bool(bal["balance_usd"].min() >= -1e-6)
    True
    """
    times, values = (np.asarray(a, dtype=float) for a in plan.balance_steps(source))
    return pd.DataFrame({"months": times, "balance_usd": values + 0.0})


def situations_frame(plan: Plan) -> pd.DataFrame:
    """Finish of each situation of a plan against its unconstrained critical path.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    pandas.DataFrame
        One row per situation: ``id``, ``finish`` (months), ``cpm_finish`` (the same without
        staff or money limits) and ``delay`` (``finish - cpm_finish``). No rows when the scenario
        has no situations.

    Examples
    --------
    >>> import peaceplan as pp
    >>> from peaceplan.schedule_frames import situations_frame
    >>> list(situations_frame(pp.examples.postwar_country().schedule()).columns)
    ['id', 'finish', 'cpm_finish', 'delay']
    """
    table = plan.situation_table()
    frame = pd.DataFrame(
        {
            "id": pd.Series(table["id"], dtype=object),
            "finish": pd.Series(table["finish"], dtype=float),
            "cpm_finish": pd.Series(table["cpm_finish"], dtype=float),
            "delay": pd.Series(table["delay"], dtype=float),
        }
    )
    return frame


def _months_text(months: float) -> str:
    text = f"{months:.1f}"
    return f"{text} month" if text == "1.0" else f"{text} months"


def explain_delay(cause: str, resource: str, months: float) -> str:
    """One plain-language sentence for one cause of a delay (a row of ``Plan.delay_table()``).

    Parameters
    ----------
    cause : str
        ``"pool"``, ``"source"``, ``"link"``, ``"release"`` or ``"situation"``.
    resource : str
        The pool, source, predecessor or situation id.
    months : float
        Months of delay due to this cause.

    Returns
    -------
    str

    Examples
    --------
    >>> from peaceplan.schedule_frames import explain_delay
    >>> explain_delay("source", "voluntary", 3.5)
    'held back 3.5 months by source `voluntary` (waiting for money)'
    >>> explain_delay("link", "pk", 2.0)
    'held back 2.0 months by predecessor `pk` (itself late)'
    """
    span = _months_text(months)
    if cause == "pool":
        return f"held back {span} by pool `{resource}` (no free staff)"
    if cause == "source":
        return f"held back {span} by source `{resource}` (waiting for money)"
    if cause == "link":
        return f"held back {span} by predecessor `{resource}` (itself late)"
    if cause == "release":
        return f"held back {span} by its release date (not before)"
    if cause == "situation":
        return f"held back {span} until situation `{resource}` arrives"
    return f"held back {span} by {cause} `{resource}`"


def delays_frame(plan: Plan) -> pd.DataFrame:
    """Why interventions start later than on the unconstrained critical path.

    An intervention is *delayed* when it starts later than its critical-path early start with the
    same durations (``Scenario.cpm``). Each delay is split into causes: a staff pool with too few
    free FTE, a funding source with too little money, or a predecessor that was itself late
    (a link). The ``months`` of one intervention's causes add up to its ``delay_months``.

    Parameters
    ----------
    plan : Plan
        The plan, typically from ``Scenario.schedule``.

    Returns
    -------
    pandas.DataFrame
        One row per delayed intervention and cause, the longest delays first (ties by id):
        ``id``, ``name``, ``delay_months`` (the intervention's whole delay), ``cause`` (``"pool"``,
        ``"source"``, ``"link"``, ...), ``resource`` (the pool, source or predecessor id),
        ``months`` (this cause's share) and ``explanation`` (the row in words). No rows, with the
        same columns, when nothing is delayed (always so for a critical-path plan).

    Examples
    --------
    >>> import peaceplan as pp
    >>> sc = pp.Scenario.from_dict({
    ...     "schema": 1, "name": "two jobs, one post",
    ...     "pools": [{"id": "desk", "capacity": 1}],
    ...     "interventions": [
    ...         {"id": "a", "duration_months": 3, "staff": {"desk": 1}},
    ...         {"id": "b", "duration_months": 2, "staff": {"desk": 1}},
    ...     ],
    ... })
    >>> df = sc.schedule().delays()  # calls delays_frame
    >>> df[["id", "delay_months", "cause", "resource"]].to_dict("records")
    [{'id': 'b', 'delay_months': 3.0, 'cause': 'pool', 'resource': 'desk'}]
    >>> df["explanation"].item()
    'held back 3.0 months by pool `desk` (no free staff)'
    >>> sc.cpm().delays().empty
    True
    """
    table = plan.delay_table()
    cols = plan.columns()
    names = dict(zip(cols["id"], cols["name"], strict=True))
    ids = [str(i) for i in table["id"]]
    frame = pd.DataFrame(
        {
            "id": pd.Series(ids, dtype=object),
            "name": pd.Series([str(names.get(i, "")) for i in ids], dtype=object),
            "delay_months": pd.Series(table["delay_months"], dtype=float),
            "cause": pd.Series(table["cause"], dtype=object),
            "resource": pd.Series(table["resource"], dtype=object),
            "months": pd.Series(table["months"], dtype=float),
        }
    )
    frame["explanation"] = pd.Series(
        [
            explain_delay(str(c), str(r), float(m))
            for c, r, m in zip(frame["cause"], frame["resource"], frame["months"], strict=True)
        ],
        dtype=object,
    )
    # Longest delay first, ties by id; the causes of one intervention keep the core's order.
    frame = frame.sort_values(
        ["delay_months", "id"], ascending=[False, True], kind="stable", ignore_index=True
    )
    return frame[list(DELAY_COLUMNS)]
