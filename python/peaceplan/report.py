"""A self-contained HTML report of one plan (Gantt chart, schedule, staff and money).

The page has no external resources: styles are inline and the figures are inline SVG, so it can
be mailed or attached to an options paper as one file.
"""

from __future__ import annotations

import html
import io
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from peaceplan import frames, plot
from peaceplan._core import __version__
from peaceplan.scenario import Scenario

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from peaceplan.office import Office
    from peaceplan.plan import Plan

__all__ = ["cost_table", "staff_table", "with_office_staff", "write_html_report"]

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em auto;
       max-width: 70em; padding: 0 1em; color: #222; line-height: 1.4; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin-top: 1.8em; }
table { border-collapse: collapse; font-size: .85em; }
th, td { padding: .25em .6em; border-bottom: 1px solid #ddd; text-align: right; }
th { background: #f4f4f4; } td:nth-child(-n+2), th:nth-child(-n+2) { text-align: left; }
.summary td, .summary th { text-align: left; border: none; padding: .1em .8em .1em 0; }
.note { font-size: .85em; color: #555; border-left: 3px solid #ccc; padding-left: .8em; }
figure { margin: 1em 0; overflow-x: auto; } svg { max-width: 100%; height: auto; }
"""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    text = buf.getvalue()
    # Inline SVG in HTML5 needs neither the XML declaration nor the DOCTYPE.
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def _office_capacity(office: Office | None, durations: str) -> dict[str, dict]:
    if office is None:
        return {}
    try:
        pools = office.pools(durations=durations)
    except ValueError:  # quantile durations: office lags take their own point; fall back to mode
        pools = office.pools()
    return {str(p["id"]): p for p in pools}


def with_office_staff(
    scenario: Scenario, office: Office, durations: str | float = "mode"
) -> Scenario:
    """A copy of a scenario whose staff pools are the office's posts as they come on line.

    Each pool with the id of an office section takes that section's capacity: a step function
    that rises as each unfilled post is recruited (``Office.pools``), instead of the scenario's
    own capacity. Pools the office does not have keep theirs; the scenario is left unchanged.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    office : Office
        The office whose sections supply the pools (matched by id).
    durations : str or float, default "mode"
        Point of the recruitment lags (``"mode"``, ``"mean"``, ``"min"``, ``"max"`` or a quantile
        in (0, 1)); use the same point as the schedule's durations.

    Returns
    -------
    Scenario
        The scenario with the office's capacity in the matching pools.

    Examples
    --------
    >>> import peaceplan as pp
    >>> from peaceplan.report import with_office_staff
    >>> sc = with_office_staff(pp.examples.postwar_country(), pp.examples.pbso_office())
    >>> [step["fte"] for step in sc.to_dict()["pools"][0]["capacity"]]  # posts come on line
    [3.0, 4.0, 7.0]
    >>> sc.schedule().makespan >= sc.cpm().makespan
    True
    """
    capacity = {str(p["id"]): p["capacity"] for p in office.pools(durations=durations)}
    data = scenario.to_dict()
    for pool in data.get("pools", []):
        steps = capacity.get(str(pool["id"]))
        if steps:
            pool["capacity"] = [dict(step) for step in steps]
    return Scenario.from_dict(data)


def staff_table(plan: Plan, office: Office | None = None) -> pd.DataFrame:
    """Peak staff demand per pool, beside the office's capacity in that pool when known.

    Parameters
    ----------
    plan : Plan
        The plan.
    office : Office, optional
        The office whose sections supply the pools (matched by id: the scenario pool ``planning``
        is the office section ``planning``). Its recruitment lags are taken at the plan's
        durations point.

    Returns
    -------
    pandas.DataFrame
        Columns ``pool``, ``peak_fte`` and, with an office, ``capacity_fte`` (FTE once every
        post of the section is on duty, NaN for pools the office does not have) and
        ``full_from_months`` (when that level is reached). For a plan made under staff and money
        limits (``Scenario.schedule``) a last column ``utilisation`` gives the share of the pool's
        available FTE-months used until the finish.

    Examples
    --------
    >>> import peaceplan as pp
    >>> from peaceplan.report import staff_table
    >>> plan = pp.examples.postwar_country().cpm()
    >>> table = staff_table(plan, pp.examples.pbso_office())
    >>> list(table.columns)
    ['pool', 'peak_fte', 'capacity_fte', 'full_from_months']
    >>> table["pool"].tolist() == plan.pool_ids
    True
    >>> list(staff_table(pp.examples.postwar_country().schedule()).columns)
    ['pool', 'peak_fte', 'utilisation']
    """
    peaks = plan.peak_staff()
    rows: dict[str, list] = {"pool": [], "peak_fte": []}
    capacity = _office_capacity(office, plan.durations)
    if office is not None:
        rows["capacity_fte"] = []
        rows["full_from_months"] = []
    for pool in plan.pool_ids:
        rows["pool"].append(pool)
        rows["peak_fte"].append(float(peaks.get(pool, np.nan)))
        if office is not None:
            steps = capacity.get(pool, {}).get("capacity", [])
            last = steps[-1] if steps else {}
            rows["capacity_fte"].append(float(last.get("fte", np.nan)))
            rows["full_from_months"].append(float(last.get("from_months", np.nan)))
    if plan.method != "cpm":
        use = plan.utilisation()
        rows["utilisation"] = [float(use.get(pool, np.nan)) for pool in plan.pool_ids]
    return pd.DataFrame(rows)


def cost_table(plan: Plan) -> pd.DataFrame:
    """Money pledged to and allocated from each funding source, with the unfunded remainder.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    pandas.DataFrame
        ``Plan.funding_table()`` (``source``, ``kind``, ``pledged_usd``, ``allocated_usd``) with a
        last row ``unfunded`` whose ``allocated_usd`` is ``Plan.unfunded_usd``: cost that no
        eligible source could cover.

    Examples
    --------
    >>> import peaceplan as pp
    >>> from peaceplan.report import cost_table
    >>> table = cost_table(pp.examples.postwar_country().cpm())
    >>> table["source"].iloc[-1]
    'unfunded'
    """
    table = pd.DataFrame(plan.funding_table())
    unfunded = pd.DataFrame(
        {"source": ["unfunded"], "kind": [""], "pledged_usd": [np.nan],
         "allocated_usd": [float(plan.unfunded_usd)]}
    )  # fmt: skip
    return pd.concat([table, unfunded], ignore_index=True)


def _money_columns(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in [c for c in out.columns if c.endswith("_usd")]:
        out[name] = out[name] / 1e6
        out = out.rename(columns={name: name.removesuffix("_usd") + " ($m)"})
    return out


def _table(frame: pd.DataFrame, float_format: str = "{:,.1f}") -> str:
    return frame.to_html(index=False, na_rep="–", float_format=float_format.format, border=0)


def _finish_text(plan: Plan) -> str:
    finish = f"month {plan.makespan:.1f}"
    if plan.start_date:
        date = frames.month_dates(plan.start_date, plan.makespan)
        finish += f" ({date:%d %B %Y}; month 0 = {plan.start_date})"
    return finish


def _summary(scenario: Scenario, plan: Plan, baseline: Plan | None) -> str:
    constrained = plan.method != "cpm"
    method = f"{plan.method.upper()}, {plan.durations} durations"
    if constrained:
        method += f", {plan.schedules_used:,} schedules generated"
    rows = [
        ("Scenario", scenario.name),
        ("Method", method),
        ("Finish", _finish_text(plan)),
    ]
    if constrained and baseline is not None:
        gap = plan.makespan - baseline.makespan
        rows.append(
            (
                "Critical-path finish",
                f"month {baseline.makespan:.1f} (no staff or money limits; {gap:+.1f} months here)",
            )
        )
    rows.append(("Critical path", " → ".join(plan.critical_path) or "–"))
    deadlines = frames.deadline_text(plan)
    if deadlines:
        rows.append(("Deadlines", deadlines))
    if constrained:
        delayed = sorted(set(plan.delay_table()["id"]))
        rows.append(("Held back", f"{len(delayed)} of {len(plan.ids)} interventions"))
        use = plan.utilisation()
        if use:
            rows.append(("Staff use", ", ".join(f"{k} {v:.0%}" for k, v in use.items())))
    rows.append(("Unfunded", f"${plan.unfunded_usd / 1e6:,.1f}m"))
    body = "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in rows)
    return f"<table class='summary'>{body}</table>"


_CPM_NOTE = """<p class="note">This plan is a critical-path (CPM) schedule: every duration and
cost is taken at one point of its distribution (<b>{durations}</b>), interventions start as early
as their links allow, and staff and money do not delay anything. Total float is how many months an
intervention may slip without moving the finish. Peak staff is the demand this schedule would place
on each pool, not what the office can supply. Costs are charged to each intervention's eligible
sources in order of preference, interventions in order of start, against the full amount pledged to
each source: when the pledges arrive, and whether they arrive at all, is ignored here. "Unfunded" is
what no eligible source could cover. A single point hides the spread of the outcomes; a Monte Carlo
simulation shows it.</p>"""

_CONSTRAINED_NOTE = """<p class="note">This plan respects the links between interventions
<i>and</i> what the office can do: an intervention starts only when its staff pool has the FTE free
and its funding sources hold the money for it. Every duration and pledge delay is taken at one point
of its distribution (<b>{durations}</b>), and every pledge is assumed to arrive. The orange bars in
the Gantt chart are the months an intervention waits beyond its critical-path start; the delay table
says what it waited for: a staff pool, a funding source, or a predecessor that was itself late. The
panels under the chart show the staff demanded from each pool against its capacity (which rises as
posts are recruited); the funding balance is the money left in each source, rising as pledges arrive
and falling as interventions commit their cost. Total float is measured within this plan. A single
point hides the spread of the outcomes; a Monte Carlo simulation shows it.</p>"""


def _delays_html(plan: Plan) -> str:
    delays = frames.delays_frame(plan)
    if delays.empty:
        return "<p>No intervention starts later than on its critical path.</p>"
    shown = delays[["id", "name", "delay_months", "explanation"]].copy()
    # One row per intervention: the causes in words, joined.
    grouped = (
        shown.groupby(["id", "name", "delay_months"], sort=False)["explanation"]
        .agg("; ".join)
        .reset_index()
    )
    grouped = grouped.rename(columns={"delay_months": "delay (months)", "explanation": "why"})
    return _table(grouped)


def _page(scenario: Scenario, plan: Plan, office: Office | None, baseline: Plan | None) -> str:
    constrained = plan.method != "cpm"
    schedule = frames.plan_frame(plan)
    schedule = schedule.drop(
        columns=[c for c in ("situation",) if not schedule[c].astype(bool).any()]
    )
    if "mode" in schedule.columns and (schedule["mode"] == "base").all():
        schedule = schedule.drop(columns="mode")
    schedule["critical"] = schedule["critical"].map({True: "●", False: ""})
    for name in ("start_date", "finish_date"):
        if name in schedule.columns:
            schedule[name] = schedule[name].dt.strftime("%Y-%m-%d")
    schedule = _money_columns(schedule)
    staff = staff_table(plan, office)
    costs = _money_columns(cost_table(plan))
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    description = f"<p>{_esc(scenario.description)}</p>" if scenario.description else ""
    office_note = (
        f"<p>Capacity: sections of <i>{_esc(office.name)}</i>, counting professional posts "
        "once recruited (recruitment lags at the same point as the durations).</p>"
        if office is not None
        else ""
    )
    gantt_title = "Gantt chart with staff load per pool" if constrained else "Gantt chart"
    extra = ""
    if constrained:
        extra = f"""<h2>Why interventions start later than on the critical path</h2>
{_delays_html(plan)}
<h2>Funding balance per source (US$ m)</h2>
<figure>{_svg(plot.plot_funding_balance(plan))}</figure>
"""
        situations = frames.situations_frame(plan)
        if not situations.empty:
            extra += f"<h2>Situations (months)</h2>\n{_table(situations)}\n"
    note = (_CONSTRAINED_NOTE if constrained else _CPM_NOTE).format(durations=_esc(plan.durations))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(scenario.name)}: plan</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{_esc(scenario.name)}</h1>
{description}
{_summary(scenario, plan, baseline)}
<h2>{gantt_title}</h2>
<figure>{_svg(plot.gantt(plan))}</figure>
{extra}<h2>Schedule (months from start)</h2>
{_table(schedule)}
<h2>Peak staff per pool (FTE)</h2>
{office_note}
{_table(staff, float_format="{:,.2f}")}
<h2>Cost by funding source</h2>
{_table(costs)}
<h2>How to read this</h2>
{note}
<p class="note">peaceplan {_esc(__version__)}, generated {generated}.</p>
</body>
</html>
"""


def write_html_report(
    path: str | os.PathLike[str],
    scenario: Scenario,
    plan: Plan,
    *,
    office: Office | None = None,
    baseline: Plan | None = None,
) -> Path:
    """Write a one-file HTML report of a plan.

    The page holds a summary (finish, critical path, unfunded cost), the Gantt chart as inline SVG,
    the schedule table, peak staff per pool (against the office's capacity when ``office`` is
    given), cost by funding source including the unfunded part, and a note on how to read the
    plan. For a plan made under staff and money limits (``Scenario.schedule``) the Gantt chart
    also shows the staff load on each pool, and the page adds the schedules generated, the staff
    use, the delay explanation per intervention and the funding balance of every source over
    time. The file is written atomically: a temporary file in the same folder is renamed over
    ``path``, so a reader never sees half a report.

    Parameters
    ----------
    path : str or os.PathLike
        Where to write; the folder must exist.
    scenario : Scenario
        The scenario the plan was made from (name and description).
    plan : Plan
        The plan, e.g. ``scenario.cpm()``.
    office : Office, optional
        The office, to compare peak staff with its capacity.
    baseline : Plan, optional
        The critical-path plan of the same scenario (``scenario.cpm()``), to state how much the
        staff and money limits move the finish.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import peaceplan as pp
    >>> from peaceplan.report import write_html_report
    >>> sc = pp.examples.postwar_country()
    >>> path = write_html_report("report.html", sc, sc.cpm(), office=pp.examples.pbso_office())
    >>> path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    >>> path = write_html_report("plan.html", sc, sc.schedule(), baseline=sc.cpm())
    >>> "Why interventions start later" in path.read_text(encoding="utf-8")
    True
    """
    target = Path(path)
    text = _page(scenario, plan, office, baseline)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
