"""pandas views and HTML summaries of peaceplan objects.

The compiled core returns plain columns (lists and numpy arrays); this module only reshapes them
into :class:`pandas.DataFrame` objects and formats them for Jupyter. Every number comes from the
core; nothing here computes a schedule, a float or a cost.

The ``to_pandas`` and ``_repr_html_`` methods of :class:`~peaceplan.Scenario`,
:class:`~peaceplan.Plan` and :class:`~peaceplan.Office` call the functions below.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

# Views of constrained plans live in their own module; re-exported here because the compiled core
# calls them as peaceplan.frames.<name>.
from peaceplan.schedule_frames import (
    DELAY_COLUMNS,
    delays_frame,
    explain_delay,
    funding_balance_frame,
    situations_frame,
    staff_profile_frame,
)

if TYPE_CHECKING:
    from peaceplan.office import Office
    from peaceplan.plan import Plan
    from peaceplan.scenario import Scenario

__all__ = [
    "DAYS_PER_MONTH",
    "DELAY_COLUMNS",
    "deadline_text",
    "delays_frame",
    "explain_delay",
    "funding_balance_frame",
    "month_dates",
    "office_frame",
    "office_html",
    "plan_frame",
    "plan_html",
    "scenario_frame",
    "scenario_html",
    "situations_frame",
    "staff_profile_frame",
]

#: Average month length in days (365.25 / 12), the same constant the core uses.
DAYS_PER_MONTH = 365.25 / 12

#: Leading columns of :func:`plan_frame`, in this order.
PLAN_COLUMNS = (
    "id",
    "name",
    "situation",
    "start",
    "finish",
    "total_float",
    "free_float",
    "critical",
)
#: Further columns of :func:`plan_frame`, after :data:`PLAN_COLUMNS`.
PLAN_MORE_COLUMNS = (
    "duration",
    "late_start",
    "late_finish",
    "deadline",
    "lateness",
    "cost_usd",
    "mode",
    "deadline_weight",
)

# Columns shown in the notebook view of a scenario (the frame itself has all of them).
_SCENARIO_HTML_COLUMNS = (
    "id",
    "name",
    "lead",
    "duration",
    "staff",
    "cost_mean_usd",
    "funding",
    "after",
)


def month_dates(start_date: str | None, months: Any) -> pd.Series | pd.Timestamp | None:
    """Calendar dates of times given in months from ``start_date``.

    A month is 365.25 / 12 days; the result is truncated to the day (midnight). ``NaN`` months give
    ``NaT``. This is a unit conversion for display, not a calendar computation: the core works in
    months throughout.

    Parameters
    ----------
    start_date : str or None
        Calendar date of month 0 as ``YYYY-MM-DD`` (``Scenario.start_date``/``Plan.start_date``).
    months : float or array-like of float
        Times in months from the start.

    Returns
    -------
    pandas.Timestamp, pandas.Series of datetime64 or None
        A Timestamp for a scalar, a Series for an array, ``None`` when ``start_date`` is ``None``.

    Examples
    --------
    >>> from peaceplan.frames import month_dates
    >>> month_dates("2024-01-01", 4.0)
    Timestamp('2024-05-01 00:00:00')
    >>> month_dates(None, 4.0) is None
    True
    """
    if start_date is None:
        return None
    origin = pd.Timestamp(start_date)
    scalar = np.ndim(months) == 0
    values = np.atleast_1d(np.asarray(months, dtype=float))
    # A tiny tolerance so that e.g. 12 months * 30.4375 = 365.25 days lands on the right day even
    # after floating-point noise in the core's arithmetic.
    days = np.floor(values * DAYS_PER_MONTH + 1e-6)
    dates = pd.Series(origin + pd.to_timedelta(days, unit="D"))
    if scalar:
        return dates.iloc[0]
    return dates


def _frame(
    columns: Mapping[str, Sequence[Any]], order: Sequence[str] | None = None
) -> pd.DataFrame:
    frame = pd.DataFrame(dict(columns))
    if order:
        first = [c for c in order if c in frame.columns]
        frame = frame[first + [c for c in frame.columns if c not in first]]
    return frame


def scenario_frame(sc: Scenario) -> pd.DataFrame:
    """The interventions of a scenario, one row each.

    Parameters
    ----------
    sc : Scenario
        The scenario.

    Returns
    -------
    pandas.DataFrame
        The columns of ``Scenario.interventions_table()``: ``id``, ``name``, ``lead``, ``category``,
        ``situation``, ``duration`` (the distribution as text), ``duration_min``, ``duration_mode``,
        ``duration_mean``, ``duration_max``, ``staff_fte``, ``staff``, ``cost_mode_usd``,
        ``cost_mean_usd``, ``funding``, ``after``, ``not_before_months``, ``deadline_months``,
        ``deadline_weight``, ``source``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> df = pp.examples.postwar_country().to_pandas()  # calls scenario_frame
    >>> df.loc[df["id"] == "dd", "duration"].item()
    'pert(8, 11, 48)'
    """
    return _frame(sc.interventions_table(), order=("id", "name"))


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


_CSS = (
    "<style>"
    ".peaceplan-header{margin:0 0 .5em 0;line-height:1.5}"
    ".peaceplan-header b{font-weight:600}"
    ".peaceplan-issues{color:#a11}"
    "</style>"
)


def _money_m(value: float) -> str:
    if not np.isfinite(value):
        return "–"
    return f"${value / 1e6:,.1f}m"


def _table_html(frame: pd.DataFrame, *, float_format: str = "{:,.1f}") -> str:
    return frame.to_html(
        index=False,
        na_rep="",
        float_format=float_format.format,
        classes="peaceplan-table",
        border=0,
    )


def scenario_html(sc: Scenario) -> str:
    """HTML summary of a scenario for Jupyter: name, counts, problems, and the interventions.

    Parameters
    ----------
    sc : Scenario
        The scenario.

    Returns
    -------
    str
        An HTML fragment.

    Examples
    --------
    >>> import peaceplan as pp
    >>> from peaceplan.frames import scenario_html
    >>> "Disarmament" in scenario_html(pp.examples.postwar_country())
    True
    """
    lines = [f"<b>Scenario</b> {_esc(sc.name)}"]
    if sc.description:
        lines.append(f"<i>{_esc(sc.description)}</i>")
    counts = (
        f"{len(sc.intervention_ids)} interventions, {len(sc.pool_ids)} staff pools, "
        f"{len(sc.source_ids)} funding sources"
    )
    if sc.start_date:
        counts += f"; month 0 = {_esc(sc.start_date)}"
    lines.append(counts)
    issues = sc.issues()
    if issues:
        items = "".join(
            f"<li><code>{_esc(i.get('path', ''))}</code>: {_esc(i.get('message', ''))}</li>"
            for i in issues
        )
        lines.append(
            f"<span class='peaceplan-issues'><b>{len(issues)} problem"
            f"{'s' if len(issues) != 1 else ''}</b> (call <code>validate()</code>):"
            f"<ul>{items}</ul></span>"
        )
    frame = scenario_frame(sc)
    shown = frame[[c for c in _SCENARIO_HTML_COLUMNS if c in frame.columns]].copy()
    if "cost_mean_usd" in shown.columns:
        shown["cost_mean_usd"] = shown["cost_mean_usd"].map(_money_m)
        shown = shown.rename(columns={"cost_mean_usd": "mean cost"})
    header = "<div class='peaceplan-header'>" + "<br>".join(lines) + "</div>"
    return f"<div class='peaceplan'>{_CSS}{header}{_table_html(shown)}</div>"


def plan_frame(plan: Plan) -> pd.DataFrame:
    """The schedule of a plan, one row per intervention.

    Parameters
    ----------
    plan : Plan
        A plan, e.g. from ``Scenario.cpm()``.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, name, situation, start, finish, total_float, free_float, critical``, then
        ``duration, late_start, late_finish, deadline, lateness, cost_usd, mode, deadline_weight``
        (times in months from the start, ``deadline`` NaN when there is none, ``mode`` the mode
        used: ``"base"`` unless the intervention offers alternative modes, ``deadline_weight``
        the weight of the deadline in ``plan.weighted_tardiness``), and, when the scenario has a
        ``start_date``, ``start_date`` and ``finish_date`` as calendar days (a month is
        365.25 / 12 days).

    Examples
    --------
    >>> import peaceplan as pp
    >>> plan = pp.examples.postwar_country().cpm()
    >>> df = plan.to_pandas()  # calls plan_frame
    >>> list(df.columns[:8])
    ['id', 'name', 'situation', 'start', 'finish', 'total_float', 'free_float', 'critical']
    >>> df.loc[df["critical"], "id"].tolist() == plan.critical_path
    True
    >>> df["mode"].unique().tolist()
    ['base']
    """
    cols = plan.columns()
    order = PLAN_COLUMNS + PLAN_MORE_COLUMNS
    frame = pd.DataFrame({name: cols[name] for name in order if name in cols})
    extra = [name for name in cols if name not in order]
    for name in extra:
        frame[name] = cols[name]
    if "critical" in frame.columns:
        frame["critical"] = frame["critical"].astype(bool)
    if plan.start_date:
        frame["start_date"] = month_dates(plan.start_date, frame["start"].to_numpy())
        frame["finish_date"] = month_dates(plan.start_date, frame["finish"].to_numpy())
    return frame


def deadline_text(plan: Plan) -> str | None:
    """How a plan meets its deadlines, in one line (None when no intervention has one).

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    str or None
        ``"<missed> of <count> missed, weighted tardiness <months> months"``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> from peaceplan.frames import deadline_text
    >>> deadline_text(pp.examples.political_transition().cpm())
    '1 of 1 missed, weighted tardiness 18.0 months'
    >>> deadline_text(pp.examples.postwar_country().cpm()) is None
    True
    """
    cols = plan.columns()
    deadline = np.asarray(cols["deadline"], dtype=float)
    has = np.isfinite(deadline)
    if not has.any():
        return None
    missed = int((np.asarray(cols["lateness"], dtype=float)[has] > 1e-9).sum())
    return (
        f"{missed} of {int(has.sum())} missed, weighted tardiness "
        f"{plan.weighted_tardiness:.1f} months"
    )


def _plan_header(plan: Plan) -> list[str]:
    finish = f"{plan.makespan:.1f} months"
    if plan.start_date:
        date = month_dates(plan.start_date, plan.makespan)
        finish += f" ({date:%d %b %Y}; month 0 = {_esc(plan.start_date)})"
    path = " → ".join(plan.critical_path) or "–"
    method = f"method {_esc(plan.method)}"
    if plan.method != "cpm":
        used = plan.schedules_used
        method += f" ({used:,} schedule{'s' if used != 1 else ''})"
    lines = [
        f"<b>Plan</b> {_esc(plan.scenario_name)}",
        f"{method}, {_esc(plan.durations)} durations",
        f"<b>finish</b> {_esc(finish)}",
        f"<b>critical path</b> {_esc(path)}",
    ]
    deadlines = deadline_text(plan)
    if deadlines:
        lines.append(f"<b>deadlines</b> {_esc(deadlines)}")
    if plan.method != "cpm":
        use = plan.utilisation()
        if use:
            shares = ", ".join(f"{_esc(pool)} {share:.0%}" for pool, share in use.items())
            lines.append(f"<b>staff use</b> {shares} (share of available FTE-months)")
        delayed = len(set(plan.delay_table()["id"]))
        lines.append(
            f"{delayed} intervention{'s' if delayed != 1 else ''} held back by staff, money or a "
            "late predecessor (see <code>delays()</code>)"
        )
    return lines


def plan_html(plan: Plan) -> str:
    """HTML summary of a plan for Jupyter: scenario, method, finish, critical path, and the table.

    For a plan under staff and money limits (``Scenario.schedule``) the header also gives the
    schedules generated, the share of each pool's available FTE-months used, and how many
    interventions were held back.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    str
        An HTML fragment; times in months (one decimal), cost in US$ millions.

    Examples
    --------
    >>> import peaceplan as pp
    >>> from peaceplan.frames import plan_html
    >>> plan = pp.examples.postwar_country().cpm()
    >>> " → ".join(plan.critical_path) in plan_html(plan)
    True
    >>> "staff use" in plan_html(pp.examples.postwar_country().schedule())
    True
    """
    frame = plan_frame(plan)
    shown = frame.copy()
    if "cost_usd" in shown.columns:
        shown["cost_usd"] = shown["cost_usd"].map(_money_m)
        shown = shown.rename(columns={"cost_usd": "cost"})
    if "critical" in shown.columns:
        shown["critical"] = shown["critical"].map({True: "●", False: ""})
    for name in ("start_date", "finish_date"):
        if name in shown.columns:
            shown[name] = shown[name].dt.strftime("%Y-%m-%d")
    if "situation" in shown.columns and not shown["situation"].astype(bool).any():
        shown = shown.drop(columns="situation")
    if "mode" in shown.columns and (shown["mode"] == "base").all():
        shown = shown.drop(columns="mode")
    header = "<div class='peaceplan-header'>" + "<br>".join(_plan_header(plan)) + "</div>"
    return f"<div class='peaceplan'>{_CSS}{header}{_table_html(shown)}</div>"


def office_frame(office: Office) -> pd.DataFrame:
    """The posts of an office, one row per post line.

    Parameters
    ----------
    office : Office
        The office.

    Returns
    -------
    pandas.DataFrame
        Columns ``section``, ``section_name``, ``grade``, ``count``, ``channel`` (recruitment
        channel), ``filled`` and ``professional``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> df = pp.examples.pbso_office().to_pandas()  # calls office_frame
    >>> int(df.loc[df["professional"], "count"].sum())
    16
    """
    return _frame(office.posts_table(), order=("section", "section_name", "grade", "count"))


def office_html(office: Office) -> str:
    """HTML summary of an office for Jupyter: name, post counts, and the posts.

    Parameters
    ----------
    office : Office
        The office.

    Returns
    -------
    str
        An HTML fragment.

    Examples
    --------
    >>> import peaceplan as pp
    >>> from peaceplan.frames import office_html
    >>> "16 professional posts" in office_html(pp.examples.pbso_office())
    True
    """
    professional = office.post_count(professional_only=True)
    total = office.post_count(professional_only=False)
    lines = [f"<b>Office</b> {_esc(office.name)}"]
    if office.description:
        lines.append(f"<i>{_esc(office.description)}</i>")
    lines.append(f"{professional} professional posts, {total} posts in all")
    header = "<div class='peaceplan-header'>" + "<br>".join(lines) + "</div>"
    return f"<div class='peaceplan'>{_CSS}{header}{_table_html(office_frame(office))}</div>"
