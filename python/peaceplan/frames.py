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

if TYPE_CHECKING:
    from peaceplan._core import CapacityResult, Office, Plan, Scenario

__all__ = [
    "DAYS_PER_MONTH",
    "DELAY_COLUMNS",
    "capacity_summary",
    "capacity_utilisation",
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
)
# Two times closer than this (months) are the same time: about 3 seconds.
_TIME_TOL = 1e-6

#: Columns of :func:`delays_frame`, in this order.
DELAY_COLUMNS = ("id", "name", "delay_months", "cause", "resource", "months", "explanation")

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
        ``source``.

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
        ``duration, late_start, late_finish, deadline, lateness, cost_usd, mode`` (times in months
        from the start, ``deadline`` NaN when there is none, ``mode`` the mode used: ``"base"``
        unless the intervention offers alternative modes), and, when the scenario has a
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
    >>> from peaceplan.frames import situations_frame
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
    >>> from peaceplan.frames import explain_delay
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


_SUMMARY_LABELS = {
    "arrived": "situations arrived (all draws)",
    "started": "situations with a team in place",
    "unstarted": "still waiting at the horizon",
    "p_wait": "P(wait > 0)",
    "p_wait_over_threshold": "P(wait > threshold)",
    "mean_wait": "mean wait (months)",
    "wait_p50": "P50 wait (months)",
    "wait_p80": "P80 wait (months)",
    "wait_p90": "P90 wait (months)",
    "mean_understaffed": "mean months under-staffed per situation",
    "share_understaffed": "share of engaged time under-staffed",
    "p_ever_understaffed": "P(ever under-staffed)",
    "surge_calls": "surge calls per run",
    "surge_cost_usd_per_year": "surge cost per year (US$)",
    "post_cost_usd_per_year": "cost of posts per year (US$)",
}


def capacity_summary(result: CapacityResult) -> pd.DataFrame:
    """Headline figures of a capacity run as a one-column table (``value``).

    Parameters
    ----------
    result : CapacityResult
        From :func:`peaceplan.capacity`.

    Returns
    -------
    pandas.DataFrame
        Index: readable labels (waits in months); then ``utilisation <section>`` rows.

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), draws=10)
    >>> "P90 wait (months)" in capacity_summary(r).index
    True
    """
    f = result.figures()
    rows = {label: f[key] for key, label in _SUMMARY_LABELS.items()}
    for section, u in f["utilisation"].items():
        rows[f"utilisation {section}"] = u
    df = pd.DataFrame({"value": pd.Series(rows, dtype=float)})
    df.index.name = (
        f"{f['draws']} draws x {f['years']:g} years, threshold {f['threshold_months']:g} mo"
    )
    return df


def capacity_utilisation(result: CapacityResult) -> pd.DataFrame:
    """Staff in use and on duty per section and time bin, in long format.

    Parameters
    ----------
    result : CapacityResult
        From :func:`peaceplan.capacity`.

    Returns
    -------
    pandas.DataFrame
        Columns ``section``, ``from_months``, ``busy_fte``, ``duty_fte``, ``utilisation``
        (NaN while nobody is on duty) and ``queue`` (new situations waiting, same for all
        sections).

    Examples
    --------
    >>> import peaceplan as pp
    >>> r = pp.capacity(pp.examples.pbso_office(), pp.Portfolio(4.5), draws=10)
    >>> df = capacity_utilisation(r)
    >>> sorted(df["section"].unique())[:2]
    ['best_practices', 'commission_support']
    """
    busy, duty = result.busy_fte, result.duty_fte
    starts = result.bin_starts
    frames = []
    for i, section in enumerate(result.sections):
        with np.errstate(invalid="ignore", divide="ignore"):
            util = np.where(duty[i] > 0, busy[i] / np.where(duty[i] > 0, duty[i], 1.0), np.nan)
        frames.append(
            pd.DataFrame(
                {
                    "section": section,
                    "from_months": starts,
                    "busy_fte": busy[i],
                    "duty_fte": duty[i],
                    "utilisation": util,
                    "queue": result.queue,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
